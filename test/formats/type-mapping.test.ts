import protobuf from 'protobufjs';
import { describe, expect, it } from 'vitest';
import { formatType, type LogicalType, T } from '../../src/expr/types.ts';
import type { AvroSchemaJson } from '../../src/formats/type-mapping/avro.ts';
import {
  avroSchemaFromRowType,
  logicalTypeFromAvro,
  rowTypeFromAvro,
} from '../../src/formats/type-mapping/avro.ts';
import type { JsonSchema } from '../../src/formats/type-mapping/json-schema.ts';
import {
  jsonSchemaFromRowType,
  logicalTypeFromJsonSchema,
} from '../../src/formats/type-mapping/json-schema.ts';
import { protobufSchemaFromRowType, rowTypeFromProtobuf } from '../../src/formats/type-mapping/protobuf.ts';

const field = (schema: unknown): unknown => {
  const fields = (schema as { fields: { type: unknown }[] }).fields;
  return fields[0]!.type;
};

// Flink → Avro (docs/type-mapping.md, table "Avro", Flink → Avro), NOT NULL columns
const FLINK_TO_AVRO: [LogicalType, unknown][] = [
  [T.boolean(false), 'boolean'],
  [T.tinyint(false), { type: 'int', 'connect.type': 'int8' }],
  [T.smallint(false), { type: 'int', 'connect.type': 'int16' }],
  [T.int(false), 'int'],
  [T.bigint(false), 'long'],
  [T.float(false), 'float'],
  [T.double(false), 'double'],
  [T.char(3, false), { type: 'string', 'flink.maxLength': 3, 'flink.minLength': 3, 'flink.version': '1' }],
  [T.varchar(10, false), { type: 'string', 'flink.maxLength': 10, 'flink.version': '1' }],
  [T.string(false), 'string'],
  [T.binary(4, false), { type: 'fixed', name: 'record_c', size: 4 }],
  [T.varbinary(9, false), { type: 'bytes', 'flink.maxLength': 9, 'flink.version': '1' }],
  [T.bytes(false), 'bytes'],
  [T.decimal(6, 3, false), { type: 'bytes', logicalType: 'decimal', precision: 6, scale: 3 }],
  [T.date(false), { type: 'int', logicalType: 'date' }],
  [T.time(3, false), { type: 'int', logicalType: 'time-millis' }],
  [T.timestamp(3, false), { type: 'long', logicalType: 'local-timestamp-millis' }],
  [T.timestamp(6, false), { type: 'long', logicalType: 'local-timestamp-micros' }],
  [T.timestampLtz(3, false), { type: 'long', logicalType: 'timestamp-millis' }],
  [T.timestampLtz(6, false), { type: 'long', logicalType: 'timestamp-micros' }],
  [T.array(T.bigint(false), false), { type: 'array', items: 'long' }],
  [T.map(T.string(false), T.int(false), false), { type: 'map', values: 'int' }],
  [T.multiset(T.string(false), false), { type: 'map', values: 'int' }],
  [
    T.row([['x', T.int(false)]], false),
    { type: 'record', name: 'record_c', fields: [{ name: 'x', type: 'int' }] },
  ],
  [T.int(), ['null', 'int']],
];

// Avro → Flink (docs/type-mapping.md, Avro → Flink)
const AVRO_TO_FLINK: [unknown, LogicalType][] = [
  ['boolean', T.boolean(false)],
  ['int', T.int(false)],
  [{ type: 'int', 'connect.type': 'int8' }, T.tinyint(false)],
  [{ type: 'int', 'connect.type': 'int16' }, T.smallint(false)],
  ['long', T.bigint(false)],
  ['float', T.float(false)],
  ['double', T.double(false)],
  ['string', T.string(false)],
  [{ type: 'string', logicalType: 'uuid' }, T.string(false)],
  [{ type: 'string', 'flink.maxLength': 3, 'flink.minLength': 3 }, T.char(3, false)],
  [{ type: 'string', 'flink.maxLength': 10 }, T.varchar(10, false)],
  ['bytes', T.bytes(false)],
  [{ type: 'bytes', 'flink.maxLength': 9 }, T.varbinary(9, false)],
  [{ type: 'fixed', name: 'F', size: 16 }, T.binary(16, false)],
  [{ type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 }, T.decimal(10, 2, false)],
  [
    { type: 'fixed', name: 'D', size: 8, logicalType: 'decimal', precision: 18, scale: 4 },
    T.decimal(18, 4, false),
  ],
  [{ type: 'int', logicalType: 'date' }, T.date(false)],
  [{ type: 'int', logicalType: 'time-millis' }, T.time(3, false)],
  [{ type: 'long', logicalType: 'time-micros' }, T.bigint(false)],
  [{ type: 'long', logicalType: 'timestamp-millis' }, T.timestampLtz(3, false)],
  [{ type: 'long', logicalType: 'timestamp-micros' }, T.timestampLtz(6, false)],
  [{ type: 'long', logicalType: 'local-timestamp-millis' }, T.timestamp(3, false)],
  [{ type: 'long', logicalType: 'local-timestamp-micros' }, T.timestamp(6, false)],
  [{ type: 'enum', name: 'E', symbols: ['A', 'B'] }, T.string(false)],
  [{ type: 'array', items: 'int' }, T.array(T.int(false), false)],
  [{ type: 'map', values: 'double' }, T.map(T.string(false), T.double(false), false)],
  [
    { type: 'record', name: 'R', fields: [{ name: 'a', type: ['null', 'string'] }] },
    T.row([['a', T.string()]], false),
  ],
  [['null', 'long'], T.bigint()],
  [['long', 'null'], T.bigint()],
];

describe('Avro type mapping', () => {
  it.each(FLINK_TO_AVRO.map(([t, a]) => [formatType(t), t, a] as const))(
    'Flink %s → Avro',
    (_name, type, avro) => {
      expect(field(avroSchemaFromRowType(T.row([['c', type]])))).toEqual(avro);
    },
  );
  it.each(AVRO_TO_FLINK.map(([a, t]) => [JSON.stringify(a), a, t] as const))(
    'Avro %s → Flink',
    (_name, avro, type) => {
      expect(logicalTypeFromAvro(avro as AvroSchemaJson)).toEqual(type);
    },
  );
  it('maps non-string map keys to arrays of key/value records and back', () => {
    const type = T.row([['m', T.map(T.int(false), T.string(), false)]], false);
    const schema = avroSchemaFromRowType(type);
    expect(field(schema)).toMatchObject({ type: 'array', items: { 'connect.internal.type': 'MapEntry' } });
    expect(rowTypeFromAvro(schema)).toEqual(type);
  });
  it('round-trips a whole row type and names the top-level record like Flink', () => {
    const type = T.row(
      [
        ['a', T.bigint(false)],
        ['b', T.row([['c', T.decimal(5, 2)]])],
        ['d', T.array(T.timestampLtz(3))],
      ],
      false,
    );
    const schema = avroSchemaFromRowType(type) as { name: string; namespace: string };
    expect([schema.namespace, schema.name]).toEqual(['org.apache.flink.avro.generated', 'record']);
    expect(rowTypeFromAvro(schema)).toEqual(type);
    expect(rowTypeFromAvro('string', 'key')).toEqual(T.row([['key', T.string(false)]], false));
  });
  it('rejects what Avro cannot express', () => {
    expect(() => avroSchemaFromRowType(T.row([['i', T.intervalDayTime()]]))).toThrow(/INTERVAL_DAY_TIME/);
    expect(() => avroSchemaFromRowType(T.row([['bad-name', T.int()]]))).toThrow(
      /not a valid Avro field name/,
    );
    expect(() => logicalTypeFromAvro(['int', 'string'])).toThrow(/unions other than \[null, T\]/);
    expect(() =>
      logicalTypeFromAvro({ type: 'record', name: 'N', fields: [{ name: 'n', type: ['null', 'N'] }] }),
    ).toThrow(/Recursive/);
  });
});

// Flink ⇄ JSON Schema (docs/type-mapping.md, JSON Schema); each derived schema maps back to its type
const FLINK_JSON: [LogicalType, object][] = [
  [T.boolean(false), { type: 'boolean' }],
  [T.tinyint(false), { type: 'integer', 'connect.type': 'int8' }],
  [T.smallint(false), { type: 'integer', 'connect.type': 'int16' }],
  [T.int(false), { type: 'integer', 'connect.type': 'int32' }],
  [T.bigint(false), { type: 'integer', 'connect.type': 'int64' }],
  [T.float(false), { type: 'number', 'connect.type': 'float32' }],
  [T.double(false), { type: 'number', 'connect.type': 'float64' }],
  [T.char(2, false), { type: 'string', minLength: 2, maxLength: 2 }],
  [T.varchar(5, false), { type: 'string', maxLength: 5 }],
  [T.string(false), { type: 'string' }],
  [
    T.binary(3, false),
    { type: 'string', 'connect.type': 'bytes', 'flink.minLength': 3, 'flink.maxLength': 3 },
  ],
  [T.varbinary(4, false), { type: 'string', 'connect.type': 'bytes', 'flink.maxLength': 4 }],
  [T.bytes(false), { type: 'string', 'connect.type': 'bytes' }],
  [
    T.decimal(10, 2, false),
    {
      type: 'number',
      title: 'org.apache.kafka.connect.data.Decimal',
      'connect.parameters': { scale: '2', 'connect.decimal.precision': '10' },
    },
  ],
  [T.date(false), { type: 'integer', title: 'org.apache.kafka.connect.data.Date' }],
  [T.time(3, false), { type: 'integer', title: 'org.apache.kafka.connect.data.Time' }],
  [T.timestamp(3, false), { type: 'integer', 'flink.type': 'timestamp', 'flink.precision': 3 }],
  [T.timestampLtz(3, false), { type: 'integer', title: 'org.apache.kafka.connect.data.Timestamp' }],
  [T.array(T.int(false), false), { type: 'array', items: { type: 'integer' } }],
  [
    T.map(T.string(false), T.double(false), false),
    { type: 'object', additionalProperties: { type: 'number' } },
  ],
  [
    T.map(T.int(false), T.string(false), false),
    { type: 'array', 'connect.type': 'map', items: { type: 'object', required: ['key', 'value'] } },
  ],
  [T.multiset(T.string(false), false), { type: 'object', 'flink.type': 'multiset' }],
  [
    T.row(
      [
        ['x', T.int(false)],
        ['y', T.string()],
      ],
      false,
    ),
    { type: 'object', required: ['x'] },
  ],
  [T.int(), { oneOf: [{ type: 'null' }, { type: 'integer' }] }],
];

const JSON_TO_FLINK: [object, LogicalType][] = [
  [{ type: 'integer' }, T.bigint(false)],
  [{ type: 'number' }, T.double(false)],
  [{ type: 'string', enum: ['a'] }, T.string(false)],
  [{ enum: ['a', 'b'] }, T.string(false)],
  [{ type: ['null', 'string'] }, T.string()],
  [{ oneOf: [{ type: 'null' }, { type: 'boolean' }] }, T.boolean()],
  [
    { oneOf: [{ type: 'string' }, { type: 'integer' }] },
    T.row(
      [
        ['connect_union_field_0', T.string()],
        ['connect_union_field_1', T.bigint()],
      ],
      false,
    ),
  ],
  [
    {
      type: 'object',
      properties: { a: { $ref: '#/definitions/A' } },
      definitions: { A: { type: 'integer' } },
    },
    T.row([['a', T.bigint()]], false),
  ],
];

describe('JSON Schema type mapping', () => {
  it.each(FLINK_JSON.map(([t, j]) => [formatType(t), t, j] as const))(
    'Flink %s ⇄ JSON Schema',
    (_n, type, json) => {
      const schema = jsonSchemaFromRowType(T.row([['c', type]])) as { properties: { c: unknown } };
      expect(schema.properties.c).toMatchObject(json);
      expect(logicalTypeFromJsonSchema(schema as JsonSchema)).toEqual(T.row([['c', type]], false));
    },
  );
  it.each(JSON_TO_FLINK.map(([j, t]) => [JSON.stringify(j), j, t] as const))(
    'JSON Schema %s → Flink',
    (_n, json, type) => {
      expect(logicalTypeFromJsonSchema(json as JsonSchema)).toEqual(type);
    },
  );
  it('rejects what JSON Schema mapping cannot express', () => {
    expect(() => jsonSchemaFromRowType(T.row([['i', T.intervalYearMonth()]]))).toThrow(/INTERVAL_YEAR_MONTH/);
    expect(() =>
      logicalTypeFromJsonSchema({
        type: 'object',
        properties: { n: { $ref: '#/definitions/N' } },
        definitions: { N: { type: 'object', properties: { n: { $ref: '#/definitions/N' } } } },
      }),
    ).toThrow(/Recursive/);
  });
});

function protoRow(text: string, name = 'Row'): ReturnType<typeof rowTypeFromProtobuf> {
  const root = new protobuf.Root();
  const parsed = protobuf.parse(text, root, { keepCase: true });
  for (const dep of parsed.imports ?? []) {
    const common = protobuf.common.get(dep);
    if (common) root.addJSON(common.nested ?? {});
  }
  root.resolveAll();
  return rowTypeFromProtobuf(root.lookupType(`${parsed.package ? `${parsed.package}.` : ''}${name}`));
}

// Protobuf → Flink (docs/type-mapping.md, Protobuf)
const PROTO_TO_FLINK: [string, LogicalType][] = [
  ['bool', T.boolean(false)],
  ['int32', T.int(false)],
  ['sint32', T.int(false)],
  ['sfixed32', T.int(false)],
  ['uint32', T.bigint(false)],
  ['fixed32', T.bigint(false)],
  ['int64', T.bigint(false)],
  ['sint64', T.bigint(false)],
  ['uint64', T.bigint(false)],
  ['float', T.float(false)],
  ['double', T.double(false)],
  ['string', T.string(false)],
  ['bytes', T.bytes(false)],
  ['optional int32', T.int()],
  ['E', T.string(false)],
  ['repeated string', T.array(T.string(false), false)],
  ['map<string, int64>', T.map(T.string(false), T.bigint(false), false)],
  ['Inner', T.row([['v', T.int(false)]])],
  ['google.protobuf.Timestamp', T.timestampLtz(9)],
  ['google.protobuf.Int32Value', T.int()],
  ['google.protobuf.Int64Value', T.bigint()],
  ['google.protobuf.UInt32Value', T.bigint()],
  ['google.protobuf.StringValue', T.string()],
  ['google.protobuf.BoolValue', T.boolean()],
  ['google.protobuf.DoubleValue', T.double()],
  ['google.protobuf.FloatValue', T.float()],
  ['google.protobuf.BytesValue', T.bytes()],
];

describe('Protobuf type mapping', () => {
  it.each(PROTO_TO_FLINK)('Protobuf %s → Flink', (protoType, type) => {
    const text = `syntax = "proto3"; package t; import "google/protobuf/timestamp.proto"; import "google/protobuf/wrappers.proto";
      enum E { A = 0; B = 1; } message Inner { int32 v = 1; } message Row { ${protoType} c = 1; }`;
    expect(protoRow(text)).toEqual(T.row([['c', type]], false));
  });
  it('maps oneof members to nullable columns', () => {
    expect(
      protoRow('syntax = "proto3"; message Row { oneof choice { string s = 1; int32 i = 2; } }'),
    ).toEqual(
      T.row(
        [
          ['s', T.string()],
          ['i', T.int()],
        ],
        false,
      ),
    );
  });
  it('derives proto3 schemas that map back to the same row type', () => {
    const type = T.row(
      [
        ['b', T.boolean(false)],
        ['i', T.int()],
        ['l', T.bigint(false)],
        ['f', T.float(false)],
        ['d', T.double()],
        ['s', T.string()],
        ['y', T.bytes(false)],
        ['t', T.timestampLtz(9)],
        ['a', T.array(T.string(false), false)],
        ['m', T.map(T.string(false), T.int(false), false)],
        ['r', T.row([['x', T.bigint()]])],
        ['rs', T.array(T.row([['z', T.int(false)]]), false)],
      ],
      false,
    );
    const derived = protobufSchemaFromRowType(type);
    expect(derived.schema).toContain('optional int32 i = 2;');
    expect(derived.schema).toContain('map<string, int32> m = 10;');
    expect(protoRow(derived.schema)).toEqual({
      ...type,
      fields: type.fields.map((f) =>
        f.name === 'rs' ? { name: 'rs', type: T.array(T.row([['z', T.int(false)]]), false) } : f,
      ),
    });
  });
  it('rejects what proto-registry cannot derive', () => {
    expect(() => protobufSchemaFromRowType(T.row([['d', T.decimal(5, 2)]]))).toThrow(
      /DECIMAL, DATE and TIME need schema references/,
    );
    expect(() => protobufSchemaFromRowType(T.row([['m', T.map(T.double(), T.int())]]))).toThrow(/map keys/);
  });
});
