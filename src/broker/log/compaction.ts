/**
 * Log compaction for `cleanup.policy=compact`: closed segments are rewritten keeping, for each key,
 * only the record with the highest offset in the whole log. Tombstones (null values) are dropped once
 * their batch is older than delete.retention.ms. Records are copied byte for byte; a batch that loses
 * records is rebuilt with the same base offset and last offset delta (so offsets never move) and a
 * new CRC. Batches in a codec the broker cannot decode (snappy, lz4, zstd) and control batches are kept whole.
 */
import {
  Attr,
  type BatchHeader,
  buildBatch,
  Compression,
  isControl,
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

export function compactPartition(p: Partition, settings: TopicSettings, now: number): void {
  const closed = p.log.closedSegments();
  if (closed.length === 0 || compactedAt.get(p) === p.log.logEndOffset) return;
  compactedAt.set(p, p.log.logEndOffset);

  // Pass 1: the latest offset of every key.
  const latest = new Map<string, number>();
  const h = newHeader();
  p.log.scan(p.log.logStartOffset, (batch) => {
    readHeader(batch, 0, h);
    if (isControl(h) || !decodable(h)) return true;
    const data = recordsSection(batch, h.attributes);
    const base = h.baseOffset;
    forEachRecord(data, h.recordCount, (r) => {
      if (r.keyLength >= 0)
        latest.set(data.toString('latin1', r.keyStart, r.keyStart + r.keyLength), base + r.offsetDelta);
    });
    return true;
  });

  // Pass 2: rewrite each closed segment old enough to be compacted.
  for (const seg of closed) {
    if (seg.maxTimestamp >= 0 && now - seg.maxTimestamp < settings.minCompactionLagMs) continue;
    const kept: Buffer[] = [];
    let changed = false;
    p.log.scan(seg.baseOffset, (batch) => {
      readHeader(batch, 0, h);
      if (h.baseOffset >= seg.nextOffset) return false;
      if (isControl(h) || !decodable(h)) {
        kept.push(batch);
        return true;
      }
      const data = recordsSection(batch, h.attributes);
      const dropTombstones = now - h.maxTimestamp > settings.deleteRetentionMs;
      const parts: Buffer[] = [];
      let count = 0;
      forEachRecord(data, h.recordCount, (r) => {
        const offset = h.baseOffset + r.offsetDelta;
        const keep =
          r.keyLength < 0 ||
          (latest.get(data.toString('latin1', r.keyStart, r.keyStart + r.keyLength)) === offset &&
            !(r.valueLength < 0 && dropTombstones));
        if (keep) {
          parts.push(data.subarray(r.start, r.end));
          count++;
        }
      });
      if (count === h.recordCount) {
        kept.push(batch);
        return true;
      }
      changed = true;
      if (count === 0) return true;
      kept.push(
        buildBatch({
          baseOffset: h.baseOffset,
          attributes: h.attributes,
          lastOffsetDelta: h.lastOffsetDelta,
          baseTimestamp: h.baseTimestamp,
          maxTimestamp: h.maxTimestamp,
          producerId: h.producerId,
          producerEpoch: h.producerEpoch,
          baseSequence: h.baseSequence,
          recordCount: count,
          records: compressSection(Buffer.concat(parts), h.attributes),
        }),
      );
      return true;
    });
    if (changed) p.log.replaceSegment(seg, kept);
  }
}
