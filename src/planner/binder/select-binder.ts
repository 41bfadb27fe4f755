/** SELECT: FROM, WHERE, GROUP BY / HAVING, OVER, the select list, DISTINCT and ORDER BY keys. */
import { B, type BoundExpr } from '../../expr/bound.ts';
import type { ColumnRef, Expr, FunctionCall, OrderItem, SelectQuery } from '../../sql/ast.ts';
import { filter, project, selectFields, uniqueNames } from '../logical/builders.ts';
import type { LogicalPlan, SortKey } from '../logical/nodes.ts';
import { bindAggregation, findAggregates } from './aggregate-binder.ts';
import { astKey } from './ast-key.ts';
import { collect, conjuncts, isOverCall } from './ast-walk.ts';
import { typedCall } from './calls.ts';
import { validationError } from './errors.ts';
import { ExprBinder, OUTER_REF } from './expr-binder.ts';
import { bindCondition, bindTableRef } from './from-binder.ts';
import { bindOver } from './over-binder.ts';
import { direction, distinct } from './query-binder.ts';
import type { BoundRelation, QueryEnv } from './relation.ts';
import { Scope } from './scope.ts';
import { stateTtlHints, withAggregateTtl } from './state-ttl-hint.ts';
import { hasOuterRef, SubqueryPlanner, semiJoin, subqueryPredicate } from './subqueries.ts';

export interface SelectResult {
  readonly plan: LogicalPlan;
  readonly names: readonly string[];
  /** Leading fields that are the query's output; the rest only feed ORDER BY (or correlation). */
  readonly visible: number;
  readonly sortKeys: SortKey[];
}

interface Item {
  readonly expr: Expr;
  readonly name: string;
  readonly alias: boolean;
  /** For `*` expansion: the input field (unqualified names could be ambiguous). */
  readonly index?: number;
}

function itemName(e: Expr, index: number): string {
  if (e.kind === 'ColumnRef') return e.parts[e.parts.length - 1]!.value;
  if (e.kind === 'FieldAccess') return e.field.value;
  return `EXPR$${index}`;
}

function expandItems(sel: SelectQuery, scope: Scope): Item[] {
  const items: Item[] = [];
  for (const it of sel.items) {
    if (it.kind === 'SelectExpr') {
      items.push({
        expr: it.expr,
        name: it.alias?.value ?? itemName(it.expr, items.length),
        alias: it.alias !== undefined,
      });
      continue;
    }
    // expand * into qualified column references so grouping and hints treat them like written names
    const indices = scope.expandStar(it.qualifier, it.span);
    for (const index of indices) {
      const table = scope.tables.find((t) => index >= t.offset && index < t.offset + t.fields.length)!;
      const field = table.fields[index - table.offset]!;
      const parts = table.alias
        ? [{ kind: 'Identifier' as const, value: table.alias, quoted: true, span: it.span }]
        : [];
      const ref: ColumnRef = {
        kind: 'ColumnRef',
        parts: [...parts, { kind: 'Identifier', value: field.name, quoted: true, span: it.span }],
        span: it.span,
      };
      items.push({ expr: ref, name: field.name, alias: false, index });
    }
  }
  return items;
}

/** `inner = $OUTER(outer)` conditions of a correlated aggregating subquery; anything else is rejected. */
function equalityCorrelations(
  correlations: readonly BoundExpr[],
  sel: SelectQuery,
): { outer: BoundExpr; inner: BoundExpr }[] {
  if (sel.groupBy.length > 0) {
    throw validationError(
      'Correlated subqueries with GROUP BY are not supported; rewrite the subquery as a join',
      sel.span,
    );
  }
  return correlations.map((c) => {
    if (c.kind === 'call' && c.name === '=' && c.args.length === 2) {
      const [a, b] = c.args as [BoundExpr, BoundExpr];
      if (isOuterOnly(a) && !hasOuterRef(b)) return { outer: a, inner: b };
      if (isOuterOnly(b) && !hasOuterRef(a)) return { outer: b, inner: a };
    }
    throw validationError(
      'Correlated conditions of an aggregating subquery must be equalities between an outer and an inner column',
      sel.where?.span ?? sel.span,
    );
  });
}

const isOuterOnly = (e: BoundExpr): boolean => e.kind === 'call' && e.name === OUTER_REF;

function applyWhere(where: Expr, plan: LogicalPlan, scope: Scope, env: QueryEnv): LogicalPlan {
  const holder = new SubqueryPlanner(plan, env, scope);
  const binder = new ExprBinder({
    scope,
    clause: 'WHERE',
    subqueries: holder,
    allowOuter: env.correlations !== undefined,
  });
  const conditions: BoundExpr[] = [];
  for (const c of conjuncts(where)) {
    const pred = subqueryPredicate(c);
    if (pred) {
      semiJoin(holder, pred, binder, c.span);
      continue;
    }
    const bound = bindCondition(binder, c, 'WHERE');
    if (env.correlations && hasOuterRef(bound)) env.correlations.push(bound);
    else conditions.push(bound);
  }
  let out = holder.plan;
  if (conditions.length > 0)
    out = filter(
      out,
      conditions.reduce((a, b) => typedCall('AND', [a, b], where.span)),
    );
  if (out.schema.length > scope.width)
    out = selectFields(
      out,
      Array.from({ length: scope.width }, (_, i) => i),
    );
  return out;
}

export function bindSelect(sel: SelectQuery, env: QueryEnv, orderBy: readonly OrderItem[]): SelectResult {
  const inner: QueryEnv = { ...env, correlations: undefined, outer: undefined };
  const from: BoundRelation = sel.from
    ? bindTableRef(sel.from, inner)
    : { plan: { kind: 'Values', rows: [[]], schema: [] }, tables: [] };
  const scope = new Scope(from.tables, env.outer);
  let plan = from.plan;
  if (sel.where) plan = applyWhere(sel.where, plan, scope, env);
  const fromWidth = plan.schema.length;
  const correlated = env.correlations !== undefined && env.correlations.length > 0;

  const items = expandItems(sel, scope);
  const itemExprs = items.map((i) => i.expr);
  const orderExprs = orderBy.map((o) => o.expr);
  const { aggregates, auxiliary } = findAggregates([
    ...itemExprs,
    ...(sel.having ? [sel.having] : []),
    ...orderExprs,
  ]);
  const grouped = sel.groupBy.length > 0 || aggregates.length > 0 || sel.having !== undefined;
  // a correlated aggregating subquery: group by the correlated columns instead (decorrelation)
  let correlationKeys: { outer: BoundExpr; inner: BoundExpr }[] = [];
  if (grouped && correlated) correlationKeys = equalityCorrelations(env.correlations!, sel);
  let extraOutputs: number[] = [];
  let binderFor: (clause: string) => ExprBinder;
  if (grouped) {
    const g = bindAggregation(
      sel,
      plan,
      scope,
      aggregates,
      auxiliary,
      correlationKeys.map((k) => k.inner),
    );
    plan = g.plan;
    // STATE_TTL hint: over a single input, the aggregate's state (state-ttl-hint.ts)
    const ttl = stateTtlHints(sel.hints, scope);
    if (ttl.size > 0 && scope.tables.length === 1) plan = withAggregateTtl(plan, [...ttl.values()][0]!);
    binderFor = g.binderFor;
    extraOutputs = [...g.extraKeyOutputs];
  } else {
    if (auxiliary.length > 0) {
      const aux = auxiliary[0]!;
      const fn = aux.name.parts[0]!.value.toUpperCase();
      throw validationError(
        `Call to auxiliary group function '${fn}' must have matching call to group function '${fn.split('_')[0]}' in GROUP BY clause`,
        aux.span,
      );
    }
    // the SELECT list of a LATERAL subquery over an UNNEST of an outer column may read the outer
    // columns too: the join decorrelates them all (lateral-unnest.ts)
    const unnestsOuter = env.lateral?.unnests.some((u) => u === from.plan) ?? false;
    binderFor = (clause) => new ExprBinder({ scope, clause, allowOuter: unnestsOuter });
  }

  const overCalls: FunctionCall[] = [];
  for (const e of [...itemExprs, ...orderExprs]) collect(e, isOverCall, overCalls as Expr[]);
  let binder = binderFor('SELECT');
  if (overCalls.length > 0) {
    const streaming = env.ctx.config.get('execution.runtime-mode') !== 'batch';
    const over = bindOver(overCalls, plan, binder, sel.windows, streaming);
    plan = over.plan;
    const merged = new Map([...(binder.ctx.replacements ?? []), ...over.replacements]);
    binder = binder.with({ replacements: merged });
  }
  const holder = new SubqueryPlanner(plan, env, scope);
  binder = binder.with({ subqueries: holder });
  const exprs = items.map((i) => {
    if (i.index === undefined) return binder.bind(i.expr);
    if (!grouped) return B.input(i.index, scope.fields()[i.index]!.type);
    const key = binder.ctx.groupedColumns?.get(i.index);
    if (!key) throw validationError(`Expression '${i.name}' is not being grouped`, i.expr.span);
    return key;
  });
  const names = items.map((i) => i.name);

  // ORDER BY: ordinals, select aliases, select expressions, or (without DISTINCT) other expressions
  const sortKeys: SortKey[] = [];
  const hidden: BoundExpr[] = [];
  for (const o of orderBy) {
    const e = o.expr;
    let index: number | undefined;
    if (e.kind === 'NumericLiteral' && /^\d+$/.test(e.text)) {
      const n = Number(e.text);
      if (n < 1 || n > items.length) throw validationError(`Ordinal out of range`, e.span);
      index = n - 1;
    } else if (e.kind === 'ColumnRef' && e.parts.length === 1) {
      const matches = items
        .map((it, i) => (it.alias && it.name === e.parts[0]!.value ? i : -1))
        .filter((i) => i >= 0);
      if (matches.length > 1) throw validationError(`Column '${e.parts[0]!.value}' is ambiguous`, e.span);
      index = matches[0];
    }
    if (index === undefined) {
      const k = astKey(e);
      const same = items.findIndex((it) => astKey(it.expr) === k);
      if (same >= 0) index = same;
    }
    if (index === undefined) {
      const bound = binder.with({ clause: 'ORDER BY' }).bind(e);
      const key = JSON.stringify(bound);
      const same = exprs.findIndex((x) => JSON.stringify(x) === key);
      if (same >= 0) index = same;
      else {
        if (sel.quantifier === 'DISTINCT') {
          throw validationError(
            'Expression is not in the select clause; with SELECT DISTINCT, ORDER BY may use only selected columns',
            e.span,
          );
        }
        index = items.length + hidden.length;
        hidden.push(bound);
      }
    }
    sortKeys.push({ ...direction(o), index });
  }

  plan = holder.plan;
  let outExprs = [...exprs, ...hidden];
  let outNames = uniqueNames([...names, ...hidden.map((_, i) => `EXPR$${names.length + i}`)]);
  if (correlated && grouped) {
    // the correlation keys follow; the correlated conditions now compare them with the outer columns
    outExprs = [...outExprs, ...extraOutputs.map((i) => B.input(i, plan.schema[i]!.type))];
    outNames = uniqueNames([...outNames, ...extraOutputs.map((i) => `$cor_${plan.schema[i]!.name}`)]);
    env.correlations!.splice(
      0,
      env.correlations!.length,
      ...correlationKeys.map((k, j) => typedCall('=', [k.outer, B.input(j, k.inner.type)], sel.span)),
    );
  } else if (correlated) {
    // the subquery's FROM row follows, for the correlated conditions
    outExprs = [...outExprs, ...from.plan.schema.slice(0, fromWidth).map((f, i) => B.input(i, f.type))];
    outNames = uniqueNames([
      ...outNames,
      ...from.plan.schema.slice(0, fromWidth).map((f) => `$cor_${f.name}`),
    ]);
  }
  plan = project(plan, outExprs, outNames);
  if (sel.quantifier === 'DISTINCT') plan = distinct(plan);
  return { plan, names: outNames.slice(0, items.length), visible: items.length, sortKeys };
}
