import { describe, expect, it } from 'vitest';
import { arrayOf, decode, from, type Struct, upTo, writeStruct } from '../../src/broker/protocol/schema.ts';
import { Writer } from '../../src/broker/protocol/writer.ts';

const schema: Struct = [
  { name: 'id', type: 'int32' },
  { name: 'name', type: 'nullableString' },
  { name: 'old', type: 'int16', versions: upTo(0) },
  { name: 'big', type: 'int64', versions: from(1) },
  {
    name: 'items',
    type: arrayOf(
      [
        { name: 'flag', type: 'boolean' },
        { name: 'data', type: 'bytes' },
      ],
      from(2),
    ),
  },
  { name: 'ids', type: arrayOf('int8') },
];

const encode = (value: Record<string, unknown>, version: number): Buffer => {
  const w = new Writer(8);
  writeStruct(w, schema, value, version);
  return w.toBuffer();
};

describe('schema codec', () => {
  const value = {
    id: 7,
    name: 'hé',
    old: 3,
    big: 2 ** 40,
    items: [{ flag: true, data: Buffer.from([1, 2]) }],
    ids: [-1, 5],
  };

  it('encodes exactly the fields of the version', () => {
    expect(encode(value, 0).toString('hex')).toBe(
      ['00000007', '0003', '68c3a9', '0003', '00000001', '01', '00000002', '0102', '00000002', 'ff05'].join(
        '',
      ),
    );
    expect(encode(value, 1).toString('hex')).toBe(
      [
        '00000007',
        '0003',
        '68c3a9',
        '0000010000000000',
        '00000001',
        '01',
        '00000002',
        '0102',
        '00000002',
        'ff05',
      ].join(''),
    );
  });

  it('round-trips every version and fills defaults for absent fields', () => {
    for (const v of [0, 1, 2]) {
      const back = decode(encode(value, v), 0, schema, v);
      expect(back.id).toBe(7);
      expect(back.name).toBe('hé');
      expect(back.old).toBe(v === 0 ? 3 : 0);
      expect(back.big).toBe(v >= 1 ? 2 ** 40 : 0);
      expect((back.items as { data: Buffer }[])[0]!.data).toEqual(Buffer.from([1, 2]));
    }
  });

  it('honours nullable arrays only in their versions', () => {
    const v = { ...value, name: null, items: null };
    expect(decode(encode(v, 2), 0, schema, 2).items).toBeNull();
    expect(decode(encode(v, 1), 0, schema, 1).items).toEqual([]);
    expect(decode(encode(v, 2), 0, schema, 2).name).toBeNull();
  });

  it('keeps large byte chunks by reference and rejects truncated input', () => {
    const big = Buffer.alloc(10_000, 7);
    const w = new Writer(8);
    w.int32(1).byteChunks([big, big]);
    const chunks = w.toChunks();
    expect(chunks).toContain(big);
    expect(Buffer.concat(chunks).length).toBe(4 + 4 + 20_000);
    expect(() => decode(encode(value, 1).subarray(0, 9), 0, schema, 1)).toThrow(/truncated/);
  });
});
