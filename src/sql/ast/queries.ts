/** The syntax tree (see ../ast.ts): window specifications, ordering, hints, and queries. */
import type { Expr, FunctionCall } from './expressions.ts';
import type { Identifier, QualifiedName } from './names-types.ts';
import type { NodeBase } from './span.ts';

// ---------------------------------------------------------------------------------------------------
// Window specifications, ordering, hints
// ---------------------------------------------------------------------------------------------------

export interface OrderItem extends NodeBase {
  readonly kind: 'OrderItem';
  readonly expr: Expr;
  readonly direction?: 'ASC' | 'DESC';
  readonly nulls?: 'FIRST' | 'LAST';
}

export interface FrameBound extends NodeBase {
  readonly kind: 'FrameBound';
  readonly bound: 'UNBOUNDED PRECEDING' | 'PRECEDING' | 'CURRENT ROW' | 'FOLLOWING' | 'UNBOUNDED FOLLOWING';
  /** The `n` or `INTERVAL ...` of `n PRECEDING` / `n FOLLOWING`. */
  readonly offset?: Expr;
}

export interface WindowFrame extends NodeBase {
  readonly kind: 'WindowFrame';
  readonly unit: 'ROWS' | 'RANGE';
  readonly start: FrameBound;
  /** Absent for the short form `ROWS 2 PRECEDING`. */
  readonly end?: FrameBound;
}

/** The body of `OVER (...)` or of `WINDOW w AS (...)`. */
export interface WindowSpec extends NodeBase {
  readonly kind: 'WindowSpec';
  readonly baseWindow?: Identifier;
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly OrderItem[];
  readonly frame?: WindowFrame;
}

export interface NamedWindow extends NodeBase {
  readonly kind: 'NamedWindow';
  readonly name: Identifier;
  readonly spec: WindowSpec;
}

/** `'key' = 'value'` in WITH (...), SET, hints and PARTITION clauses. */
export interface Property extends NodeBase {
  readonly kind: 'Property';
  readonly key: string;
  readonly value: string;
}

/**
 * `/*+ OPTIONS('k'='v') *\/`, `/*+ BROADCAST(t) *\/`, `/*+ STATE_TTL('o' = '1d') *\/`: key-value hints
 * carry `options`, list hints carry `args`.
 */
export interface Hint extends NodeBase {
  readonly kind: 'Hint';
  readonly name: Identifier;
  readonly options: readonly Property[];
  readonly args: readonly Identifier[];
}

// ---------------------------------------------------------------------------------------------------
// Queries
// ---------------------------------------------------------------------------------------------------

export interface SelectExpr extends NodeBase {
  readonly kind: 'SelectExpr';
  readonly expr: Expr;
  readonly alias?: Identifier;
}

/** `*` or `t.*`. */
export interface SelectStar extends NodeBase {
  readonly kind: 'SelectStar';
  readonly qualifier: readonly Identifier[];
}

export type SelectItem = SelectExpr | SelectStar;

/** A parenthesised list inside GROUPING SETS / ROLLUP / CUBE: `(a, b)`, or `()` when empty. */
export interface GroupingList extends NodeBase {
  readonly kind: 'GroupingList';
  readonly items: readonly Expr[];
}

export interface GroupingSets extends NodeBase {
  readonly kind: 'GroupingSets';
  readonly sets: readonly GroupingElement[];
}

export interface Rollup extends NodeBase {
  readonly kind: 'Rollup';
  readonly items: readonly (Expr | GroupingList)[];
}

export interface Cube extends NodeBase {
  readonly kind: 'Cube';
  readonly items: readonly (Expr | GroupingList)[];
}

export type GroupingElement = Expr | GroupingList | GroupingSets | Rollup | Cube;

export interface TableAlias extends NodeBase {
  readonly kind: 'TableAlias';
  readonly name: Identifier;
  readonly columns: readonly Identifier[];
}

/** `FOR SYSTEM_TIME AS OF expr` on a table reference. */
export interface SystemTimeClause extends NodeBase {
  readonly kind: 'SystemTimeClause';
  readonly asOf: Expr;
}

export interface TableName extends NodeBase {
  readonly kind: 'TableName';
  readonly name: QualifiedName;
  readonly hints: readonly Hint[];
  readonly systemTime?: SystemTimeClause;
  readonly alias?: TableAlias;
}

export interface SubqueryRef extends NodeBase {
  readonly kind: 'SubqueryRef';
  readonly query: Query;
  readonly lateral: boolean;
  readonly alias?: TableAlias;
}

/**
 * `TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), INTERVAL '1' MINUTE))`, `LATERAL TABLE(split(s))`: a call
 * of a table-valued function. Window TVFs are recognised by name in the binder.
 */
export interface TableFunctionRef extends NodeBase {
  readonly kind: 'TableFunctionRef';
  readonly call: FunctionCall;
  readonly lateral: boolean;
  readonly alias?: TableAlias;
}

export interface UnnestRef extends NodeBase {
  readonly kind: 'UnnestRef';
  readonly items: readonly Expr[];
  readonly withOrdinality: boolean;
  readonly alias?: TableAlias;
}

export type JoinType = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'CROSS';

export interface JoinOn extends NodeBase {
  readonly kind: 'JoinOn';
  readonly condition: Expr;
}

export interface JoinUsing extends NodeBase {
  readonly kind: 'JoinUsing';
  readonly columns: readonly Identifier[];
}

/** Every join form; a comma in FROM is a CROSS join with `comma` set. */
export interface JoinRef extends NodeBase {
  readonly kind: 'JoinRef';
  readonly joinType: JoinType;
  readonly natural: boolean;
  readonly comma: boolean;
  /** Whether OUTER was written (LEFT OUTER JOIN): kept so the formatter can round-trip spellings. */
  readonly outer: boolean;
  readonly left: TableRef;
  readonly right: TableRef;
  readonly condition?: JoinOn | JoinUsing;
}

export interface PatternVariable extends NodeBase {
  readonly kind: 'PatternVariable';
  readonly name: Identifier;
}

export interface PatternConcat extends NodeBase {
  readonly kind: 'PatternConcat';
  readonly items: readonly PatternTerm[];
}

export interface PatternAlternation extends NodeBase {
  readonly kind: 'PatternAlternation';
  readonly items: readonly PatternTerm[];
}

/** `A*`, `A+?`, `A{2,4}`: `max` absent means unbounded. */
export interface PatternQuantified extends NodeBase {
  readonly kind: 'PatternQuantified';
  readonly operand: PatternTerm;
  readonly min: number;
  readonly max?: number;
  readonly reluctant: boolean;
  /** How it was written, so the formatter keeps `*` rather than `{0,}`. */
  readonly syntax: '*' | '+' | '?' | 'braces';
}

/** A parenthesised sub-pattern; kept so quantifiers apply to the group as written. */
export interface PatternGroup extends NodeBase {
  readonly kind: 'PatternGroup';
  readonly pattern: PatternTerm;
}

export type PatternTerm =
  | PatternVariable
  | PatternConcat
  | PatternAlternation
  | PatternQuantified
  | PatternGroup;

export interface MeasureDef extends NodeBase {
  readonly kind: 'MeasureDef';
  readonly expr: Expr;
  readonly alias: Identifier;
}

export interface PatternDefinition extends NodeBase {
  readonly kind: 'PatternDefinition';
  readonly variable: Identifier;
  readonly condition: Expr;
}

export interface SubsetDef extends NodeBase {
  readonly kind: 'SubsetDef';
  readonly name: Identifier;
  readonly variables: readonly Identifier[];
}

export interface AfterMatchSkip extends NodeBase {
  readonly kind: 'AfterMatchSkip';
  readonly to: 'PAST LAST ROW' | 'NEXT ROW' | 'FIRST' | 'LAST' | 'VARIABLE';
  readonly variable?: Identifier;
}

export interface MatchRecognizeRef extends NodeBase {
  readonly kind: 'MatchRecognizeRef';
  readonly input: TableRef;
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly OrderItem[];
  readonly measures: readonly MeasureDef[];
  readonly rowsPerMatch: 'ONE' | 'ALL';
  readonly afterMatchSkip?: AfterMatchSkip;
  readonly pattern: PatternTerm;
  readonly within?: Expr;
  readonly subsets: readonly SubsetDef[];
  readonly define: readonly PatternDefinition[];
  readonly alias?: TableAlias;
}

export type TableRef = TableName | SubqueryRef | TableFunctionRef | UnnestRef | JoinRef | MatchRecognizeRef;

export interface SelectQuery extends NodeBase {
  readonly kind: 'SelectQuery';
  readonly hints: readonly Hint[];
  readonly quantifier?: 'ALL' | 'DISTINCT';
  readonly items: readonly SelectItem[];
  readonly from?: TableRef;
  readonly where?: Expr;
  readonly groupBy: readonly GroupingElement[];
  readonly having?: Expr;
  readonly windows: readonly NamedWindow[];
}

export interface SetOperation extends NodeBase {
  readonly kind: 'SetOperation';
  readonly op: 'UNION' | 'INTERSECT' | 'EXCEPT';
  readonly all: boolean;
  readonly left: QueryBody;
  readonly right: QueryBody;
}

/** `VALUES (1, 'a'), (2, 'b')`: each row is a RowConstructor (or a single expression). */
export interface ValuesQuery extends NodeBase {
  readonly kind: 'ValuesQuery';
  readonly rows: readonly Expr[];
}

export interface CommonTableExpr extends NodeBase {
  readonly kind: 'CommonTableExpr';
  readonly name: Identifier;
  readonly columns: readonly Identifier[];
  readonly query: Query;
}

/**
 * A full query: optional WITH, a body, and ORDER BY / LIMIT / OFFSET / FETCH that apply to the whole
 * body. A parenthesised query inside a set operation is a nested Query.
 */
export interface Query extends NodeBase {
  readonly kind: 'Query';
  readonly with: readonly CommonTableExpr[];
  readonly body: QueryBody;
  readonly orderBy: readonly OrderItem[];
  readonly limit?: Expr;
  readonly offset?: Expr;
  /** Whether the row limit was written `FETCH FIRST n ROWS ONLY` rather than `LIMIT n`. */
  readonly fetchSyntax: boolean;
}

export type QueryBody = SelectQuery | SetOperation | ValuesQuery | Query;
