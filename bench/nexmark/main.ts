/**
 * `npm run bench:nexmark -- [--events N] [--heavy-events N] [--queries q0,q5]
 *   [--source generator|kafka|both] [--repeat N] [--timeout S] [--write-docs]`
 *
 * Runs each sql-examples/nexmark query on the engine (ddl.sql with `events.num` set, the query's
 * INSERT run to completion through the `tributary run` pieces, one process per query), beside its
 * references: the hand-written *limit* loop (limits.ts) and, for aggregate and join queries, DuckDB
 * over the same events, whose result must equal the engine's final sink table (OK/MISMATCH).
 * `--source kafka` reads the events from a topic of the embedded broker as Avro (kafka.ts) instead
 * of the generator; `both` runs each query both ways and reports the kafka run beside. `--repeat N`
 * runs each query (and its limit) N times, each in a fresh process, and reports the median by CPU
 * time: on a shared machine one run's CPU time can be off by a third.
 * Prints a table, writes bench/results/nexmark-<time>.json and, with --write-docs, the table in
 * docs/benchmarks.md. A query the engine cannot run is listed with its error.
 * `PROF=<dir>` writes a CPU profile of each query's process there (`bench/cpuprofile-top.ts` reads it).
 */
import { fork } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { DUCKDB_QUERIES, DuckDbReference } from './duckdb.ts';
import { type KafkaServices, startKafkaServices } from './kafka.ts';
import { type KafkaRun, machineFacts, type QueryReport, textTable, writeDocs } from './report.ts';
import type { WorkerRequest, WorkerResult } from './worker.ts';

const ALL_QUERIES = Array.from({ length: 23 }, (_, i) => `q${i}`);
/** Stateless queries (a filter or projection per bid) run the larger event count. */
const SIMPLE = new Set(['q0', 'q1', 'q2', 'q10', 'q12', 'q13', 'q14', 'q21', 'q22']);
const SOURCES = ['generator', 'kafka', 'both'] as const;
/** Queries whose results depend on processing time: two runs need not agree. */
const NONDETERMINISTIC = new Set(['q12']);

const { values } = parseArgs({
  options: {
    events: { type: 'string' },
    'heavy-events': { type: 'string' },
    queries: { type: 'string' },
    source: { type: 'string', default: 'generator' },
    repeat: { type: 'string', default: '1' },
    timeout: { type: 'string', default: '600' },
    'write-docs': { type: 'boolean', default: false },
  },
});

function positive(name: string, text: string | undefined, fallback: number): number {
  if (text === undefined) return fallback;
  const n = Number(text.replaceAll('_', ''));
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, got '${text}'`);
  return n;
}

const source = values.source as (typeof SOURCES)[number];
if (!SOURCES.includes(source)) {
  throw new Error(`--source ${values.source}: expected one of ${SOURCES.join(', ')}`);
}
const simpleEvents = positive('events', values.events, 1_000_000);
const heavyEvents = positive(
  'heavy-events',
  values['heavy-events'],
  values.events === undefined ? 200_000 : simpleEvents,
);
const timeoutMs = positive('timeout', values.timeout, 600) * 1000;
const repeat = positive('repeat', values.repeat, 1);
const queries = values.queries === undefined ? ALL_QUERIES : values.queries.split(',').map((q) => q.trim());
for (const q of queries) {
  if (!ALL_QUERIES.includes(q))
    throw new Error(`Unknown query '${q}'; expected some of ${ALL_QUERIES.join(', ')}`);
}

function runWorker(request: WorkerRequest): Promise<WorkerResult> {
  const { query, events } = request;
  return new Promise((done) => {
    const child = fork(join(import.meta.dirname, 'worker.ts'), [], {
      execArgv: [
        '--import',
        'tsx',
        '--max-old-space-size=4096',
        ...(process.env.PROF ? ['--cpu-prof', `--cpu-prof-dir=${process.env.PROF}`] : []),
      ],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    });
    let settled = false;
    const finish = (result: WorkerResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      done(result);
    };
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      finish({ query, events, error: `did not finish within ${timeoutMs / 1000} s (--timeout)` });
    }, timeoutMs);
    child.on('message', (m) => finish(m as WorkerResult));
    child.on('exit', (code, signal) =>
      finish({ query, events, error: `worker exited (${signal ?? `code ${code}`}) without a result` }),
    );
    child.send(request);
  });
}

function compare(
  engine: ReadonlyMap<string, number>,
  reference: ReadonlyMap<string, number>,
): string | undefined {
  const missing: string[] = [];
  const extra: string[] = [];
  for (const [row, n] of reference) if ((engine.get(row) ?? 0) < n) missing.push(row);
  for (const [row, n] of engine) if ((reference.get(row) ?? 0) < n) extra.push(row);
  if (missing.length === 0 && extra.length === 0) return undefined;
  const show = (rows: string[]): string =>
    rows
      .slice(0, 2)
      .map((r) => r.replaceAll('\u0001', ', ').slice(0, 120))
      .join(' ; ');
  return `${missing.length} DuckDB rows missing from the engine (e.g. ${show(missing)}), ${extra.length} engine rows not in DuckDB (e.g. ${show(extra)})`;
}

/** The engine's CPU time without the harness's checksum sink: the rows as if into blackhole. */
const engineCpuUs = (r: WorkerResult): number => (r.cpuUs ?? 0) - (r.sinkCpuUs ?? 0);

const facts = machineFacts();
console.log(`Nexmark on ${facts.nproc} CPUs (${facts.cpuModel}), ${facts.memory}, Node ${facts.node}`);
console.log(
  `load average ${facts.loadBefore.join(' / ')}; events: ${simpleEvents} (stateless), ${heavyEvents} (others); source: ${source}; runs per query: ${repeat}\n`,
);

let kafka: (KafkaServices & { stop(): void }) | undefined;
const preloaded = new Map<number, string | undefined>();
/** Fills the topic for `events` once; the error when that failed. */
async function preload(events: number): Promise<string | undefined> {
  if (preloaded.has(events)) return preloaded.get(events);
  kafka ??= await startKafkaServices();
  process.stdout.write(`writing ${events} events to the kafka topic ... `);
  const r = await runWorker({
    query: 'preload',
    events,
    keepRows: false,
    limit: false,
    kafka,
    preload: true,
  });
  console.log(r.error === undefined ? `${((r.wallMs ?? 0) / 1000).toFixed(1)} s` : `FAILED: ${r.error}`);
  preloaded.set(events, r.error);
  return r.error;
}

async function kafkaRun(query: string, events: number, keepRows: boolean): Promise<WorkerResult> {
  const failed = await preload(events);
  if (failed !== undefined) return { query, events, error: `preloading the topic failed: ${failed}` };
  return runWorker({ query, events, keepRows, limit: source === 'kafka', kafka });
}

/**
 * The query's run `repeat` times, each in a fresh worker: the run with the median engine CPU time,
 * its limit replaced by the median limit run, the DuckDB rows kept from the first run, and whether
 * every run gave the same checksum.
 */
async function repeated(
  query: string,
  events: number,
  keepRows: boolean,
): Promise<{ result: WorkerResult; cpuRange?: [number, number]; sameChecksums: boolean }> {
  const runs: WorkerResult[] = [];
  for (let i = 0; i < repeat; i++) {
    const run =
      source === 'kafka'
        ? await kafkaRun(query, events, keepRows && i === 0)
        : await runWorker({ query, events, keepRows: keepRows && i === 0, limit: true });
    if (run.error !== undefined) return { result: run, sameChecksums: true };
    runs.push(run);
  }
  const byCpu = [...runs].sort((a, b) => engineCpuUs(a) - engineCpuUs(b));
  const limits = runs.flatMap((r) => (r.limit === undefined ? [] : [r.limit]));
  const limit = [...limits].sort((a, b) => a.cpuUs - a.sinkCpuUs - (b.cpuUs - b.sinkCpuUs))[
    Math.floor(limits.length / 2)
  ];
  const result: WorkerResult = {
    ...byCpu[Math.floor(byCpu.length / 2)]!,
    ...(runs[0]!.rows === undefined ? {} : { rows: runs[0]!.rows }),
    ...(limit === undefined ? {} : { limit }),
  };
  const perCpuSecond = runs.map((r) => events / (engineCpuUs(r) / 1e6));
  return {
    result,
    ...(repeat > 1 ? { cpuRange: [Math.min(...perCpuSecond), Math.max(...perCpuSecond)] } : {}),
    sameChecksums: runs.every((r) => r.checksum === runs[0]!.checksum),
  };
}

const duckdbs = new Map<number, DuckDbReference>();
const reports: QueryReport[] = [];
for (const query of queries) {
  const events = SIMPLE.has(query) ? simpleEvents : heavyEvents;
  const duckSql = DUCKDB_QUERIES[query];
  const keepRows = duckSql !== undefined;
  process.stdout.write(`${query} (${events} events) ... `);
  const { result, cpuRange, sameChecksums } = await repeated(query, events, keepRows);
  if (result.error !== undefined || result.wallMs === undefined || result.cpuUs === undefined) {
    console.log(`FAILS: ${(result.error ?? 'no timing').split('\n')[0]}`);
    reports.push({ query, events, error: result.error ?? 'no timing' });
    continue;
  }
  const eventsPerSecond = events / (result.wallMs / 1000);
  let report: QueryReport = {
    query,
    events,
    wallSeconds: result.wallMs / 1000,
    eventsPerSecond,
    eventsPerCpuSecond: events / (engineCpuUs(result) / 1e6),
    eventsPerCpuSecondWithSink: events / (result.cpuUs / 1e6),
    ...(result.peakRssBytes === undefined ? {} : { peakRssMb: result.peakRssBytes / 2 ** 20 }),
    ...(result.changes === undefined ? {} : { changes: result.changes }),
    ...(result.finalRows === undefined ? {} : { finalRows: result.finalRows }),
    ...(result.checksum === undefined ? {} : { checksum: result.checksum }),
    ...(repeat > 1 ? { runs: repeat } : {}),
    ...(cpuRange === undefined ? {} : { eventsPerCpuSecondRange: cpuRange }),
    ...(sameChecksums || NONDETERMINISTIC.has(query) ? {} : { repeatCheck: 'MISMATCH' as const }),
  };
  if (result.limit !== undefined) {
    // ratios compare CPU time: on a shared, loaded machine wall time mostly measures the neighbours
    const limitCpuUs = result.limit.cpuUs - result.limit.sinkCpuUs;
    report = {
      ...report,
      limitEventsPerSecond: events / (result.limit.wallMs / 1000),
      limitEventsPerCpuSecond: events / (limitCpuUs / 1e6),
      engineVsLimit: limitCpuUs / engineCpuUs(result),
      limitCheck: result.limit.checksum === result.checksum ? 'OK' : 'MISMATCH',
    };
  }
  if (duckSql !== undefined && result.rows !== undefined) {
    let db = duckdbs.get(events);
    if (db === undefined) {
      db = await DuckDbReference.load(events);
      duckdbs.set(events, db);
    }
    const reference = await db.run(duckSql);
    const diff = compare(new Map(result.rows), reference.rows);
    report = {
      ...report,
      duckdbSeconds: reference.wallMs / 1000,
      duckdbCpuSeconds: reference.cpuUs / 1e6,
      engineVsDuckdb: reference.cpuUs / engineCpuUs(result),
      duckdbCheck: diff === undefined ? 'OK' : 'MISMATCH',
      ...(diff === undefined ? {} : { duckdbDiff: diff }),
    };
  }
  if (source === 'both') {
    const k = await kafkaRun(query, events, false);
    const run: KafkaRun =
      k.error !== undefined || k.wallMs === undefined || k.cpuUs === undefined
        ? { error: k.error ?? 'no timing' }
        : {
            wallSeconds: k.wallMs / 1000,
            eventsPerCpuSecond: events / (engineCpuUs(k) / 1e6),
            ...(k.checksum === undefined ? {} : { checksum: k.checksum }),
            check: NONDETERMINISTIC.has(query) ? 'n/a' : k.checksum === result.checksum ? 'OK' : 'MISMATCH',
          };
    report = { ...report, kafka: run };
  }
  console.log(
    `${report.wallSeconds?.toFixed(2)} s, ${Math.round(eventsPerSecond)} events/s` +
      (cpuRange === undefined
        ? ''
        : `, ${Math.round(report.eventsPerCpuSecond ?? 0)} events/CPU-s (runs ${cpuRange.map(Math.round).join('–')})`) +
      (report.repeatCheck === undefined ? '' : ', checksums differ between runs') +
      (report.limitCheck ? `, limit ${report.limitCheck}` : '') +
      (report.duckdbCheck ? `, DuckDB ${report.duckdbCheck}` : '') +
      (report.kafka === undefined
        ? ''
        : report.kafka.error === undefined
          ? `, kafka ${Math.round(report.kafka.eventsPerCpuSecond ?? 0)} events/CPU-s ${report.kafka.check}`
          : `, kafka FAILS: ${report.kafka.error.split('\n')[0]}`),
  );
  reports.push(report);
}
for (const db of duckdbs.values()) db.close();
kafka?.stop();
const finalFacts = { ...facts, loadAfter: loadavg().map((l) => Math.round(l * 100) / 100) };

console.log(`\n${textTable(reports, source)}\n`);
for (const r of reports) if (r.duckdbDiff !== undefined) console.log(`${r.query} vs DuckDB: ${r.duckdbDiff}`);
console.log(`load average after: ${finalFacts.loadAfter.join(' / ')}`);

const resultsDir = resolve('bench/results');
mkdirSync(resultsDir, { recursive: true });
const file = join(resultsDir, `nexmark-${new Date().toISOString().replaceAll(':', '-')}.json`);
writeFileSync(
  file,
  `${JSON.stringify({ machine: finalFacts, simpleEvents, heavyEvents, source, repeat, reports }, null, 2)}\n`,
);
console.log(`wrote ${file}`);
if (values['write-docs']) {
  const args = process.argv.slice(2).filter((a) => a !== '--write-docs');
  writeDocs(
    resolve('docs/benchmarks.md'),
    finalFacts,
    reports,
    source,
    repeat,
    args.length === 0 ? 'npm run bench:nexmark' : `npm run bench:nexmark -- ${args.join(' ')}`,
  );
  console.log('rewrote the results section of docs/benchmarks.md');
}
