/**
 * Kafka transactions at the level a two-phase-commit sink needs, built from kafkajs's own parts.
 *
 * Why not `producer.transaction()`: kafkajs hides the producer id and epoch of a transaction, and a
 * sink that pre-committed a transaction before a crash must commit it after recovery from exactly
 * those (EndTxn with the recorded producer id and epoch — InitProducerId would abort it instead).
 * So each transaction gets the same two pieces kafkajs's `transaction()` is made of — its EOS
 * manager (InitProducerId, AddPartitionsToTxn, sequences, EndTxn) and its message producer — over
 * one shared `Cluster` taken from the `Kafka` instance (client.ts), and exposes the ids. kafkajs
 * 2.2.4 is the final release, so these module paths are fixed. Recovery and fencing talk to the
 * transaction coordinator directly through the cluster's `Broker` objects.
 */
import { createRequire } from 'node:module';
import type { Kafka, Message } from 'kafkajs';
import { createInternalCluster } from './client.ts';

const requireKafkajs = createRequire(import.meta.url);

interface KafkajsLogger {
  debug(message: string, extra?: object): void;
  info(message: string, extra?: object): void;
  warn(message: string, extra?: object): void;
  error(message: string, extra?: object): void;
  namespace(name: string): KafkajsLogger;
}

/** The kafkajs EOS manager of one transactional id (kafkajs/src/producer/eosManager). */
interface EosManager {
  initProducerId(): Promise<void>;
  beginTransaction(): void;
  commit(): Promise<void>;
  abort(): Promise<void>;
  getProducerId(): string | number;
  getProducerEpoch(): number;
}

interface MessageProducer {
  send(request: { topic: string; messages: Message[]; acks: number; timeout?: number }): Promise<unknown>;
}

interface CoordinatorBroker {
  initProducerId(request: {
    transactionalId: string;
    transactionTimeout: number;
  }): Promise<{ producerId: string; producerEpoch: number }>;
  endTxn(request: {
    transactionalId: string;
    producerId: string;
    producerEpoch: number;
    transactionResult: boolean;
  }): Promise<unknown>;
}

interface ProducerCluster {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
  addTargetTopic(topic: string): Promise<void>;
  findGroupCoordinator(request: { groupId: string; coordinatorType: number }): Promise<CoordinatorBroker>;
}

type EosManagerFactory = (args: {
  logger: KafkajsLogger;
  cluster: ProducerCluster;
  transactionTimeout: number;
  transactional: boolean;
  transactionalId: string;
}) => EosManager;

type MessageProducerFactory = (args: {
  logger: KafkajsLogger;
  cluster: ProducerCluster;
  partitioner: (args: { message: Message }) => number | undefined;
  eosManager: EosManager;
  idempotent: boolean;
  retrier: unknown;
  getConnectionStatus: () => string;
}) => MessageProducer;

function loadFunction<F>(path: string): F {
  const loaded: unknown = requireKafkajs(path);
  if (typeof loaded !== 'function') {
    throw new Error(
      `kafkajs internals changed: '${path}' is not a function; the exactly-once sink needs kafkajs 2.2.x`,
    );
  }
  return loaded as F;
}

const createEosManager = loadFunction<EosManagerFactory>('kafkajs/src/producer/eosManager/index.js');
const createMessageProducer = loadFunction<MessageProducerFactory>('kafkajs/src/producer/messageProducer.js');
const createRetry = loadFunction<(options?: object) => unknown>('kafkajs/src/retry/index.js');

/** FindCoordinator key type of a transaction coordinator. */
const TRANSACTION_COORDINATOR = 1;

/** What a sink records for a pre-committed transaction, enough to commit it from another process. */
export interface TransactionHandle {
  readonly transactionalId: string;
  /** int64, as a decimal string. */
  readonly producerId: string;
  readonly producerEpoch: number;
}

/** An open transaction: sends join it; commit or abort end it. */
export interface KafkaTransaction extends TransactionHandle {
  send(topic: string, messages: Message[]): Promise<void>;
  commit(): Promise<void>;
  abort(): Promise<void>;
}

export type RecoveredCommit =
  | { readonly outcome: 'committed' }
  | { readonly outcome: 'lost'; readonly reason: string };

/** Protocol errors saying the transaction was ended (aborted) by someone else: its data is gone. */
const FENCED = new Set([
  'INVALID_PRODUCER_EPOCH',
  'PRODUCER_FENCED',
  'INVALID_PRODUCER_ID_MAPPING',
  'INVALID_TXN_STATE',
  'TRANSACTIONAL_ID_NOT_FOUND',
]);

interface ProtocolError {
  readonly type?: string;
  readonly retriable?: boolean;
  readonly message?: string;
}
const asProtocolError = (e: unknown): ProtocolError =>
  typeof e === 'object' && e !== null ? (e as ProtocolError) : {};

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export class TransactionClient {
  private readonly cluster: ProducerCluster;
  private readonly logger: KafkajsLogger;
  private connected: Promise<void> | undefined;

  constructor(
    kafka: Kafka,
    private readonly topic: string,
    private readonly transactionTimeoutMs: number,
    private readonly retryForMs = 30_000,
  ) {
    this.cluster = createInternalCluster(kafka) as unknown as ProducerCluster;
    this.logger = (kafka.logger() as unknown as KafkajsLogger).namespace('KafkaSink');
  }

  connect(): Promise<void> {
    this.connected ??= (async () => {
      await this.cluster.connect();
      await this.cluster.addTargetTopic(this.topic);
    })();
    return this.connected;
  }

  async disconnect(): Promise<void> {
    if (this.connected === undefined) return;
    await this.connected.catch(() => undefined);
    await this.cluster.disconnect();
    this.connected = undefined;
  }

  /** InitProducerId for `transactionalId` (fencing any earlier producer) and begins a transaction. */
  async open(transactionalId: string): Promise<KafkaTransaction> {
    await this.connect();
    const eos = createEosManager({
      logger: this.logger,
      cluster: this.cluster,
      transactionTimeout: this.transactionTimeoutMs,
      transactional: true,
      transactionalId,
    });
    await eos.initProducerId();
    eos.beginTransaction();
    const producer = createMessageProducer({
      logger: this.logger,
      cluster: this.cluster,
      // the sink chooses every record's partition itself
      partitioner: ({ message }) => message.partition,
      eosManager: eos,
      idempotent: true,
      retrier: createRetry({ retries: 8, initialRetryTime: 100 }),
      getConnectionStatus: () => 'connected',
    });
    return {
      transactionalId,
      producerId: String(eos.getProducerId()),
      producerEpoch: eos.getProducerEpoch(),
      send: async (topic, messages) => {
        await producer.send({ topic, messages, acks: -1 });
      },
      commit: () => eos.commit(),
      abort: () => eos.abort(),
    };
  }

  /**
   * Commits a transaction pre-committed by an earlier attempt (possibly another process). Committing
   * one that is already committed succeeds (the coordinator treats it as a retry); one that was
   * aborted meanwhile — timed out, or fenced — is reported lost.
   */
  async commitRecovered(handle: TransactionHandle): Promise<RecoveredCommit> {
    try {
      await this.withCoordinator(handle.transactionalId, (broker) =>
        broker.endTxn({
          transactionalId: handle.transactionalId,
          producerId: handle.producerId,
          producerEpoch: handle.producerEpoch,
          transactionResult: true,
        }),
      );
      return { outcome: 'committed' };
    } catch (e: unknown) {
      const { type, message } = asProtocolError(e);
      if (type !== undefined && FENCED.has(type)) return { outcome: 'lost', reason: `${type}: ${message}` };
      throw e;
    }
  }

  /**
   * InitProducerId on `transactionalId`: bumps its epoch, which aborts a transaction a previous
   * attempt left open and fences that producer. Returns the new epoch (0: the id was never used).
   */
  async fence(transactionalId: string): Promise<number> {
    const result = await this.withCoordinator(transactionalId, (broker) =>
      broker.initProducerId({ transactionalId, transactionTimeout: this.transactionTimeoutMs }),
    );
    return result.producerEpoch;
  }

  /** Runs `request` against the id's transaction coordinator, retrying retriable errors. */
  private async withCoordinator<T>(
    transactionalId: string,
    request: (broker: CoordinatorBroker) => Promise<T>,
  ): Promise<T> {
    await this.connect();
    const until = Date.now() + this.retryForMs;
    for (let attempt = 0; ; attempt++) {
      try {
        const broker = await this.cluster.findGroupCoordinator({
          groupId: transactionalId,
          coordinatorType: TRANSACTION_COORDINATOR,
        });
        return await request(broker);
      } catch (e: unknown) {
        // CONCURRENT_TRANSACTIONS: the coordinator is still writing markers; NOT_COORDINATOR & co: moved
        if (asProtocolError(e).retriable !== true || Date.now() > until) throw e;
        await sleep(Math.min(50 * 2 ** attempt, 1000));
      }
    }
  }
}
