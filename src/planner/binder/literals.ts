/** Literals → bound literals in the runtime value representation (docs/architecture.md). */
import { B, type BoundExpr } from '../../expr/bound.ts';
import { T } from '../../expr/types.ts';
import {
  parseDate,
  parseTimeParts,
  parseTimestampParts,
  timestampValue,
} from '../../expr/values/datetime.ts';
import type { DateTimeLiteral, IntervalLiteral, NumericLiteral, TimeUnit } from '../../sql/ast.ts';
import { validationError } from './errors.ts';
import { intervalType } from './types.ts';

const INT_MIN = -2147483648n;
const INT_MAX = 2147483647n;
const LONG_MIN = -9223372036854775808n;
const LONG_MAX = 9223372036854775807n;

/** `12` → INT, `12345678901` → BIGINT, `1.50` → DECIMAL(3, 2), `1e3` → DOUBLE; all NOT NULL. */
export function numericLiteral(lit: NumericLiteral, negate = false): BoundExpr {
  const text = lit.text;
  if (lit.approximate) return B.literal(negate ? -Number(text) : Number(text), T.double(false));
  const dot = text.indexOf('.');
  if (dot < 0) {
    const v = negate ? -BigInt(text) : BigInt(text);
    if (v >= INT_MIN && v <= INT_MAX) return B.literal(Number(v), T.int(false));
    if (v >= LONG_MIN && v <= LONG_MAX) return B.literal(v, T.bigint(false));
    const digits = text.replace(/^0+/, '').length;
    if (digits > 38) throw validationError(`Numeric literal '${text}' out of range`, lit.span);
    return B.literal(v, T.decimal(digits, 0, false));
  }
  const intPart = text.slice(0, dot).replace(/^0+/, '');
  const fraction = text.slice(dot + 1);
  const scale = fraction.length;
  const precision = Math.max(intPart.length + scale, 1, scale);
  if (precision > 38) throw validationError(`Numeric literal '${text}' out of range`, lit.span);
  const unscaled = BigInt((intPart || '0') + fraction);
  return B.literal(negate ? -unscaled : unscaled, T.decimal(precision, scale, false));
}

function fractionDigits(text: string): number {
  const m = /\.(\d+)\s*$/.exec(text);
  return m ? m[1]!.length : 0;
}

export function dateTimeLiteral(lit: DateTimeLiteral): BoundExpr {
  switch (lit.type) {
    case 'DATE': {
      const days = parseDate(lit.value);
      if (days === null)
        throw validationError(`Illegal DATE literal '${lit.value}': not in format 'yyyy-MM-dd'`, lit.span);
      return B.literal(days, T.date(false));
    }
    case 'TIME': {
      const t = parseTimeParts(lit.value);
      if (!t)
        throw validationError(`Illegal TIME literal '${lit.value}': not in format 'HH:mm:ss'`, lit.span);
      return B.literal(t.millisOfDay, T.time(Math.min(fractionDigits(lit.value), 9), false));
    }
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      const t = parseTimestampParts(lit.value);
      if (!t) {
        throw validationError(
          `Illegal ${lit.type} literal '${lit.value}': not in format 'yyyy-MM-dd HH:mm:ss'`,
          lit.span,
        );
      }
      const p = Math.min(fractionDigits(lit.value), 9);
      const value = timestampValue(t.millis, t.nanoOfMilli, p);
      return B.literal(value, lit.type === 'TIMESTAMP' ? T.timestamp(p, false) : T.timestampLtz(p, false));
    }
  }
}

const UNIT_MILLIS: Partial<Record<TimeUnit, number>> = {
  DAY: 86_400_000,
  HOUR: 3_600_000,
  MINUTE: 60_000,
  SECOND: 1000,
};

/**
 * `INTERVAL '1 02:03:04.5' DAY TO SECOND` → milliseconds; `INTERVAL '1-6' YEAR TO MONTH` → months.
 */
export function intervalLiteral(lit: IntervalLiteral): BoundExpr {
  const q = lit.qualifier;
  const type = intervalType(q, false);
  let text = lit.value.trim();
  let sign = lit.negative ? -1 : 1;
  if (text.startsWith('-')) {
    sign = -sign;
    text = text.slice(1);
  } else if (text.startsWith('+')) {
    text = text.slice(1);
  }
  const bad = () =>
    validationError(
      `Illegal interval literal format '${lit.value}' for INTERVAL ${q.from}${q.to ? ` TO ${q.to}` : ''}`,
      lit.span,
    );
  if (type.kind === 'INTERVAL_YEAR_MONTH') {
    const m = /^(\d+)(?:-(\d+))?$/.exec(text);
    if (!m) throw bad();
    if (q.from === 'MONTH') return B.literal(sign * Number(m[1]), type);
    const months = Number(m[1]) * 12 + (q.to === 'MONTH' ? Number(m[2] ?? 0) : 0);
    if (q.to === 'MONTH' && m[2] === undefined) throw bad();
    return B.literal(sign * months, type);
  }
  // day-time: split into the fields from `from` to `to`
  const order: TimeUnit[] = ['DAY', 'HOUR', 'MINUTE', 'SECOND'];
  const fromIdx = order.indexOf(q.from);
  const toIdx = q.to ? order.indexOf(q.to) : fromIdx;
  if (fromIdx < 0 || toIdx < fromIdx) throw bad();
  const parts = text.split(/[ :]/);
  if (parts.length !== toIdx - fromIdx + 1) throw bad();
  let millis = 0;
  for (let i = 0; i < parts.length; i++) {
    const unit = order[fromIdx + i]!;
    const part = parts[i]!;
    if (!/^\d+(\.\d+)?$/.test(part) || (unit !== 'SECOND' && part.includes('.'))) throw bad();
    millis += Math.round(Number(part) * UNIT_MILLIS[unit]!);
  }
  return B.literal(sign * millis, type);
}
