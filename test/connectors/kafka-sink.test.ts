import { AvroDeserializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry';
import { Partitioners } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaSource } from '../../src/connectors/kafka/factory.ts';
import { parseKafkaOptions } from '../../src/connectors/kafka/options.ts';
import { murmur2, partitionForKey } from '../../src/connectors/kafka/partitioner.ts';
import { KafkaSink } from '../../src/connectors/kafka/sink.ts';
import { T } from '../../src/expr/types.ts';
import { Job } from '../../src/runtime/job.ts';
import { ValuesSource } from '../../src/runtime/operators/values-source.ts';
import {
  createTopic,
  type KafkaTestEnv,
  runJob,
  startKafkaTestEnv,
  uniqueTopic,
  waitFor,
} from './kafka-env.ts';
import { collect, kafkaTable, physical } from './kafka-runtime.ts';

let env: KafkaTestEnv;
let registry: SchemaRegistryClient;
beforeAll(async () => {
  env = await startKafkaTestEnv();
  registry = new SchemaRegistryClient({ baseURLs: [env.registryUrl] });
});
afterAll(async () => {
  await env?.close();
});

function userTable(topic: string, extra: Record<string, string> = {}, primaryKey?: string[]) {
  return kafkaTable(
    [physical('id', T.bigint(false)), physical('name', T.string()), physical('score', T.double())],
    {
      topic,
      'properties.bootstrap.servers': env.bootstrap,
      'key.format': 'avro-registry',
      'key.avro-registry.url': env.registryUrl,
      'key.fields': 'id',
      'value.format': 'avro-registry',
      'value.avro-registry.url': env.registryUrl,
      'value.fields-include': 'except-key',
      'scan.bounded.mode': 'latest-offset',
      ...extra,
    },
    primaryKey,
  );
}

async function readBack(topic: string, count: number) {
  const keyDe = new AvroDeserializer(registry, SerdeType.KEY, {});
  const valueDe = new AvroDeserializer(registry, SerdeType.VALUE, {});
  const consumer = env.kafka.consumer({ groupId: `check-${topic}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const seen: { partition: number; key: unknown; value: unknown; rawKey: Buffer | null }[] = [];
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      seen.push({
        partition,
        rawKey: message.key,
        key: message.key ? await keyDe.deserialize(topic, message.key) : null,
        value: message.value ? await valueDe.deserialize(topic, message.value) : null,
      });
    },
  });
  await waitFor(`${count} records on ${topic}`, () => seen.length >= count);
  await consumer.disconnect();
  return seen;
}

describe('kafka sink', () => {
  it('writes Avro keys and values that the official deserializer reads back, partitioned as Kafka does', async () => {
    const topic = uniqueTopic('users');
    await createTopic(env.kafka, topic, 3);
    const table = userTable(topic);
    const sink = new KafkaSink(table, parseKafkaOptions(table, table.options));
    const rows = [
      [1n, 'ann', 1.5],
      [2n, null, 2.5],
      [3n, 'cid', null],
      [4n, 'dee', 4],
    ];
    const job = new Job();
    job.addSource('values', new ValuesSource({ rows }), [sink]);
    await runJob(job);
    await sink.flush();
    job.close();
    await sink.shutdown();
    expect(sink.recordsSent).toBe(4);
    const seen = await readBack(topic, 4);
    const byId = new Map(seen.map((s) => [Number((s.key as { id: number }).id), s]));
    expect([...byId.keys()].sort()).toEqual([1, 2, 3, 4]);
    expect(byId.get(1)!.value).toEqual({ name: 'ann', score: 1.5 });
    expect(byId.get(2)!.value).toEqual({ name: null, score: 2.5 });
    expect(byId.get(3)!.value).toEqual({ name: 'cid', score: null });
    // the default partitioner is Kafka's: kafkajs's Java-compatible partitioner agrees
    const javaCompatible = Partitioners.JavaCompatiblePartitioner();
    for (const s of seen) {
      expect(s.partition).toBe(partitionForKey(s.rawKey!, 3));
      expect(s.partition).toBe(
        javaCompatible({
          topic,
          partitionMetadata: [0, 1, 2].map((p) => ({
            partitionId: p,
            leader: 0,
            replicas: [0],
            isr: [0],
            partitionErrorCode: 0,
          })),
          message: { key: s.rawKey, value: null },
        }),
      );
    }
    // and the source reads the same rows back through the same table
    const back = await collect(
      createKafkaSource(
        { path: { catalog: 'c', database: 'd', name: topic }, table, options: table.options },
        [0, 1, 2],
      ),
    );
    expect(back.rows.sort((a, b) => Number(a[0]) - Number(b[0]))).toEqual(rows);
  });

  it('writes tombstones for deletes in upsert mode and reads them back as -D', async () => {
    const topic = uniqueTopic('upsert');
    await createTopic(env.kafka, topic, 1);
    const table = userTable(topic, { 'changelog.mode': 'upsert' }, ['id']);
    const sink = new KafkaSink(table, parseKafkaOptions(table, table.options));
    const job = new Job();
    job.addSource(
      'values',
      new ValuesSource({
        rows: [
          [1n, 'a', 1],
          [1n, 'a', 1],
          [1n, 'b', 2],
          [1n, 'b', 2],
        ],
        kinds: [0, 1, 2, 3],
      }),
      [sink],
    );
    await runJob(job);
    await sink.flush();
    job.close();
    await sink.shutdown();
    expect(sink.recordsSent).toBe(3);
    const back = await collect(
      createKafkaSource(
        { path: { catalog: 'c', database: 'd', name: topic }, table, options: table.options },
        [0, 1, 2],
      ),
    );
    expect(back.kinds).toEqual([0, 0, 3]);
    expect(back.rows[2]).toEqual([1n, null, null]);
  });

  it('murmur2 matches Kafka for known keys', () => {
    // values from Kafka's UtilsTest.testMurmur2
    expect(murmur2(Buffer.from('21'))).toBe(-973932308);
    expect(murmur2(Buffer.from('foobar'))).toBe(-790332482);
    expect(murmur2(Buffer.from('a-little-bit-long-string'))).toBe(-985981536);
    expect(murmur2(Buffer.from('a-little-bit-longer-string'))).toBe(-1486304829);
    expect(murmur2(Buffer.from('lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8'))).toBe(-58897971);
    expect(murmur2(new Uint8Array([97, 98, 99]))).toBe(479470107);
  });
});
