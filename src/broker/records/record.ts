/**
 * Individual records inside a v2 batch:
 *   length varint | attributes int8 | timestampDelta varlong | offsetDelta varint |
 *   keyLength varint | key | valueLength varint | value | headerCount varint | headers...
 * Used by compaction and control batches; the produce/fetch path never parses records.
 */
import { gunzipSync, gzipSync } from 'node:zlib';
import { Attr, Compression, HEADER_SIZE } from './batch.ts';
import { readVarint, type VarintCursor, varintSize, writeVarint } from './varint.ts';

/** A record located inside a decompressed records section (positions, no copies). */
export interface RecordView {
  start: number;
  end: number;
  timestampDelta: number;
  offsetDelta: number;
  /** -1 for a null key. */
  keyStart: number;
  keyLength: number;
  /** -1 length for a null value (a tombstone). */
  valueLength: number;
}

/** Parses `count` records from `data`, calling `visit` with a reused view. */
export function forEachRecord(data: Buffer, count: number, visit: (r: RecordView) => void): void {
  const c: VarintCursor = { value: 0, offset: 0 };
  const view: RecordView = {
    start: 0,
    end: 0,
    timestampDelta: 0,
    offsetDelta: 0,
    keyStart: 0,
    keyLength: 0,
    valueLength: 0,
  };
  let pos = 0;
  for (let i = 0; i < count; i++) {
    readVarint(data, pos, c);
    const bodyStart = c.offset;
    view.start = pos;
    view.end = bodyStart + c.value;
    if (view.end > data.length || c.value < 0) throw new RangeError(`record ${i} runs past its batch`);
    readVarint(data, bodyStart + 1, c); // skip the attributes byte
    view.timestampDelta = c.value;
    readVarint(data, c.offset, c);
    view.offsetDelta = c.value;
    readVarint(data, c.offset, c);
    view.keyLength = c.value;
    view.keyStart = c.offset;
    const afterKey = c.offset + Math.max(0, c.value);
    readVarint(data, afterKey, c);
    view.valueLength = c.value;
    visit(view);
    pos = view.end;
  }
}

/** The decompressed records section of a batch; throws for codecs this broker cannot read. */
export function recordsSection(batch: Buffer, attributes: number): Buffer {
  const body = batch.subarray(HEADER_SIZE);
  switch (attributes & Attr.compressionMask) {
    case Compression.none:
      return body;
    case Compression.gzip:
      return gunzipSync(body);
    default:
      throw new Error(`compression codec ${attributes & Attr.compressionMask} cannot be read by the broker`);
  }
}

export function compressSection(data: Buffer, attributes: number): Buffer {
  return (attributes & Attr.compressionMask) === Compression.gzip ? gzipSync(data) : data;
}

export interface NewRecord {
  offsetDelta: number;
  timestampDelta: number;
  key: Uint8Array | null;
  value: Uint8Array | null;
}

/** Encodes one record without headers. */
export function encodeRecord(r: NewRecord): Buffer {
  const keyLen = r.key === null ? -1 : r.key.length;
  const valueLen = r.value === null ? -1 : r.value.length;
  const body =
    1 +
    varintSize(r.timestampDelta) +
    varintSize(r.offsetDelta) +
    varintSize(keyLen) +
    Math.max(0, keyLen) +
    varintSize(valueLen) +
    Math.max(0, valueLen) +
    varintSize(0);
  const out = Buffer.alloc(varintSize(body) + body);
  let p = writeVarint(out, 0, body);
  out[p++] = 0;
  p = writeVarint(out, p, r.timestampDelta);
  p = writeVarint(out, p, r.offsetDelta);
  p = writeVarint(out, p, keyLen);
  if (r.key) {
    out.set(r.key, p);
    p += r.key.length;
  }
  p = writeVarint(out, p, valueLen);
  if (r.value) {
    out.set(r.value, p);
    p += r.value.length;
  }
  writeVarint(out, p, 0);
  return out;
}
