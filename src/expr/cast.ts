/**
 * CAST between logical types with Flink's runtime semantics (1.15+, legacy cast behaviour off):
 * Java narrowing between numbers, strict parsing of strings (a failed CAST throws ExpressionError,
 * TRY_CAST turns that into NULL), DECIMAL overflow → NULL, TIMESTAMP ↔ TIMESTAMP_LTZ through the
 * session time zone, CHAR(n)/VARCHAR(n)/BINARY(n) padding and truncation.
 */
import { ExpressionError } from './errors.ts';
import type { LogicalType } from './types.ts';
import { isCharacterKind, isIntegerKind, MAX_LENGTH, typeEquals, withoutTimeAttribute } from './types.ts';
import {
  floorDiv,
  floorMod,
  MILLIS_PER_DAY,
  type PreciseTimestamp,
  parseDate,
  parseTimeParts,
  parseTimestampParts,
  timestampParts,
  timestampValue,
} from './values/datetime.ts';
import {
  decimalToBigInteger,
  decimalToDouble,
  doubleToDecimal,
  parseDecimal,
  toDecimal,
} from './values/decimal.ts';
import { valueToSqlString } from './values/format.ts';
import {
  doubleToIntegerKind,
  doubleToLong,
  longToIntegerKind,
  wrapBigint,
  wrapToKind,
} from './values/integers.ts';
import { fromLocalMillis, type TimeZone, toLocalMillis } from './values/timezone.ts';

export type CastFn = (value: unknown) => unknown;

const castFailed = (text: string, target: string): ExpressionError =>
  new ExpressionError(`Cannot cast '${text}' to ${target}`, 'CAST_FAILED');

const INTEGER_TEXT = /^[+-]?\d+(?:\.\d*)?$/;
const DOUBLE_TEXT = /^[+-]?(?:NaN|Infinity|(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)[dDfF]?$/;
const INT_RANGE: Record<string, readonly [bigint, bigint]> = {
  TINYINT: [-128n, 127n],
  SMALLINT: [-32768n, 32767n],
  INT: [-2147483648n, 2147483647n],
  BIGINT: [-(2n ** 63n), 2n ** 63n - 1n],
};

function parseIntegerText(text: string, kind: string): bigint {
  const t = text.trim();
  if (!INTEGER_TEXT.test(t)) throw castFailed(text, kind);
  const dot = t.indexOf('.');
  const v = BigInt(dot < 0 ? t : t.slice(0, dot) || '0');
  const [lo, hi] = INT_RANGE[kind]!;
  if (v < lo || v > hi) throw castFailed(text, kind);
  return v;
}

function parseDoubleText(text: string, kind: string): number {
  const t = text.trim();
  if (!DOUBLE_TEXT.test(t)) throw castFailed(text, kind);
  return Number(t.replace(/[dDfF]$/, ''));
}

const TRUE_TEXT = new Set(['true', 't', 'yes', 'y', '1']);
const FALSE_TEXT = new Set(['false', 'f', 'no', 'n', '0']);

const encoder = new TextEncoder();

const INTERVAL_UNIT_MILLIS: Record<string, number> = {
  DAY: MILLIS_PER_DAY,
  HOUR: 3_600_000,
  MINUTE: 60_000,
  SECOND: 1000,
};
function intervalUnit(t: LogicalType): number {
  if (t.kind === 'INTERVAL_YEAR_MONTH') return t.resolution === 'YEAR' ? 12 : 1;
  if (t.kind === 'INTERVAL_DAY_TIME') return INTERVAL_UNIT_MILLIS[t.resolution] ?? 1;
  return 1;
}

const YM_TEXT = /^([+-])?(\d+)(?:-(\d+))?$/;
const DT_TEXT = /^([+-])?(?:(\d+) )?(\d+):(\d+)(?::(\d+)(?:\.(\d{1,9}))?)?$/;

function parseIntervalText(text: string, to: LogicalType): number {
  const t = text.trim();
  if (to.kind === 'INTERVAL_YEAR_MONTH') {
    const m = YM_TEXT.exec(t);
    if (!m) throw castFailed(text, 'INTERVAL YEAR TO MONTH');
    const sign = m[1] === '-' ? -1 : 1;
    const months = m[3] === undefined ? Number(m[2]) * intervalUnit(to) : Number(m[2]) * 12 + Number(m[3]);
    return sign * months;
  }
  const m = DT_TEXT.exec(t);
  if (m) {
    const sign = m[1] === '-' ? -1 : 1;
    const ms =
      ((Number(m[2] ?? 0) * 24 + Number(m[3])) * 60 + Number(m[4])) * 60_000 +
      Number(m[5] ?? 0) * 1000 +
      Number((m[6] ?? '').padEnd(3, '0').slice(0, 3));
    return sign * ms;
  }
  if (/^[+-]?\d+$/.test(t)) return Number(t) * intervalUnit(to);
  throw castFailed(text, 'INTERVAL DAY TO SECOND');
}

function sizeString(s: string, to: LogicalType): string {
  if (to.kind !== 'CHAR' && to.kind !== 'VARCHAR') return s;
  if (to.length === MAX_LENGTH) return s;
  const chars = Array.from(s);
  if (chars.length > to.length) return chars.slice(0, to.length).join('');
  if (to.kind === 'CHAR' && chars.length < to.length) return s + ' '.repeat(to.length - chars.length);
  return s;
}

function sizeBytes(b: Uint8Array, to: LogicalType): Uint8Array {
  if (to.kind !== 'BINARY' && to.kind !== 'VARBINARY') return b;
  if (to.length === MAX_LENGTH) return b;
  if (b.length > to.length) return b.slice(0, to.length);
  if (to.kind === 'BINARY' && b.length < to.length) {
    const padded = new Uint8Array(to.length);
    padded.set(b);
    return padded;
  }
  return b;
}

/** Converts a non-null value of `from` to `to`; the result may be NULL (e.g. DECIMAL overflow). */
export function castFunction(from: LogicalType, to: LogicalType, zone: TimeZone): CastFn {
  if (typeEquals(withoutTimeAttribute(from), withoutTimeAttribute(to), true)) return (v) => v;
  if (from.kind === 'NULL') return () => null;
  const f = from.kind;
  switch (to.kind) {
    case 'CHAR':
    case 'VARCHAR':
      if (isCharacterKind(f)) return (v) => sizeString(v as string, to);
      return (v) => sizeString(valueToSqlString(v, from, zone), to);
    case 'BOOLEAN':
      if (isCharacterKind(f)) {
        return (v) => {
          const t = (v as string).trim().toLowerCase();
          if (TRUE_TEXT.has(t)) return true;
          if (FALSE_TEXT.has(t)) return false;
          throw castFailed(v as string, 'BOOLEAN');
        };
      }
      if (f === 'BIGINT') return (v) => v !== 0n;
      if (f === 'DECIMAL') return (v) => v !== 0n;
      return (v) => v !== 0;
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT': {
      const k = to.kind;
      if (f === 'BIGINT') return (v) => longToIntegerKind(k, v as bigint);
      if (isIntegerKind(f)) return (v) => wrapToKind(k, v as number);
      if (f === 'FLOAT' || f === 'DOUBLE') return (v) => doubleToIntegerKind(k, v as number);
      if (from.kind === 'DECIMAL') {
        const s = from.scale;
        return (v) => longToIntegerKind(k, wrapBigint(decimalToBigInteger(v as bigint, s)));
      }
      if (f === 'BOOLEAN') return (v) => (v ? 1 : 0);
      if (isCharacterKind(f)) return (v) => Number(parseIntegerText(v as string, k));
      if (f === 'INTERVAL_YEAR_MONTH' || f === 'INTERVAL_DAY_TIME') {
        const unit = intervalUnit(from);
        return (v) => wrapToKind(k, Math.trunc((v as number) / unit));
      }
      break;
    }
    case 'BIGINT':
      if (isIntegerKind(f)) return (v) => BigInt(v as number);
      if (f === 'FLOAT' || f === 'DOUBLE') return (v) => doubleToLong(v as number);
      if (from.kind === 'DECIMAL') {
        const s = from.scale;
        return (v) => wrapBigint(decimalToBigInteger(v as bigint, s));
      }
      if (f === 'BOOLEAN') return (v) => (v ? 1n : 0n);
      if (isCharacterKind(f)) return (v) => parseIntegerText(v as string, 'BIGINT');
      if (f === 'INTERVAL_YEAR_MONTH' || f === 'INTERVAL_DAY_TIME') {
        const unit = intervalUnit(from);
        return (v) => BigInt(Math.trunc((v as number) / unit));
      }
      break;
    case 'FLOAT':
    case 'DOUBLE': {
      const round = to.kind === 'FLOAT' ? Math.fround : (x: number) => x;
      if (f === 'BIGINT') return (v) => round(Number(v as bigint));
      if (from.kind === 'DECIMAL') {
        const s = from.scale;
        return (v) => round(decimalToDouble(v as bigint, s));
      }
      if (f === 'BOOLEAN') return (v) => (v ? 1 : 0);
      if (isCharacterKind(f)) return (v) => round(parseDoubleText(v as string, to.kind));
      return (v) => round(v as number);
    }
    case 'DECIMAL': {
      const { precision: p, scale: s } = to;
      if (f === 'BIGINT') return (v) => toDecimal(v as bigint, 0, p, s);
      if (isIntegerKind(f)) return (v) => toDecimal(BigInt(v as number), 0, p, s);
      if (from.kind === 'DECIMAL') {
        const fs = from.scale;
        return (v) => toDecimal(v as bigint, fs, p, s);
      }
      if (f === 'FLOAT' || f === 'DOUBLE') return (v) => doubleToDecimal(v as number, p, s);
      if (f === 'BOOLEAN') return (v) => toDecimal(v ? 1n : 0n, 0, p, s);
      if (isCharacterKind(f)) return (v) => parseDecimal(v as string, p, s);
      if (f === 'INTERVAL_YEAR_MONTH' || f === 'INTERVAL_DAY_TIME') {
        const unit = intervalUnit(from);
        return (v) => toDecimal(BigInt(Math.trunc((v as number) / unit)), 0, p, s);
      }
      break;
    }
    case 'DATE':
      if (isCharacterKind(f)) {
        return (v) => {
          const d = parseDate(v as string);
          if (d === null) throw castFailed(v as string, 'DATE');
          return d;
        };
      }
      if (f === 'TIMESTAMP')
        return (v) => floorDiv(timestampParts(v as number | PreciseTimestamp).millis, MILLIS_PER_DAY);
      if (f === 'TIMESTAMP_LTZ') {
        return (v) =>
          floorDiv(
            toLocalMillis(zone, timestampParts(v as number | PreciseTimestamp).millis),
            MILLIS_PER_DAY,
          );
      }
      break;
    case 'TIME': {
      const unit = 10 ** (3 - Math.min(to.precision, 3));
      const trunc = (ms: number) => ms - (ms % unit);
      if (isCharacterKind(f)) {
        return (v) => {
          const t = parseTimeParts(v as string);
          if (t === null) throw castFailed(v as string, 'TIME');
          return trunc(t.millisOfDay);
        };
      }
      if (f === 'TIME') return (v) => trunc(v as number);
      if (f === 'TIMESTAMP') {
        return (v) => trunc(floorMod(timestampParts(v as number | PreciseTimestamp).millis, MILLIS_PER_DAY));
      }
      if (f === 'TIMESTAMP_LTZ') {
        return (v) =>
          trunc(
            floorMod(
              toLocalMillis(zone, timestampParts(v as number | PreciseTimestamp).millis),
              MILLIS_PER_DAY,
            ),
          );
      }
      break;
    }
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      const p = to.precision;
      const toLtz = to.kind === 'TIMESTAMP_LTZ';
      // wall-clock millis → target representation
      const fromWall = toLtz
        ? (ms: number, nanos: number) => timestampValue(fromLocalMillis(zone, ms), nanos, p)
        : (ms: number, nanos: number) => timestampValue(ms, nanos, p);
      if (isCharacterKind(f)) {
        return (v) => {
          const t = parseTimestampParts(v as string);
          if (t === null) throw castFailed(v as string, to.kind);
          return fromWall(t.millis, t.nanoOfMilli);
        };
      }
      if (f === 'DATE') return (v) => fromWall((v as number) * MILLIS_PER_DAY, 0);
      if (f === 'TIME') return (v) => fromWall(v as number, 0);
      if (f === 'TIMESTAMP' || f === 'TIMESTAMP_LTZ') {
        if (f === to.kind) {
          return (v) => {
            const t = timestampParts(v as number | PreciseTimestamp);
            return timestampValue(t.millis, t.nanoOfMilli, p);
          };
        }
        if (toLtz)
          return (v) =>
            fromWall(
              timestampParts(v as number | PreciseTimestamp).millis,
              timestampParts(v as number | PreciseTimestamp).nanoOfMilli,
            );
        return (v) => {
          const t = timestampParts(v as number | PreciseTimestamp);
          return timestampValue(toLocalMillis(zone, t.millis), t.nanoOfMilli, p);
        };
      }
      break;
    }
    case 'BINARY':
    case 'VARBINARY':
      if (isCharacterKind(f)) return (v) => sizeBytes(encoder.encode(v as string), to);
      if (f === 'BINARY' || f === 'VARBINARY') return (v) => sizeBytes(v as Uint8Array, to);
      break;
    case 'INTERVAL_YEAR_MONTH':
    case 'INTERVAL_DAY_TIME': {
      const unit = intervalUnit(to);
      if (f === 'BIGINT') return (v) => Number(v as bigint) * unit;
      if (isIntegerKind(f)) return (v) => (v as number) * unit;
      if (from.kind === 'DECIMAL') {
        const s = from.scale;
        return (v) => Number(decimalToBigInteger(v as bigint, s)) * unit;
      }
      if (isCharacterKind(f)) return (v) => parseIntervalText(v as string, to);
      if (f === to.kind) return (v) => v;
      break;
    }
    case 'ARRAY':
    case 'MULTISET':
      if (from.kind === to.kind && (from.kind === 'ARRAY' || from.kind === 'MULTISET')) {
        const inner = nullSafe(castFunction(from.element, to.element, zone));
        if (to.kind === 'ARRAY') return (v) => (v as unknown[]).map(inner);
        return (v) => {
          const out = new Map<unknown, number>();
          for (const [k, n] of v as Map<unknown, number>) out.set(inner(k), (out.get(inner(k)) ?? 0) + n);
          return out;
        };
      }
      break;
    case 'MAP':
      if (from.kind === 'MAP') {
        const k = nullSafe(castFunction(from.key, to.key, zone));
        const val = nullSafe(castFunction(from.value, to.value, zone));
        return (v) => {
          const out = new Map<unknown, unknown>();
          for (const [a, b] of v as Map<unknown, unknown>) out.set(k(a), val(b));
          return out;
        };
      }
      break;
    case 'ROW':
      if (from.kind === 'ROW' && from.fields.length === to.fields.length) {
        const fields = from.fields.map((fld, i) =>
          nullSafe(castFunction(fld.type, to.fields[i]!.type, zone)),
        );
        return (v) => fields.map((c, i) => c((v as unknown[])[i] ?? null));
      }
      break;
    case 'NULL':
      return () => null;
  }
  throw new ExpressionError(`The cast from ${from.kind} to ${to.kind} is not supported`, 'UNSUPPORTED_CAST');
}

export function nullSafe(fn: CastFn): CastFn {
  return (v) => (v === null || v === undefined ? null : fn(v));
}
