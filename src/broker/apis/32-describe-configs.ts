/*
 * DescribeConfigs (key 32), versions 0-2.
 *
 * Request:
 *   resources         [resource_type int8, resource_name string, configuration_keys nullable [string]]
 *   include_synonyms  boolean  (v1+)
 *
 * Response:
 *   throttle_time_ms  int32
 *   results           [error_code int16, error_message nullable string, resource_type int8,
 *                      resource_name string,
 *                      configs [name string, value nullable string, read_only boolean,
 *                               is_default boolean (v0 only), config_source int8 (v1+),
 *                               is_sensitive boolean,
 *                               synonyms [name string, value nullable string, source int8] (v1+)]]
 *
 * Resource type 2 is a topic, 4 the broker. Config source: 1 = topic override, 5 = default.
 */
import { defineApi } from '../protocol/api.ts';
import { ErrorCode } from '../protocol/errors.ts';
import { arrayOf, from, upTo } from '../protocol/schema.ts';
import { TOPIC_CONFIGS } from '../topics/config.ts';

interface DescribeConfigsRequest {
  resources: { resource_type: number; resource_name: string; configuration_keys: string[] | null }[];
}

const TOPIC = 2;
const BROKER = 4;
const SOURCE_TOPIC = 1;
const SOURCE_DEFAULT = 5;

export const describeConfigs = defineApi<DescribeConfigsRequest, unknown>({
  key: 32,
  name: 'DescribeConfigs',
  minVersion: 0,
  maxVersion: 2,
  request: [
    {
      name: 'resources',
      type: arrayOf([
        { name: 'resource_type', type: 'int8' },
        { name: 'resource_name', type: 'string' },
        { name: 'configuration_keys', type: arrayOf('string', [0, 2]) },
      ]),
    },
    { name: 'include_synonyms', type: 'boolean', versions: from(1) },
  ],
  response: [
    { name: 'throttle_time_ms', type: 'int32' },
    {
      name: 'results',
      type: arrayOf([
        { name: 'error_code', type: 'int16' },
        { name: 'error_message', type: 'nullableString' },
        { name: 'resource_type', type: 'int8' },
        { name: 'resource_name', type: 'string' },
        {
          name: 'configs',
          type: arrayOf([
            { name: 'name', type: 'string' },
            { name: 'value', type: 'nullableString' },
            { name: 'read_only', type: 'boolean' },
            { name: 'is_default', type: 'boolean', versions: upTo(0) },
            { name: 'config_source', type: 'int8', versions: from(1) },
            { name: 'is_sensitive', type: 'boolean' },
            {
              name: 'synonyms',
              type: arrayOf([
                { name: 'name', type: 'string' },
                { name: 'value', type: 'nullableString' },
                { name: 'source', type: 'int8' },
              ]),
              versions: from(1),
            },
          ]),
        },
      ]),
    },
  ],
  handle(req, ctx) {
    return {
      throttle_time_ms: 0,
      results: req.resources.map((r) => {
        const base = { resource_type: r.resource_type, resource_name: r.resource_name };
        const wanted = (k: string) => r.configuration_keys === null || r.configuration_keys.includes(k);
        if (r.resource_type === BROKER) {
          const configs = [
            { name: 'broker.id', value: '0' },
            { name: 'auto.create.topics.enable', value: String(ctx.broker.options.autoCreateTopics) },
            { name: 'num.partitions', value: String(ctx.broker.options.defaultPartitions) },
          ]
            .filter((c) => wanted(c.name))
            .map((c) => ({
              ...c,
              read_only: true,
              is_default: false,
              config_source: SOURCE_DEFAULT,
              is_sensitive: false,
              synonyms: [],
            }));
          return { error_code: 0, error_message: null, ...base, configs };
        }
        const topic = r.resource_type === TOPIC ? ctx.broker.topics.get(r.resource_name) : undefined;
        if (topic === undefined) {
          return {
            error_code:
              r.resource_type === TOPIC ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : ErrorCode.INVALID_REQUEST,
            error_message: `no such resource: type ${r.resource_type} '${r.resource_name}'`,
            ...base,
            configs: [],
          };
        }
        const configs = Object.entries(TOPIC_CONFIGS)
          .filter(([k]) => wanted(k))
          .map(([k, spec]) => {
            const override = topic.configs[k];
            return {
              name: k,
              value: override ?? spec.default,
              read_only: false,
              is_default: override === undefined,
              config_source: override === undefined ? SOURCE_DEFAULT : SOURCE_TOPIC,
              is_sensitive: false,
              synonyms: [],
            };
          });
        return { error_code: 0, error_message: null, ...base, configs };
      }),
    };
  },
});
