/**
 * Transactions across a broker restart, as Kafka keeps them: an open transaction stays open (its
 * producer — or a two-phase-commit sink recovering from a checkpoint — may still commit it), its
 * records stay invisible to read_committed meanwhile even when the transaction began in an older
 * segment than the active one, and transaction.timeout.ms still aborts it when nobody ends it.
 */
import * as fs from 'node:fs';
import type { Kafka } from 'kafkajs';
import { afterAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../../src/broker/index.ts';
import { kafkaFor, start, tempDataDir, waitFor } from './helpers.ts';

const dirs: string[] = [];
const brokers: RunningBroker[] = [];
afterAll(async () => {
  for (const b of brokers) await b.close().catch(() => {});
  for (const d of dirs) fs.rmSync(d, { recursive: true, force: true });
});

async function startOn(dataDir: string, port = 0): Promise<RunningBroker> {
  const broker = await start(dataDir, { port, housekeepingIntervalMs: 100 });
  brokers.push(broker);
  return broker;
}

async function readValues(kafka: Kafka, topic: string, readUncommitted: boolean, atLeast: number) {
  const consumer = kafka.consumer({
    groupId: `reader-${readUncommitted}-${Math.random()}`,
    readUncommitted,
    maxWaitTimeInMs: 100,
  });
  const values: string[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      values.push(String(message.value));
    },
  });
  await waitFor(`${atLeast} records of ${topic}`, () => values.length >= atLeast).catch(() => {});
  await new Promise((r) => setTimeout(r, 400));
  await consumer.disconnect();
  return values;
}

describe('transactions across a broker restart', () => {
  it('keeps an open transaction spanning segments open and committable', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const first = await startOn(dataDir);
    const kafka = kafkaFor(first);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({
      topics: [{ topic: 'spanning', configEntries: [{ name: 'segment.bytes', value: '400' }] }],
    });
    await admin.disconnect();
    const plain = kafka.producer();
    await plain.connect();
    await plain.send({ topic: 'spanning', messages: [{ value: 'before' }] });

    const producer = kafka.producer({
      transactionalId: 'restart-tx',
      idempotent: true,
      maxInFlightRequests: 1,
    });
    await producer.connect();
    const txn = await producer.transaction();
    // one batch per send, each about 100 bytes: the transaction spans several 400-byte segments
    for (let i = 0; i < 12; i++) await txn.send({ topic: 'spanning', messages: [{ value: `t${i}` }] });
    await plain.send({ topic: 'spanning', messages: [{ value: 'during' }] });
    await plain.disconnect();

    const port = first.port;
    await first.close();
    const second = await startOn(dataDir, port);
    const segments = fs.readdirSync(`${dataDir}/spanning-0`).filter((f) => f.endsWith('.log'));
    expect(segments.length).toBeGreaterThan(2);

    // the open transaction pins the last stable offset: 'during' (after it) is not visible yet
    expect(await readValues(kafkaFor(second), 'spanning', false, 1)).toEqual(['before']);
    await txn.commit(); // the same kafkajs producer, reconnected to the restarted broker
    await producer.disconnect();
    const committed = await readValues(kafkaFor(second), 'spanning', false, 14);
    expect(committed).toEqual(['before', ...Array.from({ length: 12 }, (_, i) => `t${i}`), 'during']);
  });

  it('still aborts a transaction left open across a restart once it times out', async () => {
    const dataDir = tempDataDir();
    dirs.push(dataDir);
    const first = await startOn(dataDir);
    const kafka = kafkaFor(first);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic: 'left-open' }] });
    await admin.disconnect();
    const producer = kafka.producer({
      transactionalId: 'left-open-tx',
      idempotent: true,
      maxInFlightRequests: 1,
      transactionTimeout: 1500,
    });
    await producer.connect();
    const txn = await producer.transaction();
    await txn.send({ topic: 'left-open', messages: [{ value: 'orphan' }] });
    const port = first.port;
    await first.close();
    await producer.disconnect().catch(() => {});

    const second = await startOn(dataDir, port);
    const plain = kafkaFor(second).producer();
    await plain.connect();
    await plain.send({ topic: 'left-open', messages: [{ value: 'after' }] });
    await plain.disconnect();
    // visible once the coordinator aborted the orphan (1.5 s after it began)
    const values = await readValues(kafkaFor(second), 'left-open', false, 1);
    expect(values).toEqual(['after']);
    expect(await readValues(kafkaFor(second), 'left-open', true, 2)).toEqual(['orphan', 'after']);
  });
});
