/** The syntax tree (see ../ast.ts): utility statements, DML, and the unions of every statement and every node. */
import type {
  AlterCatalog,
  AlterDatabase,
  AlterFunction,
  AlterTable,
  AlterTableAction,
  AlterView,
  ColumnDef,
  ColumnPosition,
  CreateCatalog,
  CreateDatabase,
  CreateFunction,
  CreateTable,
  CreateView,
  DistributionDef,
  DropObject,
  JarStatement,
  LikeClause,
  LikeOption,
  PartitionSpec,
  PrimaryKeyDef,
  SchemaColumnChange,
  TruncateTable,
  UseCatalog,
  UseDatabase,
  UseModules,
  WatermarkDef,
} from './ddl.ts';
import type { Expr, JsonBehavior, JsonKeyValue, WhenClause } from './expressions.ts';
import type { DataType, Identifier, IntervalQualifier, QualifiedName, RowTypeField } from './names-types.ts';
import type {
  AfterMatchSkip,
  CommonTableExpr,
  Cube,
  FrameBound,
  GroupingList,
  GroupingSets,
  Hint,
  JoinOn,
  JoinUsing,
  MeasureDef,
  NamedWindow,
  OrderItem,
  PatternDefinition,
  PatternTerm,
  Property,
  Query,
  QueryBody,
  Rollup,
  SelectItem,
  SubsetDef,
  SystemTimeClause,
  TableAlias,
  TableRef,
  WindowFrame,
  WindowSpec,
} from './queries.ts';
import type { NodeBase } from './span.ts';

// ---------------------------------------------------------------------------------------------------
// Utility statements
// ---------------------------------------------------------------------------------------------------

export interface LikePattern extends NodeBase {
  readonly kind: 'LikePattern';
  readonly pattern: string;
  readonly negated: boolean;
  readonly caseInsensitive: boolean;
}

export interface Show extends NodeBase {
  readonly kind: 'Show';
  readonly what:
    | 'CATALOGS'
    | 'DATABASES'
    | 'TABLES'
    | 'VIEWS'
    | 'FUNCTIONS'
    | 'USER FUNCTIONS'
    | 'JOBS'
    | 'MODULES'
    | 'FULL MODULES'
    | 'CURRENT CATALOG'
    | 'CURRENT DATABASE'
    | 'COLUMNS'
    | 'PARTITIONS'
    | 'JARS';
  /** `FROM|IN db` for TABLES/VIEWS/FUNCTIONS/DATABASES, the table for COLUMNS/PARTITIONS. */
  readonly from?: QualifiedName;
  /** `SHOW PARTITIONS t PARTITION (k = v)`: the partial partition spec. */
  readonly partition?: readonly PartitionSpecEntry[];
  readonly like?: LikePattern;
}

export interface ShowCreate extends NodeBase {
  readonly kind: 'ShowCreate';
  readonly objectType: 'TABLE' | 'VIEW' | 'CATALOG';
  readonly name: QualifiedName;
}

/** DESCRIBE and DESC. */
export interface Describe extends NodeBase {
  readonly kind: 'Describe';
  /** `DESCRIBE CATALOG [EXTENDED] c` rather than a table or view. */
  readonly catalog?: boolean;
  readonly name: QualifiedName;
  readonly extended: boolean;
}

/** `SET` lists the session properties; `SET 'k' = 'v'` sets one. */
export interface SetStatement extends NodeBase {
  readonly kind: 'SetStatement';
  readonly property?: Property;
}

export interface ResetStatement extends NodeBase {
  readonly kind: 'ResetStatement';
  readonly key?: string;
}

/** `ANALYZE` is Tributary's `EXPLAIN ANALYZE`: run the (bounded) statement and report per-operator statistics. */
export type ExplainDetail =
  | 'ANALYZE'
  | 'CHANGELOG_MODE'
  | 'ESTIMATED_COST'
  | 'JSON_EXECUTION_PLAN'
  | 'PLAN_ADVICE';

export interface Explain extends NodeBase {
  readonly kind: 'Explain';
  readonly details: readonly ExplainDetail[];
  /** `EXPLAIN PLAN FOR ...` (the older spelling). */
  readonly planFor: boolean;
  readonly statement: QueryStatement | Insert | StatementSet | CreateTable;
}

export interface StopJob extends NodeBase {
  readonly kind: 'StopJob';
  readonly jobId: string;
  readonly withSavepoint: boolean;
  readonly withDrain: boolean;
}

export interface LoadModule extends NodeBase {
  readonly kind: 'LoadModule';
  readonly name: Identifier;
  readonly options: readonly Property[];
}

export interface UnloadModule extends NodeBase {
  readonly kind: 'UnloadModule';
  readonly name: Identifier;
}

// ---------------------------------------------------------------------------------------------------
// DML
// ---------------------------------------------------------------------------------------------------

/** A static partition spec entry: `PARTITION (dt = '2024-01-01', hr = 10)`. */
export interface PartitionSpecEntry extends NodeBase {
  readonly kind: 'PartitionSpecEntry';
  readonly column: Identifier;
  readonly value: Expr;
}

export interface Insert extends NodeBase {
  readonly kind: 'Insert';
  readonly target: QualifiedName;
  readonly hints: readonly Hint[];
  readonly overwrite: boolean;
  readonly partition: readonly PartitionSpecEntry[];
  readonly columns: readonly Identifier[];
  readonly query: Query;
}

/** `EXECUTE STATEMENT SET BEGIN ...; END` or the SQL-client form `BEGIN STATEMENT SET; ...; END`. */
export interface StatementSet extends NodeBase {
  readonly kind: 'StatementSet';
  readonly syntax: 'EXECUTE' | 'BEGIN';
  readonly statements: readonly Insert[];
}

/** `EXECUTE INSERT INTO ...` / `EXECUTE SELECT ...`. */
export interface ExecuteStatement extends NodeBase {
  readonly kind: 'ExecuteStatement';
  readonly statement: Insert | QueryStatement;
}

export interface QueryStatement extends NodeBase {
  readonly kind: 'QueryStatement';
  readonly query: Query;
}

export type Statement =
  | AlterFunction
  | AlterCatalog
  | TruncateTable
  | UseModules
  | JarStatement
  | CreateTable
  | CreateView
  | DropObject
  | AlterTable
  | AlterView
  | AlterDatabase
  | CreateCatalog
  | CreateDatabase
  | CreateFunction
  | UseCatalog
  | UseDatabase
  | Show
  | ShowCreate
  | Describe
  | SetStatement
  | ResetStatement
  | Explain
  | StopJob
  | LoadModule
  | UnloadModule
  | Insert
  | StatementSet
  | ExecuteStatement
  | QueryStatement;

/** Every node kind in the tree, for visitors. */
export type Node =
  | Statement
  | Expr
  | DataType
  | TableRef
  | QueryBody
  | Identifier
  | QualifiedName
  | IntervalQualifier
  | RowTypeField
  | WhenClause
  | JsonBehavior
  | JsonKeyValue
  | OrderItem
  | FrameBound
  | WindowFrame
  | WindowSpec
  | NamedWindow
  | Property
  | Hint
  | SelectItem
  | GroupingList
  | GroupingSets
  | Rollup
  | Cube
  | TableAlias
  | SystemTimeClause
  | JoinOn
  | JoinUsing
  | PatternTerm
  | MeasureDef
  | PatternDefinition
  | SubsetDef
  | AfterMatchSkip
  | CommonTableExpr
  | ColumnDef
  | WatermarkDef
  | PrimaryKeyDef
  | DistributionDef
  | LikeOption
  | LikeClause
  | ColumnPosition
  | SchemaColumnChange
  | AlterTableAction
  | LikePattern
  | PartitionSpec
  | PartitionSpecEntry;
