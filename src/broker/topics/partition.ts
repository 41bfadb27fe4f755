/**
 * A partition: its log plus the producer/transaction state derived from it. Single replica, so the
 * high watermark is the log end offset; the last stable offset stops at the first open transaction.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { PartitionLog } from '../log/partition-log.ts';
import { firstRecordAtOrAfter } from '../log/timestamp-lookup.ts';
import { ErrorCode, KafkaError } from '../protocol/errors.ts';
import {
  type BatchHeader,
  isControl,
  isTransactional,
  LOG_OVERHEAD,
  newHeader,
  readHeader,
  validateRecordSet,
} from '../records/batch.ts';
import { buildControlBatch, isCommitMarker } from '../records/control.ts';
import { ProducerStateTable } from '../txn/producer-state.ts';
import type { TopicSettings } from './config.ts';

export interface AbortedTxn {
  readonly producerId: number;
  readonly firstOffset: number;
  readonly lastOffset: number;
}

export class Partition {
  readonly log: PartitionLog;
  readonly producers = new ProducerStateTable();
  /** Aborted transactions, ordered by lastOffset; persisted in `aborted.txnindex`. */
  aborted: AbortedTxn[] = [];
  private readonly header: BatchHeader = newHeader();
  private readonly abortedPath: string;

  constructor(
    readonly topic: string,
    readonly index: number,
    readonly dir: string,
    readonly settings: () => TopicSettings,
  ) {
    this.log = new PartitionLog(dir, settings);
    this.abortedPath = path.join(dir, 'aborted.txnindex');
  }

  /** Recovers the log and rebuilds producer state (open transactions included) from it. Returns bytes truncated. */
  open(): number {
    const h = newHeader();
    const known = new Set<string>();
    if (fs.existsSync(this.abortedPath)) {
      const raw = fs.readFileSync(this.abortedPath);
      for (let p = 0; p + 24 <= raw.length; p += 24) {
        const t = {
          producerId: Number(raw.readBigInt64BE(p)),
          firstOffset: Number(raw.readBigInt64BE(p + 8)),
          lastOffset: Number(raw.readBigInt64BE(p + 16)),
        };
        this.aborted.push(t);
        known.add(`${t.producerId}:${t.lastOffset}`);
      }
    }
    const { truncatedBytes } = this.log.open((batch) => {
      readHeader(batch, 0, h);
      if (h.producerId < 0) return;
      if (isControl(h)) {
        const first = this.producers.endTransaction(h.producerId, h.producerEpoch);
        if (!isCommitMarker(batch) && !known.has(`${h.producerId}:${h.baseOffset}`)) {
          this.recordAborted({
            producerId: h.producerId,
            firstOffset: first < 0 ? h.baseOffset : first,
            lastOffset: h.baseOffset,
          });
        }
        return;
      }
      this.producers.record(
        h.producerId,
        h.producerEpoch,
        h.baseSequence,
        h.lastOffsetDelta,
        h.baseOffset,
        isTransactional(h),
      );
    });
    // Drop index entries past a truncated tail.
    this.aborted = this.aborted.filter((t) => t.lastOffset < this.log.logEndOffset);
    return truncatedBytes;
  }

  get highWatermark(): number {
    return this.log.logEndOffset;
  }

  get lastStableOffset(): number {
    const first = this.producers.firstUnstableOffset();
    return first < 0 ? this.highWatermark : first;
  }

  /**
   * Validates and appends a produce request's record set. Returns the base offset assigned (or the
   * offset of the original when the whole set is a retried duplicate).
   */
  append(records: Buffer, sync: boolean): number {
    const h = this.header;
    validateRecordSet(records, h);
    const max = this.settings().maxMessageBytes;
    let pos = 0;
    let firstOffset = -1;
    while (pos < records.length) {
      readHeader(records, pos, h);
      const batch = records.subarray(pos, pos + h.size);
      pos += h.size;
      if (h.size - LOG_OVERHEAD > max) {
        throw new KafkaError(
          ErrorCode.MESSAGE_TOO_LARGE,
          `batch of ${h.size} bytes exceeds max.message.bytes ${max}`,
        );
      }
      if (isControl(h))
        throw new KafkaError(ErrorCode.INVALID_RECORD, 'clients may not write control batches');
      let base: number;
      if (h.producerId >= 0 && h.baseSequence >= 0) {
        const dup = this.producers.check(h.producerId, h.producerEpoch, h.baseSequence, h.lastOffsetDelta);
        if (dup >= 0) base = dup;
        else {
          base = this.log.append(batch, false);
          this.producers.record(
            h.producerId,
            h.producerEpoch,
            h.baseSequence,
            h.lastOffsetDelta,
            base,
            isTransactional(h),
          );
        }
      } else {
        if (isTransactional(h))
          throw new KafkaError(ErrorCode.INVALID_RECORD, 'transactional batch without a producer id');
        base = this.log.append(batch, false);
      }
      if (firstOffset < 0) firstOffset = base;
    }
    if (sync) this.log.flush();
    return firstOffset;
  }

  /** Writes a COMMIT/ABORT marker for `pid` and updates the stable offset and aborted index. */
  writeMarker(pid: number, epoch: number, commit: boolean): void {
    const first = this.producers.endTransaction(pid, epoch);
    const marker = buildControlBatch(pid, epoch, commit, Date.now());
    const offset = this.log.append(marker, true);
    if (!commit && first >= 0)
      this.recordAborted({ producerId: pid, firstOffset: first, lastOffset: offset });
  }

  private recordAborted(t: AbortedTxn): void {
    this.aborted.push(t);
    const entry = Buffer.alloc(24);
    entry.writeBigInt64BE(BigInt(t.producerId), 0);
    entry.writeBigInt64BE(BigInt(t.firstOffset), 8);
    entry.writeBigInt64BE(BigInt(t.lastOffset), 16);
    fs.appendFileSync(this.abortedPath, entry);
  }

  /** Aborted transactions overlapping [from, to) for read_committed fetches. */
  abortedIn(from: number, to: number): AbortedTxn[] {
    const out: AbortedTxn[] = [];
    for (const t of this.aborted) if (t.lastOffset >= from && t.firstOffset < to) out.push(t);
    return out;
  }

  /**
   * The first record with a timestamp ≥ `ts` (record granularity, as Kafka): its offset and
   * timestamp, or offset and timestamp -1 when no record is that recent (Kafka's answer, which
   * clients turn into the end of the log themselves).
   */
  offsetForTimestamp(ts: number): { offset: number; timestamp: number } {
    let found: { offset: number; timestamp: number } | undefined;
    const h = newHeader();
    this.log.scan(this.log.logStartOffset, (batch) => {
      readHeader(batch, 0, h);
      if (h.maxTimestamp >= ts && !isControl(h)) {
        // the batch's records carry the timestamps (log/timestamp-lookup.ts)
        found = firstRecordAtOrAfter(batch, h, ts, this.log.logStartOffset);
        return found === undefined;
      }
      return true;
    });
    return found ?? { offset: -1, timestamp: -1 };
  }

  close(): void {
    this.log.close();
  }
}
