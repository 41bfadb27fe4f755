/**
 * Result types of aggregate and ranking functions, following Flink's built-in aggregate definitions
 * (SUM of INT is INT, AVG of INT is INT, SUM of DECIMAL(p, s) is DECIMAL(38, s) ...).
 */
import { bindAggregate, isAggregateFunction } from '../../expr/aggregates/index.ts';
import { FunctionSignatureError } from '../../expr/errors.ts';
import { decimalAvgType, decimalSumType } from '../../expr/type-rules.ts';
import {
  decimalViewOf,
  isCharacterKind,
  isNumericKind,
  type LogicalType,
  T,
  withNullability,
  withoutTimeAttribute,
} from '../../expr/types.ts';

/**
 * The result type, or a reason the arguments are not accepted: the expression layer's aggregate
 * registry decides for the aggregates it implements, the table below covers the rest.
 */
export function aggregateResultType(
  fn: string,
  args: readonly LogicalType[],
  grouped: boolean,
): LogicalType | { readonly error: string; readonly signatures: readonly string[] } {
  if (isAggregateFunction(fn)) {
    try {
      return bindAggregate(fn, args.map(withoutTimeAttribute)).resultType;
    } catch (e) {
      if (e instanceof FunctionSignatureError) return { error: e.message, signatures: e.signatures };
      throw e;
    }
  }
  return builtinResultType(fn, args, grouped);
}

function builtinResultType(
  fn: string,
  args: readonly LogicalType[],
  grouped: boolean,
): LogicalType | { readonly error: string; readonly signatures: readonly string[] } {
  const a = args[0] ? withoutTimeAttribute(args[0]) : undefined;
  const need = (n: number, signatures: string[]) =>
    args.length === n ? undefined : { error: `${fn} takes ${n} argument(s)`, signatures };
  switch (fn) {
    case 'COUNT':
    case 'APPROX_COUNT_DISTINCT':
      return T.bigint(false);
    case 'SUM':
    case 'SUM0': {
      const bad = need(1, [`${fn}(<NUMERIC>)`]);
      if (bad) return bad;
      if (!a || !isNumericKind(a.kind))
        return { error: 'numeric argument expected', signatures: [`${fn}(<NUMERIC>)`] };
      const t = a.kind === 'DECIMAL' ? decimalSumType(decimalViewOf(a)!) : a;
      return withNullability(t, fn === 'SUM' || !grouped || a.nullable);
    }
    case 'AVG': {
      const bad = need(1, ['AVG(<NUMERIC>)']);
      if (bad) return bad;
      if (!a || !isNumericKind(a.kind))
        return { error: 'numeric argument expected', signatures: ['AVG(<NUMERIC>)'] };
      return withNullability(a.kind === 'DECIMAL' ? decimalAvgType(decimalViewOf(a)!) : a, true);
    }
    case 'STDDEV':
    case 'STDDEV_POP':
    case 'STDDEV_SAMP':
    case 'VARIANCE':
    case 'VAR_POP':
    case 'VAR_SAMP': {
      const bad = need(1, [`${fn}(<NUMERIC>)`]);
      if (bad) return bad;
      if (!a || !isNumericKind(a.kind))
        return { error: 'numeric argument expected', signatures: [`${fn}(<NUMERIC>)`] };
      return withNullability(a.kind === 'DECIMAL' ? decimalAvgType(decimalViewOf(a)!) : a, true);
    }
    case 'MIN':
    case 'MAX':
    case 'FIRST_VALUE':
    case 'LAST_VALUE':
    case 'SINGLE_VALUE':
    case 'LEAD':
    case 'LAG': {
      if (!a) return { error: 'one argument expected', signatures: [`${fn}(<ANY>)`] };
      return withNullability(a, true);
    }
    case 'LISTAGG': {
      if (!a || !isCharacterKind(a.kind) || args.length > 2) {
        return {
          error: 'string argument expected',
          signatures: ['LISTAGG(<CHARACTER>)', 'LISTAGG(<CHARACTER>, <CHARACTER>)'],
        };
      }
      return T.string(true);
    }
    case 'COLLECT':
      if (!a) return { error: 'one argument expected', signatures: ['COLLECT(<ANY>)'] };
      return T.multiset(a, false);
    case 'ARRAY_AGG':
      if (!a) return { error: 'one argument expected', signatures: ['ARRAY_AGG(<ANY>)'] };
      return T.array(a, true);
    case 'BOOL_AND':
    case 'BOOL_OR':
      if (a?.kind !== 'BOOLEAN')
        return { error: 'boolean argument expected', signatures: [`${fn}(<BOOLEAN>)`] };
      return T.boolean(true);
    case 'JSON_OBJECTAGG':
    case 'JSON_ARRAYAGG':
      return T.string(false);
    case 'GROUPING':
    case 'GROUPING_ID':
    case 'ROW_NUMBER':
    case 'RANK':
    case 'DENSE_RANK':
    case 'NTILE':
      return T.bigint(false);
    case 'PERCENT_RANK':
    case 'CUME_DIST':
      return T.double(false);
    default:
      return { error: `unknown aggregate function ${fn}`, signatures: [] };
  }
}
