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
 * The offset and timestamp of the first record of `batch` at or after `fromOffset` whose timestamp
 * is ≥ `ts`, or undefined when it has none. `h` is the batch's header (already read). A batch the
 * broker cannot decode answers its base offset with its max timestamp.
 */
export function firstRecordAtOrAfter(
  batch: Buffer,
  h: BatchHeader,
  ts: number,
  fromOffset: number,
): { offset: number; timestamp: number } | undefined {
  if (h.maxTimestamp < ts || h.recordCount === 0 || batch.length < HEADER_SIZE) return undefined;
  const whole = { offset: Math.max(h.baseOffset, fromOffset), timestamp: h.maxTimestamp };
  let section: Buffer;
  try {
    section = recordsSection(batch, h.attributes);
  } catch {
    return whole;
  }
  let found: { offset: number; timestamp: number } | undefined;
  try {
    forEachRecord(section, h.recordCount, (r) => {
      const offset = h.baseOffset + r.offsetDelta;
      const timestamp = h.baseTimestamp + r.timestampDelta;
      if (found === undefined && offset >= fromOffset && timestamp >= ts) found = { offset, timestamp };
    });
  } catch {
    return whole;
  }
  return found;
}
