/*
 * AddPartitionsToTxn (key 24), versions 0-1.
 *
 * Request:
 *   transactional_id  string
 *   producer_id       int64
 *   producer_epoch    int16
 *   topics            [name string, partitions [int32]]
 *
 * Response:
 *   throttle_time_ms  int32
 *   results           [name string, results [partition_index int32, error_code int16]]
 */
import { defineApi } from '../protocol/api.ts';
import { arrayOf } from '../protocol/schema.ts';

interface AddPartitionsRequest {
  transactional_id: string;
  producer_id: number;
  producer_epoch: number;
  topics: { name: string; partitions: number[] }[];
}

export const addPartitionsToTxn = defineApi<AddPartitionsRequest, unknown>({
  key: 24,
  name: 'AddPartitionsToTxn',
  minVersion: 0,
  maxVersion: 1,
  request: [
    { name: 'transactional_id', type: 'string' },
    { name: 'producer_id', type: 'int64' },
    { name: 'producer_epoch', type: 'int16' },
    {
      name: 'topics',
      type: arrayOf([
        { name: 'name', type: 'string' },
        { name: 'partitions', type: arrayOf('int32') },
      ]),
    },
  ],
  response: [
    { name: 'throttle_time_ms', type: 'int32' },
    {
      name: 'results',
      type: arrayOf([
        { name: 'name', type: 'string' },
        {
          name: 'results',
          type: arrayOf([
            { name: 'partition_index', type: 'int32' },
            { name: 'error_code', type: 'int16' },
          ]),
        },
      ]),
    },
  ],
  handle(req, ctx) {
    return {
      throttle_time_ms: 0,
      results: req.topics.map((t) => {
        const codes = ctx.broker.txns.addPartitions(
          req.transactional_id,
          req.producer_id,
          req.producer_epoch,
          t.name,
          t.partitions,
        );
        return {
          name: t.name,
          results: t.partitions.map((p, i) => ({ partition_index: p, error_code: codes[i] ?? 0 })),
        };
      }),
    };
  },
});
