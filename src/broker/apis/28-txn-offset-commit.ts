/*
 * TxnOffsetCommit (key 28), versions 0-1.
 *
 * Request:
 *   transactional_id  string
 *   group_id          string
 *   producer_id       int64
 *   producer_epoch    int16
 *   topics            [name string,
 *                      partitions [partition_index int32, committed_offset int64,
 *                                  committed_metadata nullable string]]
 *
 * Response:
 *   throttle_time_ms  int32
 *   topics            [name string, partitions [partition_index int32, error_code int16]]
 *
 * The offsets are held with the transaction and only become committed offsets on EndTxn(commit).
 */
import { defineApi } from '../protocol/api.ts';
import { arrayOf } from '../protocol/schema.ts';

interface TxnOffsetCommitRequest {
  transactional_id: string;
  group_id: string;
  producer_id: number;
  producer_epoch: number;
  topics: {
    name: string;
    partitions: { partition_index: number; committed_offset: number; committed_metadata: string | null }[];
  }[];
}

export const txnOffsetCommit = defineApi<TxnOffsetCommitRequest, unknown>({
  key: 28,
  name: 'TxnOffsetCommit',
  minVersion: 0,
  maxVersion: 1,
  request: [
    { name: 'transactional_id', type: 'string' },
    { name: 'group_id', type: 'string' },
    { name: 'producer_id', type: 'int64' },
    { name: 'producer_epoch', type: 'int16' },
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
    { name: 'throttle_time_ms', type: 'int32' },
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
    const entries = req.topics.flatMap((t) =>
      t.partitions.map((p) => ({
        topic: t.name,
        partition: p.partition_index,
        offset: p.committed_offset,
        metadata: p.committed_metadata,
      })),
    );
    const error = ctx.broker.txns.txnOffsetCommit(
      req.transactional_id,
      req.group_id,
      req.producer_id,
      req.producer_epoch,
      entries,
    );
    return {
      throttle_time_ms: 0,
      topics: req.topics.map((t) => ({
        name: t.name,
        partitions: t.partitions.map((p) => ({ partition_index: p.partition_index, error_code: error })),
      })),
    };
  },
});
