/** Cursor over a big-endian Kafka wire buffer. Throws a RangeError on reads past the end. */
export class Reader {
  offset: number;
  constructor(
    readonly buf: Buffer,
    offset = 0,
  ) {
    this.offset = offset;
  }

  private need(n: number): void {
    if (this.offset + n > this.buf.length) {
      throw new RangeError(
        `truncated message: need ${n} bytes at offset ${this.offset} of ${this.buf.length}`,
      );
    }
  }

  int8(): number {
    this.need(1);
    return this.buf.readInt8(this.offset++);
  }
  int16(): number {
    this.need(2);
    const v = this.buf.readInt16BE(this.offset);
    this.offset += 2;
    return v;
  }
  int32(): number {
    this.need(4);
    const v = this.buf.readInt32BE(this.offset);
    this.offset += 4;
    return v;
  }
  /** int64 as a JavaScript number: offsets, timestamps and producer ids all fit in 2^53. */
  int64(): number {
    this.need(8);
    const v = Number(this.buf.readBigInt64BE(this.offset));
    this.offset += 8;
    return v;
  }
  boolean(): boolean {
    return this.int8() !== 0;
  }
  nullableString(): string | null {
    const len = this.int16();
    if (len < 0) return null;
    this.need(len);
    const s = this.buf.toString('utf8', this.offset, this.offset + len);
    this.offset += len;
    return s;
  }
  string(): string {
    return this.nullableString() ?? '';
  }
  /** Bytes are returned as a view into the request buffer (zero copy). */
  nullableBytes(): Buffer | null {
    const len = this.int32();
    if (len < 0) return null;
    this.need(len);
    const b = this.buf.subarray(this.offset, this.offset + len);
    this.offset += len;
    return b;
  }
  bytes(): Buffer {
    return this.nullableBytes() ?? Buffer.alloc(0);
  }
}
