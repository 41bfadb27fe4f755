import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AvroSerializer,
  JsonSerializer,
  SchemaRegistryClient,
  SerdeType,
} from '@confluentinc/schemaregistry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { CatalogTable } from '../../src/catalog/catalog.ts';
import { CatalogManager } from '../../src/catalog/catalog-manager.ts';
import {
  CatalogDefinitionError,
  KafkaCatalog,
  loadDefinitionFile,
  MetadataStore,
  registerKafkaCatalogs,
  validateDefinition,
} from '../../src/catalog/kafka/factory.ts';
import { formatType, T } from '../../src/expr/types.ts';
import { parseExpression } from '../../src/sql/index.ts';
import { createTopic, type KafkaTestEnv, startKafkaTestEnv, uniqueTopic } from '../connectors/kafka-env.ts';

let env: KafkaTestEnv;
let registry: SchemaRegistryClient;
let catalog: KafkaCatalog;

beforeAll(async () => {
  env = await startKafkaTestEnv();
  registry = new SchemaRegistryClient({ baseURLs: [env.registryUrl] });
  const def = validateDefinition(
    {
      name: 'env',
      database: 'cluster_0',
      kafka: { 'bootstrap.servers': env.bootstrap },
      schemaRegistry: { url: env.registryUrl },
      defaults: { partitions: 3 },
    },
    'test',
  );
  catalog = new KafkaCatalog(def, new MetadataStore(join(env.dataDir, 'meta')));
});
afterAll(async () => {
  await catalog?.close();
  await env?.close();
});

/** kcat runs as a child process without blocking the event loop (the embedded broker lives in this process). */
function kcat(args: string[], input?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = execFile('kcat', args, { encoding: 'utf8', timeout: 20_000 }, (err, stdout, stderr) =>
      err ? reject(new Error(`kcat ${args.join(' ')} failed: ${stderr}`)) : resolve(stdout),
    );
    child.stdin?.end(input ?? '');
  });
}

const columnsOf = (t: CatalogTable) =>
  t.columns.map(
    (c) =>
      `${c.name} ${formatType(c.type)}${c.kind === 'metadata' ? ` METADATA${c.key ? ` FROM '${c.key}'` : ''}${c.virtual ? ' VIRTUAL' : ''}` : ''}`,
  );

async function send(topic: string, messages: { key: Buffer | null; value: Buffer | null }[]): Promise<void> {
  const producer = env.kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages });
  await producer.disconnect();
}

describe('kafka catalog: inference', () => {
  it('infers key and value columns from Avro subjects, prefixing clashing key columns', async () => {
    const topic = uniqueTopic('orders');
    await createTopic(env.kafka, topic, 2);
    await registry.register(`${topic}-key`, {
      schemaType: 'AVRO',
      schema: JSON.stringify({ type: 'record', name: 'K', fields: [{ name: 'id', type: 'long' }] }),
    });
    await registry.register(`${topic}-value`, {
      schemaType: 'AVRO',
      schema: JSON.stringify({
        type: 'record',
        name: 'V',
        fields: [
          { name: 'id', type: 'long' },
          { name: 'product', type: ['null', 'string'], default: null },
          { name: 'at', type: { type: 'long', logicalType: 'timestamp-millis' } },
        ],
      }),
    });
    const keySer = new AvroSerializer(registry, SerdeType.KEY, { useLatestVersion: true });
    const valueSer = new AvroSerializer(registry, SerdeType.VALUE, { useLatestVersion: true });
    await send(topic, [
      {
        key: await keySer.serialize(topic, { id: 1 }),
        value: await valueSer.serialize(topic, { id: 1, product: 'x', at: 5 }),
      },
    ]);
    expect(await catalog.listTables('cluster_0')).toContain(topic);
    const t = (await catalog.getTable('cluster_0', topic)) as CatalogTable;
    expect(columnsOf(t)).toEqual([
      'key_id BIGINT NOT NULL',
      'id BIGINT NOT NULL',
      'product STRING',
      'at TIMESTAMP_LTZ(3) NOT NULL',
      "$rowtime TIMESTAMP_LTZ(3) NOT NULL METADATA FROM 'timestamp' VIRTUAL",
    ]);
    expect(t.watermark?.exprText).toBe('SOURCE_WATERMARK()');
    expect(t.distribution).toEqual({ algorithm: 'HASH', columns: ['key_id'], buckets: 2 });
    expect(t.primaryKey).toBeUndefined();
    expect(t.options).toMatchObject({
      connector: 'kafka',
      topic,
      'changelog.mode': 'append',
      'key.format': 'avro-registry',
      'value.format': 'avro-registry',
      'key.fields': 'key_id',
      'key.fields-prefix': 'key_',
      'value.fields-include': 'except-key',
      'properties.bootstrap.servers': env.bootstrap,
    });
  });

  it('infers JSON Schema and Protobuf value subjects, and upsert for compacted topics', async () => {
    const json = uniqueTopic('json');
    await createTopic(env.kafka, json, 1, [{ name: 'cleanup.policy', value: 'compact' }]);
    await registry.register(`${json}-key`, {
      schemaType: 'JSON',
      schema: JSON.stringify({ type: 'object', properties: { k: { type: 'integer' } }, required: ['k'] }),
    });
    await registry.register(`${json}-value`, {
      schemaType: 'JSON',
      schema: JSON.stringify({
        type: 'object',
        properties: { name: { type: 'string' }, score: { type: 'number' } },
        required: ['name'],
      }),
    });
    const ser = new JsonSerializer(registry, SerdeType.VALUE, { useLatestVersion: true });
    await send(json, [{ key: null, value: await ser.serialize(json, { name: 'a', score: 1.5 }) }]);
    const jt = (await catalog.getTable('cluster_0', json)) as CatalogTable;
    expect(columnsOf(jt).slice(0, 3)).toEqual(['k BIGINT NOT NULL', 'name STRING NOT NULL', 'score DOUBLE']);
    expect(jt.options['changelog.mode']).toBe('upsert');
    expect(jt.options['kafka.cleanup-policy']).toBe('compact');
    expect(jt.primaryKey?.columns).toEqual(['k']);

    const proto = uniqueTopic('proto');
    await createTopic(env.kafka, proto, 1);
    await registry.register(`${proto}-value`, {
      schemaType: 'PROTOBUF',
      schema:
        'syntax = "proto3";\npackage t;\nmessage Reading { string sensor = 1; double value = 2; optional int64 seq = 3; }\n',
    });
    const pt = (await catalog.getTable('cluster_0', proto)) as CatalogTable;
    expect(columnsOf(pt).slice(0, 4)).toEqual([
      'key BYTES',
      'sensor STRING NOT NULL',
      'value DOUBLE NOT NULL',
      'seq BIGINT',
    ]);
    expect(pt.options['key.format']).toBe('raw');
    expect(pt.options['value.format']).toBe('proto-registry');
  });

  it('shows a topic written by kcat without schemas as key BYTES, val BYTES and hides internal topics', async () => {
    const topic = uniqueTopic('raw');
    await createTopic(env.kafka, topic, 1);
    await kcat(['-P', '-b', env.bootstrap, '-t', topic, '-K', ':'], 'k1:hello\nk2:world\n');
    const hidden = uniqueTopic('_internal');
    await createTopic(env.kafka, hidden, 1);
    const t = (await catalog.getTable('cluster_0', topic)) as CatalogTable;
    expect(columnsOf(t)).toEqual([
      'key BYTES',
      'val BYTES',
      "$rowtime TIMESTAMP_LTZ(3) NOT NULL METADATA FROM 'timestamp' VIRTUAL",
    ]);
    expect(t.options['key.format']).toBe('raw');
    expect(t.options['value.format']).toBe('raw');
    const tables = await catalog.listTables('cluster_0');
    expect(tables).toContain(topic);
    expect(tables.some((n) => n.startsWith('_'))).toBe(false);
    expect(await catalog.getTable('cluster_0', 'no_such_topic')).toBeUndefined();
  });
});

describe('kafka catalog: DDL', () => {
  it('CREATE TABLE creates the topic and subjects; options and comments persist; DROP TABLE deletes them', async () => {
    const topic = uniqueTopic('created');
    const table: CatalogTable = {
      kind: 'table',
      columns: [
        { kind: 'physical', name: 'user_id', type: T.bigint(false) },
        { kind: 'physical', name: 'item', type: T.string() },
        { kind: 'physical', name: 'qty', type: T.int(false) },
        {
          kind: 'computed',
          name: 'double_qty',
          type: T.int(false),
          expr: parseExpression('qty * 2'),
          exprText: 'qty * 2',
        },
      ],
      partitionKeys: [],
      distribution: { algorithm: 'HASH', columns: ['user_id'], buckets: 4 },
      options: {
        'kafka.retention.time': '1 d',
        'kafka.cleanup-policy': 'delete',
        'scan.startup.mode': 'latest-offset',
      },
      comment: 'orders of users',
    };
    await catalog.createTable('cluster_0', topic, table, false);
    const listing = await kcat(['-L', '-b', env.bootstrap, '-t', topic]);
    expect(listing).toContain(`topic "${topic}" with 4 partitions`);
    expect(await registry.getAllSubjects()).toEqual(
      expect.arrayContaining([`${topic}-key`, `${topic}-value`]),
    );
    const admin = env.kafka.admin();
    await admin.connect();
    const configs = await admin.describeConfigs({
      resources: [{ type: 2, name: topic }],
      includeSynonyms: false,
    });
    await admin.disconnect();
    const retention = configs.resources[0]?.configEntries.find((e) => e.configName === 'retention.ms');
    expect(retention?.configValue).toBe('86400000');

    const t = (await catalog.getTable('cluster_0', topic)) as CatalogTable;
    expect(columnsOf(t)).toEqual([
      'user_id BIGINT NOT NULL',
      'item STRING',
      'qty INT NOT NULL',
      'double_qty INT NOT NULL',
      "$rowtime TIMESTAMP_LTZ(3) NOT NULL METADATA FROM 'timestamp' VIRTUAL",
    ]);
    expect(t.comment).toBe('orders of users');
    expect(t.watermark?.exprText).toBe('SOURCE_WATERMARK()');
    expect(t.options['scan.startup.mode']).toBe('latest-offset');
    expect(t.distribution?.buckets).toBe(4);
    await expect(catalog.createTable('cluster_0', topic, table, false)).rejects.toThrow(/already exists/);

    // ALTER: drop the watermark and set an option; physical columns cannot change
    await catalog.alterTable('cluster_0', topic, {
      ...t,
      watermark: undefined,
      options: { ...t.options, 'scan.bounded.mode': 'latest-offset' },
    });
    const altered = (await catalog.getTable('cluster_0', topic)) as CatalogTable;
    expect(altered.watermark).toBeUndefined();
    expect(altered.options['scan.bounded.mode']).toBe('latest-offset');
    await expect(
      catalog.alterTable('cluster_0', topic, { ...t, columns: t.columns.slice(1) }),
    ).rejects.toThrow(/cannot be changed by ALTER TABLE/);

    await catalog.dropTable('cluster_0', topic, false);
    expect(await catalog.getTable('cluster_0', topic)).toBeUndefined();
    expect(await registry.getAllSubjects()).not.toContain(`${topic}-value`);
    await expect(catalog.dropTable('cluster_0', topic, false)).rejects.toThrow(/does not exist/);
  });
});

describe('kafka catalog: definitions', () => {
  it('loads catalogs/default.json and reports invalid fields with the file, field and fix', () => {
    const def = loadDefinitionFile(join(import.meta.dirname, '../../catalogs/default.json'));
    expect(def).toMatchObject({
      name: 'default',
      database: 'cluster_0',
      kafka: { 'bootstrap.servers': '127.0.0.1:9092' },
      schemaRegistry: { url: 'http://127.0.0.1:8081' },
    });
    const dir = mkdtempSync(join(tmpdir(), 'defs-'));
    const bad = join(dir, 'bad.yaml');
    writeFileSync(
      bad,
      'name: x\nkafka:\n  bootstrap.servers: h:9092\nschemaRegistry:\n  url: localhost:8081\n',
    );
    expect(() => loadDefinitionFile(bad)).toThrow(CatalogDefinitionError);
    expect(() => loadDefinitionFile(bad)).toThrow(
      `${bad}: field 'schemaRegistry.url' is 'localhost:8081', not an http(s) URL. Write e.g. "http://127.0.0.1:8081".`,
    );
    expect(() => validateDefinition({ name: 'x', schemaRegistry: { url: 'http://h' } }, 'f.json')).toThrow(
      /f\.json: field 'kafka' is missing/,
    );
    expect(() =>
      validateDefinition(
        {
          name: 'x',
          kafka: { 'bootstrap.servers': 'h:1' },
          schemaRegistry: { url: 'http://h' },
          defaults: { partitions: 0 },
        },
        'f.json',
      ),
    ).toThrow(/defaults\.partitions/);
  });

  it('CREATE CATALOG with type kafka goes through the registered factory', async () => {
    const manager = new CatalogManager();
    registerKafkaCatalogs(manager);
    await manager.apply({
      kind: 'CreateCatalog',
      name: 'prod',
      options: { type: 'kafka', 'bootstrap.servers': env.bootstrap, 'schema.registry.url': env.registryUrl },
      ignoreIfExists: false,
    });
    const c = manager.getCatalog('prod') as KafkaCatalog;
    expect(c).toBeInstanceOf(KafkaCatalog);
    expect(await c.listDatabases()).toEqual(['cluster_0']);
    await expect(
      manager.apply({
        kind: 'CreateCatalog',
        name: 'bad',
        options: { type: 'kafka', 'bootstrap.servers': env.bootstrap },
        ignoreIfExists: false,
      }),
    ).rejects.toThrow(/schemaRegistry\.url' is missing/);
    await c.close();
  });
});
