import * as fs from 'node:fs';
import type { Consumer, Kafka } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../../src/broker/index.ts';
import { kafkaFor, start, tempDataDir, waitFor } from './helpers.ts';

const dataDir = tempDataDir();
let broker: RunningBroker | null = null;

afterAll(async () => {
  await broker?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

const TOPIC = 'grp';

async function produce(kafka: Kafka, from: number, count: number): Promise<void> {
  const producer = kafka.producer();
  await producer.connect();
  for (let i = from; i < from + count; i += 50) {
    const messages = Array.from({ length: Math.min(50, from + count - i) }, (_, j) => ({
      key: `k${i + j}`,
      value: String(i + j),
    }));
    await producer.send({ topic: TOPIC, acks: -1, messages });
  }
  await producer.disconnect();
}

function member(kafka: Kafka, assignments: Map<string, number[]>, name: string): Consumer {
  const c = kafka.consumer({
    groupId: 'g3',
    sessionTimeout: 6000,
    heartbeatInterval: 300,
    maxWaitTimeInMs: 100,
    rebalanceTimeout: 10_000,
  });
  c.on(c.events.GROUP_JOIN, (e) => assignments.set(name, e.payload.memberAssignment[TOPIC] ?? []));
  return c;
}

async function runMember(c: Consumer, seen: number[]): Promise<void> {
  await c.connect();
  await c.subscribe({ topic: TOPIC, fromBeginning: true });
  await c.run({
    autoCommitThreshold: 1,
    eachMessage: async ({ message }) => {
      seen.push(Number(message.value));
    },
  });
}

describe('a consumer group of three kafkajs members', () => {
  it('shares partitions across a rebalance without loss or duplicates, and resumes after a restart', async () => {
    broker = await start(dataDir);
    let kafka = kafkaFor(broker);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: TOPIC, numPartitions: 6 }] });
    await admin.disconnect();
    await produce(kafka, 0, 300);

    const seen: number[] = [];
    const assignments = new Map<string, number[]>();
    const a = member(kafka, assignments, 'a');
    await runMember(a, seen);
    await waitFor('member a to start consuming', () => seen.length > 0);
    const b = member(kafka, assignments, 'b');
    const c = member(kafka, assignments, 'c');
    await Promise.all([runMember(b, seen), runMember(c, seen)]);
    await produce(kafka, 300, 300);
    await waitFor('all 600 messages', () => seen.length >= 600, 40_000);
    await waitFor('three members sharing six partitions', () => {
      const all = ['a', 'b', 'c'].flatMap((n) => assignments.get(n) ?? []);
      return all.length === 6 && new Set(all).size === 6;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect([...seen].sort((x, y) => x - y)).toEqual(Array.from({ length: 600 }, (_, i) => i));
    await Promise.all([a.disconnect(), b.disconnect(), c.disconnect()]);

    // Restart the broker on the same data directory: committed offsets must survive.
    await broker.close();
    broker = await start(dataDir);
    kafka = kafkaFor(broker);
    const admin2 = kafka.admin();
    await admin2.connect();
    const committed = await admin2.fetchOffsets({ groupId: 'g3', topics: [TOPIC] });
    const total = committed[0]!.partitions.reduce((n, p) => n + Number(p.offset), 0);
    expect(total).toBe(600);
    await admin2.disconnect();
    await produce(kafka, 600, 100);
    const after: number[] = [];
    const d = member(kafka, new Map(), 'd');
    await runMember(d, after);
    await waitFor('the 100 new messages', () => after.length >= 100);
    await new Promise((r) => setTimeout(r, 500));
    await d.disconnect();
    expect([...after].sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => 600 + i));
  }, 90_000);
});
