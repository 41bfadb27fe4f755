import { describe, expect, it } from 'vitest';
import type { BoundExpr } from '../../src/expr/bound.ts';
import { ExpressionError } from '../../src/expr/errors.ts';
import { supportsExplicitCast } from '../../src/expr/type-rules.ts';
import { formatType, type LogicalType } from '../../src/expr/types.ts';
import { daysFromCivil, preciseTimestamp } from '../../src/expr/values/datetime.ts';
import { formatValue } from '../../src/expr/values/format.ts';
import { B, big, call, dbl, dec, int, lit, run, str, T } from './helpers.ts';

const cast = (e: BoundExpr, t: LogicalType) => B.cast(e, t);
const tryCast = (e: BoundExpr, t: LogicalType) => B.cast(e, { ...t, nullable: true }, 'try_cast');
const showCast = (e: BoundExpr, t: LogicalType, ctx = {}) => formatValue(run(cast(e, t), [], ctx), t);

describe('CAST numeric ↔ numeric (Java narrowing)', () => {
  it.each([
    [big(2n ** 40n + 5n), T.int(), '5'],
    [int(300), T.tinyint(), '44'],
    [int(-129), T.tinyint(), '127'],
    [dbl(3.99), T.int(), '3'],
    [dbl(-3.99), T.int(), '-3'],
    [dbl(1e20), T.int(), '2147483647'],
    [dbl(Number.NaN), T.bigint(), '0'],
    [dbl(1e20), T.bigint(), '9223372036854775807'],
    [dbl(300.7), T.tinyint(), '44'],
    [dec('123.99', 5, 2), T.int(), '123'],
    [dec('-123.99', 5, 2), T.smallint(), '-123'],
    [int(7), T.double(), '7.0'],
    [big(2n ** 53n + 1n), T.double(), '9.007199254740992E15'],
    [dbl(1.1), T.float(), '1.1'],
    [dec('0.1', 5, 1), T.double(), '0.1'],
    [int(5), T.decimal(5, 2), '5.00'],
    [dbl(1.005), T.decimal(5, 2), '1.01'],
    [dbl(0.125), T.decimal(5, 2), '0.13'],
    [dec('1.255', 5, 3), T.decimal(4, 2), '1.26'],
    [dec('-1.255', 5, 3), T.decimal(4, 2), '-1.26'],
    [int(100000), T.decimal(5, 2), 'null'],
    [dbl(Number.POSITIVE_INFINITY), T.decimal(5, 2), 'null'],
    [lit(true, T.boolean()), T.int(), '1'],
    [lit(false, T.boolean()), T.decimal(3, 1), '0.0'],
    [int(2), T.boolean(), 'true'],
    [big(0n), T.boolean(), 'false'],
  ])('case %#', (e, t, expected) => {
    expect(showCast(e, t)).toBe(expected);
  });
});

describe('CAST to and from strings', () => {
  it.each([
    [str(' 42 '), T.int(), '42'],
    [str('-7'), T.bigint(), '-7'],
    [str('1.9'), T.int(), '1'],
    [str('1.5e2'), T.double(), '150.0'],
    [str('NaN'), T.double(), 'NaN'],
    [str('3.14159'), T.decimal(5, 2), '3.14'],
    [str('123456'), T.decimal(5, 2), 'null'],
    [str('TRUE'), T.boolean(), 'true'],
    [str(' yes '), T.boolean(), 'true'],
    [str('0'), T.boolean(), 'false'],
    [str('2020-10-10'), T.date(), '2020-10-10'],
    [str('10:00:05.123'), T.time(0), '10:00:05'],
    [str('10:00:05.123'), T.time(3), '10:00:05.123'],
    [str('2020-10-10 10:00:05.123456'), T.timestamp(3), '2020-10-10T10:00:05.123'],
    [str('2020-10-10 10:00:05.123456'), T.timestamp(6), '2020-10-10T10:00:05.123456'],
    [str('2020-10-10'), T.timestamp(0), '2020-10-10T00:00'],
    [str('héllo'), T.bytes(), '[104, -61, -87, 108, 108, 111]'],
    [str('ab'), T.binary(3), '[97, 98, 0]'],
    [str('abcdef'), T.varchar(3), 'abc'],
    [str('ab'), T.char(4), 'ab  '],
    [str('1-2'), T.intervalYearMonth(), 'P1Y2M'],
    [str('1 02:00:00'), T.intervalDayTime(), 'PT26H'],
  ])('case %#', (e, t, expected) => {
    expect(showCast(e, t)).toBe(expected);
  });
  it.each([
    [int(-12), '-12'],
    [big(9007199254740993n), '9007199254740993'],
    [dbl(1e10), '1.0E10'],
    [dbl(0.1), '0.1'],
    [lit(Math.fround(1.1), T.float()), '1.1'],
    [dec('4.00', 5, 2), '4.00'],
    [lit(true, T.boolean()), 'TRUE'],
    [lit(daysFromCivil(2020, 10, 10), T.date()), '2020-10-10'],
    [lit(36_005_000, T.time()), '10:00:05'],
    [lit(Date.UTC(2020, 9, 10, 0, 0, 5), T.timestamp(3)), '2020-10-10 00:00:05.000'],
    [lit(preciseTimestamp(Date.UTC(2020, 9, 10), 5), T.timestamp(9)), '2020-10-10 00:00:00.000000005'],
    [lit(new Uint8Array([104, 105]), T.bytes()), 'hi'],
    [call('ARRAY', int(1), B.literal(null, T.int())), '[1, NULL]'],
    [call('MAP', str('a'), int(1)), '{a=1}'],
    [call('ROW', int(1), str('x')), '(1, x)'],
  ])('case %# → STRING', (e, expected) => {
    expect(showCast(e, T.string())).toBe(expected);
  });
  it('failing CAST throws, TRY_CAST gives NULL', () => {
    for (const [e, t] of [
      [str('abc'), T.int()],
      [str('99999999999'), T.int()],
      [str('1x'), T.double()],
      [str('maybe'), T.boolean()],
      [str('2020-13-01'), T.date()],
      [str('25:00'), T.time()],
      [str('not a time'), T.timestamp(3)],
      [str('x'), T.decimal(5, 2)],
    ] as const) {
      expect(() => run(cast(e, t)), `${formatType(t)}`).toThrow(ExpressionError);
      expect(run(tryCast(e, t))).toBeNull();
    }
    expect(() => run(cast(str('abc'), T.int()))).toThrow(/Cannot cast 'abc' to INT/);
    expect(run(tryCast(str('12'), T.int()))).toBe(12);
  });
});

describe('CAST between temporal types', () => {
  const shanghai = { timeZone: 'Asia/Shanghai' };
  const ts = lit(Date.UTC(2020, 9, 10, 20, 30, 15, 250), T.timestamp(3));
  const ltz = lit(Date.UTC(2020, 9, 10, 20, 30, 15, 250), T.timestampLtz(3));
  it('converts TIMESTAMP ↔ TIMESTAMP_LTZ in the session zone', () => {
    expect(showCast(ts, T.timestampLtz(3), shanghai)).toBe('2020-10-10T12:30:15.250Z');
    expect(showCast(ltz, T.timestamp(3), shanghai)).toBe('2020-10-11T04:30:15.250');
    expect(showCast(ltz, T.date(), shanghai)).toBe('2020-10-11');
    expect(showCast(ltz, T.string(), shanghai)).toBe('2020-10-11 04:30:15.250');
    expect(showCast(str('2020-10-11 04:30:15'), T.timestampLtz(0), shanghai)).toBe('2020-10-10T20:30:15Z');
  });
  it('truncates and widens precision', () => {
    expect(showCast(ts, T.timestamp(0))).toBe('2020-10-10T20:30:15');
    expect(showCast(ts, T.timestamp(6))).toBe('2020-10-10T20:30:15.250');
    expect(showCast(lit(preciseTimestamp(5, 123456), T.timestamp(9)), T.timestamp(6))).toBe(
      '1970-01-01T00:00:00.005123',
    );
    expect(showCast(ts, T.date())).toBe('2020-10-10');
    expect(showCast(ts, T.time(0))).toBe('20:30:15');
    expect(showCast(lit(daysFromCivil(2020, 1, 1), T.date()), T.timestamp(3))).toBe('2020-01-01T00:00');
  });
});

describe('CAST constructed types', () => {
  it('casts element by element', () => {
    expect(showCast(call('ARRAY', str('1'), str('2')), T.array(T.int()))).toBe('[1, 2]');
    expect(run(tryCast(call('ARRAY', str('x')), T.array(T.int())))).toBeNull();
    expect(showCast(call('MAP', str('1'), dbl(2.5)), T.map(T.int(), T.decimal(3, 1)))).toBe('{1=2.5}');
    expect(
      showCast(
        call('ROW', int(1), str('2020-01-01')),
        T.row([
          ['a', T.bigint()],
          ['b', T.date()],
        ]),
      ),
    ).toBe('+I[1, 2020-01-01]');
  });
  it('every pair the type rules allow has an implementation', () => {
    const samples: [LogicalType, unknown][] = [
      [T.boolean(), true],
      [T.tinyint(), 1],
      [T.smallint(), 1],
      [T.int(), 1],
      [T.bigint(), 1n],
      [T.float(), 1],
      [T.double(), 1],
      [T.decimal(5, 2), 100n],
      [T.string(), '1'],
      [T.char(3), '1  '],
      [T.bytes(), new Uint8Array([49])],
      [T.date(), 1],
      [T.time(0), 1000],
      [T.timestamp(3), 1000],
      [T.timestampLtz(3), 1000],
      [T.intervalYearMonth('MONTH'), 1],
      [T.intervalDayTime('SECOND'), 1000],
    ];
    let checked = 0;
    for (const [from, value] of samples) {
      for (const [to] of samples) {
        if (!supportsExplicitCast(from, to)) continue;
        const e = B.cast(lit(value, from), { ...to, nullable: true }, 'try_cast');
        expect(() => run(e), `${formatType(from)} → ${formatType(to)}`).not.toThrow();
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(150);
  });
});
