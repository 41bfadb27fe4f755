/**
 * kafkajs clients built from Kafka client properties (`bootstrap.servers`, `security.protocol`,
 * `sasl.*`, `ssl.*`, `client.id`), shared per cluster so a job opens one connection pool per
 * cluster, and the partition-level fetch access the source needs.
 *
 * Why a lower-level fetch: kafkajs's `Consumer` only works inside a consumer group (JoinGroup,
 * SyncGroup, heartbeats, a rebalance whenever partitions change). The source owns its offsets (a
 * checkpoint will restore them), assigns every partition itself and must stop each partition at an
 * exact bounded offset, so it fetches with the same `Cluster`/`Broker` objects kafkajs's consumer
 * uses internally: `cluster.findBroker({nodeId}).fetch(...)` against the partition leader. The
 * cluster is taken from the `Kafka` instance, so SASL/SSL and retries are configured exactly once.
 */
import { readFileSync } from 'node:fs';
import { Kafka, type KafkaConfig, logLevel, type SASLOptions } from 'kafkajs';
import { ConnectorOptionError } from '../options.ts';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

export type ClientProperties = Readonly<Record<string, string>>;

/** Translates Kafka client properties (Java names) into a kafkajs configuration. */
export function kafkaConfigFrom(properties: ClientProperties, clientId = 'tributary'): KafkaConfig {
  const bootstrap = properties['bootstrap.servers'];
  if (bootstrap === undefined || bootstrap.trim() === '') {
    throw new ConnectorOptionError(
      `Kafka client properties need 'bootstrap.servers' (e.g. 'properties.bootstrap.servers' = 'localhost:9092')`,
    );
  }
  const protocol = (properties['security.protocol'] ?? 'PLAINTEXT').toUpperCase();
  if (!['PLAINTEXT', 'SSL', 'SASL_PLAINTEXT', 'SASL_SSL'].includes(protocol)) {
    throw new ConnectorOptionError(
      `Unknown security.protocol '${properties['security.protocol']}'; use PLAINTEXT, SSL, SASL_PLAINTEXT or SASL_SSL`,
    );
  }
  const config: KafkaConfig = {
    clientId: properties['client.id'] ?? clientId,
    brokers: bootstrap
      .split(',')
      .map((b) => b.trim())
      .filter((b) => b !== ''),
    logLevel: logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 100 },
    ...(properties['request.timeout.ms'] ? { requestTimeout: Number(properties['request.timeout.ms']) } : {}),
  };
  if (protocol === 'SSL' || protocol === 'SASL_SSL') {
    const ca = properties['ssl.ca.location'];
    config.ssl = ca === undefined ? true : { ca: [readFileSync(ca, 'utf8')] };
  }
  if (protocol.startsWith('SASL')) config.sasl = saslFrom(properties);
  return config;
}

const JAAS = /username\s*=\s*"([^"]*)"[\s\S]*password\s*=\s*"([^"]*)"/;

function saslFrom(p: ClientProperties): SASLOptions {
  const mechanism = (p['sasl.mechanism'] ?? 'PLAIN').toUpperCase();
  let username = p['sasl.username'];
  let password = p['sasl.password'];
  const jaas = p['sasl.jaas.config'];
  if ((username === undefined || password === undefined) && jaas !== undefined) {
    const m = JAAS.exec(jaas);
    if (m) [username, password] = [m[1], m[2]];
  }
  if (username === undefined || password === undefined) {
    throw new ConnectorOptionError(
      `SASL needs credentials: set 'sasl.username' and 'sasl.password' (or 'sasl.jaas.config' with username="..." password="...")`,
    );
  }
  switch (mechanism) {
    case 'PLAIN':
      return { mechanism: 'plain', username, password };
    case 'SCRAM-SHA-256':
      return { mechanism: 'scram-sha-256', username, password };
    case 'SCRAM-SHA-512':
      return { mechanism: 'scram-sha-512', username, password };
    default:
      throw new ConnectorOptionError(
        `Unsupported sasl.mechanism '${p['sasl.mechanism']}'; use PLAIN, SCRAM-SHA-256 or SCRAM-SHA-512`,
      );
  }
}

const instances = new Map<string, Kafka>();

/** One kafkajs instance per distinct set of client properties. */
export function kafkaFor(properties: ClientProperties): Kafka {
  const key = JSON.stringify(Object.entries(properties).sort(([a], [b]) => (a < b ? -1 : 1)));
  let kafka = instances.get(key);
  if (kafka === undefined) {
    kafka = new Kafka(kafkaConfigFrom(properties));
    instances.set(key, kafka);
  }
  return kafka;
}

/** The subset of kafkajs's internal record the fetcher reads. */
export interface FetchedRecord {
  readonly offset: string;
  readonly timestamp: string;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, Buffer | Buffer[] | undefined>>;
  readonly isControlRecord?: boolean;
  readonly batchContext?: {
    readonly partitionLeaderEpoch?: number;
    readonly timestampType?: number;
    readonly producerId?: string;
    readonly inTransaction?: boolean;
  };
}

export interface FetchedPartition {
  readonly partition: number;
  readonly errorCode: number;
  readonly highWatermark: string;
  readonly lastStableOffset?: string;
  readonly abortedTransactions?: readonly { producerId: string; firstOffset: string }[];
  readonly messages: readonly FetchedRecord[];
}

export interface InternalBroker {
  fetch(request: {
    replicaId: number;
    isolationLevel: number;
    maxWaitTime: number;
    minBytes: number;
    maxBytes: number;
    topics: { topic: string; partitions: { partition: number; fetchOffset: string; maxBytes: number }[] }[];
  }): Promise<{ responses: { topicName: string; partitions: FetchedPartition[] }[] }>;
}

export interface InternalCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  refreshMetadata(): Promise<void>;
  findLeaderForPartitions(topic: string, partitions: number[]): Record<string, number[]>;
  findBroker(args: { nodeId: string }): Promise<InternalBroker>;
}

/**
 * A kafkajs `Cluster` configured like `kafka` (the instance keeps its cluster factory under a
 * private symbol; kafkajs 2.2.4 is the final release, so the shape is fixed).
 */
export function createInternalCluster(kafka: Kafka): InternalCluster {
  const symbol = Object.getOwnPropertySymbols(kafka).find(
    (s) => s.description === 'private:Kafka:createCluster',
  );
  const factory = symbol === undefined ? undefined : (kafka as unknown as Record<symbol, unknown>)[symbol];
  if (typeof factory !== 'function') {
    throw new Error(
      'kafkajs internals changed: Kafka has no cluster factory; the Kafka source needs kafkajs 2.2.x',
    );
  }
  return (factory as (args: Record<string, unknown>) => InternalCluster)({
    metadataMaxAge: 60_000,
    allowAutoTopicCreation: false,
    maxInFlightRequests: null,
    isolationLevel: 1,
  });
}
