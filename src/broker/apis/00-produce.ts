/*
 * Produce (key 0), versions 3-7.
 *
 * Request:
 *   transactional_id  nullable string
 *   acks              int16     (0 = no response, 1 = leader, -1 = all; one replica, so 1 and -1 agree)
 *   timeout_ms        int32
 *   topic_data        [name string, partition_data [index int32, records records]]
 *
 * Response:
 *   responses         [name string,
 *                      partition_responses [index int32, error_code int16, base_offset int64,
 *                                           log_append_time_ms int64, log_start_offset int64 (v5+)]]
 *   throttle_time_ms  int32
 *
 * `records` is a nullable bytes field holding v2 record batches. They are validated (length, magic,
 * CRC-32C) and stored as received with only baseOffset rewritten. The topic's flush.messages policy
 * is applied before the response is written.
 */
import { defineApi } from '../protocol/api.ts';
import { ErrorCode } from '../protocol/errors.ts';
import { arrayOf, from } from '../protocol/schema.ts';
import { errorCodeOf } from './util.ts';

interface ProduceRequest {
  transactional_id: string | null;
  acks: number;
  timeout_ms: number;
  topic_data: { name: string; partition_data: { index: number; records: Buffer | null }[] }[];
}

interface PartitionResponse {
  index: number;
  error_code: number;
  base_offset: number;
  log_append_time_ms: number;
  log_start_offset: number;
}

export const produce = defineApi<ProduceRequest, unknown>({
  key: 0,
  name: 'Produce',
  minVersion: 3,
  maxVersion: 7,
  request: [
    { name: 'transactional_id', type: 'nullableString' },
    { name: 'acks', type: 'int16' },
    { name: 'timeout_ms', type: 'int32' },
    {
      name: 'topic_data',
      type: arrayOf([
        { name: 'name', type: 'string' },
        {
          name: 'partition_data',
          type: arrayOf([
            { name: 'index', type: 'int32' },
            { name: 'records', type: 'records' },
          ]),
        },
      ]),
    },
  ],
  response: [
    {
      name: 'responses',
      type: arrayOf([
        { name: 'name', type: 'string' },
        {
          name: 'partition_responses',
          type: arrayOf([
            { name: 'index', type: 'int32' },
            { name: 'error_code', type: 'int16' },
            { name: 'base_offset', type: 'int64' },
            { name: 'log_append_time_ms', type: 'int64' },
            { name: 'log_start_offset', type: 'int64', versions: from(5) },
          ]),
        },
      ]),
    },
    { name: 'throttle_time_ms', type: 'int32' },
  ],
  handle(req, ctx) {
    const topics = ctx.broker.topics;
    const validAcks = req.acks === 0 || req.acks === 1 || req.acks === -1;
    let appended = false;
    const responses = req.topic_data.map((t) => ({
      name: t.name,
      partition_responses: t.partition_data.map((pd): PartitionResponse => {
        const res: PartitionResponse = {
          index: pd.index,
          error_code: ErrorCode.NONE,
          base_offset: -1,
          log_append_time_ms: -1,
          log_start_offset: -1,
        };
        const p = topics.partition(t.name, pd.index);
        if (!validAcks) res.error_code = ErrorCode.INVALID_REQUIRED_ACKS;
        else if (p === undefined) res.error_code = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        else if (pd.records === null || pd.records.length === 0) res.error_code = ErrorCode.CORRUPT_MESSAGE;
        else {
          try {
            res.base_offset = p.append(pd.records, false);
            res.log_start_offset = p.log.logStartOffset;
            appended = true;
          } catch (err) {
            res.error_code = errorCodeOf(err, ctx, `produce to ${t.name}-${pd.index}`);
          }
        }
        return res;
      }),
    }));
    if (appended) topics.notifyAppend();
    if (req.acks === 0) return null;
    return { responses, throttle_time_ms: 0 };
  },
});
