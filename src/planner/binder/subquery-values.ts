/**
 * IN, EXISTS and quantified comparisons used as values (in the SELECT list, inside CASE or OR, as the
 * operand of another IN ...), decorrelated as Calcite's SubQueryRemoveRule does for Flink. For
 * `x IN (SELECT y FROM s WHERE s.k = outer.o)` the outer plan is joined with
 *
 *   ct = SELECT k, COUNT(*) AS c, COUNT(y) AS ck FROM s GROUP BY k           (INNER ON TRUE when
 *        uncorrelated, since a global aggregate has one row; LEFT ON k = o when correlated)
 *   dt = SELECT DISTINCT y, k, TRUE AS i FROM s                                (LEFT ON x = y AND k = o)
 *
 * and the value is three-valued: CASE WHEN c IS NULL OR c = 0 THEN FALSE WHEN i IS NOT NULL THEN TRUE
 * WHEN x IS NULL THEN NULL WHEN ck < c THEN NULL ELSE FALSE END (ct is left out when x and y cannot
 * be null, ck when y cannot). A streaming global aggregate emits nothing until its input has a row,
 * so, as in Flink, outer rows wait for the first row of an uncorrelated subquery.
 *
 * `x op SOME (...)` (op one of < <= > >=) compares with MAX(y) or MIN(y) instead of joining dt;
 * `x op ALL (...)` is NOT (x negated-op SOME (...)). EXISTS joins `SELECT DISTINCT k, TRUE AS i` and
 * is `i IS NOT NULL`. Correlated conditions must be equalities between an inner and an outer
 * expression (they become grouping keys).
 */
import { B, type BoundExpr } from '../../expr/bound.ts';
import { T, withNullability } from '../../expr/types.ts';
import type { ExistsExpr, InSubqueryExpr, QuantifiedComparisonExpr, Span } from '../../sql/ast.ts';
import { join, project, TRUE } from '../logical/builders.ts';
import type { Aggregate, AggregateCall, LogicalPlan } from '../logical/nodes.ts';
import { typedCall } from './calls.ts';
import { validationError } from './errors.ts';
import { type ExprBinder, OUTER_REF } from './expr-binder.ts';
import { bindQuery } from './query-binder.ts';
import type { QueryEnv } from './relation.ts';
import type { Scope } from './scope.ts';
import { hasOuterRef } from './subqueries.ts';

export type SubqueryPredicateExpr = InSubqueryExpr | ExistsExpr | QuantifiedComparisonExpr;

/** The plan a value subquery joins into (the SubqueryPlanner). */
export interface PlanHolder {
  plan: LogicalPlan;
  readonly env: QueryEnv;
  readonly scope: Scope;
}

/** The subquery bound with its correlations split into grouping keys. */
interface Decorrelated {
  /** The subquery's plan: its visible column(s), then the inner correlation keys. */
  readonly plan: LogicalPlan;
  readonly visible: number;
  /** Per key: the outer expression it must equal (over the holder's plan). */
  readonly outerKeys: readonly BoundExpr[];
}

const BIGINT = T.bigint(false);
const BOOL = T.boolean(false);
const NULL_BOOL = B.literal(null, T.boolean(true));

export function bindValueSubquery(
  holder: PlanHolder,
  e: SubqueryPredicateExpr,
  binder: ExprBinder,
): BoundExpr {
  if (e.kind === 'ExistsExpr') return exists(holder, decorrelate(holder, e), e.span);
  // the operand first: it may hold subqueries of its own, which join into the plan before this one
  const operand = binder.bind(e.operand);
  const sub = decorrelate(holder, e);
  if (sub.visible !== 1)
    throw validationError('Values passed to IN operator must have compatible types', e.span);
  if (e.kind === 'InSubqueryExpr') {
    const value = membership(holder, sub, operand, e.span);
    return e.negated ? typedCall('NOT', [value], e.span) : value;
  }
  const { op, quantifier } = e;
  if (quantifier === 'ALL') {
    if (op === '=')
      throw validationError("'= ALL (subquery)' is supported only as a condition of WHERE", e.span);
    if (op === '<>') return typedCall('NOT', [membership(holder, sub, operand, e.span)], e.span);
    return typedCall('NOT', [extreme(holder, sub, operand, NEGATED[op], e.span)], e.span);
  }
  if (op === '=') return membership(holder, sub, operand, e.span);
  if (op === '<>')
    throw validationError(`'<> ${quantifier} (subquery)' is supported only as a condition of WHERE`, e.span);
  return extreme(holder, sub, operand, op, e.span);
}

const NEGATED: Record<'<' | '<=' | '>' | '>=', '<' | '<=' | '>' | '>='> = {
  '<': '>=',
  '<=': '>',
  '>': '<=',
  '>=': '<',
};

function decorrelate(holder: PlanHolder, e: SubqueryPredicateExpr): Decorrelated {
  const correlations: BoundExpr[] = [];
  const sub = bindQuery(e.query, { ...holder.env, outer: holder.scope, correlations });
  const visible = sub.names.length;
  const inner: BoundExpr[] = [];
  const outerKeys: BoundExpr[] = [];
  for (const c of correlations) {
    const pair = c.kind === 'call' && c.name === '=' && c.args.length === 2 ? splitEquality(c) : undefined;
    if (!pair) {
      throw validationError(
        'Correlated conditions of an IN or EXISTS subquery used as a value must be equalities between an inner and an outer expression',
        e.query.span,
      );
    }
    inner.push(shift(pair.inner, visible));
    outerKeys.push(pair.outer);
  }
  const fields = sub.plan.schema;
  const exprs = [...fields.slice(0, visible).map((f, i) => B.input(i, f.type)), ...inner];
  const names = [...fields.slice(0, visible).map((f) => f.name), ...inner.map((_, j) => `$k${j}`)];
  return { plan: project(sub.plan, exprs, names), visible, outerKeys };
}

function splitEquality(c: BoundExpr): { inner: BoundExpr; outer: BoundExpr } | undefined {
  if (c.kind !== 'call') return undefined;
  const [a, b] = c.args as [BoundExpr, BoundExpr];
  const outerArg = (x: BoundExpr): BoundExpr | undefined =>
    x.kind === 'call' && x.name === OUTER_REF ? x.args[0] : undefined;
  const oa = outerArg(a);
  if (oa && !hasOuterRef(b)) return { inner: b, outer: oa };
  const ob = outerArg(b);
  if (ob && !hasOuterRef(a)) return { inner: a, outer: ob };
  return undefined;
}

/** Inner correlation expressions index the fields after the visible ones. */
function shift(e: BoundExpr, by: number): BoundExpr {
  switch (e.kind) {
    case 'input':
      return B.input(e.index + by, e.type);
    case 'call':
      return { ...e, args: e.args.map((a) => shift(a, by)) };
    case 'cast':
    case 'field':
      return { ...e, operand: shift(e.operand, by) };
    case 'item':
      return { ...e, operand: shift(e.operand, by), key: shift(e.key, by) };
    case 'case':
      return {
        ...e,
        branches: e.branches.map((b) => ({ when: shift(b.when, by), result: shift(b.result, by) })),
        otherwise: shift(e.otherwise, by),
      };
    default:
      return e;
  }
}

function aggregate(input: LogicalPlan, groupKeys: readonly number[], calls: AggregateCall[]): Aggregate {
  return {
    kind: 'Aggregate',
    input,
    groupKeys,
    calls,
    windowProperties: [],
    schema: [
      ...groupKeys.map((k) => input.schema[k]!),
      ...calls.map((c) => ({ name: c.name, type: c.type })),
    ],
  };
}

const call = (fn: string, args: number[], type: AggregateCall['type'], name: string): AggregateCall => ({
  fn,
  args,
  distinct: false,
  constants: [],
  type,
  name,
});

const range = (from: number, count: number): number[] => Array.from({ length: count }, (_, i) => from + i);

/** `AND` of `outer_j = plan[at + j]`, or TRUE without correlation keys. */
function keyCondition(sub: Decorrelated, plan: LogicalPlan, at: number, span: Span): BoundExpr {
  const conds = sub.outerKeys.map((o, j) =>
    typedCall('=', [o, B.input(at + j, plan.schema[at + j]!.type)], span),
  );
  return conds.length === 0 ? TRUE : conds.reduce((a, b) => typedCall('AND', [a, b], span));
}

/**
 * Joins ct (COUNT(*) c[, COUNT(y) ck][, extra]) grouped by the keys; returns the field positions of
 * c, ck and the extra aggregate in the joined plan.
 */
function joinCounts(
  holder: PlanHolder,
  sub: Decorrelated,
  withCk: boolean,
  extra: AggregateCall | undefined,
  span: Span,
): { c: BoundExpr; ck?: BoundExpr; extra?: BoundExpr } {
  const n = sub.outerKeys.length;
  const calls = [call('COUNT', [], BIGINT, 'c')];
  if (withCk) calls.push(call('COUNT', [0], BIGINT, 'ck'));
  if (extra) calls.push(extra);
  const ct = aggregate(sub.plan, range(1, n), calls);
  const width = holder.plan.schema.length;
  const joined = join(n > 0 ? 'LEFT' : 'INNER', holder.plan, ct, TRUE);
  holder.plan = n > 0 ? { ...joined, condition: keyCondition(sub, joined, width, span) } : joined;
  const at = (i: number): BoundExpr => {
    const t = holder.plan.schema[width + n + i]!.type;
    return B.input(width + n + i, t);
  };
  return {
    c: at(0),
    ...(withCk ? { ck: at(1) } : {}),
    ...(extra ? { extra: at(withCk ? 2 : 1) } : {}),
  };
}

/** x IN (sub), three-valued. */
function membership(holder: PlanHolder, sub: Decorrelated, x: BoundExpr, span: Span): BoundExpr {
  const y = sub.plan.schema[0]!.type;
  const needCounts = x.type.nullable || y.nullable;
  const counts = needCounts ? joinCounts(holder, sub, y.nullable, undefined, span) : undefined;
  // dt: SELECT DISTINCT y, keys, TRUE AS i
  const n = sub.outerKeys.length;
  const distinct = aggregate(sub.plan, range(0, n + 1), []);
  const dt = project(
    distinct,
    [...distinct.schema.map((f, i) => B.input(i, f.type)), B.literal(true, BOOL)],
    [...distinct.schema.map((f) => f.name), 'i'],
  );
  const width = holder.plan.schema.length;
  const joined = join('LEFT', holder.plan, dt, TRUE);
  const match = typedCall('=', [x, B.input(width, joined.schema[width]!.type)], span);
  const keys = keyCondition(sub, joined, width + 1, span);
  holder.plan = { ...joined, condition: keys === TRUE ? match : typedCall('AND', [match, keys], span) };
  const marker = B.input(width + n + 1, withNullability(BOOL, true));
  const branches: { when: BoundExpr; result: BoundExpr }[] = [];
  if (counts) branches.push({ when: emptySet(counts.c, span), result: B.literal(false, BOOL) });
  branches.push({ when: typedCall('IS NOT NULL', [marker], span), result: B.literal(true, BOOL) });
  if (x.type.nullable) branches.push({ when: typedCall('IS NULL', [x], span), result: NULL_BOOL });
  if (counts?.ck) branches.push({ when: typedCall('<', [counts.ck, counts.c], span), result: NULL_BOOL });
  return caseOf(branches, B.literal(false, BOOL));
}

/** x op SOME (sub) for op in < <= > >=: a comparison with MAX(y) or MIN(y). */
function extreme(
  holder: PlanHolder,
  sub: Decorrelated,
  x: BoundExpr,
  op: '<' | '<=' | '>' | '>=',
  span: Span,
): BoundExpr {
  const y = sub.plan.schema[0]!.type;
  const fn = op === '<' || op === '<=' ? 'MAX' : 'MIN';
  const counts = joinCounts(holder, sub, true, call(fn, [0], withNullability(y, true), 'm'), span);
  const branches = [
    { when: emptySet(counts.c, span), result: B.literal(false, BOOL) },
    { when: typedCall(op, [x, counts.extra!], span), result: B.literal(true, BOOL) },
  ];
  if (x.type.nullable) branches.push({ when: typedCall('IS NULL', [x], span), result: NULL_BOOL });
  branches.push({ when: typedCall('<', [counts.ck!, counts.c], span), result: NULL_BOOL });
  return caseOf(branches, B.literal(false, BOOL));
}

/** EXISTS (sub): a LEFT join with SELECT DISTINCT keys, TRUE AS i. */
function exists(holder: PlanHolder, sub: Decorrelated, span: Span): BoundExpr {
  const n = sub.outerKeys.length;
  const keysAndTrue = project(
    sub.plan,
    [...range(sub.visible, n).map((i) => B.input(i, sub.plan.schema[i]!.type)), B.literal(true, BOOL)],
    [...range(sub.visible, n).map((i) => sub.plan.schema[i]!.name), 'i'],
  );
  const dt = aggregate(keysAndTrue, range(0, n + 1), []);
  const width = holder.plan.schema.length;
  const joined = join('LEFT', holder.plan, dt, TRUE);
  holder.plan = { ...joined, condition: keyCondition(sub, joined, width, span) };
  return typedCall('IS NOT NULL', [B.input(width + n, withNullability(BOOL, true))], span);
}

/** No subquery row (for the key): COUNT(*) is 0, or NULL when the LEFT join found no group. */
function emptySet(c: BoundExpr, span: Span): BoundExpr {
  const zero = typedCall('=', [c, B.literal(0n, BIGINT)], span);
  return c.type.nullable ? typedCall('OR', [typedCall('IS NULL', [c], span), zero], span) : zero;
}

function caseOf(branches: { when: BoundExpr; result: BoundExpr }[], otherwise: BoundExpr): BoundExpr {
  const nullable = branches.some((b) => b.result.type.nullable) || otherwise.type.nullable;
  const type = T.boolean(nullable);
  return B.caseWhen(
    branches.map((b) => ({ when: b.when, result: { ...b.result, type } as BoundExpr })),
    { ...otherwise, type } as BoundExpr,
    type,
  );
}
