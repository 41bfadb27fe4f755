/*
 * EndTxn (key 26), versions 0-1.
 *
 * Request:
 *   transactional_id  string
 *   producer_id       int64
 *   producer_epoch    int16
 *   committed         boolean  (true = commit, false = abort)
 *
 * Response:
 *   throttle_time_ms  int32
 *   error_code        int16
 *
 * Writes a COMMIT or ABORT control batch to every partition in the transaction, records aborted
 * ranges for read_committed fetches, and applies (or drops) the transaction's group offsets.
 */
import { defineApi } from '../protocol/api.ts';

interface EndTxnRequest {
  transactional_id: string;
  producer_id: number;
  producer_epoch: number;
  committed: boolean;
}

export const endTxn = defineApi<EndTxnRequest, unknown>({
  key: 26,
  name: 'EndTxn',
  minVersion: 0,
  maxVersion: 1,
  request: [
    { name: 'transactional_id', type: 'string' },
    { name: 'producer_id', type: 'int64' },
    { name: 'producer_epoch', type: 'int16' },
    { name: 'committed', type: 'boolean' },
  ],
  response: [
    { name: 'throttle_time_ms', type: 'int32' },
    { name: 'error_code', type: 'int16' },
  ],
  handle: (req, ctx) => ({
    throttle_time_ms: 0,
    error_code: ctx.broker.txns.endTxn(
      req.transactional_id,
      req.producer_id,
      req.producer_epoch,
      req.committed,
    ),
  }),
});
