/** CREATE TABLE (plain, LIKE, AS SELECT) and CREATE VIEW statements → catalog actions. */
import type { CatalogTable, ObjectPath } from '../../catalog/catalog.ts';
import { withoutTimeAttribute } from '../../expr/types.ts';
import type { CreateTable, CreateView, QualifiedName } from '../../sql/ast.ts';
import { formatQuery } from '../../sql/format/index.ts';
import type { Sink } from '../logical/nodes.ts';
import type { BoundStatement } from './bound-statement.ts';
import type { BindContext } from './context.ts';
import { bindCreateTableSchema, draftOfCreate } from './create-table.ts';
import { didYouMean, validationError } from './errors.ts';
import { persistedColumns, sinkPlan } from './insert.ts';
import { bindQuery } from './query-binder.ts';
import { type DraftColumn, resolveSchema } from './schema-resolver.ts';
import { envOf, partsOf } from './statements.ts';

/** CREATE of an existing object fails here, with the name's position, unless IF NOT EXISTS / OR REPLACE. */
function checkNotExists(
  name: QualifiedName,
  ctx: BindContext,
  tolerated: boolean,
  temporary: boolean,
): ObjectPath {
  const path = ctx.catalogs.qualify(partsOf(name));
  const existing = ctx.catalogs.lookupTable(partsOf(name));
  if (!tolerated && existing && existing.temporary === temporary) {
    throw validationError(
      temporary
        ? `Temporary table '${path.catalog}.${path.database}.${path.name}' already exists`
        : `Table (or view) ${path.database}.${path.name} already exists in Catalog ${path.catalog}.`,
      name.span,
    );
  }
  if (!ctx.catalogs.hasCatalog(path.catalog)) {
    throw validationError(
      `A catalog with name [${path.catalog}] does not exist.`,
      name.span,
      didYouMean(path.catalog, ctx.catalogs.catalogNames()),
    );
  }
  if (!ctx.catalogs.hasDatabase(path.catalog, path.database)) {
    throw validationError(
      `Database ${path.database} does not exist in Catalog ${path.catalog}.`,
      name.span,
      didYouMean(path.database, ctx.catalogs.databaseNames(path.catalog)),
    );
  }
  return path;
}

export function bindCreateTable(stmt: CreateTable, ctx: BindContext): BoundStatement {
  const path = checkNotExists(stmt.name, ctx, stmt.ifNotExists || stmt.orReplace, stmt.temporary);
  if (!stmt.asQuery) {
    const table = bindCreateTableSchema(stmt, ctx);
    return {
      kind: 'CatalogAction',
      action: {
        kind: 'CreateTable',
        path,
        table,
        temporary: stmt.temporary,
        ignoreIfExists: stmt.ifNotExists,
        orReplace: stmt.orReplace,
      },
    };
  }
  // CTAS: the query's columns (time attributes materialised), then declared columns not in the query
  const query = bindQuery(stmt.asQuery, envOf(ctx));
  const declared = draftOfCreate(stmt);
  const fromQuery: DraftColumn[] = query.plan.schema.map((f) => {
    const override = declared.columns.find((c) => c.name === f.name && c.kind === 'physical');
    return override ?? { kind: 'physical', name: f.name, type: withoutTimeAttribute(f.type) };
  });
  const extra = declared.columns.filter((c) => !fromQuery.some((q) => q.name === c.name));
  const table: CatalogTable = resolveSchema({ ...declared, columns: [...extra, ...fromQuery] }, stmt.span);
  const sinkFields = persistedColumns(table);
  if (extra.some((c) => c.kind === 'physical')) {
    throw validationError(
      'Columns declared in CREATE TABLE AS SELECT must also be produced by the query; add them to the SELECT list',
      stmt.span,
    );
  }
  const input = sinkPlan(query.plan, path, sinkFields, stmt.asQuery.span);
  const sink: Sink = {
    kind: 'Sink',
    input,
    path,
    table,
    targetColumns: sinkFields.map((_, i) => i),
    overwrite: false,
    staticPartitions: {},
    hintOptions: {},
    schema: input.schema,
  };
  return {
    kind: 'CreateTableAs',
    action: {
      kind: 'CreateTable',
      path,
      table,
      temporary: stmt.temporary,
      ignoreIfExists: stmt.ifNotExists,
      orReplace: stmt.orReplace,
    },
    sink,
  };
}

export function bindCreateView(stmt: CreateView, ctx: BindContext): BoundStatement {
  const path = checkNotExists(stmt.name, ctx, stmt.ifNotExists, stmt.temporary);
  const query = bindQuery(stmt.query, envOf(ctx));
  const names = stmt.columns.length > 0 ? stmt.columns.map((c) => c.value) : query.names;
  if (names.length !== query.plan.schema.length) {
    throw validationError(
      `VIEW definition and input fields not match:\n\tDef fields: [${names.join(', ')}].\n\tInput fields: [${query.names.join(', ')}].`,
      stmt.span,
    );
  }
  const columns = query.plan.schema.map((f, i) => ({ name: names[i]!, type: f.type }));
  return {
    kind: 'CatalogAction',
    action: {
      kind: 'CreateView',
      path,
      view: {
        kind: 'view',
        query: stmt.query,
        queryText: formatQuery(stmt.query),
        columns,
        ...(stmt.comment === undefined ? {} : { comment: stmt.comment }),
      },
      temporary: stmt.temporary,
      ignoreIfExists: stmt.ifNotExists,
    },
  };
}
