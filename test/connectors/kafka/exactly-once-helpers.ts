/**
 * Test support for the exactly-once Kafka sink: a sink over a one-column STRING topic (raw format),
 * opened and driven through its operator hooks as the checkpoint coordinator does, and readers of
 * the topic at either isolation level.
 */
import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import type { Kafka } from 'kafkajs';
import { parseKafkaOptions } from '../../../src/connectors/kafka/options.ts';
import { KafkaSink } from '../../../src/connectors/kafka/sink.ts';
import { T } from '../../../src/expr/types.ts';
import { batchOf } from '../../../src/runtime/batch.ts';
import { OperatorMetrics } from '../../../src/runtime/operator.ts';
import { HeapKeyedStateBackend } from '../../../src/state/heap-backend.ts';
import type { Encoded } from '../../../src/state/tagged-value.ts';
import { kafkaTable, physical } from '../kafka-runtime.ts';

export function exactlyOnceSink(
  bootstrap: string,
  topic: string,
  prefix: string,
  extra: Record<string, string> = {},
): KafkaSink {
  const table = kafkaTable([physical('v', T.string())], {
    topic,
    'properties.bootstrap.servers': bootstrap,
    'value.format': 'raw',
    'sink.delivery-guarantee': 'exactly-once',
    'sink.transactional-id-prefix': prefix,
    ...extra,
  });
  return new KafkaSink(table, parseKafkaOptions(table, table.options));
}

/** Opens the sink as a job does: `ready()` first, then `open()`. */
export async function openSink(sink: KafkaSink, subtaskIndex = 0): Promise<KafkaSink> {
  await sink.ready();
  sink.open({
    operatorName: sink.name,
    subtaskIndex,
    parallelism: 1,
    backend: new HeapKeyedStateBackend(),
    output: { emitBatch: () => {}, emitWatermark: () => {}, emitIdle: () => {} },
    metrics: new OperatorMetrics(),
    processingTime: Date.now,
    scheduleProcessingTime: () => {},
  });
  return sink;
}

export function writeValues(sink: KafkaSink, values: readonly string[]): void {
  sink.processBatch(0, batchOf(values.map((v) => [v])));
}

export const range = (tag: string, from: number, to: number): string[] =>
  Array.from({ length: to - from }, (_, i) => `${tag}${from + i}`);

/**
 * Every value a consumer at `isolation` reads from `topic`: waits until at least `atLeast` arrived
 * (and at most 15 s), then `settleMs` more so that duplicates or late records would show.
 */
export async function readValues(
  kafka: Kafka,
  topic: string,
  isolation: 'read_committed' | 'read_uncommitted',
  atLeast: number,
  settleMs = 500,
): Promise<string[]> {
  const consumer = kafka.consumer({
    groupId: `check-${isolation}-${topic}-${Math.random().toString(36).slice(2)}`,
    readUncommitted: isolation === 'read_uncommitted',
    maxWaitTimeInMs: 100,
  });
  const values: string[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ message }) => {
        if (message.value !== null) values.push(message.value.toString());
      },
    });
    const until = Date.now() + 15_000;
    while (values.length < atLeast && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
    await new Promise((r) => setTimeout(r, settleMs));
  } finally {
    await consumer.disconnect();
  }
  return values;
}

export const sorted = (values: readonly string[]): string[] => [...values].sort();

/** Restores the sink from the operator state of a snapshot (the sink keeps no keyed state). */
export function restoreSink(sink: KafkaSink, checkpointId: number, operator: Encoded): void {
  sink.restoreState({ checkpointId, keyed: new HeapKeyedStateBackend().snapshot(), operator });
}

export interface CrashScenario {
  readonly topic: string;
  readonly prefix: string;
  readonly count: number;
  /** Whether checkpoint 1 completed (its transaction committed) before the crash. */
  readonly complete: boolean;
}

/**
 * Runs exactly-once-crash-child.ts for the scenarios and SIGKILLs it once every second batch is
 * sent; resolves with each scenario's checkpoint-1 operator state, by topic.
 */
export async function crashedChild(
  bootstrap: string,
  scenarios: readonly CrashScenario[],
): Promise<Map<string, Encoded>> {
  // node itself with tsx's loader: the tsx CLI runs the script in a grandchild that SIGKILL would miss
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      resolve(import.meta.dirname, 'exactly-once-crash-child.ts'),
      bootstrap,
      ...scenarios.map((s) => [s.topic, s.prefix, s.count, ...(s.complete ? ['complete'] : [])].join(',')),
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let out = '';
  child.stdout.on('data', (d: Buffer) => {
    out += d.toString();
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const until = Date.now() + 60_000;
  while (!out.includes('\nsent\n')) {
    if (Date.now() > until || child.exitCode !== null) {
      child.kill('SIGKILL');
      throw new Error(`crash child did not reach 'sent' (output: ${out})`);
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill('SIGKILL');
  await exited;
  const states = new Map<string, Encoded>();
  for (const line of out.split('\n')) {
    if (!line.startsWith('{')) continue;
    const { topic, operator } = JSON.parse(line) as { topic: string; operator: Encoded };
    states.set(topic, operator);
  }
  return states;
}
