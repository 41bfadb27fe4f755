/**
 * INSERT INTO / OVERWRITE → Sink: the query's columns are matched to the sink's persisted columns
 * (physical and non-virtual metadata), by position or by the column list, with implicit casts;
 * mismatches get Flink's "Column types of query result and sink ... do not match" message.
 */
import type { CatalogTable, ObjectPath } from '../../catalog/catalog.ts';
import { B, type BoundExpr } from '../../expr/bound.ts';
import { supportsImplicitCast } from '../../expr/type-rules.ts';
import { formatType, T, withNullability, withoutTimeAttribute } from '../../expr/types.ts';
import type { Insert, Span } from '../../sql/ast.ts';
import { project } from '../logical/builders.ts';
import type { Field, LogicalPlan, Sink } from '../logical/nodes.ts';
import { castTo } from './calls.ts';
import { didYouMean, validationError } from './errors.ts';
import { ExprBinder } from './expr-binder.ts';
import { resolveTableName } from './from-binder.ts';
import { bindQuery } from './query-binder.ts';
import type { QueryEnv } from './relation.ts';
import { Scope } from './scope.ts';

export function persistedColumns(table: CatalogTable): Field[] {
  return table.columns
    .filter((c) => c.kind === 'physical' || (c.kind === 'metadata' && !c.virtual))
    .map((c) => ({ name: c.name, type: withoutTimeAttribute(c.type) }));
}

const schemaText = (fields: readonly Field[]): string =>
  `[${fields.map((f) => `${f.name}: ${formatType(withoutTimeAttribute(f.type))}`).join(', ')}]`;

const pathText = (p: ObjectPath): string => `${p.catalog}.${p.database}.${p.name}`;

/** Casts each query column to its sink column or throws Flink's mismatch message. */
export function sinkPlan(
  query: LogicalPlan,
  path: ObjectPath,
  sinkFields: readonly Field[],
  span: Span,
): LogicalPlan {
  const mismatch = (cause: string) =>
    validationError(
      `Column types of query result and sink for '${pathText(path)}' do not match.\nCause: ${cause}\n\nQuery schema: ${schemaText(query.schema)}\nSink schema:  ${schemaText(sinkFields)}`,
      span,
    );
  if (query.schema.length !== sinkFields.length) throw mismatch('Different number of columns.');
  const exprs: BoundExpr[] = query.schema.map((f, i) => {
    const target = sinkFields[i]!.type;
    const from = withoutTimeAttribute(f.type);
    // NOT NULL sinks are enforced at runtime (table.exec.sink.not-null-enforcer), as in Flink
    if (!supportsImplicitCast(withNullability(from, true), withNullability(target, true))) {
      throw mismatch(`Incompatible types for sink column '${sinkFields[i]!.name}' at position ${i}.`);
    }
    return castTo(B.input(i, from), withNullability(target, from.nullable));
  });
  const changed = exprs.some((e, i) => e.kind !== 'input' || sinkFields[i]!.name !== query.schema[i]!.name);
  return changed
    ? project(
        query,
        exprs,
        sinkFields.map((f) => f.name),
      )
    : query;
}

export function bindInsert(stmt: Insert, env: QueryEnv): Sink {
  const found = resolveTableName(stmt.target, env.ctx.catalogs);
  if (found.table.kind !== 'table') {
    throw validationError(
      `Cannot insert into '${pathText(found.path)}': it is a view, not a table`,
      stmt.target.span,
    );
  }
  const table = found.table;
  const sinkFields = persistedColumns(table);
  const sinkNames = sinkFields.map((f) => f.name);
  const query = bindQuery(stmt.query, env);
  let plan = query.plan;

  const staticPartitions: Record<string, string> = {};
  const staticValues = new Map<number, BoundExpr>();
  const constBinder = new ExprBinder({ scope: new Scope([]), clause: 'PARTITION' });
  for (const p of stmt.partition) {
    const idx = sinkNames.indexOf(p.column.value);
    if (idx < 0 || !table.partitionKeys.includes(p.column.value)) {
      throw validationError(
        `Unknown partition column '${p.column.value}'`,
        p.column.span,
        didYouMean(p.column.value, table.partitionKeys),
      );
    }
    const v = constBinder.bind(p.value);
    staticValues.set(idx, v);
    staticPartitions[p.column.value] = v.kind === 'literal' ? String(v.value) : '';
  }

  const expectedCount = stmt.columns.length > 0 ? stmt.columns.length : sinkFields.length - staticValues.size;
  if (stmt.columns.length === 0 && plan.schema.length !== expectedCount) {
    throw validationError('Number of columns must match number of query columns', stmt.target.span);
  }
  if (stmt.columns.length > 0 || staticValues.size > 0) {
    // target columns: the listed ones (or all non-static ones) in that order
    const targets: number[] = [];
    if (stmt.columns.length > 0) {
      for (const c of stmt.columns) {
        const idx = sinkNames.indexOf(c.value);
        if (idx < 0)
          throw validationError(`Unknown target column '${c.value}'`, c.span, didYouMean(c.value, sinkNames));
        if (targets.includes(idx))
          throw validationError(`Target column '${c.value}' is assigned more than once`, c.span);
        targets.push(idx);
      }
    } else {
      sinkFields.forEach((_, i) => {
        if (!staticValues.has(i)) targets.push(i);
      });
    }
    if (targets.length !== plan.schema.length) {
      if (stmt.columns.length > 0) {
        throw validationError(
          `Number of INSERT target columns (${targets.length}) does not equal number of source items (${plan.schema.length})`,
          stmt.query.span,
        );
      }
      const expected = targets.map((i) => sinkFields[i]!);
      sinkPlan(plan, found.path, expected, stmt.query.span);
    }
    const exprs: BoundExpr[] = sinkFields.map((f, i) => {
      const pos = targets.indexOf(i);
      if (pos >= 0) return B.input(pos, plan.schema[pos]!.type);
      const fixed = staticValues.get(i);
      if (fixed) return fixed;
      if (!f.type.nullable) {
        throw validationError(
          `Column '${f.name}' has no default value and does not allow NULLs`,
          stmt.target.span,
        );
      }
      return B.literal(null, T.null());
    });
    plan = project(
      plan,
      exprs.map((e, i) => (e.type.kind === 'NULL' ? castTo(e, sinkFields[i]!.type) : e)),
      sinkNames,
    );
  }
  const input = sinkPlan(plan, found.path, sinkFields, stmt.query.span);
  const hintOptions: Record<string, string> = {};
  for (const h of stmt.hints) {
    if (h.name.value.toUpperCase() === 'OPTIONS') for (const p of h.options) hintOptions[p.key] = p.value;
  }
  return {
    kind: 'Sink',
    input,
    path: found.path,
    table,
    targetColumns: sinkFields.map((_, i) => i),
    overwrite: stmt.overwrite,
    staticPartitions,
    hintOptions,
    schema: input.schema,
  };
}
