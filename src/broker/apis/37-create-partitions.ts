/*
 * CreatePartitions (key 37), versions 0-1.
 *
 * Request:
 *   topics         [name string, count int32, assignments nullable [broker_ids [int32]]]
 *   timeout_ms     int32
 *   validate_only  boolean
 *
 * Response:
 *   throttle_time_ms  int32
 *   results           [name string, error_code int16, error_message nullable string]
 *
 * `count` is the new total number of partitions and must exceed the current one.
 */
import { defineApi } from '../protocol/api.ts';
import { arrayOf } from '../protocol/schema.ts';
import { errorCodeOf, errorMessageOf } from './util.ts';

interface CreatePartitionsRequest {
  topics: { name: string; count: number }[];
  validate_only: boolean;
}

export const createPartitions = defineApi<CreatePartitionsRequest, unknown>({
  key: 37,
  name: 'CreatePartitions',
  minVersion: 0,
  maxVersion: 1,
  request: [
    {
      name: 'topics',
      type: arrayOf([
        { name: 'name', type: 'string' },
        { name: 'count', type: 'int32' },
        { name: 'assignments', type: arrayOf([{ name: 'broker_ids', type: arrayOf('int32') }], [0, 1]) },
      ]),
    },
    { name: 'timeout_ms', type: 'int32' },
    { name: 'validate_only', type: 'boolean' },
  ],
  response: [
    { name: 'throttle_time_ms', type: 'int32' },
    {
      name: 'results',
      type: arrayOf([
        { name: 'name', type: 'string' },
        { name: 'error_code', type: 'int16' },
        { name: 'error_message', type: 'nullableString' },
      ]),
    },
  ],
  handle(req, ctx) {
    return {
      throttle_time_ms: 0,
      results: req.topics.map((t) => {
        try {
          ctx.broker.topics.addPartitions(t.name, t.count, req.validate_only);
          return { name: t.name, error_code: 0, error_message: null };
        } catch (err) {
          return {
            name: t.name,
            error_code: errorCodeOf(err, ctx, `create partitions ${t.name}`),
            error_message: errorMessageOf(err),
          };
        }
      }),
    };
  },
});
