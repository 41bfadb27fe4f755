/**
 * Producer ids and transactions. Non-transactional idempotent producers get a fresh id; a
 * transactional.id keeps its producer id across sessions and bumps its epoch on every
 * InitProducerId, which fences older instances (zombies). State is persisted through a snapshot and
 * a journal (transaction-log.ts). A transaction still open at start-up stays open, as in Kafka: its
 * producer (or a two-phase-commit sink recovering from a checkpoint) may still commit it with its
 * producer id and epoch; `transaction.timeout.ms`, counted from its start, aborts it otherwise.
 * A transactional id without an open transaction that has not been used for
 * `transactional.id.expiration.ms` (7 days, as Kafka) is forgotten.
 */
import type { GroupCoordinator } from '../groups/group-coordinator.ts';
import type { OffsetEntry } from '../groups/offset-store.ts';
import { ErrorCode } from '../protocol/errors.ts';
import type { TopicManager } from '../topics/topic-manager.ts';
import { type StoredState, TransactionLog } from './transaction-log.ts';

type TxnState = 'Empty' | 'Ongoing' | 'CompleteCommit' | 'CompleteAbort';

interface TxnMeta {
  producerId: number;
  epoch: number;
  timeoutMs: number;
  state: TxnState;
  partitions: string[];
  startedAt: number;
  pendingOffsets: Record<string, OffsetEntry[]>;
  /** When the id was last used (epoch ms; absent in state written by older versions). */
  lastUsed?: number;
}

const MAX_TXN_TIMEOUT_MS = 900_000;
/** Kafka's transactional.id.expiration.ms default. */
export const DEFAULT_TRANSACTIONAL_ID_EXPIRATION_MS = 7 * 24 * 3600 * 1000;

export class TransactionCoordinator {
  private state: StoredState<TxnMeta> = { nextProducerId: 1000, transactions: new Map() };
  private readonly store: TransactionLog<TxnMeta>;

  constructor(
    dataDir: string,
    private readonly topics: TopicManager,
    private readonly groups: GroupCoordinator,
    private readonly log: (msg: string) => void,
    private readonly idExpirationMs = DEFAULT_TRANSACTIONAL_ID_EXPIRATION_MS,
  ) {
    this.store = new TransactionLog(dataDir);
  }

  private get txns(): Map<string, TxnMeta> {
    return this.state.transactions;
  }

  open(): void {
    this.state = this.store.open(this.state.nextProducerId);
  }

  close(): void {
    this.store.close();
  }

  /** Records the change of `tid` (or of the producer-id counter only) durably. */
  private persist(tid?: string): void {
    const meta = tid === undefined ? undefined : this.txns.get(tid);
    if (meta !== undefined) meta.lastUsed = Date.now();
    this.store.append(this.state, tid);
  }

  initProducerId(
    tid: string | null,
    timeoutMs: number,
  ): { error: number; producerId: number; epoch: number } {
    if (tid === null || tid === '') {
      const producerId = this.state.nextProducerId++;
      this.persist();
      return { error: ErrorCode.NONE, producerId, epoch: 0 };
    }
    if (timeoutMs <= 0 || timeoutMs > MAX_TXN_TIMEOUT_MS) {
      return { error: ErrorCode.INVALID_TRANSACTION_TIMEOUT, producerId: -1, epoch: -1 };
    }
    let meta = this.txns.get(tid);
    if (meta === undefined || meta.epoch >= 32766) {
      meta = {
        producerId: this.state.nextProducerId++,
        epoch: 0,
        timeoutMs,
        state: 'Empty',
        partitions: [],
        startedAt: 0,
        pendingOffsets: {},
      };
      this.txns.set(tid, meta);
    } else if (meta.state === 'Ongoing') {
      this.abortWithBump(tid, meta);
      meta.epoch++;
    } else {
      meta.epoch++;
    }
    meta.timeoutMs = timeoutMs;
    meta.state = 'Empty';
    this.persist(tid);
    return { error: ErrorCode.NONE, producerId: meta.producerId, epoch: meta.epoch };
  }

  private validate(tid: string, pid: number, epoch: number): TxnMeta | number {
    const meta = this.txns.get(tid);
    if (meta === undefined || meta.producerId !== pid) return ErrorCode.INVALID_PRODUCER_ID_MAPPING;
    if (epoch !== meta.epoch) return ErrorCode.INVALID_PRODUCER_EPOCH;
    return meta;
  }

  private begin(meta: TxnMeta): void {
    if (meta.state !== 'Ongoing') {
      meta.state = 'Ongoing';
      meta.partitions = [];
      meta.pendingOffsets = {};
      meta.startedAt = Date.now();
    }
  }

  addPartitions(tid: string, pid: number, epoch: number, topic: string, partitions: number[]): number[] {
    const meta = this.validate(tid, pid, epoch);
    if (typeof meta === 'number') return partitions.map(() => meta);
    const missing = partitions.some((p) => this.topics.partition(topic, p) === undefined);
    if (missing) {
      return partitions.map((p) =>
        this.topics.partition(topic, p) === undefined ? ErrorCode.UNKNOWN_TOPIC_OR_PARTITION : 0,
      );
    }
    const wasOngoing = meta.state === 'Ongoing';
    this.begin(meta);
    let added = false;
    for (const p of partitions) {
      const key = `${topic}:${p}`;
      if (!meta.partitions.includes(key)) {
        meta.partitions.push(key);
        added = true;
      }
    }
    if (added || !wasOngoing) this.persist(tid);
    return partitions.map(() => ErrorCode.NONE);
  }

  addOffsets(tid: string, pid: number, epoch: number, groupId: string): number {
    const meta = this.validate(tid, pid, epoch);
    if (typeof meta === 'number') return meta;
    if (groupId === '') return ErrorCode.INVALID_GROUP_ID;
    this.begin(meta);
    meta.pendingOffsets[groupId] ??= [];
    this.persist(tid);
    return ErrorCode.NONE;
  }

  txnOffsetCommit(tid: string, groupId: string, pid: number, epoch: number, entries: OffsetEntry[]): number {
    const meta = this.validate(tid, pid, epoch);
    if (typeof meta === 'number') return meta;
    const pending = meta.pendingOffsets[groupId];
    if (meta.state !== 'Ongoing' || pending === undefined) return ErrorCode.INVALID_TXN_STATE;
    pending.push(...entries);
    this.persist(tid);
    return ErrorCode.NONE;
  }

  endTxn(tid: string, pid: number, epoch: number, commit: boolean): number {
    const meta = this.validate(tid, pid, epoch);
    if (typeof meta === 'number') return meta;
    if (meta.state === 'Empty') return ErrorCode.NONE;
    if (meta.state === 'CompleteCommit') return commit ? ErrorCode.NONE : ErrorCode.INVALID_TXN_STATE;
    if (meta.state === 'CompleteAbort') return commit ? ErrorCode.INVALID_TXN_STATE : ErrorCode.NONE;
    this.complete(tid, meta, commit);
    return ErrorCode.NONE;
  }

  private complete(tid: string, meta: TxnMeta, commit: boolean): void {
    for (const key of meta.partitions) {
      const sep = key.lastIndexOf(':');
      const p = this.topics.partition(key.slice(0, sep), Number(key.slice(sep + 1)));
      p?.writeMarker(meta.producerId, meta.epoch, commit);
    }
    if (commit)
      for (const [g, entries] of Object.entries(meta.pendingOffsets)) this.groups.offsets.commit(g, entries);
    meta.state = commit ? 'CompleteCommit' : 'CompleteAbort';
    meta.partitions = [];
    meta.pendingOffsets = {};
    this.persist(tid);
    this.topics.notifyAppend();
  }

  /** Aborts with a bumped epoch so the producer that left the transaction open is fenced. */
  private abortWithBump(tid: string, meta: TxnMeta): void {
    meta.epoch++;
    this.complete(tid, meta, false);
  }

  /**
   * Aborts transactions open longer than their transaction.timeout.ms and forgets ids unused for
   * transactional.id.expiration.ms.
   */
  expireTimedOut(now: number): void {
    for (const [tid, meta] of this.txns) {
      if (meta.state === 'Ongoing' && now - meta.startedAt > meta.timeoutMs) {
        this.log(`transaction '${tid}' exceeded its timeout of ${meta.timeoutMs} ms: aborting`);
        this.abortWithBump(tid, meta);
      } else if (meta.state !== 'Ongoing') {
        meta.lastUsed ??= now;
        if (now - meta.lastUsed > this.idExpirationMs) {
          this.txns.delete(tid);
          this.store.append(this.state, tid);
        }
      }
    }
  }
}
