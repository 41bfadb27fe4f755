/**
 * DATE (epoch days), TIME (millis of day) and TIMESTAMP (epoch millis of the wall-clock time read as
 * UTC; PreciseTimestamp for precision > 3): calendar arithmetic, Java toString formats, SQL parsing.
 */

export const MILLIS_PER_DAY = 86_400_000;

/** A timestamp with sub-millisecond digits (TIMESTAMP(p) / TIMESTAMP_LTZ(p) with p > 3). */
export interface PreciseTimestamp {
  readonly millis: number;
  /** 0..999_999 nanoseconds within the millisecond. */
  readonly nanoOfMilli: number;
}

export function preciseTimestamp(millis: number, nanoOfMilli = 0): PreciseTimestamp {
  return Object.freeze({ millis, nanoOfMilli });
}
export const isPreciseTimestamp = (v: unknown): v is PreciseTimestamp =>
  typeof v === 'object' && v !== null && 'nanoOfMilli' in v;

/** Splits a timestamp value of either representation into millis + nanos within the milli. */
export function timestampParts(v: number | PreciseTimestamp): { millis: number; nanoOfMilli: number } {
  return typeof v === 'number' ? { millis: v, nanoOfMilli: 0 } : v;
}

export const floorDiv = (a: number, b: number): number => Math.floor(a / b);
export const floorMod = (a: number, b: number): number => a - Math.floor(a / b) * b;

export interface CivilDate {
  year: number;
  month: number;
  day: number;
}

/** Days since 1970-01-01 to a proleptic Gregorian date (H. Hinnant's algorithm). */
export function civilFromDays(days: number): CivilDate {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
export const daysInMonth = (y: number, m: number): number =>
  m === 2 && isLeapYear(y) ? 29 : MONTH_DAYS[m - 1]!;

/** Adds months to a date clamping the day to the month's end (Java LocalDate.plusMonths). */
export function addMonthsToDays(days: number, months: number): number {
  const c = civilFromDays(days);
  const total = c.year * 12 + (c.month - 1) + months;
  const year = Math.floor(total / 12);
  const month = total - year * 12 + 1;
  return daysFromCivil(year, month, Math.min(c.day, daysInMonth(year, month)));
}
export function addMonthsToMillis(millis: number, months: number): number {
  const days = floorDiv(millis, MILLIS_PER_DAY);
  return addMonthsToDays(days, months) * MILLIS_PER_DAY + floorMod(millis, MILLIS_PER_DAY);
}

const pad = (n: number, width: number): string => String(n).padStart(width, '0');

/** Java LocalDate.toString. */
export function formatYear(year: number): string {
  if (Math.abs(year) < 1000) return (year < 0 ? '-' : '') + pad(Math.abs(year), 4);
  return year > 9999 ? `+${year}` : String(year);
}
export function formatLocalDate(days: number): string {
  const c = civilFromDays(days);
  return `${formatYear(c.year)}-${pad(c.month, 2)}-${pad(c.day, 2)}`;
}

/** Java's nano-of-second printing: 3, 6 or 9 digits, as few as exact. */
function javaFraction(nanoOfSecond: number): string {
  if (nanoOfSecond === 0) return '';
  if (nanoOfSecond % 1_000_000 === 0) return '.' + pad(nanoOfSecond / 1_000_000, 3);
  if (nanoOfSecond % 1000 === 0) return '.' + pad(nanoOfSecond / 1000, 6);
  return '.' + pad(nanoOfSecond, 9);
}

/** Java LocalTime.toString: seconds only when non-zero (`10:00`, `10:00:05`, `10:00:05.123`). */
export function formatLocalTime(millisOfDay: number, nanoOfMilli = 0): string {
  const h = Math.floor(millisOfDay / 3_600_000);
  const m = Math.floor(millisOfDay / 60_000) % 60;
  const s = Math.floor(millisOfDay / 1000) % 60;
  const nanos = (millisOfDay % 1000) * 1_000_000 + nanoOfMilli;
  const base = `${pad(h, 2)}:${pad(m, 2)}`;
  if (s === 0 && nanos === 0) return base;
  return `${base}:${pad(s, 2)}${javaFraction(nanos)}`;
}

/** Java LocalDateTime.toString (`2020-10-10T00:00`, `2020-10-10T00:00:05.123`). */
export function formatLocalDateTime(millis: number, nanoOfMilli = 0): string {
  const days = floorDiv(millis, MILLIS_PER_DAY);
  return `${formatLocalDate(days)}T${formatLocalTime(millis - days * MILLIS_PER_DAY, nanoOfMilli)}`;
}

/** Java Instant.toString: always prints seconds (`2020-04-15T08:00:00Z`). */
export function formatInstant(millis: number, nanoOfMilli = 0): string {
  const days = floorDiv(millis, MILLIS_PER_DAY);
  const ms = millis - days * MILLIS_PER_DAY;
  const h = Math.floor(ms / 3_600_000);
  const m = Math.floor(ms / 60_000) % 60;
  const s = Math.floor(ms / 1000) % 60;
  const nanos = (ms % 1000) * 1_000_000 + nanoOfMilli;
  return `${formatLocalDate(days)}T${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}${javaFraction(nanos)}Z`;
}

/** SQL text of a TIME(p): `HH:mm:ss[.fff]` with exactly min(p, 3) fraction digits. */
export function formatSqlTime(millisOfDay: number, precision: number): string {
  const h = Math.floor(millisOfDay / 3_600_000);
  const m = Math.floor(millisOfDay / 60_000) % 60;
  const s = Math.floor(millisOfDay / 1000) % 60;
  const base = `${pad(h, 2)}:${pad(m, 2)}:${pad(s, 2)}`;
  const p = Math.min(precision, 3);
  return p > 0 ? `${base}.${pad(millisOfDay % 1000, 3).slice(0, p)}` : base;
}

/** SQL text of a TIMESTAMP(p): `yyyy-MM-dd HH:mm:ss[.f{p}]`, as CAST(ts AS STRING) prints it. */
export function formatSqlTimestamp(millis: number, nanoOfMilli: number, precision: number): string {
  const days = floorDiv(millis, MILLIS_PER_DAY);
  const ms = millis - days * MILLIS_PER_DAY;
  const base = `${formatLocalDate(days)} ${formatSqlTime(ms, 0)}`;
  if (precision <= 0) return base;
  const nanos = pad((ms % 1000) * 1_000_000 + nanoOfMilli, 9);
  return `${base}.${nanos.slice(0, precision)}`;
}

// ---- parsing (Flink's DateTimeUtils accepted formats) ----

const DATE_RE = /^(-?\d{1,9})-(\d{1,2})-(\d{1,2})$/;
const TIME_RE = /^(\d{1,2}):(\d{1,2})(?::(\d{1,2})(?:\.(\d{1,9}))?)?$/;

function checkedDays(y: number, m: number, d: number): number | null {
  if (m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return null;
  return daysFromCivil(y, m, d);
}

/** `yyyy-MM-dd` (single-digit month/day allowed) to epoch days; null when invalid. */
export function parseDate(text: string): number | null {
  const m = DATE_RE.exec(text.trim());
  if (!m) return null;
  return checkedDays(Number(m[1]), Number(m[2]), Number(m[3]));
}

/** `HH:mm[:ss[.fffffffff]]` to { millisOfDay, nanoOfMilli }; null when invalid. */
export function parseTimeParts(text: string): { millisOfDay: number; nanoOfMilli: number } | null {
  const m = TIME_RE.exec(text.trim());
  if (!m) return null;
  const h = Number(m[1]);
  const min = Number(m[2]);
  const s = m[3] ? Number(m[3]) : 0;
  if (h > 23 || min > 59 || s > 59) return null;
  const frac = (m[4] ?? '').padEnd(9, '0');
  const nanos = Number(frac);
  return {
    millisOfDay: ((h * 60 + min) * 60 + s) * 1000 + Math.floor(nanos / 1_000_000),
    nanoOfMilli: nanos % 1_000_000,
  };
}

/** `yyyy-MM-dd[( |T)HH:mm[:ss[.f...]]]` to { millis, nanoOfMilli }; null when invalid. */
export function parseTimestampParts(text: string): { millis: number; nanoOfMilli: number } | null {
  const t = text.trim();
  const sep = t.search(/[ T]/);
  const datePart = sep < 0 ? t : t.slice(0, sep);
  const days = parseDate(datePart);
  if (days === null) return null;
  if (sep < 0) return { millis: days * MILLIS_PER_DAY, nanoOfMilli: 0 };
  const time = parseTimeParts(t.slice(sep + 1));
  if (!time) return null;
  return { millis: days * MILLIS_PER_DAY + time.millisOfDay, nanoOfMilli: time.nanoOfMilli };
}

/** Truncates sub-precision digits of a timestamp to the type's precision. */
export function truncateToPrecision(
  millis: number,
  nanoOfMilli: number,
  precision: number,
): PreciseTimestamp {
  if (precision >= 9) return preciseTimestamp(millis, nanoOfMilli);
  if (precision <= 3) {
    const unit = 10 ** (3 - precision);
    return preciseTimestamp(millis - floorMod(millis, unit), 0);
  }
  const unit = 10 ** (9 - precision);
  return preciseTimestamp(millis, nanoOfMilli - (nanoOfMilli % unit));
}

/** A timestamp in the representation of a TIMESTAMP(precision) value. */
export function timestampValue(
  millis: number,
  nanoOfMilli: number,
  precision: number,
): number | PreciseTimestamp {
  const t = truncateToPrecision(millis, nanoOfMilli, precision);
  return precision > 3 ? t : t.millis;
}
