/**
 * Runtime values to JSON text, per Flink's RowDataToJsonConverters: BIGINT and DECIMAL as exact JSON
 * numbers, temporal values as SQL or ISO-8601 text, BYTES as base64, MAP/MULTISET as objects (string
 * keys only), ROW as an object. Writers build text directly so 64-bit integers stay exact.
 */
import type { LogicalType, RowType } from '../../expr/types.ts';
import { decimalToJavaString, decimalToPlainString } from '../../expr/values/decimal.ts';
import { javaFloatToString } from '../../expr/values/java-numbers.ts';
import { encodeBase64 } from '../binary.ts';
import { FormatError, FormatOptionError } from '../format.ts';
import {
  formatDateText,
  formatTimestampText,
  formatTimeText,
  type TimestampStandard,
} from '../text/temporal.ts';

export type MapNullKeyMode = 'FAIL' | 'DROP' | 'LITERAL';

export interface JsonWriteOptions {
  readonly timestampStandard: TimestampStandard;
  readonly mapNullKeyMode: MapNullKeyMode;
  readonly mapNullKeyLiteral: string;
  readonly decimalAsPlainNumber: boolean;
  readonly ignoreNullFields: boolean;
  /** Kafka Connect / JSON Schema conventions (see JsonReadOptions.connect). */
  readonly connect?: boolean;
}

export type JsonWriter = (value: unknown) => string;

function number(v: number): string {
  if (Number.isFinite(v)) return String(v);
  // Jackson writes non-finite numbers as strings ("NaN", "Infinity"), which the reader parses back
  return Number.isNaN(v) ? '"NaN"' : v > 0 ? '"Infinity"' : '"-Infinity"';
}

export function createJsonWriter(type: LogicalType, opts: JsonWriteOptions): JsonWriter {
  const write = createNonNull(type, opts);
  return (v) => (v === null || v === undefined ? 'null' : write(v));
}

function createNonNull(type: LogicalType, opts: JsonWriteOptions): JsonWriter {
  switch (type.kind) {
    case 'NULL':
      return () => 'null';
    case 'BOOLEAN':
      return (v) => (v ? 'true' : 'false');
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
      return (v) => String(v);
    case 'BIGINT':
      return (v) => (v as bigint).toString();
    case 'FLOAT':
      return (v) => {
        const f = v as number;
        return Number.isFinite(f) ? javaFloatToString(f).replace('E', 'e') : number(f);
      };
    case 'DOUBLE':
      return (v) => number(v as number);
    case 'DECIMAL': {
      const { scale } = type;
      return opts.decimalAsPlainNumber
        ? (v) => decimalToPlainString(v as bigint, scale)
        : (v) => decimalToJavaString(v as bigint, scale);
    }
    case 'CHAR':
    case 'VARCHAR':
      return (v) => JSON.stringify(v);
    case 'BINARY':
    case 'VARBINARY':
      return (v) => `"${encodeBase64(v as Uint8Array)}"`;
    case 'DATE':
      if (opts.connect) return (v) => String(v);
      return (v) => `"${formatDateText(v as number)}"`;
    case 'TIME':
      if (opts.connect) return (v) => String(v);
      return (v) => `"${formatTimeText(v as number)}"`;
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      if (opts.connect) return (v) => String(typeof v === 'number' ? v : (v as { millis: number }).millis);
      const zoned = type.kind === 'TIMESTAMP_LTZ';
      return (v) => `"${formatTimestampText(v as number, opts.timestampStandard, zoned)}"`;
    }
    case 'ARRAY': {
      const element = createJsonWriter(type.element, opts);
      return (v) => {
        const arr = v as readonly unknown[];
        let s = '[';
        for (let i = 0; i < arr.length; i++) s += (i > 0 ? ',' : '') + element(arr[i]);
        return `${s}]`;
      };
    }
    case 'MAP':
    case 'MULTISET': {
      const keyType = type.kind === 'MAP' ? type.key : type.element;
      if (opts.connect && keyType.kind !== 'CHAR' && keyType.kind !== 'VARCHAR') {
        const key = createJsonWriter(keyType, opts);
        const entryValue =
          type.kind === 'MAP' ? createJsonWriter(type.value, opts) : (c: unknown) => String(c);
        return (v) =>
          `[${[...(v as Map<unknown, unknown>)].map(([k, x]) => `{"key":${key(k)},"value":${entryValue(x)}}`).join(',')}]`;
      }
      if (keyType.kind !== 'CHAR' && keyType.kind !== 'VARCHAR') {
        throw new FormatOptionError(
          `JSON format supports only string keys of ${type.kind}, got ${keyType.kind}`,
        );
      }
      const value = type.kind === 'MAP' ? createJsonWriter(type.value, opts) : (c: unknown) => String(c);
      return (v) => {
        let s = '{';
        let first = true;
        for (const [k, val] of v as Map<unknown, unknown>) {
          let key = k as string | null;
          if (key === null) {
            if (opts.mapNullKeyMode === 'DROP') continue;
            if (opts.mapNullKeyMode === 'FAIL') {
              throw new FormatError(
                "JSON format doesn't support writing a map with a null key; set 'json.map-null-key.mode' to DROP or LITERAL",
              );
            }
            key = opts.mapNullKeyLiteral;
          }
          s += `${first ? '' : ','}${JSON.stringify(key)}:${value(val)}`;
          first = false;
        }
        return `${s}}`;
      };
    }
    case 'ROW':
      return createRowWriter(type, opts) as JsonWriter;
    default:
      throw new FormatOptionError(`JSON format does not support type ${type.kind}`);
  }
}

export function createRowWriter(type: RowType, opts: JsonWriteOptions): (row: readonly unknown[]) => string {
  const keys = type.fields.map((f) => `${JSON.stringify(f.name)}:`);
  const writers = type.fields.map((f) => createJsonWriter(f.type, opts));
  const count = keys.length;
  return (row) => {
    let s = '{';
    let first = true;
    for (let i = 0; i < count; i++) {
      const v = row[i];
      if (opts.ignoreNullFields && (v === null || v === undefined)) continue;
      s += (first ? '' : ',') + keys[i]! + writers[i]!(v);
      first = false;
    }
    return `${s}}`;
  };
}
