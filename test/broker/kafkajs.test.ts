import * as fs from 'node:fs';
import { CompressionTypes, type Consumer, type Kafka } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../../src/broker/index.ts';
import { kafkaFor, start, tempDataDir, waitFor } from './helpers.ts';

let dataDir: string;
let broker: RunningBroker;
let kafka: Kafka;

beforeAll(async () => {
  dataDir = tempDataDir();
  broker = await start(dataDir, { housekeepingIntervalMs: 100 });
  kafka = kafkaFor(broker);
});

afterAll(async () => {
  await broker.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function consumeAll(
  topic: string,
  count: number,
  opts: { groupId: string; readUncommitted?: boolean },
): Promise<{ consumer: Consumer; got: { partition: number; offset: number; key: string; value: string }[] }> {
  const consumer = kafka.consumer({
    groupId: opts.groupId,
    readUncommitted: opts.readUncommitted ?? false,
    maxWaitTimeInMs: 200,
    heartbeatInterval: 500,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const got: { partition: number; offset: number; key: string; value: string }[] = [];
  await consumer.run({
    eachMessage: async ({ partition, message }) => {
      got.push({
        partition,
        offset: Number(message.offset),
        key: String(message.key),
        value: String(message.value),
      });
    },
  });
  await waitFor(`${count} messages on ${topic}`, () => got.length >= count);
  return { consumer, got };
}

describe('kafkajs against the embedded broker', () => {
  it('produces uncompressed and gzip batches and consumes them in order', async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'plain', numPartitions: 2 }] });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    const msgs = (from: number) =>
      Array.from({ length: 50 }, (_, i) => ({ key: `k${(from + i) % 7}`, value: `v${from + i}` }));
    await producer.send({ topic: 'plain', acks: -1, messages: msgs(0) });
    await producer.send({ topic: 'plain', acks: 1, compression: CompressionTypes.GZIP, messages: msgs(50) });
    await producer.disconnect();
    const { consumer, got } = await consumeAll('plain', 100, { groupId: 'plain-reader' });
    await consumer.disconnect();
    expect(got.map((m) => m.value).sort()).toEqual(Array.from({ length: 100 }, (_, i) => `v${i}`).sort());
    for (const p of [0, 1]) {
      const mine = got.filter((m) => m.partition === p);
      expect(mine.map((m) => m.offset)).toEqual(mine.map((_, i) => i));
      // Within a partition, values appear in produce order.
      const nums = mine.map((m) => Number(m.value.slice(1)));
      expect(nums).toEqual([...nums].sort((a, b) => a - b));
    }
  });

  it('creates, describes, grows and deletes topics through the admin client', async () => {
    const admin = kafka.admin();
    await admin.connect();
    expect(
      await admin.createTopics({
        topics: [
          { topic: 'admin-t', numPartitions: 3, configEntries: [{ name: 'retention.ms', value: '1234' }] },
        ],
      }),
    ).toBe(true);
    // kafkajs reports an existing topic as `false` (TOPIC_ALREADY_EXISTS is not an error to it).
    expect(await admin.createTopics({ topics: [{ topic: 'admin-t' }] })).toBe(false);
    await expect(
      admin.createTopics({ topics: [{ topic: 'bad-cfg', configEntries: [{ name: 'nope', value: '1' }] }] }),
    ).rejects.toThrow();
    expect(await admin.listTopics()).toContain('admin-t');
    const meta = await admin.fetchTopicMetadata({ topics: ['admin-t'] });
    expect(meta.topics[0]!.partitions.map((p) => [p.partitionId, p.leader, p.replicas, p.isr])).toEqual([
      [0, 0, [0], [0]],
      [1, 0, [0], [0]],
      [2, 0, [0], [0]],
    ]);
    const configs = await admin.describeConfigs({
      resources: [{ type: 2, name: 'admin-t', configNames: ['retention.ms', 'cleanup.policy'] }],
      includeSynonyms: false,
    });
    const entries = configs.resources[0]!.configEntries.map((c) => [
      c.configName,
      c.configValue,
      c.isDefault,
    ]);
    expect(entries).toEqual([
      ['cleanup.policy', 'delete', true],
      ['retention.ms', '1234', false],
    ]);
    await admin.createPartitions({ topicPartitions: [{ topic: 'admin-t', count: 5 }] });
    expect((await admin.fetchTopicMetadata({ topics: ['admin-t'] })).topics[0]!.partitions).toHaveLength(5);
    await admin.deleteTopics({ topics: ['admin-t'] });
    expect(await admin.listTopics()).not.toContain('admin-t');
    expect(fs.existsSync(`${dataDir}/admin-t-0`)).toBe(false);
    await admin.disconnect();
  });

  it('acknowledges an idempotent producer with contiguous offsets', async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'idem' }] });
    await admin.disconnect();
    const producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const offsets: number[] = [];
    for (let i = 0; i < 5; i++) {
      const [r] = await producer.send({
        topic: 'idem',
        acks: -1,
        messages: [{ value: `a${i}` }, { value: `b${i}` }],
      });
      offsets.push(Number(r!.baseOffset));
    }
    await producer.disconnect();
    expect(offsets).toEqual([0, 2, 4, 6, 8]);
  });

  it('hides an aborted transaction from read_committed consumers and commits sendOffsets', async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'txn-out' }, { topic: 'txn-src' }] });
    const producer = kafka.producer({ transactionalId: 'tx-1', idempotent: true, maxInFlightRequests: 1 });
    await producer.connect();
    const committed = await producer.transaction();
    await committed.send({ topic: 'txn-out', messages: [{ value: 'c1' }, { value: 'c2' }, { value: 'c3' }] });
    await committed.sendOffsets({
      consumerGroupId: 'txn-group',
      topics: [{ topic: 'txn-src', partitions: [{ partition: 0, offset: '5' }] }],
    });
    await committed.commit();
    const aborted = await producer.transaction();
    await aborted.send({ topic: 'txn-out', messages: [{ value: 'a1' }, { value: 'a2' }] });
    await aborted.sendOffsets({
      consumerGroupId: 'txn-group',
      topics: [{ topic: 'txn-src', partitions: [{ partition: 0, offset: '9' }] }],
    });
    await aborted.abort();
    const last = await producer.transaction();
    await last.send({ topic: 'txn-out', messages: [{ value: 'c4' }] });
    await last.commit();
    await producer.disconnect();

    const committedView = await consumeAll('txn-out', 4, { groupId: 'rc' });
    await new Promise((r) => setTimeout(r, 300)); // anything more would arrive now
    await committedView.consumer.disconnect();
    expect(committedView.got.map((m) => m.value)).toEqual(['c1', 'c2', 'c3', 'c4']);

    const uncommittedView = await consumeAll('txn-out', 6, { groupId: 'ru', readUncommitted: true });
    await uncommittedView.consumer.disconnect();
    expect(uncommittedView.got.map((m) => m.value)).toEqual(['c1', 'c2', 'c3', 'a1', 'a2', 'c4']);

    const offsets = await admin.fetchOffsets({ groupId: 'txn-group', topics: ['txn-src'] });
    expect(offsets[0]!.partitions[0]!.offset).toBe('5');
    await admin.disconnect();
  });

  it('fences a zombie transactional producer', async () => {
    const first = kafka.producer({ transactionalId: 'tx-zombie', idempotent: true, maxInFlightRequests: 1 });
    await first.connect();
    const t1 = await first.transaction();
    await t1.send({ topic: 'txn-out', messages: [{ value: 'zombie' }] });
    const second = kafka.producer({ transactionalId: 'tx-zombie', idempotent: true, maxInFlightRequests: 1 });
    await second.connect();
    // kafkajs registers the transactional id on its first transaction: that bumps the epoch and aborts
    // the zombie's open transaction.
    const t2 = await second.transaction();
    await expect(t1.commit()).rejects.toThrow(/old epoch/);
    await t2.send({ topic: 'txn-out', messages: [{ value: 'fresh' }] });
    await t2.commit();
    await second.disconnect();
    await first.disconnect().catch(() => {});
  });

  it('aborts a transaction that outlives transaction.timeout.ms', async () => {
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'txn-timeout' }] });
    await admin.disconnect();
    const producer = kafka.producer({
      transactionalId: 'tx-slow',
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: 300,
    });
    await producer.connect();
    const t = await producer.transaction();
    await t.send({ topic: 'txn-timeout', messages: [{ value: 'late' }] });
    await new Promise((r) => setTimeout(r, 700));
    await expect(t.commit()).rejects.toThrow(/old epoch/);
    await producer.disconnect().catch(() => {});
    const plain = kafka.producer();
    await plain.connect();
    await plain.send({ topic: 'txn-timeout', messages: [{ value: 'after' }] });
    await plain.disconnect();
    const view = await consumeAll('txn-timeout', 1, { groupId: 'timeout-reader' });
    await new Promise((r) => setTimeout(r, 300));
    await view.consumer.disconnect();
    expect(view.got.map((m) => m.value)).toEqual(['after']);
  });

  it('names the port when it is already taken', async () => {
    const dir = tempDataDir();
    await expect(start(dir, { port: broker.port })).rejects.toThrow(
      new RegExp(`127\\.0\\.0\\.1:${broker.port}: the port is already in use`),
    );
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
