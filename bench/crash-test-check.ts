/**
 * The checking half of the crash test (bench/crash-test.ts): reading a topic to its end as a
 * consumer at either isolation level, the results a crash-free run produces from the input topics as
 * written, the comparison with what the exactly-once sinks committed, and the printed report.
 */
import type { Kafka } from 'kafkajs';
import type { CrashTestReport } from './crash-test.ts';

/** Window size of the statements' TUMBLE, in event time. */
export const WINDOW_MS = 1000;

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

async function waitUntil(what: string, done: () => boolean, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!done()) {
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

export interface Consumed {
  readonly key: string | null;
  readonly value: string | null;
  /** The record's timestamp (epoch ms): the orders' event time. */
  readonly timestamp: number;
}

/**
 * Everything a consumer reads from `topic` (read_committed unless `readUncommitted`) once it caught
 * up: joined, then several fetches in a row brought nothing and nothing came for `quietMs`.
 */
export async function readTopic(
  kafka: Kafka,
  topic: string,
  readUncommitted: boolean,
  quietMs = 1000,
): Promise<Consumed[]> {
  const consumer = kafka.consumer({
    groupId: `crash-check-${topic}-${Date.now()}-${Math.random()}`,
    readUncommitted,
    maxWaitTimeInMs: 200,
  });
  const got: (Consumed & { partition: number; offset: bigint })[] = [];
  let last = Date.now();
  let joined = false;
  let emptyFetches = 0;
  consumer.on(consumer.events.GROUP_JOIN, () => {
    joined = true;
  });
  consumer.on(consumer.events.FETCH, () => {
    emptyFetches++;
  });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        got.push({
          partition,
          offset: BigInt(message.offset),
          key: message.key?.toString() ?? null,
          value: message.value?.toString() ?? null,
          timestamp: Number(message.timestamp),
        });
        last = Date.now();
        emptyFetches = 0;
      },
    });
    await waitUntil(
      `a consumer of ${topic} to catch up`,
      () => joined && emptyFetches >= 3 && Date.now() - last >= quietMs,
      180_000,
    );
  } finally {
    await consumer.disconnect();
  }
  got.sort((a, b) => a.partition - b.partition || (a.offset < b.offset ? -1 : 1));
  return got.map(({ key, value, timestamp }) => ({ key, value, timestamp }));
}

/** Epoch ms of a TIMESTAMP value as the json format writes it ('2024-01-01 00:00:01' or with millis/T/Z). */
function epochOf(value: unknown): number {
  if (typeof value === 'number') return value;
  const text = String(value).replace(' ', 'T');
  return Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(text) ? text : `${text}Z`);
}

interface WindowRow {
  total: number;
  cnt: number;
}

/** What a crash-free run produces, from the input topics as written. */
export function expectedResults(orders: readonly Consumed[], customers: readonly Consumed[]) {
  const windows = new Map<string, WindowRow>();
  let inputOrders = 0;
  for (const r of orders) {
    const o = JSON.parse(r.value!) as { order_id: number; customer_id: number; amount: number };
    if (o.customer_id < 0) continue;
    inputOrders++;
    const key = `${o.customer_id}@${Math.floor(r.timestamp / WINDOW_MS) * WINDOW_MS}`;
    const w = windows.get(key) ?? { total: 0, cnt: 0 };
    w.total += o.amount;
    w.cnt += 1;
    windows.set(key, w);
  }
  const tiers = new Map<number, string>();
  for (const r of customers) {
    const c = JSON.parse(r.value!) as { customer_id: number; tier: string };
    tiers.set(c.customer_id, c.tier);
  }
  const enriched = new Map<string, string>();
  for (const [key, w] of windows) {
    const tier = tiers.get(Number(key.split('@')[0]));
    if (tier !== undefined) enriched.set(key, `${tier}/${w.total}/${w.cnt}`);
  }
  return { windows, enriched, inputOrders };
}

/** Compares the committed sink contents with the expected results; returns the differences found. */
export function compare(
  expected: ReturnType<typeof expectedResults>,
  windowRows: readonly Consumed[],
  enrichedRows: readonly Consumed[],
): string[] {
  const problems: string[] = [];
  const seen = new Map<string, number>();
  for (const r of windowRows) {
    const v = JSON.parse(r.value!) as {
      customer_id: number;
      window_start: unknown;
      total: number;
      cnt: number;
    };
    const key = `${v.customer_id}@${epochOf(v.window_start)}`;
    seen.set(key, (seen.get(key) ?? 0) + 1);
    const want = expected.windows.get(key);
    if (want === undefined) problems.push(`window_totals has an unexpected window ${key}: ${r.value}`);
    else if (want.total !== Number(v.total) || want.cnt !== Number(v.cnt))
      problems.push(`window_totals ${key} = ${v.total}/${v.cnt}, expected ${want.total}/${want.cnt}`);
  }
  for (const [key, n] of seen)
    if (n > 1) problems.push(`window_totals holds window ${key} ${n} times (duplicate)`);
  for (const key of expected.windows.keys())
    if (!seen.has(key)) problems.push(`window_totals lacks window ${key} (lost)`);
  const materialized = new Map<string, string>();
  for (const r of enrichedRows) {
    const k = JSON.parse(r.key!) as { customer_id: number; window_start: unknown };
    const key = `${k.customer_id}@${epochOf(k.window_start)}`;
    if (r.value === null) materialized.delete(key);
    else {
      const v = JSON.parse(r.value) as { tier: string; total: number; cnt: number };
      materialized.set(key, `${v.tier}/${v.total}/${v.cnt}`);
    }
  }
  for (const [key, want] of expected.enriched) {
    const got = materialized.get(key);
    if (got !== want) problems.push(`enriched ${key} = ${got ?? '(absent)'}, expected ${want}`);
  }
  for (const key of materialized.keys())
    if (!expected.enriched.has(key)) problems.push(`enriched has an unexpected key ${key}`);
  return problems.slice(0, 50).concat(problems.length > 50 ? [`... and ${problems.length - 50} more`] : []);
}

const percentile = (sorted: readonly number[], q: number): number =>
  sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))] ?? Number.NaN;

/** Kills survived, recovery p50/max and the verdict, as printed by `npm run test:crash`. */
export function formatReport(r: CrashTestReport): string {
  const sorted = [...r.recoveryMs].sort((a, b) => a - b);
  const lines = [
    `input: ${r.inputOrders} orders → ${r.expectedWindows} windows, ${r.expectedEnriched} enriched keys`,
    `kills survived: ${r.killsSurvived}`,
    `recovery (kill → both statements checkpointed again): p50 ${percentile(sorted, 0.5)} ms, max ${sorted.at(-1) ?? Number.NaN} ms`,
    r.problems.length === 0
      ? 'exactly-once: OK (window_totals holds every window once; enriched equals the crash-free result)'
      : `exactly-once: FAILED\n  ${r.problems.join('\n  ')}`,
  ];
  return lines.join('\n');
}
