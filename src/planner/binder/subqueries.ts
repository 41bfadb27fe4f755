/**
 * Subqueries in expressions: scalar subqueries become a LEFT join with a SINGLE_VALUE aggregate;
 * IN / EXISTS / quantified comparisons that are conjuncts of WHERE become SEMI or ANTI joins, with
 * correlated conditions of the subquery's WHERE pulled into the join condition; used as values
 * elsewhere they join counts and a marker column (subquery-values.ts).
 */
import { B, type BoundExpr } from '../../expr/bound.ts';
import { T, withNullability } from '../../expr/types.ts';
import type { Expr, Query, Span } from '../../sql/ast.ts';
import { join, TRUE } from '../logical/builders.ts';
import type { Aggregate, LogicalPlan } from '../logical/nodes.ts';
import { typedCall } from './calls.ts';
import { validationError } from './errors.ts';
import { type ExprBinder, OUTER_REF, type SubqueryHost } from './expr-binder.ts';
import { bindQuery } from './query-binder.ts';
import type { QueryEnv } from './relation.ts';
import type { Scope } from './scope.ts';
import { bindValueSubquery, type SubqueryPredicateExpr } from './subquery-values.ts';

/** Holds the plan expressions are bound over; scalar subqueries join into it (appending a field). */
export class SubqueryPlanner implements SubqueryHost {
  constructor(
    public plan: LogicalPlan,
    readonly env: QueryEnv,
    readonly scope: Scope,
  ) {}

  /** IN / EXISTS / quantified comparison used as a value: subquery-values.ts. */
  predicate(e: SubqueryPredicateExpr, binder: ExprBinder): BoundExpr {
    return bindValueSubquery(this, e, binder);
  }

  scalar(query: Query, span: Span): BoundExpr {
    const correlations: BoundExpr[] = [];
    const sub = bindQuery(query, { ...this.env, outer: this.scope, correlations });
    if (correlations.length > 0) {
      // decorrelated: one row per correlation key, LEFT joined on the keys
      const visible = sub.names.length;
      if (visible !== 1) throw validationError('A scalar subquery must return exactly one column', span);
      const lw = this.plan.schema.length;
      const condition = correlations
        .map((c) => toJoinRow(c, lw + visible))
        .reduce((a, b) => typedCall('AND', [a, b], span));
      this.plan = join('LEFT', this.plan, sub.plan, condition);
      const value = B.input(lw, withNullability(sub.plan.schema[0]!.type, true));
      // COUNT over no matching rows is 0, not the NULL the outer join produces
      return isCount(sub.plan) ? typedCall('COALESCE', [value, B.literal(0n, T.bigint(false))], span) : value;
    }
    if (sub.plan.schema.length !== 1) {
      throw validationError(
        `Cannot apply '$SCALAR_QUERY' to arguments of type '$SCALAR_QUERY(<RECORDTYPE(${sub.plan.schema.length} FIELDS)>)'. Supported form(s): '$SCALAR_QUERY(<RECORDTYPE(SINGLE FIELD)>)'`,
        span,
      );
    }
    const field = sub.plan.schema[0]!;
    const type = withNullability(field.type, true);
    const single: Aggregate = {
      kind: 'Aggregate',
      input: sub.plan,
      groupKeys: [],
      calls: [{ fn: 'SINGLE_VALUE', args: [0], distinct: false, constants: [], type, name: field.name }],
      windowProperties: [],
      schema: [{ name: field.name, type }],
    };
    const width = this.plan.schema.length;
    this.plan = join('LEFT', this.plan, single, TRUE);
    return B.input(width, type);
  }
}

/** Whether the first output column is a COUNT aggregate passed through (possibly) a Project. */
function isCount(plan: LogicalPlan): boolean {
  let node = plan;
  let index = 0;
  if (node.kind === 'Project') {
    const e = node.exprs[0];
    if (e?.kind !== 'input') return false;
    index = e.index;
    node = node.input;
  }
  if (node.kind !== 'Aggregate') return false;
  const call = node.calls[index - node.groupKeys.length];
  return call !== undefined && (call.fn === 'COUNT' || call.fn === 'APPROX_COUNT_DISTINCT');
}

interface SubqueryPredicate {
  readonly query: Query;
  readonly negated: boolean;
  readonly operand?: Expr;
  readonly op: string;
  readonly quantifier?: 'ANY' | 'SOME' | 'ALL';
}

export function subqueryPredicate(e: Expr): SubqueryPredicate | undefined {
  if (e.kind === 'UnaryExpr' && e.op === 'NOT') {
    const inner = subqueryPredicate(e.operand);
    return inner && { ...inner, negated: !inner.negated };
  }
  if (e.kind === 'ExistsExpr') return { query: e.query, negated: false, op: 'EXISTS' };
  if (e.kind === 'InSubqueryExpr') return { query: e.query, negated: e.negated, operand: e.operand, op: '=' };
  if (e.kind === 'QuantifiedComparisonExpr') {
    return { query: e.query, negated: false, operand: e.operand, op: e.op, quantifier: e.quantifier };
  }
  return undefined;
}

/** Rewrites a correlated condition over the subquery's FROM row into the join's row. */
export function toJoinRow(e: BoundExpr, innerOffset: number): BoundExpr {
  if (e.kind === 'call' && e.name === OUTER_REF) return e.args[0]!;
  if (e.kind === 'input') return B.input(e.index + innerOffset, e.type);
  switch (e.kind) {
    case 'call':
      return { ...e, args: e.args.map((a) => toJoinRow(a, innerOffset)) };
    case 'cast':
    case 'field':
      return { ...e, operand: toJoinRow(e.operand, innerOffset) };
    case 'item':
      return { ...e, operand: toJoinRow(e.operand, innerOffset), key: toJoinRow(e.key, innerOffset) };
    case 'case':
      return {
        ...e,
        branches: e.branches.map((b) => ({
          when: toJoinRow(b.when, innerOffset),
          result: toJoinRow(b.result, innerOffset),
        })),
        otherwise: toJoinRow(e.otherwise, innerOffset),
      };
    default:
      return e;
  }
}

export function hasOuterRef(e: BoundExpr): boolean {
  if (e.kind === 'call' && e.name === OUTER_REF) return true;
  switch (e.kind) {
    case 'call':
      return e.args.some(hasOuterRef);
    case 'cast':
    case 'field':
      return hasOuterRef(e.operand);
    case 'item':
      return hasOuterRef(e.operand) || hasOuterRef(e.key);
    case 'case':
      return e.branches.some((b) => hasOuterRef(b.when) || hasOuterRef(b.result)) || hasOuterRef(e.otherwise);
    default:
      return false;
  }
}

const NEGATED_OP: Record<string, string> = {
  '=': '<>',
  '<>': '=',
  '<': '>=',
  '<=': '>',
  '>': '<=',
  '>=': '<',
};

/**
 * `x IN (subquery)`, `EXISTS (...)`, `x > ANY (...)` as a SEMI/ANTI join of the holder's plan. The
 * operand is bound first: subqueries inside it join into the plan before the semi join.
 */
export function semiJoin(
  holder: SubqueryPlanner,
  pred: SubqueryPredicate,
  binder: ExprBinder,
  span: Span,
): void {
  const operand = pred.operand ? binder.bind(pred.operand) : undefined;
  const left = holder.plan;
  const correlations: BoundExpr[] = [];
  const sub = bindQuery(pred.query, { ...holder.env, outer: holder.scope, correlations });
  const lw = left.schema.length;
  const visible = sub.names.length;
  const conds: BoundExpr[] = correlations.map((c) => toJoinRow(c, lw + visible));
  let joinType: 'SEMI' | 'ANTI' = pred.negated ? 'ANTI' : 'SEMI';
  if (operand) {
    if (visible !== 1) {
      throw validationError('Values passed to IN operator must have compatible types', pred.query.span);
    }
    const right = B.input(lw, sub.plan.schema[0]!.type);
    let op = pred.op;
    if (pred.quantifier === 'ALL') {
      // x op ALL (s) holds when no row of s violates it
      op = NEGATED_OP[op]!;
      joinType = joinType === 'SEMI' ? 'ANTI' : 'SEMI';
    }
    const compare = typedCall(
      op,
      [operand, right],
      span,
      pred.quantifier ? `${pred.op} ${pred.quantifier}` : 'IN',
    );
    // NOT IN is null-aware (as Flink plans it): a row is excluded when the comparison is TRUE or UNKNOWN
    const nullAware = pred.negated && !pred.quantifier && (operand.type.nullable || right.type.nullable);
    conds.unshift(
      nullAware ? typedCall('OR', [compare, typedCall('IS NULL', [compare], span)], span) : compare,
    );
  }
  const condition = conds.length === 0 ? TRUE : conds.reduce((a, b) => typedCall('AND', [a, b], span));
  holder.plan = join(joinType, left, sub.plan, condition);
}
