/**
 * The JSON encoding of SQL values on the wire (REST results and the WebSocket protocol), one rule per
 * Flink type, so a client decodes a value from the column's type alone (docs/websocket-protocol.md):
 * BIGINT and DECIMAL as strings (exact), bytes as base64, temporal values as ISO-8601 text with the
 * type's precision, MAP and MULTISET as arrays of pairs, ROW as an array in field order.
 */
import type { LogicalType } from '../../expr/types.ts';
import {
  formatLocalDate,
  formatSqlTime,
  formatSqlTimestamp,
  type PreciseTimestamp,
} from '../../expr/values/datetime.ts';
import { decimalToPlainString } from '../../expr/values/decimal.ts';

/** A JSON value as produced by JSON.parse. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

function timestampParts(v: unknown): { millis: number; nanoOfMilli: number } {
  if (typeof v === 'number') return { millis: v, nanoOfMilli: 0 };
  const p = v as PreciseTimestamp;
  return { millis: p.millis, nanoOfMilli: p.nanoOfMilli };
}

function encodeDouble(v: number): number | string {
  if (Number.isFinite(v)) return v;
  return Number.isNaN(v) ? 'NaN' : v > 0 ? 'Infinity' : '-Infinity';
}

/** Encodes one value of `type` for JSON. */
export function encodeValue(value: unknown, type: LogicalType): JsonValue {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'NULL':
      return null;
    case 'BOOLEAN':
      return value as boolean;
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'INTERVAL_YEAR_MONTH':
    case 'INTERVAL_DAY_TIME':
      return value as number;
    case 'FLOAT':
    case 'DOUBLE':
      return encodeDouble(value as number);
    case 'BIGINT':
      return String(value);
    case 'DECIMAL':
      return decimalToPlainString(value as bigint, type.scale);
    case 'CHAR':
    case 'VARCHAR':
      return value as string;
    case 'BINARY':
    case 'VARBINARY':
      return Buffer.from(value as Uint8Array).toString('base64');
    case 'DATE':
      return formatLocalDate(value as number);
    case 'TIME':
      return formatSqlTime(value as number, type.precision);
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      const { millis, nanoOfMilli } = timestampParts(value);
      const text = formatSqlTimestamp(millis, nanoOfMilli, type.precision).replace(' ', 'T');
      return type.kind === 'TIMESTAMP_LTZ' ? `${text}Z` : text;
    }
    case 'ARRAY':
      return (value as unknown[]).map((e) => encodeValue(e, type.element));
    case 'MULTISET':
      return [...(value as Map<unknown, number>)].map(([e, n]) => [encodeValue(e, type.element), n]);
    case 'MAP':
      return [...(value as Map<unknown, unknown>)].map(([k, v]) => [
        encodeValue(k, type.key),
        encodeValue(v, type.value),
      ]);
    case 'ROW':
      return type.fields.map((f, i) => encodeValue((value as unknown[])[i], f.type));
  }
}

/** Encodes a row given its column types. */
export function encodeRow(row: readonly unknown[], types: readonly LogicalType[]): JsonValue[] {
  return types.map((t, i) => encodeValue(row[i], t));
}
