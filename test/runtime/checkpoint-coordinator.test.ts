/**
 * The checkpoint coordinator over a real job: the order of the operator hooks and the durability
 * they are told about, timeouts that abort (and can never complete later), tolerable failures,
 * interval and min-pause, retention, restore into a fresh job, and incremental checkpoints of the
 * embedded backend taken through the job.
 */
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Batch } from '../../src/runtime/batch.ts';
import {
  checkpointedJob,
  jobOperators,
  restoreJobOperators,
  restoreTargets,
} from '../../src/runtime/checkpoint/participants.ts';
import { Job } from '../../src/runtime/job.ts';
import { AbstractOperator } from '../../src/runtime/operator.ts';
import { GroupAggregateOperator } from '../../src/runtime/operators/group-aggregate.ts';
import { ValuesSource } from '../../src/runtime/operators/values-source.ts';
import { WindowAggregateOperator } from '../../src/runtime/operators/window-aggregate.ts';
import { CheckpointCoordinator, type CheckpointEvent } from '../../src/state/checkpoint/coordinator.ts';
import { readCheckpoint } from '../../src/state/checkpoint/metadata.ts';
import { loadJobState } from '../../src/state/checkpoint/restore.ts';
import type { CheckpointSettings } from '../../src/state/checkpoint/settings.ts';
import { CheckpointStorage, findLatestCheckpoint } from '../../src/state/checkpoint/storage.ts';
import { EmbeddedKeyedStateBackend } from '../../src/state/embedded/backend.ts';
import { countStar, sum } from './helpers.ts';

const root = mkdtempSync(join(tmpdir(), 'tributary-coordinator-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const freshDir = (): string => join(root, `run-${counter++}`);

/** Records the checkpoint hooks it gets, in order; `prepare` can be made slow. */
class HookRecorder extends AbstractOperator {
  readonly calls: string[] = [];
  prepareDelayMs = 0;
  onPrepare: (() => void) | undefined;
  onComplete: ((id: number) => void) | undefined;
  constructor() {
    super('HookRecorder');
  }
  processBatch(_input: number, batch: Batch): void {
    this.output.emitBatch(batch);
  }
  async prepareCheckpoint(id: number): Promise<void> {
    this.calls.push(`prepare:${id}`);
    this.onPrepare?.();
    if (this.prepareDelayMs > 0) await new Promise((r) => setTimeout(r, this.prepareDelayMs));
  }
  override snapshotState(id: number) {
    this.calls.push(`snapshot:${id}`);
    return super.snapshotState(id);
  }
  async notifyCheckpointComplete(id: number): Promise<void> {
    this.calls.push(`complete:${id}`);
    this.onComplete?.(id);
  }
  async notifyCheckpointAborted(id: number): Promise<void> {
    this.calls.push(`aborted:${id}`);
  }
}

/** An upsert table keyed by the first column, shared by the runs of one "statement". */
class UpsertView extends AbstractOperator {
  constructor(readonly view: Map<unknown, readonly unknown[]> = new Map()) {
    super('UpsertView');
  }
  processBatch(_input: number, batch: Batch): void {
    for (let i = 0; i < batch.length; i++) {
      const row = batch.rows[i]!;
      if (batch.kinds[i] === 1) continue;
      if (batch.kinds[i] === 3) this.view.delete(row[0]);
      else this.view.set(row[0], row);
    }
  }
  sorted(): string[] {
    return [...this.view.values()]
      .map((r) => JSON.stringify(r, (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)))
      .sort();
  }
}

const rows = Array.from({ length: 300 }, (_, i) => [`k${i % 13}`, i]);

function build(options: { embeddedDir?: string; view?: Map<unknown, readonly unknown[]> } = {}) {
  const job = new Job({
    clock: () => 0,
    ...(options.embeddedDir === undefined
      ? {}
      : {
          createBackend: (operator: string, task: string) =>
            new EmbeddedKeyedStateBackend({
              dir: join(options.embeddedDir!, task),
              operator,
              cacheBytes: 64 * 1024,
            }),
        }),
  });
  const recorder = new HookRecorder();
  const collector = new UpsertView(options.view);
  job.addSource('source', new ValuesSource({ rows, batchSize: 10 }), [
    new GroupAggregateOperator({
      keyIndexes: [0],
      calls: [
        { fn: countStar, argIndexes: [] },
        { fn: sum, argIndexes: [1] },
      ],
    }),
    recorder,
    collector,
  ]);
  return { job, recorder, collector };
}

const SETTINGS: CheckpointSettings = {
  intervalMs: 100,
  timeoutMs: 60_000,
  minPauseMs: 0,
  maxConcurrent: 1,
  mode: 'EXACTLY_ONCE',
  tolerableFailures: 0,
};

async function coordinatorFor(
  job: Job,
  dir: string,
  settings: Partial<CheckpointSettings> = {},
  extra: { numRetained?: number; incremental?: boolean; clock?: () => number } = {},
) {
  const storage = await CheckpointStorage.open({
    dir,
    statement: 'stmt',
    numRetained: extra.numRetained ?? 1,
    incremental: extra.incremental ?? false,
  });
  const operators = jobOperators(job);
  const events: CheckpointEvent[] = [];
  const coordinator = new CheckpointCoordinator({
    job: checkpointedJob(job, operators),
    settings: { ...SETTINGS, ...settings },
    storage,
    incremental: extra.incremental ?? false,
    statement: 'stmt',
    firstCheckpointId: (storage.latest()?.metadata.checkpointId ?? 0) + 1,
    ...(extra.clock ? { clock: extra.clock } : {}),
    onEvent: (e) => events.push(e),
  });
  return { coordinator, events, storage, operators };
}

const stepN = (job: Job, n: number): void => {
  for (let i = 0; i < n; i++) job.step();
};

describe('CheckpointCoordinator', () => {
  it('calls prepareCheckpoint → snapshotState → [durable write] → notifyCheckpointComplete, in that order', async () => {
    const dir = freshDir();
    const { job, recorder } = build();
    job.open();
    stepN(job, 5);
    const { coordinator, events } = await coordinatorFor(job, dir);
    let durableAtComplete = false;
    recorder.onComplete = (id) => {
      durableAtComplete = existsSync(join(dir, 'stmt', `chk-${id}`, '_metadata'));
    };
    await coordinator.checkpointNow();
    expect(recorder.calls).toEqual(['prepare:1', 'snapshot:1', 'complete:1']);
    expect(durableAtComplete).toBe(true);
    const done = events.find((e) => e.status === 'COMPLETED')!;
    expect(done).toMatchObject({ id: 1, kind: 'checkpoint' });
    expect(done.durationMs).toBeGreaterThanOrEqual(0);
    const agg = done.operators!.find((o) => o.operatorId === 'GroupAggregate-1');
    expect(agg!.stateSize).toBeGreaterThan(100);
    expect(done.operators!.find((o) => o.operatorId === 'Values-1')!.stateSize).toBeGreaterThan(0);
    // stateless operators leave nothing to restore and are not in the metadata
    expect(done.operators!.some((o) => o.operatorId.startsWith('HookRecorder'))).toBe(false);
    expect(events.map((e) => e.status)).toEqual(['IN_PROGRESS', 'COMPLETED']);
  });

  it('drains the queues before capturing, so the source offset matches the state', async () => {
    const dir = freshDir();
    const job = new Job({ clock: () => 0, queueCapacity: 4 });
    const source = job.addSource('source', new ValuesSource({ rows, batchSize: 10 }));
    const collector = new UpsertView();
    const agg = job.addTask('agg', [
      new GroupAggregateOperator({ keyIndexes: [0], calls: [{ fn: countStar, argIndexes: [] }] }),
      collector,
    ]);
    job.connect(source, agg, 4);
    job.open();
    while (source.canStep()) source.step(); // the queue to the aggregate is full
    expect(agg.inputs[0]!.size).toBeGreaterThan(0);
    const { coordinator } = await coordinatorFor(job, dir);
    await coordinator.checkpointNow();
    expect(agg.inputs[0]!.size).toBe(0);
    const checkpoint = (await findLatestCheckpoint({ dir, statement: 'stmt' }))!;
    const position = (checkpoint.metadata.sourceOffsets['Values-1'] as { position: number }).position;
    expect(position).toBeGreaterThan(0);
    // every row the source emitted up to the checkpoint is counted in the aggregate
    const counted = [...collector.view.values()].reduce((n, r) => n + Number(r[1]), 0);
    expect(counted).toBe(position);
  });

  it('aborts a checkpoint whose prepare outlives the timeout, and fails the job past tolerable failures', async () => {
    const dir = freshDir();
    const { job, recorder } = build();
    job.open();
    stepN(job, 3);
    const { coordinator, events } = await coordinatorFor(job, dir, { timeoutMs: 30 });
    recorder.prepareDelayMs = 500;
    await expect(coordinator.checkpointNow()).rejects.toThrow(
      /tolerable failure threshold.*expired while operators prepared/,
    );
    expect(recorder.calls).toEqual(['prepare:1', 'aborted:1']);
    expect(events.at(-1)).toMatchObject({ id: 1, status: 'FAILED' });
    expect(coordinator.isDue(0)).toBe(true);
    await expect(coordinator.run()).rejects.toThrow(/tolerable failure threshold/);
    expect(await findLatestCheckpoint({ dir, statement: 'stmt' })).toBeUndefined();
  });

  it('a checkpoint that times out while writing is abandoned, never completed, and the next one succeeds', async () => {
    const dir = freshDir();
    const { job, recorder } = build();
    job.open();
    stepN(job, 10);
    const settings = { timeoutMs: 1, tolerableFailures: 1 };
    const { coordinator, events, storage } = await coordinatorFor(job, dir, settings);
    await coordinator.checkpointNow();
    expect(events.find((e) => e.id === 1 && e.status === 'FAILED')?.failure).toMatch(
      /expired before completing/,
    );
    expect(recorder.calls).toEqual(['prepare:1', 'snapshot:1', 'aborted:1']);
    expect(existsSync(join(dir, 'stmt', 'chk-1'))).toBe(false);
    expect(storage.latest()).toBeUndefined();
    // within the tolerance: the job goes on, and a later checkpoint completes
    const next = await coordinatorFor(job, dir, { timeoutMs: 60_000 });
    await next.coordinator.checkpointNow();
    expect((await findLatestCheckpoint({ dir, statement: 'stmt' }))?.metadata.checkpointId).toBe(1);
  });

  it('is due one interval after the last trigger and min-pause after the last end, never while one is in flight', async () => {
    let now = 1000;
    const { job, recorder } = build();
    job.open();
    const { coordinator } = await coordinatorFor(
      job,
      freshDir(),
      { intervalMs: 100, minPauseMs: 50 },
      { clock: () => now },
    );
    expect(coordinator.nextDueTime()).toBe(1100);
    expect(coordinator.isDue(1099)).toBe(false);
    expect(coordinator.isDue(1100)).toBe(true);
    now = 1100;
    recorder.onPrepare = () => {
      now = 1170; // the checkpoint takes 70 ms
    };
    const run = coordinator.run();
    expect(coordinator.nextDueTime()).toBeUndefined();
    await run;
    await coordinator.settle();
    expect(coordinator.nextDueTime()).toBe(1220); // max(1100 + 100, 1170 + 50)
  });

  it('keeps state.checkpoints.num-retained checkpoints and applies the retention when the job ends', async () => {
    const dir = freshDir();
    const { job } = build();
    job.open();
    const { coordinator } = await coordinatorFor(job, dir, {}, { numRetained: 2 });
    for (let i = 0; i < 3; i++) {
      stepN(job, 3);
      await coordinator.checkpointNow();
    }
    expect(
      readdirSync(join(dir, 'stmt'))
        .filter((n) => n.startsWith('chk-'))
        .sort(),
    ).toEqual(['chk-2', 'chk-3']);
    await coordinator.close('FAILED');
    expect(existsSync(join(dir, 'stmt', 'chk-3'))).toBe(true); // kept to recover from
    const again = await coordinatorFor(job, dir, {}, { numRetained: 2 });
    await again.coordinator.close('CANCELED');
    expect(existsSync(join(dir, 'stmt'))).toBe(false); // DELETE_ON_CANCELLATION
  });

  it('a job restored from its latest checkpoint ends with the results of an uninterrupted run', async () => {
    const whole = build();
    whole.job.runToCompletion();

    const dir = freshDir();
    const view = new Map<unknown, readonly unknown[]>();
    const first = build({ view });
    first.job.open();
    stepN(first.job, 9);
    const { coordinator } = await coordinatorFor(first.job, dir);
    await coordinator.checkpointNow();
    stepN(first.job, 7); // progress after the checkpoint is lost with the "crash"
    first.job.close();

    const second = build({ view });
    await second.job.prepare();
    second.job.open();
    const checkpoint = (await findLatestCheckpoint({ dir, statement: 'stmt' }))!;
    const operators = jobOperators(second.job);
    const loaded = await loadJobState(checkpoint, restoreTargets(operators), false);
    restoreJobOperators(operators, loaded, checkpoint.metadata.checkpointId);
    second.job.runToCompletion();
    expect(second.collector.sorted()).toEqual(whole.collector.sorted());
  });

  it('takes incremental checkpoints of embedded backends through the job, and restores them', async () => {
    const dir = freshDir();
    const view = new Map<unknown, readonly unknown[]>();
    const first = build({ embeddedDir: freshDir(), view });
    first.job.open();
    stepN(first.job, 25);
    const { coordinator, events } = await coordinatorFor(
      first.job,
      dir,
      {},
      { incremental: true, numRetained: 2 },
    );
    await coordinator.checkpointNow();
    stepN(first.job, 1); // one batch of 10 rows: a few keys change
    await coordinator.checkpointNow();
    const [one, two] = events.filter((e) => e.status === 'COMPLETED');
    expect(two!.stateSize).toBeGreaterThan(0);
    expect(two!.checkpointedSize!).toBeLessThan(one!.checkpointedSize!);
    const handle = (await readCheckpoint(two!.path!)).metadata.operators['GroupAggregate-1']!;
    expect(handle.keyed?.type).toBe('incremental');

    const second = build({ embeddedDir: freshDir(), view });
    second.job.open();
    const operators = jobOperators(second.job);
    const checkpoint = await readCheckpoint(two!.path!);
    restoreJobOperators(operators, await loadJobState(checkpoint, restoreTargets(operators), false), 2);
    second.job.runToCompletion();
    const whole = build();
    whole.job.runToCompletion();
    expect(second.collector.sorted()).toEqual(whole.collector.sorted());
    first.job.close();
    second.job.close();
  });

  it('stop WITH DRAIN: advancing to the end of event time fires every window of the rows read so far', () => {
    const job = new Job({ clock: () => 0 });
    const view = new UpsertView();
    const windowed = Array.from({ length: 40 }, (_, i) => [`w${Math.floor(i / 10)}`, i * 10]);
    job.addSource('source', new ValuesSource({ rows: windowed, watermark: (r) => (r[1] as number) - 1000 }), [
      new WindowAggregateOperator({
        keyIndexes: [0],
        calls: [{ fn: countStar, argIndexes: [] }],
        window: { kind: 'tumble', size: 100 },
        timeIndex: 1,
      }),
      view,
    ]);
    job.open();
    stepN(job, 25); // rows 0..24: windows [0, 100), [100, 200) and part of [200, 300)
    expect(view.view.size).toBe(0); // the watermark (t - 1000) has closed nothing yet
    job.advanceToEndOfEventTime();
    expect(view.sorted()).toEqual([
      '["w0","10n",0,100,99]',
      '["w1","10n",100,200,199]',
      '["w2","5n",200,300,299]',
    ]);
  });
});
