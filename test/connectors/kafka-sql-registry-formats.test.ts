/**
 * Topics written by the official Confluent JSON Schema and Protobuf serializers are queried with a
 * plain `SELECT * FROM topic` — no DDL: the Kafka catalog infers the table from the `<topic>-value`
 * subject. And `'error-handling.mode'` exercised through SQL (an OPTIONS hint on the inferred table):
 * fail names the position, ignore skips, log writes a dead letter. Runs against the embedded broker
 * and registry, or an external cluster (see kafka-env.ts).
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { create, type DescMessage } from '@bufbuild/protobuf';
import {
  AvroSerializer,
  JsonSerializer,
  ProtobufSerializer,
  SchemaRegistryClient,
  SerdeType,
} from '@confluentinc/schemaregistry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runScript } from '../../src/cli/commands/run.ts';
import { createTopic, type KafkaTestEnv, startKafkaTestEnv, uniqueTopic, waitFor } from './kafka-env.ts';

let env: KafkaTestEnv;
let registry: SchemaRegistryClient;
let catalogsDir: string;

beforeAll(async () => {
  env = await startKafkaTestEnv();
  registry = new SchemaRegistryClient({ baseURLs: [env.registryUrl] });
  catalogsDir = join(env.dataDir, 'catalogs');
  mkdirSync(catalogsDir);
  writeFileSync(
    join(catalogsDir, 'test.json'),
    JSON.stringify({
      name: 'env',
      database: 'cluster_0',
      kafka: { 'bootstrap.servers': env.bootstrap },
      schemaRegistry: { url: env.registryUrl },
    }),
  );
  // the same cluster through a catalog holding registry credentials (the embedded registry ignores them)
  writeFileSync(
    join(catalogsDir, 'secure.json'),
    JSON.stringify({
      name: 'secure',
      database: 'cluster_0',
      kafka: { 'bootstrap.servers': env.bootstrap },
      schemaRegistry: { url: env.registryUrl, basicAuth: 'svc-user:s3cr3t-p4ss' },
    }),
  );
});
afterAll(async () => {
  await env?.close();
});

interface ScriptResult {
  readonly code: number;
  readonly out: string;
  readonly err: string;
}

async function run(script: string): Promise<ScriptResult> {
  let out = '';
  let err = '';
  const code = await runScript(`USE CATALOG env;\nUSE cluster_0;\n${script}`, {
    catalogsDir,
    environment: {},
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
  });
  return { code, out, err };
}

async function sql(script: string): Promise<string> {
  const r = await run(script);
  if (r.code !== 0) throw new Error(`script failed (${r.code}):\n${r.err}\n--- stdout ---\n${r.out}`);
  return r.out;
}

/** Header and data lines of a tableau result, cells trimmed. */
function tableRows(out: string): string[][] {
  return out
    .split('\n')
    .filter((l) => l.startsWith('|'))
    .map((l) =>
      l
        .slice(1, -1)
        .split('|')
        .map((c) => c.trim()),
    );
}

async function produce(topic: string, values: readonly Buffer[]): Promise<void> {
  const producer = env.kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: values.map((value) => ({ value })) });
  await producer.disconnect();
}

const options = (extra: Record<string, string>): string =>
  `/*+ OPTIONS(${Object.entries({ 'scan.bounded.mode': 'latest-offset', ...extra })
    .map(([k, v]) => `'${k}' = '${v}'`)
    .join(', ')}) */`;
const bounded = options({});

describe('SELECT * without DDL over registry-serialized topics', () => {
  it('reads a topic written by the official JsonSerializer (JSON Schema)', async () => {
    const topic = uniqueTopic('json_orders');
    await createTopic(env.kafka, topic, 1);
    const schema = {
      type: 'object',
      properties: {
        id: { type: 'integer' },
        product: { type: 'string' },
        price: { type: 'number' },
        tags: { type: 'array', items: { type: 'string' } },
        shipping: { type: 'object', properties: { city: { type: 'string' } } },
      },
      required: ['id'],
    };
    await registry.register(`${topic}-value`, { schemaType: 'JSON', schema: JSON.stringify(schema) });
    const ser = new JsonSerializer(registry, SerdeType.VALUE, { useLatestVersion: true, validate: true });
    await produce(topic, [
      await ser.serialize(topic, {
        id: 1,
        product: 'apple',
        price: 1.5,
        tags: ['fruit', 'red'],
        shipping: { city: 'Oslo' },
      }),
      await ser.serialize(topic, { id: 2, price: 2.25, tags: [] }),
    ]);
    const out = await sql(`SELECT * FROM \`${topic}\` ${bounded};`);
    const [header, ...rows] = tableRows(out);
    expect(header).toEqual(['op', 'key', 'id', 'product', 'price', 'tags', 'shipping', '$rowtime']);
    expect(rows.map((r) => r.slice(0, 7))).toEqual([
      ['+I', '<NULL>', '1', 'apple', '1.5', '[fruit, red]', '(Oslo)'],
      ['+I', '<NULL>', '2', '<NULL>', '2.25', '[]', '<NULL>'],
    ]);
  });

  it('reads a topic written by the official ProtobufSerializer, nested messages, enums and repeated fields included', async () => {
    const topic = uniqueTopic('proto_orders');
    await createTopic(env.kafka, topic, 1);
    const proto = `syntax = "proto3";
package shop;
message Order {
  int64 id = 1;
  string product = 2;
  double price = 3;
  enum Status { NEW = 0; PAID = 1; SHIPPED = 2; }
  Status status = 4;
  repeated string tags = 5;
  Line line = 6;
}
message Line { int32 qty = 1; }
`;
    const id = await registry.register(`${topic}-value`, { schemaType: 'PROTOBUF', schema: proto });
    const ser = new ProtobufSerializer(registry, SerdeType.VALUE, { useLatestVersion: true });
    // The official serializer takes @bufbuild/protobuf messages: build their descriptor from the
    // registered schema, exactly as an application with generated code would have it.
    const file = await ser.toFileDesc(
      registry,
      await registry.getBySubjectAndId(`${topic}-value`, id, 'serialized'),
    );
    const order = file.messages.find((m) => m.name === 'Order') as DescMessage;
    ser.registry.add(order);
    const message = (init: Record<string, unknown>) => ser.serialize(topic, create(order, init as never));
    await produce(topic, [
      await message({ id: 7n, product: 'pear', price: 3.5, status: 1, tags: ['a', 'b'], line: { qty: 3 } }),
      await message({ id: 8n, product: '', price: 0, status: 2, tags: [] }),
    ]);
    const out = await sql(`SELECT * FROM \`${topic}\` ${bounded};`);
    const [header, ...rows] = tableRows(out);
    expect(header).toEqual(['op', 'key', 'id', 'product', 'price', 'status', 'tags', 'line', '$rowtime']);
    expect(rows.map((r) => r.slice(0, 8))).toEqual([
      ['+I', '<NULL>', '7', 'pear', '3.5', 'PAID', '[a, b]', '(3)'],
      ['+I', '<NULL>', '8', '', '0.0', 'SHIPPED', '[]', '<NULL>'],
    ]);
  });
});

describe("'error-handling.mode' through SQL", () => {
  const SCHEMA = { type: 'record', name: 'R', fields: [{ name: 'n', type: 'int' }] };

  /** Three records at offsets 0..2 of one partition; offset 1 is not in the registry wire format. */
  async function topicWithMalformedRecord(): Promise<string> {
    const topic = uniqueTopic('bad_records');
    await createTopic(env.kafka, topic, 1);
    await registry.register(`${topic}-value`, { schemaType: 'AVRO', schema: JSON.stringify(SCHEMA) });
    const ser = new AvroSerializer(registry, SerdeType.VALUE, { useLatestVersion: true });
    await produce(topic, [
      await ser.serialize(topic, { n: 1 }),
      Buffer.from('not avro at all'),
      await ser.serialize(topic, { n: 3 }),
    ]);
    return topic;
  }

  it('fail (the default) fails the statement naming the partition, offset and cause', async () => {
    const topic = await topicWithMalformedRecord();
    const r = await run(`SELECT n FROM \`${topic}\` ${bounded};`);
    expect(r.code).not.toBe(0);
    expect(r.err).toMatch(new RegExp(`topic '${topic}', partition 0, offset 1: value: .*magic byte`));
    expect(r.err).toContain("'error-handling.mode' = 'ignore'");
  });

  it('ignore skips the malformed record and keeps the others', async () => {
    const topic = await topicWithMalformedRecord();
    const out = await sql(`SELECT n FROM \`${topic}\` ${options({ 'error-handling.mode': 'ignore' })};`);
    expect(tableRows(out).slice(1)).toEqual([
      ['+I', '1'],
      ['+I', '3'],
    ]);
  });

  it('log writes the raw record, the error and its position to the dead-letter topic', async () => {
    const topic = await topicWithMalformedRecord();
    const dlq = uniqueTopic('dead_letters');
    const out = await sql(
      `SELECT n FROM \`${topic}\` ${options({ 'error-handling.mode': 'log', 'error-handling.log.target': dlq })};`,
    );
    expect(tableRows(out).slice(1)).toEqual([
      ['+I', '1'],
      ['+I', '3'],
    ]);
    const consumer = env.kafka.consumer({ groupId: `check-${dlq}` });
    await consumer.connect();
    await consumer.subscribe({ topic: dlq, fromBeginning: true });
    const logged: Record<string, unknown>[] = [];
    await consumer.run({
      eachMessage: async ({ message }) => void logged.push(JSON.parse(String(message.value))),
    });
    await waitFor('the dead letter', () => logged.length > 0);
    await consumer.disconnect();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatchObject({ topic, partition: 0, offset: '1' });
    expect(Buffer.from(String(logged[0]!.value), 'base64').toString()).toBe('not avro at all');
  });
});

describe('inferred tables: SHOW CREATE TABLE and DESCRIBE [EXTENDED]', () => {
  it('prints the inferred DDL with registry credentials masked; DESCRIBE hides $rowtime, EXTENDED shows it', async () => {
    const topic = uniqueTopic('described');
    await createTopic(env.kafka, topic, 3);
    const schema = { type: 'object', properties: { id: { type: 'integer' }, name: { type: 'string' } } };
    await registry.register(`${topic}-value`, { schemaType: 'JSON', schema: JSON.stringify(schema) });
    const r = await run(
      `USE CATALOG secure; USE cluster_0;
       SHOW CREATE TABLE \`${topic}\`; DESCRIBE \`${topic}\`; DESCRIBE EXTENDED \`${topic}\`;`,
    );
    expect(r.err).toBe('');
    expect(r.out).not.toContain('s3cr3t');
    expect(r.out).toContain(`CREATE TABLE \`secure\`.\`cluster_0\`.\`${topic}\` (`);
    expect(r.out).toContain("'value.json-registry.basic-auth.user-info' = '******'");
    expect(r.out).toContain(`'value.json-registry.url' = '${env.registryUrl}'`);
    expect(r.out).toContain("`$rowtime` TIMESTAMP_LTZ(3) NOT NULL METADATA FROM 'timestamp' VIRTUAL");
    expect(r.out).toContain('WATERMARK FOR `$rowtime` AS SOURCE_WATERMARK()');
    const [plain, extended] = r.out.split('rows in set').slice(0, 2);
    const names = (table = '') => tableRows(table).map((row) => row[0]);
    expect(names(plain).slice(1)).toEqual(['key', 'id', 'name']);
    expect(names(extended).slice(1)).toEqual(['key', 'id', 'name', '$rowtime']);
  });
});
