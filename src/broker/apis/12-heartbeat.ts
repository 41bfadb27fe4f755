/*
 * Heartbeat (key 12), versions 0-3.
 *
 * Request:
 *   group_id           string
 *   generation_id      int32
 *   member_id          string
 *   group_instance_id  nullable string  (v3+)
 *
 * Response:
 *   throttle_time_ms  int32  (v1+)
 *   error_code        int16  (REBALANCE_IN_PROGRESS tells the member to rejoin)
 */
import { defineApi } from '../protocol/api.ts';
import { from } from '../protocol/schema.ts';

interface HeartbeatRequest {
  group_id: string;
  generation_id: number;
  member_id: string;
}

export const heartbeat = defineApi<HeartbeatRequest, unknown>({
  key: 12,
  name: 'Heartbeat',
  minVersion: 0,
  maxVersion: 3,
  request: [
    { name: 'group_id', type: 'string' },
    { name: 'generation_id', type: 'int32' },
    { name: 'member_id', type: 'string' },
    { name: 'group_instance_id', type: 'nullableString', versions: from(3) },
  ],
  response: [
    { name: 'throttle_time_ms', type: 'int32', versions: from(1) },
    { name: 'error_code', type: 'int16' },
  ],
  handle: (req, ctx) => ({
    throttle_time_ms: 0,
    error_code: ctx.broker.groups.heartbeat(req.group_id, req.generation_id, req.member_id),
  }),
});
