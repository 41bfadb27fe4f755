/**
 * Schema-driven codec: each API declares its request and response bodies as data (fields with
 * version ranges), and one generic encoder/decoder walks them. Only non-flexible versions exist.
 */
import { Reader } from './reader.ts';
import type { Writer } from './writer.ts';

export type Primitive =
  | 'int8'
  | 'int16'
  | 'int32'
  | 'int64'
  | 'boolean'
  | 'string'
  | 'nullableString'
  | 'bytes'
  | 'nullableBytes'
  /** Record batches: nullable bytes; encoded from a Buffer or a list of stored batch buffers. */
  | 'records';

export interface ArrayType {
  readonly kind: 'array';
  readonly of: Primitive | Struct;
  /** Versions in which a null (-1 length) array is allowed. */
  readonly nullable?: readonly [number, number];
}

export type FieldType = Primitive | ArrayType;

export interface Field {
  readonly name: string;
  readonly type: FieldType;
  /** Inclusive version range in which the field is on the wire; absent means every version. */
  readonly versions?: readonly [number, number];
  /** Value used when decoding a version without the field. */
  readonly default?: unknown;
}

export type Struct = readonly Field[];

export const arrayOf = (of: Primitive | Struct, nullable?: readonly [number, number]): ArrayType =>
  nullable ? { kind: 'array', of, nullable } : { kind: 'array', of };

export const from = (min: number): readonly [number, number] => [min, 32767];
export const upTo = (max: number): readonly [number, number] => [0, max];

const inVersion = (f: Field, v: number): boolean =>
  f.versions === undefined || (v >= f.versions[0] && v <= f.versions[1]);

export type Decoded = Record<string, unknown>;

function defaultFor(t: FieldType): unknown {
  if (typeof t !== 'string') return [];
  switch (t) {
    case 'int8':
    case 'int16':
    case 'int32':
    case 'int64':
      return 0;
    case 'boolean':
      return false;
    case 'string':
      return '';
    case 'bytes':
      return Buffer.alloc(0);
    default:
      return null;
  }
}

function readPrimitive(r: Reader, t: Primitive): unknown {
  switch (t) {
    case 'int8':
      return r.int8();
    case 'int16':
      return r.int16();
    case 'int32':
      return r.int32();
    case 'int64':
      return r.int64();
    case 'boolean':
      return r.boolean();
    case 'string':
      return r.string();
    case 'nullableString':
      return r.nullableString();
    case 'bytes':
      return r.bytes();
    case 'nullableBytes':
    case 'records':
      return r.nullableBytes();
  }
}

function readType(r: Reader, t: FieldType, version: number): unknown {
  if (typeof t === 'string') return readPrimitive(r, t);
  const n = r.int32();
  if (n < 0) {
    if (t.nullable && version >= t.nullable[0] && version <= t.nullable[1]) return null;
    return [];
  }
  if (n > r.buf.length - r.offset) throw new RangeError(`array length ${n} exceeds the message`);
  const out: unknown[] = new Array(n);
  for (let i = 0; i < n; i++) {
    out[i] = typeof t.of === 'string' ? readPrimitive(r, t.of) : readStruct(r, t.of, version);
  }
  return out;
}

export function readStruct(r: Reader, s: Struct, version: number): Decoded {
  const out: Decoded = {};
  for (const f of s) {
    out[f.name] = inVersion(f, version) ? readType(r, f.type, version) : (f.default ?? defaultFor(f.type));
  }
  return out;
}

export function decode(buf: Buffer, offset: number, s: Struct, version: number): Decoded {
  return readStruct(new Reader(buf, offset), s, version);
}

function writePrimitive(w: Writer, t: Primitive, v: unknown, name: string): void {
  switch (t) {
    case 'int8':
      w.int8(num(v, name));
      return;
    case 'int16':
      w.int16(num(v, name));
      return;
    case 'int32':
      w.int32(num(v, name));
      return;
    case 'int64':
      w.int64(num(v, name));
      return;
    case 'boolean':
      w.boolean(v === true);
      return;
    case 'string':
      w.nullableString(typeof v === 'string' ? v : '');
      return;
    case 'nullableString':
      w.nullableString(typeof v === 'string' ? v : null);
      return;
    case 'bytes':
    case 'nullableBytes':
    case 'records':
      if (Array.isArray(v)) w.byteChunks(v as Uint8Array[]);
      else if (v instanceof Uint8Array) w.nullableBytes(v);
      else w.nullableBytes(t === 'bytes' ? Buffer.alloc(0) : null);
      return;
  }
}

function num(v: unknown, name: string): number {
  if (typeof v === 'number') return v;
  if (v === undefined || v === null) return 0;
  throw new TypeError(`field ${name}: expected a number, got ${typeof v}`);
}

function writeType(w: Writer, t: FieldType, v: unknown, version: number, name: string): void {
  if (typeof t === 'string') {
    writePrimitive(w, t, v, name);
    return;
  }
  if (v === null || v === undefined) {
    w.int32(t.nullable && v === null ? -1 : 0);
    return;
  }
  if (!Array.isArray(v)) throw new TypeError(`field ${name}: expected an array`);
  w.int32(v.length);
  for (const item of v) {
    if (typeof t.of === 'string') writePrimitive(w, t.of, item, name);
    else writeStruct(w, t.of, item as Decoded, version);
  }
}

export function writeStruct(w: Writer, s: Struct, value: Decoded, version: number): void {
  for (const f of s) {
    if (inVersion(f, version)) writeType(w, f.type, value[f.name], version, f.name);
  }
}
