/**
 * Avro binary through avsc, with 64-bit longs as bigint, and the conversions between avsc values and
 * the runtime representation driven by (Avro schema node, Flink type): record fields matched by name,
 * `[null, T]` unions, logical types (date, time-millis, timestamp-millis/micros, local-timestamp-*,
 * decimal on bytes or fixed), int→long/float/double promotion, enums as strings, maps as Map.
 */
import avro from 'avsc';
import type { LogicalType } from '../../expr/types.ts';
import { type PreciseTimestamp, timestampValue } from '../../expr/values/datetime.ts';
import { rescale, toDecimal } from '../../expr/values/decimal.ts';
import { bigintToBytes, bytesToBigint, copyBytes } from '../binary.ts';
import { FormatError, FormatOptionError } from '../format.ts';
import { type AvroNode, logicalTypeOf, nullableBranch } from '../type-mapping/avro-schema.ts';

const bigintLong = avro.types.LongType.__with({
  fromBuffer: (buf: Buffer) => buf.readBigInt64LE(),
  toBuffer: (n: bigint) => {
    const buf = Buffer.alloc(8);
    buf.writeBigInt64LE(n);
    return buf;
  },
  fromJSON: (v: unknown) => BigInt(v as string),
  toJSON: (n: bigint) => Number(n),
  isValid: (n: unknown) => typeof n === 'bigint',
  compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1),
});

/** An avsc type whose longs are bigint. */
export function avscType(schema: unknown): avro.Type {
  return avro.Type.forSchema(bareLongs(schema) as avro.Schema, {
    registry: { long: bigintLong },
    wrapUnions: true,
  });
}

const PRIMITIVE_NAMES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);

/**
 * avsc applies a registry override only to bare type names, so `{"type": "long", ...}` becomes `"long"`
 * (logical types are handled by the converters, which read the original schema).
 */
function bareLongs(s: unknown): unknown {
  if (Array.isArray(s)) return s.map(bareLongs);
  if (typeof s !== 'object' || s === null) return s;
  const obj = s as Record<string, unknown>;
  if (typeof obj['type'] === 'string' && PRIMITIVE_NAMES.has(obj['type'])) return obj['type'];
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    out[k] =
      k === 'fields' && Array.isArray(v)
        ? v.map((f) => ({ ...(f as object), type: bareLongs((f as { type: unknown }).type) }))
        : k === 'type' || k === 'items' || k === 'values'
          ? bareLongs(v)
          : v;
  }
  return out;
}

type Conv = (v: unknown) => unknown;

/** The key avsc uses for a wrapped union branch. */
function branchName(n: AvroNode): string {
  if (n.kind === 'primitive') return n.name;
  if (n.kind === 'record' || n.kind === 'enum' || n.kind === 'fixed') return n.fullName;
  return n.kind;
}

const describeAvro = (n: AvroNode): string =>
  n.kind === 'primitive'
    ? n.name
    : n.kind === 'union'
      ? 'union'
      : `${n.kind}${'fullName' in n ? ` ${n.fullName}` : ''}`;

function mismatch(n: AvroNode, t: LogicalType): FormatOptionError {
  return new FormatOptionError(`Avro type ${describeAvro(n)} cannot be read as ${t.kind}`);
}

const asBuffer = (b: Uint8Array): Buffer => Buffer.from(b.buffer, b.byteOffset, b.byteLength);

/** avsc value → runtime value. */
export function fromAvroConverter(node: AvroNode, type: LogicalType): Conv {
  const inner = nullableBranch(node);
  if (inner) {
    // unions are wrapped ({branch: value}) so bigint longs work inside them
    const c = fromAvroConverter(inner, type);
    const branch = branchName(inner);
    return (v) => (v === null || v === undefined ? null : c((v as Record<string, unknown>)[branch]));
  }
  const logical = logicalTypeOf(node);
  switch (type.kind) {
    case 'BOOLEAN':
    case 'CHAR':
    case 'VARCHAR':
      if (node.kind === 'enum') return (v) => v;
      if (node.kind === 'primitive' && (node.name === 'boolean' || node.name === 'string')) return (v) => v;
      throw mismatch(node, type);
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'DATE':
    case 'TIME':
      if (node.kind === 'primitive' && node.name === 'int') return (v) => v;
      throw mismatch(node, type);
    case 'BIGINT':
      if (node.kind === 'primitive' && node.name === 'long') return (v) => v;
      if (node.kind === 'primitive' && node.name === 'int') return (v) => BigInt(v as number);
      throw mismatch(node, type);
    case 'FLOAT':
    case 'DOUBLE':
      if (
        node.kind === 'primitive' &&
        (node.name === 'float' || node.name === 'double' || node.name === 'int')
      ) {
        return type.kind === 'FLOAT' ? (v) => Math.fround(v as number) : (v) => v;
      }
      if (node.kind === 'primitive' && node.name === 'long') return (v) => Number(v as bigint);
      throw mismatch(node, type);
    case 'DECIMAL': {
      if (
        logical !== 'decimal' ||
        (node.kind !== 'fixed' && !(node.kind === 'primitive' && node.name === 'bytes'))
      ) {
        throw mismatch(node, type);
      }
      const writerScale = Number(node.props['scale'] ?? 0);
      const { precision, scale } = type;
      return (v) => toDecimal(bytesToBigint(v as Uint8Array), writerScale, precision, scale);
    }
    case 'BINARY':
    case 'VARBINARY':
      if (node.kind === 'fixed' || (node.kind === 'primitive' && node.name === 'bytes'))
        return (v) => copyBytes(v as Uint8Array);
      throw mismatch(node, type);
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      if (!(node.kind === 'primitive' && node.name === 'long')) throw mismatch(node, type);
      const { precision } = type;
      if (logical === 'timestamp-micros' || logical === 'local-timestamp-micros') {
        return (v) => {
          const micros = v as bigint;
          const millis = micros / 1000n - (micros % 1000n < 0n ? 1n : 0n);
          return timestampValue(Number(millis), Number(micros - millis * 1000n) * 1000, precision);
        };
      }
      if (logical === 'timestamp-nanos' || logical === 'local-timestamp-nanos') {
        return (v) => {
          const nanos = v as bigint;
          const millis = nanos / 1_000_000n - (nanos % 1_000_000n < 0n ? 1n : 0n);
          return timestampValue(Number(millis), Number(nanos - millis * 1_000_000n), precision);
        };
      }
      return precision <= 3
        ? (v) => Number(v as bigint)
        : (v) => timestampValue(Number(v as bigint), 0, precision);
    }
    case 'ARRAY': {
      if (node.kind !== 'array') throw mismatch(node, type);
      const el = fromAvroConverter(node.items, type.element);
      return (v) => (v as unknown[]).map(el);
    }
    case 'MAP':
    case 'MULTISET': {
      const keyType = type.kind === 'MAP' ? type.key : type.element;
      const valueType: LogicalType = type.kind === 'MAP' ? type.value : { kind: 'INT', nullable: false };
      if (node.kind === 'map') {
        const val = fromAvroConverter(node.values, valueType);
        return (v) => {
          const out = new Map<unknown, unknown>();
          for (const [k, x] of Object.entries(v as Record<string, unknown>)) out.set(k, val(x));
          return out;
        };
      }
      if (node.kind === 'array' && node.items.kind === 'record' && node.items.fields.length === 2) {
        const key = fromAvroConverter(node.items.fields[0]!.type, keyType);
        const val = fromAvroConverter(node.items.fields[1]!.type, valueType);
        return (v) => {
          const out = new Map<unknown, unknown>();
          for (const e of v as Record<string, unknown>[]) out.set(key(e['key']), val(e['value']));
          return out;
        };
      }
      throw mismatch(node, type);
    }
    case 'ROW': {
      if (node.kind !== 'record') throw mismatch(node, type);
      const names = type.fields.map((f) => f.name);
      const convs = type.fields.map((f) => {
        const af = node.fields.find((x) => x.name === f.name);
        return af ? fromAvroConverter(af.type, f.type) : undefined;
      });
      return (v) => {
        const rec = v as Record<string, unknown>;
        const row = new Array<unknown>(names.length);
        for (let i = 0; i < names.length; i++) {
          const c = convs[i];
          row[i] = c === undefined ? null : c(rec[names[i]!]);
        }
        return row;
      };
    }
    default:
      throw mismatch(node, type);
  }
}

function micros(v: number | PreciseTimestamp): bigint {
  if (typeof v === 'number') return BigInt(v) * 1000n;
  return BigInt(v.millis) * 1000n + BigInt(Math.floor(v.nanoOfMilli / 1000));
}
const millisOf = (v: number | PreciseTimestamp): number => (typeof v === 'number' ? v : v.millis);

/** Runtime value → avsc value for the writer schema node. */
export function toAvroConverter(node: AvroNode, type: LogicalType): Conv {
  const inner = nullableBranch(node);
  if (inner) {
    const c = toAvroConverter(inner, type);
    const branch = branchName(inner);
    return (v) => (v === null || v === undefined ? null : { [branch]: c(v) });
  }
  const notNull =
    (c: Conv): Conv =>
    (v) => {
      if (v === null || v === undefined)
        throw new FormatError(`null value for the non-nullable Avro type ${describeAvro(node)}`);
      return c(v);
    };
  const logical = logicalTypeOf(node);
  switch (type.kind) {
    case 'BOOLEAN':
    case 'CHAR':
    case 'VARCHAR':
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'DATE':
    case 'TIME':
    case 'FLOAT':
    case 'DOUBLE':
      if (node.kind === 'primitive' && node.name === 'long') return notNull((v) => BigInt(v as number));
      return notNull((v) => v);
    case 'BIGINT':
      if (node.kind === 'primitive' && node.name !== 'long') return notNull((v) => Number(v as bigint));
      return notNull((v) => v);
    case 'DECIMAL': {
      const writerScale = Number(node.props['scale'] ?? type.scale);
      const size = node.kind === 'fixed' ? node.size : undefined;
      return notNull((v) => {
        const bytes = bigintToBytes(rescale(v as bigint, type.scale, writerScale));
        if (size === undefined) return asBuffer(bytes);
        if (bytes.length > size) throw new FormatError(`decimal does not fit fixed(${size})`);
        const out = Buffer.alloc(size, (bytes[0]! & 0x80) !== 0 ? 0xff : 0);
        out.set(bytes, size - bytes.length);
        return out;
      });
    }
    case 'BINARY':
    case 'VARBINARY': {
      const size = node.kind === 'fixed' ? node.size : undefined;
      return notNull((v) => {
        const b = v as Uint8Array;
        if (size !== undefined && b.length !== size) {
          const out = Buffer.alloc(size);
          out.set(b.subarray(0, size));
          return out;
        }
        return asBuffer(b);
      });
    }
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      if (logical === 'timestamp-micros' || logical === 'local-timestamp-micros') {
        return notNull((v) => micros(v as number | PreciseTimestamp));
      }
      return notNull((v) => BigInt(millisOf(v as number | PreciseTimestamp)));
    case 'ARRAY': {
      if (node.kind !== 'array') throw mismatch(node, type);
      const el = toAvroConverter(node.items, type.element);
      return notNull((v) => (v as unknown[]).map(el));
    }
    case 'MAP':
    case 'MULTISET': {
      const keyType = type.kind === 'MAP' ? type.key : type.element;
      const valueType: LogicalType = type.kind === 'MAP' ? type.value : { kind: 'INT', nullable: false };
      if (node.kind === 'map') {
        const val = toAvroConverter(node.values, valueType);
        return notNull((v) => {
          const out: Record<string, unknown> = {};
          for (const [k, x] of v as Map<unknown, unknown>) out[String(k)] = val(x);
          return out;
        });
      }
      if (node.kind === 'array' && node.items.kind === 'record' && node.items.fields.length === 2) {
        const key = toAvroConverter(node.items.fields[0]!.type, keyType);
        const val = toAvroConverter(node.items.fields[1]!.type, valueType);
        return notNull((v) =>
          [...(v as Map<unknown, unknown>)].map(([k, x]) => ({ key: key(k), value: val(x) })),
        );
      }
      throw mismatch(node, type);
    }
    case 'ROW': {
      if (node.kind !== 'record') throw mismatch(node, type);
      const fields = node.fields.map((af) => {
        const index = type.fields.findIndex((f) => f.name === af.name);
        if (index < 0) {
          const nullableField = nullableBranch(af.type) !== undefined;
          if (!nullableField)
            throw new FormatOptionError(`Avro field '${af.name}' has no column to write it from`);
          return { name: af.name, index, conv: () => null };
        }
        return { name: af.name, index, conv: toAvroConverter(af.type, type.fields[index]!.type) };
      });
      return notNull((v) => {
        const row = v as readonly unknown[];
        const rec: Record<string, unknown> = {};
        for (const f of fields) {
          try {
            rec[f.name] = f.conv(f.index < 0 ? null : row[f.index]);
          } catch (e) {
            throw new FormatError(`field '${f.name}': ${e instanceof Error ? e.message : String(e)}`);
          }
        }
        return rec;
      });
    }
    default:
      throw mismatch(node, type);
  }
}
