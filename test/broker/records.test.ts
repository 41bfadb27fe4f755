import { describe, expect, it } from 'vitest';
import {
  buildBatch,
  checkBatch,
  newHeader,
  Pos,
  readHeader,
  validateRecordSet,
} from '../../src/broker/records/batch.ts';
import { buildControlBatch, isCommitMarker } from '../../src/broker/records/control.ts';
import { crc32c } from '../../src/broker/records/crc32c.ts';
import {
  CRC32C_VECTORS,
  LIBRDKAFKA_BATCH_HEX,
  LIBRDKAFKA_BATCH_RECORDS,
} from '../../src/broker/records/fixtures.ts';
import { encodeRecord, forEachRecord, recordsSection } from '../../src/broker/records/record.ts';
import { readVarint, varintSize, writeVarint } from '../../src/broker/records/varint.ts';

describe('varints', () => {
  const cases: [number, string][] = [
    [0, '00'],
    [-1, '01'],
    [1, '02'],
    [-64, '7f'],
    [64, '8001'],
    [300, 'd804'],
    [-2147483648, 'ffffffff0f'],
  ];
  it.each(cases)('zigzag-encodes %d as %s', (n, hex) => {
    const buf = Buffer.alloc(10);
    const end = writeVarint(buf, 0, n);
    expect(buf.subarray(0, end).toString('hex')).toBe(hex);
    expect(varintSize(n)).toBe(end);
    const c = { value: 0, offset: 0 };
    readVarint(Buffer.from(hex, 'hex'), 0, c);
    expect(c).toEqual({ value: n, offset: hex.length / 2 });
  });
  it('round-trips 53-bit varlongs', () => {
    for (const n of [2 ** 40 + 7, -(2 ** 50) - 3, Number.MAX_SAFE_INTEGER]) {
      const buf = Buffer.alloc(10);
      writeVarint(buf, 0, n);
      const c = { value: 0, offset: 0 };
      readVarint(buf, 0, c);
      expect(c.value).toBe(n);
    }
  });
  it('rejects a truncated varint', () => {
    expect(() => readVarint(Buffer.from('80', 'hex'), 0, { value: 0, offset: 0 })).toThrow(/past the end/);
  });
});

describe('crc32c', () => {
  it.each(CRC32C_VECTORS.map((v) => [v.input.toString('hex').slice(0, 16), v.input, v.crc] as const))(
    'matches the RFC 3720 vector %s…',
    (_name, input, crc) => {
      expect(crc32c(input)).toBe(crc);
    },
  );
  it('agrees on a sub-range and across the 8-byte fast path boundary', () => {
    const data = Buffer.from('xx123456789yy', 'ascii');
    expect(crc32c(data, 2, 11)).toBe(0xe3069283);
  });
  it('matches a bit-at-a-time CRC-32C on the word-wise path at every alignment and tail length', () => {
    const bitwise = (buf: Uint8Array, start: number, end: number): number => {
      let crc = 0xffffffff;
      for (let i = start; i < end; i++) {
        crc ^= buf[i]!;
        for (let k = 0; k < 8; k++) crc = crc & 1 ? (crc >>> 1) ^ 0x82f63b78 : crc >>> 1;
      }
      return (crc ^ 0xffffffff) >>> 0;
    };
    const backing = Buffer.alloc(700);
    for (let i = 0; i < backing.length; i++) backing[i] = (i * 167 + 13) & 0xff;
    for (let shift = 0; shift < 4; shift++) {
      // A view that starts off a 4-byte boundary of its ArrayBuffer, as pooled Buffers do.
      const view = backing.subarray(shift);
      for (let start = 0; start < 5; start++) {
        for (const len of [63, 64, 65, 67, 80, 95, 96, 97, 255, 256, 511, 640]) {
          expect(crc32c(view, start, start + len)).toBe(bitwise(view, start, start + len));
        }
      }
    }
    const u8 = new Uint8Array(backing.buffer, backing.byteOffset + 1, 300);
    expect(crc32c(u8)).toBe(bitwise(u8, 0, u8.length));
  });
});

describe('record batch v2', () => {
  const fixture = () => Buffer.from(LIBRDKAFKA_BATCH_HEX, 'hex');

  it('parses and validates a batch written by librdkafka', () => {
    const buf = fixture();
    const h = newHeader();
    expect(checkBatch(buf, 0, h)).toBeNull();
    expect(h).toMatchObject({
      baseOffset: 0,
      size: 94,
      magic: 2,
      lastOffsetDelta: 2,
      recordCount: 3,
      producerId: -1,
    });
    const keys: string[] = [];
    const data = recordsSection(buf, h.attributes);
    forEachRecord(data, h.recordCount, (r) => {
      keys.push(
        `${data.toString('utf8', r.keyStart, r.keyStart + r.keyLength)}:${r.offsetDelta}:${r.valueLength}`,
      );
    });
    expect(keys).toEqual(LIBRDKAFKA_BATCH_RECORDS.map(([k], i) => `${k}:${i}:2`));
  });

  it('detects a flipped byte, a wrong magic and a truncated batch', () => {
    const h = newHeader();
    const flipped = fixture();
    flipped[80] = flipped[80]! ^ 0x01;
    expect(checkBatch(flipped, 0, h)).toMatch(/CRC mismatch/);
    const magic = fixture();
    magic[Pos.magic] = 1;
    expect(checkBatch(magic, 0, h)).toMatch(/magic 1/);
    expect(checkBatch(fixture().subarray(0, 90), 0, h)).toMatch(/runs past the end/);
    expect(() => validateRecordSet(flipped, h)).toThrow(/CRC mismatch/);
  });

  it('keeps the CRC valid when only baseOffset changes', () => {
    const buf = fixture();
    buf.writeBigInt64BE(123456789n, 0);
    expect(checkBatch(buf, 0, newHeader())).toBeNull();
  });

  it('builds batches whose records and CRC read back', () => {
    const records = Buffer.concat([
      encodeRecord({ offsetDelta: 0, timestampDelta: 0, key: Buffer.from('a'), value: Buffer.from('1') }),
      encodeRecord({ offsetDelta: 1, timestampDelta: 5, key: null, value: null }),
    ]);
    const batch = buildBatch({
      baseOffset: 7,
      attributes: 0,
      lastOffsetDelta: 1,
      baseTimestamp: 1000,
      maxTimestamp: 1005,
      producerId: 42,
      producerEpoch: 3,
      baseSequence: 10,
      recordCount: 2,
      records,
    });
    const h = newHeader();
    expect(checkBatch(batch, 0, h)).toBeNull();
    expect(readHeader(batch, 0, h)).toMatchObject({
      baseOffset: 7,
      producerId: 42,
      producerEpoch: 3,
      baseSequence: 10,
    });
    const seen: number[] = [];
    forEachRecord(recordsSection(batch, 0), 2, (r) =>
      seen.push(r.keyLength, r.valueLength, r.timestampDelta),
    );
    expect(seen).toEqual([1, 1, 0, -1, -1, 5]);
  });

  it('writes commit and abort control batches', () => {
    const h = newHeader();
    const commit = buildControlBatch(5, 1, true, 1234);
    const abort = buildControlBatch(5, 1, false, 1234);
    expect(checkBatch(commit, 0, h)).toBeNull();
    expect(h.attributes & 0x30).toBe(0x30);
    expect(isCommitMarker(commit)).toBe(true);
    expect(isCommitMarker(abort)).toBe(false);
  });
});
