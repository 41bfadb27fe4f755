/*
 * CreateTopics (key 19), versions 0-3.
 *
 * Request:
 *   topics         [name string, num_partitions int32, replication_factor int16,
 *                   assignments [partition_index int32, broker_ids [int32]],
 *                   configs [name string, value nullable string]]
 *   timeout_ms     int32
 *   validate_only  boolean  (v1+)
 *
 * Response:
 *   throttle_time_ms  int32   (v2+)
 *   topics            [name string, error_code int16, error_message nullable string (v1+)]
 *
 * num_partitions -1 takes the broker default; replication factor must be 1 or -1 (one broker).
 */
import { defineApi } from '../protocol/api.ts';
import { ErrorCode } from '../protocol/errors.ts';
import { arrayOf, from } from '../protocol/schema.ts';
import { errorCodeOf, errorMessageOf } from './util.ts';

interface CreateTopicsRequest {
  topics: {
    name: string;
    num_partitions: number;
    replication_factor: number;
    assignments: { partition_index: number; broker_ids: number[] }[];
    configs: { name: string; value: string | null }[];
  }[];
  validate_only: boolean;
}

export const createTopics = defineApi<CreateTopicsRequest, unknown>({
  key: 19,
  name: 'CreateTopics',
  minVersion: 0,
  maxVersion: 3,
  request: [
    {
      name: 'topics',
      type: arrayOf([
        { name: 'name', type: 'string' },
        { name: 'num_partitions', type: 'int32' },
        { name: 'replication_factor', type: 'int16' },
        {
          name: 'assignments',
          type: arrayOf([
            { name: 'partition_index', type: 'int32' },
            { name: 'broker_ids', type: arrayOf('int32') },
          ]),
        },
        {
          name: 'configs',
          type: arrayOf([
            { name: 'name', type: 'string' },
            { name: 'value', type: 'nullableString' },
          ]),
        },
      ]),
    },
    { name: 'timeout_ms', type: 'int32' },
    { name: 'validate_only', type: 'boolean', versions: from(1) },
  ],
  response: [
    { name: 'throttle_time_ms', type: 'int32', versions: from(2) },
    {
      name: 'topics',
      type: arrayOf([
        { name: 'name', type: 'string' },
        { name: 'error_code', type: 'int16' },
        { name: 'error_message', type: 'nullableString', versions: from(1) },
      ]),
    },
  ],
  handle(req, ctx) {
    return {
      throttle_time_ms: 0,
      topics: req.topics.map((t) => {
        if (t.replication_factor !== -1 && t.replication_factor !== 1) {
          return {
            name: t.name,
            error_code: ErrorCode.INVALID_REPLICATION_FACTOR,
            error_message: `replication factor ${t.replication_factor} is impossible on a single broker: use 1`,
          };
        }
        const partitions =
          t.assignments.length > 0
            ? t.assignments.length
            : t.num_partitions === -1
              ? ctx.broker.options.defaultPartitions
              : t.num_partitions;
        const configs: Record<string, string> = {};
        for (const c of t.configs) if (c.value !== null) configs[c.name] = c.value;
        try {
          ctx.broker.topics.create(t.name, partitions, configs, req.validate_only);
          return { name: t.name, error_code: 0, error_message: null };
        } catch (err) {
          return {
            name: t.name,
            error_code: errorCodeOf(err, ctx, `create topic ${t.name}`),
            error_message: errorMessageOf(err),
          };
        }
      }),
    };
  },
});
