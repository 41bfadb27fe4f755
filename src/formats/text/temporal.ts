/**
 * Date/time text as Flink's JSON and CSV formats read and write it: `SQL` (`yyyy-MM-dd HH:mm:ss.fff`)
 * or `ISO-8601` (`yyyy-MM-ddTHH:mm:ss.fff`), TIMESTAMP_LTZ with a trailing `Z`. Fractions are written
 * like java.time's ISO_LOCAL_TIME: only the digits needed, no trailing zeros.
 */
import {
  daysFromCivil,
  daysInMonth,
  floorDiv,
  formatLocalDate,
  MILLIS_PER_DAY,
  type PreciseTimestamp,
  parseDate,
  timestampValue,
} from '../../expr/values/datetime.ts';
import { FormatError } from '../format.ts';

export type TimestampStandard = 'SQL' | 'ISO-8601';

const TS_RE = /^(-?\d{4,9})-(\d{2})-(\d{2})([ T])(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?(Z?)$/;
const TIME_RE = /^(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?$/;

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

function fraction(nanos: number): string {
  if (nanos === 0) return '';
  return `.${String(nanos).padStart(9, '0').replace(/0+$/, '')}`;
}

/** Parses timestamp text in the given standard; `zoned` requires the trailing `Z` of TIMESTAMP_LTZ. */
export function parseTimestampText(
  text: string,
  standard: TimestampStandard,
  zoned: boolean,
  precision: number,
): number | PreciseTimestamp {
  const m = TS_RE.exec(text);
  const separator = standard === 'SQL' ? ' ' : 'T';
  if (!m || m[4] !== separator || (m[9] === 'Z') !== zoned) {
    const shape = `${standard === 'SQL' ? 'yyyy-MM-dd HH:mm:ss' : "yyyy-MM-dd'T'HH:mm:ss"}[.fffffffff]${zoned ? "'Z'" : ''}`;
    throw new FormatError(
      `Cannot parse '${text}' as a ${zoned ? 'TIMESTAMP_LTZ' : 'TIMESTAMP'}: expected ${shape}`,
    );
  }
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const h = Number(m[5]);
  const mi = Number(m[6]);
  const s = m[7] === undefined ? 0 : Number(m[7]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo) || h > 23 || mi > 59 || s > 59) {
    throw new FormatError(`Invalid date-time '${text}'`);
  }
  const nanos = Number((m[8] ?? '').padEnd(9, '0'));
  const millis =
    daysFromCivil(y, mo, d) * MILLIS_PER_DAY + ((h * 60 + mi) * 60 + s) * 1000 + Math.floor(nanos / 1e6);
  return timestampValue(millis, nanos % 1_000_000, precision);
}

export function formatTimestampText(
  value: number | PreciseTimestamp,
  standard: TimestampStandard,
  zoned: boolean,
): string {
  const millis = typeof value === 'number' ? value : value.millis;
  const nanoOfMilli = typeof value === 'number' ? 0 : value.nanoOfMilli;
  const days = floorDiv(millis, MILLIS_PER_DAY);
  const ms = millis - days * MILLIS_PER_DAY;
  const time = formatTimeText(ms, nanoOfMilli);
  return `${formatLocalDate(days)}${standard === 'SQL' ? ' ' : 'T'}${time}${zoned ? 'Z' : ''}`;
}

/** `HH:mm:ss[.fff]` (seconds always printed, fraction only when non-zero). */
export function formatTimeText(millisOfDay: number, nanoOfMilli = 0): string {
  const h = Math.floor(millisOfDay / 3_600_000);
  const mi = Math.floor(millisOfDay / 60_000) % 60;
  const s = Math.floor(millisOfDay / 1000) % 60;
  return `${pad2(h)}:${pad2(mi)}:${pad2(s)}${fraction((millisOfDay % 1000) * 1_000_000 + nanoOfMilli)}`;
}

/** `HH:mm[:ss[.f]]` to milliseconds of the day (digits below the millisecond are dropped). */
export function parseTimeText(text: string): number {
  const m = TIME_RE.exec(text);
  const h = Number(m?.[1]);
  const mi = Number(m?.[2]);
  const s = m?.[3] === undefined ? 0 : Number(m[3]);
  if (!m || h > 23 || mi > 59 || s > 59)
    throw new FormatError(`Cannot parse '${text}' as a TIME: expected HH:mm:ss[.fff]`);
  const nanos = Number((m[4] ?? '').padEnd(9, '0'));
  return ((h * 60 + mi) * 60 + s) * 1000 + Math.floor(nanos / 1e6);
}

/** ISO `yyyy-MM-dd` to epoch days. */
export function parseDateText(text: string): number {
  const days = /^-?\d{4,9}-\d{2}-\d{2}$/.test(text) ? parseDate(text) : null;
  if (days === null) throw new FormatError(`Cannot parse '${text}' as a DATE: expected yyyy-MM-dd`);
  return days;
}

export const formatDateText = formatLocalDate;
