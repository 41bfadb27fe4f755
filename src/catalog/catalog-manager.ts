/**
 * The session's view of its catalogs: registered catalogs, the current catalog and database,
 * session-scoped temporary objects, and a cache of objects prefetched from asynchronous catalogs so
 * the binder can read them synchronously. Catalog actions produced by the binder are applied here.
 */
import {
  type Catalog,
  type CatalogBaseTable,
  type CatalogDatabase,
  CatalogError,
  type CatalogFunction,
  type CatalogReader,
  type CatalogTable,
  type CatalogView,
  DEFAULT_CATALOG,
  databaseNotExist,
  formatObjectPath,
  type ObjectPath,
  type ResolvedTable,
  tableAlreadyExists,
  tableNotExist,
} from './catalog.ts';
import { MemoryCatalog } from './memory-catalog.ts';

/** Creates a catalog for `CREATE CATALOG name WITH ('type' = ...)`. */
export type CatalogFactory = (name: string, options: Readonly<Record<string, string>>) => Catalog;

/** A change to the catalogs, produced by binding DDL and applied by `CatalogManager.apply`. */
export type CatalogAction =
  | {
      readonly kind: 'CreateTable';
      readonly path: ObjectPath;
      readonly table: CatalogTable;
      readonly temporary: boolean;
      readonly ignoreIfExists: boolean;
      readonly orReplace: boolean;
    }
  | {
      readonly kind: 'CreateView';
      readonly path: ObjectPath;
      readonly view: CatalogView;
      readonly temporary: boolean;
      readonly ignoreIfExists: boolean;
    }
  | { readonly kind: 'AlterTable'; readonly path: ObjectPath; readonly table: CatalogBaseTable }
  | { readonly kind: 'RenameTable'; readonly path: ObjectPath; readonly newName: string }
  | {
      readonly kind: 'DropTable';
      readonly objectType: 'TABLE' | 'VIEW';
      readonly path: ObjectPath;
      readonly temporary: boolean;
      readonly ignoreIfNotExists: boolean;
    }
  | {
      readonly kind: 'CreateDatabase';
      readonly catalog: string;
      readonly database: string;
      readonly meta: CatalogDatabase;
      readonly ignoreIfExists: boolean;
    }
  | {
      readonly kind: 'AlterDatabase';
      readonly catalog: string;
      readonly database: string;
      readonly options: Readonly<Record<string, string>>;
    }
  | {
      readonly kind: 'DropDatabase';
      readonly catalog: string;
      readonly database: string;
      readonly ignoreIfNotExists: boolean;
      readonly cascade: boolean;
    }
  | {
      readonly kind: 'CreateCatalog';
      readonly name: string;
      readonly options: Readonly<Record<string, string>>;
      readonly ignoreIfExists: boolean;
    }
  | { readonly kind: 'DropCatalog'; readonly name: string; readonly ignoreIfNotExists: boolean }
  | { readonly kind: 'UseCatalog'; readonly name: string }
  | { readonly kind: 'UseDatabase'; readonly catalog: string; readonly database: string }
  | {
      readonly kind: 'CreateFunction';
      readonly path: ObjectPath;
      readonly fn: CatalogFunction;
      readonly temporary: boolean;
      readonly ignoreIfExists: boolean;
    }
  | {
      readonly kind: 'AlterFunction';
      readonly path: ObjectPath;
      readonly fn: CatalogFunction;
      readonly temporary: boolean;
      readonly ignoreIfNotExists: boolean;
    }
  | {
      readonly kind: 'DropFunction';
      readonly path: ObjectPath;
      readonly temporary: boolean;
      readonly ignoreIfNotExists: boolean;
    };

const keyOf = (p: ObjectPath): string => JSON.stringify([p.catalog, p.database, p.name]);
const dbKeyOf = (catalog: string, database: string): string => JSON.stringify([catalog, database]);

export class CatalogManager implements CatalogReader {
  private readonly catalogs = new Map<string, Catalog>();
  private readonly factories = new Map<string, CatalogFactory>();
  private readonly temporaryTables = new Map<string, { path: ObjectPath; table: CatalogBaseTable }>();
  private readonly temporaryFunctions = new Map<string, { path: ObjectPath; fn: CatalogFunction }>();
  /** Objects fetched from catalogs without a synchronous face; `null` records a known absence. */
  private readonly fetched = new Map<string, CatalogBaseTable | null>();
  private readonly fetchedListings = new Map<string, readonly string[]>();
  private readonly fetchedDatabases = new Map<string, readonly string[]>();
  private current: { catalog: string; database: string };

  constructor(defaultCatalog: Catalog = new MemoryCatalog(DEFAULT_CATALOG)) {
    this.catalogs.set(defaultCatalog.name, defaultCatalog);
    this.current = { catalog: defaultCatalog.name, database: defaultCatalog.defaultDatabase };
    this.factories.set('memory', (name, options) => new MemoryCatalog(name, options));
  }

  get currentCatalog(): string {
    return this.current.catalog;
  }
  get currentDatabase(): string {
    return this.current.database;
  }

  registerCatalogFactory(type: string, factory: CatalogFactory): void {
    this.factories.set(type, factory);
  }

  registerCatalog(catalog: Catalog): void {
    if (this.catalogs.has(catalog.name)) throw new CatalogError(`Catalog ${catalog.name} already exists.`);
    this.catalogs.set(catalog.name, catalog);
  }

  getCatalog(name: string): Catalog | undefined {
    return this.catalogs.get(name);
  }

  /** The catalog the current session points at. */
  currentCatalogObject(): Catalog {
    return this.catalogs.get(this.current.catalog)!;
  }

  // ---- CatalogReader ----

  qualify(parts: readonly string[]): ObjectPath {
    const n = parts.length;
    const name = parts[n - 1] ?? '';
    const database = n >= 2 ? parts[n - 2]! : this.current.database;
    const catalog = n >= 3 ? parts[n - 3]! : this.current.catalog;
    return { catalog, database, name };
  }

  lookupTable(parts: readonly string[]): ResolvedTable | undefined {
    const path = this.qualify(parts);
    const temp = this.temporaryTables.get(keyOf(path));
    if (temp) return { path, table: temp.table, temporary: true };
    const table = this.permanentTable(path);
    return table ? { path, table, temporary: false } : undefined;
  }

  private permanentTable(path: ObjectPath): CatalogBaseTable | undefined {
    const catalog = this.catalogs.get(path.catalog);
    if (!catalog) return undefined;
    if (catalog.sync) return catalog.sync.table(path.database, path.name);
    return this.fetched.get(keyOf(path)) ?? undefined;
  }

  lookupFunction(parts: readonly string[]): { path: ObjectPath; fn: CatalogFunction } | undefined {
    const path = this.qualify(parts);
    const temp = this.temporaryFunctions.get(keyOf(path));
    if (temp) return temp;
    const fn = this.catalogs.get(path.catalog)?.sync?.fn(path.database, path.name);
    return fn ? { path, fn } : undefined;
  }

  hasCatalog(name: string): boolean {
    return this.catalogs.has(name);
  }

  hasDatabase(catalog: string, database: string): boolean {
    const c = this.catalogs.get(catalog);
    if (!c) return false;
    if (c.sync) return c.sync.hasDatabase(database);
    return this.fetchedDatabases.get(catalog)?.includes(database) ?? true;
  }

  tableNamesIn(catalog: string, database: string): readonly string[] {
    const names = new Set<string>();
    for (const { path } of this.temporaryTables.values()) {
      if (path.catalog === catalog && path.database === database) names.add(path.name);
    }
    const c = this.catalogs.get(catalog);
    const permanent = c?.sync
      ? c.sync.tableNames(database)
      : (this.fetchedListings.get(dbKeyOf(catalog, database)) ?? []);
    for (const n of permanent) names.add(n);
    return [...names];
  }

  catalogNames(): readonly string[] {
    return [...this.catalogs.keys()];
  }

  databaseNames(catalog: string): readonly string[] {
    const c = this.catalogs.get(catalog);
    if (!c) return [];
    return c.sync ? c.sync.databaseNames() : (this.fetchedDatabases.get(catalog) ?? []);
  }

  temporaryTableNames(catalog: string, database: string): readonly string[] {
    return [...this.temporaryTables.values()]
      .filter(({ path }) => path.catalog === catalog && path.database === database)
      .map(({ path }) => path.name);
  }

  // ---- prefetching ----

  /**
   * Fetches the named objects (1–3 part names, as written) from catalogs that have no synchronous
   * face, with their databases' listings for "did you mean" hints. `referencesOf` names the objects
   * a fetched view refers to, so views are prefetched transitively.
   */
  async prefetch(
    names: readonly (readonly string[])[],
    referencesOf?: (view: CatalogView) => readonly (readonly string[])[],
  ): Promise<void> {
    const pending = names.map((n) => this.qualify(n));
    const seen = new Set<string>();
    while (pending.length > 0) {
      const path = pending.pop()!;
      const key = keyOf(path);
      if (seen.has(key)) continue;
      seen.add(key);
      const catalog = this.catalogs.get(path.catalog);
      if (!catalog || this.temporaryTables.has(key)) continue;
      let table: CatalogBaseTable | undefined;
      if (catalog.sync) {
        table = catalog.sync.table(path.database, path.name);
      } else {
        const dbKey = dbKeyOf(path.catalog, path.database);
        const databases = this.fetchedDatabases.get(path.catalog) ?? (await catalog.listDatabases());
        this.fetchedDatabases.set(path.catalog, databases);
        if (!databases.includes(path.database)) continue;
        const [fetched, listing] = await Promise.all([
          catalog.getTable(path.database, path.name),
          this.fetchedListings.get(dbKey) ?? catalog.listTables(path.database),
        ]);
        table = fetched;
        this.fetched.set(key, fetched ?? null);
        this.fetchedListings.set(dbKey, listing);
      }
      if (table?.kind === 'view' && referencesOf) {
        // a view's names resolve against the catalog and database it was created in
        for (const ref of referencesOf(table)) {
          const parts =
            ref.length >= 3 ? ref : [path.catalog, ...(ref.length === 2 ? ref : [path.database, ...ref])];
          pending.push(this.qualify(parts));
        }
      }
    }
  }

  /**
   * Fetches, fresh, what SHOW DATABASES / TABLES / VIEWS list from an asynchronous catalog: its
   * databases and the table listing of `database` (a Kafka cluster's topics change behind our back).
   */
  async prefetchListing(catalogName: string, database?: string): Promise<void> {
    const catalog = this.catalogs.get(catalogName);
    if (catalog === undefined || catalog.sync) return;
    const databases = await catalog.listDatabases();
    this.fetchedDatabases.set(catalogName, databases);
    if (database !== undefined && databases.includes(database)) {
      this.fetchedListings.set(dbKeyOf(catalogName, database), await catalog.listTables(database));
    }
  }

  /** Forgets prefetched objects (after DDL through another session, for instance). */
  invalidate(): void {
    this.fetched.clear();
    this.fetchedListings.clear();
    this.fetchedDatabases.clear();
  }

  // ---- applying catalog actions ----

  private catalogOrThrow(name: string): Catalog {
    const c = this.catalogs.get(name);
    if (!c) throw new CatalogError(`Catalog ${name} does not exist.`);
    return c;
  }

  async apply(action: CatalogAction): Promise<void> {
    switch (action.kind) {
      case 'CreateTable':
      case 'CreateView': {
        const { path, temporary } = action;
        const object: CatalogBaseTable = action.kind === 'CreateTable' ? action.table : action.view;
        const orReplace = action.kind === 'CreateTable' && action.orReplace;
        if (temporary) {
          const key = keyOf(path);
          if (this.temporaryTables.has(key) && !orReplace) {
            if (action.ignoreIfExists) return;
            throw new CatalogError(`Temporary table '${formatObjectPath(path)}' already exists`);
          }
          this.temporaryTables.set(key, { path, table: object });
          return;
        }
        const catalog = this.catalogOrThrow(path.catalog);
        if (orReplace && (await catalog.getTable(path.database, path.name))) {
          await catalog.dropTable(path.database, path.name, true);
        }
        if (object.kind === 'table')
          await catalog.createTable(path.database, path.name, object, action.ignoreIfExists);
        else await catalog.createView(path.database, path.name, object, action.ignoreIfExists);
        this.fetched.delete(keyOf(path));
        this.fetchedListings.delete(dbKeyOf(path.catalog, path.database));
        return;
      }
      case 'AlterTable': {
        const key = keyOf(action.path);
        const temp = this.temporaryTables.get(key);
        if (temp) {
          this.temporaryTables.set(key, { path: action.path, table: action.table });
          return;
        }
        await this.catalogOrThrow(action.path.catalog).alterTable(
          action.path.database,
          action.path.name,
          action.table,
        );
        this.fetched.delete(key);
        return;
      }
      case 'RenameTable': {
        const key = keyOf(action.path);
        const temp = this.temporaryTables.get(key);
        if (temp) {
          const newPath = { ...action.path, name: action.newName };
          if (this.temporaryTables.has(keyOf(newPath))) throw tableAlreadyExists(newPath);
          this.temporaryTables.delete(key);
          this.temporaryTables.set(keyOf(newPath), { path: newPath, table: temp.table });
          return;
        }
        await this.catalogOrThrow(action.path.catalog).renameTable(
          action.path.database,
          action.path.name,
          action.newName,
        );
        this.invalidate();
        return;
      }
      case 'DropTable': {
        const key = keyOf(action.path);
        if (action.temporary) {
          if (!this.temporaryTables.delete(key) && !action.ignoreIfNotExists) {
            throw new CatalogError(
              `Temporary ${action.objectType.toLowerCase()} with identifier '${formatObjectPath(action.path)}' does not exist.`,
            );
          }
          return;
        }
        const catalog = this.catalogOrThrow(action.path.catalog);
        const existing = await catalog.getTable(action.path.database, action.path.name);
        if (!existing) {
          if (action.ignoreIfNotExists) return;
          throw tableNotExist(action.path);
        }
        const expected = action.objectType === 'VIEW' ? 'view' : 'table';
        if (existing.kind !== expected) {
          throw new CatalogError(
            action.objectType === 'VIEW'
              ? `View with identifier '${formatObjectPath(action.path)}' does not exist. Use DROP TABLE to drop a table.`
              : `Table with identifier '${formatObjectPath(action.path)}' does not exist. Use DROP VIEW to drop a view.`,
          );
        }
        await catalog.dropTable(action.path.database, action.path.name, action.ignoreIfNotExists);
        this.fetched.delete(key);
        this.fetchedListings.delete(dbKeyOf(action.path.catalog, action.path.database));
        return;
      }
      case 'CreateDatabase':
        await this.catalogOrThrow(action.catalog).createDatabase(
          action.database,
          action.meta,
          action.ignoreIfExists,
        );
        this.fetchedDatabases.delete(action.catalog);
        return;
      case 'AlterDatabase': {
        const catalog = this.catalogOrThrow(action.catalog);
        const meta = await catalog.getDatabase(action.database);
        if (!meta) throw databaseNotExist(action.catalog, action.database);
        await catalog.alterDatabase(action.database, {
          ...meta,
          options: { ...meta.options, ...action.options },
        });
        return;
      }
      case 'DropDatabase':
        if (action.catalog === this.current.catalog && action.database === this.current.database) {
          throw new CatalogError(`Cannot drop a database which is currently in use.`);
        }
        await this.catalogOrThrow(action.catalog).dropDatabase(
          action.database,
          action.ignoreIfNotExists,
          action.cascade,
        );
        this.invalidate();
        return;
      case 'CreateCatalog': {
        if (this.catalogs.has(action.name)) {
          if (action.ignoreIfExists) return;
          throw new CatalogError(`Catalog ${action.name} already exists.`);
        }
        const type = action.options['type'];
        if (type === undefined) {
          throw new CatalogError(
            `Catalog options do not contain an option key 'type' for catalog ${action.name}.`,
          );
        }
        const factory = this.factories.get(type);
        if (!factory) {
          throw new CatalogError(
            `Could not find any factory for identifier '${type}' that implements a catalog. Available factory identifiers are: ${[...this.factories.keys()].sort().join(', ')}`,
          );
        }
        this.catalogs.set(action.name, factory(action.name, action.options));
        return;
      }
      case 'DropCatalog':
        if (!this.catalogs.has(action.name)) {
          if (action.ignoreIfNotExists) return;
          throw new CatalogError(`Catalog ${action.name} does not exist.`);
        }
        if (action.name === this.current.catalog)
          throw new CatalogError('Cannot drop a catalog which is currently in use.');
        this.catalogs.delete(action.name);
        return;
      case 'UseCatalog': {
        const catalog = this.catalogOrThrow(action.name);
        this.current = { catalog: action.name, database: catalog.defaultDatabase };
        return;
      }
      case 'UseDatabase': {
        const catalog = this.catalogOrThrow(action.catalog);
        const databases = catalog.sync ? catalog.sync.databaseNames() : await catalog.listDatabases();
        if (!databases.includes(action.database)) throw databaseNotExist(action.catalog, action.database);
        this.current = { catalog: action.catalog, database: action.database };
        return;
      }
      case 'CreateFunction': {
        const key = keyOf(action.path);
        if (action.temporary) {
          if (this.temporaryFunctions.has(key)) {
            if (action.ignoreIfExists) return;
            throw new CatalogError(`Temporary function '${formatObjectPath(action.path)}' already exists`);
          }
          this.temporaryFunctions.set(key, { path: action.path, fn: action.fn });
          return;
        }
        await this.catalogOrThrow(action.path.catalog).createFunction(
          action.path.database,
          action.path.name,
          action.fn,
          action.ignoreIfExists,
        );
        return;
      }
      case 'AlterFunction': {
        const key = keyOf(action.path);
        if (action.temporary) {
          if (!this.temporaryFunctions.has(key)) {
            if (action.ignoreIfNotExists) return;
            throw new CatalogError(`Temporary function '${formatObjectPath(action.path)}' does not exist`);
          }
          this.temporaryFunctions.set(key, { path: action.path, fn: action.fn });
          return;
        }
        const catalog = this.catalogOrThrow(action.path.catalog);
        if (!(await catalog.getFunction(action.path.database, action.path.name))) {
          if (action.ignoreIfNotExists) return;
          throw new CatalogError(
            `Function ${action.path.database}.${action.path.name} does not exist in Catalog ${action.path.catalog}.`,
          );
        }
        await catalog.dropFunction(action.path.database, action.path.name, false);
        await catalog.createFunction(action.path.database, action.path.name, action.fn, false);
        return;
      }
      case 'DropFunction':
        if (action.temporary) {
          if (!this.temporaryFunctions.delete(keyOf(action.path)) && !action.ignoreIfNotExists) {
            throw new CatalogError(`Temporary function '${formatObjectPath(action.path)}' does not exist`);
          }
          return;
        }
        await this.catalogOrThrow(action.path.catalog).dropFunction(
          action.path.database,
          action.path.name,
          action.ignoreIfNotExists,
        );
        return;
    }
  }
}
