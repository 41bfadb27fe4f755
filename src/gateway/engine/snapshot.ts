/**
 * A catalog snapshot: the catalog objects one statement reads, copied out of the gateway's catalogs
 * so a worker thread can bind and plan the statement against an in-memory copy (catalog objects are
 * plain data and cross threads by structured clone). Views bring the objects they read, transitively.
 */

import type { CatalogBaseTable, ObjectPath } from '../../catalog/catalog.ts';
import { CatalogManager } from '../../catalog/catalog-manager.ts';
import { MemoryCatalog } from '../../catalog/memory-catalog.ts';
import { referencedTables } from '../../planner/index.ts';
import type { Node } from '../../sql/index.ts';

export interface CatalogSnapshot {
  readonly current: { readonly catalog: string; readonly database: string };
  readonly objects: readonly {
    readonly path: ObjectPath;
    readonly table: CatalogBaseTable;
    readonly temporary: boolean;
  }[];
}

/** Names a view refers to, qualified against the catalog and database it lives in. */
function viewReferences(path: ObjectPath, table: CatalogBaseTable): string[][] {
  if (table.kind !== 'view') return [];
  return referencedTables(table.query).map((ref) =>
    ref.length >= 3 ? ref : [path.catalog, ...(ref.length === 2 ? ref : [path.database, ...ref])],
  );
}

/** Prefetches what `statement` reads from asynchronous catalogs (views transitively). */
export async function prefetchFor(catalogs: CatalogManager, statement: Node): Promise<void> {
  if (statement.kind === 'Show' && ['DATABASES', 'TABLES', 'VIEWS'].includes(statement.what)) {
    // `SHOW TABLES [FROM|IN [catalog.]db]` lists what the catalog holds right now
    const parts = statement.from?.parts.map((p) => p.value) ?? [];
    const catalog = statement.what === 'DATABASES' ? parts[0] : parts.length === 2 ? parts[0] : undefined;
    const database = statement.what === 'DATABASES' ? undefined : parts[parts.length - 1];
    await catalogs.prefetchListing(catalog ?? catalogs.currentCatalog, database ?? catalogs.currentDatabase);
  }
  await catalogs.prefetch(referencedTables(statement), (view) => referencedTables(view.query));
}

export function snapshotFor(catalogs: CatalogManager, statement: Node): CatalogSnapshot {
  const pending = referencedTables(statement);
  const seen = new Set<string>();
  const objects: CatalogSnapshot['objects'][number][] = [];
  while (pending.length > 0) {
    const parts = pending.pop()!;
    const found = catalogs.lookupTable(parts);
    if (found === undefined) continue;
    const key = JSON.stringify([found.path.catalog, found.path.database, found.path.name, found.temporary]);
    if (seen.has(key)) continue;
    seen.add(key);
    objects.push({ path: found.path, table: found.table, temporary: found.temporary });
    pending.push(...viewReferences(found.path, found.table));
  }
  return { current: { catalog: catalogs.currentCatalog, database: catalogs.currentDatabase }, objects };
}

/** Rebuilds a session catalog from a snapshot: one memory catalog per catalog named in it. */
export async function catalogsFromSnapshot(snapshot: CatalogSnapshot): Promise<CatalogManager> {
  const manager = new CatalogManager();
  const ensure = async (catalog: string, database: string): Promise<MemoryCatalog> => {
    let c = manager.getCatalog(catalog);
    if (c === undefined) {
      c = new MemoryCatalog(catalog);
      manager.registerCatalog(c);
    }
    await c.createDatabase(database, { options: {} }, true);
    return c as MemoryCatalog;
  };
  await ensure(snapshot.current.catalog, snapshot.current.database);
  for (const { path, table, temporary } of snapshot.objects) {
    const catalog = await ensure(path.catalog, path.database);
    if (temporary) {
      await manager.apply(
        table.kind === 'table'
          ? { kind: 'CreateTable', path, table, temporary: true, ignoreIfExists: true, orReplace: false }
          : { kind: 'CreateView', path, view: table, temporary: true, ignoreIfExists: true },
      );
    } else if (table.kind === 'table') await catalog.createTable(path.database, path.name, table, true);
    else await catalog.createView(path.database, path.name, table, true);
  }
  await manager.apply({ kind: 'UseCatalog', name: snapshot.current.catalog });
  await manager.apply({
    kind: 'UseDatabase',
    catalog: snapshot.current.catalog,
    database: snapshot.current.database,
  });
  return manager;
}
