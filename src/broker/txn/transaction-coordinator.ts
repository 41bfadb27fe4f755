/**
 * Producer ids and transactions. Non-transactional idempotent producers get a fresh id; a
 * transactional.id keeps its producer id across sessions and bumps its epoch on every
 * InitProducerId, which fences older instances (zombies). State is persisted in
 * `<dataDir>/transactions.json`; transactions still open at start-up are aborted.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { GroupCoordinator } from '../groups/group-coordinator.ts';
import type { OffsetEntry } from '../groups/offset-store.ts';
import { ErrorCode } from '../protocol/errors.ts';
import type { TopicManager } from '../topics/topic-manager.ts';

type TxnState = 'Empty' | 'Ongoing' | 'CompleteCommit' | 'CompleteAbort';

interface TxnMeta {
  producerId: number;
  epoch: number;
  timeoutMs: number;
  state: TxnState;
  partitions: string[];
  startedAt: number;
  pendingOffsets: Record<string, OffsetEntry[]>;
}

interface Stored {
  nextProducerId: number;
  transactions: Record<string, TxnMeta>;
}

const MAX_TXN_TIMEOUT_MS = 900_000;

export class TransactionCoordinator {
  private nextProducerId = 1000;
  private readonly txns = new Map<string, TxnMeta>();
  private readonly file: string;

  constructor(
    dataDir: string,
    private readonly topics: TopicManager,
    private readonly groups: GroupCoordinator,
    private readonly log: (msg: string) => void,
  ) {
    this.file = path.join(dataDir, 'transactions.json');
  }

  open(): void {
    if (fs.existsSync(this.file)) {
      const s = JSON.parse(fs.readFileSync(this.file, 'utf8')) as Stored;
      this.nextProducerId = s.nextProducerId;
      for (const [tid, meta] of Object.entries(s.transactions)) this.txns.set(tid, meta);
    }
    for (const [tid, meta] of this.txns) {
      if (meta.state === 'Ongoing') {
        this.log(`aborting transaction '${tid}' left open by the previous run`);
        this.abortWithBump(meta);
      }
    }
    this.persist();
  }

  private persist(): void {
    const s: Stored = { nextProducerId: this.nextProducerId, transactions: Object.fromEntries(this.txns) };
    const tmp = `${this.file}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    fs.writeSync(fd, JSON.stringify(s));
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, this.file);
  }

  initProducerId(
    tid: string | null,
    timeoutMs: number,
  ): { error: number; producerId: number; epoch: number } {
    if (tid === null || tid === '') {
      const producerId = this.nextProducerId++;
      this.persist();
      return { error: ErrorCode.NONE, producerId, epoch: 0 };
    }
    if (timeoutMs <= 0 || timeoutMs > MAX_TXN_TIMEOUT_MS) {
      return { error: ErrorCode.INVALID_TRANSACTION_TIMEOUT, producerId: -1, epoch: -1 };
    }
    let meta = this.txns.get(tid);
    if (meta === undefined || meta.epoch >= 32766) {
      meta = {
        producerId: this.nextProducerId++,
        epoch: 0,
        timeoutMs,
        state: 'Empty',
        partitions: [],
        startedAt: 0,
        pendingOffsets: {},
      };
      this.txns.set(tid, meta);
    } else if (meta.state === 'Ongoing') {
      this.abortWithBump(meta);
      meta.epoch++;
    } else {
      meta.epoch++;
    }
    meta.timeoutMs = timeoutMs;
    meta.state = 'Empty';
    this.persist();
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
    this.begin(meta);
    for (const p of partitions) {
      const key = `${topic}:${p}`;
      if (!meta.partitions.includes(key)) meta.partitions.push(key);
    }
    this.persist();
    return partitions.map(() => ErrorCode.NONE);
  }

  addOffsets(tid: string, pid: number, epoch: number, groupId: string): number {
    const meta = this.validate(tid, pid, epoch);
    if (typeof meta === 'number') return meta;
    if (groupId === '') return ErrorCode.INVALID_GROUP_ID;
    this.begin(meta);
    meta.pendingOffsets[groupId] ??= [];
    this.persist();
    return ErrorCode.NONE;
  }

  txnOffsetCommit(tid: string, groupId: string, pid: number, epoch: number, entries: OffsetEntry[]): number {
    const meta = this.validate(tid, pid, epoch);
    if (typeof meta === 'number') return meta;
    const pending = meta.pendingOffsets[groupId];
    if (meta.state !== 'Ongoing' || pending === undefined) return ErrorCode.INVALID_TXN_STATE;
    pending.push(...entries);
    return ErrorCode.NONE;
  }

  endTxn(tid: string, pid: number, epoch: number, commit: boolean): number {
    const meta = this.validate(tid, pid, epoch);
    if (typeof meta === 'number') return meta;
    if (meta.state === 'Empty') return ErrorCode.NONE;
    if (meta.state === 'CompleteCommit') return commit ? ErrorCode.NONE : ErrorCode.INVALID_TXN_STATE;
    if (meta.state === 'CompleteAbort') return commit ? ErrorCode.INVALID_TXN_STATE : ErrorCode.NONE;
    this.complete(meta, commit);
    return ErrorCode.NONE;
  }

  private complete(meta: TxnMeta, commit: boolean): void {
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
    this.persist();
    this.topics.notifyAppend();
  }

  /** Aborts with a bumped epoch so the producer that left the transaction open is fenced. */
  private abortWithBump(meta: TxnMeta): void {
    meta.epoch++;
    this.complete(meta, false);
  }

  /** Aborts transactions open longer than their transaction.timeout.ms. */
  expireTimedOut(now: number): void {
    for (const [tid, meta] of this.txns) {
      if (meta.state === 'Ongoing' && now - meta.startedAt > meta.timeoutMs) {
        this.log(`transaction '${tid}' exceeded its timeout of ${meta.timeoutMs} ms: aborting`);
        this.abortWithBump(meta);
      }
    }
  }
}
