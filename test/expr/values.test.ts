import { describe, expect, it } from 'vitest';
import { T } from '../../src/expr/types.ts';
import { comparatorFor, valueKey } from '../../src/expr/values/compare.ts';
import { formatDateTime, parseDateTime } from '../../src/expr/values/date-format.ts';
import {
  civilFromDays,
  daysFromCivil,
  formatInstant,
  formatLocalDateTime,
  formatLocalTime,
  parseTimestampParts,
  preciseTimestamp,
} from '../../src/expr/values/datetime.ts';
import {
  addDecimal,
  decimalToJavaString,
  decimalToPlainString,
  divideDecimal,
  doubleToDecimal,
  moduloDecimal,
  multiplyDecimal,
  parseDecimal,
  rescale,
  roundDecimal,
  toDecimal,
} from '../../src/expr/values/decimal.ts';
import {
  formatDuration,
  formatRow,
  formatValue,
  formatValueForDisplay,
  valueToSqlString,
} from '../../src/expr/values/format.ts';
import {
  doubleToInt,
  doubleToLong,
  wrapInt,
  wrapSmallint,
  wrapTinyint,
} from '../../src/expr/values/integers.ts';
import { javaDoubleToString, javaFloatToString } from '../../src/expr/values/java-numbers.ts';
import { JavaRandom } from '../../src/expr/values/java-random.ts';
import { fromLocalMillis, timeZone, toLocalMillis } from '../../src/expr/values/timezone.ts';

describe('Java Double.toString / Float.toString', () => {
  it.each([
    [1.0, '1.0'],
    [0.1, '0.1'],
    [1.0e7, '1.0E7'],
    [1.0e-4, '1.0E-4'],
    [123456789.0, '1.23456789E8'],
    [1.23456789012e11, '1.23456789012E11'],
    [2, '2.0'],
    [42.1, '42.1'],
    [1e10, '1.0E10'],
    [1.23e-5, '1.23E-5'],
    [0.001, '0.001'],
    [9999999.0, '9999999.0'],
    [-0.5, '-0.5'],
    [-0, '-0.0'],
    [0, '0.0'],
    [Number.NaN, 'NaN'],
    [Number.POSITIVE_INFINITY, 'Infinity'],
    [Number.NEGATIVE_INFINITY, '-Infinity'],
    [1.7976931348623157e308, '1.7976931348623157E308'],
    [100.5, '100.5'],
  ])('Double %s → %s', (x, text) => {
    expect(javaDoubleToString(x)).toBe(text);
  });
  it.each([
    [1.1, '1.1'],
    [0.1, '0.1'],
    [3.4028235e38, '3.4028235E38'],
    [1e10, '1.0E10'],
    [16777216, '1.6777216E7'],
    [0.3, '0.3'],
    [1.0, '1.0'],
    [-2.5, '-2.5'],
    [1e-5, '1.0E-5'],
  ])('Float %s → %s', (x, text) => {
    expect(javaFloatToString(x)).toBe(text);
  });
});

describe('integers', () => {
  it('wraps like Java', () => {
    expect(wrapInt(2147483647 + 1)).toBe(-2147483648);
    expect(wrapTinyint(128)).toBe(-128);
    expect(wrapSmallint(-32769)).toBe(32767);
    expect(doubleToInt(3e10)).toBe(2147483647);
    expect(doubleToInt(Number.NaN)).toBe(0);
    expect(doubleToLong(-1e30)).toBe(-(2n ** 63n));
    expect(doubleToLong(-2.7)).toBe(-2n);
  });
});

describe('DECIMAL values', () => {
  it('parses and prints', () => {
    expect(parseDecimal('1.005', 10, 2)).toBe(101n);
    expect(parseDecimal('-1.005', 10, 2)).toBe(-101n);
    expect(parseDecimal(' 12.5e1 ', 10, 0)).toBe(125n);
    expect(parseDecimal('123456', 5, 0)).toBeNull();
    expect(() => parseDecimal('abc', 5, 0)).toThrow(/Cannot parse 'abc'/);
    expect(decimalToPlainString(-5n, 3)).toBe('-0.005');
    expect(decimalToPlainString(400n, 2)).toBe('4.00');
    expect(decimalToJavaString(0n, 18)).toBe('0E-18');
    expect(decimalToJavaString(1n, 7)).toBe('1E-7');
    expect(decimalToJavaString(12n, 8)).toBe('1.2E-7');
    expect(decimalToJavaString(1n, 6)).toBe('0.000001');
    expect(decimalToJavaString(123n, 0)).toBe('123');
  });
  it('rescales HALF_UP and checks precision', () => {
    expect(rescale(125n, 2, 1)).toBe(13n);
    expect(rescale(-125n, 2, 1)).toBe(-13n);
    expect(rescale(124n, 2, 1)).toBe(12n);
    expect(toDecimal(99999n, 2, 4, 2)).toBeNull();
    expect(doubleToDecimal(0.1, 10, 5)).toBe(10000n);
    expect(doubleToDecimal(2.675, 10, 2)).toBe(268n); // BigDecimal.valueOf uses the shortest repr
  });
  it('computes arithmetic with Flink overflow and rounding', () => {
    expect(addDecimal(150n, 2, 5n, 1, 12, 2)).toBe(200n);
    expect(multiplyDecimal(15n, 1, 15n, 1, 5, 2)).toBe(225n);
    expect(divideDecimal(1n, 0, 3n, 0, 38, 6)).toBe(333333n);
    expect(divideDecimal(2n, 0, 3n, 0, 38, 6)).toBe(666667n);
    expect(divideDecimal(-2n, 0, 3n, 0, 38, 6)).toBe(-666667n);
    expect(divideDecimal(10n, 0, 4n, 0, 10, 2)).toBe(250n);
    expect(() => divideDecimal(1n, 0, 0n, 0, 10, 2)).toThrow(/Division by zero/);
    expect(moduloDecimal(75n, 1, 2n, 0, 5, 1)).toBe(15n);
    expect(moduloDecimal(-75n, 1, 2n, 0, 5, 1)).toBe(-15n);
    expect(multiplyDecimal(10n ** 20n, 0, 10n ** 20n, 0, 38, 0)).toBeNull();
    expect(roundDecimal(12345n, 2, 1, 1)).toBe(1235n);
    expect(roundDecimal(12345n, 2, -1, 0)).toBe(120n);
  });
});

describe('dates and times', () => {
  it('round-trips the civil calendar', () => {
    for (const d of [-719468, -1, 0, 59, 60, 11016, 18262, 2932896]) {
      const c = civilFromDays(d);
      expect(daysFromCivil(c.year, c.month, c.day)).toBe(d);
    }
    expect(civilFromDays(0)).toEqual({ year: 1970, month: 1, day: 1 });
    expect(civilFromDays(daysFromCivil(2000, 2, 29))).toEqual({ year: 2000, month: 2, day: 29 });
  });
  it('prints LocalDateTime, LocalTime and Instant like Java', () => {
    const t = Date.UTC(2020, 9, 10);
    expect(formatLocalDateTime(t)).toBe('2020-10-10T00:00');
    expect(formatLocalDateTime(t + 5000)).toBe('2020-10-10T00:00:05');
    expect(formatLocalDateTime(t + 5123)).toBe('2020-10-10T00:00:05.123');
    expect(formatLocalDateTime(t, 100_000)).toBe('2020-10-10T00:00:00.000100');
    expect(formatLocalDateTime(t + 1, 23)).toBe('2020-10-10T00:00:00.001000023');
    expect(formatLocalDateTime(daysFromCivil(0, 1, 1) * 86_400_000)).toBe('0000-01-01T00:00');
    expect(formatLocalDateTime(daysFromCivil(-5, 3, 1) * 86_400_000)).toBe('-0005-03-01T00:00');
    expect(formatInstant(Date.UTC(2020, 3, 15, 8, 0, 9, 999))).toBe('2020-04-15T08:00:09.999Z');
    expect(formatInstant(Date.UTC(2020, 3, 15, 8))).toBe('2020-04-15T08:00:00Z');
    expect(formatLocalTime(36_005_000)).toBe('10:00:05');
    expect(formatLocalTime(36_000_000)).toBe('10:00');
  });
  it('parses SQL timestamps', () => {
    expect(parseTimestampParts('2020-10-10 00:00:05.123456789')).toEqual({
      millis: Date.UTC(2020, 9, 10, 0, 0, 5, 123),
      nanoOfMilli: 456789,
    });
    expect(parseTimestampParts('2020-10-10T01:02')?.millis).toBe(Date.UTC(2020, 9, 10, 1, 2));
    expect(parseTimestampParts('2020-02-30 00:00:00')).toBeNull();
    expect(parseTimestampParts('yesterday')).toBeNull();
  });
  it('formats and parses DateTimeFormatter patterns', () => {
    const t = Date.UTC(2024, 1, 29, 13, 5, 9, 42);
    expect(formatDateTime('yyyy-MM-dd HH:mm:ss.SSS', t)).toBe('2024-02-29 13:05:09.042');
    expect(formatDateTime("EEE, d MMM yy hh:mm a 'at' D", t)).toBe('Thu, 29 Feb 24 01:05 PM at 60');
    expect(formatDateTime('yyyyMMdd', t)).toBe('20240229');
    expect(parseDateTime('yyyyMMddHHmmss', '20240229130509')?.localMillis).toBe(
      Date.UTC(2024, 1, 29, 13, 5, 9),
    );
    expect(parseDateTime('dd/MM/yyyy', '29/02/2023')).toBeNull();
    expect(parseDateTime('yyyy-MM-dd HH:mm:ssXXX', '2024-01-01 00:00:00+08:00')?.offsetMillis).toBe(
      8 * 3_600_000,
    );
  });
});

describe('time zones', () => {
  it('resolves IANA names and offsets', () => {
    const at = Date.UTC(2024, 0, 1);
    expect(timeZone('UTC').offsetAt(at)).toBe(0);
    expect(timeZone('Asia/Shanghai').offsetAt(at)).toBe(8 * 3_600_000);
    expect(timeZone('+08:00').offsetAt(at)).toBe(8 * 3_600_000);
    expect(timeZone('GMT-05:30').offsetAt(at)).toBe(-5.5 * 3_600_000);
    expect(timeZone('America/New_York').offsetAt(Date.UTC(2024, 6, 1))).toBe(-4 * 3_600_000);
    expect(() => timeZone('Mars/Olympus')).toThrow(/Unknown time zone 'Mars\/Olympus'/);
  });
  it('applies java.time DST gap and overlap rules', () => {
    const ny = timeZone('America/New_York');
    // 2024-03-10 02:30 does not exist: moves forward to 03:30 EDT = 07:30Z
    expect(fromLocalMillis(ny, Date.UTC(2024, 2, 10, 2, 30))).toBe(Date.UTC(2024, 2, 10, 7, 30));
    // 2024-11-03 01:30 happens twice: the earlier offset (EDT, -4) wins
    expect(fromLocalMillis(ny, Date.UTC(2024, 10, 3, 1, 30))).toBe(Date.UTC(2024, 10, 3, 5, 30));
    expect(toLocalMillis(ny, Date.UTC(2024, 10, 3, 6, 30))).toBe(Date.UTC(2024, 10, 3, 1, 30));
  });
});

describe('formatValue (Row.toString)', () => {
  it('prints every type like Flink', () => {
    expect(formatValue(true, T.boolean())).toBe('true');
    expect(formatValue(null, T.int())).toBe('null');
    expect(formatValue(400n, T.decimal(5, 2))).toBe('4.00');
    expect(formatValue(2, T.double())).toBe('2.0');
    expect(formatValue(Math.fround(1.1), T.float())).toBe('1.1');
    expect(formatValue(new Uint8Array([1, 254]), T.bytes())).toBe('[1, -2]');
    expect(formatValue(18545, T.date())).toBe('2020-10-10');
    expect(formatValue(36_005_000, T.time())).toBe('10:00:05');
    expect(formatValue(preciseTimestamp(Date.UTC(2023, 11, 16, 1, 1, 1), 123), T.timestamp(9))).toBe(
      '2023-12-16T01:01:01.000000123',
    );
    expect(formatValue(Date.UTC(2020, 3, 15, 8, 0, 9, 999), T.timestampLtz(3))).toBe(
      '2020-04-15T08:00:09.999Z',
    );
    expect(formatValue([1, null, 3], T.array(T.int()))).toBe('[1, null, 3]');
    expect(
      formatValue(
        new Map([
          ['k', 1],
          ['k2', 2],
        ]),
        T.map(T.string(), T.int()),
      ),
    ).toBe('{k=1, k2=2}');
    expect(
      formatValue(
        [1, 'a', [2.5]],
        T.row([
          ['a', T.int()],
          ['b', T.string()],
          ['c', T.row([['x', T.double()]])],
        ]),
      ),
    ).toBe('+I[1, a, +I[2.5]]');
    expect(formatValue(14, T.intervalYearMonth())).toBe('P1Y2M');
    expect(formatValue(5_400_000, T.intervalDayTime())).toBe('PT1H30M');
    expect(formatDuration(-1500)).toBe('PT-1.5S');
    expect(formatDuration(0)).toBe('PT0S');
    expect(formatValue(new Map([['a', 2]]), T.multiset(T.string()))).toBe('{a=2}');
  });
  it('prints changelog rows', () => {
    expect(formatRow(0, [1, 'abc', null], [T.int(), T.string(), T.double()])).toBe('+I[1, abc, null]');
    expect(formatRow(1, [5n], [T.bigint()])).toBe('-U[5]');
    expect(formatRow('+U', [Date.UTC(2020, 9, 10)], [T.timestamp(3)])).toBe('+U[2020-10-10T00:00]');
    expect(formatRow(3, [], [])).toBe('-D[]');
  });
  it('prints CAST-to-string and display text', () => {
    expect(valueToSqlString(true, T.boolean())).toBe('TRUE');
    expect(valueToSqlString(Date.UTC(2020, 9, 10), T.timestamp(3))).toBe('2020-10-10 00:00:00.000');
    expect(valueToSqlString(Date.UTC(2020, 9, 10), T.timestampLtz(0), 'Asia/Shanghai')).toBe(
      '2020-10-10 08:00:00',
    );
    expect(valueToSqlString(14, T.intervalYearMonth())).toBe('+1-02');
    expect(valueToSqlString(90_061_001, T.intervalDayTime())).toBe('+1 01:01:01.001');
    expect(valueToSqlString([1, null], T.array(T.int()))).toBe('[1, NULL]');
    expect(
      valueToSqlString(
        [1, 'x'],
        T.row([
          ['a', T.int()],
          ['b', T.string()],
        ]),
      ),
    ).toBe('(1, x)');
    expect(formatValueForDisplay(null, T.int())).toBe('<NULL>');
    expect(formatValueForDisplay(1e10, T.double())).toBe('1.0E10');
  });
});

describe('comparison and keys', () => {
  it('orders doubles like Double.compare and bytes unsigned', () => {
    const c = comparatorFor(T.double());
    expect([Number.NaN, 1, -0, 0, -1].sort(c)).toEqual([-1, -0, 0, 1, Number.NaN]);
    const b = comparatorFor(T.bytes());
    expect(b(new Uint8Array([255]), new Uint8Array([1]))).toBeGreaterThan(0);
    expect(valueKey(preciseTimestamp(5, 0), T.timestamp(6))).toBe(
      valueKey(preciseTimestamp(5, 0), T.timestamp(6)),
    );
    expect(valueKey([1, 'a'], T.array(T.string()))).not.toBe(valueKey(['1a'], T.array(T.string())));
  });
});

describe('java.util.Random', () => {
  it('reproduces Java sequences', () => {
    const r = new JavaRandom(42);
    expect(r.nextInt()).toBe(-1170105035);
    const r0 = new JavaRandom(0);
    expect([r0.nextInt(100), r0.nextInt(100)]).toEqual([60, 48]);
    expect(new JavaRandom(0).nextDouble()).toBe(0.730967787376657);
    expect(new JavaRandom(42).nextInt(10)).toBe(0);
  });
});
