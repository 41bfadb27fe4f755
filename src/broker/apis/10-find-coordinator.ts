/*
 * FindCoordinator (key 10), versions 0-2.
 *
 * Request:
 *   key       string  (group id or transactional id)
 *   key_type  int8    (v1+; 0 = group, 1 = transaction)
 *
 * Response:
 *   throttle_time_ms  int32            (v1+)
 *   error_code        int16
 *   error_message     nullable string  (v1+)
 *   node_id           int32
 *   host              string
 *   port              int32
 *
 * This broker coordinates every group and transaction.
 */
import { NODE_ID } from '../broker.ts';
import { defineApi } from '../protocol/api.ts';
import { from } from '../protocol/schema.ts';

export const findCoordinator = defineApi<{ key: string; key_type: number }, unknown>({
  key: 10,
  name: 'FindCoordinator',
  minVersion: 0,
  maxVersion: 2,
  request: [
    { name: 'key', type: 'string' },
    { name: 'key_type', type: 'int8', versions: from(1) },
  ],
  response: [
    { name: 'throttle_time_ms', type: 'int32', versions: from(1) },
    { name: 'error_code', type: 'int16' },
    { name: 'error_message', type: 'nullableString', versions: from(1) },
    { name: 'node_id', type: 'int32' },
    { name: 'host', type: 'string' },
    { name: 'port', type: 'int32' },
  ],
  handle: (_req, ctx) => ({
    throttle_time_ms: 0,
    error_code: 0,
    error_message: null,
    node_id: NODE_ID,
    host: ctx.broker.host,
    port: ctx.broker.port,
  }),
});
