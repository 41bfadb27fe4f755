/**
 * The Kafka cluster and Schema Registry the kafka tests run against: the external ones named by
 * TRIBUTARY_TEST_KAFKA (bootstrap servers) and TRIBUTARY_TEST_SCHEMA_REGISTRY (URL) when both are
 * set, otherwise the embedded broker and registry started on port 0. Topic names are unique per run
 * so an external cluster can be shared.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { type RunningBroker, startBroker } from '../../src/broker/index.ts';
import { type RunningRegistry, startRegistry } from '../../src/registry/index.ts';
import type { Job } from '../../src/runtime/job.ts';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

export interface KafkaTestEnv {
  readonly bootstrap: string;
  readonly registryUrl: string;
  readonly kafka: Kafka;
  readonly dataDir: string;
  close(): Promise<void>;
}

export async function startKafkaTestEnv(): Promise<KafkaTestEnv> {
  const dataDir = mkdtempSync(join(tmpdir(), 'kafka-test-'));
  const externalKafka = process.env.TRIBUTARY_TEST_KAFKA;
  const externalRegistry = process.env.TRIBUTARY_TEST_SCHEMA_REGISTRY;
  let broker: RunningBroker | undefined;
  let registry: RunningRegistry | undefined;
  let bootstrap: string;
  let registryUrl: string;
  if (externalKafka && externalRegistry) {
    console.log(`kafka tests: external cluster ${externalKafka}, registry ${externalRegistry}`);
    bootstrap = externalKafka;
    registryUrl = externalRegistry;
  } else {
    console.log(
      'kafka tests: embedded broker and registry (set TRIBUTARY_TEST_KAFKA and TRIBUTARY_TEST_SCHEMA_REGISTRY for an external cluster)',
    );
    broker = await startBroker({
      port: 0,
      dataDir: join(dataDir, 'broker'),
      logger: { info: () => {}, warn: () => {}, error: (m: string) => console.error(`[broker] ${m}`) },
    });
    registry = await startRegistry({ host: '127.0.0.1', port: 0 });
    bootstrap = `${broker.host}:${broker.port}`;
    registryUrl = registry.url;
  }
  const kafka = new Kafka({
    clientId: 'test',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    retry: { retries: 8, initialRetryTime: 100 },
  });
  return {
    bootstrap,
    registryUrl,
    kafka,
    dataDir,
    async close() {
      await broker?.close();
      await registry?.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

let counter = 0;
/** A topic name unique to this process and run. */
export const uniqueTopic = (base: string): string =>
  `${base}_${process.pid}_${Date.now().toString(36)}_${counter++}`;

export async function createTopic(
  kafka: Kafka,
  topic: string,
  numPartitions = 1,
  configEntries: { name: string; value: string }[] = [],
): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createTopics({ topics: [{ topic, numPartitions, configEntries }], waitForLeaders: true });
  } finally {
    await admin.disconnect();
  }
}

/** Runs a job (with async sources/sinks) to its end, awaiting `ready()` first. */
export async function runJob(job: Job, timeoutMs = 20_000): Promise<void> {
  const waits: Promise<void>[] = [];
  for (const task of job.tasks) {
    for (const x of [task.source, ...task.operators]) {
      const ready = (x as { ready?: () => Promise<void> } | undefined)?.ready;
      if (typeof ready === 'function') waits.push(ready.call(x));
    }
  }
  await Promise.all(waits);
  job.open();
  const until = Date.now() + timeoutMs;
  while (!job.isFinished()) {
    if (Date.now() > until) throw new Error(`job did not finish within ${timeoutMs} ms`);
    if (!job.step()) await new Promise((r) => setTimeout(r, 2));
    else await new Promise((r) => setImmediate(r));
  }
}

export async function waitFor(what: string, cond: () => boolean, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 10));
  }
}
