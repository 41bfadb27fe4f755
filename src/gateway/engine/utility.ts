/**
 * Result rows of utility statements that need only the catalogs and the session configuration:
 * SHOW ..., DESCRIBE, SET (listing) — with the column names and types Flink's SQL gateway returns.
 */

import { type CatalogColumn, type CatalogTable, formatObjectPath } from '../../catalog/catalog.ts';
import type { CatalogManager } from '../../catalog/catalog-manager.ts';
import { showCreateCatalog, showCreateTable, showCreateView } from '../../catalog/show-create.ts';
import { formatType, T } from '../../expr/types.ts';
import type { BoundStatement } from '../../planner/index.ts';
import { SqlError } from '../../sql/index.ts';
import type { ResultColumn } from './types.ts';

export interface UtilityResult {
  readonly columns: readonly ResultColumn[];
  readonly rows: readonly (readonly unknown[])[];
}

const str = (name: string): ResultColumn => ({ name, type: T.string(false) });
const single = (name: string, values: readonly string[]): UtilityResult => ({
  columns: [str(name)],
  rows: values.map((v) => [v]),
});

/** SQL LIKE / ILIKE to a RegExp (`%` any, `_` one character). */
function likeMatcher(
  like: { pattern: string; negated: boolean; caseInsensitive: boolean } | undefined,
): (s: string) => boolean {
  if (like === undefined) return () => true;
  const source = like.pattern
    .replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    .replace(/%/g, '.*')
    .replace(/_/g, '.');
  const re = new RegExp(`^${source}$`, like.caseInsensitive ? 'is' : 's');
  return (s) => re.test(s) !== like.negated;
}

export function showResult(
  bound: Extract<BoundStatement, { kind: 'Show' }>,
  catalogs: CatalogManager,
): UtilityResult {
  const match = likeMatcher(bound.like);
  const sorted = (names: readonly string[]): string[] => [...names].filter(match).sort();
  const catalog = bound.catalog ?? catalogs.currentCatalog;
  const database = bound.database ?? catalogs.currentDatabase;
  switch (bound.what) {
    case 'CATALOGS':
      return single('catalog name', sorted(catalogs.catalogNames()));
    case 'DATABASES':
      return single('database name', sorted(catalogs.databaseNames(catalog)));
    case 'CURRENT CATALOG':
      return single('current catalog name', [catalogs.currentCatalog]);
    case 'CURRENT DATABASE':
      return single('current database name', [catalogs.currentDatabase]);
    case 'TABLES':
    case 'VIEWS': {
      const wanted = bound.what === 'TABLES' ? 'table' : 'view';
      const names = catalogs.tableNamesIn(catalog, database).filter((n) => {
        const found = catalogs.lookupTable([catalog, database, n]);
        return bound.what === 'TABLES' || found?.table.kind === wanted;
      });
      return single(bound.what === 'TABLES' ? 'table name' : 'view name', sorted(names));
    }
    case 'COLUMNS': {
      if (bound.table === undefined)
        throw new SqlError({
          code: 'VALIDATION',
          message: 'SHOW COLUMNS needs a table: SHOW COLUMNS FROM t',
        });
      return describeResult({ kind: 'Describe', path: bound.table, extended: false }, catalogs, match);
    }
    case 'FUNCTIONS':
    case 'USER FUNCTIONS': {
      const fns = catalogs.getCatalog(catalog)?.sync?.functionNames(database) ?? [];
      return single('function name', sorted(fns));
    }
    case 'MODULES':
      return single('module name', ['core']);
    case 'FULL MODULES':
      return {
        columns: [str('module name'), { name: 'used', type: T.boolean(false) }],
        rows: [['core', true]],
      };
    case 'JARS':
      return single('jars', []);
    case 'JOBS':
    case 'PARTITIONS':
      throw new SqlError({
        code: 'VALIDATION',
        message: `SHOW ${bound.what} is not supported by the Tributary gateway; list statements with GET /v1/environments/{env}/statements`,
      });
  }
}

function primaryKeyOf(table: CatalogTable): readonly string[] {
  return table.primaryKey?.columns ?? [];
}

/**
 * Confluent's system columns: `$rowtime`, the Kafka record timestamp a Kafka catalog adds to every
 * inferred table. DESCRIBE leaves them (and the system watermark on them) out; DESCRIBE EXTENDED
 * shows them.
 */
function isSystemColumn(c: CatalogColumn): boolean {
  return c.kind === 'metadata' && c.virtual && c.name.startsWith('$');
}

/** SHOW CREATE TABLE | VIEW | CATALOG: the DDL text in one cell, secrets masked. */
export function showCreateResult(
  bound: Extract<BoundStatement, { kind: 'ShowCreate' }>,
  catalogs: CatalogManager,
): UtilityResult {
  const text = (): string => {
    const { path, catalog: catalogName } = bound;
    if (path === undefined) {
      const catalog = catalogName === undefined ? undefined : catalogs.getCatalog(catalogName);
      if (catalogName === undefined || catalog === undefined) {
        throw new SqlError({ code: 'VALIDATION', message: `Catalog '${catalogName ?? ''}' does not exist.` });
      }
      return showCreateCatalog(catalogName, catalog.options);
    }
    const found = catalogs.lookupTable([path.catalog, path.database, path.name]);
    if (found === undefined) {
      throw new SqlError({
        code: 'VALIDATION',
        message: `Tables or views with the identifier '${formatObjectPath(path)}' doesn't exist.`,
      });
    }
    return found.table.kind === 'view'
      ? showCreateView(found.path, found.table, found.temporary)
      : showCreateTable(found.path, found.table, found.temporary);
  };
  return single('result', [text()]);
}

/** DESCRIBE [EXTENDED] t: name, type, null, key, extras, watermark (as Flink prints them). */
export function describeResult(
  bound: Extract<BoundStatement, { kind: 'Describe' }>,
  catalogs: CatalogManager,
  match: (name: string) => boolean = () => true,
): UtilityResult {
  const found = catalogs.lookupTable([bound.path.catalog, bound.path.database, bound.path.name]);
  if (found === undefined) {
    throw new SqlError({
      code: 'VALIDATION',
      message: `Tables or views with the identifier '${formatObjectPath(bound.path)}' doesn't exist.`,
    });
  }
  const columns: ResultColumn[] = [
    str('name'),
    str('type'),
    { name: 'null', type: T.boolean(false) },
    { name: 'key', type: T.string() },
    { name: 'extras', type: T.string() },
    { name: 'watermark', type: T.string() },
  ];
  const table = found.table;
  if (table.kind === 'view') {
    return {
      columns,
      rows: table.columns
        .filter((c) => match(c.name))
        .map((c) => [c.name, formatType(c.type), c.type.nullable, null, null, null]),
    };
  }
  const pk = primaryKeyOf(table);
  const rows = table.columns
    .filter((c) => match(c.name) && (bound.extended || !isSystemColumn(c)))
    .map((c) => {
      const key = pk.includes(c.name) ? `PRI(${pk.join(', ')})` : null;
      const extras =
        c.kind === 'computed'
          ? `AS ${c.exprText}`
          : c.kind === 'metadata'
            ? `METADATA${c.key === undefined ? '' : ` FROM '${c.key}'`}${c.virtual ? ' VIRTUAL' : ''}`
            : null;
      const watermark = table.watermark?.rowtimeColumn === c.name ? table.watermark.exprText : null;
      return [c.name, formatType(c.type), c.type.nullable, key, extras, watermark];
    });
  return { columns, rows };
}

export function setListing(config: ReadonlyMap<string, string>): UtilityResult {
  return {
    columns: [str('key'), str('value')],
    rows: [...config].sort(([a], [b]) => a.localeCompare(b)).map(([k, v]) => [k, v]),
  };
}
