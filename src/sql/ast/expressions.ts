/** The syntax tree (see ../ast.ts): expressions. */
import type { DataType, Identifier, IntervalQualifier, QualifiedName, TimeUnit } from './names-types.ts';
import type { OrderItem, Query, WindowSpec } from './queries.ts';
import type { NodeBase } from './span.ts';

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
