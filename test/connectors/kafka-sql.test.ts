/**
 * Kafka SQL end to end: statements over Kafka topics through the real binder, planner and embedded
 * runner (`runScript`), against the embedded broker and registry on port 0, or an external cluster
 * when TRIBUTARY_TEST_KAFKA and TRIBUTARY_TEST_SCHEMA_REGISTRY are set. Records go in and come out
 * through independent clients: kafkajs with the official Confluent Avro serializer, and kcat.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  AvroDeserializer,
  AvroSerializer,
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
      defaults: { partitions: 2 },
    }),
  );
});
afterAll(async () => {
  await env?.close();
});

/** Runs a script in the test catalog; fails the test with the script's stderr on a non-zero exit. */
async function sql(script: string): Promise<string> {
  let out = '';
  let err = '';
  const code = await runScript(`USE CATALOG env;\nUSE cluster_0;\n${script}`, {
    catalogsDir,
    environment: {},
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
  });
  if (code !== 0) throw new Error(`script failed (${code}):\n${err}\n--- stdout ---\n${out}`);
  return out;
}

/** The data lines of a tableau result, cells trimmed. */
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

const bounded = "/*+ OPTIONS('scan.bounded.mode' = 'latest-offset') */";

/** Runs kcat without blocking the event loop (the embedded broker lives in this process). */
function kcat(args: readonly string[], input?: string): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn('kcat', ['-b', env.bootstrap, ...args]);
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolvePromise(out) : reject(new Error(`kcat ${args.join(' ')} failed (${code}): ${err}`)),
    );
    child.stdin.end(input ?? '');
  });
}

/** Reads `count` records of `topic` with kafkajs and the official Avro deserializer. */
async function readAvro(topic: string, count: number): Promise<{ key: unknown; value: unknown }[]> {
  const keyDe = new AvroDeserializer(registry, SerdeType.KEY, {});
  const valueDe = new AvroDeserializer(registry, SerdeType.VALUE, {});
  const consumer = env.kafka.consumer({ groupId: `check-${topic}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const seen: { key: unknown; value: unknown }[] = [];
  await consumer.run({
    eachMessage: async ({ message }) => {
      seen.push({
        key: message.key ? await keyDe.deserialize(topic, message.key) : null,
        value: message.value ? await valueDe.deserialize(topic, message.value) : null,
      });
    },
  });
  await waitFor(`${count} records on ${topic}`, () => seen.length >= count);
  await consumer.disconnect();
  return seen;
}

const now = Date.now();

describe('kafka SQL through the embedded runner', () => {
  it('SELECT * reads a topic written with the official Avro serializer, without DDL', async () => {
    const topic = uniqueTopic('orders');
    await createTopic(env.kafka, topic, 2);
    const schema = {
      type: 'record',
      name: 'Order',
      fields: [
        { name: 'id', type: 'long' },
        { name: 'product', type: ['null', 'string'], default: null },
        { name: 'price', type: 'double' },
      ],
    };
    await registry.register(`${topic}-value`, { schemaType: 'AVRO', schema: JSON.stringify(schema) });
    const ser = new AvroSerializer(registry, SerdeType.VALUE, { useLatestVersion: true });
    const producer = env.kafka.producer();
    await producer.connect();
    const record = (v: object) => ser.serialize(topic, v);
    await producer.send({
      topic,
      messages: [
        {
          partition: 0,
          value: await record({ id: 1, product: 'apple', price: 1.5 }),
          timestamp: String(now - 2000),
        },
        {
          partition: 1,
          value: await record({ id: 2, product: null, price: 2.25 }),
          timestamp: String(now - 1000),
        },
      ],
    });
    await producer.disconnect();
    const out = await sql(`SELECT * FROM \`${topic}\` ${bounded};`);
    const [header, ...rows] = tableRows(out);
    expect(header).toEqual(['op', 'key', 'id', 'product', 'price', '$rowtime']);
    const byId = rows.sort((a, b) => Number(a[2]) - Number(b[2]));
    expect(byId.map((r) => r.slice(0, 5))).toEqual([
      ['+I', '<NULL>', '1', 'apple', '1.5'],
      ['+I', '<NULL>', '2', '<NULL>', '2.25'],
    ]);
    expect(byId[0]![5]).toBe(new Date(now - 2000).toISOString().replace('T', ' ').replace('Z', ''));
    expect(out).toContain('Received a total of 2 rows');
  });

  it('a topic produced by kcat -P, without schemas, is key BYTES, val BYTES', async () => {
    const topic = uniqueTopic('plain');
    await createTopic(env.kafka, topic, 1);
    await kcat(['-P', '-t', topic, '-K', ':'], 'k1:hello\nk2:world\n');
    const out = await sql(`SELECT key, val, CAST(val AS STRING) AS text FROM \`${topic}\` ${bounded};`);
    const [header, ...rows] = tableRows(out);
    expect(header).toEqual(['op', 'key', 'val', 'text']);
    expect(rows.map((r) => r[3])).toEqual(['hello', 'world']);
    const described = await sql(`SHOW TABLES;`);
    expect(described).toContain(topic);
  });

  it('CREATE TABLE makes a topic and subjects; INSERT INTO writes records the official deserializer reads back', async () => {
    const t = uniqueTopic('users');
    await sql(
      `CREATE TABLE \`${t}\` (id BIGINT NOT NULL, name STRING, score DOUBLE)
         DISTRIBUTED BY HASH(id) INTO 3 BUCKETS WITH ('value.format' = 'avro-registry');
       INSERT INTO \`${t}\` SELECT id, name, score FROM (VALUES (1, 'ann', 1.5), (2, CAST(NULL AS STRING), 2.5), (3, 'cid', CAST(NULL AS DOUBLE))) AS v(id, name, score);`,
    );
    const listing = await kcat(['-L', '-t', t]);
    expect(listing).toContain(`topic "${t}" with 3 partitions`);
    const subjects = await registry.getAllSubjects();
    expect(subjects).toEqual(expect.arrayContaining([`${t}-key`, `${t}-value`]));
    const seen = await readAvro(t, 3);
    const byId = new Map(seen.map((r) => [Number((r.key as { id: bigint | number }).id), r.value]));
    expect([...byId.keys()].sort()).toEqual([1, 2, 3]);
    expect(byId.get(1)).toEqual({ name: 'ann', score: 1.5 });
    expect(byId.get(2)).toEqual({ name: null, score: 2.5 });
    expect(byId.get(3)).toEqual({ name: 'cid', score: null });
  });

  it('a debezium-json topic drives an updating aggregation with -U/+U', async () => {
    const topic = uniqueTopic('cdc');
    await createTopic(env.kafka, topic, 1);
    const change = (op: string, before: object | null, after: object | null) => ({
      value: JSON.stringify({ before, after, op }),
    });
    const producer = env.kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [
        change('c', null, { k: 'a', v: 1 }),
        change('c', null, { k: 'b', v: 10 }),
        change('c', null, { k: 'a', v: 2 }),
        change('u', { k: 'a', v: 1 }, { k: 'a', v: 5 }),
        change('d', { k: 'b', v: 10 }, null),
      ],
    });
    await producer.disconnect();
    const out = await sql(
      `CREATE TEMPORARY TABLE cdc (k STRING, v INT) WITH ('connector' = 'kafka', 'topic' = '${topic}',
         'properties.bootstrap.servers' = '${env.bootstrap}', 'value.format' = 'debezium-json',
         'scan.bounded.mode' = 'latest-offset');
       SELECT k, SUM(v) AS total FROM cdc GROUP BY k;`,
    );
    const [, ...rows] = tableRows(out);
    expect(rows).toEqual([
      ['+I', 'a', '1'],
      ['+I', 'b', '10'],
      ['-U', 'a', '1'],
      ['+U', 'a', '3'],
      ['-U', 'a', '3'],
      ['+U', 'a', '2'],
      ['-U', 'a', '2'],
      ['+U', 'a', '7'],
      ['-D', 'b', '10'],
    ]);
  });

  it('CREATE TABLE AS SELECT writes a new Avro topic that reads back', async () => {
    const source = uniqueTopic('src');
    const target = uniqueTopic('ctas');
    const out = await sql(
      `CREATE TABLE \`${source}\` (id INT NOT NULL, amount DOUBLE) DISTRIBUTED BY HASH(id) INTO 1 BUCKETS;
       INSERT INTO \`${source}\` VALUES (1, 2.5), (2, 4.0), (3, 8.5);
       CREATE TABLE \`${target}\` AS SELECT id, amount * 2 AS doubled FROM \`${source}\` ${bounded} WHERE id > 1;
       SELECT id, doubled FROM \`${target}\` ${bounded};`,
    );
    const [header, ...rows] = tableRows(out);
    expect(header).toEqual(['op', 'id', 'doubled']);
    expect(rows.sort((a, b) => Number(a[1]) - Number(b[1]))).toEqual([
      ['+I', '2', '8.0'],
      ['+I', '3', '17.0'],
    ]);
    const latest = await registry.getLatestSchemaMetadata(`${target}-value`);
    expect(JSON.parse(latest.schema ?? '{}')).toMatchObject({ type: 'record' });
  });

  it("'scan.bounded.mode' = 'latest-offset' ends the job at the offsets of its start", async () => {
    const topic = uniqueTopic('bounded');
    await createTopic(env.kafka, topic, 1);
    await kcat(['-P', '-t', topic], 'one\ntwo\n');
    const out = await sql(`SELECT CAST(val AS STRING) AS v FROM \`${topic}\` ${bounded};`);
    expect(tableRows(out).slice(1)).toEqual([
      ['+I', 'one'],
      ['+I', 'two'],
    ]);
  });

  it('SOURCE_WATERMARK(): no watermark assigner is planned, and $rowtime drives event-time windows', async () => {
    const topic = uniqueTopic('clicks');
    await createTopic(env.kafka, topic, 2);
    const minute = 60_000;
    const start = Math.floor(now / minute) * minute - 10 * minute;
    const producer = env.kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [0, 10_000, 70_000, 80_000, 90_000].map((d, i) => ({
        partition: i % 2,
        value: `c${i}`,
        timestamp: String(start + d),
      })),
    });
    await producer.disconnect();
    // a view carries the bounded-scan hint (hints are not allowed inside TABLE(...) of a TVF)
    const view = `CREATE TEMPORARY VIEW clicks AS SELECT * FROM \`${topic}\` ${bounded};`;
    const query = `SELECT window_start, COUNT(*) AS clicks
      FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(\`$rowtime\`), INTERVAL '1' MINUTE))
      GROUP BY window_start, window_end`;
    const plan = await sql(`${view} EXPLAIN ${query};`);
    const physical = plan.slice(plan.indexOf('== Optimized Physical Plan =='));
    expect(physical).not.toContain('WatermarkAssigner');
    expect(physical).toContain('TableSourceScan');
    const [, ...rows] = tableRows(await sql(`${view} ${query};`));
    expect(rows.map((r) => r.slice(2))).toEqual([['2'], ['3']]);
  });

  it('SOURCE_WATERMARK() on a connector other than kafka is a planning error', async () => {
    let err = '';
    const code = await runScript(
      `CREATE TABLE g (id INT, ts TIMESTAMP_LTZ(3), WATERMARK FOR ts AS SOURCE_WATERMARK())
         WITH ('connector' = 'datagen', 'number-of-rows' = '1');
       SELECT id FROM g;`,
      { catalogsDir: null, stdout: () => {}, stderr: (t) => (err += t) },
    );
    expect(code).toBe(1);
    expect(err).toContain("SOURCE_WATERMARK() on 'ts'");
    expect(err).toContain("the connector is 'datagen'");
  });
});
