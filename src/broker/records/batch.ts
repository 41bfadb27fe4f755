/**
 * Record batch v2 (magic 2) layout, validation and construction.
 *
 *   baseOffset int64 | batchLength int32 | partitionLeaderEpoch int32 | magic int8 | crc uint32 |
 *   attributes int16 | lastOffsetDelta int32 | baseTimestamp int64 | maxTimestamp int64 |
 *   producerId int64 | producerEpoch int16 | baseSequence int32 | recordCount int32 | records...
 *
 * batchLength counts the bytes after itself; the CRC-32C covers attributes to the end, so the broker
 * may rewrite baseOffset (and the leader epoch) without recomputing it.
 */
import { ErrorCode, KafkaError } from '../protocol/errors.ts';
import { crc32c } from './crc32c.ts';

export const HEADER_SIZE = 61;
export const LOG_OVERHEAD = 12; // baseOffset + batchLength
export const Pos = {
  baseOffset: 0,
  batchLength: 8,
  leaderEpoch: 12,
  magic: 16,
  crc: 17,
  attributes: 21,
  lastOffsetDelta: 23,
  baseTimestamp: 27,
  maxTimestamp: 35,
  producerId: 43,
  producerEpoch: 51,
  baseSequence: 53,
  recordCount: 57,
} as const;

export const Attr = {
  compressionMask: 0x07,
  logAppendTime: 0x08,
  transactional: 0x10,
  control: 0x20,
} as const;
export const Compression = { none: 0, gzip: 1, snappy: 2, lz4: 3, zstd: 4 } as const;

export interface BatchHeader {
  baseOffset: number;
  /** Total size of the batch in bytes, including baseOffset and batchLength. */
  size: number;
  magic: number;
  crc: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
}

export const newHeader = (): BatchHeader => ({
  baseOffset: 0,
  size: 0,
  magic: 0,
  crc: 0,
  attributes: 0,
  lastOffsetDelta: 0,
  baseTimestamp: 0,
  maxTimestamp: 0,
  producerId: -1,
  producerEpoch: -1,
  baseSequence: -1,
  recordCount: 0,
});

export const isTransactional = (h: BatchHeader): boolean => (h.attributes & Attr.transactional) !== 0;
export const isControl = (h: BatchHeader): boolean => (h.attributes & Attr.control) !== 0;
export const lastOffsetOf = (h: BatchHeader): number => h.baseOffset + h.lastOffsetDelta;

/** Reads the header at `pos` into `out` (reused to avoid allocation); does not validate the CRC. */
export function readHeader(buf: Buffer, pos: number, out: BatchHeader): BatchHeader {
  out.baseOffset = Number(buf.readBigInt64BE(pos));
  out.size = buf.readInt32BE(pos + Pos.batchLength) + LOG_OVERHEAD;
  out.magic = buf.readInt8(pos + Pos.magic);
  out.crc = buf.readUInt32BE(pos + Pos.crc);
  out.attributes = buf.readInt16BE(pos + Pos.attributes);
  out.lastOffsetDelta = buf.readInt32BE(pos + Pos.lastOffsetDelta);
  out.baseTimestamp = Number(buf.readBigInt64BE(pos + Pos.baseTimestamp));
  out.maxTimestamp = Number(buf.readBigInt64BE(pos + Pos.maxTimestamp));
  out.producerId = Number(buf.readBigInt64BE(pos + Pos.producerId));
  out.producerEpoch = buf.readInt16BE(pos + Pos.producerEpoch);
  out.baseSequence = buf.readInt32BE(pos + Pos.baseSequence);
  out.recordCount = buf.readInt32BE(pos + Pos.recordCount);
  return out;
}

/**
 * Checks that a complete, well-formed batch starts at `pos`: length in bounds, magic 2, CRC valid.
 * Returns a reason string when it is not (used both for produce validation and log recovery).
 */
export function checkBatch(buf: Buffer, pos: number, h: BatchHeader, verifyCrc = true): string | null {
  if (buf.length - pos < HEADER_SIZE) return `batch header truncated (${buf.length - pos} bytes left)`;
  readHeader(buf, pos, h);
  if (h.magic !== 2) return `unsupported record batch magic ${h.magic} (only v2 is accepted)`;
  if (h.size < HEADER_SIZE) return `batch length ${h.size} is smaller than the v2 header`;
  if (h.size > buf.length - pos) return `batch length ${h.size} runs past the end (${buf.length - pos} left)`;
  if (h.lastOffsetDelta < 0 || h.recordCount < 0) return 'negative record count or offset delta';
  if (!verifyCrc) return null;
  const crc = crc32c(buf, pos + Pos.attributes, pos + h.size);
  if (crc !== h.crc) return `CRC mismatch (stored ${h.crc}, computed ${crc})`;
  return null;
}

/** Validates every batch of a produce request's record set; throws CORRUPT_MESSAGE on the first bad one. */
export function validateRecordSet(buf: Buffer, h: BatchHeader): number {
  let pos = 0;
  let batches = 0;
  while (pos < buf.length) {
    const problem = checkBatch(buf, pos, h);
    if (problem !== null) throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, problem);
    pos += h.size;
    batches++;
  }
  if (batches === 0) throw new KafkaError(ErrorCode.CORRUPT_MESSAGE, 'empty record set');
  return batches;
}

export interface BatchFields {
  baseOffset: number;
  attributes: number;
  lastOffsetDelta: number;
  baseTimestamp: number;
  maxTimestamp: number;
  producerId: number;
  producerEpoch: number;
  baseSequence: number;
  recordCount: number;
  /** The encoded (possibly compressed) records section. */
  records: Uint8Array;
}

/** Builds a complete batch with a freshly computed CRC. */
export function buildBatch(f: BatchFields): Buffer {
  const out = Buffer.allocUnsafe(HEADER_SIZE + f.records.length);
  out.writeBigInt64BE(BigInt(f.baseOffset), Pos.baseOffset);
  out.writeInt32BE(out.length - LOG_OVERHEAD, Pos.batchLength);
  out.writeInt32BE(0, Pos.leaderEpoch);
  out.writeInt8(2, Pos.magic);
  out.writeInt16BE(f.attributes, Pos.attributes);
  out.writeInt32BE(f.lastOffsetDelta, Pos.lastOffsetDelta);
  out.writeBigInt64BE(BigInt(f.baseTimestamp), Pos.baseTimestamp);
  out.writeBigInt64BE(BigInt(f.maxTimestamp), Pos.maxTimestamp);
  out.writeBigInt64BE(BigInt(f.producerId), Pos.producerId);
  out.writeInt16BE(f.producerEpoch, Pos.producerEpoch);
  out.writeInt32BE(f.baseSequence, Pos.baseSequence);
  out.writeInt32BE(f.recordCount, Pos.recordCount);
  out.set(f.records, HEADER_SIZE);
  out.writeUInt32BE(crc32c(out, Pos.attributes, out.length), Pos.crc);
  return out;
}
