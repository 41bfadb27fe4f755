/**
 * Embedded single-node Kafka-protocol broker. Real clients (kafkajs, librdkafka, kafka-python) talk
 * to it over TCP. See docs/broker.md for the APIs, storage layout and guarantees.
 */
import type { AddressInfo } from 'node:net';
import { BrokerCore } from './broker.ts';
import { type BrokerLogger, stderrLogger } from './logger.ts';
import { type Connection, createServer } from './server.ts';
import { DEFAULT_PRODUCER_ID_EXPIRATION_MS } from './txn/producer-state.ts';
import { DEFAULT_TRANSACTIONAL_ID_EXPIRATION_MS } from './txn/transaction-coordinator.ts';

export type { BrokerLogger } from './logger.ts';

export interface StartBrokerOptions {
  /** Interface to bind and advertise; default 127.0.0.1. */
  host?: string;
  /** TCP port; 0 (the default) picks a free one. */
  port?: number;
  /** Directory holding topic logs, offsets and transaction state. */
  dataDir: string;
  /** Create unknown topics on Metadata requests (default false). */
  autoCreateTopics?: boolean;
  /** Partitions for auto-created topics and CreateTopics with num_partitions -1 (default 1). */
  defaultPartitions?: number;
  logger?: BrokerLogger;
  /** Period of flush.ms / retention / compaction / transaction-timeout checks (default 1000 ms). */
  housekeepingIntervalMs?: number;
  /** Forget transactional ids unused this long (default 7 days, Kafka's transactional.id.expiration.ms). */
  transactionalIdExpirationMs?: number;
  /** Forget idempotent-producer state unseen this long (default 1 day, Kafka's producer.id.expiration.ms). */
  producerIdExpirationMs?: number;
}

export interface RunningBroker {
  readonly host: string;
  readonly port: number;
  close(): Promise<void>;
}

export async function startBroker(opts: StartBrokerOptions): Promise<RunningBroker> {
  const host = opts.host ?? '127.0.0.1';
  const core = new BrokerCore({
    dataDir: opts.dataDir,
    autoCreateTopics: opts.autoCreateTopics ?? false,
    defaultPartitions: opts.defaultPartitions ?? 1,
    logger: opts.logger ?? stderrLogger,
    housekeepingIntervalMs: opts.housekeepingIntervalMs ?? 1000,
    transactionalIdExpirationMs: opts.transactionalIdExpirationMs ?? DEFAULT_TRANSACTIONAL_ID_EXPIRATION_MS,
    producerIdExpirationMs: opts.producerIdExpirationMs ?? DEFAULT_PRODUCER_ID_EXPIRATION_MS,
  });
  core.open();
  const connections = new Set<Connection>();
  const server = createServer(core, connections);
  try {
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(opts.port ?? 0, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
  } catch (err) {
    core.close();
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EADDRINUSE') {
      throw new Error(
        `broker cannot listen on ${host}:${opts.port}: the port is already in use; choose another --port`,
      );
    }
    throw err;
  }
  const port = (server.address() as AddressInfo).port;
  core.host = host;
  core.port = port;
  core.options.logger.info(`broker listening on ${host}:${port}, data in ${opts.dataDir}`);
  let closed: Promise<void> | null = null;
  return {
    host,
    port,
    close() {
      closed ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const c of connections) c.close();
        core.close();
      });
      return closed;
    },
  };
}
