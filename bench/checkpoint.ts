/**
 * What checkpointing costs, on the path a gateway worker takes (EngineSession → RunningStatement with
 * its checkpoint coordinator, in this thread):
 *
 *   (a) throughput of a stateful query — GROUP BY over 10 000 and 100 000 keys, datagen unthrottled → blackhole —
 *       with checkpoints every 1 s versus none (goal: under 10% cost), for the hashmap backend (full
 *       and incremental checkpoints) and the embedded backend (incremental: per-key deltas);
 *   (b) checkpoint duration for ~100 MB of keyed state (100 000 keys × 1 000 B) in the embedded
 *       backend, incremental (goal: under 1 s), through the coordinator: the first checkpoint (all new),
 *       then after 1% of the keys changed (spread over every key group), after 64 keys changed, and
 *       with nothing changed. "pause" is how long the job stood still (drain + capture); the rest of
 *       the duration is file writing while the job runs.
 *
 * Reported as medians of RUNS runs (throughput) after a warm-up, with events per CPU-second beside
 * wall-clock events/s, and the load average: the machine may be shared.
 *
 *   EVENTS=8000000 RUNS=3 KEYS=10000,100000 npm run bench:checkpoint   (the defaults; ONLY=a or ONLY=b runs one part)
 *
 * MODE=<text> keeps only the throughput modes whose name contains it (e.g. MODE=hashmap), for profiling:
 *   MODE='(full)' ONLY=a KEYS=100000 RUNS=1 node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/checkpoint.ts
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { CatalogManager } from '../src/catalog/catalog-manager.ts';
import { createConnectorRegistry } from '../src/connectors/index.ts';
import { EngineSession } from '../src/gateway/engine/session.ts';
import type { Batch } from '../src/runtime/batch.ts';
import { checkpointedJob, jobOperators } from '../src/runtime/checkpoint/participants.ts';
import { Job } from '../src/runtime/job.ts';
import { AbstractOperator, type OperatorContext } from '../src/runtime/operator.ts';
import { ValuesSource } from '../src/runtime/operators/values-source.ts';
import { CheckpointCoordinator, type CheckpointEvent } from '../src/state/checkpoint/coordinator.ts';
import { CheckpointStorage } from '../src/state/checkpoint/storage.ts';
import { EmbeddedKeyedStateBackend } from '../src/state/embedded/backend.ts';
import type { ValueState } from '../src/state/state.ts';

// 8 M events make runs of 10–25 s, so ten or more checkpoints fall in each: with fewer, one
// checkpoint more or less moves the cost by several points.
const EVENTS = Number(process.env.EVENTS ?? 8_000_000);
const RUNS = Number(process.env.RUNS ?? 3);
/** Key counts of the throughput query (a); the state in (b) always has 100 000 keys. */
const QUERY_KEYS = (process.env.KEYS ?? '10000,100000').split(',').map(Number);
const KEYS = 100_000;
const root = mkdtempSync(join(tmpdir(), 'tributary-bench-checkpoint-'));

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
const fmt = (n: number): string => Math.round(n).toLocaleString('en-US').padStart(11);
const load = (): string =>
  loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');

interface Mode {
  readonly name: string;
  readonly config: Record<string, string>;
}

const ALL_MODES: readonly Mode[] = [
  { name: 'hashmap, no checkpoints', config: {} },
  { name: 'hashmap, every 1 s (full)', config: { 'execution.checkpointing.interval': '1 s' } },
  {
    name: 'hashmap, every 1 s (incremental)',
    config: { 'execution.checkpointing.interval': '1 s', 'execution.checkpointing.incremental': 'true' },
  },
  { name: 'embedded, no checkpoints', config: { 'state.backend.type': 'embedded' } },
  {
    name: 'embedded, every 1 s (incremental)',
    config: {
      'state.backend.type': 'embedded',
      'execution.checkpointing.interval': '1 s',
      'execution.checkpointing.incremental': 'true',
    },
  },
];

const MODES = ALL_MODES.filter((m) => process.env.MODE === undefined || m.name.includes(process.env.MODE));

interface Sample {
  readonly wall: number;
  readonly cpu: number;
  readonly checkpoints: CheckpointEvent[];
}

let runCounter = 0;
async function runQuery(mode: Mode, rows: number, keys: number): Promise<Sample> {
  const dataDir = join(root, `run-${runCounter++}`);
  const session = new EngineSession({
    catalogs: new CatalogManager(),
    config: new Map(Object.entries(mode.config)),
    connectors: createConnectorRegistry({ stdout: () => {}, stderr: () => {} }),
  });
  await session.execute(
    `CREATE TABLE gen (id BIGINT, v INT) WITH ('connector' = 'datagen', 'number-of-rows' = '${rows}', 'rows-per-second' = '1000000000', 'seed' = '7', 'fields.id.kind' = 'sequence', 'fields.id.start' = '0', 'fields.id.end' = '${rows - 1}', 'fields.v.min' = '0', 'fields.v.max' = '99')`,
  );
  await session.execute(`CREATE TABLE sums (k BIGINT, c BIGINT, s INT) WITH ('connector' = 'blackhole')`);
  const prepared = await session.prepare(
    `INSERT INTO sums SELECT id % ${keys}, COUNT(*), SUM(v) FROM gen GROUP BY id % ${keys}`,
  );
  if (prepared.kind !== 'job') throw new Error('expected a job');
  const checkpoints: CheckpointEvent[] = [];
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const running = session.start(prepared, {
    checkpointing: {
      statementKey: 'bench',
      dataDir,
      onEvent: (e) => {
        if (e.status !== 'IN_PROGRESS') checkpoints.push(e);
      },
    },
  });
  await running.done;
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  if (running.state !== 'FINISHED')
    throw new Error(`The bench query ended ${running.state}: ${String(running.error)}`);
  rmSync(dataDir, { recursive: true, force: true });
  return { wall, cpu: (cpu.user + cpu.system) / 1e6, checkpoints };
}

async function throughput(keys: number): Promise<void> {
  console.log(
    `(a) INSERT INTO blackhole SELECT id % ${keys}, COUNT(*), SUM(v) ... GROUP BY: ${EVENTS.toLocaleString('en-US')} events, median of ${RUNS}`,
  );
  for (const mode of MODES) await runQuery(mode, 100_000, keys);
  const samples = new Map<string, Sample[]>(MODES.map((m) => [m.name, []]));
  for (let r = 0; r < RUNS; r++)
    for (const mode of MODES) samples.get(mode.name)!.push(await runQuery(mode, EVENTS, keys));
  const baseline = new Map<string, number>();
  for (const mode of MODES) {
    const runs = samples.get(mode.name)!;
    const perCpu = median(runs.map((s) => EVENTS / s.cpu));
    const perWall = median(runs.map((s) => EVENTS / s.wall));
    const backend = mode.name.split(',')[0]!;
    if (!baseline.has(backend)) baseline.set(backend, perCpu);
    const cost = 1 - perCpu / baseline.get(backend)!; // against the first mode shown of the backend
    const completed = runs.flatMap((s) =>
      s.checkpoints.filter((c) => c.status === 'COMPLETED' && c.kind === 'checkpoint'),
    );
    const extra =
      completed.length === 0
        ? ''
        : `  ${(completed.length / runs.length).toFixed(1)} checkpoints/run, pause ${median(completed.map((c) => c.syncDurationMs ?? 0)).toFixed(0)} ms, duration ${median(completed.map((c) => c.durationMs ?? 0)).toFixed(0)} ms, state ${(median(completed.map((c) => c.stateSize ?? 0)) / 1e6).toFixed(1)} MB`;
    console.log(
      `  ${mode.name.padEnd(36)} ${fmt(perWall)} events/s ${fmt(perCpu)} events/CPU-s  cost ${(cost * 100).toFixed(1).padStart(5)}%${extra}`,
    );
  }
  console.log(`  (load average ${load()})`);
}

/** Keeps a 1 000-byte value per key: the state the incremental bench checkpoints. */
class PayloadOperator extends AbstractOperator {
  private value!: ValueState<string>;
  round = 0;
  constructor() {
    super('Payload');
  }
  override open(ctx: OperatorContext): void {
    super.open(ctx);
    this.value = ctx.backend.valueState<string>({ name: 'payload' });
  }
  processBatch(_input: number, batch: Batch): void {
    for (let i = 0; i < batch.length; i++) {
      const k = batch.rows[i]![0] as number;
      this.ctx.backend.setCurrentKey(`key${k}`, [k]);
      this.value.update(`${this.round}:${k}:`.padEnd(1000, 'x'));
    }
  }
}

async function incremental(): Promise<void> {
  console.log(
    `\n(b) ~100 MB of keyed state (${KEYS.toLocaleString('en-US')} keys × 1 000 B), embedded backend, incremental checkpoints`,
  );
  const changes: { label: string; keys: number[] }[] = [
    { label: '#1 everything new', keys: Array.from({ length: KEYS }, (_, k) => k) },
    {
      label: '#2 1% of keys changed (all key groups)',
      keys: Array.from({ length: KEYS / 100 }, (_, i) => i * 100),
    },
    { label: '#3 64 keys changed', keys: Array.from({ length: 64 }, (_, i) => i * 1000) },
    { label: '#4 nothing changed', keys: [] },
  ];
  const job = new Job({
    createBackend: (operator, task) =>
      new EmbeddedKeyedStateBackend({
        dir: join(root, 'state', task),
        operator,
        cacheBytes: 256 * 1024 * 1024,
      }),
  });
  const payload = new PayloadOperator();
  const rows = changes.flatMap((c) => c.keys.map((k) => [k]));
  job.addSource('source', new ValuesSource({ rows, batchSize: 1000 }), [payload]);
  job.open();
  const storage = await CheckpointStorage.open({
    dir: join(root, 'checkpoints'),
    statement: 'bench',
    incremental: true,
    numRetained: 2,
  });
  const events: CheckpointEvent[] = [];
  const coordinator = new CheckpointCoordinator({
    job: checkpointedJob(job, jobOperators(job)),
    settings: {
      intervalMs: 1000,
      timeoutMs: 600_000,
      minPauseMs: 0,
      maxConcurrent: 1,
      mode: 'EXACTLY_ONCE',
      tolerableFailures: 0,
    },
    storage,
    incremental: true,
    statement: 'bench',
    firstCheckpointId: 1,
    onEvent: (e) => events.push(e),
  });
  const source = job.tasks[0]!;
  for (const change of changes) {
    payload.round++;
    for (let n = 0; n < change.keys.length; n += 1000) source.step();
    await coordinator.checkpointNow();
    const e = events.at(-1)!;
    if (e.status !== 'COMPLETED') throw new Error(`Checkpoint failed: ${e.failure}`);
    console.log(
      `  ${change.label.padEnd(42)} duration ${String(e.durationMs).padStart(5)} ms  pause ${String(e.syncDurationMs).padStart(5)} ms  written ${((e.checkpointedSize ?? 0) / 1e6).toFixed(1).padStart(6)} MB of ${((e.stateSize ?? 0) / 1e6).toFixed(1)} MB`,
    );
  }
  await coordinator.close('CANCELED');
  job.close();
  console.log(`  (load average ${load()})`);
}

try {
  if (process.env.ONLY !== 'b') for (const keys of QUERY_KEYS) await throughput(keys);
  if (process.env.ONLY !== 'a') await incremental();
} finally {
  rmSync(root, { recursive: true, force: true });
}
