/**
 * Protobuf ⇄ Flink type mapping, following Confluent Cloud for Apache Flink (docs/type-mapping.md).
 * Proto3 scalars are NOT NULL unless `optional`; message fields are nullable; repeated fields and maps
 * are NOT NULL; wrappers (google.protobuf.*Value) are nullable scalars; google.protobuf.Timestamp is
 * TIMESTAMP_LTZ(9), google.type.Date is DATE, google.type.TimeOfDay is TIME(3).
 */
import protobuf from 'protobufjs';
import { type LogicalType, type RowType, T } from '../../expr/types.ts';
import { FormatOptionError } from '../format.ts';

const WRAPPERS: Readonly<Record<string, () => LogicalType>> = {
  'google.protobuf.DoubleValue': () => T.double(),
  'google.protobuf.FloatValue': () => T.float(),
  'google.protobuf.Int64Value': () => T.bigint(),
  'google.protobuf.UInt64Value': () => T.bigint(),
  'google.protobuf.Int32Value': () => T.int(),
  'google.protobuf.UInt32Value': () => T.bigint(),
  'google.protobuf.BoolValue': () => T.boolean(),
  'google.protobuf.StringValue': () => T.string(),
  'google.protobuf.BytesValue': () => T.bytes(),
};

export const fullNameOf = (t: protobuf.ReflectionObject): string => t.fullName.replace(/^\./, '');

function scalarType(name: string, nullable: boolean): LogicalType {
  switch (name) {
    case 'bool':
      return T.boolean(nullable);
    case 'int32':
    case 'sint32':
    case 'sfixed32':
      return T.int(nullable);
    case 'uint32':
    case 'fixed32':
    case 'int64':
    case 'sint64':
    case 'sfixed64':
    case 'uint64':
    case 'fixed64':
      return T.bigint(nullable);
    case 'float':
      return T.float(nullable);
    case 'double':
      return T.double(nullable);
    case 'string':
      return T.string(nullable);
    case 'bytes':
      return T.bytes(nullable);
    default:
      throw new FormatOptionError(`Protobuf type '${name}' cannot be mapped to a Flink type`);
  }
}

/** Explicit presence: message fields, oneof members, proto3 `optional` and proto2 `optional`. */
export function hasPresence(field: protobuf.Field): boolean {
  if (field.repeated || field.map) return false;
  if (field.resolvedType instanceof protobuf.Type) return true;
  return Boolean(field.hasPresence);
}

/** The Flink type of a resolved message type. */
export function rowTypeFromProtobuf(message: protobuf.Type): RowType {
  const stack = new Set<string>();
  const messageType = (m: protobuf.Type, nullable: boolean): LogicalType => {
    const name = fullNameOf(m);
    const wrapper = WRAPPERS[name];
    if (wrapper) return wrapper();
    if (name === 'google.protobuf.Timestamp') return T.timestampLtz(9, nullable);
    if (name === 'google.type.Date') return T.date(nullable);
    if (name === 'google.type.TimeOfDay') return T.time(3, nullable);
    if (stack.has(name))
      throw new FormatOptionError(`Recursive Protobuf message '${name}' cannot be mapped to a Flink type`);
    stack.add(name);
    const row = T.row(
      m.fieldsArray.map((f) => ({ name: f.name, type: fieldType(f) })),
      nullable,
    );
    stack.delete(name);
    return row;
  };
  const valueType = (f: protobuf.Field, typeName: string, nullable: boolean): LogicalType => {
    const resolved = f.resolvedType;
    if (resolved instanceof protobuf.Type) return messageType(resolved, true);
    if (resolved instanceof protobuf.Enum) return T.string(nullable);
    return scalarType(typeName, nullable);
  };
  const fieldType = (f: protobuf.Field): LogicalType => {
    f.resolve();
    if (f instanceof protobuf.MapField) {
      return T.map(scalarType(f.keyType, false), valueType(f, f.type, false), false);
    }
    if (f.repeated) return T.array(valueType(f, f.type, false), false);
    return valueType(f, f.type, hasPresence(f));
  };
  return { ...(messageType(message, false) as RowType), nullable: false };
}

export interface DerivedProto {
  /** The .proto text; the top-level message (index 0) is `Row`. */
  readonly schema: string;
  readonly messageName: string;
}

/** A proto3 schema for a Flink ROW type: nullable scalars `optional`, nested ROWs nested messages. */
export function protobufSchemaFromRowType(row: RowType, packageName = 'io.confluent.flink'): DerivedProto {
  let needsTimestamp = false;
  const message = (r: RowType, name: string, indent: string): string => {
    const nested: string[] = [];
    const fields = r.fields.map((f, i) => {
      const number = i + 1;
      const t = f.type;
      if (t.kind === 'ARRAY') {
        return `${indent}  repeated ${element(t.element, `${f.name}_Element`, nested, indent)} ${f.name} = ${number};`;
      }
      if (t.kind === 'MAP') {
        const key = scalarName(t.key);
        if (!['string', 'int32', 'int64', 'bool'].includes(key)) {
          throw new FormatOptionError(
            `Protobuf map keys must be STRING, INT, BIGINT or BOOLEAN, got ${t.key.kind} (column '${f.name}')`,
          );
        }
        return `${indent}  map<${key}, ${element(t.value, `${f.name}_Value`, nested, indent)}> ${f.name} = ${number};`;
      }
      if (t.kind === 'ROW') {
        nested.push(message(t, `${f.name}_Row`, `${indent}  `));
        return `${indent}  ${f.name}_Row ${f.name} = ${number};`;
      }
      const s = scalarName(t);
      const optional = t.nullable && s !== 'google.protobuf.Timestamp' ? 'optional ' : '';
      return `${indent}  ${optional}${s} ${f.name} = ${number};`;
    });
    return `${indent}message ${name} {\n${nested.join('\n')}${nested.length ? '\n' : ''}${fields.join('\n')}\n${indent}}`;
  };
  const element = (t: LogicalType, name: string, nested: string[], indent: string): string => {
    if (t.kind === 'ROW') {
      nested.push(message(t, name, `${indent}  `));
      return name;
    }
    if (t.kind === 'ARRAY' || t.kind === 'MAP' || t.kind === 'MULTISET') {
      throw new FormatOptionError(`Protobuf cannot nest ${t.kind} directly in a repeated field or map`);
    }
    return scalarName(t);
  };
  const scalarName = (t: LogicalType): string => {
    switch (t.kind) {
      case 'BOOLEAN':
        return 'bool';
      case 'TINYINT':
      case 'SMALLINT':
      case 'INT':
        return 'int32';
      case 'BIGINT':
        return 'int64';
      case 'FLOAT':
        return 'float';
      case 'DOUBLE':
        return 'double';
      case 'CHAR':
      case 'VARCHAR':
        return 'string';
      case 'BINARY':
      case 'VARBINARY':
        return 'bytes';
      case 'TIMESTAMP':
      case 'TIMESTAMP_LTZ':
        needsTimestamp = true;
        return 'google.protobuf.Timestamp';
      default:
        throw new FormatOptionError(
          `proto-registry cannot derive a Protobuf schema for ${t.kind} (DECIMAL, DATE and TIME need schema references, not supported yet)`,
        );
    }
  };
  const body = message(row, 'Row', '');
  const imports = needsTimestamp ? 'import "google/protobuf/timestamp.proto";\n' : '';
  return {
    schema: `syntax = "proto3";\npackage ${packageName};\n${imports}\n${body}\n`,
    messageName: `${packageName}.Row`,
  };
}
