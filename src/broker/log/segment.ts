/**
 * One log segment: `<baseOffset padded to 20 digits>.log` holding record batches back to back exactly
 * as stored, and a sparse `.index` of (relative offset int32, file position int32) pairs, one entry
 * per `INDEX_INTERVAL` bytes of log. The index is an accelerator only: it is rebuilt on recovery.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { checkBatch, HEADER_SIZE, LOG_OVERHEAD, newHeader, Pos } from '../records/batch.ts';

export const INDEX_INTERVAL = 4096;
const RECOVERY_CHUNK = 1 << 20;

export const segmentName = (baseOffset: number, ext: string): string =>
  `${String(baseOffset).padStart(20, '0')}${ext}`;

export class Segment {
  readonly logPath: string;
  readonly indexPath: string;
  private fd: number;
  private indexFd: number;
  size = 0;
  /** Offset after the last record in this segment. */
  nextOffset: number;
  maxTimestamp = -1;
  /** When the segment was created (used by segment.ms rolling). */
  readonly createdAt = Date.now();
  private readonly idxOffsets: number[] = [];
  private readonly idxPositions: number[] = [];
  private bytesSinceIndex = 0;

  constructor(
    readonly dir: string,
    readonly baseOffset: number,
  ) {
    this.logPath = path.join(dir, segmentName(baseOffset, '.log'));
    this.indexPath = path.join(dir, segmentName(baseOffset, '.index'));
    this.fd = fs.openSync(this.logPath, fs.existsSync(this.logPath) ? 'r+' : 'w+');
    this.indexFd = fs.openSync(this.indexPath, 'w+');
    this.nextOffset = baseOffset;
  }

  /**
   * Scans the file batch by batch, rebuilding the index and the offsets; stops at the first batch that
   * is incomplete or fails its CRC and truncates the file there (a torn tail from a crash).
   * Returns the number of bytes cut off.
   */
  recover(verifyCrc: boolean, onBatch?: (batch: Buffer) => void): number {
    const fileSize = fs.fstatSync(this.fd).size;
    const h = newHeader();
    const peek = Buffer.alloc(LOG_OVERHEAD);
    let pos = 0;
    let buf = Buffer.alloc(0);
    let bufStart = 0;
    this.idxOffsets.length = 0;
    this.idxPositions.length = 0;
    this.bytesSinceIndex = INDEX_INTERVAL;
    while (pos < fileSize) {
      let rel = pos - bufStart;
      if (
        rel + LOG_OVERHEAD > buf.length ||
        rel + buf.readInt32BE(rel + Pos.batchLength) + LOG_OVERHEAD > buf.length
      ) {
        // Reload so that the whole batch at `pos` is in memory.
        if (fileSize - pos < LOG_OVERHEAD) break;
        fs.readSync(this.fd, peek, 0, LOG_OVERHEAD, pos);
        const need = peek.readInt32BE(Pos.batchLength) + LOG_OVERHEAD;
        if (need < HEADER_SIZE || need > fileSize - pos) break;
        buf = Buffer.alloc(Math.min(Math.max(RECOVERY_CHUNK, need), fileSize - pos));
        fs.readSync(this.fd, buf, 0, buf.length, pos);
        bufStart = pos;
        rel = 0;
      }
      if (checkBatch(buf, rel, h, verifyCrc) !== null) break;
      if (onBatch) onBatch(buf.subarray(rel, rel + h.size));
      this.noteAppended(h.baseOffset, h.baseOffset + h.lastOffsetDelta + 1, h.maxTimestamp, pos, h.size);
      pos += h.size;
    }
    const cut = fileSize - pos;
    if (cut > 0) fs.ftruncateSync(this.fd, pos);
    this.size = pos;
    this.rewriteIndex();
    return cut;
  }

  private noteAppended(
    baseOffset: number,
    nextOffset: number,
    maxTs: number,
    pos: number,
    size: number,
  ): void {
    if (this.bytesSinceIndex >= INDEX_INTERVAL) {
      this.idxOffsets.push(baseOffset);
      this.idxPositions.push(pos);
      this.bytesSinceIndex = 0;
    }
    this.bytesSinceIndex += size;
    this.nextOffset = nextOffset;
    if (maxTs > this.maxTimestamp) this.maxTimestamp = maxTs;
  }

  private rewriteIndex(): void {
    const out = Buffer.alloc(this.idxOffsets.length * 8);
    for (let i = 0; i < this.idxOffsets.length; i++) {
      out.writeInt32BE(this.idxOffsets[i]! - this.baseOffset, i * 8);
      out.writeInt32BE(this.idxPositions[i]!, i * 8 + 4);
    }
    fs.ftruncateSync(this.indexFd, 0);
    fs.writeSync(this.indexFd, out, 0, out.length, 0);
  }

  /** Appends one batch whose baseOffset is already set. */
  append(batch: Buffer, baseOffset: number, nextOffset: number, maxTs: number): void {
    const pos = this.size;
    const before = this.idxOffsets.length;
    fs.writeSync(this.fd, batch, 0, batch.length, pos);
    this.size += batch.length;
    this.noteAppended(baseOffset, nextOffset, maxTs, pos, batch.length);
    if (this.idxOffsets.length > before) {
      const entry = Buffer.allocUnsafe(8);
      entry.writeInt32BE(baseOffset - this.baseOffset, 0);
      entry.writeInt32BE(pos, 4);
      fs.writeSync(this.indexFd, entry, 0, 8, before * 8);
    }
  }

  sync(): void {
    fs.fsyncSync(this.fd);
  }

  /** File position of a batch starting at or before `offset` (from the sparse index). */
  lookup(offset: number): number {
    let lo = 0;
    let hi = this.idxOffsets.length - 1;
    let best = 0;
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1;
      if (this.idxOffsets[mid]! <= offset) {
        best = this.idxPositions[mid]!;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return best;
  }

  read(buf: Buffer, position: number): number {
    return fs.readSync(this.fd, buf, 0, Math.min(buf.length, this.size - position), position);
  }

  close(): void {
    fs.closeSync(this.fd);
    fs.closeSync(this.indexFd);
  }

  delete(): void {
    this.close();
    fs.rmSync(this.logPath, { force: true });
    fs.rmSync(this.indexPath, { force: true });
  }
}
