import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { T } from '../../src/expr/types.ts';
import { createFormat, decodeAll } from '../../src/formats/index.ts';
import { startRegistry } from '../../src/registry/index.ts';
import { utf8 } from './helpers.ts';

// Debezium's documented MySQL connector change events (customers table), payload part.
const CUSTOMER = T.row([
  ['id', T.int(false)],
  ['first_name', T.string()],
  ['last_name', T.string()],
  ['email', T.string()],
]);
const SOURCE =
  '"source":{"version":"2.5.0.Final","connector":"mysql","name":"mysqlserver1","ts_ms":1465581029100,"db":"inventory","table":"customers"}';
const CREATE = `{"before":null,"after":{"id":1004,"first_name":"Anne","last_name":"Kretchmar","email":"annek@noanswer.org"},${SOURCE},"op":"c","ts_ms":1465581029523}`;
const UPDATE = `{"before":{"id":1004,"first_name":"Anne","last_name":"Kretchmar","email":"annek@noanswer.org"},"after":{"id":1004,"first_name":"Anne Marie","last_name":"Kretchmar","email":"annek@noanswer.org"},${SOURCE},"op":"u","ts_ms":1465584025523}`;
const DELETE = `{"before":{"id":1004,"first_name":"Anne Marie","last_name":"Kretchmar","email":"annek@noanswer.org"},"after":null,${SOURCE},"op":"d","ts_ms":1465581902461}`;
const READ = `{"before":null,"after":{"id":1001,"first_name":"Sally","last_name":"Thomas","email":"sally.thomas@acme.com"},${SOURCE},"op":"r","ts_ms":1465581029523}`;

describe('debezium-json', () => {
  it('turns c/r/u/d events into +I, +I, -U/+U and -D and skips tombstones', async () => {
    const decoder = await createFormat('debezium-json', {}, CUSTOMER).openDecoder();
    expect(decoder.producesChangelog).toBe(true);
    const out = await decodeAll(decoder, [utf8(CREATE), utf8(READ), utf8(UPDATE), utf8(DELETE), null]);
    expect(out.errors).toEqual([]);
    expect(out.kinds).toEqual([0, 0, 1, 2, 3]);
    expect(out.sources).toEqual([0, 1, 2, 2, 3]);
    expect(out.rows).toEqual([
      [1004, 'Anne', 'Kretchmar', 'annek@noanswer.org'],
      [1001, 'Sally', 'Thomas', 'sally.thomas@acme.com'],
      [1004, 'Anne', 'Kretchmar', 'annek@noanswer.org'],
      [1004, 'Anne Marie', 'Kretchmar', 'annek@noanswer.org'],
      [1004, 'Anne Marie', 'Kretchmar', 'annek@noanswer.org'],
    ]);
  });

  it('reads the {schema, payload} envelope with debezium-json.schema-include and explains when it is missing', async () => {
    const wrapped = utf8(`{"schema":{"type":"struct","fields":[]},"payload":${CREATE}}`);
    const including = await createFormat(
      'debezium-json',
      { 'debezium-json.schema-include': 'true' },
      CUSTOMER,
    ).openDecoder();
    expect((await decodeAll(including, [wrapped])).rows).toHaveLength(1);
    const plain = await createFormat('debezium-json', {}, CUSTOMER).openDecoder();
    const out = await decodeAll(plain, [
      wrapped,
      utf8(
        UPDATE.replace(
          '"before":{"id":1004,"first_name":"Anne","last_name":"Kretchmar","email":"annek@noanswer.org"}',
          '"before":null',
        ),
      ),
      utf8('{"op":"x","after":{}}'),
    ]);
    expect(out.errors.map((e) => e.index)).toEqual([0, 1, 2]);
    expect(out.errors[0]!.message).toMatch(/schema-include' to true/);
    expect(out.errors[1]!.message).toMatch(/REPLICA IDENTITY FULL/);
    expect(out.errors[2]!.message).toMatch(/unknown "op" value "x"/);
  });

  it('writes +I/+U as op c and -U/-D as op d, which it reads back as +I and -D', async () => {
    const format = createFormat('debezium-json', {}, CUSTOMER);
    const rows = [
      [1, 'a', null, null],
      [1, 'a', null, null],
      [1, 'b', null, null],
      [1, 'b', null, null],
    ];
    const bytes = (await format.openEncoder()).encodeBatch(rows, [0, 1, 2, 3]);
    expect(new TextDecoder().decode(bytes[1]!)).toBe(
      '{"before":{"id":1,"first_name":"a","last_name":null,"email":null},"after":null,"op":"d"}',
    );
    const out = await decodeAll(await format.openDecoder(), bytes);
    expect(out.kinds).toEqual([0, 3, 0, 3]);
    expect(out.rows).toEqual(rows);
  });
});

describe('debezium-avro-confluent', () => {
  let registry: Awaited<ReturnType<typeof startRegistry>>;
  beforeAll(async () => {
    registry = await startRegistry({ host: '127.0.0.1', port: 0 });
  });
  afterAll(async () => registry.close());

  it('round-trips changelog rows through the Debezium Avro envelope in the registry', async () => {
    const format = createFormat(
      'debezium-avro-confluent',
      { 'debezium-avro-confluent.url': registry.url },
      CUSTOMER,
    );
    const rows = [
      [1, 'a', 'b', null],
      [1, 'a', 'b', null],
      [1, 'c', 'b', 'x@y'],
    ];
    const bytes = (await format.openEncoder({ topic: 'customers' })).encodeBatch(rows, [0, 1, 2]);
    const out = await decodeAll(await format.openDecoder(), bytes);
    expect(out.errors).toEqual([]);
    expect(out.kinds).toEqual([0, 3, 0]);
    expect(out.rows).toEqual(rows);
  });
});
