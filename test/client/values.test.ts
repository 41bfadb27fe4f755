import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type Client,
  type Column,
  connect,
  Decimal,
  SqlDate,
  SqlTime,
  SqlTimestamp,
  type SqlValue,
} from '../../src/index.ts';
import { startTestGateway, type TestGateway } from '../gateway/helpers.ts';

/**
 * Every Flink type through a real gateway: decoded from results, NULL of each type, and each value
 * bound back as a `?` parameter of its own type, which must come back equal (a full round trip).
 */
let gw: TestGateway;
let client: Client;
beforeAll(async () => {
  gw = await startTestGateway({ resultBufferRows: 200 });
  client = await connect({ url: gw.url, properties: { 'table.local-time-zone': 'UTC' } });
});
afterAll(async () => {
  await client.close();
  await gw.stop();
});

const TS = '2024-01-31 12:34:56.123456789';
const PRECISIONS = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
const fraction = (p: number): string => (p === 0 ? '' : `.${'123456789'.slice(0, p)}`);

/** [expression, expected decoded value]; each becomes one column of a single SELECT. */
const CASES: readonly (readonly [string, SqlValue])[] = [
  ['TRUE', true],
  ['FALSE', false],
  ['CAST(-128 AS TINYINT)', -128],
  ['CAST(127 AS TINYINT)', 127],
  ['CAST(-32768 AS SMALLINT)', -32768],
  ['CAST(2147483647 AS INT)', 2147483647],
  ["CAST('-9223372036854775808' AS BIGINT)", -9223372036854775808n],
  ["CAST('9223372036854775807' AS BIGINT)", 9223372036854775807n],
  ['CAST(1.5 AS FLOAT)', 1.5],
  ["CAST('NaN' AS FLOAT)", Number.NaN],
  ['CAST(0.1 AS DOUBLE)', 0.1],
  ["CAST('-Infinity' AS DOUBLE)", Number.NEGATIVE_INFINITY],
  [
    "CAST('12345678901234567890.1234567890' AS DECIMAL(38, 10))",
    Decimal.parse('12345678901234567890.1234567890'),
  ],
  [
    "CAST('99999999999999999999999999999999999999' AS DECIMAL(38, 0))",
    Decimal.parse('99999999999999999999999999999999999999'),
  ],
  ['CAST(-0.5 AS DECIMAL(5, 2))', new Decimal(-50n, 2)],
  ["CAST('a' AS CHAR(3))", 'a  '],
  ["CAST('héllo 🌊' AS VARCHAR(20))", 'héllo 🌊'],
  ["CAST('' AS STRING)", ''],
  ["CAST(X'01' AS BINARY(3))", new Uint8Array([1, 0, 0])],
  ["CAST(X'0102' AS VARBINARY(5))", new Uint8Array([1, 2])],
  ["CAST(X'ff00' AS BYTES)", new Uint8Array([255, 0])],
  ["DATE '0001-01-01'", new SqlDate(1, 1, 1)],
  ["DATE '1969-12-31'", new SqlDate(1969, 12, 31)],
  ["DATE '9999-12-31'", new SqlDate(9999, 12, 31)],
  ["CAST('23:59:59' AS TIME(0))", new SqlTime(86_399_000, 0)],
  ["CAST('01:02:03.456' AS TIME(3))", new SqlTime(3_723_456, 3)],
  ...PRECISIONS.map((p): [string, SqlValue] => [
    `CAST('${TS}' AS TIMESTAMP(${p}))`,
    new SqlTimestamp(
      Date.UTC(2024, 0, 31, 12, 34, 56, p >= 3 ? 123 : p === 2 ? 120 : p === 1 ? 100 : 0),
      p > 3 ? Number('456789'.slice(0, p - 3).padEnd(6, '0')) : 0,
      p,
      false,
    ),
  ]),
  ["CAST('1969-12-31 23:59:59.999999999' AS TIMESTAMP(9))", new SqlTimestamp(-1, 999_999, 9, false)],
  ...PRECISIONS.map((p): [string, SqlValue] => [
    `CAST(CAST('${TS}' AS TIMESTAMP(9)) AS TIMESTAMP_LTZ(${p}))`,
    new SqlTimestamp(
      Date.UTC(2024, 0, 31, 12, 34, 56, p >= 3 ? 123 : p === 2 ? 120 : p === 1 ? 100 : 0),
      p > 3 ? Number('456789'.slice(0, p - 3).padEnd(6, '0')) : 0,
      p,
      true,
    ),
  ]),
  ["INTERVAL '1-2' YEAR TO MONTH", 14],
  ["INTERVAL '-3' MONTH", -3],
  ["INTERVAL '1 02:03:04.567' DAY TO SECOND", 93_784_567],
  ["INTERVAL '-5' SECOND", -5000],
  ['ARRAY[1, NULL, 3]', [1, null, 3]],
  ["ARRAY[ARRAY['a'], ARRAY['b', 'c']]", [['a'], ['b', 'c']]],
  ["ARRAY[CAST('1.25' AS DECIMAL(4, 2))]", [new Decimal(125n, 2)]],
  [
    "MAP['k', CAST(1 AS BIGINT), 'z', CAST(NULL AS BIGINT)]",
    new Map<SqlValue, SqlValue>([
      ['k', 1n],
      ['z', null],
    ]),
  ],
  ["MAP[1, ARRAY['x']]", new Map<SqlValue, SqlValue>([[1, ['x']]])],
  ["CAST(ROW(1, 'x', NULL) AS ROW<a INT, b STRING, c DATE>)", [1, 'x', null]],
  ["ROW(CAST(1 AS BIGINT), ROW(DATE '2024-02-29', ARRAY[TRUE]))", [1n, [new SqlDate(2024, 2, 29), [true]]]],
];

const select = (exprs: readonly string[]): string =>
  `SELECT ${exprs.map((e, i) => `${e} AS c${i}`).join(', ')}`;

async function one(
  sql: string,
  params?: readonly unknown[],
  c = client,
): Promise<{ row: SqlValue[]; columns: readonly Column[] }> {
  const st = await c.execute(sql, params);
  const changes = await st.toArray();
  expect(changes).toHaveLength(1);
  return { row: changes[0]!.row, columns: st.schema };
}

describe('typed values through a real gateway', () => {
  let decoded: { row: SqlValue[]; columns: readonly Column[] };

  it('decodes every Flink type from results', async () => {
    decoded = await one(select(CASES.map(([e]) => e)));
    CASES.forEach(([expr, expected], i) => {
      expect({ expr, value: decoded.row[i] }).toEqual({ expr, value: expected });
    });
    // exact decimals and precision-keeping timestamps print exactly
    expect(String(decoded.row[12])).toBe('12345678901234567890.1234567890');
    const ts = CASES.findIndex(([e]) => e === `CAST('${TS}' AS TIMESTAMP(9))`);
    expect(PRECISIONS.map((p) => String(decoded.row[ts - 9 + p]))).toEqual(
      PRECISIONS.map((p) => `2024-01-31T12:34:56${fraction(p)}`),
    );
    const ltz = CASES.findIndex(([e]) => e.endsWith('AS TIMESTAMP_LTZ(9))'));
    expect(String(decoded.row[ltz])).toBe('2024-01-31T12:34:56.123456789Z');
  }, 120_000);

  it('decodes NULL of every type (and MULTISET from COLLECT)', async () => {
    const types = decoded.columns.map((c) => c.type.flinkType.replace(/ NOT NULL$/, ''));
    const nulls = await one(
      select([...types.map((t) => `CAST(NULL AS ${t})`), 'CAST(NULL AS MULTISET<INT>)']),
    );
    expect(nulls.row).toEqual(new Array(types.length + 1).fill(null));
    expect(nulls.columns.map((c) => c.type.flinkType)).toEqual([...types, 'MULTISET<INT>']);

    const st = await client.execute("SELECT COLLECT(x) FROM (VALUES ('a'), ('b'), ('a')) AS t(x)");
    expect(st.schema[0]!.type.flinkType).toBe('MULTISET<CHAR(1) NOT NULL> NOT NULL');
    const last = (await st.toArray()).at(-1)!;
    expect(last).toEqual({
      op: 2,
      row: [
        new Map([
          ['a', 2],
          ['b', 1],
        ]),
      ],
    });
  }, 120_000);

  it('binds every value back as a parameter of its type and gets it back equal', async () => {
    const params = decoded.columns.map((c, i) => ({ type: c.type.flinkType, value: decoded.row[i] }));
    const echoed = await one(`SELECT ${params.map(() => '?').join(', ')}`, params);
    CASES.forEach(([expr], i) => {
      expect({ expr, value: echoed.row[i] }).toEqual({ expr, value: decoded.row[i] });
    });
    // and NULL of every type
    const nulls = await one(
      `SELECT ${params.map(() => '?').join(', ')}`,
      params.map((p) => ({ type: p.type.replace(/ NOT NULL$/, ''), value: null })),
    );
    expect(nulls.row).toEqual(new Array(params.length).fill(null));
  }, 120_000);

  it('binds inferred parameters and instants exactly in a non-UTC session', async () => {
    const tokyo = await connect({ url: gw.url, properties: { 'table.local-time-zone': 'Asia/Tokyo' } });
    try {
      const instant = new SqlTimestamp(Date.UTC(2024, 0, 31, 1, 2, 3, 4), 0, 9, true);
      const params = [
        12345678901234567n,
        Decimal.parse('-0.05'),
        new Uint8Array([7, 8]),
        new SqlTimestamp(Date.UTC(2024, 0, 31, 1, 2, 3, 4), 5, 9, false),
        instant,
        new Date(Date.UTC(2000, 1, 29, 23, 59, 59, 999)),
        new SqlDate(2024, 2, 29),
        new SqlTime(45_296_789, 3),
        "it's",
        Number.NaN,
        2.5,
        true,
      ];
      const { row, columns } = await one(`SELECT ${params.map(() => '?').join(', ')}`, params, tokyo);
      expect(columns.map((c) => c.type.flinkType.replace(/ NOT NULL$/, ''))).toEqual([
        'BIGINT',
        'DECIMAL(3, 2)',
        'BYTES',
        'TIMESTAMP(9)',
        'TIMESTAMP_LTZ(9)',
        'TIMESTAMP_LTZ(3)',
        'DATE',
        'TIME(3)',
        'STRING',
        'DOUBLE',
        'DOUBLE',
        'BOOLEAN',
      ]);
      expect(row).toEqual([
        ...params.slice(0, 5),
        new SqlTimestamp(Date.UTC(2000, 1, 29, 23, 59, 59, 999), 0, 3, true),
        ...params.slice(6),
      ]);
      // arrays, maps and rows need their type; a MULTISET has no literal to bind to
      await expect(tokyo.execute('SELECT ?', [[1, 2]])).rejects.toThrow(/pass \{ type, value \}/);
      await expect(
        tokyo.execute('SELECT ?', [{ type: 'MULTISET<INT>', value: new Map([[1, 2]]) }]),
      ).rejects.toMatchObject({ code: 'VALIDATION' });
      const [nested] = await tokyo.query('SELECT ?', [
        { type: 'MAP<STRING, ARRAY<DECIMAL(3, 1)>>', value: new Map([['k', [Decimal.parse('1.5'), null]]]) },
      ]);
      expect(nested).toEqual([new Map([['k', [new Decimal(15n, 1), null]]])]);
    } finally {
      await tokyo.close();
    }
  }, 120_000);
});
