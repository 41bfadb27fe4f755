/** Queries: WITH, set operations, VALUES, ORDER BY, LIMIT / OFFSET / FETCH. */
import { B, type BoundExpr } from '../../expr/bound.ts';
import { leastRestrictive } from '../../expr/type-rules.ts';
import { withoutTimeAttribute } from '../../expr/types.ts';
import type { Expr, OrderItem, Query, QueryBody, SetOperation, ValuesQuery } from '../../sql/ast.ts';
import { limit, project, selectFields, sort, union, uniqueNames } from '../logical/builders.ts';
import type { Aggregate, LogicalPlan, SetOp, SortKey } from '../logical/nodes.ts';
import { calciteTypeName, castTo } from './calls.ts';
import { validationError } from './errors.ts';
import { ExprBinder } from './expr-binder.ts';
import type { BoundQuery, CteDef, QueryEnv } from './relation.ts';
import { Scope } from './scope.ts';
import { bindSelect } from './select-binder.ts';

export function bindQuery(q: Query, env: QueryEnv): BoundQuery {
  let qenv = env;
  if (q.with.length > 0) {
    const ctes = new Map<string, CteDef>(env.ctes);
    for (const cte of q.with) {
      if (q.with.filter((c) => c.name.value === cte.name.value).length > 1) {
        throw validationError(`Duplicate name '${cte.name.value}' in WITH clause`, cte.name.span);
      }
      const defEnv: QueryEnv = { ...env, ctes: new Map(ctes), correlations: undefined };
      ctes.set(cte.name.value, { query: cte.query, columns: cte.columns.map((c) => c.value), env: defEnv });
    }
    qenv = { ...env, ctes };
  }
  if (q.orderBy.length === 0 && !q.limit && !q.offset) return bindBody(q.body, qenv);

  let plan: LogicalPlan;
  let names: readonly string[];
  let keys: SortKey[];
  let visible: number;
  if (q.body.kind === 'SelectQuery') {
    const r = bindSelect(q.body, qenv, q.orderBy);
    ({ plan, names, visible } = r);
    keys = r.sortKeys;
  } else {
    const r = bindBody(q.body, qenv);
    plan = r.plan;
    names = r.names;
    visible = names.length;
    keys = q.orderBy.map((o) => ({ ...direction(o), index: outputOrdinal(o, names, plan) }));
  }
  if (keys.length > 0) plan = sort(plan, keys);
  if (q.limit || q.offset) {
    const offset = q.offset ? rowCount(q.offset, 'OFFSET') : 0;
    const fetch = q.limit ? rowCount(q.limit, q.fetchSyntax ? 'FETCH' : 'LIMIT') : undefined;
    plan = limit(plan, offset, fetch);
  }
  if (visible < plan.schema.length) {
    plan = selectFields(
      plan,
      Array.from({ length: visible }, (_, i) => i),
    );
  }
  return { plan, names: names.slice(0, visible) };
}

export function direction(o: OrderItem): Omit<SortKey, 'index'> {
  const dir = o.direction ?? 'ASC';
  return { direction: dir, nulls: o.nulls ?? (dir === 'ASC' ? 'FIRST' : 'LAST') };
}

/** ORDER BY over a set operation or VALUES: an ordinal or an output column name. */
function outputOrdinal(o: OrderItem, names: readonly string[], plan: LogicalPlan): number {
  const e = o.expr;
  if (e.kind === 'NumericLiteral' && !e.approximate && /^\d+$/.test(e.text)) {
    const n = Number(e.text);
    if (n < 1 || n > plan.schema.length) {
      throw validationError(`Ordinal out of range`, e.span);
    }
    return n - 1;
  }
  if (e.kind === 'ColumnRef' && e.parts.length === 1) {
    const i = names.indexOf(e.parts[0]!.value);
    if (i >= 0) return i;
  }
  const scope = new Scope([{ alias: '', fields: plan.schema, offset: 0 }]);
  const bound = new ExprBinder({ scope, clause: 'ORDER BY' }).bind(e);
  if (bound.kind === 'input') return bound.index;
  throw validationError('ORDER BY of a set operation accepts only output column names or ordinals', e.span);
}

function rowCount(e: Expr, clause: string): number {
  const bound = new ExprBinder({ scope: new Scope([]), clause }).bind(e);
  const v = bound.kind === 'literal' ? bound.value : undefined;
  const n = typeof v === 'bigint' ? Number(v) : v;
  if (typeof n !== 'number' || !Number.isInteger(n) || n < 0) {
    throw validationError(`${clause} must be a non-negative integer constant`, e.span);
  }
  return n;
}

export function bindBody(body: QueryBody, env: QueryEnv): BoundQuery {
  switch (body.kind) {
    case 'Query':
      return bindQuery(body, env);
    case 'SelectQuery': {
      const r = bindSelect(body, env, []);
      return { plan: r.plan, names: r.names };
    }
    case 'ValuesQuery':
      return bindValues(body, env);
    case 'SetOperation':
      return bindSetOperation(body, env);
  }
}

function bindValues(v: ValuesQuery, env: QueryEnv): BoundQuery {
  const binder = new ExprBinder({ scope: new Scope([], env.outer), clause: 'VALUES' });
  const rows = v.rows.map((r) =>
    r.kind === 'RowConstructor' ? r.items.map((i) => binder.bind(i)) : [binder.bind(r)],
  );
  const width = rows[0]?.length ?? 0;
  rows.forEach((r, i) => {
    if (r.length !== width)
      throw validationError('Values passed to VALUES operator must have compatible types', v.rows[i]!.span);
  });
  const types = Array.from({ length: width }, (_, c) => {
    const t = leastRestrictive(rows.map((r) => r[c]!.type));
    if (!t) throw validationError('Values passed to VALUES operator must have compatible types', v.span);
    return t;
  });
  const names = types.map((_, i) => `EXPR$${i}`);
  const cast: BoundExpr[][] = rows.map((r) => r.map((e, c) => castTo(e, types[c]!)));
  return {
    plan: { kind: 'Values', rows: cast, schema: types.map((type, i) => ({ name: names[i]!, type })) },
    names,
  };
}

function flattenUnion(body: QueryBody, all: boolean, out: QueryBody[]): void {
  if (body.kind === 'SetOperation' && body.op === 'UNION' && body.all === all) {
    flattenUnion(body.left, all, out);
    flattenUnion(body.right, all, out);
  } else {
    out.push(body);
  }
}

function bindSetOperation(op: SetOperation, env: QueryEnv): BoundQuery {
  const bodies: QueryBody[] = [];
  if (op.op === 'UNION') flattenUnion(op, op.all, bodies);
  else bodies.push(op.left, op.right);
  const inputs = bodies.map((b) => bindBody(b, env));
  const first = inputs[0]!;
  const width = first.plan.schema.length;
  inputs.forEach((inp, i) => {
    if (inp.plan.schema.length !== width)
      throw validationError(`Column count mismatch in ${op.op}${op.all ? ' ALL' : ''}`, bodies[i]!.span);
  });
  const types = first.plan.schema.map((_, c) => {
    const t = leastRestrictive(inputs.map((inp) => inp.plan.schema[c]!.type));
    if (!t) {
      const shown = inputs.map((inp) => calciteTypeName(inp.plan.schema[c]!.type)).join(', ');
      throw validationError(
        `Type mismatch in column ${c + 1} of ${op.op}: ${shown} have no common type`,
        op.span,
      );
    }
    return t;
  });
  const names = uniqueNames(first.names);
  const schema = types.map((type, i) => ({ name: names[i]!, type }));
  const coerced = inputs.map((inp) => {
    const same = inp.plan.schema.every(
      (f, i) => JSON.stringify(f.type) === JSON.stringify(types[i]) && f.name === names[i],
    );
    if (same) return inp.plan;
    return project(
      inp.plan,
      inp.plan.schema.map((f, i) => castTo(B.input(i, f.type), types[i]!)),
      names,
    );
  });
  if (op.op === 'UNION') {
    const u = union(coerced, schema);
    return { plan: op.all ? u : distinct(u), names };
  }
  const plan: SetOp = {
    kind: op.op === 'INTERSECT' ? 'Intersect' : 'Except',
    left: coerced[0]!,
    right: coerced[1]!,
    all: op.all,
    schema,
  };
  return { plan, names };
}

/** SELECT DISTINCT and UNION: an Aggregate grouping on every field. */
export function distinct(input: LogicalPlan): Aggregate {
  return {
    kind: 'Aggregate',
    input,
    groupKeys: input.schema.map((_, i) => i),
    calls: [],
    windowProperties: [],
    schema: input.schema.map((f) => ({ name: f.name, type: withoutTimeAttribute(f.type) })),
  };
}
