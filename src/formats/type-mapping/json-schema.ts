/**
 * JSON Schema ⇄ Flink type mapping, following Confluent Cloud for Apache Flink (docs/type-mapping.md):
 * Kafka Connect hints (`connect.type`, `title` org.apache.kafka.connect.data.*) keep integer widths and
 * temporal types, nullable types are `oneOf: [{type: null}, T]`, maps with non-string keys are arrays of
 * {key, value} objects.
 */
import { type LogicalType, MAX_LENGTH, type RowType, T } from '../../expr/types.ts';
import { FormatOptionError } from '../format.ts';

export type JsonSchema = { readonly [key: string]: unknown };

const CONNECT_DECIMAL = 'org.apache.kafka.connect.data.Decimal';
const CONNECT_DATE = 'org.apache.kafka.connect.data.Date';
const CONNECT_TIME = 'org.apache.kafka.connect.data.Time';
const CONNECT_TIMESTAMP = 'org.apache.kafka.connect.data.Timestamp';

/** The JSON Schema (draft-07) for a Flink ROW type, with the title `record`. */
export function jsonSchemaFromRowType(row: RowType, title = 'Record'): JsonSchema {
  const convert = (t: LogicalType): JsonSchema => {
    const s = convertNonNull(t);
    return t.nullable && t.kind !== 'NULL' ? { oneOf: [{ type: 'null' }, s] } : s;
  };
  const object = (r: RowType, name?: string): JsonSchema => ({
    type: 'object',
    ...(name ? { title: name } : {}),
    properties: Object.fromEntries(r.fields.map((f) => [f.name, convert(f.type)])),
    required: r.fields.filter((f) => !f.type.nullable).map((f) => f.name),
  });
  const convertNonNull = (t: LogicalType): JsonSchema => {
    switch (t.kind) {
      case 'NULL':
        return { type: 'null' };
      case 'BOOLEAN':
        return { type: 'boolean' };
      case 'TINYINT':
        return { type: 'integer', 'connect.type': 'int8' };
      case 'SMALLINT':
        return { type: 'integer', 'connect.type': 'int16' };
      case 'INT':
        return { type: 'integer', 'connect.type': 'int32' };
      case 'BIGINT':
        return { type: 'integer', 'connect.type': 'int64' };
      case 'FLOAT':
        return { type: 'number', 'connect.type': 'float32' };
      case 'DOUBLE':
        return { type: 'number', 'connect.type': 'float64' };
      case 'CHAR':
        return { type: 'string', minLength: t.length, maxLength: t.length };
      case 'VARCHAR':
        return t.length === MAX_LENGTH ? { type: 'string' } : { type: 'string', maxLength: t.length };
      case 'BINARY':
        return {
          type: 'string',
          'connect.type': 'bytes',
          'flink.minLength': t.length,
          'flink.maxLength': t.length,
        };
      case 'VARBINARY':
        return t.length === MAX_LENGTH
          ? { type: 'string', 'connect.type': 'bytes' }
          : { type: 'string', 'connect.type': 'bytes', 'flink.maxLength': t.length };
      case 'DECIMAL':
        return {
          type: 'number',
          title: CONNECT_DECIMAL,
          'connect.version': 1,
          'connect.type': 'bytes',
          'connect.parameters': { scale: String(t.scale), 'connect.decimal.precision': String(t.precision) },
        };
      case 'DATE':
        return { type: 'integer', title: CONNECT_DATE, 'connect.version': 1, 'connect.type': 'int32' };
      case 'TIME':
        return {
          type: 'integer',
          title: CONNECT_TIME,
          'connect.version': 1,
          'connect.type': 'int32',
          'flink.precision': t.precision,
        };
      case 'TIMESTAMP':
        return {
          type: 'integer',
          'connect.type': 'int64',
          'flink.type': 'timestamp',
          'flink.precision': t.precision,
        };
      case 'TIMESTAMP_LTZ':
        return {
          type: 'integer',
          title: CONNECT_TIMESTAMP,
          'connect.version': 1,
          'connect.type': 'int64',
          'flink.precision': t.precision,
        };
      case 'ARRAY':
        return { type: 'array', items: convert(t.element) };
      case 'MAP':
      case 'MULTISET': {
        const key = t.kind === 'MAP' ? t.key : t.element;
        const value: LogicalType = t.kind === 'MAP' ? t.value : T.int(false);
        const multiset = t.kind === 'MULTISET' ? { 'flink.type': 'multiset' } : {};
        if ((key.kind === 'CHAR' || key.kind === 'VARCHAR') && !key.nullable) {
          return { type: 'object', additionalProperties: convert(value), 'connect.type': 'map', ...multiset };
        }
        return {
          type: 'array',
          'connect.type': 'map',
          ...multiset,
          items: {
            type: 'object',
            properties: { key: convert(key), value: convert(value) },
            required: requiredOf(key, value),
          },
        };
      }
      case 'ROW':
        return object(t);
      default:
        throw new FormatOptionError(`JSON Schema does not support the Flink type ${t.kind}`);
    }
  };
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...object(row, title) };
}

function requiredOf(key: LogicalType, value: LogicalType): string[] {
  return [...(key.nullable ? [] : ['key']), ...(value.nullable ? [] : ['value'])];
}

const isObject = (v: unknown): v is JsonSchema => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The Flink type of a JSON Schema (Confluent Cloud's JSON Schema → Flink direction). */
export function logicalTypeFromJsonSchema(schema: JsonSchema | string): LogicalType {
  const root: JsonSchema = typeof schema === 'string' ? (JSON.parse(schema) as JsonSchema) : schema;
  const resolveRef = (ref: string): JsonSchema => {
    if (!ref.startsWith('#/')) throw new FormatOptionError(`Unsupported JSON Schema reference '${ref}'`);
    let node: unknown = root;
    for (const part of ref.slice(2).split('/')) node = isObject(node) ? node[part] : undefined;
    if (!isObject(node)) throw new FormatOptionError(`Unresolvable JSON Schema reference '${ref}'`);
    return node;
  };
  const seen = new Set<JsonSchema>();
  const convert = (s: JsonSchema, nullable: boolean): LogicalType => {
    if (typeof s['$ref'] === 'string') {
      const target = resolveRef(s['$ref']);
      if (seen.has(target))
        throw new FormatOptionError(`Recursive JSON Schema '${s['$ref']}' cannot be mapped to a Flink type`);
      seen.add(target);
      const t = convert(target, nullable);
      seen.delete(target);
      return t;
    }
    for (const combinator of ['oneOf', 'anyOf'] as const) {
      const options = s[combinator];
      if (Array.isArray(options)) {
        const nonNull = options.filter((o) => !(isObject(o) && o['type'] === 'null'));
        if (nonNull.length === 1 && isObject(nonNull[0]))
          return convert(nonNull[0], nullable || nonNull.length < options.length);
        return T.row(
          nonNull.map((o, i) => ({
            name: `connect_union_field_${i}`,
            type: withNullable(convert(o as JsonSchema, true)),
          })),
          nullable,
        );
      }
    }
    let type = s['type'];
    if (Array.isArray(type)) {
      const nonNull = type.filter((x) => x !== 'null');
      if (nonNull.length !== 1)
        throw new FormatOptionError(`JSON Schema type list ${JSON.stringify(type)} is not supported`);
      nullable = nullable || nonNull.length < type.length;
      type = nonNull[0];
    }
    const connectType = s['connect.type'];
    const title = s['title'];
    const flinkType = s['flink.type'];
    const precision = typeof s['flink.precision'] === 'number' ? s['flink.precision'] : 3;
    if (type === undefined && Array.isArray(s['enum'])) return T.string(nullable);
    if (type === undefined && 'const' in s) return T.string(nullable);
    switch (type) {
      case 'null':
        return T.null();
      case 'boolean':
        return T.boolean(nullable);
      case 'integer':
      case 'number':
        if (title === CONNECT_DECIMAL) {
          const params = isObject(s['connect.parameters']) ? s['connect.parameters'] : {};
          return T.decimal(
            Number(params['connect.decimal.precision'] ?? 38),
            Number(params['scale'] ?? 0),
            nullable,
          );
        }
        if (title === CONNECT_DATE) return T.date(nullable);
        if (title === CONNECT_TIME) return T.time(Math.min(precision, 3), nullable);
        if (title === CONNECT_TIMESTAMP) return T.timestampLtz(precision, nullable);
        if (flinkType === 'timestamp') return T.timestamp(precision, nullable);
        if (connectType === 'int8') return T.tinyint(nullable);
        if (connectType === 'int16') return T.smallint(nullable);
        if (connectType === 'int32') return T.int(nullable);
        if (connectType === 'int64') return T.bigint(nullable);
        if (connectType === 'float32') return T.float(nullable);
        if (connectType === 'float64') return T.double(nullable);
        return type === 'integer' ? T.bigint(nullable) : T.double(nullable);
      case 'string': {
        if (connectType === 'bytes') {
          const max = s['flink.maxLength'];
          if (typeof max !== 'number') return T.bytes(nullable);
          return s['flink.minLength'] === max ? T.binary(max, nullable) : T.varbinary(max, nullable);
        }
        const max = s['maxLength'];
        if (typeof max !== 'number') return T.string(nullable);
        return s['minLength'] === max ? T.char(max, nullable) : T.varchar(max, nullable);
      }
      case 'array': {
        const items = isObject(s['items']) ? s['items'] : {};
        if (connectType === 'map' && isObject(items['properties'])) {
          const props = items['properties'] as JsonSchema;
          const required = Array.isArray(items['required']) ? (items['required'] as unknown[]) : [];
          const key = convert((props['key'] ?? {}) as JsonSchema, !required.includes('key'));
          const value = convert((props['value'] ?? {}) as JsonSchema, !required.includes('value'));
          return flinkType === 'multiset' ? T.multiset(key, nullable) : T.map(key, value, nullable);
        }
        return T.array(convert(items, false), nullable);
      }
      case 'object': {
        const props = s['properties'];
        const additional = s['additionalProperties'];
        if (!isObject(props) && isObject(additional)) {
          if (flinkType === 'multiset') return T.multiset(T.string(false), nullable);
          return T.map(T.string(false), convert(additional, false), nullable);
        }
        const required = Array.isArray(s['required']) ? (s['required'] as unknown[]) : [];
        return T.row(
          Object.entries(isObject(props) ? props : {}).map(([name, p]) => ({
            name,
            type: convert(p as JsonSchema, !required.includes(name)),
          })),
          nullable,
        );
      }
      default:
        throw new FormatOptionError(
          `JSON Schema node ${JSON.stringify(s).slice(0, 80)} cannot be mapped to a Flink type`,
        );
    }
  };
  return convert(root, false);
}

const withNullable = (t: LogicalType): LogicalType => (t.kind === 'NULL' ? t : { ...t, nullable: true });

export function rowTypeFromJsonSchema(schema: JsonSchema | string, columnName = 'value'): RowType {
  const t = logicalTypeFromJsonSchema(schema);
  if (t.kind === 'ROW') return { ...t, nullable: false };
  return T.row([[columnName, t]], false);
}
