import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Api, avroRecord, startTestRegistry } from './helpers.ts';

const USER_V1 = avroRecord('User', [{ name: 'id', type: 'long' }]);
const USER_V2 = avroRecord('User', [
  { name: 'id', type: 'long' },
  { name: 'email', type: ['null', 'string'], default: null },
]);
const USER_V3 = avroRecord('User', [
  { name: 'id', type: 'long' },
  { name: 'email', type: ['null', 'string'], default: null },
  { name: 'age', type: 'int', default: 0 },
]);

let registry: Awaited<ReturnType<typeof startTestRegistry>>;
let api: Api;

beforeAll(async () => {
  registry = await startTestRegistry();
  api = registry.api;
});
afterAll(async () => {
  await registry.close();
});

function errorCode(body: unknown): number {
  return (body as { error_code: number }).error_code;
}

describe('registration and global ids', () => {
  it('registers, returns the existing id on re-registration, and shares ids across subjects', async () => {
    const first = await api('POST', '/subjects/ids-a/versions', { schema: USER_V1 });
    expect(first.status).toBe(200);
    expect(first.contentType).toContain('application/vnd.schemaregistry.v1+json');
    const id = (first.body as { id: number }).id;
    expect(id).toBeGreaterThanOrEqual(1);
    expect((await api('POST', '/subjects/ids-a/versions', { schema: USER_V1 })).body).toEqual({ id });
    // Whitespace differences do not change identity.
    const spaced = JSON.stringify(JSON.parse(USER_V1), null, 2);
    expect((await api('POST', '/subjects/ids-b/versions', { schema: spaced })).body).toEqual({ id });
    expect((await api('GET', '/subjects/ids-a/versions')).body).toEqual([1]);
    expect((await api('GET', '/subjects/ids-b/versions')).body).toEqual([1]);
    const next = await api('POST', '/subjects/ids-a/versions', { schema: USER_V2 });
    expect((next.body as { id: number }).id).toBe(id + 1);
    expect((await api('GET', `/schemas/ids/${id}/subjects`)).body).toEqual(['ids-a', 'ids-b']);
    expect((await api('GET', `/schemas/ids/${id}/versions`)).body).toEqual([
      { subject: 'ids-a', version: 1 },
      { subject: 'ids-b', version: 1 },
    ]);
  });

  it('accepts application/json and application/vnd.schemaregistry+json bodies', async () => {
    const a = await api('POST', '/subjects/ct-a/versions', { schema: USER_V1 }, 'application/json');
    const b = await api(
      'POST',
      '/subjects/ct-b/versions',
      { schema: USER_V1 },
      'application/vnd.schemaregistry+json',
    );
    expect(a.status).toBe(200);
    expect(b.body).toEqual(a.body);
  });

  it('rejects invalid schemas with 42201 and the parser message', async () => {
    const bad = await api('POST', '/subjects/bad/versions', { schema: '{"type":"record","name":"X"}' });
    expect(bad.status).toBe(422);
    expect(errorCode(bad.body)).toBe(42201);
    expect((bad.body as { message: string }).message).toMatch(/fields/);
    const notJson = await api('POST', '/subjects/bad/versions', { schema: '{nope', schemaType: 'JSON' });
    expect(errorCode(notJson.body)).toBe(42201);
    const badType = await api('POST', '/subjects/bad/versions', { schema: USER_V1, schemaType: 'XML' });
    expect(errorCode(badType.body)).toBe(42201);
    const badProto = await api('POST', '/subjects/bad/versions', {
      schema: 'message { x',
      schemaType: 'PROTOBUF',
    });
    expect(errorCode(badProto.body)).toBe(42201);
    const badJsonSchema = await api('POST', '/subjects/bad/versions', {
      schema: '{"type":"strin"}',
      schemaType: 'JSON',
    });
    expect(errorCode(badJsonSchema.body)).toBe(42201);
  });

  it('normalize=true stores the normalized form and gives equivalent spellings one id', async () => {
    const verbose = JSON.stringify({
      type: 'record',
      name: 'N',
      fields: [{ name: 'a', type: { type: 'int' } }],
    });
    const plain = JSON.stringify({ name: 'N', type: 'record', fields: [{ type: 'int', name: 'a' }] });
    const one = await api('POST', '/subjects/norm/versions?normalize=true', { schema: verbose });
    const two = await api('POST', '/subjects/norm/versions?normalize=true', { schema: plain });
    expect(two.body).toEqual(one.body);
    const stored = await api('GET', '/subjects/norm/versions/1/schema');
    expect(stored.body).toEqual({ type: 'record', name: 'N', fields: [{ name: 'a', type: 'int' }] });
  });

  it('lists schema types', async () => {
    expect((await api('GET', '/schemas/types')).body).toEqual(['AVRO', 'JSON', 'PROTOBUF']);
  });
});

describe('lookups', () => {
  it('looks a schema up under a subject', async () => {
    const { id } = (await api('POST', '/subjects/look/versions', { schema: USER_V1 })).body as { id: number };
    const found = await api('POST', '/subjects/look', { schema: USER_V1 });
    expect(found.body).toEqual({ subject: 'look', id, version: 1, schema: USER_V1 });
    expect(errorCode((await api('POST', '/subjects/look', { schema: USER_V3 })).body)).toBe(40403);
    expect(errorCode((await api('POST', '/subjects/nobody', { schema: USER_V1 })).body)).toBe(40401);
  });

  it('gets schemas by id, with schemaType and references where relevant', async () => {
    const { id } = (await api('POST', '/subjects/byid/versions', { schema: USER_V1 })).body as { id: number };
    expect((await api('GET', `/schemas/ids/${id}`)).body).toEqual({ schema: USER_V1 });
    expect((await api('GET', `/schemas/ids/${id}?subject=byid`)).body).toEqual({ schema: USER_V1 });
    const json = '{"type":"object","properties":{"a":{"type":"string"}}}';
    const jsonId = (
      (await api('POST', '/subjects/byid-json/versions', { schema: json, schemaType: 'JSON' })).body as {
        id: number;
      }
    ).id;
    expect((await api('GET', `/schemas/ids/${jsonId}`)).body).toEqual({ schema: json, schemaType: 'JSON' });
    const missing = await api('GET', '/schemas/ids/99999');
    expect(missing.status).toBe(404);
    expect(errorCode(missing.body)).toBe(40403);
  });

  it('gets versions by number, latest, -1 and raw schema', async () => {
    await api('POST', '/subjects/vers/versions', { schema: USER_V1 });
    await api('POST', '/subjects/vers/versions', { schema: USER_V2 });
    expect((await api('GET', '/subjects/vers/versions/1')).body).toMatchObject({
      version: 1,
      schema: USER_V1,
    });
    expect((await api('GET', '/subjects/vers/versions/latest')).body).toMatchObject({
      version: 2,
      schema: USER_V2,
    });
    expect((await api('GET', '/subjects/vers/versions/-1')).body).toMatchObject({ version: 2 });
    expect((await api('GET', '/subjects/vers/versions/2/schema')).body).toEqual(JSON.parse(USER_V2));
    expect(errorCode((await api('GET', '/subjects/vers/versions/7')).body)).toBe(40402);
    expect(errorCode((await api('GET', '/subjects/vers/versions/abc')).body)).toBe(42202);
    expect(errorCode((await api('GET', '/subjects/vers/versions/0')).body)).toBe(42202);
    expect(errorCode((await api('GET', '/subjects/nobody/versions/1')).body)).toBe(40401);
    expect(errorCode((await api('GET', '/subjects/nobody/versions')).body)).toBe(40401);
  });

  it('lists subjects with deleted and prefix filters', async () => {
    await api('POST', '/subjects/list-x1/versions', { schema: USER_V1 });
    await api('POST', '/subjects/list-x2/versions', { schema: USER_V1 });
    await api('DELETE', '/subjects/list-x2');
    expect((await api('GET', '/subjects?subjectPrefix=list-x')).body).toEqual(['list-x1']);
    expect((await api('GET', '/subjects?subjectPrefix=list-x&deleted=true')).body).toEqual([
      'list-x1',
      'list-x2',
    ]);
    expect((await api('GET', '/subjects')).body).toContain('list-x1');
  });
});

describe('references', () => {
  it('registers an Avro schema that references another subject and reports referencedby', async () => {
    const address = JSON.stringify({
      type: 'record',
      name: 'Address',
      namespace: 'com.acme',
      fields: [{ name: 'street', type: 'string' }],
    });
    await api('POST', '/subjects/address/versions', { schema: address });
    const customer = JSON.stringify({
      type: 'record',
      name: 'Customer',
      namespace: 'com.acme',
      fields: [{ name: 'home', type: 'com.acme.Address' }],
    });
    const references = [{ name: 'com.acme.Address', subject: 'address', version: 1 }];
    const unresolved = await api('POST', '/subjects/customer/versions', { schema: customer });
    expect(errorCode(unresolved.body)).toBe(42201);
    const { id } = (await api('POST', '/subjects/customer/versions', { schema: customer, references }))
      .body as {
      id: number;
    };
    expect((await api('GET', `/schemas/ids/${id}`)).body).toEqual({ schema: customer, references });
    expect((await api('GET', '/subjects/address/versions/1/referencedby')).body).toEqual([id]);
    const blocked = await api('DELETE', '/subjects/address/versions/1');
    expect(errorCode(blocked.body)).toBe(42206);
  });

  it('resolves Protobuf imports through references', async () => {
    const common =
      'syntax = "proto3";\npackage acme;\nmessage Money { int64 cents = 1; string currency = 2; }\n';
    await api('POST', '/subjects/money.proto/versions', { schema: common, schemaType: 'PROTOBUF' });
    const order =
      'syntax = "proto3";\npackage acme;\nimport "money.proto";\nmessage Order { string id = 1; Money total = 2; }\n';
    const references = [{ name: 'money.proto', subject: 'money.proto', version: 1 }];
    const ok = await api('POST', '/subjects/order/versions', {
      schema: order,
      schemaType: 'PROTOBUF',
      references,
    });
    expect(ok.status).toBe(200);
    const missing = await api('POST', '/subjects/order2/versions', { schema: order, schemaType: 'PROTOBUF' });
    expect(errorCode(missing.body)).toBe(42201);
  });
});

describe('deletes', () => {
  it('soft deletes a version first and hard deletes only after that', async () => {
    await api('POST', '/subjects/delv/versions', { schema: USER_V1 });
    await api('POST', '/subjects/delv/versions', { schema: USER_V2 });
    expect(errorCode((await api('DELETE', '/subjects/delv/versions/1?permanent=true')).body)).toBe(40407);
    expect((await api('DELETE', '/subjects/delv/versions/1')).body).toBe(1);
    expect(errorCode((await api('DELETE', '/subjects/delv/versions/1')).body)).toBe(40406);
    expect(errorCode((await api('GET', '/subjects/delv/versions/1')).body)).toBe(40402);
    expect((await api('GET', '/subjects/delv/versions/1?deleted=true')).body).toMatchObject({ version: 1 });
    expect((await api('GET', '/subjects/delv/versions')).body).toEqual([2]);
    expect((await api('GET', '/subjects/delv/versions?deleted=true')).body).toEqual([1, 2]);
    expect((await api('DELETE', '/subjects/delv/versions/1?permanent=true')).body).toBe(1);
    expect((await api('GET', '/subjects/delv/versions?deleted=true')).body).toEqual([2]);
    expect(errorCode((await api('DELETE', '/subjects/delv/versions/9')).body)).toBe(40402);
    expect(errorCode((await api('DELETE', '/subjects/delv/versions/x')).body)).toBe(42202);
  });

  it('soft deletes a subject first and hard deletes only after that; ids are never reused', async () => {
    const unique = avroRecord('Burnt', [{ name: 'x', type: 'string' }]);
    const { id } = (await api('POST', '/subjects/dels/versions', { schema: unique })).body as { id: number };
    expect(errorCode((await api('DELETE', '/subjects/dels?permanent=true')).body)).toBe(40405);
    expect((await api('DELETE', '/subjects/dels')).body).toEqual([1]);
    expect(errorCode((await api('DELETE', '/subjects/dels')).body)).toBe(40404);
    expect(errorCode((await api('GET', '/subjects/dels/versions')).body)).toBe(40401);
    expect((await api('DELETE', '/subjects/dels?permanent=true')).body).toEqual([1]);
    expect(errorCode((await api('DELETE', '/subjects/dels')).body)).toBe(40401);
    expect(errorCode((await api('GET', `/schemas/ids/${id}`)).body)).toBe(40403);
    const again = (await api('POST', '/subjects/dels/versions', { schema: unique })).body as { id: number };
    expect(again.id).toBeGreaterThan(id);
    expect((await api('GET', '/subjects/dels/versions')).body).toEqual([1]);
  });
});

describe('compatibility endpoint and config', () => {
  it('tests compatibility against latest and a specific version, verbosely', async () => {
    await api('POST', '/subjects/compat/versions', { schema: USER_V1 });
    const breaking = avroRecord('User', [{ name: 'id', type: 'string' }]);
    const bad = await api('POST', '/compatibility/subjects/compat/versions/latest?verbose=true', {
      schema: breaking,
    });
    expect((bad.body as { is_compatible: boolean }).is_compatible).toBe(false);
    expect((bad.body as { messages: string[] }).messages.join(' ')).toMatch(/TYPE_MISMATCH/);
    const good = await api('POST', '/compatibility/subjects/compat/versions/1', { schema: USER_V2 });
    expect(good.body).toEqual({ is_compatible: true });
    expect(
      errorCode((await api('POST', '/compatibility/subjects/compat/versions/5', { schema: USER_V2 })).body),
    ).toBe(40402);
  });

  it('reads, sets and deletes global and subject compatibility', async () => {
    expect((await api('GET', '/config')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
    expect(errorCode((await api('GET', '/config/cfg')).body)).toBe(40408);
    expect((await api('GET', '/config/cfg?defaultToGlobal=true')).body).toEqual({
      compatibilityLevel: 'BACKWARD',
    });
    expect((await api('PUT', '/config/cfg', { compatibility: 'FULL' })).body).toEqual({
      compatibility: 'FULL',
    });
    expect((await api('GET', '/config/cfg')).body).toEqual({ compatibilityLevel: 'FULL' });
    const invalid = await api('PUT', '/config/cfg', { compatibility: 'SIDEWAYS' });
    expect(invalid.status).toBe(422);
    expect(errorCode(invalid.body)).toBe(42203);
    expect((await api('DELETE', '/config/cfg')).body).toEqual({ compatibilityLevel: 'FULL' });
    expect(errorCode((await api('GET', '/config/cfg')).body)).toBe(40408);
    expect((await api('PUT', '/config', { compatibility: 'NONE' })).body).toEqual({ compatibility: 'NONE' });
    expect((await api('GET', '/config')).body).toEqual({ compatibilityLevel: 'NONE' });
    expect((await api('DELETE', '/config')).body).toEqual({ compatibilityLevel: 'NONE' });
    expect((await api('GET', '/config')).body).toEqual({ compatibilityLevel: 'BACKWARD' });
  });

  it('rejects an incompatible Avro change under BACKWARD with 409 and accepts it under NONE', async () => {
    await api('POST', '/subjects/evolve/versions', { schema: USER_V1 });
    const noDefault = avroRecord('User', [
      { name: 'id', type: 'long' },
      { name: 'name', type: 'string' },
    ]);
    const rejected = await api('POST', '/subjects/evolve/versions', { schema: noDefault });
    expect(rejected.status).toBe(409);
    expect(errorCode(rejected.body)).toBe(409);
    expect((rejected.body as { message: string }).message).toMatch(
      /READER_FIELD_MISSING_DEFAULT_VALUE.*'name'/,
    );
    await api('PUT', '/config/evolve', { compatibility: 'NONE' });
    expect((await api('POST', '/subjects/evolve/versions', { schema: noDefault })).status).toBe(200);
    expect((await api('GET', '/subjects/evolve/versions')).body).toEqual([1, 2]);
  });
});

describe('modes', () => {
  it('reads and sets modes; READONLY rejects writes with 42205', async () => {
    expect((await api('GET', '/mode')).body).toEqual({ mode: 'READWRITE' });
    await api('POST', '/subjects/ro/versions', { schema: USER_V1 });
    expect(errorCode((await api('GET', '/mode/ro')).body)).toBe(40409);
    expect((await api('GET', '/mode/ro?defaultToGlobal=true')).body).toEqual({ mode: 'READWRITE' });
    expect((await api('PUT', '/mode/ro', { mode: 'READONLY' })).body).toEqual({ mode: 'READONLY' });
    const write = await api('POST', '/subjects/ro/versions', { schema: USER_V2 });
    expect(write.status).toBe(422);
    expect(errorCode(write.body)).toBe(42205);
    expect(errorCode((await api('DELETE', '/subjects/ro')).body)).toBe(42205);
    expect((await api('GET', '/subjects/ro/versions/1')).status).toBe(200);
    expect(errorCode((await api('PUT', '/mode/ro', { mode: 'SIDEWAYS' })).body)).toBe(42204);
    expect((await api('DELETE', '/mode/ro')).body).toEqual({ mode: 'READONLY' });
    expect((await api('POST', '/subjects/ro/versions', { schema: USER_V2 })).status).toBe(200);
  });

  it('IMPORT mode registers with a given id and version, and needs force on a non-empty registry', async () => {
    expect(errorCode((await api('PUT', '/mode', { mode: 'IMPORT' })).body)).toBe(42205);
    expect((await api('PUT', '/mode/imp', { mode: 'IMPORT' })).body).toEqual({ mode: 'IMPORT' });
    const schema = avroRecord('Imported', [{ name: 'v', type: 'int' }]);
    const res = await api('POST', '/subjects/imp/versions', { schema, id: 5000, version: 7 });
    expect(res.body).toEqual({ id: 5000 });
    expect((await api('GET', '/subjects/imp/versions/7')).body).toMatchObject({ id: 5000, version: 7 });
    const outsideImport = await api('POST', '/subjects/not-imp/versions', { schema, id: 5001 });
    expect(errorCode(outsideImport.body)).toBe(42205);
  });
});

describe('errors', () => {
  it('answers unknown routes with a Confluent-shaped 404', async () => {
    const res = await api('GET', '/nowhere');
    expect(res.status).toBe(404);
    expect(errorCode(res.body)).toBe(404);
  });
});
