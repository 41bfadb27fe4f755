/**
 * The `--source kafka` variant: the events of ddl.sql's `nexmark` table are first written (untimed)
 * to a topic of the embedded broker as Avro in the Schema Registry wire format, by the engine itself
 * (`INSERT INTO` a kafka table with `'value.format' = 'avro-confluent'` from the generator); each
 * query then reads that topic instead of the generator: ddl.sql with the `nexmark` table's WITH
 * clause replaced by a bounded kafka scan (earliest to latest offset), same columns, computed
 * `dateTime` and watermark, so fetching and Avro decoding are part of the measured run.
 */
import { type ChildProcess, fork } from 'node:child_process';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { nexmarkDdl } from './engine.ts';
import type { KafkaServices } from './kafka-services.ts';

export type { KafkaServices } from './kafka-services.ts';

/** The topic holding the events of a run of `events` events (one partition: parallelism 1). */
export const topicFor = (events: number): string => `nexmark-${events}`;

function kafkaOptions(services: KafkaServices, topic: string, scan: boolean): string {
  const options: Record<string, string> = {
    connector: 'kafka',
    topic,
    'properties.bootstrap.servers': services.bootstrap,
    'value.format': 'avro-confluent',
    'value.avro-confluent.url': services.registryUrl,
    ...(scan ? { 'scan.startup.mode': 'earliest-offset', 'scan.bounded.mode': 'latest-offset' } : {}),
  };
  const lines = Object.entries(options).map(([k, v]) => `    '${k}' = '${v}'`);
  return `) WITH (\n${lines.join(',\n')}\n);`;
}

/** The `nexmark` table's statement in ddl.sql: [start, end) of `CREATE TABLE nexmark (` … `);`. */
function nexmarkTableStatement(ddl: string): { start: number; withAt: number; end: number } {
  const start = ddl.indexOf('CREATE TABLE nexmark (');
  const withAt = ddl.indexOf(') WITH (', start);
  const end = ddl.indexOf(');', withAt);
  if (start < 0 || withAt < 0 || end < 0) {
    throw new Error(
      "sql-examples/nexmark/ddl.sql: no 'CREATE TABLE nexmark (...) WITH (...);' statement found",
    );
  }
  return { start, withAt, end: end + 2 };
}

/** ddl.sql reading the topic: the `nexmark` table as a bounded kafka scan; views unchanged. */
export function kafkaSourceDdl(events: number, services: KafkaServices): string {
  const ddl = nexmarkDdl(events);
  const { withAt, end } = nexmarkTableStatement(ddl);
  return ddl.slice(0, withAt) + kafkaOptions(services, topicFor(events), true) + ddl.slice(end);
}

/**
 * The script that fills the topic: the generator table (ddl.sql's, renamed), a kafka sink table with
 * its physical columns, and the INSERT between them.
 */
export function preloadScript(events: number, services: KafkaServices): string {
  const ddl = nexmarkDdl(events);
  const { start, withAt, end } = nexmarkTableStatement(ddl);
  const generator = ddl
    .slice(start, end)
    .replace('CREATE TABLE nexmark (', 'CREATE TABLE nexmark_generator (');
  const columns = ddl.slice(start, withAt);
  const computed = columns.search(/,\s*dateTime AS/);
  if (computed < 0)
    throw new Error('sql-examples/nexmark/ddl.sql: the nexmark table has no computed dateTime column');
  const sink = `${columns.slice(0, computed).replace('CREATE TABLE nexmark (', 'CREATE TABLE nexmark_topic (')}\n${kafkaOptions(services, topicFor(events), false)}`;
  return `${generator}\n${sink}\nINSERT INTO nexmark_topic SELECT event_type, person, auction, bid FROM nexmark_generator;\n`;
}

/** Creates the (one-partition) topic for `events` events; false when it exists already. */
export async function createTopic(services: KafkaServices, events: number): Promise<boolean> {
  const kafka = new Kafka({
    clientId: 'nexmark-bench',
    brokers: [services.bootstrap],
    logLevel: logLevel.NOTHING,
  });
  const admin = kafka.admin();
  await admin.connect();
  try {
    return await admin.createTopics({ topics: [{ topic: topicFor(events), numPartitions: 1 }] });
  } finally {
    await admin.disconnect();
  }
}

/** Starts the broker and registry process; `stop()` ends it. */
export function startKafkaServices(): Promise<KafkaServices & { stop(): void }> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = fork(join(import.meta.dirname, 'kafka-services.ts'), [], {
      execArgv: ['--import', 'tsx'],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      reject(new Error(`the broker/registry process exited early (code ${code})`)),
    );
    child.once('message', (m) => {
      const services = m as KafkaServices;
      resolve({ ...services, stop: () => child.disconnect() });
    });
  });
}
