import { describe, expect, it } from 'vitest';
import { formatRowValues, formatValue, zoneOffsetMillis } from '../../src/cli/shell/format.ts';
import { Decimal, SqlTimestamp } from '../../src/index.ts';

describe('shell value formatting', () => {
  const instant = Date.UTC(2024, 6, 1, 12, 0, 0, 250); // 2024-07-01T12:00:00.250Z, summer time

  it('finds zone offsets for IANA names (with daylight saving) and fixed offsets', () => {
    expect(zoneOffsetMillis('UTC', instant)).toBe(0);
    expect(zoneOffsetMillis('Asia/Tokyo', instant)).toBe(9 * 3_600_000);
    expect(zoneOffsetMillis('America/New_York', instant)).toBe(-4 * 3_600_000);
    expect(zoneOffsetMillis('America/New_York', Date.UTC(2024, 0, 15))).toBe(-5 * 3_600_000);
    expect(zoneOffsetMillis('GMT+05:30', instant)).toBe(5.5 * 3_600_000);
    expect(zoneOffsetMillis('-08:00', instant)).toBe(-8 * 3_600_000);
  });

  it('shows TIMESTAMP_LTZ in the session time zone and TIMESTAMP as it is', () => {
    const ltz = new SqlTimestamp(instant, 123_456, 9, true);
    expect(formatValue(ltz)).toBe('2024-07-01 12:00:00.250123456');
    expect(formatValue(ltz, 'Asia/Tokyo')).toBe('2024-07-01 21:00:00.250123456');
    expect(formatValue(new SqlTimestamp(instant, 0, 3, true), 'America/New_York')).toBe(
      '2024-07-01 08:00:00.250',
    );
    // a wall-clock TIMESTAMP does not move with the zone
    expect(formatValue(new SqlTimestamp(instant, 0, 0, false), 'Asia/Tokyo')).toBe('2024-07-01 12:00:00');
  });

  it('formats nested values the way Flink prints them', () => {
    const columns = [
      { name: 'm', type: { type: 'MAP', nullable: true, flinkType: 'MAP<STRING, ARRAY<DECIMAL(3, 1)>>' } },
      { name: 'r', type: { type: 'ROW', nullable: true, flinkType: 'ROW<a INT, b BYTES>' } },
      { name: 'n', type: { type: 'INT', nullable: true, flinkType: 'INT' } },
    ];
    const row = [new Map([['k', [new Decimal(15n, 1), null]]]), [1, new Uint8Array([1, 255])], null];
    expect(formatRowValues(row, columns)).toEqual(['{k=[1.5, <NULL>]}', "(1, x'01ff')", '<NULL>']);
  });
});
