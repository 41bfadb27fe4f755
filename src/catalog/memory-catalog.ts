/**
 * An in-memory catalog with both faces: the async `Catalog` methods and a synchronous view the
 * binder reads directly. Used by tests, `tributary check` and the embedded runner.
 */
import {
  type Catalog,
  type CatalogBaseTable,
  type CatalogDatabase,
  CatalogError,
  type CatalogFunction,
  type CatalogTable,
  type CatalogView,
  DEFAULT_DATABASE,
  databaseAlreadyExists,
  databaseNotExist,
  type SyncCatalogView,
  tableAlreadyExists,
  tableNotExist,
} from './catalog.ts';

interface DatabaseEntry {
  meta: CatalogDatabase;
  readonly tables: Map<string, CatalogBaseTable>;
  readonly functions: Map<string, CatalogFunction>;
}

export class MemoryCatalog implements Catalog {
  readonly name: string;
  readonly options: Readonly<Record<string, string>>;
  readonly defaultDatabase: string;
  private readonly databases = new Map<string, DatabaseEntry>();
  readonly sync: SyncCatalogView;

  constructor(name: string, options: Readonly<Record<string, string>> = { type: 'memory' }) {
    this.name = name;
    this.options = options;
    this.defaultDatabase = options['default-database'] ?? DEFAULT_DATABASE;
    this.databases.set(this.defaultDatabase, {
      meta: { options: {} },
      tables: new Map(),
      functions: new Map(),
    });
    this.sync = {
      databaseNames: () => [...this.databases.keys()],
      hasDatabase: (db) => this.databases.has(db),
      tableNames: (db) => [...(this.databases.get(db)?.tables.keys() ?? [])],
      table: (db, name) => this.databases.get(db)?.tables.get(name),
      functionNames: (db) => [...(this.databases.get(db)?.functions.keys() ?? [])],
      fn: (db, name) => this.databases.get(db)?.functions.get(name),
    };
  }

  private db(name: string): DatabaseEntry {
    const entry = this.databases.get(name);
    if (!entry) throw databaseNotExist(this.name, name);
    return entry;
  }

  private path(database: string, name: string) {
    return { catalog: this.name, database, name };
  }

  // ---- synchronous mutations (the async methods wrap these) ----

  createDatabaseSync(name: string, database: CatalogDatabase, ignoreIfExists: boolean): void {
    if (this.databases.has(name)) {
      if (ignoreIfExists) return;
      throw databaseAlreadyExists(this.name, name);
    }
    this.databases.set(name, { meta: database, tables: new Map(), functions: new Map() });
  }

  dropDatabaseSync(name: string, ignoreIfNotExists: boolean, cascade: boolean): void {
    const entry = this.databases.get(name);
    if (!entry) {
      if (ignoreIfNotExists) return;
      throw databaseNotExist(this.name, name);
    }
    if (!cascade && (entry.tables.size > 0 || entry.functions.size > 0)) {
      throw new CatalogError(`Database ${name} in catalog ${this.name} is not empty.`);
    }
    if (name === this.defaultDatabase) {
      throw new CatalogError(`Cannot drop the default database ${name} of catalog ${this.name}.`);
    }
    this.databases.delete(name);
  }

  createTableSync(database: string, name: string, table: CatalogBaseTable, ignoreIfExists: boolean): void {
    const entry = this.db(database);
    if (entry.tables.has(name)) {
      if (ignoreIfExists) return;
      throw tableAlreadyExists(this.path(database, name));
    }
    entry.tables.set(name, table);
  }

  alterTableSync(database: string, name: string, table: CatalogBaseTable): void {
    const entry = this.db(database);
    const existing = entry.tables.get(name);
    if (!existing) throw tableNotExist(this.path(database, name));
    if (existing.kind !== table.kind) {
      throw new CatalogError(
        `Cannot alter ${existing.kind} ${database}.${name} into a ${table.kind} in Catalog ${this.name}.`,
      );
    }
    entry.tables.set(name, table);
  }

  renameTableSync(database: string, name: string, newName: string): void {
    const entry = this.db(database);
    const existing = entry.tables.get(name);
    if (!existing) throw tableNotExist(this.path(database, name));
    if (entry.tables.has(newName)) throw tableAlreadyExists(this.path(database, newName));
    entry.tables.delete(name);
    entry.tables.set(newName, existing);
  }

  dropTableSync(database: string, name: string, ignoreIfNotExists: boolean): void {
    const entry = this.databases.get(database);
    if (!entry?.tables.delete(name) && !ignoreIfNotExists) throw tableNotExist(this.path(database, name));
  }

  createFunctionSync(database: string, name: string, fn: CatalogFunction, ignoreIfExists: boolean): void {
    const entry = this.db(database);
    if (entry.functions.has(name)) {
      if (ignoreIfExists) return;
      throw new CatalogError(`Function ${database}.${name} already exists in Catalog ${this.name}.`);
    }
    entry.functions.set(name, fn);
  }

  dropFunctionSync(database: string, name: string, ignoreIfNotExists: boolean): void {
    const entry = this.databases.get(database);
    if (!entry?.functions.delete(name) && !ignoreIfNotExists) {
      throw new CatalogError(`Function ${database}.${name} does not exist in Catalog ${this.name}.`);
    }
  }

  // ---- the async Catalog face ----

  async listDatabases(): Promise<readonly string[]> {
    return this.sync.databaseNames();
  }
  async getDatabase(name: string): Promise<CatalogDatabase | undefined> {
    return this.databases.get(name)?.meta;
  }
  async createDatabase(name: string, database: CatalogDatabase, ignoreIfExists: boolean): Promise<void> {
    this.createDatabaseSync(name, database, ignoreIfExists);
  }
  async alterDatabase(name: string, database: CatalogDatabase): Promise<void> {
    this.db(name).meta = database;
  }
  async dropDatabase(name: string, ignoreIfNotExists: boolean, cascade: boolean): Promise<void> {
    this.dropDatabaseSync(name, ignoreIfNotExists, cascade);
  }
  async listTables(database: string): Promise<readonly string[]> {
    return [...this.db(database).tables.keys()];
  }
  async listViews(database: string): Promise<readonly string[]> {
    return [...this.db(database).tables].filter(([, t]) => t.kind === 'view').map(([n]) => n);
  }
  async getTable(database: string, name: string): Promise<CatalogBaseTable | undefined> {
    return this.sync.table(database, name);
  }
  async createTable(
    database: string,
    name: string,
    table: CatalogTable,
    ignoreIfExists: boolean,
  ): Promise<void> {
    this.createTableSync(database, name, table, ignoreIfExists);
  }
  async createView(
    database: string,
    name: string,
    view: CatalogView,
    ignoreIfExists: boolean,
  ): Promise<void> {
    this.createTableSync(database, name, view, ignoreIfExists);
  }
  async alterTable(database: string, name: string, table: CatalogBaseTable): Promise<void> {
    this.alterTableSync(database, name, table);
  }
  async renameTable(database: string, name: string, newName: string): Promise<void> {
    this.renameTableSync(database, name, newName);
  }
  async dropTable(database: string, name: string, ignoreIfNotExists: boolean): Promise<void> {
    this.dropTableSync(database, name, ignoreIfNotExists);
  }
  async listFunctions(database: string): Promise<readonly string[]> {
    return [...this.db(database).functions.keys()];
  }
  async getFunction(database: string, name: string): Promise<CatalogFunction | undefined> {
    return this.sync.fn(database, name);
  }
  async createFunction(
    database: string,
    name: string,
    fn: CatalogFunction,
    ignoreIfExists: boolean,
  ): Promise<void> {
    this.createFunctionSync(database, name, fn, ignoreIfExists);
  }
  async dropFunction(database: string, name: string, ignoreIfNotExists: boolean): Promise<void> {
    this.dropFunctionSync(database, name, ignoreIfNotExists);
  }
}
