/*
 * AddOffsetsToTxn (key 25), versions 0-1.
 *
 * Request:
 *   transactional_id  string
 *   producer_id       int64
 *   producer_epoch    int16
 *   group_id          string
 *
 * Response:
 *   throttle_time_ms  int32
 *   error_code        int16
 *
 * Registers the group so that TxnOffsetCommit offsets become visible when the transaction commits.
 */
import { defineApi } from '../protocol/api.ts';

interface AddOffsetsRequest {
  transactional_id: string;
  producer_id: number;
  producer_epoch: number;
  group_id: string;
}

export const addOffsetsToTxn = defineApi<AddOffsetsRequest, unknown>({
  key: 25,
  name: 'AddOffsetsToTxn',
  minVersion: 0,
  maxVersion: 1,
  request: [
    { name: 'transactional_id', type: 'string' },
    { name: 'producer_id', type: 'int64' },
    { name: 'producer_epoch', type: 'int16' },
    { name: 'group_id', type: 'string' },
  ],
  response: [
    { name: 'throttle_time_ms', type: 'int32' },
    { name: 'error_code', type: 'int16' },
  ],
  handle: (req, ctx) => ({
    throttle_time_ms: 0,
    error_code: ctx.broker.txns.addOffsets(
      req.transactional_id,
      req.producer_id,
      req.producer_epoch,
      req.group_id,
    ),
  }),
});
