/*
 * ListOffsets (key 2), versions 1-3.
 *
 * Request:
 *   replica_id       int32
 *   isolation_level  int8    (v2+; 1 = read_committed answers "latest" with the last stable offset)
 *   topics           [name string, partitions [partition_index int32, timestamp int64]]
 *                    (timestamp -1 = latest, -2 = earliest, otherwise the first record whose
 *                    timestamp is at or after it: its offset and timestamp, or -1 and -1 when the
 *                    log holds no record that recent — Kafka's answer, not the high watermark)
 *
 * Response:
 *   throttle_time_ms int32   (v2+)
 *   topics           [name string,
 *                     partitions [partition_index int32, error_code int16, timestamp int64, offset int64]]
 */
import { defineApi } from '../protocol/api.ts';
import { ErrorCode } from '../protocol/errors.ts';
import { arrayOf, from } from '../protocol/schema.ts';

interface ListOffsetsRequest {
  isolation_level: number;
  topics: { name: string; partitions: { partition_index: number; timestamp: number }[] }[];
}

const LATEST = -1;
const EARLIEST = -2;

export const listOffsets = defineApi<ListOffsetsRequest, unknown>({
  key: 2,
  name: 'ListOffsets',
  minVersion: 1,
  maxVersion: 3,
  request: [
    { name: 'replica_id', type: 'int32' },
    { name: 'isolation_level', type: 'int8', versions: from(2) },
    {
      name: 'topics',
      type: arrayOf([
        { name: 'name', type: 'string' },
        {
          name: 'partitions',
          type: arrayOf([
            { name: 'partition_index', type: 'int32' },
            { name: 'timestamp', type: 'int64' },
          ]),
        },
      ]),
    },
  ],
  response: [
    { name: 'throttle_time_ms', type: 'int32', versions: from(2) },
    {
      name: 'topics',
      type: arrayOf([
        { name: 'name', type: 'string' },
        {
          name: 'partitions',
          type: arrayOf([
            { name: 'partition_index', type: 'int32' },
            { name: 'error_code', type: 'int16' },
            { name: 'timestamp', type: 'int64' },
            { name: 'offset', type: 'int64' },
          ]),
        },
      ]),
    },
  ],
  handle(req, ctx) {
    return {
      throttle_time_ms: 0,
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((pr) => {
          const p = ctx.broker.topics.partition(t.name, pr.partition_index);
          if (p === undefined) {
            return {
              partition_index: pr.partition_index,
              error_code: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION,
              timestamp: -1,
              offset: -1,
            };
          }
          const ok = { partition_index: pr.partition_index, error_code: 0, timestamp: -1 };
          if (pr.timestamp === LATEST)
            return { ...ok, offset: req.isolation_level === 1 ? p.lastStableOffset : p.highWatermark };
          if (pr.timestamp === EARLIEST) return { ...ok, offset: p.log.logStartOffset };
          return { ...ok, ...p.offsetForTimestamp(pr.timestamp) };
        }),
      })),
    };
  },
});
