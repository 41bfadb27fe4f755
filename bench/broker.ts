/**
 * Throughput of the embedded broker through kafkajs on loopback: 1 KiB records, batched, acks=1.
 * Broker and clients share this process (and the machine's cores). Prints records/s and MB/s for
 * produce and consume, the median of RUNS runs.
 *   npm run bench:broker            (RECORDS=50000 RUNS=3 by default)
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { startBroker } from '../src/broker/index.ts';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';
const RECORDS = Number(process.env.RECORDS ?? 50_000);
const RUNS = Number(process.env.RUNS ?? 3);
const BATCH = 500;
const PARTITIONS = 4;
const RECORD = Buffer.alloc(1024, 'x');

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'broker-bench-'));
  const broker = await startBroker({ dataDir });
  const kafka = new Kafka({ brokers: [`${broker.host}:${broker.port}`], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  const produceRates: number[] = [];
  const consumeRates: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const topic = `bench-${run}`;
    await admin.createTopics({ topics: [{ topic, numPartitions: PARTITIONS }] });
    const producer = kafka.producer();
    await producer.connect();
    const messages = Array.from({ length: BATCH }, (_, i) => ({ key: String(i), value: RECORD }));
    let t0 = process.hrtime.bigint();
    const inFlight: Promise<unknown>[] = [];
    for (let sent = 0; sent < RECORDS; sent += BATCH) {
      inFlight.push(producer.send({ topic, acks: 1, messages }));
      if (inFlight.length >= 8) await inFlight.shift();
    }
    await Promise.all(inFlight);
    let secs = Number(process.hrtime.bigint() - t0) / 1e9;
    produceRates.push(RECORDS / secs);
    await producer.disconnect();

    const consumer = kafka.consumer({
      groupId: `bench-${run}`,
      maxBytes: 64 << 20,
      maxBytesPerPartition: 16 << 20,
    });
    await consumer.connect();
    await consumer.subscribe({ topic, fromBeginning: true });
    let received = 0;
    t0 = process.hrtime.bigint();
    await new Promise<void>((resolve) => {
      void consumer.run({
        autoCommit: false,
        eachBatch: async ({ batch }) => {
          received += batch.messages.length;
          if (received >= RECORDS) resolve();
        },
      });
    });
    secs = Number(process.hrtime.bigint() - t0) / 1e9;
    consumeRates.push(RECORDS / secs);
    await consumer.disconnect();
    console.log(
      `run ${run + 1}: produce ${Math.round(produceRates[run]!)} rec/s, consume ${Math.round(consumeRates[run]!)} rec/s`,
    );
  }
  await admin.disconnect();
  await broker.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
  for (const [name, rates] of [
    ['produce', produceRates],
    ['consume', consumeRates],
  ] as const) {
    const r = median(rates);
    console.log(
      `${name}: ${Math.round(r)} records/s, ${((r * RECORD.length) / 1e6).toFixed(1)} MB/s (median of ${RUNS})`,
    );
  }
}

await main();
