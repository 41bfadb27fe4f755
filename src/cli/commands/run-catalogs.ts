/**
 * Kafka catalogs for the embedded runner (`tributary run --catalogs <dir>`): the definitions of a
 * catalogs folder are registered (with TRIBUTARY_KAFKA_BOOTSTRAP / TRIBUTARY_SCHEMA_REGISTRY_URL
 * overrides), the objects a statement names are prefetched before it is bound (Kafka catalogs are
 * asynchronous), and the catalogs' client connections are closed when the script ends.
 */
import { existsSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { CatalogTable } from '../../catalog/catalog.ts';
import type { CatalogManager } from '../../catalog/catalog-manager.ts';
import { registerKafkaCatalogs } from '../../catalog/kafka/factory.ts';
import { referencedTables } from '../../planner/index.ts';
import type { Sink } from '../../planner/logical/nodes.ts';
import type { Statement } from '../../sql/index.ts';

const isDirectory = (dir: string): boolean => existsSync(dir) && statSync(dir).isDirectory();

/**
 * The catalogs folder: the one given, else `./catalogs` when it exists, else the repository's
 * `catalogs/` (beside src/) when it exists; `null` turns catalog loading off.
 */
export function resolveCatalogsDir(explicit: string | null | undefined): string | undefined {
  if (explicit === null) return undefined;
  if (explicit !== undefined) {
    if (!isDirectory(explicit)) {
      throw new Error(
        `--catalogs: '${explicit}' is not a directory; give a folder of catalog definitions (*.json, *.yaml)`,
      );
    }
    return resolve(explicit);
  }
  if (isDirectory('catalogs')) return resolve('catalogs');
  const repository = join(import.meta.dirname, '..', '..', '..', 'catalogs');
  return isDirectory(repository) ? repository : undefined;
}

export interface RunnerCatalogs {
  /** Fetches what `statement` reads or writes from asynchronous catalogs (views transitively). */
  prefetch(statement: Statement): Promise<void>;
  /** The table names of an asynchronous catalog's database, for SHOW TABLES. */
  listTables(catalog: string, database: string): Promise<readonly string[] | undefined>;
  /** Disconnects every catalog's clients and closes the metadata store. */
  close(): Promise<void>;
}

export function openRunnerCatalogs(
  manager: CatalogManager,
  setup: {
    readonly catalogsDir?: string;
    readonly environment?: Readonly<Record<string, string | undefined>>;
  },
): RunnerCatalogs {
  // the metadata store stays in memory: a script's Kafka tables live in Kafka and the registry
  const { store } = registerKafkaCatalogs(manager, {
    ...(setup.catalogsDir === undefined ? {} : { definitionsDir: setup.catalogsDir }),
    ...(setup.environment === undefined ? {} : { environment: setup.environment }),
  });
  return {
    async prefetch(statement) {
      await manager.prefetch(referencedTables(statement), (view) => referencedTables(view.query));
    },
    async listTables(catalog, database) {
      const c = manager.getCatalog(catalog);
      if (c === undefined || c.sync) return undefined;
      return c.listTables(database);
    },
    async close() {
      for (const name of manager.catalogNames()) {
        const c = manager.getCatalog(name) as { close?: () => Promise<void> } | undefined;
        await c?.close?.().catch(() => undefined);
      }
      store.close();
    },
  };
}

const persistedNames = (table: CatalogTable): string[] =>
  table.columns
    .filter((c) => c.kind === 'physical' || (c.kind === 'metadata' && !c.virtual))
    .map((c) => c.name);

/**
 * CREATE TABLE AS SELECT: the sink re-aimed at the table as its catalog stores it once created. A
 * Kafka catalog's table carries the connector options and may have more persisted columns than the
 * query produces (an inferred `key BYTES` when the table has no key), so fields map by name.
 */
export async function sinkIntoCreatedTable(manager: CatalogManager, sink: Sink): Promise<Sink> {
  const { catalog, database, name } = sink.path;
  await manager.prefetch([[catalog, database, name]]);
  const created = manager.lookupTable([catalog, database, name])?.table;
  if (created?.kind !== 'table') return sink;
  const declared = persistedNames(sink.table);
  const stored = persistedNames(created);
  const targetColumns = sink.targetColumns.map((i) => stored.indexOf(declared[i] ?? ''));
  if (targetColumns.some((i) => i < 0)) return sink;
  return { ...sink, table: created, targetColumns };
}
