/**
 * Avro ⇄ Flink type mapping, following Confluent Cloud for Apache Flink's documented mapping
 * (docs/type-mapping.md). `style: 'flink'` derives the schema exactly as Apache Flink's `avro` format
 * does (AvroSchemaConverter: BINARY as bytes, no extra properties, legacy timestamp logical types).
 */
import { type LogicalType, MAX_LENGTH, type RowType, T } from '../../expr/types.ts';
import { FormatOptionError } from '../format.ts';
import { type AvroNode, logicalTypeOf, nullableBranch, parseAvroSchema } from './avro-schema.ts';

export type AvroSchemaJson = string | { readonly [key: string]: unknown } | readonly unknown[];

export interface AvroDeriveOptions {
  readonly style?: 'confluent' | 'flink';
  /** Full name of the top-level record; default `org.apache.flink.avro.generated.record`. */
  readonly recordName?: string;
}

const AVRO_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
export const MAP_ENTRY = 'MapEntry';

/** The Avro schema for a Flink ROW type (nullable types become `["null", T]` with default null). */
export function avroSchemaFromRowType(row: RowType, opts: AvroDeriveOptions = {}): AvroSchemaJson {
  const style = opts.style ?? 'confluent';
  const full = opts.recordName ?? 'org.apache.flink.avro.generated.record';
  const cc = style === 'confluent';

  const nullable = (t: LogicalType, schema: AvroSchemaJson): AvroSchemaJson =>
    t.nullable && t.kind !== 'NULL' ? ['null', schema] : schema;

  const convert = (t: LogicalType, name: string): AvroSchemaJson => nullable(t, convertNonNull(t, name));

  const record = (r: RowType, name: string): AvroSchemaJson => {
    const dot = name.lastIndexOf('.');
    const simple = dot < 0 ? name : name.slice(dot + 1);
    return {
      type: 'record',
      name: simple,
      ...(dot < 0 ? {} : { namespace: name.slice(0, dot) }),
      fields: r.fields.map((f) => {
        if (!AVRO_NAME.test(f.name)) {
          throw new FormatOptionError(
            `Column name '${f.name}' is not a valid Avro field name: it must start with [A-Za-z_] and contain only [A-Za-z0-9_]`,
          );
        }
        const type = convert(f.type, `${simple}_${f.name}`);
        return f.type.nullable ? { name: f.name, type, default: null } : { name: f.name, type };
      }),
    };
  };

  const convertNonNull = (t: LogicalType, name: string): AvroSchemaJson => {
    switch (t.kind) {
      case 'NULL':
        return 'null';
      case 'BOOLEAN':
        return 'boolean';
      case 'TINYINT':
        return cc ? { type: 'int', 'connect.type': 'int8' } : 'int';
      case 'SMALLINT':
        return cc ? { type: 'int', 'connect.type': 'int16' } : 'int';
      case 'INT':
        return 'int';
      case 'BIGINT':
        return 'long';
      case 'FLOAT':
        return 'float';
      case 'DOUBLE':
        return 'double';
      case 'CHAR':
        return cc
          ? { type: 'string', 'flink.maxLength': t.length, 'flink.minLength': t.length, 'flink.version': '1' }
          : 'string';
      case 'VARCHAR':
        return cc && t.length !== MAX_LENGTH
          ? { type: 'string', 'flink.maxLength': t.length, 'flink.version': '1' }
          : 'string';
      case 'BINARY':
        return cc ? { type: 'fixed', name, size: t.length } : 'bytes';
      case 'VARBINARY':
        return cc && t.length !== MAX_LENGTH
          ? { type: 'bytes', 'flink.maxLength': t.length, 'flink.version': '1' }
          : 'bytes';
      case 'DECIMAL':
        return { type: 'bytes', logicalType: 'decimal', precision: t.precision, scale: t.scale };
      case 'DATE':
        return { type: 'int', logicalType: 'date' };
      case 'TIME':
        if (t.precision > 3)
          throw new FormatOptionError(`Avro supports TIME with precision up to 3, got TIME(${t.precision})`);
        return { type: 'int', logicalType: 'time-millis' };
      case 'TIMESTAMP':
      case 'TIMESTAMP_LTZ': {
        if (t.precision > 6) {
          throw new FormatOptionError(
            `Avro supports ${t.kind} with precision up to 6, got ${t.kind}(${t.precision})`,
          );
        }
        const local = cc && t.kind === 'TIMESTAMP' ? 'local-' : '';
        return { type: 'long', logicalType: `${local}timestamp-${t.precision <= 3 ? 'millis' : 'micros'}` };
      }
      case 'ARRAY':
        return { type: 'array', items: convert(t.element, name) };
      case 'MAP':
      case 'MULTISET': {
        const key = t.kind === 'MAP' ? t.key : t.element;
        const value: LogicalType = t.kind === 'MAP' ? t.value : T.int(false);
        if (key.kind === 'CHAR' || key.kind === 'VARCHAR')
          return { type: 'map', values: convert(value, name) };
        if (!cc)
          throw new FormatOptionError(`Avro format supports only string keys of ${t.kind}, got ${key.kind}`);
        // Confluent: a map with non-string keys is an array of key/value records
        return {
          type: 'array',
          items: {
            type: 'record',
            name: `${name}_${MAP_ENTRY}`,
            'connect.internal.type': MAP_ENTRY,
            fields: [
              { name: 'key', type: convert(key, `${name}_key`) },
              { name: 'value', type: convert(value, `${name}_value`) },
            ],
          },
          ...(t.kind === 'MULTISET' ? { 'flink.type': 'multiset' } : {}),
        };
      }
      case 'ROW':
        return record(t, name);
      default:
        throw new FormatOptionError(`Avro does not support the Flink type ${t.kind}`);
    }
  };
  return record(row, full);
}

/** The Flink type of an Avro schema node (Confluent Cloud's Avro → Flink direction). */
export function logicalTypeFromAvro(schema: AvroNode | AvroSchemaJson): LogicalType {
  const node =
    typeof schema === 'object' && schema !== null && 'kind' in schema && 'props' in schema
      ? (schema as AvroNode)
      : parseAvroSchema(schema);
  const convert = (n: AvroNode, nullable: boolean): LogicalType => {
    const inner = nullableBranch(n);
    if (inner) return convert(inner, true);
    const logical = logicalTypeOf(n);
    const intProp = (k: string): number | undefined =>
      typeof n.props[k] === 'number' ? (n.props[k] as number) : undefined;
    switch (n.kind) {
      case 'primitive':
        switch (n.name) {
          case 'null':
            return T.null();
          case 'boolean':
            return T.boolean(nullable);
          case 'int':
            if (logical === 'date') return T.date(nullable);
            if (logical === 'time-millis') return T.time(3, nullable);
            if (n.props['connect.type'] === 'int8') return T.tinyint(nullable);
            if (n.props['connect.type'] === 'int16') return T.smallint(nullable);
            return T.int(nullable);
          case 'long':
            if (logical === 'timestamp-millis') return T.timestampLtz(3, nullable);
            if (logical === 'timestamp-micros') return T.timestampLtz(6, nullable);
            if (logical === 'local-timestamp-millis') return T.timestamp(3, nullable);
            if (logical === 'local-timestamp-micros') return T.timestamp(6, nullable);
            return T.bigint(nullable);
          case 'float':
            return T.float(nullable);
          case 'double':
            return T.double(nullable);
          case 'bytes': {
            if (logical === 'decimal')
              return T.decimal(intProp('precision') ?? 38, intProp('scale') ?? 0, nullable);
            const max = intProp('flink.maxLength');
            return max === undefined ? T.bytes(nullable) : T.varbinary(max, nullable);
          }
          case 'string': {
            const max = intProp('flink.maxLength');
            const min = intProp('flink.minLength');
            if (max === undefined) return T.string(nullable);
            return min === max ? T.char(max, nullable) : T.varchar(max, nullable);
          }
        }
        break;
      case 'fixed':
        if (logical === 'decimal')
          return T.decimal(intProp('precision') ?? 38, intProp('scale') ?? 0, nullable);
        return T.binary(n.size, nullable);
      case 'enum':
        return T.string(nullable);
      case 'array': {
        const items = n.items;
        if (
          items.kind === 'record' &&
          items.props['connect.internal.type'] === MAP_ENTRY &&
          items.fields.length === 2
        ) {
          const key = convert(items.fields[0]!.type, false);
          const value = convert(items.fields[1]!.type, false);
          if (n.props['flink.type'] === 'multiset') return T.multiset(key, nullable);
          return T.map(key, value, nullable);
        }
        return T.array(convert(items, false), nullable);
      }
      case 'map':
        return T.map(T.string(false), convert(n.values, false), nullable);
      case 'record':
        return T.row(
          n.fields.map((f) => ({ name: f.name, type: convert(f.type, false) })),
          nullable,
        );
      case 'union':
        throw new FormatOptionError(
          `Avro unions other than [null, T] are not supported (got a union of ${n.branches.length} types)`,
        );
    }
    throw new FormatOptionError('Unsupported Avro schema node');
  };
  return convert(node, false);
}

/** The columns of a schema: a record's fields, or one column named `columnName` for other types. */
export function rowTypeFromAvro(schema: AvroNode | AvroSchemaJson, columnName = 'value'): RowType {
  const t = logicalTypeFromAvro(schema);
  if (t.kind === 'ROW') return { ...t, nullable: false };
  return T.row([[columnName, t]], false);
}
