/**
 * Growable big-endian writer. Large byte fields (record batches read from disk) are appended by
 * reference as separate chunks, so a fetch response never copies stored batches.
 */
const CHUNK = 16 * 1024;

export class Writer {
  private readonly chunks: Buffer[] = [];
  private buf: Buffer;
  private pos = 0;
  private flushedLength = 0;

  constructor(initial = CHUNK) {
    this.buf = Buffer.allocUnsafe(initial);
  }

  get length(): number {
    return this.flushedLength + this.pos;
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return;
    this.flushCurrent();
    this.buf = Buffer.allocUnsafe(Math.max(CHUNK, n));
  }

  private flushCurrent(): void {
    if (this.pos > 0) {
      this.chunks.push(this.buf.subarray(0, this.pos));
      this.flushedLength += this.pos;
      this.buf = this.buf.subarray(this.pos);
      this.pos = 0;
    }
  }

  int8(v: number): this {
    this.ensure(1);
    this.buf.writeInt8(v, this.pos++);
    return this;
  }
  int16(v: number): this {
    this.ensure(2);
    this.buf.writeInt16BE(v, this.pos);
    this.pos += 2;
    return this;
  }
  int32(v: number): this {
    this.ensure(4);
    this.buf.writeInt32BE(v, this.pos);
    this.pos += 4;
    return this;
  }
  int64(v: number): this {
    this.ensure(8);
    this.buf.writeBigInt64BE(BigInt(v), this.pos);
    this.pos += 8;
    return this;
  }
  boolean(v: boolean): this {
    return this.int8(v ? 1 : 0);
  }
  nullableString(v: string | null): this {
    if (v === null) return this.int16(-1);
    const len = Buffer.byteLength(v);
    this.int16(len);
    this.ensure(len);
    this.buf.write(v, this.pos, 'utf8');
    this.pos += len;
    return this;
  }
  /** Appends raw bytes; buffers of 4 KiB or more are kept by reference. */
  raw(b: Uint8Array): this {
    if (b.length >= 4096) {
      this.flushCurrent();
      this.chunks.push(Buffer.isBuffer(b) ? b : Buffer.from(b.buffer, b.byteOffset, b.length));
      this.flushedLength += b.length;
      return this;
    }
    this.ensure(b.length);
    this.buf.set(b, this.pos);
    this.pos += b.length;
    return this;
  }
  nullableBytes(v: Uint8Array | null): this {
    if (v === null) return this.int32(-1);
    this.int32(v.length);
    return this.raw(v);
  }
  /** A bytes field made of several stored batches laid end to end. */
  byteChunks(parts: readonly Uint8Array[] | null): this {
    if (parts === null) return this.int32(-1);
    let total = 0;
    for (const p of parts) total += p.length;
    this.int32(total);
    for (const p of parts) this.raw(p);
    return this;
  }

  /** The written chunks, in order. */
  toChunks(): Buffer[] {
    this.flushCurrent();
    return this.chunks;
  }

  toBuffer(): Buffer {
    const chunks = this.toChunks();
    return chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks);
  }
}
