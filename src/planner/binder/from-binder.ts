/** FROM items → plans with their scope tables: tables, views, CTEs, subqueries, joins, UNNEST. */
import type { CatalogReader, ResolvedTable } from '../../catalog/catalog.ts';
import { B, type BoundExpr } from '../../expr/bound.ts';
import { T } from '../../expr/types.ts';
import type {
  Expr,
  Hint,
  JoinRef,
  QualifiedName,
  SubqueryRef,
  TableAlias,
  TableName,
  TableRef,
  UnnestRef,
} from '../../sql/ast.ts';
import { join, project, selectFields, TRUE } from '../logical/builders.ts';
import type { Correlate, Field, LogicalPlan } from '../logical/nodes.ts';
import { typedCall } from './calls.ts';
import { didYouMean, validationError } from './errors.ts';
import { ExprBinder } from './expr-binder.ts';
import { bindLateralSnapshotJoin, isSnapshotCall } from './lateral-snapshot.ts';
import { decorrelateLateralUnnest } from './lateral-unnest.ts';
import { bindMatchRecognize } from './match-recognize.ts';
import { bindProcessTableFunction, builtInPtfName } from './process-table-functions.ts';
import { bindQuery } from './query-binder.ts';
import type { BoundRelation, LateralUnnestContext, QueryEnv } from './relation.ts';
import { Scope, type ScopeTable } from './scope.ts';
import { hasOuterRef, toJoinRow } from './subqueries.ts';
import { scanTable } from './table-scan.ts';
import { bindTableFunction } from './windows.ts';

export function bindTableRef(ref: TableRef, env: QueryEnv, lateralScope?: Scope): BoundRelation {
  switch (ref.kind) {
    case 'TableName':
      return bindTableName(ref, env);
    case 'SubqueryRef': {
      const sub = bindQuery(ref.query, lateralScope && ref.lateral ? { ...env, outer: lateralScope } : env);
      return aliased(sub.plan, ref.alias, undefined, undefined);
    }
    case 'TableFunctionRef':
      // Flink 2.x built-in PTFs (TO_CHANGELOG, ...): process-table-functions.ts
      if (builtInPtfName(ref.call)) return bindProcessTableFunction(ref, env);
      return bindTableFunction(ref, env);
    case 'UnnestRef': {
      // an uncorrelated UNNEST: correlate it with a single empty row
      const single: LogicalPlan = { kind: 'Values', rows: [[]], schema: [] };
      return bindUnnest(ref, env, { plan: single, tables: [] }, 'INNER');
    }
    case 'JoinRef':
      return bindJoin(ref, env);
    case 'MatchRecognizeRef': {
      const input = bindTableRef(ref.input, env);
      const plan = bindMatchRecognize(ref, input, env);
      return aliased(plan, ref.alias, undefined, undefined);
    }
  }
}

/** Renames per `AS alias (c1, c2)` and returns the relation as one scope table. */
export function aliased(
  plan: LogicalPlan,
  alias: TableAlias | undefined,
  defaultName: string | undefined,
  path: readonly string[] | undefined,
): BoundRelation {
  let out = plan;
  if (alias && alias.columns.length > 0) {
    if (alias.columns.length !== plan.schema.length) {
      throw validationError(
        `List of column aliases must have same degree as table; table has ${plan.schema.length} columns ${JSON.stringify(
          plan.schema.map((f) => f.name),
        ).replace(/"/g, "'")}, whereas alias list has ${alias.columns.length} columns`,
        alias.span,
      );
    }
    out = selectFields(
      plan,
      plan.schema.map((_, i) => i),
      alias.columns.map((c) => c.value),
    );
  }
  const name = alias?.name.value ?? defaultName ?? '';
  const table: ScopeTable =
    alias || !path
      ? { alias: name, fields: out.schema, offset: 0 }
      : { alias: name, path, fields: out.schema, offset: 0 };
  return { plan: out, tables: [table] };
}

function hintOptions(hints: readonly Hint[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const h of hints) {
    if (h.name.value.toUpperCase() === 'OPTIONS') for (const p of h.options) out[p.key] = p.value;
  }
  return out;
}

/** Resolves a table name or throws Calcite's `Object 'x' not found` with a hint. */
export function resolveTableName(name: QualifiedName, reader: CatalogReader): ResolvedTable {
  const parts = name.parts.map((p) => p.value);
  const found = reader.lookupTable(parts);
  if (found) return found;
  const path = reader.qualify(parts);
  if (parts.length === 3 && !reader.hasCatalog(path.catalog)) {
    throw validationError(
      `Object '${path.catalog}' not found`,
      name.parts[0]!.span,
      didYouMean(path.catalog, reader.catalogNames()),
    );
  }
  if (parts.length >= 2 && !reader.hasDatabase(path.catalog, path.database)) {
    const dbPart = name.parts[parts.length - 2]!;
    throw validationError(
      parts.length === 3
        ? `Object '${path.database}' not found within '${path.catalog}'`
        : `Object '${path.database}' not found`,
      dbPart.span,
      didYouMean(path.database, reader.databaseNames(path.catalog)),
    );
  }
  const last = name.parts[parts.length - 1]!;
  const message =
    parts.length === 1
      ? `Object '${path.name}' not found`
      : `Object '${path.name}' not found within '${parts.slice(0, -1).join('.')}'`;
  throw validationError(
    message,
    last.span,
    didYouMean(path.name, reader.tableNamesIn(path.catalog, path.database)),
  );
}

/** A reader that resolves partial names relative to a view's own catalog and database. */
function readerRelativeTo(reader: CatalogReader, catalog: string, database: string): CatalogReader {
  const full = (parts: readonly string[]): string[] =>
    parts.length >= 3 ? [...parts] : parts.length === 2 ? [catalog, ...parts] : [catalog, database, ...parts];
  return {
    currentCatalog: catalog,
    currentDatabase: database,
    lookupTable: (parts) => reader.lookupTable(full(parts)),
    qualify: (parts) => reader.qualify(full(parts)),
    lookupFunction: (parts) => reader.lookupFunction(full(parts)),
    hasCatalog: (n) => reader.hasCatalog(n),
    hasDatabase: (c, d) => reader.hasDatabase(c, d),
    tableNamesIn: (c, d) => reader.tableNamesIn(c, d),
    catalogNames: () => reader.catalogNames(),
    databaseNames: (c) => reader.databaseNames(c),
  };
}

function bindTableName(ref: TableName, env: QueryEnv): BoundRelation {
  const parts = ref.name.parts.map((p) => p.value);
  const cte = parts.length === 1 ? env.ctes.get(parts[0]!) : undefined;
  if (cte) {
    const sub = bindQuery(cte.query, cte.env);
    let plan = sub.plan;
    if (cte.columns.length > 0) {
      if (cte.columns.length !== plan.schema.length) {
        throw validationError(`Number of columns must match number of query columns`, ref.span);
      }
      plan = selectFields(
        plan,
        plan.schema.map((_, i) => i),
        cte.columns,
      );
    }
    return aliased(plan, ref.alias, parts[0], undefined);
  }
  const found = resolveTableName(ref.name, env.ctx.catalogs);
  const { path, table } = found;
  const fullPath = [path.catalog, path.database, path.name];
  if (table.kind === 'view') {
    const key = fullPath.join('.');
    if (env.viewStack.includes(key)) {
      throw validationError(`Cyclic definition of view '${key}'`, ref.name.span);
    }
    const viewEnv: QueryEnv = {
      ctx: { ...env.ctx, catalogs: readerRelativeTo(env.ctx.catalogs, path.catalog, path.database) },
      ctes: new Map(),
      viewStack: [...env.viewStack, key],
    };
    const sub = bindQuery(table.query, viewEnv);
    const names = table.columns.map((c) => c.name);
    const plan = selectFields(
      sub.plan,
      sub.plan.schema.map((_, i) => i),
      names.length === sub.plan.schema.length ? names : undefined,
    );
    return aliased(plan, ref.alias, path.name, fullPath);
  }
  const plan = scanTable(path, table, found.temporary, hintOptions(ref.hints));
  return aliased(plan, ref.alias, path.name, fullPath);
}

function combine(left: BoundRelation, right: BoundRelation): ScopeTable[] {
  const width = left.plan.schema.length;
  return [...left.tables, ...right.tables.map((t) => ({ ...t, offset: t.offset + width }))];
}

function bindJoin(ref: JoinRef, env: QueryEnv): BoundRelation {
  const left = bindTableRef(ref.left, env);
  const leftScope = new Scope(left.tables, env.outer);
  const r = ref.right;
  const joinType = ref.joinType === 'CROSS' ? 'INNER' : ref.joinType;
  // lateral right sides see the left's columns
  if (r.kind === 'UnnestRef' || (r.kind === 'TableFunctionRef' && r.lateral && !isWindowCall(r.call.name))) {
    if (joinType !== 'INNER' && joinType !== 'LEFT') {
      throw validationError(
        `${joinType} JOIN with a lateral table function or UNNEST is not supported; use INNER or LEFT JOIN`,
        ref.span,
      );
    }
    if (r.kind === 'UnnestRef') {
      const rel = bindUnnest(r, env, left, joinType);
      return withCondition(rel, ref, env, left.plan.schema.length);
    }
    if (isSnapshotCall(r)) return bindLateralSnapshotJoin(ref, r, left, env, joinType);
    throw validationError(
      `No match found for function signature ${r.call.name.parts.map((p) => p.value).join('.')}(...)`,
      r.call.span,
    );
  }
  if (r.kind === 'SubqueryRef' && r.lateral)
    return bindLateralSubquery(ref, r, left, leftScope, env, joinType);
  const right = bindTableRef(r, env);
  const tables = combine(left, right);
  const scope = new Scope(tables, env.outer);
  const binder = new ExprBinder({ scope, clause: 'ON' });
  let condition: BoundExpr = TRUE;
  let hiddenRight: Set<number> | undefined;
  const using = ref.natural
    ? left.plan.schema.map((f) => f.name).filter((n) => right.plan.schema.some((g) => g.name === n))
    : ref.condition?.kind === 'JoinUsing'
      ? ref.condition.columns.map((c) => c.value)
      : undefined;
  if (using) {
    const width = left.plan.schema.length;
    const eqs: BoundExpr[] = [];
    hiddenRight = new Set();
    for (const name of using) {
      const li = left.plan.schema.findIndex((f) => f.name === name);
      const ri = right.plan.schema.findIndex((f) => f.name === name);
      if (li < 0 || ri < 0) {
        const ident =
          ref.condition?.kind === 'JoinUsing'
            ? ref.condition.columns.find((c) => c.value === name)
            : undefined;
        const side = li < 0 ? left.plan.schema : right.plan.schema;
        throw validationError(
          `Column '${name}' not found in any table`,
          ident?.span ?? ref.span,
          didYouMean(
            name,
            side.map((f) => f.name),
          ),
        );
      }
      hiddenRight.add(ri);
      eqs.push(
        typedCall(
          '=',
          [B.input(li, left.plan.schema[li]!.type), B.input(width + ri, right.plan.schema[ri]!.type)],
          ref.span,
        ),
      );
    }
    if (eqs.length > 0) condition = eqs.reduce((a, b) => typedCall('AND', [a, b], ref.span));
  } else if (ref.condition?.kind === 'JoinOn') {
    condition = bindCondition(binder, ref.condition.condition, 'ON');
  } else if (ref.joinType !== 'CROSS' && !ref.comma && !ref.natural) {
    throw validationError(
      'INNER, LEFT, RIGHT or FULL join requires a condition (NATURAL keyword or ON or USING clause)',
      ref.span,
    );
  }
  const temporal =
    r.kind === 'TableName' && r.systemTime ? temporalOf(r.systemTime.asOf, leftScope) : undefined;
  const plan = temporal
    ? { ...join(joinType, left.plan, right.plan, condition), temporal }
    : join(joinType, left.plan, right.plan, condition);
  const nullableTables = tables.map((t, i) => {
    const isLeft = i < left.tables.length;
    const nullable = isLeft
      ? joinType === 'RIGHT' || joinType === 'FULL'
      : joinType === 'LEFT' || joinType === 'FULL';
    const fields = nullable ? plan.schema.slice(t.offset, t.offset + t.fields.length) : t.fields;
    const hidden = !isLeft && hiddenRight && i === left.tables.length ? hiddenRight : t.hidden;
    return { ...t, fields, ...(hidden ? { hidden } : {}) };
  });
  return { plan, tables: nullableTables };
}

/**
 * `FROM t, LATERAL (SELECT ... WHERE inner = t.col)`: the correlated conditions of the subquery's WHERE
 * become the join condition (an aggregating subquery is grouped by its correlation columns).
 */
function bindLateralSubquery(
  ref: JoinRef,
  r: SubqueryRef,
  left: BoundRelation,
  leftScope: Scope,
  env: QueryEnv,
  joinType: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL',
): BoundRelation {
  const correlations: BoundExpr[] = [];
  const lateral: LateralUnnestContext = { scope: leftScope, unnests: [] };
  const sub = bindQuery(r.query, { ...env, outer: leftScope, correlations, lateral });
  const bindOn = (tables: readonly ScopeTable[]): BoundExpr | undefined => {
    if (ref.condition?.kind !== 'JoinOn') return undefined;
    const binder = new ExprBinder({ scope: new Scope(tables, env.outer), clause: 'ON' });
    const on = bindCondition(binder, ref.condition.condition, 'ON');
    return on.kind === 'literal' && on.value === true ? undefined : on;
  };
  // the subquery unnests a column of the left side: lateral-unnest.ts
  if (lateral.unnests.length > 0) {
    const unnests = lateral.unnests;
    return decorrelateLateralUnnest({ ref, subquery: r, left, sub, unnests, correlations, joinType, bindOn });
  }
  const lw = left.plan.schema.length;
  const visible = sub.names.length;
  const names = r.alias && r.alias.columns.length > 0 ? r.alias.columns.map((c) => c.value) : sub.names;
  if (names.length !== visible) {
    throw validationError(
      `List of column aliases must have same degree as table; table has ${visible} columns`,
      r.alias!.span,
    );
  }
  const fields = sub.plan.schema.map((f, i) => (i < visible ? { name: names[i]!, type: f.type } : f));
  const hidden = new Set(fields.map((_, i) => i).filter((i) => i >= visible));
  const rightTable: ScopeTable = { alias: r.alias?.name.value ?? '', fields, offset: lw, hidden };
  const tables = [...left.tables, rightTable];
  const conds = correlations.map((c) => toJoinRow(c, lw + visible));
  const on = bindOn(tables);
  if (on !== undefined) conds.push(on);
  const condition = conds.length === 0 ? TRUE : conds.reduce((a, b) => typedCall('AND', [a, b], ref.span));
  const plan = join(joinType, left.plan, sub.plan, condition);
  const nullable = joinType === 'LEFT' || joinType === 'FULL';
  return {
    plan,
    tables: tables.map((t, i) =>
      i === tables.length - 1 && nullable ? { ...t, fields: plan.schema.slice(lw) } : t,
    ),
  };
}

function isWindowCall(name: QualifiedName): boolean {
  const n = name.parts.length === 1 ? name.parts[0]!.value.toUpperCase() : '';
  return n === 'TUMBLE' || n === 'HOP' || n === 'CUMULATE' || n === 'SESSION';
}

export function bindCondition(binder: ExprBinder, e: Expr, clause: string): BoundExpr {
  const bound = binder.bind(e);
  if (bound.type.kind !== 'BOOLEAN' && bound.type.kind !== 'NULL') {
    throw validationError(`${clause} clause must be a condition`, e.span);
  }
  return bound;
}

function temporalOf(asOf: Expr, leftScope: Scope): { period: BoundExpr; proctime: boolean } {
  const period = new ExprBinder({ scope: leftScope, clause: 'FOR SYSTEM_TIME AS OF' }).bind(asOf);
  const t = period.type;
  const attr =
    (t.kind === 'TIMESTAMP' || t.kind === 'TIMESTAMP_LTZ') && period.kind === 'input'
      ? t.timeAttribute
      : undefined;
  if (!attr) {
    throw validationError(
      "Temporal table join currently only supports 'FOR SYSTEM_TIME AS OF' left table's time attribute field",
      asOf.span,
    );
  }
  return { period, proctime: attr === 'proctime' };
}

function withCondition(rel: BoundRelation, ref: JoinRef, env: QueryEnv, _leftWidth: number): BoundRelation {
  const cond = ref.condition;
  if (cond?.kind !== 'JoinOn') return rel;
  const binder = new ExprBinder({ scope: new Scope(rel.tables, env.outer), clause: 'ON' });
  const condition = bindCondition(binder, cond.condition, 'ON');
  const isTrue = condition.kind === 'literal' && condition.value === true;
  if (isTrue || rel.plan.kind !== 'Correlate') return rel;
  const plan: Correlate = { ...rel.plan, condition };
  return { plan, tables: rel.tables };
}

/** `CROSS JOIN UNNEST(t.arr) AS x (a, b)` → Correlate; element ROW types expand into columns. */
function bindUnnest(
  ref: UnnestRef,
  env: QueryEnv,
  left: BoundRelation,
  joinType: 'INNER' | 'LEFT',
): BoundRelation {
  // a standalone UNNEST in a LATERAL subquery's FROM may read the tables before the subquery
  const lateral = left.tables.length === 0 ? env.lateral : undefined;
  const scope = new Scope(left.tables, lateral?.scope ?? env.outer);
  const binder = new ExprBinder({ scope, clause: 'UNNEST', allowOuter: lateral !== undefined });
  const exprs = ref.items.map((i) => binder.bind(i));
  const fields: Field[] = [];
  exprs.forEach((e, idx) => {
    const t = e.type;
    if (t.kind === 'ARRAY' || t.kind === 'MULTISET') {
      const el = t.element;
      if (el.kind === 'ROW') for (const f of el.fields) fields.push({ name: f.name, type: f.type });
      else fields.push({ name: `EXPR$${idx}`, type: el });
    } else if (t.kind === 'MAP') {
      fields.push({ name: 'KEY', type: t.key }, { name: 'VALUE', type: t.value });
    } else {
      throw validationError(
        `Cannot apply 'UNNEST' to arguments of type 'UNNEST(<${t.kind}>)'. Supported form(s): 'UNNEST(<MULTISET>)'\n'UNNEST(<ARRAY>)'\n'UNNEST(<MAP>)'`,
        ref.items[idx]!.span,
      );
    }
  });
  if (ref.withOrdinality) fields.push({ name: 'ORDINALITY', type: T.int(false) });
  const plain: Correlate = {
    kind: 'Correlate',
    input: left.plan,
    call: { kind: 'Unnest', exprs, withOrdinality: ref.withOrdinality },
    callSchema: fields,
    joinType,
    schema: [
      ...left.plan.schema,
      ...fields.map((f) => (joinType === 'LEFT' ? { name: f.name, type: { ...f.type, nullable: true } } : f)),
    ],
  };
  const unnested = aliased(
    project(
      plain,
      fields.map((_, i) =>
        B.input(left.plan.schema.length + i, plain.schema[left.plan.schema.length + i]!.type),
      ),
      fields.map((f) => f.name),
    ),
    ref.alias,
    undefined,
    undefined,
  );
  // the alias may rename the unnested columns; keep the Correlate as the plan and only rename in scope
  const renamed = unnested.tables[0]!.fields;
  const table: ScopeTable = {
    alias: unnested.tables[0]!.alias,
    fields: renamed,
    offset: left.plan.schema.length,
  };
  const schema = [...left.plan.schema, ...renamed];
  const correlate: Correlate = { ...plain, schema };
  if (lateral !== undefined && exprs.some(hasOuterRef)) lateral.unnests.push(correlate);
  return { plan: correlate, tables: [...left.tables, table] };
}
