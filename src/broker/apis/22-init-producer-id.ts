/*
 * InitProducerId (key 22), versions 0-1.
 *
 * Request:
 *   transactional_id        nullable string  (null for an idempotent, non-transactional producer)
 *   transaction_timeout_ms  int32
 *
 * Response:
 *   throttle_time_ms  int32
 *   error_code        int16
 *   producer_id       int64
 *   producer_epoch    int16
 *
 * For a transactional id the producer id is stable and the epoch is bumped on every call, fencing
 * older producers with the same id; an open transaction of the old epoch is aborted.
 */
import { defineApi } from '../protocol/api.ts';

export const initProducerId = defineApi<
  { transactional_id: string | null; transaction_timeout_ms: number },
  unknown
>({
  key: 22,
  name: 'InitProducerId',
  minVersion: 0,
  maxVersion: 1,
  request: [
    { name: 'transactional_id', type: 'nullableString' },
    { name: 'transaction_timeout_ms', type: 'int32' },
  ],
  response: [
    { name: 'throttle_time_ms', type: 'int32' },
    { name: 'error_code', type: 'int16' },
    { name: 'producer_id', type: 'int64' },
    { name: 'producer_epoch', type: 'int16' },
  ],
  handle(req, ctx) {
    const r = ctx.broker.txns.initProducerId(req.transactional_id, req.transaction_timeout_ms);
    return { throttle_time_ms: 0, error_code: r.error, producer_id: r.producerId, producer_epoch: r.epoch };
  },
});
