/** The syntax tree (see ../ast.ts): names and data types as written. */
import type { NodeBase } from './span.ts';

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
