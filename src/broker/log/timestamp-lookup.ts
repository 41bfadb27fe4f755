/**
 * ListOffsets by timestamp at record granularity, as Kafka resolves it: the offset of the first
 * RECORD whose timestamp is ≥ the target, not the base offset of the first batch whose max
 * timestamp is. A batch's records carry timestamps as deltas from the batch's base timestamp, so
 * the batch's records section is decoded (uncompressed and gzip, as compaction does); a batch in a
 * codec the broker cannot read (snappy, lz4, zstd) resolves to its base offset.
 */
import { type BatchHeader, HEADER_SIZE } from '../records/batch.ts';
import { forEachRecord, recordsSection } from '../records/record.ts';

/**
 * The offset of the first record of `batch` at or after `fromOffset` whose timestamp is ≥ `ts`,
 * or undefined when it has none. `h` is the batch's header (already read).
 */
export function firstRecordAtOrAfter(
  batch: Buffer,
  h: BatchHeader,
  ts: number,
  fromOffset: number,
): number | undefined {
  if (h.maxTimestamp < ts || h.recordCount === 0 || batch.length < HEADER_SIZE) return undefined;
  let section: Buffer;
  try {
    section = recordsSection(batch, h.attributes);
  } catch {
    return Math.max(h.baseOffset, fromOffset);
  }
  let found: number | undefined;
  try {
    forEachRecord(section, h.recordCount, (r) => {
      const offset = h.baseOffset + r.offsetDelta;
      if (found === undefined && offset >= fromOffset && h.baseTimestamp + r.timestampDelta >= ts) {
        found = offset;
      }
    });
  } catch {
    return Math.max(h.baseOffset, fromOffset);
  }
  return found;
}
