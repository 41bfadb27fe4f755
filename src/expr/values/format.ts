/**
 * Value printing. `formatValue`/`formatRow` reproduce Flink's Row.toString over external Java types
 * (LocalDateTime, Instant, BigDecimal, Double ...), the format of the conformance expectations and of
 * the print connector. `valueToSqlString` is CAST(x AS STRING); `formatValueForDisplay` is what the
 * tableau view shows.
 */
import type { LogicalType } from '../types.ts';
import {
  formatInstant,
  formatLocalDate,
  formatLocalDateTime,
  formatLocalTime,
  formatSqlTime,
  formatSqlTimestamp,
  type PreciseTimestamp,
  timestampParts,
} from './datetime.ts';
import { decimalToJavaString, decimalToPlainString } from './decimal.ts';
import { javaDoubleToString, javaFloatToString } from './java-numbers.ts';
import { type TimeZone, timeZone, toLocalMillis } from './timezone.ts';

export type RowKindCode = 0 | 1 | 2 | 3;
const ROW_KINDS = ['+I', '-U', '+U', '-D'] as const;
export const rowKindString = (kind: RowKindCode | string): string =>
  typeof kind === 'number' ? ROW_KINDS[kind]! : kind;

/** Java Period.toString of a month count, resolved as Flink converts INTERVAL YEAR TO MONTH. */
function formatPeriod(months: number, type: LogicalType): string {
  if (type.kind === 'INTERVAL_YEAR_MONTH' && type.resolution === 'MONTH') {
    return months === 0 ? 'P0D' : `P${months}M`;
  }
  const years = Math.trunc(months / 12);
  const rest = months - years * 12;
  if (years === 0 && rest === 0) return 'P0D';
  return `P${years !== 0 ? `${years}Y` : ''}${rest !== 0 ? `${rest}M` : ''}`;
}

/** Java Duration.toString of a millisecond count (`PT1H30M`, `PT0.5S`, `PT-1.5S`). */
export function formatDuration(millis: number): string {
  if (millis === 0) return 'PT0S';
  const seconds = Math.floor(millis / 1000);
  const nanos = (millis - seconds * 1000) * 1_000_000;
  const effective = seconds < 0 && nanos > 0 ? seconds + 1 : seconds;
  const hours = Math.trunc(effective / 3600);
  const minutes = Math.trunc((effective % 3600) / 60);
  const secs = effective % 60;
  let out = 'PT';
  if (hours !== 0) out += `${hours}H`;
  if (minutes !== 0) out += `${minutes}M`;
  if (secs === 0 && nanos === 0 && out.length > 2) return out;
  if (seconds < 0 && nanos > 0) out += secs === 0 ? '-0' : String(secs);
  else out += String(secs);
  if (nanos > 0) {
    const digits = String(seconds < 0 ? 2_000_000_000 - nanos : nanos + 1_000_000_000).replace(/0+$/, '');
    out += `.${digits.slice(1)}`;
  }
  return `${out}S`;
}

function formatBytes(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (const b of bytes) parts.push(String(b > 127 ? b - 256 : b));
  return `[${parts.join(', ')}]`;
}

/** One value as Flink's Row.toString prints it. */
export function formatValue(value: unknown, type: LogicalType): string {
  if (value === null || value === undefined) return 'null';
  switch (type.kind) {
    case 'BOOLEAN':
      return value ? 'true' : 'false';
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'BIGINT':
      return String(value);
    case 'FLOAT':
      return javaFloatToString(value as number);
    case 'DOUBLE':
      return javaDoubleToString(value as number);
    case 'DECIMAL':
      return decimalToJavaString(value as bigint, type.scale);
    case 'CHAR':
    case 'VARCHAR':
      return value as string;
    case 'BINARY':
    case 'VARBINARY':
      return formatBytes(value as Uint8Array);
    case 'DATE':
      return formatLocalDate(value as number);
    case 'TIME':
      return formatLocalTime(value as number);
    case 'TIMESTAMP': {
      const p = timestampParts(value as number | PreciseTimestamp);
      return formatLocalDateTime(p.millis, p.nanoOfMilli);
    }
    case 'TIMESTAMP_LTZ': {
      const p = timestampParts(value as number | PreciseTimestamp);
      return formatInstant(p.millis, p.nanoOfMilli);
    }
    case 'INTERVAL_YEAR_MONTH':
      return formatPeriod(value as number, type);
    case 'INTERVAL_DAY_TIME':
      return formatDuration(value as number);
    case 'ARRAY':
      return `[${(value as unknown[]).map((v) => formatValue(v, type.element)).join(', ')}]`;
    case 'MULTISET': {
      const parts: string[] = [];
      for (const [k, n] of value as Map<unknown, number>) parts.push(`${formatValue(k, type.element)}=${n}`);
      return `{${parts.join(', ')}}`;
    }
    case 'MAP': {
      const parts: string[] = [];
      for (const [k, v] of value as Map<unknown, unknown>) {
        parts.push(`${formatValue(k, type.key)}=${formatValue(v, type.value)}`);
      }
      return `{${parts.join(', ')}}`;
    }
    case 'ROW':
      return `+I[${type.fields.map((f, i) => formatValue((value as unknown[])[i] ?? null, f.type)).join(', ')}]`;
    case 'NULL':
      return 'null';
  }
}

/** `+I[1, abc]`: a changelog row as Flink's Row.toString prints it. */
export function formatRow(
  kind: RowKindCode | string,
  row: readonly unknown[],
  types: readonly LogicalType[],
): string {
  const parts: string[] = [];
  for (let i = 0; i < types.length; i++) parts.push(formatValue(row[i] ?? null, types[i]!));
  return `${rowKindString(kind)}[${parts.join(', ')}]`;
}

const pad = (n: number, w: number): string => String(n).padStart(w, '0');

/** Flink's interval text in CAST(... AS STRING): `+1-02`, `+3 04:05:06.789`. */
export function intervalToSqlString(value: number, type: LogicalType): string {
  const sign = value < 0 ? '-' : '+';
  const v = Math.abs(value);
  if (type.kind === 'INTERVAL_YEAR_MONTH') return `${sign}${Math.floor(v / 12)}-${pad(v % 12, 2)}`;
  const days = Math.floor(v / 86_400_000);
  return `${sign}${days} ${formatSqlTime(v % 86_400_000, 3)}`;
}

const utf8 = new TextDecoder('utf-8');

/** CAST(value AS STRING) under a session time zone (Flink 1.15+ cast rules). */
export function valueToSqlString(value: unknown, type: LogicalType, zone: TimeZone | string = 'UTC'): string {
  if (value === null || value === undefined) return 'NULL';
  switch (type.kind) {
    case 'BOOLEAN':
      return value ? 'TRUE' : 'FALSE';
    case 'DECIMAL':
      return decimalToPlainString(value as bigint, type.scale);
    case 'BINARY':
    case 'VARBINARY':
      return utf8.decode(value as Uint8Array);
    case 'TIME':
      return formatSqlTime(value as number, type.precision);
    case 'TIMESTAMP': {
      const p = timestampParts(value as number | PreciseTimestamp);
      return formatSqlTimestamp(p.millis, p.nanoOfMilli, type.precision);
    }
    case 'TIMESTAMP_LTZ': {
      const z = typeof zone === 'string' ? timeZone(zone) : zone;
      const p = timestampParts(value as number | PreciseTimestamp);
      return formatSqlTimestamp(toLocalMillis(z, p.millis), p.nanoOfMilli, type.precision);
    }
    case 'INTERVAL_YEAR_MONTH':
    case 'INTERVAL_DAY_TIME':
      return intervalToSqlString(value as number, type);
    case 'ARRAY':
      return `[${(value as unknown[]).map((v) => valueToSqlString(v, type.element, zone)).join(', ')}]`;
    case 'MULTISET': {
      const parts: string[] = [];
      for (const [k, n] of value as Map<unknown, number>)
        parts.push(`${valueToSqlString(k, type.element, zone)}=${n}`);
      return `{${parts.join(', ')}}`;
    }
    case 'MAP': {
      const parts: string[] = [];
      for (const [k, v] of value as Map<unknown, unknown>) {
        parts.push(`${valueToSqlString(k, type.key, zone)}=${valueToSqlString(v, type.value, zone)}`);
      }
      return `{${parts.join(', ')}}`;
    }
    case 'ROW':
      return `(${type.fields.map((f, i) => valueToSqlString((value as unknown[])[i] ?? null, f.type, zone)).join(', ')})`;
    default:
      return formatValue(value, type);
  }
}

/** A cell of the SQL client's tableau view: CAST-to-string text, `<NULL>` for NULL. */
export function formatValueForDisplay(
  value: unknown,
  type: LogicalType,
  zone: TimeZone | string = 'UTC',
): string {
  if (value === null || value === undefined) return '<NULL>';
  return valueToSqlString(value, type, zone);
}
