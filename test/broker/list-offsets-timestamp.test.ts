/**
 * ListOffsets by timestamp resolves to the first RECORD whose timestamp is ≥ the target (as Kafka
 * does), not to the first offset of the batch that holds it: several records per batch,
 * uncompressed and gzip, looked up through kafkajs's admin client. A timestamp past the last record
 * answers offset -1 (seen raw through librdkafka's `kcat -Q`; kafkajs's admin maps it to the end).
 */
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import { promisify } from 'node:util';
import { CompressionTypes } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningBroker } from '../../src/broker/index.ts';
import { kafkaFor, start, tempDataDir } from './helpers.ts';

const run = promisify(execFile);
const hasKcat = spawnSync('kcat', ['-V']).status === 0;

let broker: RunningBroker;
let dataDir: string;

beforeAll(async () => {
  dataDir = tempDataDir();
  broker = await start(dataDir, { port: 0 });
});
afterAll(async () => {
  await broker?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

// recent timestamps: records older than retention.ms (7 days) may be deleted, as in Kafka
const base = Date.now() - 60_000;

async function offsetAt(topic: string, ts: number): Promise<string> {
  const admin = kafkaFor(broker).admin();
  await admin.connect();
  try {
    const [p] = await admin.fetchTopicOffsetsByTimestamp(topic, ts);
    return p!.offset;
  } finally {
    await admin.disconnect();
  }
}

describe('ListOffsets by timestamp', () => {
  for (const [name, compression] of [
    ['uncompressed', CompressionTypes.None],
    ['gzip', CompressionTypes.GZIP],
  ] as const) {
    it(`finds the first record at or after the timestamp inside a batch (${name})`, async () => {
      const topic = `ts-${name}`;
      const kafka = kafkaFor(broker);
      const admin = kafka.admin();
      await admin.connect();
      await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
      await admin.disconnect();
      const producer = kafka.producer();
      await producer.connect();
      // one batch of four records (offsets 0-3), then a second batch (offsets 4-5)
      await producer.send({
        topic,
        compression,
        messages: [0, 100, 200, 300].map((d) => ({ value: `r${d}`, timestamp: String(base + d) })),
      });
      await producer.send({
        topic,
        compression,
        messages: [400, 500].map((d) => ({ value: `r${d}`, timestamp: String(base + d) })),
      });
      await producer.disconnect();
      expect(await offsetAt(topic, base - 1)).toBe('0');
      expect(await offsetAt(topic, base)).toBe('0');
      expect(await offsetAt(topic, base + 100)).toBe('1');
      expect(await offsetAt(topic, base + 150)).toBe('2');
      expect(await offsetAt(topic, base + 300)).toBe('3');
      expect(await offsetAt(topic, base + 301)).toBe('4');
      expect(await offsetAt(topic, base + 450)).toBe('5');
    });
  }

  it('skips records whose timestamps go backwards inside a batch', async () => {
    const topic = 'ts-unordered';
    const kafka = kafkaFor(broker);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [300, 100, 500, 200].map((d) => ({ value: `r${d}`, timestamp: String(base + d) })),
    });
    await producer.disconnect();
    // the first record (in offset order) with a timestamp ≥ target
    expect(await offsetAt(topic, base + 150)).toBe('0');
    expect(await offsetAt(topic, base + 400)).toBe('2');
  });

  it.skipIf(!hasKcat)('answers offset -1 for a timestamp past the last record (kcat -Q)', async () => {
    const topic = 'ts-past-end';
    const kafka = kafkaFor(broker);
    const admin = kafka.admin();
    await admin.connect();
    await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    await admin.disconnect();
    const producer = kafka.producer();
    await producer.connect();
    await producer.send({
      topic,
      messages: [0, 100].map((d) => ({ value: `r${d}`, timestamp: String(base + d) })),
    });
    await producer.disconnect();
    const query = async (ts: number): Promise<string> => {
      const { stdout } = await run('kcat', [
        '-b',
        `${broker.host}:${broker.port}`,
        '-Q',
        '-t',
        `${topic}:0:${ts}`,
      ]);
      return stdout.trim();
    };
    expect(await query(base + 50)).toMatch(/ \[0\] offset 1$/);
    expect(await query(base + 101)).toMatch(/ \[0\] offset -1$/);
    // kafkajs's admin turns -1 into the high watermark itself
    expect(await offsetAt(topic, base + 101)).toBe('2');
  });
});
