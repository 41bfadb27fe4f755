/** The syntax tree (see ../ast.ts): DDL statements. */
import type { Expr } from './expressions.ts';
import type { DataType, Identifier, QualifiedName } from './names-types.ts';
import type { Property, Query } from './queries.ts';
import type { NodeBase } from './span.ts';
import type { PartitionSpecEntry } from './statements.ts';

// ---------------------------------------------------------------------------------------------------
// DDL
// ---------------------------------------------------------------------------------------------------

export interface PhysicalColumn extends NodeBase {
  readonly kind: 'PhysicalColumn';
  readonly name: Identifier;
  readonly type: DataType;
  readonly comment?: string;
  /** Column-level `PRIMARY KEY NOT ENFORCED`. */
  readonly primaryKey: boolean;
}

export interface ComputedColumn extends NodeBase {
  readonly kind: 'ComputedColumn';
  readonly name: Identifier;
  readonly expr: Expr;
  readonly comment?: string;
}

export interface MetadataColumn extends NodeBase {
  readonly kind: 'MetadataColumn';
  readonly name: Identifier;
  readonly type: DataType;
  readonly from?: string;
  readonly virtual: boolean;
  readonly comment?: string;
}

export type ColumnDef = PhysicalColumn | ComputedColumn | MetadataColumn;

export interface WatermarkDef extends NodeBase {
  readonly kind: 'WatermarkDef';
  readonly column: Identifier;
  readonly expr: Expr;
}

export interface PrimaryKeyDef extends NodeBase {
  readonly kind: 'PrimaryKeyDef';
  readonly constraintName?: Identifier;
  readonly columns: readonly Identifier[];
}

/** `DISTRIBUTED BY [HASH|RANGE](cols) [INTO n BUCKETS]` or `DISTRIBUTED INTO n BUCKETS`. */
export interface DistributionDef extends NodeBase {
  readonly kind: 'DistributionDef';
  readonly algorithm?: 'HASH' | 'RANGE';
  readonly columns: readonly Identifier[];
  readonly buckets?: number;
}

export interface LikeOption extends NodeBase {
  readonly kind: 'LikeOption';
  readonly strategy: 'INCLUDING' | 'EXCLUDING' | 'OVERWRITING';
  readonly feature:
    | 'ALL'
    | 'CONSTRAINTS'
    | 'DISTRIBUTION'
    | 'GENERATED'
    | 'METADATA'
    | 'OPTIONS'
    | 'PARTITIONS'
    | 'WATERMARKS';
}

export interface LikeClause extends NodeBase {
  readonly kind: 'LikeClause';
  readonly source: QualifiedName;
  readonly options: readonly LikeOption[];
}

export interface CreateTable extends NodeBase {
  readonly kind: 'CreateTable';
  readonly name: QualifiedName;
  readonly temporary: boolean;
  readonly orReplace: boolean;
  readonly ifNotExists: boolean;
  readonly columns: readonly ColumnDef[];
  readonly watermarks: readonly WatermarkDef[];
  readonly primaryKey?: PrimaryKeyDef;
  readonly comment?: string;
  readonly distribution?: DistributionDef;
  readonly partitionedBy: readonly Identifier[];
  readonly options: readonly Property[];
  readonly like?: LikeClause;
  /** CREATE TABLE ... AS SELECT. */
  readonly asQuery?: Query;
}

export interface CreateView extends NodeBase {
  readonly kind: 'CreateView';
  readonly name: QualifiedName;
  readonly temporary: boolean;
  readonly ifNotExists: boolean;
  readonly columns: readonly Identifier[];
  readonly comment?: string;
  readonly query: Query;
}

export interface DropObject extends NodeBase {
  readonly kind: 'DropObject';
  readonly objectType: 'TABLE' | 'VIEW' | 'DATABASE' | 'CATALOG' | 'FUNCTION';
  readonly name: QualifiedName;
  readonly temporary: boolean;
  /** DROP TEMPORARY SYSTEM FUNCTION. */
  readonly system: boolean;
  readonly ifExists: boolean;
  readonly cascade?: 'CASCADE' | 'RESTRICT';
}

/** Where `ALTER TABLE ... ADD|MODIFY col` places a column. */
export interface ColumnPosition extends NodeBase {
  readonly kind: 'ColumnPosition';
  readonly position: 'FIRST' | 'AFTER';
  readonly after?: Identifier;
}

export interface SchemaColumnChange extends NodeBase {
  readonly kind: 'SchemaColumnChange';
  readonly column: ColumnDef;
  readonly position?: ColumnPosition;
}

export type SchemaChangeItem = SchemaColumnChange | WatermarkDef | PrimaryKeyDef | DistributionDef;

/** `ALTER TABLE t ADD|MODIFY (items)` or a single item without parentheses. */
export interface AlterSchemaAction extends NodeBase {
  readonly kind: 'AlterSchemaAction';
  readonly mode: 'ADD' | 'MODIFY';
  readonly items: readonly SchemaChangeItem[];
  readonly parenthesized: boolean;
}

export interface AlterDropAction extends NodeBase {
  readonly kind: 'AlterDropAction';
  readonly what: 'COLUMNS' | 'PRIMARY KEY' | 'WATERMARK' | 'DISTRIBUTION' | 'CONSTRAINT';
  readonly names: readonly Identifier[];
}

export interface AlterRenameTable extends NodeBase {
  readonly kind: 'AlterRenameTable';
  readonly newName: QualifiedName;
}

export interface AlterRenameColumn extends NodeBase {
  readonly kind: 'AlterRenameColumn';
  readonly from: Identifier;
  readonly to: Identifier;
}

export interface AlterSetOptions extends NodeBase {
  readonly kind: 'AlterSetOptions';
  readonly options: readonly Property[];
}

export interface AlterResetOptions extends NodeBase {
  readonly kind: 'AlterResetOptions';
  readonly keys: readonly string[];
}

/** One partition of `ALTER TABLE t ADD|DROP PARTITION (k = v, ...) [WITH (...)]`. */
export interface PartitionSpec extends NodeBase {
  readonly kind: 'PartitionSpec';
  readonly entries: readonly PartitionSpecEntry[];
  readonly options: readonly Property[];
}

/** `ALTER TABLE t ADD [IF NOT EXISTS] PARTITION (...) ...` / `DROP [IF EXISTS] PARTITION (...), ...`. */
export interface AlterPartitionsAction extends NodeBase {
  readonly kind: 'AlterPartitionsAction';
  readonly mode: 'ADD' | 'DROP';
  /** IF NOT EXISTS for ADD, IF EXISTS for DROP. */
  readonly ifCondition: boolean;
  readonly partitions: readonly PartitionSpec[];
}

export type AlterTableAction =
  | AlterPartitionsAction
  | AlterSchemaAction
  | AlterDropAction
  | AlterRenameTable
  | AlterRenameColumn
  | AlterSetOptions
  | AlterResetOptions;

export interface AlterTable extends NodeBase {
  readonly kind: 'AlterTable';
  readonly name: QualifiedName;
  readonly ifExists: boolean;
  readonly action: AlterTableAction;
}

export interface AlterView extends NodeBase {
  readonly kind: 'AlterView';
  readonly name: QualifiedName;
  readonly renameTo?: QualifiedName;
  readonly query?: Query;
}

export interface AlterDatabase extends NodeBase {
  readonly kind: 'AlterDatabase';
  readonly name: QualifiedName;
  readonly options: readonly Property[];
}

export interface CreateCatalog extends NodeBase {
  readonly kind: 'CreateCatalog';
  readonly name: Identifier;
  readonly ifNotExists: boolean;
  readonly comment?: string;
  readonly options: readonly Property[];
}

export interface CreateDatabase extends NodeBase {
  readonly kind: 'CreateDatabase';
  readonly name: QualifiedName;
  readonly ifNotExists: boolean;
  readonly comment?: string;
  readonly options: readonly Property[];
}

export interface CreateFunction extends NodeBase {
  readonly kind: 'CreateFunction';
  readonly name: QualifiedName;
  readonly temporary: boolean;
  readonly system: boolean;
  readonly ifNotExists: boolean;
  readonly className: string;
  readonly language?: 'JAVA' | 'SCALA' | 'PYTHON';
  readonly jars: readonly string[];
}

/** `ALTER [TEMPORARY [SYSTEM]] FUNCTION [IF EXISTS] f AS 'class' [LANGUAGE ...]`. */
export interface AlterFunction extends NodeBase {
  readonly kind: 'AlterFunction';
  readonly name: QualifiedName;
  readonly temporary: boolean;
  readonly system: boolean;
  readonly ifExists: boolean;
  readonly className: string;
  readonly language?: 'JAVA' | 'SCALA' | 'PYTHON';
}

/** `ALTER CATALOG c SET (...)`, `RESET (...)` or `COMMENT '...'`: exactly one of the three is set. */
export interface AlterCatalog extends NodeBase {
  readonly kind: 'AlterCatalog';
  readonly name: Identifier;
  readonly set?: readonly Property[];
  readonly reset?: readonly string[];
  readonly comment?: string;
}

/** `TRUNCATE TABLE t`. */
export interface TruncateTable extends NodeBase {
  readonly kind: 'TruncateTable';
  readonly name: QualifiedName;
}

/** `USE MODULES a, b`: the enabled modules, in resolution order. */
export interface UseModules extends NodeBase {
  readonly kind: 'UseModules';
  readonly names: readonly Identifier[];
}

/** `ADD JAR 'path'` / `REMOVE JAR 'path'`. */
export interface JarStatement extends NodeBase {
  readonly kind: 'JarStatement';
  readonly action: 'ADD' | 'REMOVE';
  readonly path: string;
}

export interface UseCatalog extends NodeBase {
  readonly kind: 'UseCatalog';
  readonly name: Identifier;
}

/** `USE db` or `USE cat.db`. */
export interface UseDatabase extends NodeBase {
  readonly kind: 'UseDatabase';
  readonly name: QualifiedName;
}
