/**
 * The binary encoding of engine values for checkpoint files: one growing buffer per snapshot part
 * instead of a tagged object tree per entry turned into JSON text. Encoding an accumulator this way
 * costs a few typed-array writes; the tagged encoding (tagged-value.ts) allocated an object per
 * value and JSON.stringify then walked them again.
 *
 * Every value round-trips exactly, as with the tagged encoding: bigint, Uint8Array, Map, Set, -0,
 * NaN, ±Infinity, undefined (array holes read back as undefined) and frozen plain objects
 * (PreciseTimestamp). Class instances and functions are refused, as there.
 *
 * A value is one tag byte, then its payload; lengths and small integers are unsigned LEB128 varints
 * (integers zigzag-encoded), strings UTF-8 with their byte length in front.
 */

const NULL = 0;
const UNDEFINED = 1;
const FALSE = 2;
const TRUE = 3;
/** A number that is a 32-bit integer (not -0): zigzag varint. */
const INT = 4;
const FLOAT = 5;
const STRING = 6;
/** A bigint within 64 bits: 8 bytes little-endian. */
const BIGINT64 = 7;
/** A larger bigint: its decimal text. */
const BIGINT_TEXT = 8;
const ARRAY = 9;
const BYTES = 10;
const MAP = 11;
const SET = 12;
const OBJECT = 13;
const FROZEN_OBJECT = 14;
/** Before each field of an object (and each entry of a state block, binary-state.ts) ... */
export const MORE = 1;
/** ...and after the last one. */
export const END = 0;

const MIN_INT64 = -(2n ** 63n);
const MAX_INT64 = 2n ** 63n - 1n;

const textEncoder = new TextEncoder();

/** Size of the first chunk of a writer; later chunks double up to MAX_CHUNK. */
const FIRST_CHUNK = 64 * 1024;
const MAX_CHUNK = 4 * 1024 * 1024;

/**
 * Appends encoded values to a list of chunks. A full chunk is kept as it is and a new one started
 * (a value's fixed-size pieces never straddle two chunks), so a 100 MB part is never copied to grow.
 */
export class ValueWriter {
  private readonly chunks: Uint8Array[] = [];
  private buf: Buffer;
  private view: DataView;
  private pos = 0;
  private nextChunk: number;

  constructor(firstChunkBytes = FIRST_CHUNK) {
    this.buf = Buffer.allocUnsafe(firstChunkBytes);
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.nextChunk = Math.min(MAX_CHUNK, firstChunkBytes * 2);
  }

  /** The bytes written so far, as chunks to be read one after the other (take them once writing is done). */
  finish(): Uint8Array[] {
    return this.pos === 0 ? [...this.chunks] : [...this.chunks, this.buf.subarray(0, this.pos)];
  }

  private ensure(bytes: number): void {
    if (this.pos + bytes <= this.buf.length) return;
    if (this.pos > 0) this.chunks.push(this.buf.subarray(0, this.pos));
    this.buf = Buffer.allocUnsafe(Math.max(this.nextChunk, bytes));
    this.view = new DataView(this.buf.buffer, this.buf.byteOffset, this.buf.byteLength);
    this.nextChunk = Math.min(MAX_CHUNK, this.nextChunk * 2);
    this.pos = 0;
  }

  byte(b: number): void {
    this.ensure(1);
    this.buf[this.pos++] = b;
  }

  varint(n: number): void {
    this.ensure(10);
    const buf = this.buf;
    while (n >= 0x80) {
      buf[this.pos++] = (n % 0x80) | 0x80;
      n = Math.floor(n / 0x80);
    }
    buf[this.pos++] = n;
  }

  string(s: string): void {
    const n = s.length;
    // ASCII (the usual key and name) is copied char by char: cheaper than a native call per string
    if (n < 128) {
      this.ensure(1 + n);
      const start = this.pos;
      const buf = this.buf;
      buf[start] = n;
      let i = 0;
      for (; i < n; i++) {
        const c = s.charCodeAt(i);
        if (c >= 0x80) break;
        buf[start + 1 + i] = c;
      }
      if (i === n) {
        this.pos = start + 1 + n;
        return;
      }
    }
    const bytes = Buffer.byteLength(s, 'utf8');
    this.varint(bytes);
    this.ensure(bytes);
    // encodeInto measured several times faster than Buffer#write for long strings
    this.pos += textEncoder.encodeInto(s, this.buf.subarray(this.pos, this.pos + bytes)).written;
  }

  value(value: unknown): void {
    if (value === null) {
      this.byte(NULL);
      return;
    }
    switch (typeof value) {
      case 'number':
        if ((value | 0) === value && !Object.is(value, -0)) {
          this.byte(INT);
          this.varint(value >= 0 ? value * 2 : -value * 2 - 1);
        } else {
          this.ensure(9);
          this.buf[this.pos++] = FLOAT;
          this.view.setFloat64(this.pos, value, true);
          this.pos += 8;
        }
        return;
      case 'string':
        this.byte(STRING);
        this.string(value);
        return;
      case 'boolean':
        this.byte(value ? TRUE : FALSE);
        return;
      case 'undefined':
        this.byte(UNDEFINED);
        return;
      case 'bigint':
        if (value >= MIN_INT64 && value <= MAX_INT64) {
          this.ensure(9);
          this.buf[this.pos++] = BIGINT64;
          this.view.setBigInt64(this.pos, value, true);
          this.pos += 8;
        } else {
          this.byte(BIGINT_TEXT);
          this.string(value.toString());
        }
        return;
      case 'object':
        this.object(value);
        return;
      default:
        throw new TypeError(`Cannot serialise a ${typeof value} into state; store plain engine values only`);
    }
  }

  private object(value: object): void {
    if (Array.isArray(value)) {
      this.byte(ARRAY);
      const n = value.length;
      this.varint(n);
      for (let i = 0; i < n; i++) this.value(value[i]);
      return;
    }
    if (value instanceof Uint8Array) {
      this.byte(BYTES);
      this.varint(value.length);
      this.ensure(value.length);
      this.buf.set(value, this.pos);
      this.pos += value.length;
      return;
    }
    if (value instanceof Map) {
      this.byte(MAP);
      this.varint(value.size);
      for (const [k, v] of value) {
        this.value(k);
        this.value(v);
      }
      return;
    }
    if (value instanceof Set) {
      this.byte(SET);
      this.varint(value.size);
      for (const v of value) this.value(v);
      return;
    }
    const proto = Object.getPrototypeOf(value);
    if (proto !== Object.prototype && proto !== null) {
      throw new TypeError('Cannot serialise a class instance into state; use plain objects, arrays and Maps');
    }
    // each field is preceded by MORE and the last one followed by END: no count to patch in afterwards
    this.byte(Object.isFrozen(value) ? FROZEN_OBJECT : OBJECT);
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record); // V8 serves these from the object's shape (enum cache)
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i]!;
      this.byte(MORE);
      this.string(k);
      this.value(record[k]);
    }
    this.byte(END);
  }
}

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Reads values written by ValueWriter. */
export class ValueReader {
  private pos: number;
  private readonly view: DataView;

  constructor(
    private readonly buf: Uint8Array,
    start = 0,
    private readonly end = buf.length,
  ) {
    this.pos = start;
    this.view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  }

  get offset(): number {
    return this.pos;
  }

  atEnd(): boolean {
    return this.pos >= this.end;
  }

  private need(bytes: number): void {
    if (this.pos + bytes > this.end) {
      throw new Error(`Malformed binary state: ${bytes} bytes needed at offset ${this.pos} of ${this.end}`);
    }
  }

  byte(): number {
    this.need(1);
    return this.buf[this.pos++]!;
  }

  peekByte(): number {
    this.need(1);
    return this.buf[this.pos]!;
  }

  varint(): number {
    let n = 0;
    let scale = 1;
    for (;;) {
      const b = this.byte();
      n += (b & 0x7f) * scale;
      if (b < 0x80) return n;
      scale *= 0x80;
    }
  }

  string(): string {
    const bytes = this.varint();
    this.need(bytes);
    const start = this.pos;
    this.pos += bytes;
    if (bytes < 64) {
      let s = '';
      for (let i = start; i < start + bytes; i++) {
        const c = this.buf[i]!;
        if (c >= 0x80) return utf8.decode(this.buf.subarray(start, start + bytes));
        s += String.fromCharCode(c);
      }
      return s;
    }
    return utf8.decode(this.buf.subarray(start, start + bytes));
  }

  value(): unknown {
    const tag = this.byte();
    switch (tag) {
      case NULL:
        return null;
      case UNDEFINED:
        return undefined;
      case FALSE:
        return false;
      case TRUE:
        return true;
      case INT: {
        const z = this.varint();
        return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
      }
      case FLOAT: {
        this.need(8);
        const v = this.view.getFloat64(this.pos, true);
        this.pos += 8;
        return v;
      }
      case STRING:
        return this.string();
      case BIGINT64: {
        this.need(8);
        const v = this.view.getBigInt64(this.pos, true);
        this.pos += 8;
        return v;
      }
      case BIGINT_TEXT:
        return BigInt(this.string());
      case ARRAY: {
        const n = this.varint();
        const out = new Array<unknown>(n);
        for (let i = 0; i < n; i++) out[i] = this.value();
        return out;
      }
      case BYTES: {
        const n = this.varint();
        this.need(n);
        // a copy: the input may be a Buffer, whose slice() would share the file's memory
        const out = new Uint8Array(n);
        out.set(this.buf.subarray(this.pos, this.pos + n));
        this.pos += n;
        return out;
      }
      case MAP: {
        const n = this.varint();
        const out = new Map<unknown, unknown>();
        for (let i = 0; i < n; i++) {
          const k = this.value();
          out.set(k, this.value());
        }
        return out;
      }
      case SET: {
        const n = this.varint();
        const out = new Set<unknown>();
        for (let i = 0; i < n; i++) out.add(this.value());
        return out;
      }
      case OBJECT:
      case FROZEN_OBJECT: {
        const out: Record<string, unknown> = {};
        for (let more = this.byte(); more !== END; more = this.byte()) {
          if (more !== MORE)
            throw new Error(`Malformed binary state: bad field marker ${more} at offset ${this.pos - 1}`);
          const k = this.string();
          out[k] = this.value();
        }
        return tag === FROZEN_OBJECT ? Object.freeze(out) : out;
      }
      default:
        throw new Error(`Malformed binary state: unknown value tag ${tag} at offset ${this.pos - 1}`);
    }
  }
}

/** Encodes one value on its own (tests, small parts). */
export function encodeBinary(value: unknown): Uint8Array {
  const w = new ValueWriter(256);
  w.value(value);
  return Buffer.concat(w.finish());
}

export function decodeBinary(bytes: Uint8Array): unknown {
  const r = new ValueReader(bytes);
  const value = r.value();
  if (!r.atEnd()) throw new Error(`Malformed binary state: ${bytes.length - r.offset} bytes after the value`);
  return value;
}
