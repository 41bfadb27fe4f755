import { describe, expect, it } from 'vitest';
import { T } from '../../src/expr/types.ts';
import { createFormat, decodeAll } from '../../src/formats/index.ts';
import { NESTED, NESTED_ROWS, roundTrip, SCALAR_ROWS, SCALARS, utf8 } from './helpers.ts';

describe('json format', () => {
  it('round-trips every scalar type, nulls, unicode, 64-bit integers and high-precision values', async () => {
    for (const standard of ['SQL', 'ISO-8601']) {
      const { rows, errors } = await roundTrip(
        'json',
        { 'json.timestamp-format.standard': standard },
        SCALARS,
        SCALAR_ROWS,
      );
      expect(errors).toEqual([]);
      expect(rows).toEqual(SCALAR_ROWS);
    }
  });

  it('round-trips nested ROW, ARRAY and MAP values', async () => {
    const { rows, errors } = await roundTrip('json', {}, NESTED, NESTED_ROWS);
    expect(errors).toEqual([]);
    expect(rows).toEqual(NESTED_ROWS);
  });

  it('writes Flink JSON text: exact BIGINT/DECIMAL numbers, SQL timestamps, base64 bytes', async () => {
    const type = T.row([
      ['big', T.bigint()],
      ['dec', T.decimal(20, 3)],
      ['ts', T.timestamp(3)],
      ['ltz', T.timestampLtz(3)],
      ['bin', T.bytes()],
      ['dt', T.date()],
    ]);
    const encoder = await createFormat('json', {}, type).openEncoder();
    const [bytes] = encoder.encodeBatch([
      [9223372036854775807n, 1n, 1700000000123, 0, new Uint8Array([1, 2]), 0],
    ]);
    expect(new TextDecoder().decode(bytes!)).toBe(
      '{"big":9223372036854775807,"dec":0.001,"ts":"2023-11-14 22:13:20.123","ltz":"1970-01-01 00:00:00Z","bin":"AQI=","dt":"1970-01-01"}',
    );
    const iso = await createFormat(
      'json',
      { 'json.timestamp-format.standard': 'ISO-8601', 'json.encode.decimal-as-plain-number': 'true' },
      type,
    ).openEncoder();
    const [isoBytes] = iso.encodeBatch([[null, 1n, 1700000000123, 0, null, null]]);
    expect(new TextDecoder().decode(isoBytes!)).toContain(
      '"ts":"2023-11-14T22:13:20.123","ltz":"1970-01-01T00:00:00Z"',
    );
  });

  it('converts like JsonToRowDataConverters: numeric text, numbers as strings, containers into STRING', async () => {
    const type = T.row([
      ['i', T.int()],
      ['big', T.bigint()],
      ['d', T.double()],
      ['s', T.string()],
      ['raw', T.string()],
      ['flag', T.boolean()],
      ['dec', T.decimal(5, 2)],
    ]);
    const decoder = await createFormat('json', {}, type).openDecoder();
    const out = await decodeAll(decoder, [
      utf8(
        '{"i":"42","big":"123456789012345678","d":"1.5","s":1.0,"raw":{"a":[1,2.50]},"flag":"TRUE","dec":"1.005"}',
      ),
      utf8('{"i":7.9,"big":1234567890123456789,"dec":123456.7}'),
    ]);
    expect(out.errors).toEqual([]);
    expect(out.rows[0]).toEqual([42, 123456789012345678n, 1.5, '1.0', '{"a":[1,2.50]}', true, 101n]);
    // BIGINT out of range is an error; DECIMAL overflow is null as in Flink
    const bad = await decodeAll(decoder, [utf8('{"big":99999999999999999999}'), utf8('{"dec":123456.7}')]);
    expect(bad.errors).toHaveLength(1);
    expect(bad.errors[0]!.message).toMatch(/field 'big'.*out of range for BIGINT/);
    expect(bad.rows[0]![6]).toBeNull();
  });

  it('reports malformed records with their index and position and still decodes the others', async () => {
    const decoder = await createFormat('json', {}, NESTED).openDecoder();
    const good = utf8('{"id":5,"tags":["q"]}');
    const out = await decodeAll(decoder, [
      good,
      utf8('{"id": 6, "tags": [1,}'),
      null,
      utf8('{"id":"x"}'),
      good,
      utf8('{"id":1,"addr":{"points":[1,"z"]}}'),
    ]);
    expect(out.rows.map((r) => r[0])).toEqual([5n, 5n]);
    expect(out.sources).toEqual([0, 4]);
    expect(out.errors.map((e) => e.index)).toEqual([1, 3, 5]);
    expect(out.errors[0]!.message).toMatch(/at position 21/);
    expect(out.errors[1]!.message).toMatch(/field 'id'/);
    expect(out.errors[2]!.message).toMatch(/field 'addr\.points\[1\]'/);
  });

  it('treats missing fields as null, or as errors with json.fail-on-missing-field', async () => {
    const type = T.row([
      ['a', T.int()],
      ['b', T.string()],
    ]);
    const lenient = await createFormat('json', {}, type).openDecoder();
    expect((await decodeAll(lenient, [utf8('{"a":1}')])).rows).toEqual([[1, null]]);
    const strict = await createFormat('json', { 'json.fail-on-missing-field': 'true' }, type).openDecoder();
    const out = await decodeAll(strict, [utf8('{"a":1}'), utf8('{"a":1,"b":null}')]);
    expect(out.errors[0]!.message).toMatch(/could not find field with name 'b'/);
    expect(out.rows).toEqual([[1, null]]);
    const ignoring = await createFormat('json', { 'json.ignore-parse-errors': 'true' }, type).openDecoder();
    const ignored = await decodeAll(ignoring, [utf8('{"a":"x","b":"ok"}'), utf8('not json')]);
    expect(ignored.rows).toEqual([[null, 'ok']]);
    expect(ignored.errors).toEqual([]);
  });

  it('validates options with the option name and allowed values', () => {
    const type = T.row([['a', T.int()]]);
    expect(() => createFormat('json', { 'json.timestamp-format.standard': 'RFC' }, type)).toThrow(
      "Option 'json.timestamp-format.standard' must be one of 'SQL', 'ISO-8601', got 'RFC'",
    );
    expect(() => createFormat('json', { 'json.fail-on-missing-field': 'yes' }, type)).toThrow(
      /'true' or 'false'/,
    );
    expect(() => createFormat('json', { 'json.fail-on-missing-fields': 'true' }, type)).toThrow(
      /Unsupported option 'json.fail-on-missing-fields' for format 'json'; supported: .*json.fail-on-missing-field/,
    );
    expect(() => createFormat('jsn', {}, type)).toThrow(/Unknown format 'jsn'; supported formats: json, csv/);
    expect(() => createFormat('json', {}, T.row([['m', T.map(T.int(), T.int())]]))).toThrow(
      /only string keys/,
    );
  });

  it('writes map null keys per json.map-null-key.mode', async () => {
    const type = T.row([['m', T.map(T.string(), T.int())]]);
    const row = [
      new Map<unknown, unknown>([
        [null, 1],
        ['a', 2],
      ]),
    ];
    const fail = await createFormat('json', {}, type).openEncoder();
    expect(() => fail.encodeBatch([row])).toThrow(/map-null-key.mode/);
    const literal = await createFormat(
      'json',
      { 'json.map-null-key.mode': 'LITERAL', 'json.map-null-key.literal': 'N' },
      type,
    ).openEncoder();
    expect(new TextDecoder().decode(literal.encodeBatch([row])[0]!)).toBe('{"m":{"N":1,"a":2}}');
  });
});
