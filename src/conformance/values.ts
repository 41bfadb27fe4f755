/**
 * JSON values of the conformance data → the runtime representation of the declared column type
 * (docs/architecture.md): Long → bigint, BigDecimal strings → unscaled bigint at the column's scale,
 * LocalDateTime / Instant strings → epoch millis (PreciseTimestamp above precision 3), nested rows,
 * arrays and maps (JSON objects with string keys) element by element.
 */
import type { LogicalType } from '../expr/types.ts';
import { parseDate, parseTimeParts, parseTimestampParts, preciseTimestamp } from '../expr/values/datetime.ts';
import { parseDecimal } from '../expr/values/decimal.ts';

function fail(value: unknown, type: LogicalType): never {
  throw new Error(`Cannot convert ${JSON.stringify(value)} to ${type.kind}`);
}

function timestampOf(value: unknown, type: LogicalType & { precision: number }): unknown {
  if (typeof value === 'number') return value;
  if (typeof value !== 'string') fail(value, type);
  const parts = parseTimestampParts(value.replace(/Z$/, ''));
  if (!parts) fail(value, type);
  if (type.precision <= 3) return parts.millis;
  return preciseTimestamp(parts.millis, parts.nanoOfMilli);
}

function keyOf(text: string, type: LogicalType): unknown {
  switch (type.kind) {
    case 'CHAR':
    case 'VARCHAR':
      return text;
    case 'BOOLEAN':
      return text === 'true';
    default:
      return toRuntimeValue(/^-?\d+(\.\d+)?$/.test(text) ? Number(text) : text, type);
  }
}

export function toRuntimeValue(value: unknown, type: LogicalType): unknown {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'BOOLEAN':
      return typeof value === 'boolean' ? value : value === 'true';
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
      return Number(value);
    case 'BIGINT':
      return BigInt(typeof value === 'number' ? Math.trunc(value) : String(value));
    case 'FLOAT':
      return Math.fround(Number(value));
    case 'DOUBLE':
      return Number(value);
    case 'DECIMAL': {
      const d = parseDecimal(String(value), type.precision, type.scale);
      if (d === null) fail(value, type);
      return d;
    }
    case 'CHAR':
    case 'VARCHAR':
      return typeof value === 'string' ? value : JSON.stringify(value);
    case 'BINARY':
    case 'VARBINARY':
      if (Array.isArray(value)) return Uint8Array.from(value as number[]);
      return new TextEncoder().encode(String(value));
    case 'DATE': {
      const d = parseDate(String(value));
      if (d === null) fail(value, type);
      return d;
    }
    case 'TIME': {
      const t = parseTimeParts(String(value));
      if (!t) fail(value, type);
      return t.millisOfDay;
    }
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return timestampOf(value, type);
    case 'ARRAY':
      if (!Array.isArray(value)) fail(value, type);
      return value.map((v) => toRuntimeValue(v, type.element));
    case 'MULTISET': {
      const out = new Map<unknown, number>();
      for (const [k, n] of Object.entries(value as Record<string, unknown>))
        out.set(keyOf(k, type.element), Number(n));
      return out;
    }
    case 'MAP': {
      const out = new Map<unknown, unknown>();
      for (const [k, v] of Object.entries(value as Record<string, unknown>))
        out.set(keyOf(k, type.key), toRuntimeValue(v, type.value));
      return out;
    }
    case 'ROW': {
      if (!Array.isArray(value)) fail(value, type);
      return type.fields.map((f, i) => toRuntimeValue(value[i] ?? null, f.type));
    }
    default:
      return value;
  }
}
