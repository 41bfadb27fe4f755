/**
 * State growth of an unbounded regular join, with and without state TTL.
 *
 *   npm run bench:state-growth [-- --events 10000000 --ttl '10 s' --ms-per-event 1 --report-every 1000000]
 *
 * Two datagen streams (`l` and `r`, each half of the events) are joined on a key drawn from an
 * ever-growing key space (a sequence): every key arrives once per side and is never seen again, so
 * without TTL the join's state grows by one entry per event, and with `table.exec.state.ttl` it stays
 * at about TTL / (processing time per event) entries. Processing time is a controllable clock that
 * advances `--ms-per-event` per source event, so the run goes at full speed. Each run prints the
 * join's state keys and estimated bytes, the process RSS and heap every `--report-every` events; the
 * TTL run goes first, in a fresh heap. The planner, job builder and runtime are the product's own
 * (SQL → physical plan → job); only the clock is driven by the bench.
 */
import { pathToFileURL } from 'node:url';
import { CatalogManager } from '../src/catalog/catalog-manager.ts';
import { createConnectorRegistry } from '../src/connectors/index.ts';
import { bindStatement } from '../src/planner/index.ts';
import { buildJob } from '../src/planner/physical/job-builder.ts';
import { planStatement } from '../src/planner/physical/planner.ts';
import type { OperatorMetrics } from '../src/runtime/operator.ts';
import { StreamJoinOperator } from '../src/runtime/operators/stream-join.ts';
import { parseScript } from '../src/sql/index.ts';

export interface StateGrowthOptions {
  /** Source events in total (both streams together). */
  readonly events: number;
  /** `table.exec.state.ttl`, e.g. '10 s'; undefined = keep state forever. */
  readonly ttl: string | undefined;
  /** Processing time that passes per source event (ms). */
  readonly msPerEvent: number;
  /** Take a sample every this many events (and at the end). */
  readonly reportEvery: number;
  readonly onSample?: (sample: GrowthSample) => void;
}

export interface GrowthSample {
  readonly events: number;
  readonly stateKeys: number;
  readonly stateBytes: number;
  readonly rssBytes: number;
  readonly heapUsedBytes: number;
  readonly elapsedMs: number;
}

function script(perSide: number): string {
  const table = (name: string, value: string): string => `
    CREATE TABLE ${name} (k BIGINT, ${value} BIGINT, PRIMARY KEY (k) NOT ENFORCED) WITH (
      'connector' = 'datagen', 'number-of-rows' = '${perSide}', 'rows-per-second' = '1000000000',
      'fields.k.kind' = 'sequence', 'fields.k.start' = '1', 'fields.k.end' = '${perSide}');`;
  return `${table('l', 'v')}${table('r', 'w')}
    CREATE TABLE joined (k BIGINT, v BIGINT, w BIGINT) WITH ('connector' = 'blackhole');
    INSERT INTO joined SELECT l.k, l.v, r.w FROM l JOIN r ON l.k = r.k;`;
}

/** Runs the join over `events` generated events and returns the samples taken. */
export async function runStateGrowth(options: StateGrowthOptions): Promise<GrowthSample[]> {
  const config = new Map<string, string>();
  if (options.ttl !== undefined) config.set('table.exec.state.ttl', options.ttl);
  const catalogs = new CatalogManager();
  const connectors = createConnectorRegistry();
  const perSide = Math.floor(options.events / 2);
  const { statements, errors } = parseScript(script(perSide));
  if (errors.length > 0) throw errors[0];
  let now = 0;
  let built: ReturnType<typeof buildJob> | undefined;
  for (const stmt of statements) {
    const bound = bindStatement(stmt, { catalogs, config });
    if (bound.kind === 'CatalogAction') await catalogs.apply(bound.action);
    else {
      const plan = planStatement(bound, { connectors, config });
      built = buildJob(plan.roots, { connectors, config, job: { clock: () => now } });
    }
  }
  if (built === undefined) throw new Error('the bench script has no INSERT');
  const job = built.job;
  await job.prepare();
  job.open();
  const sources = job.tasks.filter((t) => t.source !== undefined).map((t) => t.sourceMetrics);
  let joinMetrics: OperatorMetrics | undefined;
  for (const task of job.tasks) {
    const at = task.operators.findIndex((op) => op instanceof StreamJoinOperator);
    if (at >= 0) joinMetrics = task.metrics[at];
  }
  if (joinMetrics === undefined) throw new Error('the plan has no regular join operator');
  const join = joinMetrics;
  const emitted = (): number => {
    let n = 0;
    for (const m of sources) n += m.numRecordsOut;
    return n;
  };
  const samples: GrowthSample[] = [];
  const started = performance.now();
  const sample = (events: number): void => {
    const state = join.stateSize();
    const memory = process.memoryUsage();
    const s: GrowthSample = {
      events,
      stateKeys: state.keys,
      stateBytes: state.bytes,
      rssBytes: memory.rss,
      heapUsedBytes: memory.heapUsed,
      elapsedMs: performance.now() - started,
    };
    samples.push(s);
    options.onSample?.(s);
  };
  let nextSample = options.reportEvery;
  try {
    while (!job.isFinished()) {
      if (!job.step()) throw new Error('state-growth job stalled');
      const events = emitted();
      now = events * options.msPerEvent;
      if (events >= nextSample && events < 2 * perSide) {
        sample(events);
        nextSample += options.reportEvery;
      }
    }
    sample(emitted()); // the end, once the join has taken the last batch
  } finally {
    job.close();
  }
  return samples;
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(0)} MB`;

function argValue(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const events = Number(argValue(args, '--events') ?? 10_000_000);
  const ttl = argValue(args, '--ttl') ?? '10 s';
  const msPerEvent = Number(argValue(args, '--ms-per-event') ?? 1);
  const reportEvery = Number(argValue(args, '--report-every') ?? 1_000_000);
  console.log(
    `state growth of a regular join: ${events.toLocaleString('en-US')} events, ${msPerEvent} ms processing time per event`,
  );
  const results: { label: string; samples: GrowthSample[] }[] = [];
  for (const run of [ttl, undefined]) {
    const label = run === undefined ? 'no TTL' : `TTL ${run}`;
    console.log(`\n${label}`);
    console.log('      events   state keys  state bytes          RSS    heap used   elapsed');
    const samples = await runStateGrowth({
      events,
      ttl: run,
      msPerEvent,
      reportEvery,
      onSample: (s) =>
        console.log(
          `${s.events.toLocaleString('en-US').padStart(12)} ${s.stateKeys.toLocaleString('en-US').padStart(12)} ${mb(s.stateBytes).padStart(12)} ${mb(s.rssBytes).padStart(12)} ${mb(s.heapUsedBytes).padStart(12)} ${(s.elapsedMs / 1000).toFixed(1).padStart(8)} s`,
        ),
    });
    results.push({ label, samples });
  }
  console.log('\nsummary');
  for (const { label, samples } of results) {
    const peak = Math.max(...samples.map((s) => s.stateKeys));
    const last = samples.at(-1)!;
    const rate = last.events / (last.elapsedMs / 1000);
    console.log(
      `  ${label.padEnd(10)} peak state keys ${peak.toLocaleString('en-US')}, final ${last.stateKeys.toLocaleString('en-US')} (${mb(last.stateBytes)} estimated), ${Math.round(rate).toLocaleString('en-US')} events/s`,
    );
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
