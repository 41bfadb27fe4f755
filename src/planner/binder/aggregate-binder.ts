/**
 * GROUP BY, grouping sets, aggregate calls and legacy group windows → Aggregate, plus the binder
 * that maps group keys, aggregate calls and window properties onto the Aggregate's output.
 */
import { B, type BoundExpr } from '../../expr/bound.ts';
import { type LogicalType, T, withNullability, withoutTimeAttribute } from '../../expr/types.ts';
import type { Expr, FunctionCall, GroupingElement, SelectQuery } from '../../sql/ast.ts';
import { project } from '../logical/builders.ts';
import type {
  Aggregate,
  AggregateCall,
  Field,
  GroupWindow,
  LogicalPlan,
  WindowProperty,
} from '../logical/nodes.ts';
import { aggregateResultType } from './aggregate-types.ts';
import { astKey } from './ast-key.ts';
import { collect, contains, isAggregateCall } from './ast-walk.ts';
import { calciteTypeName, materialized } from './calls.ts';
import { validationError } from './errors.ts';
import { ExprBinder } from './expr-binder.ts';
import { bindCondition } from './from-binder.ts';
import { LEGACY_WINDOW_AUXILIARY, LEGACY_WINDOW_FUNCTIONS } from './function-kinds.ts';
import type { Scope } from './scope.ts';
import { isTimeAttribute, legacyWindowSpec } from './windows.ts';

const fnName = (c: FunctionCall): string =>
  c.name.parts.length === 1 ? c.name.parts[0]!.value.toUpperCase() : '';

/** GROUP BY elements → grouping sets (lists of expressions), Calcite's expansion order. */
function expandSets(elements: readonly GroupingElement[]): Expr[][] {
  let sets: Expr[][] = [[]];
  for (const el of elements) {
    const own = setsOf(el);
    sets = sets.flatMap((s) => own.map((o) => [...s, ...o]));
  }
  return sets;
}

function setsOf(el: GroupingElement): Expr[][] {
  switch (el.kind) {
    case 'GroupingList':
      return [[...el.items]];
    case 'GroupingSets':
      return el.sets.flatMap(setsOf);
    case 'Rollup': {
      const items = el.items.map((i) => (i.kind === 'GroupingList' ? [...i.items] : [i as Expr]));
      const out: Expr[][] = [];
      for (let n = items.length; n >= 0; n--) out.push(items.slice(0, n).flat());
      return out;
    }
    case 'Cube': {
      const items = el.items.map((i) => (i.kind === 'GroupingList' ? [...i.items] : [i as Expr]));
      const out: Expr[][] = [];
      const n = items.length;
      // Calcite lists the full set first and the empty set last
      for (let mask = (1 << n) - 1; mask >= 0; mask--) {
        out.push(items.filter((_, i) => (mask & (1 << (n - 1 - i))) !== 0).flat());
      }
      return out;
    }
    default:
      return [[el]];
  }
}

export interface GroupedBinding {
  readonly plan: LogicalPlan;
  /** Output positions of `extraKeys`. */
  readonly extraKeyOutputs: readonly number[];
  /** Binds SELECT / ORDER BY expressions over the Aggregate's output (after HAVING). */
  readonly binderFor: (clause: string) => ExprBinder;
}

export function bindAggregation(
  sel: SelectQuery,
  input: LogicalPlan,
  scope: Scope,
  aggregateAsts: readonly Expr[],
  auxiliaryAsts: readonly FunctionCall[],
  /** Bound group keys added after the written ones (a correlated subquery's correlation columns). */
  extraKeys: readonly BoundExpr[] = [],
): GroupedBinding {
  const width = input.schema.length;
  const pre: BoundExpr[] = input.schema.map((f, i) => B.input(i, f.type));
  const preNames: string[] = input.schema.map((f) => f.name);
  const preBinder = new ExprBinder({ scope, clause: 'GROUP BY' });
  const indexOf = (e: BoundExpr): number => {
    if (e.kind === 'input' && e.index < width) return e.index;
    const key = JSON.stringify(e);
    const existing = pre.findIndex((p, i) => i >= width && JSON.stringify(p) === key);
    if (existing >= 0) return existing;
    pre.push(e);
    preNames.push(`$f${pre.length - 1}`);
    return pre.length - 1;
  };

  // legacy group window: GROUP BY TUMBLE(ts, INTERVAL ...)
  let window: GroupWindow | undefined;
  let windowCall: FunctionCall | undefined;
  const elements = sel.groupBy.filter((el) => {
    if (el.kind === 'FunctionCall' && LEGACY_WINDOW_FUNCTIONS.has(fnName(el)) && !el.over) {
      if (windowCall)
        throw validationError('Only a single window group function may be used in GROUP BY', el.span);
      windowCall = el;
      return false;
    }
    return true;
  });
  if (windowCall) {
    const { spec, time } = legacyWindowSpec(windowCall, fnName(windowCall));
    const t = preBinder.bind(time);
    if (t.kind !== 'input' || !isTimeAttribute(t.type)) {
      throw validationError(
        `Window aggregate can only be defined over a time attribute column, but ${calciteTypeName(t.type)} encountered.`,
        time.span,
      );
    }
    window = { spec, timeIndex: t.index, timeType: t.type };
  }

  const sets = expandSets(elements);
  const keyAsts: Expr[] = [];
  const keyIndexOfAst = new Map<string, number>();
  const setIndices = sets.map((set) =>
    set.map((e) => {
      const k = astKey(e);
      let pos = keyIndexOfAst.get(k);
      if (pos === undefined) {
        if (contains(e, isAggregateCall))
          throw validationError('Aggregate expression is illegal in GROUP BY clause', e.span);
        pos = keyAsts.length;
        keyAsts.push(e);
        keyIndexOfAst.set(k, pos);
      }
      return pos;
    }),
  );
  const keyBound = [...keyAsts.map((e) => preBinder.bind(e)), ...extraKeys];
  const groupKeys = keyBound.map(indexOf);
  if (extraKeys.length > 0)
    for (const s of setIndices) s.push(...extraKeys.map((_, j) => keyAsts.length + j));
  const isSingleFullSet = sets.length === 1;

  // aggregate calls
  const callAsts: Expr[] = [];
  const seenCalls = new Set<string>();
  for (const a of aggregateAsts) {
    const k = astKey(a);
    if (!seenCalls.has(k)) {
      seenCalls.add(k);
      callAsts.push(a);
    }
  }
  const argBinder = new ExprBinder({ scope, clause: 'aggregate' });
  const calls: AggregateCall[] = callAsts.map((a, j) => {
    const name = `EXPR$${j}`;
    if (a.kind === 'JsonObjectExpr' || a.kind === 'JsonArrayExpr') {
      const args = a.kind === 'JsonObjectExpr' ? a.entries.flatMap((kv) => [kv.key, kv.value]) : a.items;
      return {
        fn: a.kind === 'JsonObjectExpr' ? 'JSON_OBJECTAGG' : 'JSON_ARRAYAGG',
        args: args.map((x) => indexOf(materialized(argBinder.bind(x)))),
        distinct: false,
        constants: [B.symbol(`${a.onNull}_ON_NULL`)],
        type: T.string(false),
        name,
      };
    }
    const call = a as FunctionCall;
    const fn = fnName(call);
    for (const arg of call.args) {
      if (contains(arg, isAggregateCall))
        throw validationError('Aggregate expressions cannot be nested', arg.span);
    }
    if (fn === 'GROUPING' || fn === 'GROUPING_ID') {
      const args = call.args.map((x) => {
        const pos = keyIndexOfAst.get(astKey(x));
        if (pos === undefined)
          throw validationError('Argument to GROUPING operator must be a grouped expression', x.span);
        return groupKeys[pos]!;
      });
      return { fn, args, distinct: false, constants: [], type: T.bigint(false), name };
    }
    let argAsts = call.args;
    let constants: BoundExpr[] = [];
    if (fn === 'LISTAGG' && call.args.length === 2) {
      argAsts = [call.args[0]!];
      constants = [argBinder.bind(call.args[1]!)];
    }
    const bound = argAsts.map((x) => materialized(argBinder.bind(x)));
    const type = aggregateResultType(
      fn,
      bound.map((b) => b.type),
      groupKeys.length > 0,
    );
    if ('error' in type) {
      throw validationError(
        `Cannot apply '${fn}' to arguments of type '${fn}(${bound.map((b) => `<${calciteTypeName(b.type)}>`).join(', ')})'. Supported form(s): ${type.signatures.map((s) => `'${s}'`).join('\n')}`,
        call.span,
      );
    }
    let filterArg: number | undefined;
    if (call.filter) {
      if (contains(call.filter, isAggregateCall))
        throw validationError('Aggregate expression is illegal in FILTER clause', call.filter.span);
      filterArg = indexOf(bindCondition(argBinder, call.filter, 'FILTER'));
    }
    return {
      fn,
      args: bound.map(indexOf),
      distinct: call.distinct,
      ...(filterArg === undefined ? {} : { filterArg }),
      constants,
      type,
      name,
    };
  });

  // window properties requested by TUMBLE_START(...) etc.
  const properties: WindowProperty[] = [];
  const propertyAsts: FunctionCall[] = [];
  for (const aux of auxiliaryAsts) {
    const group = LEGACY_WINDOW_AUXILIARY.get(fnName(aux))!;
    const matches =
      windowCall &&
      fnName(windowCall) === group &&
      aux.args.length === windowCall.args.length &&
      aux.args.every((arg, i) => astKey(arg) === astKey(windowCall!.args[i]!));
    if (!matches) {
      throw validationError(
        `Call to auxiliary group function '${fnName(aux)}' must have matching call to group function '${group}' in GROUP BY clause`,
        aux.span,
      );
    }
    const prop = fnName(aux)
      .slice(group.length + 1)
      .toLowerCase() as WindowProperty;
    if (!propertyAsts.some((p) => astKey(p) === astKey(aux))) {
      propertyAsts.push(aux);
      properties.push(prop);
    }
  }

  let aggInput: LogicalPlan = input;
  if (pre.length > width) aggInput = project(input, pre, preNames);
  const inSomeSetOnly = (pos: number) => !setIndices.every((s) => s.includes(pos));
  const keyNames = groupKeys.map((i) => aggInput.schema[i]!.name);
  const keepsWindowTime = keyNames.includes('window_start') && keyNames.includes('window_end');
  const keyFields: Field[] = groupKeys.map((i, pos) => {
    const f = aggInput.schema[i]!;
    let type: LogicalType =
      keepsWindowTime && f.name === 'window_time' ? f.type : withoutTimeAttribute(f.type);
    if (inSomeSetOnly(pos)) type = withNullability(type, true);
    return { name: f.name, type };
  });
  const propertyType = (p: WindowProperty): LogicalType => {
    if (p === 'start' || p === 'end') return T.timestamp(3, false);
    if (p === 'proctime') return T.timestampLtz(3, false, 'proctime');
    return window!.timeType.kind === 'TIMESTAMP_LTZ'
      ? T.timestampLtz(3, false, 'rowtime')
      : T.timestamp(3, false, 'rowtime');
  };
  const schema: Field[] = [
    ...keyFields,
    ...calls.map((c) => ({ name: c.name, type: c.type })),
    ...properties.map((p) => ({ name: `w$${p}`, type: propertyType(p) })),
  ];
  const aggregate: Aggregate = {
    kind: 'Aggregate',
    input: aggInput,
    groupKeys,
    ...(isSingleFullSet ? {} : { groupingSets: setIndices }),
    calls,
    ...(window ? { window } : {}),
    windowProperties: properties,
    schema,
  };

  const replacements = new Map<string, BoundExpr>();
  const groupedColumns = new Map<number, BoundExpr>();
  keyAsts.forEach((e, pos) => {
    const ref = B.input(pos, keyFields[pos]!.type);
    replacements.set(astKey(e), ref);
    const bound = keyBound[pos]!;
    if (bound.kind === 'input') groupedColumns.set(bound.index, ref);
  });
  for (const [j, a] of callAsts.entries())
    replacements.set(astKey(a), B.input(keyFields.length + j, calls[j]!.type));
  for (const [p, a] of propertyAsts.entries()) {
    replacements.set(astKey(a), B.input(keyFields.length + calls.length + p, propertyType(properties[p]!)));
  }
  const binderFor = (clause: string) =>
    new ExprBinder({ scope, clause, replacements, grouped: true, groupedColumns });

  let plan: LogicalPlan = aggregate;
  if (sel.having) {
    const condition = bindCondition(binderFor('HAVING'), sel.having, 'HAVING');
    plan = { kind: 'Filter', input: plan, condition, schema: plan.schema };
  }
  return { plan, binderFor, extraKeyOutputs: extraKeys.map((_, j) => keyAsts.length + j) };
}

/** Aggregate calls and legacy window auxiliary calls in the given expressions (outside OVER). */
export function findAggregates(exprs: readonly Expr[]): { aggregates: Expr[]; auxiliary: FunctionCall[] } {
  const aggregates: Expr[] = [];
  const auxiliary: FunctionCall[] = [];
  for (const e of exprs) {
    collect(e, isAggregateCall, aggregates);
    collect(
      e,
      (x) => x.kind === 'FunctionCall' && LEGACY_WINDOW_AUXILIARY.has(fnName(x)),
      auxiliary as Expr[],
    );
  }
  return { aggregates, auxiliary };
}
