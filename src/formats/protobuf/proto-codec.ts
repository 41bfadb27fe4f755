/**
 * Protobuf messages (protobufjs) ⇄ runtime values, driven by (message type, Flink type): fields matched
 * by name, presence for nullable scalars, enums as names, int64 (Long) as bigint, wrappers, Timestamp,
 * google.type.Date / TimeOfDay, repeated fields as arrays and maps as Map.
 */
import protobuf from 'protobufjs';
import type { LogicalType, RowType } from '../../expr/types.ts';
import {
  civilFromDays,
  daysFromCivil,
  type PreciseTimestamp,
  timestampValue,
} from '../../expr/values/datetime.ts';
import { copyBytes } from '../binary.ts';
import { FormatError, FormatOptionError } from '../format.ts';
import { fullNameOf, hasPresence } from '../type-mapping/protobuf.ts';

type Conv = (v: unknown) => unknown;

const toBigint = (v: unknown): bigint => (typeof v === 'number' ? BigInt(v) : BigInt(String(v)));
const toNumber = (v: unknown): number => (typeof v === 'number' ? v : Number(String(v)));

function scalarFrom(type: LogicalType, protoType: string): Conv {
  switch (type.kind) {
    case 'BIGINT':
      return toBigint;
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'DOUBLE':
      return toNumber;
    case 'FLOAT':
      return (v) => Math.fround(toNumber(v));
    case 'BINARY':
    case 'VARBINARY':
      return (v) => copyBytes(v as Uint8Array);
    case 'BOOLEAN':
    case 'CHAR':
    case 'VARCHAR':
      return (v) => v;
    default:
      throw new FormatOptionError(`Protobuf ${protoType} cannot be read as ${type.kind}`);
  }
}

function messageFrom(m: protobuf.Type, type: LogicalType): Conv {
  const name = fullNameOf(m);
  if (name.startsWith('google.protobuf.') && name.endsWith('Value')) {
    const inner = scalarFrom(type, name);
    return (v) => inner((v as { value: unknown }).value);
  }
  if (name === 'google.protobuf.Timestamp') {
    if (type.kind !== 'TIMESTAMP' && type.kind !== 'TIMESTAMP_LTZ')
      throw new FormatOptionError(`${name} cannot be read as ${type.kind}`);
    const { precision } = type;
    return (v) => {
      const t = v as { seconds: unknown; nanos: number };
      const nanos = t.nanos ?? 0;
      return timestampValue(
        toNumber(t.seconds ?? 0) * 1000 + Math.floor(nanos / 1e6),
        nanos % 1e6,
        precision,
      );
    };
  }
  if (name === 'google.type.Date')
    return (v) => {
      const d = v as { year: number; month: number; day: number };
      return daysFromCivil(d.year, d.month, d.day);
    };
  if (name === 'google.type.TimeOfDay')
    return (v) => {
      const t = v as { hours: number; minutes: number; seconds: number; nanos: number };
      return ((t.hours * 60 + t.minutes) * 60 + t.seconds) * 1000 + Math.floor((t.nanos ?? 0) / 1e6);
    };
  if (type.kind !== 'ROW')
    throw new FormatOptionError(`Protobuf message ${name} cannot be read as ${type.kind}`);
  return messageToRow(m, type);
}

function valueFrom(f: protobuf.Field, type: LogicalType): Conv {
  const resolved = f.resolvedType;
  if (resolved instanceof protobuf.Type) return messageFrom(resolved, type);
  if (resolved instanceof protobuf.Enum) {
    const names = resolved.valuesById;
    return (v) => names[v as number] ?? String(v);
  }
  return scalarFrom(type, f.type);
}

/** A protobufjs message → a row of `type`. */
export function messageToRow(m: protobuf.Type, type: RowType): (msg: unknown) => unknown[] {
  m.resolveAll();
  const plan = type.fields.map((col) => {
    const f = m.fields[col.name];
    if (!f) return undefined;
    const presence = hasPresence(f);
    if (f instanceof protobuf.MapField) {
      if (col.type.kind !== 'MAP')
        throw new FormatOptionError(`Protobuf map '${f.name}' cannot be read as ${col.type.kind}`);
      const long = ['int64', 'uint64', 'sint64', 'fixed64', 'sfixed64'].includes(f.keyType);
      const key = long
        ? (k: string) =>
            toBigint(
              protobuf.util.LongBits.fromHash(k).toLong(f.keyType.startsWith('u') || f.keyType === 'fixed64'),
            )
        : scalarFrom(col.type.key, f.keyType);
      const numericKey = ['int32', 'uint32', 'sint32', 'fixed32', 'sfixed32'].includes(f.keyType);
      const boolKey = f.keyType === 'bool';
      const val = valueFrom(f, col.type.value);
      return {
        name: f.name,
        presence: false,
        conv: (v: unknown) => {
          const out = new Map<unknown, unknown>();
          for (const [k, x] of Object.entries((v ?? {}) as Record<string, unknown>)) {
            out.set(numericKey ? Number(k) : boolKey ? k === 'true' : (key as Conv)(k), val(x));
          }
          return out;
        },
      };
    }
    if (f.repeated) {
      if (col.type.kind !== 'ARRAY')
        throw new FormatOptionError(`repeated Protobuf field '${f.name}' cannot be read as ${col.type.kind}`);
      const el = valueFrom(f, col.type.element);
      return { name: f.name, presence: false, conv: (v: unknown) => ((v ?? []) as unknown[]).map(el) };
    }
    return { name: f.name, presence, conv: valueFrom(f, col.type) };
  });
  return (msg) => {
    const obj = msg as Record<string, unknown>;
    const row = new Array<unknown>(plan.length);
    for (let i = 0; i < plan.length; i++) {
      const p = plan[i];
      if (p === undefined || (p.presence && !Object.hasOwn(obj, p.name))) {
        row[i] = null;
        continue;
      }
      const v = obj[p.name];
      row[i] = v === null || v === undefined ? (p.presence ? null : p.conv(v)) : p.conv(v);
    }
    return row;
  };
}

function scalarTo(type: LogicalType): Conv {
  switch (type.kind) {
    case 'BIGINT':
      return (v) => (v as bigint).toString();
    case 'BINARY':
    case 'VARBINARY':
      return (v) => v;
    default:
      return (v) => v;
  }
}

function messageTo(m: protobuf.Type, type: LogicalType): Conv {
  const name = fullNameOf(m);
  if (name.startsWith('google.protobuf.') && name.endsWith('Value')) {
    const inner = scalarTo(type);
    return (v) => ({ value: inner(v) });
  }
  if (name === 'google.protobuf.Timestamp') {
    return (v) => {
      const t = v as number | PreciseTimestamp;
      const millis = typeof t === 'number' ? t : t.millis;
      const seconds = Math.floor(millis / 1000);
      return {
        seconds: String(seconds),
        nanos: (millis - seconds * 1000) * 1e6 + (typeof t === 'number' ? 0 : t.nanoOfMilli),
      };
    };
  }
  if (name === 'google.type.Date')
    return (v) => {
      const c = civilFromDays(v as number);
      return { year: c.year, month: c.month, day: c.day };
    };
  if (name === 'google.type.TimeOfDay')
    return (v) => {
      const ms = v as number;
      return {
        hours: Math.floor(ms / 3_600_000),
        minutes: Math.floor(ms / 60_000) % 60,
        seconds: Math.floor(ms / 1000) % 60,
        nanos: (ms % 1000) * 1e6,
      };
    };
  if (type.kind !== 'ROW')
    throw new FormatOptionError(`Protobuf message ${name} cannot be written from ${type.kind}`);
  return rowToMessage(m, type) as Conv;
}

function valueTo(f: protobuf.Field, type: LogicalType): Conv {
  const resolved = f.resolvedType;
  if (resolved instanceof protobuf.Type) return messageTo(resolved, type);
  if (resolved instanceof protobuf.Enum) {
    const values = resolved.values;
    return (v) => {
      const n = values[v as string];
      if (n === undefined)
        throw new FormatError(`'${String(v)}' is not a value of enum ${fullNameOf(resolved)}`);
      return n;
    };
  }
  return scalarTo(type);
}

/** A row of `type` → a plain object protobufjs encodes with `m`. */
export function rowToMessage(
  m: protobuf.Type,
  type: RowType,
): (row: readonly unknown[]) => Record<string, unknown> {
  m.resolveAll();
  const plan = type.fields.map((col, index) => {
    const f = m.fields[col.name];
    if (!f) throw new FormatOptionError(`Protobuf message ${fullNameOf(m)} has no field '${col.name}'`);
    if (f instanceof protobuf.MapField && col.type.kind === 'MAP') {
      const key = scalarTo(col.type.key);
      const val = valueTo(f, col.type.value);
      return {
        name: f.name,
        index,
        conv: (v: unknown) =>
          Object.fromEntries([...(v as Map<unknown, unknown>)].map(([k, x]) => [String(key(k)), val(x)])),
      };
    }
    if (f.repeated && col.type.kind === 'ARRAY') {
      const el = valueTo(f, col.type.element);
      return {
        name: f.name,
        index,
        conv: (v: unknown) =>
          (v as unknown[]).map((x) => {
            if (x === null)
              throw new FormatError(`Protobuf repeated field '${f.name}' cannot hold a null element`);
            return el(x);
          }),
      };
    }
    return { name: f.name, index, conv: valueTo(f, col.type) };
  });
  return (row) => {
    const obj: Record<string, unknown> = {};
    for (const p of plan) {
      const v = row[p.index];
      if (v !== null && v !== undefined) obj[p.name] = p.conv(v);
    }
    return obj;
  };
}
