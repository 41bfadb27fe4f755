/*
 * OffsetFetch (key 9), versions 1-4.
 *
 * Request:
 *   group_id  string
 *   topics    [name string, partition_indexes [int32]]   (nullable from v2: null = every committed offset)
 *
 * Response:
 *   throttle_time_ms  int32  (v3+)
 *   topics            [name string,
 *                      partitions [partition_index int32, committed_offset int64, metadata nullable string,
 *                                  error_code int16]]
 *   error_code        int16  (v2+)
 *
 * A partition without a committed offset answers offset -1.
 */
import { defineApi } from '../protocol/api.ts';
import { arrayOf, from } from '../protocol/schema.ts';

interface OffsetFetchRequest {
  group_id: string;
  topics: { name: string; partition_indexes: number[] }[] | null;
}

export const offsetFetch = defineApi<OffsetFetchRequest, unknown>({
  key: 9,
  name: 'OffsetFetch',
  minVersion: 1,
  maxVersion: 4,
  request: [
    { name: 'group_id', type: 'string' },
    {
      name: 'topics',
      type: arrayOf(
        [
          { name: 'name', type: 'string' },
          { name: 'partition_indexes', type: arrayOf('int32') },
        ],
        from(2),
      ),
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
            { name: 'committed_offset', type: 'int64' },
            { name: 'metadata', type: 'nullableString' },
            { name: 'error_code', type: 'int16' },
          ]),
        },
      ]),
    },
    { name: 'error_code', type: 'int16', versions: from(2) },
  ],
  handle(req, ctx) {
    const store = ctx.broker.groups.offsets;
    let requested = req.topics;
    if (requested === null) {
      const byTopic = new Map<string, number[]>();
      for (const e of store.all(req.group_id)) {
        const list = byTopic.get(e.topic) ?? [];
        list.push(e.partition);
        byTopic.set(e.topic, list);
      }
      requested = [...byTopic].map(([name, partition_indexes]) => ({ name, partition_indexes }));
    }
    return {
      throttle_time_ms: 0,
      error_code: 0,
      topics: requested.map((t) => ({
        name: t.name,
        partitions: t.partition_indexes.map((p) => {
          const c = store.get(req.group_id, t.name, p);
          return {
            partition_index: p,
            committed_offset: c?.offset ?? -1,
            metadata: c?.metadata ?? '',
            error_code: 0,
          };
        }),
      })),
    };
  },
});
