/**
 * + - * / % MOD and unary minus with Flink's result types: integer arithmetic wraps like Java,
 * integer division truncates and throws on zero, DECIMAL follows LogicalTypeMerging and overflows
 * to NULL, FLOAT/DOUBLE follow IEEE. Also DATE/TIME/TIMESTAMP ± INTERVAL and TIMESTAMP − TIMESTAMP.
 */
import type { BoundExpr, Call } from '../bound.ts';
import { ExpressionError } from '../errors.ts';
import {
  decimalAdditionType,
  decimalDivisionType,
  decimalModuloType,
  decimalMultiplicationType,
  leastRestrictive,
} from '../type-rules.ts';
import {
  decimalViewOf,
  isApproxKind,
  isExactNumericKind,
  isIntegerKind,
  isNumericKind,
  type LogicalType,
  T,
  withNullability,
  withoutTimeAttribute,
} from '../types.ts';
import {
  addMonthsToDays,
  addMonthsToMillis,
  floorDiv,
  floorMod,
  MILLIS_PER_DAY,
  type PreciseTimestamp,
  preciseTimestamp,
  timestampParts,
} from '../values/datetime.ts';
import {
  addDecimal,
  divideDecimal,
  moduloDecimal,
  multiplyDecimal,
  subtractDecimal,
} from '../values/decimal.ts';
import { intDivide, intRemainder, longDivide, longRemainder, wrapToKind } from '../values/integers.ts';
import { fromLocalMillis, toLocalMillis } from '../values/timezone.ts';
import {
  scaleOf,
  toBigint,
  toBigintCode,
  toNumber,
  toNumberCode,
  toUnscaled,
} from './numeric-conversions.ts';
import { defineFunction, type EvalContext, impl, type ScalarImpl } from './registry.ts';

type Op = '+' | '-' | '*' | '/' | '%';

/** Flink's numeric result type of a binary arithmetic operator, undefined when not numeric. */
export function numericResultType(op: Op, a: LogicalType, b: LogicalType): LogicalType | undefined {
  if (!isNumericKind(a.kind) || !isNumericKind(b.kind)) return undefined;
  const nullable = a.nullable || b.nullable;
  if (op === '%') {
    if (!isExactNumericKind(a.kind) || !isExactNumericKind(b.kind)) return undefined;
    if (a.kind === 'DECIMAL' || b.kind === 'DECIMAL') {
      return withNullability(decimalModuloType(decimalViewOf(a)!, decimalViewOf(b)!), nullable);
    }
    return withNullability(b, nullable);
  }
  if ((a.kind === 'DECIMAL' || b.kind === 'DECIMAL') && !isApproxKind(a.kind) && !isApproxKind(b.kind)) {
    const da = decimalViewOf(a)!;
    const db = decimalViewOf(b)!;
    const t =
      op === '*'
        ? decimalMultiplicationType(da, db)
        : op === '/'
          ? decimalDivisionType(da, db)
          : decimalAdditionType(da, db);
    return withNullability(t, nullable);
  }
  return leastRestrictive([withNullability(a, nullable), withNullability(b, nullable)]);
}

/** A closure computing `a op b` for non-null values; the result type decides the arithmetic. */
export function numericOperation(op: Op, a: LogicalType, b: LogicalType, result: LogicalType): ScalarImpl {
  const k = result.kind;
  if (k === 'TINYINT' || k === 'SMALLINT' || k === 'INT') {
    switch (op) {
      case '+':
        return impl((x: number, y: number) => wrapToKind(k, x + y));
      case '-':
        return impl((x: number, y: number) => wrapToKind(k, x - y));
      case '*':
        return impl((x: number, y: number) => wrapToKind(k, Math.imul(x, y)));
      case '/':
        return impl((x: number, y: number) => wrapToKind(k, intDivide(x, y)));
      case '%': {
        if (a.kind === 'BIGINT') {
          return impl((x: bigint, y: number) => wrapToKind(k, Number(longRemainder(x, BigInt(y)))));
        }
        return impl((x: number, y: number) => wrapToKind(k, intRemainder(x, y)));
      }
    }
  }
  if (k === 'BIGINT') {
    const ca = toBigint(a);
    const cb = toBigint(b);
    switch (op) {
      case '+':
        return (x, y) => BigInt.asIntN(64, (ca(x) as bigint) + (cb(y) as bigint));
      case '-':
        return (x, y) => BigInt.asIntN(64, (ca(x) as bigint) - (cb(y) as bigint));
      case '*':
        return (x, y) => BigInt.asIntN(64, (ca(x) as bigint) * (cb(y) as bigint));
      case '/':
        return (x, y) => longDivide(ca(x) as bigint, cb(y) as bigint);
      case '%':
        return (x, y) => longRemainder(ca(x) as bigint, cb(y) as bigint);
    }
  }
  if (k === 'FLOAT' || k === 'DOUBLE') {
    const ca = toNumber(a);
    const cb = toNumber(b);
    const round = k === 'FLOAT' ? Math.fround : (x: number) => x;
    switch (op) {
      case '+':
        return (x, y) => round((ca(x) as number) + (cb(y) as number));
      case '-':
        return (x, y) => round((ca(x) as number) - (cb(y) as number));
      case '*':
        return (x, y) => round((ca(x) as number) * (cb(y) as number));
      case '/':
        return (x, y) => round((ca(x) as number) / (cb(y) as number));
      case '%':
        return (x, y) => round((ca(x) as number) % (cb(y) as number));
    }
  }
  if (result.kind === 'DECIMAL') {
    const sa = scaleOf(a);
    const sb = scaleOf(b);
    const ca = toUnscaled(a, sa);
    const cb = toUnscaled(b, sb);
    const { precision: p, scale: s } = result;
    const fn = {
      '+': addDecimal,
      '-': subtractDecimal,
      '*': multiplyDecimal,
      '/': divideDecimal,
      '%': moduloDecimal,
    }[op];
    return (x, y) => fn(ca(x) as bigint, sa, cb(y) as bigint, sb, p, s);
  }
  throw new ExpressionError(`No ${op} for ${a.kind} and ${b.kind}`, 'INVALID_FUNCTION_ARGUMENTS');
}

function inlineNumeric(
  op: Op,
  a: LogicalType,
  b: LogicalType,
  result: LogicalType,
  x: string,
  y: string,
  safeDivisor: boolean,
): string | undefined {
  const k = result.kind;
  if (
    k === 'INT' &&
    isIntegerKind(a.kind) &&
    isIntegerKind(b.kind) &&
    a.kind !== 'BIGINT' &&
    b.kind !== 'BIGINT'
  ) {
    if (op === '+') return `((${x} + ${y}) | 0)`;
    if (op === '-') return `((${x} - ${y}) | 0)`;
    if (op === '*') return `Math.imul(${x}, ${y})`;
    // a literal divisor other than 0 and -1 can neither throw nor overflow
    if (safeDivisor && op === '/') return `((${x} / ${y}) | 0)`;
    if (safeDivisor && op === '%') return `((${x} % ${y}) | 0)`;
    return undefined;
  }
  if (k === 'BIGINT' && op !== '/' && op !== '%') {
    return `BigInt.asIntN(64, ${toBigintCode(a, x)} ${op} ${toBigintCode(b, y)})`;
  }
  if (k === 'DOUBLE' && a.kind !== 'DECIMAL' && b.kind !== 'DECIMAL') {
    return `(${toNumberCode(a, x)} ${op} ${toNumberCode(b, y)})`;
  }
  return undefined;
}

// ---- temporal arithmetic ----

const isTs = (t: LogicalType) => t.kind === 'TIMESTAMP' || t.kind === 'TIMESTAMP_LTZ';

function temporalResultType(op: '+' | '-', a: LogicalType, b: LogicalType): LogicalType | undefined {
  const nullable = a.nullable || b.nullable;
  const interval = (t: LogicalType) => t.kind === 'INTERVAL_DAY_TIME' || t.kind === 'INTERVAL_YEAR_MONTH';
  if (interval(a) && b.kind === a.kind) return leastRestrictive([a, b]);
  if (op === '+' && interval(a) && !interval(b)) return temporalResultType(op, b, a);
  if (!interval(b)) {
    if (op === '-' && isTs(a) && isTs(b)) return T.intervalDayTime('DAY_TO_SECOND', 2, 3, nullable);
    if (op === '-' && a.kind === 'DATE' && b.kind === 'DATE') return T.intervalDayTime('DAY', 2, 0, nullable);
    return undefined;
  }
  // the result keeps the datetime operand's type (Calcite's ARG0_INTERVAL): DATE + INTERVAL HOUR is a DATE
  if (a.kind === 'DATE' || a.kind === 'TIMESTAMP' || a.kind === 'TIMESTAMP_LTZ') {
    return withNullability(withoutTimeAttribute(a), nullable);
  }
  if (a.kind === 'TIME' && b.kind === 'INTERVAL_DAY_TIME') return withNullability(a, nullable);
  return undefined;
}

function shiftTimestamp(v: unknown, deltaMillis: number): unknown {
  if (typeof v === 'number') return v + deltaMillis;
  const p = v as PreciseTimestamp;
  return preciseTimestamp(p.millis + deltaMillis, p.nanoOfMilli);
}

function temporalOperation(op: '+' | '-', call: Call, ctx: EvalContext): ScalarImpl {
  let [ea, eb] = call.args as [BoundExpr, BoundExpr];
  let swapped = false;
  if (
    op === '+' &&
    (ea.type.kind === 'INTERVAL_DAY_TIME' || ea.type.kind === 'INTERVAL_YEAR_MONTH') &&
    eb.type.kind !== ea.type.kind
  ) {
    [ea, eb] = [eb, ea];
    swapped = true;
  }
  const a = ea.type;
  const b = eb.type;
  const sign = op === '+' ? 1 : -1;
  const ordered = (f: (x: unknown, y: unknown) => unknown): ScalarImpl =>
    swapped ? (x, y) => f(y, x) : (x, y) => f(x, y);
  if (a.kind === b.kind && (a.kind === 'INTERVAL_DAY_TIME' || a.kind === 'INTERVAL_YEAR_MONTH')) {
    return impl((x: number, y: number) => x + sign * y);
  }
  if (isTs(a) && isTs(b)) {
    return (x, y) => timestampParts(x as number).millis - timestampParts(y as number).millis;
  }
  if (a.kind === 'DATE' && b.kind === 'DATE') return impl((x: number, y: number) => (x - y) * MILLIS_PER_DAY);
  if (b.kind === 'INTERVAL_YEAR_MONTH') {
    if (a.kind === 'DATE') return ordered((x, m) => addMonthsToDays(x as number, sign * (m as number)));
    if (a.kind === 'TIMESTAMP_LTZ') {
      // months move the wall-clock date in the session zone
      return ordered((x, m) => {
        const t = timestampParts(x as number | PreciseTimestamp);
        const local = toLocalMillis(ctx.zone, t.millis);
        const shifted = fromLocalMillis(ctx.zone, addMonthsToMillis(local, sign * (m as number)));
        return shiftTimestamp(x, shifted - t.millis);
      });
    }
    return ordered((x, m) => {
      const t = timestampParts(x as number | PreciseTimestamp);
      return shiftTimestamp(x, addMonthsToMillis(t.millis, sign * (m as number)) - t.millis);
    });
  }
  if (a.kind === 'DATE')
    return ordered((d, ms) => (d as number) + sign * floorDiv(ms as number, MILLIS_PER_DAY));
  if (a.kind === 'TIME')
    return ordered((t, ms) => floorMod((t as number) + sign * (ms as number), MILLIS_PER_DAY));
  return ordered((x, ms) => shiftTimestamp(x, sign * (ms as number)));
}

function defineArithmetic(op: Op, name: string, aliases: string[] = []): void {
  defineFunction(
    {
      name,
      signatures:
        op === '%'
          ? ['<EXACT_NUMERIC> % <EXACT_NUMERIC>']
          : op === '+' || op === '-'
            ? [
                '<NUMERIC> ' + op + ' <NUMERIC>',
                '<DATETIME> ' + op + ' <INTERVAL>',
                '<INTERVAL> ' + op + ' <INTERVAL>',
              ]
            : [`<NUMERIC> ${op} <NUMERIC>`, `<INTERVAL> ${op} <NUMERIC>`],
      infer: (args) => {
        if (args.length !== 2) return undefined;
        const [a, b] = [args[0]!.type, args[1]!.type];
        const numeric = numericResultType(op, a, b);
        if (numeric) return numeric;
        if (op === '+' || op === '-') return temporalResultType(op, a, b);
        if (
          (op === '*' || op === '/') &&
          (a.kind === 'INTERVAL_DAY_TIME' || a.kind === 'INTERVAL_YEAR_MONTH')
        ) {
          return isNumericKind(b.kind) ? withNullability(a, a.nullable || b.nullable) : undefined;
        }
        if (
          op === '*' &&
          (b.kind === 'INTERVAL_DAY_TIME' || b.kind === 'INTERVAL_YEAR_MONTH') &&
          isNumericKind(a.kind)
        ) {
          return withNullability(b, a.nullable || b.nullable);
        }
        return undefined;
      },
      implement: (call, ctx) => {
        const [a, b] = [call.args[0]!.type, call.args[1]!.type];
        if (isNumericKind(a.kind) && isNumericKind(b.kind)) return numericOperation(op, a, b, call.type);
        if (op === '*' || op === '/') {
          const intervalFirst = a.kind === 'INTERVAL_DAY_TIME' || a.kind === 'INTERVAL_YEAR_MONTH';
          const num = toNumber(intervalFirst ? b : a);
          if (op === '/') {
            return (x, y) => {
              const d = num(y) as number;
              if (d === 0) throw new ExpressionError('Division by zero', 'DIVISION_BY_ZERO');
              return Math.trunc((x as number) / d);
            };
          }
          return intervalFirst
            ? (x, y) => Math.trunc((x as number) * (num(y) as number))
            : (x, y) => Math.trunc((num(x) as number) * (y as number));
        }
        return temporalOperation(op as '+' | '-', call, ctx);
      },
      inline: (call, [x, y]) => {
        const [a, b] = [call.args[0]!.type, call.args[1]!.type];
        if (isNumericKind(a.kind) && isNumericKind(b.kind)) {
          const second = call.args[1]!;
          const divisor = second.kind === 'literal' ? second.value : undefined;
          const safeDivisor = typeof divisor === 'number' && divisor !== 0 && divisor !== -1;
          return inlineNumeric(op, a, b, call.type, x!, y!, safeDivisor);
        }
        // millisecond timestamps and day-time intervals add as plain numbers
        const plainTs = (t: LogicalType) =>
          (t.kind === 'TIMESTAMP' || t.kind === 'TIMESTAMP_LTZ') && t.precision <= 3;
        if ((op === '+' || op === '-') && plainTs(a) && b.kind === 'INTERVAL_DAY_TIME')
          return `(${x} ${op} ${y})`;
        if (op === '+' && a.kind === 'INTERVAL_DAY_TIME' && plainTs(b)) return `(${x} + ${y})`;
        return undefined;
      },
    },
    ...aliases,
  );
}

defineArithmetic('+', '+', ['PLUS']);
defineArithmetic('-', '-', ['MINUS']);
defineArithmetic('*', '*', ['TIMES']);
defineArithmetic('/', '/', ['DIVIDE']);
defineArithmetic('%', 'MOD', ['%']);

defineFunction(
  {
    name: 'NEGATE',
    signatures: ['-<NUMERIC>', '-<INTERVAL>'],
    infer: (args) => {
      const t = args[0]?.type;
      if (args.length !== 1 || !t) return undefined;
      return isNumericKind(t.kind) || t.kind === 'INTERVAL_DAY_TIME' || t.kind === 'INTERVAL_YEAR_MONTH'
        ? t
        : undefined;
    },
    implement: (call) => {
      const t = call.type;
      if (t.kind === 'BIGINT') return impl((x: bigint) => BigInt.asIntN(64, -x));
      if (t.kind === 'DECIMAL') return impl((x: bigint) => -x);
      if (t.kind === 'TINYINT' || t.kind === 'SMALLINT' || t.kind === 'INT') {
        const k = t.kind;
        return impl((x: number) => wrapToKind(k, -x));
      }
      return impl((x: number) => -x);
    },
    inline: (call, [x]) => {
      const k = call.type.kind;
      if (k === 'INT') return `(-${x} | 0)`;
      if (k === 'DOUBLE' || k === 'FLOAT') return `(-${x})`;
      return undefined;
    },
  },
  'UNARY_MINUS',
);
