import { AvroSerializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaSource } from '../../src/connectors/kafka/factory.ts';
import { T } from '../../src/expr/types.ts';
import type { ConnectorTable } from '../../src/planner/physical/connectors.ts';
import type { Batch } from '../../src/runtime/batch.ts';
import { Job } from '../../src/runtime/job.ts';
import { createTopic, type KafkaTestEnv, startKafkaTestEnv, uniqueTopic } from './kafka-env.ts';
import { CollectingSink, collect, kafkaTable, metadata, physical } from './kafka-runtime.ts';

let env: KafkaTestEnv;
let registry: SchemaRegistryClient;

beforeAll(async () => {
  env = await startKafkaTestEnv();
  registry = new SchemaRegistryClient({ baseURLs: [env.registryUrl] });
});
afterAll(async () => {
  await env?.close();
});

const ORDER_SCHEMA = {
  type: 'record',
  name: 'Order',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'product', type: 'string' },
    { name: 'amount', type: ['null', 'int'], default: null },
  ],
};

async function produceOrders(
  topic: string,
  orders: { id: number; product: string; amount: number | null; partition?: number; timestamp?: number }[],
): Promise<void> {
  await registry.register(`${topic}-value`, { schemaType: 'AVRO', schema: JSON.stringify(ORDER_SCHEMA) });
  const serializer = new AvroSerializer(registry, SerdeType.VALUE, { useLatestVersion: true });
  const producer = env.kafka.producer();
  await producer.connect();
  const messages = await Promise.all(
    orders.map(async (o) => ({
      key: Buffer.from(String(o.id)),
      value: await serializer.serialize(topic, { id: o.id, product: o.product, amount: o.amount }),
      partition: o.partition ?? 0,
      ...(o.timestamp === undefined ? {} : { timestamp: String(o.timestamp) }),
      headers: { source: 'test' },
    })),
  );
  // one send per record: the embedded broker resolves timestamps to offsets per batch
  for (const message of messages) await producer.send({ topic, messages: [message] });
  await producer.disconnect();
}

function ordersTable(topic: string, extra: Record<string, string> = {}): ConnectorTable {
  const table = kafkaTable(
    [
      physical('key', T.bytes()),
      physical('id', T.bigint(false)),
      physical('product', T.string(false)),
      physical('amount', T.int()),
      metadata('partition', T.int(false)),
      metadata('offset', T.bigint(false)),
      metadata('ts', T.timestampLtz(3, false), 'timestamp'),
      metadata('timestamp-type', T.string(false)),
      metadata('headers', T.map(T.string(false), T.bytes())),
      metadata('topic', T.string(false)),
      metadata('leader-epoch', T.int()),
    ],
    {
      topic,
      'properties.bootstrap.servers': env.bootstrap,
      'key.format': 'raw',
      'key.fields': 'key',
      'value.format': 'avro-registry',
      'value.avro-registry.url': env.registryUrl,
      'value.fields-include': 'except-key',
      'scan.bounded.mode': 'latest-offset',
      ...extra,
    },
  );
  return { path: { catalog: 'c', database: 'd', name: topic }, table, options: table.options };
}

const base0 = Date.now() - 60_000;
const all = (n: number) => Array.from({ length: n }, (_, i) => i);

describe('kafka source', () => {
  it('reads Avro records written by the official serializer with metadata columns, bounded at the latest offset', async () => {
    const topic = uniqueTopic('orders');
    await createTopic(env.kafka, topic, 2);
    await produceOrders(topic, [
      { id: 1, product: 'apple', amount: 3, partition: 0, timestamp: base0 + 1000 },
      { id: 2, product: 'pear', amount: null, partition: 1, timestamp: base0 + 2000 },
      { id: 3, product: 'plum', amount: 5, partition: 0, timestamp: base0 + 3000 },
    ]);
    const t = ordersTable(topic);
    const sink = await collect(createKafkaSource(t, all(11)));
    const rows = [...sink.rows].sort((a, b) => Number(a[1]) - Number(b[1]));
    expect(rows.map((r) => r.slice(1, 4))).toEqual([
      [1n, 'apple', 3],
      [2n, 'pear', null],
      [3n, 'plum', 5],
    ]);
    expect(rows.map((r) => [r[4], r[5], r[6], r[7], r[9]])).toEqual([
      [0, 0n, base0 + 1000, 'CreateTime', topic],
      [1, 0n, base0 + 2000, 'CreateTime', topic],
      [0, 1n, base0 + 3000, 'CreateTime', topic],
    ]);
    expect(Buffer.from(rows[0]![0] as Uint8Array).toString()).toBe('1');
    expect((rows[0]![8] as Map<string, Uint8Array>).get('source')).toEqual(
      new Uint8Array(Buffer.from('test')),
    );
    expect(typeof rows[0]![10] === 'number' || rows[0]![10] === null).toBe(true);
  });

  it('projects requested columns in the requested order', async () => {
    const topic = uniqueTopic('projected');
    await createTopic(env.kafka, topic, 1);
    await produceOrders(topic, [{ id: 9, product: 'fig', amount: 1, timestamp: Date.now() }]);
    const sink = await collect(createKafkaSource(ordersTable(topic), [5, 2, 1]));
    expect(sink.rows).toEqual([[0n, 'fig', 9n]]);
  });

  it('honours startup modes: timestamp, specific-offsets and latest-offset', async () => {
    const topic = uniqueTopic('startup');
    await createTopic(env.kafka, topic, 1);
    // recent timestamps: retention would delete records stamped in 1970
    const base = Date.now() - 60_000;
    await produceOrders(
      topic,
      all(5).map((i) => ({ id: i, product: `p${i}`, amount: i, timestamp: base + 1000 * (i + 1) })),
    );
    const ids = async (extra: Record<string, string>) =>
      (await collect(createKafkaSource(ordersTable(topic, extra), [1]))).rows.map((r) => r[0]);
    expect(
      await ids({ 'scan.startup.mode': 'timestamp', 'scan.startup.timestamp-millis': String(base + 3000) }),
    ).toEqual([2n, 3n, 4n]);
    expect(
      await ids({
        'scan.startup.mode': 'specific-offsets',
        'scan.startup.specific-offsets': 'partition:0,offset:4',
      }),
    ).toEqual([4n]);
    expect(await ids({ 'scan.startup.mode': 'latest-offset' })).toEqual([]);
    expect(
      await ids({
        'scan.bounded.mode': 'specific-offsets',
        'scan.bounded.specific-offsets': 'partition:0,offset:2',
      }),
    ).toEqual([0n, 1n]);
    expect(
      await ids({ 'scan.bounded.mode': 'timestamp', 'scan.bounded.timestamp-millis': String(base + 2500) }),
    ).toEqual([0n, 1n]);
  });

  it('keeps reading when unbounded and sees records produced later', async () => {
    const topic = uniqueTopic('unbounded');
    await createTopic(env.kafka, topic, 1);
    const source = createKafkaSource(ordersTable(topic, { 'scan.bounded.mode': 'unbounded' }), [1]);
    const { Job } = await import('../../src/runtime/job.ts');
    const { CollectingSink } = await import('./kafka-runtime.ts');
    const sink = new CollectingSink();
    const job = new Job();
    job.addSource('s', source, [sink]);
    await source.ready();
    job.open();
    await produceOrders(topic, [{ id: 42, product: 'late', amount: 1 }]);
    const until = Date.now() + 10_000;
    while (sink.rows.length === 0 && Date.now() < until) {
      job.step();
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(sink.rows).toEqual([[42n]]);
    expect(job.isFinished()).toBe(false);
    job.close();
    await source.shutdown();
  });

  it('tells a waiting runner when records are queued; one poll emits every queued chunk as one batch', async () => {
    const topic = uniqueTopic('announce');
    await createTopic(env.kafka, topic, 2);
    await produceOrders(topic, [
      { id: 1, product: 'a', amount: 1, partition: 0 },
      { id: 2, product: 'b', amount: 2, partition: 1 },
      { id: 3, product: 'c', amount: 3, partition: 0 },
    ]);
    const source = createKafkaSource(ordersTable(topic, { 'scan.bounded.mode': 'unbounded' }), [1]);
    let announced = 0;
    source.onRecordsAvailable(() => {
      announced++;
    });
    const batches: number[] = [];
    class BatchSink extends CollectingSink {
      override processBatch(input: number, batch: Batch): void {
        batches.push(batch.length);
        super.processBatch(input, batch);
      }
    }
    const sink = new BatchSink();
    const job = new Job();
    job.addSource('s', source, [sink]);
    await source.ready();
    job.open();
    // nothing polls meanwhile: the fetched chunks (one per partition) wait in the source's queue
    const until = Date.now() + 10_000;
    while (announced < 2 && Date.now() < until) await new Promise((r) => setTimeout(r, 5));
    expect(announced).toBe(2);
    job.step();
    expect(batches).toEqual([3]);
    expect(sink.rows.map((r) => r[0]).sort()).toEqual([1n, 2n, 3n]);
    job.close();
    await source.shutdown();
  });
});
