/** Time-unit arithmetic shared by EXTRACT, FLOOR/CEIL(x TO unit), TIMESTAMPADD and TIMESTAMPDIFF. */
import { ExpressionError } from '../errors.ts';
import type { LogicalType } from '../types.ts';
import {
  addMonthsToDays,
  addMonthsToMillis,
  civilFromDays,
  daysFromCivil,
  floorDiv,
  floorMod,
  MILLIS_PER_DAY,
  type PreciseTimestamp,
  preciseTimestamp,
  timestampParts,
} from '../values/datetime.ts';
import { fromLocalMillis, toLocalMillis } from '../values/timezone.ts';
import type { EvalContext, ScalarImpl } from './registry.ts';

export const UNIT_MILLIS: Record<string, number> = {
  MILLISECOND: 1,
  SECOND: 1000,
  MINUTE: 60_000,
  HOUR: 3_600_000,
  DAY: MILLIS_PER_DAY,
  WEEK: 7 * MILLIS_PER_DAY,
};
export const UNIT_MONTHS: Record<string, number> = {
  MONTH: 1,
  QUARTER: 3,
  YEAR: 12,
  DECADE: 120,
  CENTURY: 1200,
  MILLENNIUM: 12000,
};

const badUnit = (fn: string, unit: string): ExpressionError =>
  new ExpressionError(`${fn} does not support the time unit ${unit}`, 'INVALID_TIME_UNIT');

/** Wall-clock millis of a temporal value (TIMESTAMP_LTZ shifted into the session zone). */
export function wallClock(t: LogicalType, ctx: EvalContext): (v: unknown) => number {
  switch (t.kind) {
    case 'DATE':
      return (v) => (v as number) * MILLIS_PER_DAY;
    case 'TIME':
      return (v) => v as number;
    case 'TIMESTAMP_LTZ':
      return (v) => toLocalMillis(ctx.zone, timestampParts(v as number | PreciseTimestamp).millis);
    default:
      return (v) => timestampParts(v as number | PreciseTimestamp).millis;
  }
}

function isoWeek(days: number): { week: number; year: number } {
  const dow = floorMod(days + 3, 7) + 1; // 1 = Monday
  const thursday = days - dow + 4;
  const { year } = civilFromDays(thursday);
  const week = Math.floor((thursday - daysFromCivil(year, 1, 1)) / 7) + 1;
  return { week, year };
}

/** EXTRACT(unit FROM wall-clock millis) as Calcite/Flink define each unit. */
export function extractField(unit: string, millis: number, nanoOfMilli = 0): number {
  const days = floorDiv(millis, MILLIS_PER_DAY);
  const ms = millis - days * MILLIS_PER_DAY;
  const c = civilFromDays(days);
  switch (unit) {
    case 'YEAR':
      return c.year;
    case 'QUARTER':
      return Math.floor((c.month - 1) / 3) + 1;
    case 'MONTH':
      return c.month;
    case 'WEEK':
      return isoWeek(days).week;
    case 'ISOYEAR':
      return isoWeek(days).year;
    case 'DAY':
      return c.day;
    case 'DOY':
      return days - daysFromCivil(c.year, 1, 1) + 1;
    case 'DOW':
      return floorMod(days + 4, 7) + 1; // 1 = Sunday
    case 'ISODOW':
      return floorMod(days + 3, 7) + 1; // 1 = Monday
    case 'HOUR':
      return Math.floor(ms / 3_600_000);
    case 'MINUTE':
      return Math.floor(ms / 60_000) % 60;
    case 'SECOND':
      return Math.floor(ms / 1000) % 60;
    case 'MILLISECOND':
      return ms % 60_000;
    case 'MICROSECOND':
      return (ms % 60_000) * 1000 + Math.floor(nanoOfMilli / 1000);
    case 'NANOSECOND':
      return (ms % 60_000) * 1_000_000 + nanoOfMilli;
    case 'EPOCH':
      return floorDiv(millis, 1000);
    case 'DECADE':
      return Math.floor(c.year / 10);
    case 'CENTURY':
      return c.year > 0 ? Math.floor((c.year + 99) / 100) : -Math.floor((-c.year + 99) / 100);
    case 'MILLENNIUM':
      return c.year > 0 ? Math.floor((c.year + 999) / 1000) : -Math.floor((-c.year + 999) / 1000);
    default:
      throw badUnit('EXTRACT', unit);
  }
}

/** Floors wall-clock millis to a unit (weeks start on Sunday, as in Calcite). */
function floorWall(millis: number, unit: string): number {
  const ms = UNIT_MILLIS[unit];
  if (unit === 'WEEK') {
    const days = floorDiv(millis, MILLIS_PER_DAY);
    return (days - floorMod(days + 4, 7)) * MILLIS_PER_DAY;
  }
  if (ms !== undefined) return millis - floorMod(millis, ms);
  const months = UNIT_MONTHS[unit];
  if (months === undefined) throw badUnit('FLOOR', unit);
  const c = civilFromDays(floorDiv(millis, MILLIS_PER_DAY));
  const index = c.year * 12 + c.month - 1;
  const floored = index - floorMod(index, months);
  const year = Math.floor(floored / 12);
  return daysFromCivil(year, floored - year * 12 + 1, 1) * MILLIS_PER_DAY;
}

function ceilWall(millis: number, unit: string): number {
  const f = floorWall(millis, unit);
  if (f === millis) return f;
  const ms = UNIT_MILLIS[unit];
  if (ms !== undefined) return f + ms;
  return addMonthsToMillis(f, UNIT_MONTHS[unit]!);
}

function roundTemporal(
  t: LogicalType,
  unit: string,
  ctx: EvalContext,
  round: (ms: number, unit: string) => number,
): ScalarImpl {
  switch (t.kind) {
    case 'DATE':
      return (v) => floorDiv(round((v as number) * MILLIS_PER_DAY, unit), MILLIS_PER_DAY);
    case 'TIME':
      return (v) => floorMod(round(v as number, unit), MILLIS_PER_DAY);
    case 'TIMESTAMP_LTZ': {
      const precise = t.precision > 3;
      return (v) => {
        const local = toLocalMillis(ctx.zone, timestampParts(v as number | PreciseTimestamp).millis);
        const r = fromLocalMillis(ctx.zone, round(local, unit));
        return precise ? preciseTimestamp(r, 0) : r;
      };
    }
    default: {
      const precise = t.kind === 'TIMESTAMP' && t.precision > 3;
      return (v) => {
        const r = round(timestampParts(v as number | PreciseTimestamp).millis, unit);
        return precise ? preciseTimestamp(r, 0) : r;
      };
    }
  }
}
export const temporalFloor = (t: LogicalType, unit: string, ctx: EvalContext): ScalarImpl =>
  roundTemporal(t, unit, ctx, floorWall);
export const temporalCeil = (t: LogicalType, unit: string, ctx: EvalContext): ScalarImpl =>
  roundTemporal(t, unit, ctx, ceilWall);

/** Calcite's month difference of two dates (whole months from d1 to d0). */
function monthsBetweenDays(d0: number, d1: number): number {
  if (d0 < d1) return -monthsBetweenDays(d1, d0);
  let m = Math.floor((d0 - d1) / 31);
  for (;;) {
    if (addMonthsToDays(d1, m) >= d0) return m;
    if (addMonthsToDays(d1, m + 1) > d0) return m;
    m++;
  }
}

/** Whole months from t1 to t0 (wall-clock millis), truncated toward zero. */
export function monthsBetween(t0: number, t1: number): number {
  let x = monthsBetweenDays(floorDiv(t0, MILLIS_PER_DAY), floorDiv(t1, MILLIS_PER_DAY));
  if (x > 0 && addMonthsToMillis(t1, x) > t0) x--;
  if (x < 0 && addMonthsToMillis(t1, x) < t0) x++;
  return x;
}

export function addUnits(millis: number, unit: string, amount: number): number {
  const ms = UNIT_MILLIS[unit];
  if (ms !== undefined) return millis + amount * ms;
  const months = UNIT_MONTHS[unit];
  if (months === undefined) throw badUnit('TIMESTAMPADD', unit);
  return addMonthsToMillis(millis, amount * months);
}
