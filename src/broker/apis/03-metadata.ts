/*
 * Metadata (key 3), versions 0-6.
 *
 * Request:
 *   topics                     [name string]   (null = all topics from v1; in v0 an empty array means all)
 *   allow_auto_topic_creation  boolean         (v4+)
 *
 * Response:
 *   throttle_time_ms  int32                   (v3+)
 *   brokers           [node_id int32, host string, port int32, rack nullable string (v1+)]
 *   cluster_id        nullable string         (v2+)
 *   controller_id     int32                   (v1+)
 *   topics            [error_code int16, name string, is_internal boolean (v1+),
 *                      partitions [error_code int16, partition_index int32, leader_id int32,
 *                                  replica_nodes [int32], isr_nodes [int32],
 *                                  offline_replicas [int32] (v5+)]]
 */
import { CLUSTER_ID, NODE_ID } from '../broker.ts';
import { defineApi, type RequestContext } from '../protocol/api.ts';
import { ErrorCode } from '../protocol/errors.ts';
import { arrayOf, from } from '../protocol/schema.ts';
import { errorCodeOf } from './util.ts';

interface MetadataRequest {
  topics: { name: string }[] | null;
  allow_auto_topic_creation: boolean;
}

interface PartitionMetadata {
  error_code: number;
  partition_index: number;
  leader_id: number;
  replica_nodes: number[];
  isr_nodes: number[];
  offline_replicas: number[];
}

interface TopicMetadata {
  error_code: number;
  name: string;
  is_internal: boolean;
  partitions: PartitionMetadata[];
}

function describeTopic(name: string, ctx: RequestContext, autoCreate: boolean): TopicMetadata {
  const topics = ctx.broker.topics;
  let topic = topics.get(name);
  if (topic === undefined && autoCreate && ctx.broker.options.autoCreateTopics) {
    try {
      topics.create(name, ctx.broker.options.defaultPartitions, {});
    } catch (err) {
      return {
        error_code: errorCodeOf(err, ctx, `auto-create ${name}`),
        name,
        is_internal: false,
        partitions: [],
      };
    }
    topic = topics.get(name);
  }
  if (topic === undefined) {
    return { error_code: ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, name, is_internal: false, partitions: [] };
  }
  return {
    error_code: 0,
    name,
    is_internal: false,
    partitions: topic.partitions.map((p) => ({
      error_code: 0,
      partition_index: p.index,
      leader_id: NODE_ID,
      replica_nodes: [NODE_ID],
      isr_nodes: [NODE_ID],
      offline_replicas: [],
    })),
  };
}

export const metadata = defineApi<MetadataRequest, unknown>({
  key: 3,
  name: 'Metadata',
  minVersion: 0,
  maxVersion: 6,
  request: [
    { name: 'topics', type: arrayOf([{ name: 'name', type: 'string' }], from(1)) },
    { name: 'allow_auto_topic_creation', type: 'boolean', versions: from(4), default: true },
  ],
  response: [
    { name: 'throttle_time_ms', type: 'int32', versions: from(3) },
    {
      name: 'brokers',
      type: arrayOf([
        { name: 'node_id', type: 'int32' },
        { name: 'host', type: 'string' },
        { name: 'port', type: 'int32' },
        { name: 'rack', type: 'nullableString', versions: from(1) },
      ]),
    },
    { name: 'cluster_id', type: 'nullableString', versions: from(2) },
    { name: 'controller_id', type: 'int32', versions: from(1) },
    {
      name: 'topics',
      type: arrayOf([
        { name: 'error_code', type: 'int16' },
        { name: 'name', type: 'string' },
        { name: 'is_internal', type: 'boolean', versions: from(1) },
        {
          name: 'partitions',
          type: arrayOf([
            { name: 'error_code', type: 'int16' },
            { name: 'partition_index', type: 'int32' },
            { name: 'leader_id', type: 'int32' },
            { name: 'replica_nodes', type: arrayOf('int32') },
            { name: 'isr_nodes', type: arrayOf('int32') },
            { name: 'offline_replicas', type: arrayOf('int32'), versions: from(5) },
          ]),
        },
      ]),
    },
  ],
  handle(req, ctx) {
    const all = req.topics === null || (ctx.apiVersion === 0 && req.topics.length === 0);
    const names = all ? [...ctx.broker.topics.topics.keys()] : (req.topics ?? []).map((t) => t.name);
    return {
      throttle_time_ms: 0,
      brokers: [{ node_id: NODE_ID, host: ctx.broker.host, port: ctx.broker.port, rack: null }],
      cluster_id: CLUSTER_ID,
      controller_id: NODE_ID,
      topics: names.map((n) => describeTopic(n, ctx, !all && req.allow_auto_topic_creation)),
    };
  },
});
