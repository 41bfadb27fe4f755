/**
 * Log compaction for `cleanup.policy=compact`, following Kafka's log cleaner:
 *
 * - Only closed segments entirely below the last stable offset are cleaned: records of a transaction
 *   still open may yet be aborted, so they neither get cleaned nor shadow older records.
 * - For each key only the record with the highest offset among committed records survives. Records
 *   of aborted transactions are removed and never count as the latest value of a key (else an
 *   aborted write would erase the committed value before it).
 * - Tombstones (null values) go once their batch is older than `delete.retention.ms`.
 * - A transaction marker (control batch) stays while any record of its transaction remains before
 *   it; once none does, it is removed like a tombstone, after `delete.retention.ms`.
 *
 * Records are copied byte for byte; a batch that loses records is rebuilt with the same base offset
 * and last offset delta (so offsets never move) and a new CRC. Batches in a codec the broker cannot
 * decode (snappy, lz4, zstd) are kept whole.
 */
import {
  Attr,
  type BatchHeader,
  buildBatch,
  Compression,
  isControl,
  isTransactional,
  newHeader,
  readHeader,
} from '../records/batch.ts';
import { compressSection, forEachRecord, recordsSection } from '../records/record.ts';
import type { TopicSettings } from '../topics/config.ts';
import type { Partition } from '../topics/partition.ts';

/** Log end offset at the last compaction of each partition: nothing new, nothing to do. */
const compactedAt = new WeakMap<Partition, number>();

const decodable = (h: BatchHeader): boolean => {
  const codec = h.attributes & Attr.compressionMask;
  return codec === Compression.none || codec === Compression.gzip;
};

/** Whether a transactional data batch belongs to an aborted transaction (from the aborted index). */
function abortedBatches(p: Partition): (h: BatchHeader) => boolean {
  const ranges = new Map<number, { first: number; last: number }[]>();
  for (const t of p.aborted) {
    let list = ranges.get(t.producerId);
    if (list === undefined) ranges.set(t.producerId, (list = []));
    list.push({ first: t.firstOffset, last: t.lastOffset });
  }
  return (h) =>
    isTransactional(h) &&
    (ranges.get(h.producerId)?.some((r) => h.baseOffset >= r.first && h.baseOffset <= r.last) ?? false);
}

export function compactPartition(p: Partition, settings: TopicSettings, now: number): void {
  const stable = p.lastStableOffset;
  const cleanable = p.log.closedSegments().filter((s) => s.nextOffset <= stable);
  if (cleanable.length === 0 || compactedAt.get(p) === p.log.logEndOffset) return;
  compactedAt.set(p, p.log.logEndOffset);
  const isAborted = abortedBatches(p);

  // Pass 1: the latest offset of every key among committed records below the last stable offset.
  const latest = new Map<string, number>();
  const h = newHeader();
  p.log.scan(p.log.logStartOffset, (batch) => {
    readHeader(batch, 0, h);
    if (h.baseOffset >= stable) return false;
    if (isControl(h) || !decodable(h) || isAborted(h)) return true;
    const data = recordsSection(batch, h.attributes);
    const base = h.baseOffset;
    forEachRecord(data, h.recordCount, (r) => {
      if (r.keyLength >= 0)
        latest.set(data.toString('latin1', r.keyStart, r.keyStart + r.keyLength), base + r.offsetDelta);
    });
    return true;
  });

  // Pass 2: walk the cleanable segments in order (the transaction tracking needs every one) and
  // rewrite those old enough to be compacted.
  /** Producers whose current transaction still has records in the log before the scan position. */
  const txnHasRecords = new Set<number>();
  for (const seg of cleanable) {
    const rewrite = !(seg.maxTimestamp >= 0 && now - seg.maxTimestamp < settings.minCompactionLagMs);
    const kept: Buffer[] = [];
    let changed = false;
    p.log.scan(seg.baseOffset, (batch) => {
      readHeader(batch, 0, h);
      if (h.baseOffset >= seg.nextOffset) return false;
      if (isControl(h)) {
        const expired = now - h.maxTimestamp > settings.deleteRetentionMs;
        if (rewrite && expired && !txnHasRecords.has(h.producerId)) changed = true;
        else kept.push(batch);
        txnHasRecords.delete(h.producerId);
        return true;
      }
      if (!rewrite || !decodable(h)) {
        if (isTransactional(h)) txnHasRecords.add(h.producerId);
        kept.push(batch);
        return true;
      }
      if (isAborted(h)) {
        changed = true;
        return true;
      }
      const compacted = compactBatch(batch, h, latest, now - h.maxTimestamp > settings.deleteRetentionMs);
      if (compacted === undefined) {
        changed = true;
        return true;
      }
      if (compacted !== batch) changed = true;
      if (isTransactional(h)) txnHasRecords.add(h.producerId);
      kept.push(compacted);
      return true;
    });
    if (changed) p.log.replaceSegment(seg, kept);
  }
}

/**
 * The batch keeping only each key's latest record (and, unless `dropTombstones`, tombstones that
 * are latest): the batch itself when nothing goes, a rebuilt one, or undefined when nothing stays.
 */
function compactBatch(
  batch: Buffer,
  h: BatchHeader,
  latest: ReadonlyMap<string, number>,
  dropTombstones: boolean,
): Buffer | undefined {
  const data = recordsSection(batch, h.attributes);
  const parts: Buffer[] = [];
  forEachRecord(data, h.recordCount, (r) => {
    const offset = h.baseOffset + r.offsetDelta;
    const keep =
      r.keyLength < 0 ||
      (latest.get(data.toString('latin1', r.keyStart, r.keyStart + r.keyLength)) === offset &&
        !(r.valueLength < 0 && dropTombstones));
    if (keep) parts.push(data.subarray(r.start, r.end));
  });
  if (parts.length === h.recordCount) return batch;
  if (parts.length === 0) return undefined;
  return buildBatch({
    baseOffset: h.baseOffset,
    attributes: h.attributes,
    lastOffsetDelta: h.lastOffsetDelta,
    baseTimestamp: h.baseTimestamp,
    maxTimestamp: h.maxTimestamp,
    producerId: h.producerId,
    producerEpoch: h.producerEpoch,
    baseSequence: h.baseSequence,
    recordCount: parts.length,
    records: compressSection(Buffer.concat(parts), h.attributes),
  });
}
