/**
 * The model of catalog objects and the two faces of a catalog.
 *
 * A `Catalog` is asynchronous: the engine's real catalogs live behind Kafka topics and a Schema
 * Registry. Binding must be synchronous and fast, so the binder only ever talks to a
 * `CatalogReader`, which answers from memory (an in-memory catalog, or objects the CatalogManager
 * prefetched before binding).
 */

import type { LogicalType } from '../expr/types.ts';
import type { DistributionDef, Expr, Query } from '../sql/ast.ts';

export const DEFAULT_CATALOG = 'default_catalog';
export const DEFAULT_DATABASE = 'default_database';

/** A fully qualified object name: catalog, database, object. */
export interface ObjectPath {
  readonly catalog: string;
  readonly database: string;
  readonly name: string;
}

/** `cat.db.obj` with backticks where a part is not a plain identifier, as Flink prints paths. */
export function formatObjectPath(path: ObjectPath): string {
  return [path.catalog, path.database, path.name].map(quoteIfNeeded).join('.');
}

function quoteIfNeeded(part: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(part) ? part : '`' + part.replace(/`/g, '``') + '`';
}

interface ColumnBase {
  readonly name: string;
  readonly type: LogicalType;
  readonly comment?: string;
}

export interface PhysicalCatalogColumn extends ColumnBase {
  readonly kind: 'physical';
}

/** `name AS expr`: the expression binds against the physical and metadata columns. */
export interface ComputedCatalogColumn extends ColumnBase {
  readonly kind: 'computed';
  readonly expr: Expr;
  /** The expression's SQL text, as SHOW CREATE TABLE prints it. */
  readonly exprText: string;
}

/** `name TYPE METADATA [FROM 'key'] [VIRTUAL]`; `key` absent means the column name is the key. */
export interface MetadataCatalogColumn extends ColumnBase {
  readonly kind: 'metadata';
  readonly key?: string;
  /** Virtual columns are read-only: they are skipped when the table is a sink. */
  readonly virtual: boolean;
}

export type CatalogColumn = PhysicalCatalogColumn | ComputedCatalogColumn | MetadataCatalogColumn;

export interface WatermarkSpec {
  readonly rowtimeColumn: string;
  readonly expr: Expr;
  readonly exprText: string;
}

export interface PrimaryKeySpec {
  readonly name: string;
  readonly columns: readonly string[];
}

export interface DistributionSpec {
  readonly algorithm?: DistributionDef['algorithm'];
  readonly columns: readonly string[];
  readonly buckets?: number;
}

/** A table with a resolved schema: every column has its logical type. */
export interface CatalogTable {
  readonly kind: 'table';
  readonly columns: readonly CatalogColumn[];
  readonly watermark?: WatermarkSpec;
  readonly primaryKey?: PrimaryKeySpec;
  readonly partitionKeys: readonly string[];
  readonly distribution?: DistributionSpec;
  readonly options: Readonly<Record<string, string>>;
  readonly comment?: string;
}

export interface ViewColumn {
  readonly name: string;
  readonly type: LogicalType;
}

/** A view keeps its query; the binder expands it where it is referenced. */
export interface CatalogView {
  readonly kind: 'view';
  readonly query: Query;
  readonly queryText: string;
  readonly columns: readonly ViewColumn[];
  readonly comment?: string;
}

export type CatalogBaseTable = CatalogTable | CatalogView;

export interface CatalogFunction {
  readonly kind: 'function';
  readonly className: string;
  readonly language: 'JAVA' | 'SCALA' | 'PYTHON';
  readonly jars: readonly string[];
}

export interface CatalogDatabase {
  readonly comment?: string;
  readonly options: Readonly<Record<string, string>>;
}

/** An object the reader found, with the path it was found under. */
export interface ResolvedTable {
  readonly path: ObjectPath;
  readonly table: CatalogBaseTable;
  readonly temporary: boolean;
}

/** A catalog as the engine stores it: asynchronous, possibly remote. */
export interface Catalog {
  readonly name: string;
  /** What CREATE CATALOG created it with (`type` included); SHOW CREATE CATALOG prints these. */
  readonly options: Readonly<Record<string, string>>;
  readonly defaultDatabase: string;

  listDatabases(): Promise<readonly string[]>;
  getDatabase(name: string): Promise<CatalogDatabase | undefined>;
  createDatabase(name: string, database: CatalogDatabase, ignoreIfExists: boolean): Promise<void>;
  alterDatabase(name: string, database: CatalogDatabase): Promise<void>;
  dropDatabase(name: string, ignoreIfNotExists: boolean, cascade: boolean): Promise<void>;

  /** Tables and views of a database. */
  listTables(database: string): Promise<readonly string[]>;
  listViews(database: string): Promise<readonly string[]>;
  getTable(database: string, name: string): Promise<CatalogBaseTable | undefined>;
  createTable(database: string, name: string, table: CatalogTable, ignoreIfExists: boolean): Promise<void>;
  createView(database: string, name: string, view: CatalogView, ignoreIfExists: boolean): Promise<void>;
  /** Replaces a table or view with a new definition of the same kind. */
  alterTable(database: string, name: string, table: CatalogBaseTable): Promise<void>;
  renameTable(database: string, name: string, newName: string): Promise<void>;
  dropTable(database: string, name: string, ignoreIfNotExists: boolean): Promise<void>;

  listFunctions(database: string): Promise<readonly string[]>;
  getFunction(database: string, name: string): Promise<CatalogFunction | undefined>;
  createFunction(database: string, name: string, fn: CatalogFunction, ignoreIfExists: boolean): Promise<void>;
  dropFunction(database: string, name: string, ignoreIfNotExists: boolean): Promise<void>;

  /** A synchronous face, for catalogs that hold everything in memory; others are prefetched. */
  readonly sync?: SyncCatalogView;
}

/** The synchronous lookups a catalog can answer without I/O. */
export interface SyncCatalogView {
  databaseNames(): readonly string[];
  hasDatabase(name: string): boolean;
  tableNames(database: string): readonly string[];
  table(database: string, name: string): CatalogBaseTable | undefined;
  functionNames(database: string): readonly string[];
  fn(database: string, name: string): CatalogFunction | undefined;
}

/**
 * What the binder reads: synchronous lookups against the session's catalogs. Names are matched
 * exactly (Flink is case-sensitive for object names).
 */
export interface CatalogReader {
  readonly currentCatalog: string;
  readonly currentDatabase: string;
  /** Resolves a 1–3 part name against the current catalog and database; temporary objects first. */
  lookupTable(parts: readonly string[]): ResolvedTable | undefined;
  /** The qualified path a 1–3 part name stands for, whether or not the object exists. */
  qualify(parts: readonly string[]): ObjectPath;
  lookupFunction(parts: readonly string[]): { path: ObjectPath; fn: CatalogFunction } | undefined;
  hasCatalog(name: string): boolean;
  hasDatabase(catalog: string, database: string): boolean;
  /** Names visible in a database (tables, views, temporary objects), for "did you mean" hints. */
  tableNamesIn(catalog: string, database: string): readonly string[];
  catalogNames(): readonly string[];
  databaseNames(catalog: string): readonly string[];
}

/** A failure of a catalog operation (the object exists, or does not), in Flink's wording. */
export class CatalogError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'CatalogError';
  }
}

export const tableAlreadyExists = (path: ObjectPath): CatalogError =>
  new CatalogError(
    `Table (or view) ${path.database}.${path.name} already exists in Catalog ${path.catalog}.`,
  );
export const tableNotExist = (path: ObjectPath): CatalogError =>
  new CatalogError(
    `Table (or view) ${path.database}.${path.name} does not exist in Catalog ${path.catalog}.`,
  );
export const databaseNotExist = (catalog: string, database: string): CatalogError =>
  new CatalogError(`Database ${database} does not exist in Catalog ${catalog}.`);
export const databaseAlreadyExists = (catalog: string, database: string): CatalogError =>
  new CatalogError(`Database ${database} already exists in Catalog ${catalog}.`);

/** The column names of a table or view, in order. */
export function columnNamesOf(table: CatalogBaseTable): readonly string[] {
  return table.columns.map((c) => c.name);
}
