/** The broker's state shared by every API handler: topics, groups, transactions, identity. */
import { GroupCoordinator } from './groups/group-coordinator.ts';
import { compactPartition } from './log/compaction.ts';
import type { BrokerLogger } from './logger.ts';
import { TopicManager } from './topics/topic-manager.ts';
import { TransactionCoordinator } from './txn/transaction-coordinator.ts';

export interface BrokerOptions {
  dataDir: string;
  autoCreateTopics: boolean;
  defaultPartitions: number;
  logger: BrokerLogger;
  /** Housekeeping period (flush.ms, retention, compaction, transaction timeouts). */
  housekeepingIntervalMs: number;
  /** Forget transactional ids unused this long (Kafka's transactional.id.expiration.ms). */
  transactionalIdExpirationMs: number;
  /** Forget idempotence state of producers unseen this long (Kafka's producer.id.expiration.ms). */
  producerIdExpirationMs: number;
}

export const NODE_ID = 0;
export const CLUSTER_ID = 'tributary-embedded';

export class BrokerCore {
  readonly topics: TopicManager;
  readonly groups: GroupCoordinator;
  readonly txns: TransactionCoordinator;
  /** Advertised address, set once the server is listening. */
  host = '127.0.0.1';
  port = 0;
  /** Set during shutdown so parked fetches return at once. */
  closing = false;
  private timer: NodeJS.Timeout | null = null;

  constructor(readonly options: BrokerOptions) {
    const info = (msg: string) => options.logger.info(msg);
    this.topics = new TopicManager(options.dataDir, info);
    this.groups = new GroupCoordinator(options.dataDir);
    this.txns = new TransactionCoordinator(
      options.dataDir,
      this.topics,
      this.groups,
      info,
      options.transactionalIdExpirationMs,
    );
  }

  open(): void {
    this.topics.open();
    this.groups.open();
    this.txns.open();
    this.timer = setInterval(() => this.housekeeping(), this.options.housekeepingIntervalMs);
    this.timer.unref();
  }

  housekeeping(): void {
    const now = Date.now();
    try {
      this.txns.expireTimedOut(now);
      this.topics.housekeeping(
        now,
        (topic, p) => compactPartition(p, topic.settings, now),
        this.options.producerIdExpirationMs,
      );
    } catch (err) {
      this.options.logger.error(`housekeeping failed: ${err instanceof Error ? err.message : String(err)}`);
    }
  }

  close(): void {
    this.closing = true;
    this.topics.notifyAppend();
    if (this.timer) clearInterval(this.timer);
    this.groups.close();
    this.topics.close();
    this.txns.close();
  }
}
