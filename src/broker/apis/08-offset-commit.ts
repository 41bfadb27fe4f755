/*
 * OffsetCommit (key 8), versions 2-5.
 *
 * Request:
 *   group_id           string
 *   generation_id      int32   (-1 with an empty member_id: a standalone commit outside a group)
 *   member_id          string
 *   retention_time_ms  int64   (v2-4; ignored, offsets are kept until the group is removed)
 *   topics             [name string,
 *                       partitions [partition_index int32, committed_offset int64,
 *                                   committed_metadata nullable string]]
 *
 * Response:
 *   throttle_time_ms  int32  (v3+)
 *   topics            [name string, partitions [partition_index int32, error_code int16]]
 *
 * Offsets are fsynced to the offsets file before the response.
 */
import { defineApi } from '../protocol/api.ts';
import { ErrorCode } from '../protocol/errors.ts';
import { arrayOf, from } from '../protocol/schema.ts';

interface OffsetCommitRequest {
  group_id: string;
  generation_id: number;
  member_id: string;
  topics: {
    name: string;
    partitions: { partition_index: number; committed_offset: number; committed_metadata: string | null }[];
  }[];
}

export const offsetCommit = defineApi<OffsetCommitRequest, unknown>({
  key: 8,
  name: 'OffsetCommit',
  minVersion: 2,
  maxVersion: 5,
  request: [
    { name: 'group_id', type: 'string' },
    { name: 'generation_id', type: 'int32' },
    { name: 'member_id', type: 'string' },
    { name: 'retention_time_ms', type: 'int64', versions: [2, 4] },
    {
      name: 'topics',
      type: arrayOf([
        { name: 'name', type: 'string' },
        {
          name: 'partitions',
          type: arrayOf([
            { name: 'partition_index', type: 'int32' },
            { name: 'committed_offset', type: 'int64' },
            { name: 'committed_metadata', type: 'nullableString' },
          ]),
        },
      ]),
    },
  ],
  response: [
    { name: 'throttle_time_ms', type: 'int32', versions: from(3) },
    {
      name: 'topics',
      type: arrayOf([
        { name: 'name', type: 'string' },
        {
          name: 'partitions',
          type: arrayOf([
            { name: 'partition_index', type: 'int32' },
            { name: 'error_code', type: 'int16' },
          ]),
        },
      ]),
    },
  ],
  handle(req, ctx) {
    const topics = ctx.broker.topics;
    const entries = [];
    for (const t of req.topics) {
      for (const p of t.partitions) {
        if (topics.partition(t.name, p.partition_index) === undefined) continue;
        entries.push({
          topic: t.name,
          partition: p.partition_index,
          offset: p.committed_offset,
          metadata: p.committed_metadata,
        });
      }
    }
    const error = ctx.broker.groups.commit(req.group_id, req.generation_id, req.member_id, entries);
    return {
      throttle_time_ms: 0,
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({
          partition_index: p.partition_index,
          error_code:
            topics.partition(t.name, p.partition_index) === undefined
              ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION
              : error,
        })),
      })),
    };
  },
});
