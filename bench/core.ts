/**
 * End-to-end throughput of real SQL through the engine, on the path `tributary run` takes:
 * parse → bind → physical plan → job, datagen (unthrottled) → ... → blackhole.
 *
 *   (a) filter + projection                         goal ≥ 1,000,000 events/s per core
 *   (b) TUMBLE(1 s) COUNT(*) per key (1,000 keys)    goal ≥   300,000 events/s per core
 *
 * Event time is the sequence id in milliseconds, so every 1-second window holds one event per key:
 * the worst case for a window aggregate (each event starts a new per-key window accumulator).
 * Reported: the median of RUNS runs after a warm-up, as events/s of wall time and events per
 * CPU-second (process.cpuUsage, user + system), with the load average at the time (the machine may be
 * shared, so CPU-seconds are the fairer figure).
 *
 *   EVENTS=2000000 RUNS=5 npm run bench:core
 *   ONLY=TUMBLE RUNS=1 node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/core.ts
 *   (then `npx tsx bench/cpuprofile-top.ts /tmp/prof/<file>.cpuprofile` lists the top self times)
 */

import { loadavg } from 'node:os';
import { CatalogManager } from '../src/catalog/catalog-manager.ts';
import { createConnectorRegistry } from '../src/connectors/index.ts';
import { bindStatement } from '../src/planner/index.ts';
import { buildJob } from '../src/planner/physical/job-builder.ts';
import { planStatement } from '../src/planner/physical/planner.ts';
import { parseScript } from '../src/sql/index.ts';

const EVENTS = Number(process.env.EVENTS ?? 2_000_000);
const RUNS = Number(process.env.RUNS ?? 5);
const KEYS = 1000;
/** Runs only the queries whose name contains this text (e.g. ONLY=TUMBLE for profiling). */
const ONLY = process.env.ONLY ?? '';

const ddl = (rows: number): string => `
CREATE TABLE events (
  id BIGINT,
  v INT,
  k AS CAST(id % ${KEYS} AS INT),
  ts AS TO_TIMESTAMP_LTZ(id, 3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH (
  'connector' = 'datagen',
  'number-of-rows' = '${rows}',
  'rows-per-second' = '1000000000',
  'seed' = '7',
  'fields.id.kind' = 'sequence',
  'fields.id.start' = '0',
  'fields.id.end' = '${rows - 1}',
  'fields.v.min' = '0',
  'fields.v.max' = '99'
);
CREATE TABLE filtered (id BIGINT, k INT, v INT) WITH ('connector' = 'blackhole');
CREATE TABLE counts (
  window_start TIMESTAMP(3), window_end TIMESTAMP(3), k INT, c BIGINT
) WITH ('connector' = 'blackhole');
`;

const QUERIES = [
  {
    name: 'filter + projection',
    goal: 1_000_000,
    sql: 'INSERT INTO filtered SELECT id, k, v + 1 FROM events WHERE v < 50',
  },
  {
    name: `TUMBLE COUNT(*) per key (${KEYS} keys)`,
    goal: 300_000,
    sql: `INSERT INTO counts
SELECT window_start, window_end, k, COUNT(*)
FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '1' SECOND))
GROUP BY window_start, window_end, k`,
  },
] as const;

interface Sample {
  readonly wall: number;
  readonly cpu: number;
}

async function runOnce(sql: string, rows: number): Promise<Sample> {
  const catalogs = new CatalogManager();
  const config = new Map<string, string>();
  const connectors = createConnectorRegistry({ stdout: () => {}, stderr: () => {} });
  const { statements, errors } = parseScript(`${ddl(rows)}\n${sql};`);
  if (errors.length > 0) throw new Error(errors.map((e) => e.message).join('\n'));
  const insert = statements.pop()!;
  for (const stmt of statements) {
    const bound = bindStatement(stmt, { catalogs, config });
    if (bound.kind !== 'CatalogAction') throw new Error(`Unexpected ${bound.kind} in the bench DDL`);
    await catalogs.apply(bound.action);
  }
  const bound = bindStatement(insert, { catalogs, config });
  const plan = planStatement(bound, { connectors, config });
  const { job } = buildJob(plan.roots, { connectors, config });
  const cpu0 = process.cpuUsage();
  const t0 = process.hrtime.bigint();
  try {
    await job.run(64);
  } finally {
    job.close();
  }
  const wall = Number(process.hrtime.bigint() - t0) / 1e9;
  const cpu = process.cpuUsage(cpu0);
  return { wall, cpu: (cpu.user + cpu.system) / 1e6 };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US').padStart(11);

console.log(`${EVENTS.toLocaleString('en-US')} events per run, median of ${RUNS} runs (after a warm-up)`);
for (const q of QUERIES.filter((x) => x.name.includes(ONLY))) {
  await runOnce(q.sql, Math.min(EVENTS, 200_000));
  const rates: number[] = [];
  const perCpu: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const s = await runOnce(q.sql, EVENTS);
    rates.push(EVENTS / s.wall);
    perCpu.push(EVENTS / s.cpu);
  }
  const load = loadavg()
    .map((l) => l.toFixed(2))
    .join(' ');
  const verdict = median(perCpu) >= q.goal ? 'ok' : 'BELOW GOAL';
  console.log(
    `${q.name.padEnd(38)} ${fmt(median(rates))} events/s  ${fmt(median(perCpu))} events/CPU-s` +
      `  (goal ${q.goal.toLocaleString('en-US')}/core: ${verdict}; load ${load})`,
  );
}
