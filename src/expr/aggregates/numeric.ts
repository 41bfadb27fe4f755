/** COUNT, SUM, SUM0, AVG, BOOL_AND, BOOL_OR, and the variance family, with Flink's result types. */
import { castFunction } from '../cast.ts';
import { decimalAvgType, decimalSumType } from '../type-rules.ts';
import { isIntegerKind, isNumericKind, type LogicalType, T, withNullability } from '../types.ts';
import { decimalToDouble, divideDecimal, toDecimal } from '../values/decimal.ts';
import { wrapToKind } from '../values/integers.ts';
import { timeZone } from '../values/timezone.ts';
import { type AggregateFunction, defineAggregate } from './aggregate.ts';

interface CountAcc {
  count: number;
}
defineAggregate('COUNT', ['COUNT(*)', 'COUNT(<ANY>)'], (argTypes) => {
  if (argTypes.length > 1) return 'COUNT takes one argument or *';
  const star = argTypes.length === 0;
  return {
    name: 'COUNT',
    argTypes,
    resultType: T.bigint(false),
    retractable: true,
    createAccumulator: (): CountAcc => ({ count: 0 }),
    accumulate: (acc: CountAcc, v?: unknown) => {
      if (star || (v !== null && v !== undefined)) acc.count++;
      return acc;
    },
    retract: (acc: CountAcc, v?: unknown) => {
      if (star || (v !== null && v !== undefined)) acc.count--;
      return acc;
    },
    merge: (acc: CountAcc, o: CountAcc) => {
      acc.count += o.count;
      return acc;
    },
    getValue: (acc: CountAcc) => BigInt(acc.count),
  } as AggregateFunction<CountAcc> as AggregateFunction;
});

/** Sum accumulators keep the non-null count so that retracting every value gives NULL again. */
interface SumAcc {
  sum: number | bigint;
  count: number;
}

/** Addition in the result representation (Flink sums INT in int, wrapping). */
function adder(t: LogicalType): (a: number | bigint, b: number | bigint) => number | bigint {
  switch (t.kind) {
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT': {
      const k = t.kind;
      return (a, b) => wrapToKind(k, (a as number) + (b as number));
    }
    case 'BIGINT':
      return (a, b) => BigInt.asIntN(64, (a as bigint) + (b as bigint));
    case 'DECIMAL':
      return (a, b) => (a as bigint) + (b as bigint);
    case 'FLOAT':
      return (a, b) => Math.fround((a as number) + (b as number));
    default:
      return (a, b) => (a as number) + (b as number);
  }
}
const zeroOf = (t: LogicalType): number | bigint => (t.kind === 'BIGINT' || t.kind === 'DECIMAL' ? 0n : 0);
const negate = (v: number | bigint): number | bigint => (typeof v === 'bigint' ? -v : -v);

function sumAggregate(name: 'SUM' | 'SUM0', argTypes: readonly LogicalType[]): AggregateFunction | undefined {
  const arg = argTypes[0];
  if (argTypes.length !== 1 || !arg || !isNumericKind(arg.kind)) return undefined;
  const base = arg.kind === 'DECIMAL' ? decimalSumType(arg) : withNullability(arg, true);
  const resultType = name === 'SUM0' ? withNullability(base, false) : withNullability(base, true);
  const add = adder(resultType);
  // DECIMAL(p, s) values are summed at scale s in DECIMAL(38, s); overflow of 38 digits gives NULL
  const finish =
    resultType.kind === 'DECIMAL'
      ? (v: number | bigint) => toDecimal(v as bigint, resultType.scale, 38, resultType.scale)
      : (v: number | bigint) => v;
  const fn: AggregateFunction<SumAcc> = {
    name,
    argTypes,
    resultType,
    retractable: true,
    createAccumulator: () => ({ sum: zeroOf(resultType), count: 0 }),
    accumulate: (acc, v) => {
      if (v === null || v === undefined) return acc;
      acc.sum = add(acc.sum, v as number | bigint);
      acc.count++;
      return acc;
    },
    retract: (acc, v) => {
      if (v === null || v === undefined) return acc;
      acc.sum = add(acc.sum, negate(v as number | bigint));
      acc.count--;
      return acc;
    },
    merge: (acc, o) => {
      acc.sum = add(acc.sum, o.sum);
      acc.count += o.count;
      return acc;
    },
    getValue: (acc) => (acc.count === 0 ? (name === 'SUM0' ? zeroOf(resultType) : null) : finish(acc.sum)),
  };
  return fn as AggregateFunction;
}
defineAggregate('SUM', ['SUM(<NUMERIC>)'], (a) => sumAggregate('SUM', a));
defineAggregate('SUM0', ['SUM0(<NUMERIC>)'], (a) => sumAggregate('SUM0', a), '$SUM0');

/** AVG: integers average in BIGINT and truncate to the argument type (Flink: AVG(INT) is INT). */
defineAggregate('AVG', ['AVG(<NUMERIC>)'], (argTypes) => {
  const arg = argTypes[0];
  if (argTypes.length !== 1 || !arg || !isNumericKind(arg.kind)) return undefined;
  const resultType = arg.kind === 'DECIMAL' ? decimalAvgType(arg) : withNullability(arg, true);
  const integer = isIntegerKind(arg.kind);
  const toSum = integer
    ? (v: unknown) => (typeof v === 'bigint' ? v : BigInt(v as number))
    : arg.kind === 'DECIMAL'
      ? (v: unknown) => v as bigint
      : (v: unknown) => v as number;
  const zero = integer || arg.kind === 'DECIMAL' ? 0n : 0;
  const fn: AggregateFunction<SumAcc> = {
    name: 'AVG',
    argTypes,
    resultType,
    retractable: true,
    createAccumulator: () => ({ sum: zero, count: 0 }),
    accumulate: (acc, v) => {
      if (v === null || v === undefined) return acc;
      acc.sum = typeof acc.sum === 'bigint' ? acc.sum + (toSum(v) as bigint) : acc.sum + (toSum(v) as number);
      acc.count++;
      return acc;
    },
    retract: (acc, v) => {
      if (v === null || v === undefined) return acc;
      acc.sum = typeof acc.sum === 'bigint' ? acc.sum - (toSum(v) as bigint) : acc.sum - (toSum(v) as number);
      acc.count--;
      return acc;
    },
    merge: (acc, o) => {
      acc.sum = typeof acc.sum === 'bigint' ? acc.sum + (o.sum as bigint) : acc.sum + (o.sum as number);
      acc.count += o.count;
      return acc;
    },
    getValue: (acc) => {
      if (acc.count === 0) return null;
      if (integer) {
        const q = BigInt.asIntN(64, (acc.sum as bigint) / BigInt(acc.count));
        return arg.kind === 'BIGINT' ? q : wrapToKind(arg.kind, Number(BigInt.asIntN(32, q)));
      }
      if (resultType.kind === 'DECIMAL' && arg.kind === 'DECIMAL') {
        return divideDecimal(
          acc.sum as bigint,
          arg.scale,
          BigInt(acc.count),
          0,
          resultType.precision,
          resultType.scale,
        );
      }
      const avg = (acc.sum as number) / acc.count;
      return arg.kind === 'FLOAT' ? Math.fround(avg) : avg;
    },
  };
  return fn as AggregateFunction;
});

interface BoolAcc {
  trues: number;
  falses: number;
}
for (const name of ['BOOL_AND', 'BOOL_OR'] as const) {
  defineAggregate(name, [`${name}(<BOOLEAN>)`], (argTypes) => {
    if (argTypes.length !== 1 || argTypes[0]!.kind !== 'BOOLEAN') return undefined;
    const fn: AggregateFunction<BoolAcc> = {
      name,
      argTypes,
      resultType: T.boolean(true),
      retractable: true,
      createAccumulator: () => ({ trues: 0, falses: 0 }),
      accumulate: (acc, v) => {
        if (v === true) acc.trues++;
        else if (v === false) acc.falses++;
        return acc;
      },
      retract: (acc, v) => {
        if (v === true) acc.trues--;
        else if (v === false) acc.falses--;
        return acc;
      },
      merge: (acc, o) => {
        acc.trues += o.trues;
        acc.falses += o.falses;
        return acc;
      },
      getValue: (acc) => {
        if (acc.trues + acc.falses === 0) return null;
        return name === 'BOOL_AND' ? acc.falses === 0 : acc.trues > 0;
      },
    };
    return fn as AggregateFunction;
  });
}

// ---- variance family ----

interface MomentsAcc {
  count: number;
  sum: number;
  sumSquares: number;
}
const VARIANCE_KINDS = {
  VAR_POP: { sample: false, root: false },
  VAR_SAMP: { sample: true, root: false },
  STDDEV_POP: { sample: false, root: true },
  STDDEV_SAMP: { sample: true, root: true },
} as const;

/**
 * Flink rewrites these into SUM/COUNT arithmetic in the argument's type, so the result has the
 * argument's type (STDDEV_POP(INT) is INT); here the moments are kept in double and the result is
 * cast to that type.
 */
for (const [name, { sample, root }] of Object.entries(VARIANCE_KINDS)) {
  const aliases = name === 'VAR_SAMP' ? ['VARIANCE'] : name === 'STDDEV_SAMP' ? ['STDDEV'] : [];
  defineAggregate(
    name,
    [`${name}(<NUMERIC>)`],
    (argTypes) => {
      const arg = argTypes[0];
      if (argTypes.length !== 1 || !arg || !isNumericKind(arg.kind)) return undefined;
      const resultType = arg.kind === 'DECIMAL' ? decimalAvgType(arg) : withNullability(arg, true);
      const toDouble =
        arg.kind === 'DECIMAL'
          ? (v: unknown) => decimalToDouble(v as bigint, arg.scale)
          : (v: unknown) => (typeof v === 'bigint' ? Number(v) : (v as number));
      const toResult = castFunction(T.double(), resultType, timeZone('UTC'));
      const fn: AggregateFunction<MomentsAcc> = {
        name,
        argTypes,
        resultType,
        retractable: true,
        createAccumulator: () => ({ count: 0, sum: 0, sumSquares: 0 }),
        accumulate: (acc, v) => {
          if (v === null || v === undefined) return acc;
          const x = toDouble(v);
          acc.count++;
          acc.sum += x;
          acc.sumSquares += x * x;
          return acc;
        },
        retract: (acc, v) => {
          if (v === null || v === undefined) return acc;
          const x = toDouble(v);
          acc.count--;
          acc.sum -= x;
          acc.sumSquares -= x * x;
          return acc;
        },
        merge: (acc, o) => {
          acc.count += o.count;
          acc.sum += o.sum;
          acc.sumSquares += o.sumSquares;
          return acc;
        },
        getValue: (acc) => {
          const n = acc.count;
          if (n === 0 || (sample && n === 1)) return null;
          const variance = Math.max(0, (acc.sumSquares - (acc.sum * acc.sum) / n) / (sample ? n - 1 : n));
          return toResult(root ? Math.sqrt(variance) : variance);
        },
      };
      return fn as AggregateFunction;
    },
    ...aliases,
  );
}
