import type { RowType } from '../../src/expr/types.ts';
import { T } from '../../src/expr/types.ts';
import { preciseTimestamp } from '../../src/expr/values/datetime.ts';
import { createFormat, decodeAll, type FormatContext, type Row } from '../../src/formats/index.ts';

/** Encodes rows with a format and decodes them back. */
export async function roundTrip(
  name: string,
  options: Record<string, string>,
  rowType: RowType,
  rows: Row[],
  context?: FormatContext,
): Promise<{
  rows: Row[];
  bytes: (Uint8Array | null)[];
  errors: readonly { index: number; message: string }[];
}> {
  const format = createFormat(name, options, rowType);
  const encoder = await format.openEncoder(context);
  const bytes = encoder.encodeBatch(rows);
  const decoder = await format.openDecoder(context);
  const out = await decodeAll(decoder, bytes);
  return { rows: out.rows, bytes, errors: out.errors };
}

export const utf8 = (s: string): Uint8Array => new TextEncoder().encode(s);

/** Every scalar type the text formats support, plus nested types. */
export const SCALARS: RowType = T.row([
  ['b', T.boolean()],
  ['ti', T.tinyint()],
  ['si', T.smallint()],
  ['i', T.int()],
  ['big', T.bigint()],
  ['f', T.float()],
  ['d', T.double()],
  ['dec', T.decimal(38, 10)],
  ['s', T.string()],
  ['bin', T.bytes()],
  ['dt', T.date()],
  ['tm', T.time(3)],
  ['ts3', T.timestamp(3)],
  ['ts9', T.timestamp(9)],
  ['ltz', T.timestampLtz(6)],
]);

export const SCALAR_ROWS: Row[] = [
  [
    true,
    -128,
    32767,
    -2147483648,
    9007199254740993n,
    Math.fround(1.1),
    0.1 + 0.2,
    123456789012345678901234567890n,
    'héllo, "wörld" 🌍\n',
    new Uint8Array([0, 1, 254, 255]),
    19000,
    45296789,
    1700000000123,
    preciseTimestamp(1700000000123, 456789),
    preciseTimestamp(-1, 999000),
  ],
  [
    false,
    0,
    0,
    0,
    -(2n ** 63n),
    0,
    -1e300,
    -1n,
    '',
    new Uint8Array(0),
    -1,
    0,
    -86400000,
    preciseTimestamp(0, 1),
    preciseTimestamp(0, 0),
  ],
  [null, null, null, null, null, null, null, null, null, null, null, null, null, null, null],
];

export const NESTED: RowType = T.row([
  ['id', T.bigint(false)],
  ['tags', T.array(T.string())],
  ['scores', T.map(T.string(false), T.double())],
  [
    'addr',
    T.row([
      ['city', T.string()],
      ['zip', T.int()],
      ['points', T.array(T.int())],
    ]),
  ],
  [
    'events',
    T.array(
      T.row([
        ['at', T.timestamp(3)],
        ['amount', T.decimal(10, 2)],
      ]),
    ),
  ],
]);

export const NESTED_ROWS: Row[] = [
  [
    1n,
    ['a', null, 'ü'],
    new Map<unknown, unknown>([
      ['x', 1.5],
      ['y', null],
    ]),
    ['Zürich', 8001, [1, 2, 3]],
    [
      [1700000000000, 12345n],
      [null, -5n],
    ],
  ],
  [2n, [], new Map(), null, null],
  [3n, null, null, [null, null, []], []],
];
