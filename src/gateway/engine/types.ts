/**
 * What executing a statement yields, in the shapes the REST API and the WebSocket protocol share:
 * result columns with their Flink types, Confluent-style statement traits, and changelog batches.
 */
import { formatType, type LogicalType } from '../../expr/types.ts';
import type { JsonValue } from './wire.ts';

/** Flink's RowKind codes: 0 = +I, 1 = -U, 2 = +U, 3 = -D. */
export type ChangeOp = 0 | 1 | 2 | 3;

export interface ResultColumn {
  readonly name: string;
  readonly type: LogicalType;
}

/** A column as sent to clients: the Flink type string plus the structured type used for decoding. */
export interface WireColumn {
  readonly name: string;
  readonly type: WireType;
}

export interface WireType {
  /** The type's kind: BIGINT, VARCHAR, TIMESTAMP_LTZ, ARRAY, ... */
  readonly type: string;
  readonly nullable: boolean;
  /** Flink's summary string, e.g. `DECIMAL(10, 2) NOT NULL`. */
  readonly flinkType: string;
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  readonly elementType?: WireType;
  readonly keyType?: WireType;
  readonly valueType?: WireType;
  readonly fields?: readonly WireColumn[];
}

export function wireType(t: LogicalType): WireType {
  const base = { type: t.kind, nullable: t.nullable, flinkType: formatType(t) };
  switch (t.kind) {
    case 'DECIMAL':
      return { ...base, precision: t.precision, scale: t.scale };
    case 'CHAR':
    case 'VARCHAR':
    case 'BINARY':
    case 'VARBINARY':
      return { ...base, length: t.length };
    case 'TIME':
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return { ...base, precision: t.precision };
    case 'ARRAY':
    case 'MULTISET':
      return { ...base, elementType: wireType(t.element) };
    case 'MAP':
      return { ...base, keyType: wireType(t.key), valueType: wireType(t.value) };
    case 'ROW':
      return { ...base, fields: t.fields.map((f) => ({ name: f.name, type: wireType(f.type) })) };
    default:
      return base;
  }
}

export const wireColumns = (columns: readonly ResultColumn[]): WireColumn[] =>
  columns.map((c) => ({ name: c.name, type: wireType(c.type) }));

/** Confluent Cloud's statement traits. */
export interface StatementTraits {
  /** SELECT, INSERT_INTO, CREATE_TABLE, SHOW_TABLES, DESCRIBE, EXPLAIN, SET, ... */
  readonly sqlKind: string;
  readonly isBounded: boolean;
  readonly isAppendOnly: boolean;
  readonly upsertColumns: readonly number[];
  readonly schema: { readonly columns: readonly WireColumn[] };
}

/** One changelog entry on the wire. */
export interface WireChange {
  readonly op: ChangeOp;
  readonly row: JsonValue[];
}

/** A batch of changes, already wire-encoded (crosses threads by structured clone). */
export interface ChangeBatch {
  readonly ops: ChangeOp[];
  readonly rows: JsonValue[][];
}
