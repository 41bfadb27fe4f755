/**
 * Per-partition idempotence and transaction bookkeeping: for each producer id its epoch, the last
 * five appended batches' sequence ranges (for duplicate suppression), and the first offset of its
 * open transaction (which pins the last stable offset).
 */
import { ErrorCode, KafkaError } from '../protocol/errors.ts';

const RECENT_BATCHES = 5;

interface RecentBatch {
  firstSeq: number;
  lastSeq: number;
  baseOffset: number;
}

interface ProducerEntry {
  epoch: number;
  recent: RecentBatch[];
  /** First offset of the producer's open transaction on this partition, or -1. */
  txnFirstOffset: number;
  /** When this partition last saw the producer (epoch ms). */
  lastUsed: number;
}

/** Kafka's producer.id.expiration.ms default. */
export const DEFAULT_PRODUCER_ID_EXPIRATION_MS = 24 * 3600 * 1000;

/** int32 sequence arithmetic wraps like Java's. */
const nextSeq = (seq: number): number => (seq === 0x7fffffff ? 0 : seq + 1);
const addSeq = (seq: number, n: number): number => (seq + n) % 0x80000000;

export class ProducerStateTable {
  private readonly producers = new Map<number, ProducerEntry>();

  /**
   * Validates a batch from an idempotent producer. Returns the base offset of an identical batch
   * already appended (a retry to be acknowledged without appending), or -1 when it should be appended.
   */
  check(pid: number, epoch: number, baseSeq: number, lastDelta: number): number {
    const e = this.producers.get(pid);
    if (e === undefined) {
      // A producer we have never seen (or whose state aged out) may start at any sequence.
      return -1;
    }
    if (epoch < e.epoch) {
      throw new KafkaError(
        ErrorCode.INVALID_PRODUCER_EPOCH,
        `producer ${pid} epoch ${epoch} is older than the current epoch ${e.epoch} (fenced)`,
      );
    }
    if (epoch > e.epoch) {
      if (baseSeq !== 0 && e.recent.length > 0) {
        throw new KafkaError(
          ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
          `producer ${pid} new epoch ${epoch} must start at sequence 0, got ${baseSeq}`,
        );
      }
      return -1;
    }
    const lastSeq = addSeq(baseSeq, lastDelta);
    for (const b of e.recent) if (b.firstSeq === baseSeq && b.lastSeq === lastSeq) return b.baseOffset;
    const latest = e.recent[e.recent.length - 1];
    if (latest !== undefined && baseSeq !== nextSeq(latest.lastSeq)) {
      throw new KafkaError(
        ErrorCode.OUT_OF_ORDER_SEQUENCE_NUMBER,
        `producer ${pid}: expected sequence ${nextSeq(latest.lastSeq)}, got ${baseSeq}`,
      );
    }
    return -1;
  }

  /** Records an appended batch. */
  record(
    pid: number,
    epoch: number,
    baseSeq: number,
    lastDelta: number,
    baseOffset: number,
    txn: boolean,
  ): void {
    let e = this.producers.get(pid);
    if (e === undefined || epoch > e.epoch) {
      const txnFirstOffset = e?.txnFirstOffset ?? -1;
      e = { epoch, recent: [], txnFirstOffset, lastUsed: 0 };
      this.producers.set(pid, e);
    }
    e.lastUsed = Date.now();
    if (baseSeq >= 0) {
      e.recent.push({ firstSeq: baseSeq, lastSeq: addSeq(baseSeq, lastDelta), baseOffset });
      if (e.recent.length > RECENT_BATCHES) e.recent.shift();
    }
    if (txn && e.txnFirstOffset < 0) e.txnFirstOffset = baseOffset;
  }

  /** Checks a transaction marker's epoch and closes the producer's open transaction; returns its first offset. */
  endTransaction(pid: number, epoch: number): number {
    const e = this.producers.get(pid);
    if (e === undefined) {
      this.producers.set(pid, { epoch, recent: [], txnFirstOffset: -1, lastUsed: Date.now() });
      return -1;
    }
    e.lastUsed = Date.now();
    if (epoch > e.epoch) {
      e.epoch = epoch;
      e.recent = [];
    }
    const first = e.txnFirstOffset;
    e.txnFirstOffset = -1;
    return first;
  }

  /**
   * Forgets producers without an open transaction unseen for `maxAgeMs` (Kafka's
   * producer.id.expiration.ms): a transactional sink uses a new producer id per checkpoint, so the
   * table would otherwise grow without bound. A forgotten producer may start at any sequence again.
   */
  expire(now: number, maxAgeMs: number): void {
    for (const [pid, e] of this.producers) {
      if (e.txnFirstOffset < 0 && now - e.lastUsed > maxAgeMs) this.producers.delete(pid);
    }
  }

  get size(): number {
    return this.producers.size;
  }

  /** The smallest first offset among open transactions, or -1. */
  firstUnstableOffset(): number {
    let min = -1;
    for (const e of this.producers.values()) {
      if (e.txnFirstOffset >= 0 && (min < 0 || e.txnFirstOffset < min)) min = e.txnFirstOffset;
    }
    return min;
  }
}
