import { AvroSerializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKafkaSource } from '../../src/connectors/kafka/factory.ts';
import {
  BoundedOutOfOrdernessGenerator,
  PartitionWatermarks,
  SourceWatermarkGenerator,
} from '../../src/connectors/kafka/watermarks.ts';
import { T } from '../../src/expr/types.ts';
import { Job } from '../../src/runtime/job.ts';
import { parseExpression } from '../../src/sql/index.ts';
import { MIN_WATERMARK } from '../../src/state/timers.ts';
import { createTopic, type KafkaTestEnv, startKafkaTestEnv, uniqueTopic, waitFor } from './kafka-env.ts';
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

const SCHEMA = { type: 'record', name: 'R', fields: [{ name: 'n', type: 'int' }] };

/** Three records at offsets 0..2; offset 1 is not in the registry wire format. */
async function topicWithMalformedRecord(): Promise<string> {
  const topic = uniqueTopic('malformed');
  await createTopic(env.kafka, topic, 1);
  await registry.register(`${topic}-value`, { schemaType: 'AVRO', schema: JSON.stringify(SCHEMA) });
  const ser = new AvroSerializer(registry, SerdeType.VALUE, { useLatestVersion: true });
  const producer = env.kafka.producer();
  await producer.connect();
  await producer.send({
    topic,
    messages: [
      { value: await ser.serialize(topic, { n: 1 }) },
      { value: Buffer.from('not avro at all') },
      { value: await ser.serialize(topic, { n: 3 }) },
    ],
  });
  await producer.disconnect();
  return topic;
}

const tableFor = (topic: string, extra: Record<string, string>) => {
  const table = kafkaTable([physical('n', T.int(false))], {
    topic,
    'properties.bootstrap.servers': env.bootstrap,
    'value.format': 'avro-registry',
    'value.avro-registry.url': env.registryUrl,
    'scan.bounded.mode': 'latest-offset',
    ...extra,
  });
  return { path: { catalog: 'c', database: 'd', name: topic }, table, options: table.options };
};

describe('error-handling.mode', () => {
  it('fail: the statement fails naming partition, offset and cause', async () => {
    const topic = await topicWithMalformedRecord();
    await expect(collect(createKafkaSource(tableFor(topic, {}), [0]))).rejects.toThrow(
      new RegExp(`topic '${topic}', partition 0, offset 1: value: .*magic byte`),
    );
  });

  it('ignore: malformed records are skipped and counted', async () => {
    const topic = await topicWithMalformedRecord();
    const source = createKafkaSource(tableFor(topic, { 'error-handling.mode': 'ignore' }), [0]);
    const sink = await collect(source);
    expect(sink.rows).toEqual([[1], [3]]);
    expect(source.skippedRecords).toBe(1);
  });

  it('log: malformed records go to the dead-letter topic with the error and position', async () => {
    const topic = await topicWithMalformedRecord();
    const dlq = uniqueTopic('dlq');
    const source = createKafkaSource(
      tableFor(topic, { 'error-handling.mode': 'log', 'error-handling.log.target': dlq }),
      [0],
    );
    const sink = await collect(source);
    expect(sink.rows).toEqual([[1], [3]]);
    const consumer = env.kafka.consumer({ groupId: `dlq-${dlq}` });
    await consumer.connect();
    await consumer.subscribe({ topic: dlq, fromBeginning: true });
    const logged: Record<string, unknown>[] = [];
    await consumer.run({
      eachMessage: async ({ message }) => void logged.push(JSON.parse(message.value!.toString())),
    });
    await waitFor('dead letter', () => logged.length > 0);
    await consumer.disconnect();
    expect(logged[0]).toMatchObject({
      topic,
      partition: 0,
      offset: '1',
      value: Buffer.from('not avro at all').toString('base64'),
    });
    expect(String(logged[0]!.error_message)).toMatch(/magic byte/);
  });
});

describe('watermarks', () => {
  it('merges partition watermarks by minimum and leaves idle partitions out', () => {
    const w = new PartitionWatermarks(() => new BoundedOutOfOrdernessGenerator(0), 100);
    w.addPartition(0, 0);
    w.addPartition(1, 0);
    w.onEvent(0, 5000, 10);
    expect(w.combined(10)).toEqual({ watermark: MIN_WATERMARK, idle: false });
    w.onEvent(1, 3000, 20);
    expect(w.combined(20)).toEqual({ watermark: 3000, idle: false });
    w.onEvent(0, 9000, 90);
    // partition 1 has been silent for 100 ms: idle, so partition 0 alone decides
    expect(w.combined(125)).toEqual({ watermark: 9000, idle: false });
    expect(w.combined(500)).toEqual({ watermark: MIN_WATERMARK, idle: true });
    w.onEvent(1, 4000, 510);
    expect(w.combined(510)).toEqual({ watermark: 4000, idle: false });
    w.touch(0, 515);
    w.finish(1);
    expect(w.combined(520)).toEqual({ watermark: 9000, idle: false });
  });

  it('SOURCE_WATERMARK learns the delay from observed out-of-orderness, within bounds', () => {
    const g = new SourceWatermarkGenerator({ warmupRecords: 100, window: 1000 });
    for (let i = 0; i < 50; i++) g.onEvent(1_000_000 + i * 10);
    expect(g.currentDelay()).toBe(7 * 24 * 3600 * 1000);
    // every 10th record is 2 s late, the rest in order
    let t = 1_001_000;
    for (let i = 0; i < 2000; i++) {
      t += 10;
      g.onEvent(i % 10 === 0 ? t - 2000 : t);
    }
    expect(g.currentDelay()).toBe(1990);
    expect(g.currentWatermark()).toBe(t - 1990);
    const inOrder = new SourceWatermarkGenerator({ warmupRecords: 10 });
    for (let i = 0; i < 100; i++) inOrder.onEvent(i);
    expect(inOrder.currentDelay()).toBe(50);
  });

  it('the source emits per-partition SOURCE_WATERMARK()s merged by minimum', async () => {
    const topic = uniqueTopic('wm');
    await createTopic(env.kafka, topic, 2);
    const producer = env.kafka.producer();
    await producer.connect();
    const base = Date.now() - 60_000;
    const at = (ts: number, partition: number) => ({
      value: Buffer.from(String(ts)),
      partition,
      timestamp: String(base + ts),
    });
    await producer.send({ topic, messages: [at(10_000, 0), at(20_000, 0), at(5_000, 1), at(6_000, 1)] });
    await producer.disconnect();
    const table = kafkaTable(
      [physical('v', T.string()), metadata('$rowtime', T.timestampLtz(3, false), 'timestamp')],
      {
        topic,
        'properties.bootstrap.servers': env.bootstrap,
        'value.format': 'raw',
      },
    );
    const withWatermark = {
      ...table,
      watermark: {
        rowtimeColumn: '$rowtime',
        expr: parseExpression('SOURCE_WATERMARK()'),
        exprText: 'SOURCE_WATERMARK()',
      },
    };
    const source = createKafkaSource(
      { path: { catalog: 'c', database: 'd', name: topic }, table: withWatermark, options: table.options },
      [0, 1],
    );
    const sink = new CollectingSink();
    const job = new Job();
    job.addSource('s', source, [sink]);
    await source.ready();
    job.open();
    const until = Date.now() + 10_000;
    while (sink.rows.length < 4 && Date.now() < until) {
      job.step();
      await new Promise((r) => setTimeout(r, 2));
    }
    job.close();
    await source.shutdown();
    expect(sink.rows).toHaveLength(4);
    const seven = 7 * 24 * 3600 * 1000;
    // during warm-up the delay is 7 days; the merged watermark follows the slower partition (max 6 000)
    expect(sink.watermarks.length).toBeGreaterThan(0);
    expect(Math.max(...sink.watermarks)).toBe(base + 6_000 - seven);
    expect(source.partitionWatermarks?.generator(0)?.currentWatermark()).toBe(base + 20_000 - seven);
  });
});
