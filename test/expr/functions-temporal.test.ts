import { describe, expect, it } from 'vitest';
import { formatType } from '../../src/expr/types.ts';
import { daysFromCivil, preciseTimestamp } from '../../src/expr/values/datetime.ts';
import { B, call, int, lit, run, show, str, sym, T } from './helpers.ts';

const ts = (y: number, mo: number, d: number, h = 0, mi = 0, s = 0, ms = 0) =>
  lit(Date.UTC(y, mo - 1, d, h, mi, s, ms), T.timestamp(3));
const ltz = (iso: string) => lit(Date.parse(iso), T.timestampLtz(3));
const date = (y: number, m: number, d: number) => lit(daysFromCivil(y, m, d), T.date());
const shanghai = { timeZone: 'Asia/Shanghai' };

describe('clock functions', () => {
  // helpers.run fixes the clock at 2024-01-15T10:30:00Z
  it('read the context clock in the session zone', () => {
    expect(show(call('CURRENT_TIMESTAMP'))).toBe('2024-01-15T10:30:00Z');
    expect(show(call('NOW'), [], shanghai)).toBe('2024-01-15T10:30:00Z');
    expect(show(call('LOCALTIMESTAMP'), [], shanghai)).toBe('2024-01-15T18:30');
    expect(show(call('CURRENT_DATE'), [], { timeZone: 'America/Los_Angeles' })).toBe('2024-01-15');
    expect(show(call('CURRENT_TIME'), [], shanghai)).toBe('18:30');
    expect(formatType(call('CURRENT_TIMESTAMP').type)).toBe('TIMESTAMP_LTZ(3) NOT NULL');
    expect(show(call('UNIX_TIMESTAMP'))).toBe(String(Date.UTC(2024, 0, 15, 10, 30) / 1000));
  });
  it('query-start clock returns one instant', () => {
    const ctx = { clock: 'query-start' as const, queryStartMillis: 0 };
    expect(show(call('CURRENT_TIMESTAMP'), [], ctx)).toBe('1970-01-01T00:00:00Z');
  });
});

describe('formatting and parsing', () => {
  it('DATE_FORMAT', () => {
    expect(run(call('DATE_FORMAT', ts(2020, 10, 10, 1, 2, 3, 45), str('yyyy/MM/dd HH:mm:ss.SSS')))).toBe(
      '2020/10/10 01:02:03.045',
    );
    expect(run(call('DATE_FORMAT', str('2020-10-10 01:02:03'), str('yyyyMMdd')))).toBe('20201010');
    expect(run(call('DATE_FORMAT', ltz('2020-10-10T20:00:00Z'), str('yyyy-MM-dd HH')), [], shanghai)).toBe(
      '2020-10-11 04',
    );
  });
  it('TO_TIMESTAMP, TO_DATE, TO_TIMESTAMP_LTZ', () => {
    expect(show(call('TO_TIMESTAMP', str('2020-10-10 10:00:05')))).toBe('2020-10-10T10:00:05');
    expect(show(call('TO_TIMESTAMP', str('10/10/2020 10'), str('dd/MM/yyyy HH')))).toBe('2020-10-10T10:00');
    expect(show(call('TO_TIMESTAMP', str('garbage')))).toBe('null');
    expect(formatType(call('TO_TIMESTAMP', str('x')).type)).toBe('TIMESTAMP(3)');
    expect(show(call('TO_DATE', str('2020-10-10')))).toBe('2020-10-10');
    expect(show(call('TO_DATE', str('20201010'), str('yyyyMMdd')))).toBe('2020-10-10');
    expect(show(call('TO_TIMESTAMP_LTZ', lit(1586937609n, T.bigint()), int(0)))).toBe('2020-04-15T08:00:09Z');
    expect(show(call('TO_TIMESTAMP_LTZ', lit(1586937609999n, T.bigint()), int(3)))).toBe(
      '2020-04-15T08:00:09.999Z',
    );
    expect(() => call('TO_TIMESTAMP_LTZ', int(1), int(6))).toThrow(/precision must be 0/);
    expect(show(call('TO_TIMESTAMP_LTZ', str('2020-04-15 16:00:09')), [], shanghai)).toBe(
      '2020-04-15T08:00:09Z',
    );
    expect(
      show(
        call('TO_TIMESTAMP_LTZ', str('2020-04-15 16:00'), str('yyyy-MM-dd HH:mm'), str('UTC')),
        [],
        shanghai,
      ),
    ).toBe('2020-04-15T16:00:00Z');
  });
  it('UNIX_TIMESTAMP and FROM_UNIXTIME in the session zone', () => {
    expect(show(call('UNIX_TIMESTAMP', str('1970-01-01 08:00:00')), [], shanghai)).toBe('0');
    expect(show(call('UNIX_TIMESTAMP', str('1970/01/02'), str('yyyy/MM/dd')))).toBe('86400');
    expect(show(call('UNIX_TIMESTAMP', str('bad')))).toBe('-9223372036854775808');
    expect(show(call('FROM_UNIXTIME', int(0)), [], shanghai)).toBe('1970-01-01 08:00:00');
    expect(show(call('FROM_UNIXTIME', int(86400), str('yyyy-MM-dd')))).toBe('1970-01-02');
  });
});

describe('field extraction', () => {
  const t = ts(2024, 2, 29, 13, 45, 30, 123);
  it('EXTRACT and the shorthand functions', () => {
    expect(show(call('EXTRACT', sym('YEAR'), t))).toBe('2024');
    expect(show(call('EXTRACT', sym('QUARTER'), t))).toBe('1');
    expect(show(call('EXTRACT', sym('DOY'), t))).toBe('60');
    expect(show(call('EXTRACT', sym('DOW'), t))).toBe('5');
    expect(show(call('EXTRACT', sym('WEEK'), date(2021, 1, 3)))).toBe('53');
    expect(show(call('EXTRACT', sym('MILLISECOND'), t))).toBe('30123');
    expect(show(call('EXTRACT', sym('HOUR'), ltz('2024-01-01T20:00:00Z')), [], shanghai)).toBe('4');
    expect(show(call('EXTRACT', sym('MINUTE'), lit(3_723_000, T.time())))).toBe('2');
    expect(
      show(
        call(
          'EXTRACT',
          sym('MICROSECOND'),
          lit(preciseTimestamp(Date.UTC(2020, 0, 1, 0, 0, 1, 2), 3000), T.timestamp(6)),
        ),
      ),
    ).toBe('1002003');
    expect(show(call('YEAR', t))).toBe('2024');
    expect(show(call('MONTH', t))).toBe('2');
    expect(show(call('DAYOFMONTH', t))).toBe('29');
    expect(show(call('DAYOFWEEK', date(2024, 3, 3)))).toBe('1');
    expect(show(call('DAYOFYEAR', date(2024, 12, 31)))).toBe('366');
    expect(show(call('HOUR', t))).toBe('13');
    expect(show(call('MINUTE', t))).toBe('45');
    expect(show(call('SECOND', t))).toBe('30');
    expect(show(call('WEEK', date(2024, 1, 1)))).toBe('1');
    expect(show(call('QUARTER', date(2024, 11, 1)))).toBe('4');
  });
});

describe('temporal arithmetic', () => {
  it('FLOOR / CEIL to units', () => {
    const t = ts(2024, 5, 17, 13, 45, 30);
    expect(show(call('FLOOR', t, sym('HOUR')))).toBe('2024-05-17T13:00');
    expect(show(call('CEIL', t, sym('HOUR')))).toBe('2024-05-17T14:00');
    expect(show(call('FLOOR', t, sym('DAY')))).toBe('2024-05-17T00:00');
    expect(show(call('FLOOR', t, sym('MONTH')))).toBe('2024-05-01T00:00');
    expect(show(call('FLOOR', t, sym('QUARTER')))).toBe('2024-04-01T00:00');
    expect(show(call('CEIL', t, sym('YEAR')))).toBe('2025-01-01T00:00');
    expect(show(call('FLOOR', t, sym('WEEK')))).toBe('2024-05-12T00:00');
    expect(show(call('FLOOR', date(2024, 5, 17), sym('MONTH')))).toBe('2024-05-01');
    expect(show(call('FLOOR', ltz('2024-05-17T20:00:00Z'), sym('DAY')), [], shanghai)).toBe(
      '2024-05-17T16:00:00Z',
    );
  });
  it('TIMESTAMPADD / TIMESTAMPDIFF', () => {
    expect(show(call('TIMESTAMPADD', sym('MONTH'), int(1), ts(2024, 1, 31)))).toBe('2024-02-29T00:00');
    expect(show(call('TIMESTAMPADD', sym('HOUR'), int(-25), ts(2024, 1, 2)))).toBe('2023-12-31T23:00');
    expect(show(call('TIMESTAMPADD', sym('DAY'), int(1), date(2024, 2, 28)))).toBe('2024-02-29');
    expect(show(call('TIMESTAMPDIFF', sym('DAY'), ts(2024, 1, 1), ts(2024, 3, 1, 12)))).toBe('60');
    // Calcite's month difference: Jan 31 + 1 month = Feb 29, so one whole month
    expect(show(call('TIMESTAMPDIFF', sym('MONTH'), ts(2024, 1, 31), ts(2024, 2, 29)))).toBe('1');
    expect(show(call('TIMESTAMPDIFF', sym('MONTH'), ts(2024, 1, 31), ts(2024, 2, 28)))).toBe('0');
    expect(show(call('TIMESTAMPDIFF', sym('MONTH'), ts(2024, 1, 31), ts(2024, 3, 31)))).toBe('2');
    expect(show(call('TIMESTAMPDIFF', sym('YEAR'), date(2020, 6, 1), date(2024, 5, 31)))).toBe('3');
    expect(show(call('TIMESTAMPDIFF', sym('SECOND'), ts(2024, 1, 1, 0, 0, 10), ts(2024, 1, 1)))).toBe('-10');
  });
  it('± INTERVAL and timestamp differences', () => {
    const hour = lit(3_600_000, T.intervalDayTime('HOUR'));
    const month = lit(1, T.intervalYearMonth('MONTH'));
    expect(show(call('+', ts(2024, 1, 1), hour))).toBe('2024-01-01T01:00');
    expect(show(call('+', hour, ts(2024, 1, 1)))).toBe('2024-01-01T01:00');
    expect(show(call('-', ts(2024, 3, 31), month))).toBe('2024-02-29T00:00');
    expect(show(call('+', date(2024, 1, 31), month))).toBe('2024-02-29');
    expect(show(call('+', date(2024, 1, 31), lit(86_400_000 * 2, T.intervalDayTime('DAY'))))).toBe(
      '2024-02-02',
    );
    expect(show(call('-', ts(2024, 1, 2), ts(2024, 1, 1)))).toBe('PT24H');
    expect(show(call('+', lit(3_600_000, T.time()), lit(-7_200_000, T.intervalDayTime('HOUR'))))).toBe(
      '23:00',
    );
    expect(show(call('*', hour, int(3)))).toBe('PT3H');
    // month arithmetic on TIMESTAMP_LTZ moves the wall clock across DST in the session zone
    const ny = { timeZone: 'America/New_York' };
    expect(show(call('+', ltz('2024-02-10T17:00:00Z'), month), [], ny)).toBe('2024-03-10T16:00:00Z');
    expect(show(call('+', B.input(0, T.timestamp(3)), hour), [null])).toBe('null');
  });
});

describe('time attributes', () => {
  it('PROCTIME is a proctime TIMESTAMP_LTZ(3) read from the clock', () => {
    expect(formatType(call('PROCTIME').type)).toBe('TIMESTAMP_LTZ(3) NOT NULL *PROCTIME*');
    expect(show(call('PROCTIME'))).toBe('2024-01-15T10:30:00Z');
  });
  it('CURRENT_WATERMARK reads the runtime watermark and is NULL before the first one', () => {
    const rowtime = B.input(0, T.timestampLtz(3, false, 'rowtime'));
    const e = call('CURRENT_WATERMARK', rowtime);
    expect(formatType(e.type)).toBe('TIMESTAMP_LTZ(3)');
    expect(show(e, [5])).toBe('null');
    expect(show(e, [5], { currentWatermark: () => 1 })).toBe('1970-01-01T00:00:00.001Z');
    expect(() => call('CURRENT_WATERMARK', B.input(0, T.timestamp(3)))).toThrow(/rowtime attribute/);
  });
});
