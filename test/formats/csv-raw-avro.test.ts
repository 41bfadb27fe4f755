import { describe, expect, it } from 'vitest';
import { T } from '../../src/expr/types.ts';
import { createFormat, decodeAll } from '../../src/formats/index.ts';
import { NESTED, NESTED_ROWS, roundTrip, SCALAR_ROWS, SCALARS, utf8 } from './helpers.ts';

const text = (b: Uint8Array | null | undefined): string => new TextDecoder().decode(b!);

describe('csv format', () => {
  it('round-trips every scalar type with RFC 4180 quoting (nulls via csv.null-literal)', async () => {
    const { rows, bytes, errors } = await roundTrip(
      'csv',
      { 'csv.null-literal': '\\N' },
      SCALARS,
      SCALAR_ROWS,
    );
    expect(errors).toEqual([]);
    expect(rows).toEqual(SCALAR_ROWS);
    expect(text(bytes[0])).toContain(',"héllo, ""wörld"" 🌍\n",');
  });

  it('reads unquoted empty fields as null for non-string columns and "" as an empty string', async () => {
    const type = T.row([
      ['a', T.int()],
      ['s', T.string()],
      ['t', T.string()],
    ]);
    const decoder = await createFormat('csv', {}, type).openDecoder();
    const out = await decodeAll(decoder, [utf8(',"",x\n')]);
    expect(out.rows).toEqual([[null, '', 'x']]);
  });

  it('writes ARRAY and ROW columns with the array element delimiter, honouring the options', async () => {
    const type = T.row([
      ['id', T.int()],
      ['tags', T.array(T.string())],
      [
        'pt',
        T.row([
          ['x', T.int()],
          ['y', T.double()],
        ]),
      ],
    ]);
    const options = {
      'csv.field-delimiter': '|',
      'csv.array-element-delimiter': '#',
      'csv.quote-character': "'",
    };
    const { rows, bytes } = await roundTrip('csv', options, type, [
      [1, ['a', 'b c'], [3, 0.5]],
      [2, [], null],
    ]);
    expect(text(bytes[0])).toBe('1|a#b c|3#0.5');
    expect(rows).toEqual(
      [
        [1, ['a', 'b c'], [3, 0.5]],
        [2, [''], null],
      ].map((r, i) => (i === 1 ? [2, [], null] : r)),
    );
  });

  it('reports malformed lines with index and column, skips comments, ignores errors on request', async () => {
    const type = T.row([
      ['a', T.int()],
      ['b', T.date()],
    ]);
    const decoder = await createFormat('csv', { 'csv.allow-comments': 'true' }, type).openDecoder();
    const out = await decodeAll(decoder, [
      utf8('1,2020-01-01'),
      utf8('x,2020-01-01'),
      utf8('# note'),
      utf8('"1,2'),
      utf8('3'),
      utf8('4,2020-02-30'),
    ]);
    expect(out.rows).toEqual([[1, 18262]]);
    expect(out.errors.map((e) => e.index)).toEqual([1, 3, 4, 5]);
    expect(out.errors[0]!.message).toMatch(/column 1 'a'/);
    expect(out.errors[1]!.message).toMatch(/Unterminated quoted field \(at position 4\)/);
    expect(out.errors[2]!.message).toMatch(/2 fields expected but was 1/);
    const lenient = await createFormat('csv', { 'csv.ignore-parse-errors': 'true' }, type).openDecoder();
    expect((await decodeAll(lenient, [utf8('x,2020-01-01'), utf8('5')])).rows).toEqual([
      [null, 18262],
      [5, null],
    ]);
  });

  it('rejects MAP columns and bad options', () => {
    expect(() => createFormat('csv', {}, T.row([['m', T.map(T.string(), T.int())]]))).toThrow(
      /does not support MAP \(column 'm'\)/,
    );
    expect(() => createFormat('csv', { 'csv.field-delimiter': ';;' }, SCALARS)).toThrow(/single character/);
  });
});

describe('raw format', () => {
  it('round-trips each supported type in big-endian and little-endian', async () => {
    const cases: [ReturnType<typeof T.int>, unknown, number[]][] = [
      [T.int(), -2, [0xff, 0xff, 0xff, 0xfe]],
      [T.smallint(), 258, [1, 2]],
      [T.bigint(), 2n ** 62n + 1n, [0x40, 0, 0, 0, 0, 0, 0, 1]],
      [T.boolean(), true, [1]],
      [T.tinyint(), -1, [0xff]],
    ];
    for (const [type, value, expected] of cases) {
      const { rows, bytes } = await roundTrip('raw', {}, T.row([['v', type]]), [[value], [null]]);
      expect([...bytes[0]!]).toEqual(expected);
      expect(bytes[1]).toBeNull();
      expect(rows).toEqual([[value], [null]]);
    }
    const le = await roundTrip('raw', { 'raw.endianness': 'little-endian' }, T.row([['v', T.double()]]), [
      [1.5],
    ]);
    expect([...le.bytes[0]!]).toEqual([0, 0, 0, 0, 0, 0, 0xf8, 0x3f]);
    expect(le.rows).toEqual([[1.5]]);
    const s = await roundTrip('raw', {}, T.row([['v', T.string()]]), [['grüß']]);
    expect(s.rows).toEqual([['grüß']]);
    const b = await roundTrip('raw', {}, T.row([['v', T.bytes()]]), [[new Uint8Array([9, 8])]]);
    expect(b.rows).toEqual([[new Uint8Array([9, 8])]]);
  });

  it('fails records of the wrong size and rejects unsupported schemas', async () => {
    const decoder = await createFormat('raw', {}, T.row([['v', T.int()]])).openDecoder();
    const out = await decodeAll(decoder, [new Uint8Array([1, 2, 3]), new Uint8Array([0, 0, 0, 7])]);
    expect(out.rows).toEqual([[7]]);
    expect(out.errors[0]).toEqual({
      index: 0,
      message: 'Size of the raw record (3 bytes) does not match type INT (4 bytes)',
    });
    expect(() =>
      createFormat(
        'raw',
        {},
        T.row([
          ['a', T.int()],
          ['b', T.int()],
        ]),
      ),
    ).toThrow(/single physical column/);
    expect(() => createFormat('raw', { 'raw.endianness': 'middle' }, T.row([['a', T.int()]]))).toThrow(
      /'big-endian', 'little-endian'/,
    );
  });
});

describe('avro format', () => {
  const AVRO_SCALARS = T.row(SCALARS.fields.filter((f) => f.name !== 'ts9'));
  const AVRO_ROWS = SCALAR_ROWS.map((r) => r.filter((_, i) => SCALARS.fields[i]!.name !== 'ts9'));

  it('round-trips every supported type and nested values', async () => {
    const scalars = await roundTrip('avro', {}, AVRO_SCALARS, AVRO_ROWS);
    expect(scalars.errors).toEqual([]);
    expect(scalars.rows).toEqual(AVRO_ROWS);
    const nested = await roundTrip('avro', {}, NESTED, NESTED_ROWS);
    expect(nested.errors).toEqual([]);
    expect(nested.rows).toEqual(NESTED_ROWS);
  });

  it('reports truncated and trailing bytes per record', async () => {
    const format = createFormat(
      'avro',
      {},
      T.row([
        ['a', T.bigint(false)],
        ['s', T.string(false)],
      ]),
    );
    const [good] = (await format.openEncoder()).encodeBatch([[5n, 'hello']]);
    const decoder = await format.openDecoder();
    const out = await decodeAll(decoder, [good!.subarray(0, 3), good!, new Uint8Array([...good!, 1])]);
    expect(out.rows).toEqual([[5n, 'hello']]);
    expect(out.errors.map((e) => e.index)).toEqual([0, 2]);
    expect(out.errors[0]!.message).toMatch(/truncated/);
    expect(out.errors[1]!.message).toMatch(/1 unexpected bytes after the Avro record \(at position 7\)/);
  });

  it('rejects precision Avro cannot carry', () => {
    expect(() => createFormat('avro', {}, T.row([['t', T.timestamp(9)]]))).toThrow(/precision up to 6/);
  });
});
