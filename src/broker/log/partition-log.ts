/**
 * The append-only log of one partition: a directory of segments. Offsets are assigned here; batches
 * are stored byte for byte as received except for their baseOffset.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { LOG_OVERHEAD, Pos } from '../records/batch.ts';
import { INDEX_INTERVAL, Segment } from './segment.ts';

export interface LogConfig {
  segmentBytes: number;
  segmentMs: number;
  /** fsync after this many messages (1 = every append). */
  flushMessages: number;
  flushMs: number;
  retentionMs: number;
  retentionBytes: number;
}

export interface RecoveryReport {
  truncatedBytes: number;
}

export class PartitionLog {
  private segments: Segment[] = [];
  private unflushed = 0;
  private lastFlush = Date.now();

  constructor(
    readonly dir: string,
    private readonly config: () => LogConfig,
  ) {}

  /**
   * Opens (or creates) the directory and recovers it: every segment is walked to rebuild its index;
   * the last one is also CRC-checked and truncated at the first torn or corrupt batch.
   * `onBatch` sees every valid batch of every segment, oldest first (to rebuild producer state: a
   * transaction may have begun in an older segment than the one holding its marker).
   */
  open(onBatch: (batch: Buffer) => void): RecoveryReport {
    fs.mkdirSync(this.dir, { recursive: true });
    const bases = fs
      .readdirSync(this.dir)
      .filter((f) => f.endsWith('.log'))
      .map((f) => Number(f.slice(0, -4)))
      .sort((a, b) => a - b);
    let truncatedBytes = 0;
    for (let i = 0; i < bases.length; i++) {
      const seg = new Segment(this.dir, bases[i]!);
      const last = i === bases.length - 1;
      truncatedBytes += seg.recover(last, onBatch);
      this.segments.push(seg);
    }
    if (this.segments.length === 0) this.segments.push(new Segment(this.dir, 0));
    return { truncatedBytes };
  }

  get logStartOffset(): number {
    return this.segments[0]!.baseOffset;
  }

  get logEndOffset(): number {
    return this.active.nextOffset;
  }

  get sizeBytes(): number {
    let n = 0;
    for (const s of this.segments) n += s.size;
    return n;
  }

  private get active(): Segment {
    return this.segments[this.segments.length - 1]!;
  }

  /**
   * Appends a validated record set (one or more batches), rewriting each baseOffset in place.
   * Returns the base offset of the first batch. Fsyncs when the flush policy asks for it or `sync`.
   */
  append(records: Buffer, sync: boolean): number {
    const cfg = this.config();
    const first = this.logEndOffset;
    let pos = 0;
    let messages = 0;
    while (pos < records.length) {
      const size = records.readInt32BE(pos + Pos.batchLength) + LOG_OVERHEAD;
      const delta = records.readInt32BE(pos + Pos.lastOffsetDelta);
      const maxTs = Number(records.readBigInt64BE(pos + Pos.maxTimestamp));
      const base = this.logEndOffset;
      records.writeBigInt64BE(BigInt(base), pos);
      this.maybeRoll(cfg, size);
      this.active.append(records.subarray(pos, pos + size), base, base + delta + 1, maxTs);
      messages += delta + 1;
      pos += size;
    }
    this.unflushed += messages;
    if (sync || this.unflushed >= cfg.flushMessages || Date.now() - this.lastFlush >= cfg.flushMs)
      this.flush();
    return first;
  }

  private maybeRoll(cfg: LogConfig, incoming: number): void {
    const a = this.active;
    if (a.size === 0) return;
    if (a.size + incoming > cfg.segmentBytes || Date.now() - a.createdAt >= cfg.segmentMs) this.roll();
  }

  private roll(): void {
    this.active.sync();
    this.segments.push(new Segment(this.dir, this.logEndOffset));
  }

  flush(): void {
    if (this.unflushed === 0) return;
    this.active.sync();
    this.unflushed = 0;
    this.lastFlush = Date.now();
  }

  /** Flushes when flush.ms has elapsed with unflushed data (called from the broker's housekeeping). */
  flushIfDue(now: number): void {
    if (this.unflushed > 0 && now - this.lastFlush >= this.config().flushMs) this.flush();
  }

  private segmentIndexFor(offset: number): number {
    let lo = 0;
    let hi = this.segments.length - 1;
    let best = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.segments[mid]!.baseOffset <= offset) {
        best = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  }

  /**
   * Whole stored batches covering offsets from `fetchOffset`, below `upTo`, up to about `maxBytes`
   * (the first batch is returned whole even when larger). The buffers are views over file reads.
   */
  read(fetchOffset: number, maxBytes: number, upTo: number): Buffer[] {
    const out: Buffer[] = [];
    if (fetchOffset >= upTo) return out;
    let total = 0;
    for (let si = this.segmentIndexFor(fetchOffset); si < this.segments.length; si++) {
      const seg = this.segments[si]!;
      let pos = seg.lookup(fetchOffset);
      if (seg.baseOffset > fetchOffset) pos = 0;
      while (pos < seg.size) {
        const want = Math.min(seg.size - pos, Math.max(maxBytes - total, 0) + INDEX_INTERVAL * 2);
        let window = Buffer.allocUnsafe(want);
        seg.read(window, pos);
        let rel = 0;
        let keepFrom = -1;
        let done = false;
        while (rel + LOG_OVERHEAD <= window.length) {
          const size = window.readInt32BE(rel + Pos.batchLength) + LOG_OVERHEAD;
          if (rel + size > window.length) {
            if (out.length === 0 && keepFrom < 0 && rel === 0) {
              // A single batch larger than the window: read it whole.
              window = Buffer.allocUnsafe(size);
              seg.read(window, pos);
              continue;
            }
            break;
          }
          const base = Number(window.readBigInt64BE(rel));
          if (base >= upTo) {
            done = true;
            break;
          }
          const last = base + window.readInt32BE(rel + Pos.lastOffsetDelta);
          if (last >= fetchOffset) {
            if (total + size > maxBytes && (total > 0 || out.length > 0)) {
              done = true;
              break;
            }
            if (keepFrom < 0) keepFrom = rel;
            total += size;
          }
          rel += size;
        }
        if (keepFrom >= 0) out.push(window.subarray(keepFrom, rel));
        if (done || total >= maxBytes) return out;
        if (rel === 0) break;
        pos += rel;
      }
    }
    return out;
  }

  /** Visits every stored batch from `fromOffset` (used by ListOffsets-by-time and compaction). */
  scan(fromOffset: number, visit: (batch: Buffer) => boolean | undefined): void {
    let offset = fromOffset;
    for (;;) {
      const chunks = this.read(offset, 1 << 20, Number.MAX_SAFE_INTEGER);
      if (chunks.length === 0) return;
      for (const chunk of chunks) {
        let rel = 0;
        while (rel < chunk.length) {
          const size = chunk.readInt32BE(rel + Pos.batchLength) + LOG_OVERHEAD;
          const batch = chunk.subarray(rel, rel + size);
          if (visit(batch) === false) return;
          offset = Number(batch.readBigInt64BE(0)) + batch.readInt32BE(Pos.lastOffsetDelta) + 1;
          rel += size;
        }
      }
    }
  }

  /** Deletes whole old segments past retention.ms / retention.bytes; returns how many were removed. */
  enforceRetention(now: number): number {
    const cfg = this.config();
    let removed = 0;
    const expired = (s: Segment) =>
      cfg.retentionMs >= 0 && s.maxTimestamp >= 0 && now - s.maxTimestamp > cfg.retentionMs;
    if (this.active.size > 0 && expired(this.active)) this.roll();
    let size = this.sizeBytes;
    while (this.segments.length > 1) {
      const oldest = this.segments[0]!;
      const overSize = cfg.retentionBytes >= 0 && size - oldest.size >= cfg.retentionBytes;
      if (!expired(oldest) && !overSize) break;
      size -= oldest.size;
      oldest.delete();
      this.segments.shift();
      removed++;
    }
    return removed;
  }

  /** Segments other than the active one (compaction candidates). */
  closedSegments(): readonly Segment[] {
    return this.segments.slice(0, -1);
  }

  /** Replaces a closed segment's content with `batches` (compaction), keeping its base offset. */
  replaceSegment(seg: Segment, batches: readonly Buffer[]): void {
    const i = this.segments.indexOf(seg);
    if (i < 0 || i === this.segments.length - 1) return;
    const tmpDir = path.join(this.dir, '.compact');
    fs.mkdirSync(tmpDir, { recursive: true });
    const tmp = new Segment(tmpDir, seg.baseOffset);
    for (const b of batches) {
      const base = Number(b.readBigInt64BE(0));
      tmp.append(
        b,
        base,
        base + b.readInt32BE(Pos.lastOffsetDelta) + 1,
        Number(b.readBigInt64BE(Pos.maxTimestamp)),
      );
    }
    tmp.sync();
    tmp.close();
    seg.close();
    fs.renameSync(tmp.logPath, seg.logPath);
    fs.rmSync(tmpDir, { recursive: true, force: true });
    const fresh = new Segment(this.dir, seg.baseOffset);
    fresh.recover(false);
    // Offsets past the segment's last kept batch still belong to it (they were compacted away).
    fresh.nextOffset = Math.max(fresh.nextOffset, seg.nextOffset);
    this.segments[i] = fresh;
  }

  close(): void {
    this.flush();
    for (const s of this.segments) s.close();
  }

  deleteAll(): void {
    for (const s of this.segments) s.close();
    fs.rmSync(this.dir, { recursive: true, force: true });
  }
}
