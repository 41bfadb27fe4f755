/**
 * The typed syntax tree of Tributary's Flink SQL dialect.
 *
 * Every node is a readonly interface with a `kind` discriminant and a `span` pointing back into the
 * source text. Nodes record what was written, normalised only where two spellings mean the same thing
 * (INTEGER and INT, DESC and DESCRIBE): the formatter prints the canonical spelling, and parsing that
 * output yields the same tree again (spans aside).
 */

/** A position in the source: 0-based offset, 1-based line and column. */
export interface Position {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** A source range: `start` is the first character, `end` the position just after the last one. */
export interface Span {
  readonly start: Position;
  readonly end: Position;
}

interface NodeBase {
  readonly span: Span;
}

// ---------------------------------------------------------------------------------------------------
// Names
// ---------------------------------------------------------------------------------------------------

/** An identifier; `quoted` when written in backticks (its `value` then holds the unescaped text). */
export interface Identifier extends NodeBase {
  readonly kind: 'Identifier';
  readonly value: string;
  readonly quoted: boolean;
}

/** A one- to three-part object name: `orders`, `db.orders`, `` `env`.`cluster`.`orders` ``. */
export interface QualifiedName extends NodeBase {
  readonly kind: 'QualifiedName';
  readonly parts: readonly Identifier[];
}

// ---------------------------------------------------------------------------------------------------
// Data types (as written; the binder turns them into logical types)
// ---------------------------------------------------------------------------------------------------

interface TypeBase extends NodeBase {
  /** False when written `NOT NULL`. */
  readonly nullable: boolean;
}

export type SimpleTypeName =
  | 'BOOLEAN'
  | 'TINYINT'
  | 'SMALLINT'
  | 'INT'
  | 'BIGINT'
  | 'FLOAT'
  | 'DOUBLE'
  | 'DATE'
  | 'STRING'
  | 'BYTES'
  | 'NULL'
  | 'VARIANT';

export interface SimpleType extends TypeBase {
  readonly kind: 'SimpleType';
  readonly name: SimpleTypeName;
}

/** CHAR(n), VARCHAR(n), BINARY(n), VARBINARY(n); `length` absent when not written. */
export interface SizedType extends TypeBase {
  readonly kind: 'SizedType';
  readonly name: 'CHAR' | 'VARCHAR' | 'BINARY' | 'VARBINARY';
  readonly length?: number;
}

/** DECIMAL / DEC / NUMERIC, canonicalised to DECIMAL. */
export interface DecimalType extends TypeBase {
  readonly kind: 'DecimalType';
  readonly precision?: number;
  readonly scale?: number;
}

export interface TimeType extends TypeBase {
  readonly kind: 'TimeType';
  readonly precision?: number;
}

/** TIMESTAMP(p) [WITHOUT TIME ZONE], TIMESTAMP_LTZ(p) and TIMESTAMP(p) WITH LOCAL TIME ZONE. */
export interface TimestampType extends TypeBase {
  readonly kind: 'TimestampType';
  readonly precision?: number;
  readonly withLocalTimeZone: boolean;
}

export type TimeUnit =
  | 'MILLENNIUM'
  | 'CENTURY'
  | 'DECADE'
  | 'YEAR'
  | 'QUARTER'
  | 'MONTH'
  | 'WEEK'
  | 'DAY'
  | 'HOUR'
  | 'MINUTE'
  | 'SECOND'
  | 'MILLISECOND'
  | 'MICROSECOND'
  | 'NANOSECOND'
  | 'DOW'
  | 'DOY'
  | 'EPOCH'
  | 'ISODOW'
  | 'ISOYEAR';

/** `DAY(3) TO SECOND(6)`, `MINUTE`, `YEAR TO MONTH`: the unit part of interval types and literals. */
export interface IntervalQualifier extends NodeBase {
  readonly kind: 'IntervalQualifier';
  readonly from: TimeUnit;
  readonly fromPrecision?: number;
  readonly to?: TimeUnit;
  /** Fractional-second precision of the trailing SECOND. */
  readonly toPrecision?: number;
}

export interface IntervalType extends TypeBase {
  readonly kind: 'IntervalType';
  readonly qualifier: IntervalQualifier;
}

export interface ArrayType extends TypeBase {
  readonly kind: 'ArrayType';
  readonly element: DataType;
}

export interface MultisetType extends TypeBase {
  readonly kind: 'MultisetType';
  readonly element: DataType;
}

export interface MapType extends TypeBase {
  readonly kind: 'MapType';
  readonly key: DataType;
  readonly value: DataType;
}

export interface RowTypeField extends NodeBase {
  readonly kind: 'RowTypeField';
  readonly name: Identifier;
  readonly type: DataType;
  readonly comment?: string;
}

/** ROW<a INT, b STRING> or ROW(a INT, b STRING); `syntax` records which brackets were used. */
export interface RowType extends TypeBase {
  readonly kind: 'RowType';
  readonly fields: readonly RowTypeField[];
  readonly syntax: 'angle' | 'paren';
}

/** A user-defined or otherwise unknown type name, kept for the binder to report. */
export interface NamedType extends TypeBase {
  readonly kind: 'NamedType';
  readonly name: QualifiedName;
}

/** `RAW('class', 'serialized snapshot')`: an opaque Java type (added by the parser helper). */
export interface RawType extends TypeBase {
  readonly kind: 'RawType';
  readonly className: string;
  readonly snapshot?: string;
}

export type DataType =
  | RawType
  | SimpleType
  | SizedType
  | DecimalType
  | TimeType
  | TimestampType
  | IntervalType
  | ArrayType
  | MultisetType
  | MapType
  | RowType
  | NamedType;

// ---------------------------------------------------------------------------------------------------
// Expressions
// ---------------------------------------------------------------------------------------------------

/** An exact (`12`, `1.50`) or approximate (`1e3`) number, kept as written. */
export interface NumericLiteral extends NodeBase {
  readonly kind: 'NumericLiteral';
  readonly text: string;
  readonly approximate: boolean;
}

/** `'it''s'` (value `it's`), `U&'\0041'` (value `A`); adjacent literals are concatenated. */
export interface StringLiteral extends NodeBase {
  readonly kind: 'StringLiteral';
  readonly value: string;
}

/** `X'0AFF'`: the hex digits as written, upper-cased. */
export interface BinaryLiteral extends NodeBase {
  readonly kind: 'BinaryLiteral';
  readonly hex: string;
}

export interface BooleanLiteral extends NodeBase {
  readonly kind: 'BooleanLiteral';
  readonly value: boolean;
}

export interface NullLiteral extends NodeBase {
  readonly kind: 'NullLiteral';
}

/** `DATE '2020-01-01'`, `TIME '10:00:00'`, `TIMESTAMP '2020-01-01 10:00:00.123'`, `TIMESTAMP_LTZ '...'`. */
export interface DateTimeLiteral extends NodeBase {
  readonly kind: 'DateTimeLiteral';
  readonly type: 'DATE' | 'TIME' | 'TIMESTAMP' | 'TIMESTAMP_LTZ';
  readonly value: string;
}

/** `INTERVAL '1:30' MINUTE TO SECOND`, `INTERVAL -'2' DAY`: `value` is the quoted text. */
export interface IntervalLiteral extends NodeBase {
  readonly kind: 'IntervalLiteral';
  readonly negative: boolean;
  readonly value: string;
  readonly qualifier: IntervalQualifier;
}

/**
 * A name in an expression: `amount`, `o.amount`, `cat.db.t.col`, `r.nested.field`. Which parts are
 * the table and which are ROW fields is for the binder to decide.
 */
export interface ColumnRef extends NodeBase {
  readonly kind: 'ColumnRef';
  readonly parts: readonly Identifier[];
}

/** `?`, numbered from 0 in order of appearance. */
export interface Parameter extends NodeBase {
  readonly kind: 'Parameter';
  readonly index: number;
}

export interface UnaryExpr extends NodeBase {
  readonly kind: 'UnaryExpr';
  readonly op: '-' | '+' | 'NOT';
  readonly operand: Expr;
}

export type BinaryOperator =
  | '+'
  | '-'
  | '*'
  | '/'
  | '%'
  | '||'
  | '='
  | '<>'
  | '<'
  | '<='
  | '>'
  | '>='
  | 'AND'
  | 'OR';

/** `!=` is read as `<>`. */
export interface BinaryExpr extends NodeBase {
  readonly kind: 'BinaryExpr';
  readonly op: BinaryOperator;
  readonly left: Expr;
  readonly right: Expr;
}

/** `x IS [NOT] NULL | TRUE | FALSE | UNKNOWN`. */
export interface IsExpr extends NodeBase {
  readonly kind: 'IsExpr';
  readonly operand: Expr;
  readonly test: 'NULL' | 'TRUE' | 'FALSE' | 'UNKNOWN';
  readonly negated: boolean;
}

/** `x IS [NOT] JSON [VALUE | SCALAR | ARRAY | OBJECT]`. */
export interface IsJsonExpr extends NodeBase {
  readonly kind: 'IsJsonExpr';
  readonly operand: Expr;
  readonly jsonType?: 'VALUE' | 'SCALAR' | 'ARRAY' | 'OBJECT';
  readonly negated: boolean;
}

export interface IsDistinctFromExpr extends NodeBase {
  readonly kind: 'IsDistinctFromExpr';
  readonly left: Expr;
  readonly right: Expr;
  readonly negated: boolean;
}

export interface BetweenExpr extends NodeBase {
  readonly kind: 'BetweenExpr';
  readonly operand: Expr;
  readonly low: Expr;
  readonly high: Expr;
  readonly negated: boolean;
  readonly symmetric: boolean;
}

/** `[NOT] LIKE` and `[NOT] SIMILAR TO`, with an optional ESCAPE. */
export interface LikeExpr extends NodeBase {
  readonly kind: 'LikeExpr';
  readonly operator: 'LIKE' | 'SIMILAR TO';
  readonly operand: Expr;
  readonly pattern: Expr;
  readonly escape?: Expr;
  readonly negated: boolean;
}

export interface InListExpr extends NodeBase {
  readonly kind: 'InListExpr';
  readonly operand: Expr;
  readonly items: readonly Expr[];
  readonly negated: boolean;
}

export interface InSubqueryExpr extends NodeBase {
  readonly kind: 'InSubqueryExpr';
  readonly operand: Expr;
  readonly query: Query;
  readonly negated: boolean;
}

/** `x > ANY (subquery)`, `x = ALL (subquery)`. */
export interface QuantifiedComparisonExpr extends NodeBase {
  readonly kind: 'QuantifiedComparisonExpr';
  readonly op: '=' | '<>' | '<' | '<=' | '>' | '>=';
  readonly quantifier: 'ANY' | 'SOME' | 'ALL';
  readonly operand: Expr;
  readonly query: Query;
}

export interface ExistsExpr extends NodeBase {
  readonly kind: 'ExistsExpr';
  readonly query: Query;
}

export interface ScalarSubquery extends NodeBase {
  readonly kind: 'ScalarSubquery';
  readonly query: Query;
}

export interface WhenClause extends NodeBase {
  readonly kind: 'WhenClause';
  readonly when: Expr;
  readonly then: Expr;
}

/** Simple (`CASE x WHEN 1 THEN ...`) when `operand` is set, searched otherwise. */
export interface CaseExpr extends NodeBase {
  readonly kind: 'CaseExpr';
  readonly operand?: Expr;
  readonly whens: readonly WhenClause[];
  readonly else?: Expr;
}

export interface CastExpr extends NodeBase {
  readonly kind: 'CastExpr';
  readonly operand: Expr;
  readonly type: DataType;
  /** TRY_CAST: a failed conversion yields NULL instead of an error. */
  readonly safe: boolean;
}

/** `name => value` in a function or table-function call. */
export interface NamedArgument extends NodeBase {
  readonly kind: 'NamedArgument';
  readonly name: Identifier;
  readonly value: Expr;
}

/** A bare time unit as a function argument: the `DAY` of `TIMESTAMPADD(DAY, 1, ts)`. */
export interface TimeUnitArg extends NodeBase {
  readonly kind: 'TimeUnitArg';
  readonly unit: TimeUnit;
}

/** `TABLE t [PARTITION BY k] [ORDER BY ts]` as a table-valued function argument. */
export interface TableArgument extends NodeBase {
  readonly kind: 'TableArgument';
  readonly name: QualifiedName;
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly OrderItem[];
}

/** `DESCRIPTOR(ts)`. */
export interface DescriptorExpr extends NodeBase {
  readonly kind: 'DescriptorExpr';
  readonly columns: readonly Identifier[];
}

export interface FunctionCall extends NodeBase {
  readonly kind: 'FunctionCall';
  /** Usually one part; `cat.db.fn` for catalog functions. */
  readonly name: QualifiedName;
  readonly args: readonly Expr[];
  readonly distinct: boolean;
  /** `COUNT(*)`. */
  readonly star: boolean;
  /** `FILTER (WHERE ...)` on an aggregate. */
  readonly filter?: Expr;
  /** `LISTAGG(x) WITHIN GROUP (ORDER BY ...)`. */
  readonly withinGroup?: readonly OrderItem[];
  readonly nullTreatment?: 'RESPECT NULLS' | 'IGNORE NULLS';
  /** `OVER (...)` or `OVER w`. */
  readonly over?: WindowSpec | Identifier;
  /** Niladic functions written without parentheses: CURRENT_TIMESTAMP, LOCALTIMESTAMP, CURRENT_DATE. */
  readonly noParens: boolean;
}

export interface ExtractExpr extends NodeBase {
  readonly kind: 'ExtractExpr';
  readonly unit: TimeUnit;
  readonly operand: Expr;
}

/** `FLOOR(ts TO HOUR)`, `CEIL(ts TO DAY)`; plain FLOOR(x) is a FunctionCall. */
export interface FloorCeilExpr extends NodeBase {
  readonly kind: 'FloorCeilExpr';
  readonly fn: 'FLOOR' | 'CEIL';
  readonly operand: Expr;
  readonly unit: TimeUnit;
}

/** `POSITION(needle IN haystack [FROM start])`. */
export interface PositionExpr extends NodeBase {
  readonly kind: 'PositionExpr';
  readonly needle: Expr;
  readonly haystack: Expr;
  readonly from?: Expr;
}

/** `SUBSTRING(s FROM start [FOR length])`; the comma form is a FunctionCall. */
export interface SubstringExpr extends NodeBase {
  readonly kind: 'SubstringExpr';
  readonly operand: Expr;
  readonly from: Expr;
  readonly for?: Expr;
}

/** `TRIM([BOTH|LEADING|TRAILING] [chars] FROM s)` and `TRIM(s)`. */
export interface TrimExpr extends NodeBase {
  readonly kind: 'TrimExpr';
  readonly side: 'BOTH' | 'LEADING' | 'TRAILING';
  readonly characters?: Expr;
  readonly operand: Expr;
}

/** `OVERLAY(s PLACING r FROM start [FOR length])`. */
export interface OverlayExpr extends NodeBase {
  readonly kind: 'OverlayExpr';
  readonly operand: Expr;
  readonly placing: Expr;
  readonly from: Expr;
  readonly for?: Expr;
}

/** What JSON_VALUE / JSON_QUERY / JSON_EXISTS do on an empty result or an error. */
export interface JsonBehavior extends NodeBase {
  readonly kind: 'JsonBehavior';
  readonly behavior:
    | 'NULL'
    | 'ERROR'
    | 'DEFAULT'
    | 'TRUE'
    | 'FALSE'
    | 'UNKNOWN'
    | 'EMPTY ARRAY'
    | 'EMPTY OBJECT';
  readonly default?: Expr;
}

export interface JsonValueExpr extends NodeBase {
  readonly kind: 'JsonValueExpr';
  readonly operand: Expr;
  readonly path: Expr;
  readonly returning?: DataType;
  readonly onEmpty?: JsonBehavior;
  readonly onError?: JsonBehavior;
}

export interface JsonQueryExpr extends NodeBase {
  readonly kind: 'JsonQueryExpr';
  readonly operand: Expr;
  readonly path: Expr;
  readonly returning?: DataType;
  readonly wrapper: 'WITHOUT' | 'WITH CONDITIONAL' | 'WITH UNCONDITIONAL';
  readonly onEmpty?: JsonBehavior;
  readonly onError?: JsonBehavior;
}

export interface JsonExistsExpr extends NodeBase {
  readonly kind: 'JsonExistsExpr';
  readonly operand: Expr;
  readonly path: Expr;
  readonly onError?: JsonBehavior;
}

export interface JsonKeyValue extends NodeBase {
  readonly kind: 'JsonKeyValue';
  readonly key: Expr;
  readonly value: Expr;
}

/** JSON_OBJECT and JSON_OBJECTAGG. */
export interface JsonObjectExpr extends NodeBase {
  readonly kind: 'JsonObjectExpr';
  readonly aggregate: boolean;
  readonly entries: readonly JsonKeyValue[];
  readonly onNull: 'NULL' | 'ABSENT';
}

/** JSON_ARRAY and JSON_ARRAYAGG. */
export interface JsonArrayExpr extends NodeBase {
  readonly kind: 'JsonArrayExpr';
  readonly aggregate: boolean;
  readonly items: readonly Expr[];
  readonly orderBy: readonly OrderItem[];
  readonly onNull: 'NULL' | 'ABSENT';
}

/** `ROW(a, b)` (`explicit`) or `(a, b)`. */
export interface RowConstructor extends NodeBase {
  readonly kind: 'RowConstructor';
  readonly items: readonly Expr[];
  readonly explicit: boolean;
}

export interface ArrayConstructor extends NodeBase {
  readonly kind: 'ArrayConstructor';
  readonly items: readonly Expr[];
}

/** `MAP[k1, v1, k2, v2]`. */
export interface MapConstructor extends NodeBase {
  readonly kind: 'MapConstructor';
  readonly items: readonly Expr[];
}

/** `(expr).field` — field access on something that is not a plain name. */
export interface FieldAccess extends NodeBase {
  readonly kind: 'FieldAccess';
  readonly operand: Expr;
  readonly field: Identifier;
}

/** `arr[1]`, `m['key']`. */
export interface ItemAccess extends NodeBase {
  readonly kind: 'ItemAccess';
  readonly operand: Expr;
  readonly index: Expr;
}

export type Expr =
  | NumericLiteral
  | StringLiteral
  | BinaryLiteral
  | BooleanLiteral
  | NullLiteral
  | DateTimeLiteral
  | IntervalLiteral
  | ColumnRef
  | Parameter
  | UnaryExpr
  | BinaryExpr
  | IsExpr
  | IsJsonExpr
  | IsDistinctFromExpr
  | BetweenExpr
  | LikeExpr
  | InListExpr
  | InSubqueryExpr
  | QuantifiedComparisonExpr
  | ExistsExpr
  | ScalarSubquery
  | CaseExpr
  | CastExpr
  | NamedArgument
  | TimeUnitArg
  | TableArgument
  | DescriptorExpr
  | FunctionCall
  | ExtractExpr
  | FloorCeilExpr
  | PositionExpr
  | SubstringExpr
  | TrimExpr
  | OverlayExpr
  | JsonValueExpr
  | JsonQueryExpr
  | JsonExistsExpr
  | JsonObjectExpr
  | JsonArrayExpr
  | RowConstructor
  | ArrayConstructor
  | MapConstructor
  | FieldAccess
  | ItemAccess;

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
