/** Numeric functions: ABS, ROUND, TRUNCATE, FLOOR/CEIL (numbers; time units go to temporal.ts),
 * POWER, SQRT, LN, LOG, LOG10, LOG2, EXP, SIGN, PI, E, RAND, RAND_INTEGER, trigonometry. */
import type { BoundExpr, Call } from '../bound.ts';
import { adjustDecimal } from '../type-rules.ts';
import { isIntegerKind, type LogicalType, MAX_DECIMAL_PRECISION, T } from '../types.ts';
import {
  ceilDecimal,
  decimalToPlainString,
  floorDecimal,
  parseDecimalText,
  pow10,
  roundDecimal,
  truncateDecimal,
} from '../values/decimal.ts';
import { wrapToKind } from '../values/integers.ts';
import { asInt, isIntegerArg, isNumericArg } from './arg-checks.ts';
import { toNumber } from './numeric-conversions.ts';
import { defineFunction, type EvalContext, impl, literalValue, type ScalarImpl } from './registry.ts';
import { temporalCeil, temporalFloor } from './temporal-units.ts';

const DOUBLE = T.double(false);

function doubleFn(name: string, arity: number, f: (...xs: number[]) => number, ...aliases: string[]): void {
  defineFunction(
    {
      name,
      signatures: [`${name}(${Array(arity).fill('<NUMERIC>').join(', ')})`],
      infer: (args) => (args.length === arity && args.every(isNumericArg) ? DOUBLE : undefined),
      implement: (call) => {
        const convs = call.args.map((a) => toNumber(a.type));
        if (arity === 1) {
          const c = convs[0]!;
          return (x) => f(c(x) as number);
        }
        return (...xs) => f(...xs.map((x, i) => convs[i]!(x) as number));
      },
    },
    ...aliases,
  );
}

doubleFn('POWER', 2, Math.pow, 'POW');
doubleFn('SQRT', 1, Math.sqrt);
doubleFn('LN', 1, Math.log);
doubleFn('LOG10', 1, Math.log10);
doubleFn('LOG2', 1, (x) => Math.log(x) / Math.LN2);
doubleFn('EXP', 1, Math.exp);
doubleFn('SIN', 1, Math.sin);
doubleFn('COS', 1, Math.cos);
doubleFn('TAN', 1, Math.tan);
doubleFn('COT', 1, (x) => 1 / Math.tan(x));
doubleFn('ASIN', 1, Math.asin);
doubleFn('ACOS', 1, Math.acos);
doubleFn('ATAN', 1, Math.atan);
doubleFn('ATAN2', 2, Math.atan2);
doubleFn('SINH', 1, Math.sinh);
doubleFn('COSH', 1, Math.cosh);
doubleFn('TANH', 1, Math.tanh);
// java.lang.Math.toDegrees / toRadians multiply by these exact constants
doubleFn('DEGREES', 1, (x) => x * 57.29577951308232);
doubleFn('RADIANS', 1, (x) => x * 0.017453292519943295);

defineFunction({
  name: 'LOG',
  signatures: ['LOG(<NUMERIC>)', 'LOG(<NUMERIC> base, <NUMERIC>)'],
  infer: (args) =>
    (args.length === 1 || args.length === 2) && args.every(isNumericArg) ? DOUBLE : undefined,
  implement: (call) => {
    const convs = call.args.map((a) => toNumber(a.type));
    if (call.args.length === 1) return (x) => Math.log(convs[0]!(x) as number);
    return (b, x) => Math.log(convs[1]!(x) as number) / Math.log(convs[0]!(b) as number);
  },
});

for (const [name, value] of [
  ['PI', Math.PI],
  ['E', Math.E],
] as const) {
  defineFunction({
    name,
    signatures: [`${name}()`],
    infer: (args) => (args.length === 0 ? DOUBLE : undefined),
    implement: () => () => value,
    inline: () => `(${value})`,
  });
}

defineFunction({
  name: 'ABS',
  signatures: ['ABS(<NUMERIC>)', 'ABS(<INTERVAL>)'],
  infer: (args) => {
    const t = args[0]?.type;
    if (args.length !== 1 || !t) return undefined;
    return isNumericArg(args[0]) || t.kind === 'INTERVAL_DAY_TIME' || t.kind === 'INTERVAL_YEAR_MONTH'
      ? t
      : undefined;
  },
  implement: (call) => {
    const k = call.type.kind;
    if (k === 'BIGINT') return impl((x: bigint) => BigInt.asIntN(64, x < 0n ? -x : x));
    if (k === 'DECIMAL') return impl((x: bigint) => (x < 0n ? -x : x));
    if (k === 'TINYINT' || k === 'SMALLINT' || k === 'INT')
      return impl((x: number) => wrapToKind(k, Math.abs(x)));
    return impl((x: number) => Math.abs(x));
  },
});

defineFunction({
  name: 'SIGN',
  signatures: ['SIGN(<NUMERIC>)'],
  infer: (args) => (args.length === 1 && isNumericArg(args[0]) ? args[0]!.type : undefined),
  implement: (call) => {
    const t = call.type;
    if (t.kind === 'BIGINT') return impl((x: bigint) => (x > 0n ? 1n : x < 0n ? -1n : 0n));
    if (t.kind === 'DECIMAL') {
      const one = pow10(t.scale);
      return impl((x: bigint) => (x > 0n ? one : x < 0n ? -one : 0n));
    }
    return impl((x: number) => (Number.isNaN(x) ? x : Math.sign(x)));
  },
});

// ---- ROUND / TRUNCATE ----

/** Flink's findRoundDecimalType. */
function roundDecimalType(precision: number, scale: number, round: number): LogicalType {
  if (round >= scale) return T.decimal(precision, scale, false);
  if (round < 0) return T.decimal(Math.min(MAX_DECIMAL_PRECISION, 1 + precision - scale), 0, false);
  return T.decimal(Math.min(MAX_DECIMAL_PRECISION, 1 + precision - scale + round), round, false);
}

function roundingDigits(args: readonly BoundExpr[]): number | undefined {
  if (args.length === 1) return 0;
  const v = literalValue(args[1]);
  return v === undefined || v === null ? undefined : asInt(v);
}

/** Java BigDecimal.valueOf(d).setScale(n, mode).doubleValue() for ROUND/TRUNCATE on doubles. */
function roundDouble(x: number, n: number, truncate: boolean): number {
  if (!Number.isFinite(x)) return x;
  const parsed = parseDecimalText(String(x))!;
  const target = Math.max(n, 0);
  const scaled = truncate
    ? truncateDecimal(parsed.unscaled, parsed.scale, n, target)
    : roundDecimal(parsed.unscaled, parsed.scale, n, target);
  return Number.parseFloat(decimalToPlainString(scaled, target));
}

function roundingFunction(name: 'ROUND' | 'TRUNCATE'): void {
  const truncate = name === 'TRUNCATE';
  defineFunction({
    name,
    signatures: [`${name}(<NUMERIC>)`, `${name}(<NUMERIC>, <INTEGER literal>)`],
    infer: (args) => {
      if ((args.length !== 1 && args.length !== 2) || !isNumericArg(args[0])) return undefined;
      if (args.length === 2 && !isIntegerArg(args[1])) return undefined;
      const t = args[0]!.type;
      if (t.kind === 'DECIMAL') {
        const n = roundingDigits(args);
        if (n === undefined) return `${name} of a DECIMAL needs a literal number of digits`;
        return roundDecimalType(t.precision, t.scale, n);
      }
      return { ...t, nullable: false };
    },
    implement: (call): ScalarImpl => {
      const t = call.args[0]!.type;
      if (t.kind === 'DECIMAL') {
        const n = roundingDigits(call.args)!;
        const rs = (call.type as { scale: number }).scale;
        const fn = truncate ? truncateDecimal : roundDecimal;
        return impl((x: bigint) => fn(x, t.scale, n, rs));
      }
      if (t.kind === 'DOUBLE' || t.kind === 'FLOAT') {
        const round = t.kind === 'FLOAT' ? Math.fround : (x: number) => x;
        return impl((x: number, n?: unknown) =>
          round(roundDouble(x, n === undefined ? 0 : asInt(n), truncate)),
        );
      }
      if (t.kind === 'BIGINT') {
        return impl((x: bigint, n?: unknown) => {
          const d = n === undefined ? 0 : asInt(n);
          if (d >= 0) return x;
          const r = truncate ? truncateDecimal(x, 0, d, 0) : roundDecimal(x, 0, d, 0);
          return BigInt.asIntN(64, r);
        });
      }
      const k = t.kind;
      return impl((x: number, n?: unknown) => {
        const d = n === undefined ? 0 : asInt(n);
        if (d >= 0) return x;
        const r = truncate ? truncateDecimal(BigInt(x), 0, d, 0) : roundDecimal(BigInt(x), 0, d, 0);
        return wrapToKind(k, Number(r));
      });
    },
  });
}
roundingFunction('ROUND');
roundingFunction('TRUNCATE');

// ---- FLOOR / CEIL ----

function floorCeil(name: 'FLOOR' | 'CEIL'): void {
  const isFloor = name === 'FLOOR';
  defineFunction(
    {
      name,
      signatures: [`${name}(<NUMERIC>)`, `${name}(<DATETIME> TO <TIME UNIT>)`],
      infer: (args) => {
        if (args.length === 2 && args[1]!.kind === 'symbol') {
          const k = args[0]!.type.kind;
          return k === 'DATE' || k === 'TIME' || k === 'TIMESTAMP' || k === 'TIMESTAMP_LTZ'
            ? { ...args[0]!.type, nullable: false }
            : undefined;
        }
        if (args.length !== 1 || !isNumericArg(args[0])) return undefined;
        const t = args[0]!.type;
        if (t.kind === 'DECIMAL')
          return adjustDecimal(t.precision - t.scale + (t.scale > 0 ? 1 : 0), 0, false);
        return { ...t, nullable: false };
      },
      implement: (call: Call, ctx: EvalContext): ScalarImpl => {
        if (call.args.length === 2) {
          const unit = (call.args[1] as { name: string }).name;
          const t = call.args[0]!.type;
          return isFloor ? temporalFloor(t, unit, ctx) : temporalCeil(t, unit, ctx);
        }
        const t = call.args[0]!.type;
        if (t.kind === 'DECIMAL') {
          const s = t.scale;
          return impl((x: bigint) => (isFloor ? floorDecimal(x, s) : ceilDecimal(x, s)));
        }
        if (isIntegerKind(t.kind)) return (x) => x;
        return impl((x: number) => (isFloor ? Math.floor(x) : Math.ceil(x)));
      },
    },
    ...(isFloor ? [] : ['CEILING']),
  );
}
floorCeil('FLOOR');
floorCeil('CEIL');

// ---- RAND ----

defineFunction({
  name: 'RAND',
  signatures: ['RAND()', 'RAND(<INTEGER> seed)'],
  deterministic: false,
  nulls: 'handled',
  infer: (args) => (args.length === 0 || (args.length === 1 && isIntegerArg(args[0])) ? DOUBLE : undefined),
  implement: (call, ctx) => {
    const seed = literalValue(call.args[0]);
    // Flink creates one java.util.Random(seed) per call site
    const rng = ctx.random(typeof seed === 'number' || typeof seed === 'bigint' ? seed : undefined);
    return () => rng.nextDouble();
  },
});

defineFunction({
  name: 'RAND_INTEGER',
  signatures: ['RAND_INTEGER(<INTEGER> bound)', 'RAND_INTEGER(<INTEGER> seed, <INTEGER> bound)'],
  deterministic: false,
  infer: (args) =>
    (args.length === 1 || args.length === 2) && args.every(isIntegerArg) ? T.int(false) : undefined,
  implement: (call, ctx) => {
    const seed = call.args.length === 2 ? literalValue(call.args[0]) : undefined;
    const rng = ctx.random(typeof seed === 'number' || typeof seed === 'bigint' ? seed : undefined);
    return call.args.length === 2 ? (_s, b) => rng.nextInt(asInt(b)) : (b) => rng.nextInt(asInt(b));
  },
});
