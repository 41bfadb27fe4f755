import { describe, expect, it } from 'vitest';
import { type CompatibilityLevel, checkCompatibility, checkPair } from '../../src/registry/compat/index.ts';
import { parseSchema } from '../../src/registry/schemas/index.ts';
import type { ParsedSchema } from '../../src/registry/schemas/types.ts';

const avro = (schema: unknown): ParsedSchema => parseSchema('AVRO', JSON.stringify(schema), []);
const json = (schema: unknown): ParsedSchema => parseSchema('JSON', JSON.stringify(schema), []);
const proto = (body: string, syntax = 'proto3'): ParsedSchema =>
  parseSchema('PROTOBUF', `syntax = "${syntax}";\npackage t;\n${body}`, []);
const record = (fields: unknown[], extra: object = {}) => ({ type: 'record', name: 'R', fields, ...extra });

/** [description, reader, writer, compatible?] — can the reader read the writer's data? */
type Case = readonly [string, ParsedSchema, ParsedSchema, boolean];

function runCases(cases: readonly Case[]): void {
  for (const [name, reader, writer, compatible] of cases) {
    it(`${name} → ${compatible ? 'compatible' : 'incompatible'}`, () => {
      const messages = checkPair(reader, writer);
      expect(messages.length === 0, messages.join('\n')).toBe(compatible);
    });
  }
}

describe('Avro schema resolution', () => {
  const base = record([{ name: 'a', type: 'int' }]);
  runCases([
    ['identical', avro(base), avro(base), true],
    [
      'reader adds field with default',
      avro(
        record([
          { name: 'a', type: 'int' },
          { name: 'b', type: 'string', default: '' },
        ]),
      ),
      avro(base),
      true,
    ],
    [
      'reader adds field without default',
      avro(
        record([
          { name: 'a', type: 'int' },
          { name: 'b', type: 'string' },
        ]),
      ),
      avro(base),
      false,
    ],
    ['reader drops a field', avro(record([])), avro(base), true],
    ['int promoted to long', avro(record([{ name: 'a', type: 'long' }])), avro(base), true],
    ['int promoted to double', avro(record([{ name: 'a', type: 'double' }])), avro(base), true],
    ['long narrowed to int', avro(base), avro(record([{ name: 'a', type: 'long' }])), false],
    [
      'float promoted to double',
      avro(record([{ name: 'a', type: 'double' }])),
      avro(record([{ name: 'a', type: 'float' }])),
      true,
    ],
    [
      'string read as bytes',
      avro(record([{ name: 'a', type: 'bytes' }])),
      avro(record([{ name: 'a', type: 'string' }])),
      true,
    ],
    ['int read as string', avro(record([{ name: 'a', type: 'string' }])), avro(base), false],
    [
      'enum symbol added in reader',
      avro({ type: 'enum', name: 'E', symbols: ['A', 'B'] }),
      avro({ type: 'enum', name: 'E', symbols: ['A'] }),
      true,
    ],
    [
      'enum symbol removed in reader',
      avro({ type: 'enum', name: 'E', symbols: ['A'] }),
      avro({ type: 'enum', name: 'E', symbols: ['A', 'B'] }),
      false,
    ],
    [
      'enum symbol removed but reader has a default',
      avro({ type: 'enum', name: 'E', symbols: ['A'], default: 'A' }),
      avro({ type: 'enum', name: 'E', symbols: ['A', 'B'] }),
      true,
    ],
    ['writer value read by union', avro(['null', 'int']), avro('int'), true],
    ['writer union with branch missing in reader', avro('int'), avro(['null', 'int']), false],
    ['union widened', avro(['null', 'int', 'string']), avro(['null', 'int']), true],
    ['record renamed', avro({ ...base, name: 'S' }), avro(base), false],
    ['record renamed with alias', avro({ ...base, name: 'S', aliases: ['R'] }), avro(base), true],
    [
      'array items promoted',
      avro({ type: 'array', items: 'long' }),
      avro({ type: 'array', items: 'int' }),
      true,
    ],
    [
      'map values narrowed',
      avro({ type: 'map', values: 'int' }),
      avro({ type: 'map', values: 'long' }),
      false,
    ],
    [
      'fixed size changed',
      avro({ type: 'fixed', name: 'F', size: 4 }),
      avro({ type: 'fixed', name: 'F', size: 8 }),
      false,
    ],
    [
      'nested record field added without default',
      avro(record([{ name: 'n', type: record([{ name: 'x', type: 'int' }], { name: 'N' }) }])),
      avro(record([{ name: 'n', type: record([], { name: 'N' }) }])),
      false,
    ],
    [
      'recursive record',
      avro(record([{ name: 'next', type: ['null', 'R'] }])),
      avro(record([{ name: 'next', type: ['null', 'R'] }])),
      true,
    ],
  ]);
});

describe('JSON Schema rules', () => {
  const obj = (properties: object, extra: object = {}) => ({ type: 'object', properties, ...extra });
  runCases([
    ['identical', json(obj({ a: { type: 'string' } })), json(obj({ a: { type: 'string' } })), true],
    [
      'type widened (integer → number)',
      json(obj({ a: { type: 'number' } })),
      json(obj({ a: { type: 'integer' } })),
      true,
    ],
    [
      'type narrowed (number → integer)',
      json(obj({ a: { type: 'integer' } })),
      json(obj({ a: { type: 'number' } })),
      false,
    ],
    ['type union widened', json({ type: ['string', 'null'] }), json({ type: 'string' }), true],
    ['property removed from open model', json(obj({})), json(obj({ a: { type: 'string' } })), true],
    [
      'property removed from closed model',
      json(obj({}, { additionalProperties: false })),
      json(obj({ a: { type: 'string' } }, { additionalProperties: false })),
      false,
    ],
    ['property added to open model', json(obj({ a: { type: 'string' } })), json(obj({})), false],
    [
      'property added to closed model',
      json(obj({ a: { type: 'string' } }, { additionalProperties: false })),
      json(obj({}, { additionalProperties: false })),
      true,
    ],
    [
      'property added, covered by partially open model',
      json(obj({ a: { type: 'string' } }, { additionalProperties: { type: 'string' } })),
      json(obj({}, { additionalProperties: { type: 'string' } })),
      true,
    ],
    [
      'required property added',
      json(obj({ a: { type: 'string' } }, { required: ['a'] })),
      json(obj({ a: { type: 'string' } })),
      false,
    ],
    [
      'required property removed',
      json(obj({ a: { type: 'string' } })),
      json(obj({ a: { type: 'string' } }, { required: ['a'] })),
      true,
    ],
    ['enum extended', json({ enum: ['a', 'b', 'c'] }), json({ enum: ['a', 'b'] }), true],
    ['enum narrowed', json({ enum: ['a'] }), json({ enum: ['a', 'b'] }), false],
    [
      'maxLength increased',
      json({ type: 'string', maxLength: 20 }),
      json({ type: 'string', maxLength: 10 }),
      true,
    ],
    [
      'maxLength decreased',
      json({ type: 'string', maxLength: 5 }),
      json({ type: 'string', maxLength: 10 }),
      false,
    ],
    ['minimum added', json({ type: 'number', minimum: 0 }), json({ type: 'number' }), false],
    ['minimum removed', json({ type: 'number' }), json({ type: 'number', minimum: 0 }), true],
    ['additionalProperties closed', json(obj({}, { additionalProperties: false })), json(obj({})), false],
    [
      'array items narrowed',
      json({ type: 'array', items: { type: 'integer' } }),
      json({ type: 'array', items: { type: 'number' } }),
      false,
    ],
    [
      'oneOf gains a branch',
      json({ oneOf: [{ type: 'string' }, { type: 'integer' }] }),
      json({ type: 'string' }),
      true,
    ],
    [
      'local $ref followed',
      json({ definitions: { s: { type: 'integer' } }, $ref: '#/definitions/s' }),
      json({ type: 'number' }),
      false,
    ],
  ]);
});

describe('Protobuf rules', () => {
  runCases([
    ['identical', proto('message M { string a = 1; }'), proto('message M { string a = 1; }'), true],
    [
      'field added',
      proto('message M { string a = 1; int32 b = 2; }'),
      proto('message M { string a = 1; }'),
      true,
    ],
    ['field removed', proto('message M { }'), proto('message M { string a = 1; }'), true],
    ['scalar kind changed', proto('message M { int32 a = 1; }'), proto('message M { string a = 1; }'), false],
    [
      'int32 → int64 (wire compatible)',
      proto('message M { int64 a = 1; }'),
      proto('message M { int32 a = 1; }'),
      true,
    ],
    [
      'string → bytes (wire compatible)',
      proto('message M { bytes a = 1; }'),
      proto('message M { string a = 1; }'),
      true,
    ],
    [
      'message type changed',
      proto('message A {} message B {} message M { B a = 1; }'),
      proto('message A {} message B {} message M { A a = 1; }'),
      false,
    ],
    ['message removed', proto('message M { }'), proto('message M { } message Gone { }'), false],
    [
      'required field added (proto2)',
      proto('message M { required int32 a = 1; }', 'proto2'),
      proto('message M { }', 'proto2'),
      false,
    ],
    [
      'field moved into existing oneof',
      proto('message M { oneof o { int32 a = 1; string b = 2; } }'),
      proto('message M { oneof o { int32 a = 1; } string b = 2; }'),
      false,
    ],
    [
      'single field moved into new oneof',
      proto('message M { oneof o { int32 a = 1; } }'),
      proto('message M { int32 a = 1; }'),
      true,
    ],
    [
      'several fields moved into new oneof',
      proto('message M { oneof o { int32 a = 1; int32 b = 2; } }'),
      proto('message M { int32 a = 1; int32 b = 2; }'),
      false,
    ],
    [
      'oneof field removed',
      proto('message M { oneof o { int32 a = 1; } }'),
      proto('message M { oneof o { int32 a = 1; string b = 2; } }'),
      false,
    ],
    [
      'map value changed',
      proto('message M { map<string, string> m = 1; }'),
      proto('message M { map<string, int32> m = 1; }'),
      false,
    ],
    [
      'syntax changed',
      proto('message M { optional int32 a = 1; }', 'proto2'),
      proto('message M { int32 a = 1; }'),
      false,
    ],
  ]);
});

describe('compatibility levels', () => {
  const v1 = { version: 1, parsed: avro(record([{ name: 'a', type: 'int' }])) };
  const v2 = {
    version: 2,
    parsed: avro(
      record([
        { name: 'a', type: 'int' },
        { name: 'b', type: 'int', default: 0 },
      ]),
    ),
  };
  // v3 drops `a` (fine backward) and re-adds nothing; reading v3 data with v1 needs `a`.
  const v3 = avro(record([{ name: 'b', type: 'int', default: 0 }]));
  const cases: [CompatibilityLevel, boolean][] = [
    ['NONE', true],
    ['BACKWARD', true],
    ['BACKWARD_TRANSITIVE', true],
    ['FORWARD', false],
    ['FORWARD_TRANSITIVE', false],
    ['FULL', false],
    ['FULL_TRANSITIVE', false],
  ];
  for (const [level, compatible] of cases) {
    it(`${level}: dropping a field without default`, () => {
      expect(checkCompatibility(level, v3, [v1, v2]).length === 0).toBe(compatible);
    });
  }

  it('transitive levels check every earlier version, the others only the latest', () => {
    const old = { version: 1, parsed: avro(record([{ name: 'a', type: 'int' }])) };
    const middle = {
      version: 2,
      parsed: avro(
        record([
          { name: 'a', type: 'int' },
          { name: 'b', type: 'int' },
        ]),
      ),
    };
    const candidate = avro(
      record([
        { name: 'a', type: 'int' },
        { name: 'b', type: 'int' },
      ]),
    );
    expect(checkCompatibility('BACKWARD', candidate, [old, middle])).toEqual([]);
    const messages = checkCompatibility('BACKWARD_TRANSITIVE', candidate, [old, middle]);
    expect(messages.join(' ')).toMatch(/READER_FIELD_MISSING_DEFAULT_VALUE[\s\S]*oldSchemaVersion: 1/);
  });
});
