/**
 * The mini-batch group aggregate against the per-row one: the same final results on random updating
 * input for any bundle size, fewer changes with larger bundles, the four flush triggers, and a
 * checkpoint taken in the middle of a bundle through the coordinator's path (checkpointedJob).
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { AggregateCall } from '../../src/runtime/aggregation.ts';
import type { Row } from '../../src/runtime/batch.ts';
import { batchOf, RowKind } from '../../src/runtime/batch.ts';
import {
  checkpointedJob,
  jobOperators,
  restoreJobOperators,
  restoreTargets,
} from '../../src/runtime/checkpoint/participants.ts';
import { Job } from '../../src/runtime/job.ts';
import type { Operator, OperatorContext, OperatorSnapshot } from '../../src/runtime/operator.ts';
import { GroupAggregateOperator } from '../../src/runtime/operators/group-aggregate.ts';
import { MiniBatchGroupAggregateOperator } from '../../src/runtime/operators/mini-batch-group-aggregate.ts';
import { ChangelogCollector } from '../../src/runtime/operators/sink-collector.ts';
import { ValuesSource } from '../../src/runtime/operators/values-source.ts';
import type { SourceOperator } from '../../src/runtime/task.ts';
import { CheckpointCoordinator } from '../../src/state/checkpoint/coordinator.ts';
import { loadJobState } from '../../src/state/checkpoint/restore.ts';
import type { CheckpointSettings } from '../../src/state/checkpoint/settings.ts';
import { CheckpointStorage, findLatestCheckpoint } from '../../src/state/checkpoint/storage.ts';
import { count, countStar, minWithRetract, sum } from './helpers.ts';
import { OperatorHarness, sortedStrings } from './operator-harness.ts';

/** Input rows: [key INT, v INT, s STRING, flag BOOLEAN]. */
const CALLS: readonly AggregateCall[] = [
  { fn: countStar, argIndexes: [] },
  { fn: sum, argIndexes: [1] },
  { fn: count, argIndexes: [1], distinct: true, filterIndex: 3 },
  { fn: count, argIndexes: [2], distinct: true },
  { fn: minWithRetract, argIndexes: [2] },
];

function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

/** A consistent changelog: inserts, and retractions (-D, or -U then +U) of rows still live. */
function randomChangelog(seed: number, n: number): { rows: Row[]; kinds: number[] } {
  const next = random(seed);
  const live: Row[] = [];
  const rows: Row[] = [];
  const kinds: number[] = [];
  const fresh = (): Row => {
    const v = Math.floor(next() * 6);
    return [Math.floor(next() * 7), v, `s${Math.floor(next() * 4)}`, next() < 0.5];
  };
  while (rows.length < n) {
    const r = next();
    if (live.length === 0 || r < 0.55) {
      const row = fresh();
      live.push(row);
      rows.push(row);
      kinds.push(RowKind.INSERT);
      continue;
    }
    const at = Math.floor(next() * live.length);
    const old = live[at]!;
    if (r < 0.8) {
      live.splice(at, 1);
      rows.push(old);
      kinds.push(RowKind.DELETE);
    } else {
      const updated: Row = [old[0], Math.floor(next() * 6), `s${Math.floor(next() * 4)}`, next() < 0.5];
      live[at] = updated;
      rows.push(old, updated);
      kinds.push(RowKind.UPDATE_BEFORE, RowKind.UPDATE_AFTER);
    }
  }
  return { rows, kinds };
}

/** Pushes the changelog in batches of 1–9 rows, then ends the input. */
function drive(operator: Operator, input: { rows: Row[]; kinds: number[] }, seed: number): OperatorHarness {
  const harness = new OperatorHarness(operator);
  const next = random(seed);
  for (let i = 0; i < input.rows.length; ) {
    const len = Math.min(input.rows.length - i, 1 + Math.floor(next() * 9));
    operator.processBatch(0, batchOf(input.rows.slice(i, i + len), input.kinds.slice(i, i + len)));
    i += len;
  }
  return harness.end();
}

const miniBatch = (bundleSize: number, allowLatencyMs = 1_000_000) =>
  new MiniBatchGroupAggregateOperator({ keyIndexes: [0], calls: CALLS, bundleSize, allowLatencyMs });

describe('MiniBatchGroupAggregateOperator', () => {
  it.each([1, 2, 7, 1000])(
    'materializes what the per-row aggregate does (bundle size %i, DISTINCT + FILTER, retractions)',
    (size) => {
      for (const seed of [1, 2, 3]) {
        const input = randomChangelog(seed, 600);
        const plain = drive(new GroupAggregateOperator({ keyIndexes: [0], calls: CALLS }), input, seed);
        const batched = drive(miniBatch(size), input, seed);
        expect(sortedStrings(batched.materialized())).toEqual(sortedStrings(plain.materialized()));
        expect(plain.materialized().length).toBeGreaterThan(0);
        // one row per bundle is the per-row operator exactly
        if (size === 1) expect(batched.changelog).toEqual(plain.changelog);
      }
    },
  );

  it('emits fewer changes with larger bundles', () => {
    const input = randomChangelog(7, 2000);
    const changes = [1, 7, 100, 1000].map((size) => drive(miniBatch(size), input, 7).changelog.length);
    for (let i = 1; i < changes.length; i++) expect(changes[i]).toBeLessThan(changes[i - 1]!);
  });

  it('folds a bundle per key: nothing for no net change, -D when the count reaches 0', () => {
    const h = new OperatorHarness(miniBatch(100));
    h.push(0, [1, 5, 'a', true]).push(0, [2, 1, 'b', true]);
    h.operator.prepareSnapshotPreBarrier!();
    expect(h.changelog).toEqual(['+I[1, 1, 5, 1, 1, a]', '+I[2, 1, 1, 1, 1, b]']);
    // key 1: +I then -D of the same row (no net change); key 2: its only row retracted
    h.push(0, [1, 3, 'c', false]).push(0, [1, 3, 'c', false], RowKind.DELETE);
    h.push(0, [2, 1, 'b', true], RowKind.DELETE);
    h.operator.prepareSnapshotPreBarrier!();
    expect(h.changelog.slice(2)).toEqual(['-D[2, 1, 1, 1, 1, b]']);
    // a retraction for a key without state is dropped, then the key starts with +I
    h.push(0, [3, 1, 'x', true], RowKind.UPDATE_BEFORE).push(0, [3, 2, 'y', true], RowKind.UPDATE_AFTER);
    h.end();
    expect(h.changelog.slice(3)).toEqual(['+I[3, 1, 2, 1, 1, y]']);
  });

  it('flushes when the bundle reaches its size', () => {
    const op = miniBatch(3);
    const h = new OperatorHarness(op);
    h.push(0, [1, 1, 'a', true]).push(0, [1, 2, 'a', true]);
    expect(h.changelog).toEqual([]);
    expect(op.bufferedRows).toBe(2);
    h.push(0, [2, 1, 'a', true]);
    expect(h.changelog).toEqual(['+I[1, 2, 3, 2, 1, a]', '+I[2, 1, 1, 1, 1, a]']);
    expect(op.bufferedRows).toBe(0);
  });

  it('flushes allow-latency after the bundle first row, on processing time', () => {
    const h = new OperatorHarness(miniBatch(1000, 2000));
    h.now = 10_000;
    h.push(0, [1, 1, 'a', true]);
    h.advanceTo(11_000).push(0, [1, 1, 'a', true]);
    h.advanceTo(11_999);
    expect(h.changelog).toEqual([]);
    h.advanceTo(12_000);
    expect(h.changelog).toEqual(['+I[1, 2, 2, 1, 1, a]']);
  });

  it('flushes before forwarding a watermark, and at the end of input', () => {
    const h = new OperatorHarness(miniBatch(1000));
    h.push(0, [1, 1, 'a', true]).watermark(0, 500);
    expect(h.changelog).toEqual(['+I[1, 1, 1, 1, 1, a]']);
    expect(h.watermarks).toEqual([500]);
    h.push(0, [1, 3, 'b', false]);
    expect(h.changelog).toHaveLength(1);
    h.operator.finish();
    expect(h.changelog.slice(1)).toEqual(['-U[1, 1, 1, 1, 1, a]', '+U[1, 2, 4, 1, 2, a]']);
  });

  it('runs timers on the job clock: a running job flushes a bundle its source left open', () => {
    let now = 0;
    const job = new Job({ clock: () => now });
    const collector = new ChangelogCollector({ formatField: (v) => String(v) });
    const op = miniBatch(1000, 50);
    const source = job.addSource('source', new OneBatchThenWaiting([[1, 1, 'a', true]]), [op]);
    job.connect(source, job.addTask('sink', [collector]));
    job.open();
    while (job.step()) {}
    expect(op.bufferedRows).toBe(1);
    now = 49;
    while (job.step()) {}
    expect(op.bufferedRows).toBe(1);
    now = 50;
    while (job.step()) {}
    expect(op.bufferedRows).toBe(0);
    expect(collector.changelog).toEqual(['+I[1, 1, 1, 1, 1, a]']);
    job.close();
  });
});

/** An unbounded source: one batch, then nothing more for ever (the job never finishes). */
class OneBatchThenWaiting implements SourceOperator {
  readonly name = 'OneBatchThenWaiting';
  private ctx!: OperatorContext;
  private emitted = false;
  constructor(private readonly rows: Row[]) {}
  open(ctx: OperatorContext): void {
    this.ctx = ctx;
  }
  nextPollTime(): number {
    return this.emitted ? Number.MAX_SAFE_INTEGER : 0;
  }
  poll(): boolean {
    if (!this.emitted) this.ctx.output.emitBatch(batchOf(this.rows));
    this.emitted = true;
    return true;
  }
  snapshotState(checkpointId: number): OperatorSnapshot {
    return { checkpointId, keyed: this.ctx.backend.snapshot(), operator: null };
  }
  restoreState(): void {}
  close(): void {}
}

const CHECKPOINT_SETTINGS: CheckpointSettings = {
  intervalMs: 100,
  timeoutMs: 60_000,
  minPauseMs: 0,
  maxConcurrent: 1,
  mode: 'EXACTLY_ONCE',
  tolerableFailures: 0,
};

/** The multiset a changelog leaves (+I/+U add, -U/-D remove an equal row), sorted. */
function materialize(changelog: readonly string[]): string[] {
  const live = new Map<string, number>();
  for (const entry of changelog) {
    const body = entry.slice(2);
    live.set(body, (live.get(body) ?? 0) + (entry.startsWith('+') ? 1 : -1));
  }
  const out: string[] = [];
  for (const [body, n] of live) for (let i = 0; i < n; i++) out.push(`+I${body}`);
  return out.sort();
}

describe('mini-batch checkpoint in the middle of a bundle', () => {
  const input = randomChangelog(11, 300);

  function build(): { job: Job; collector: ChangelogCollector; aggregate: MiniBatchGroupAggregateOperator } {
    const job = new Job({ clock: () => 0 });
    const aggregate = miniBatch(1000);
    const collector = new ChangelogCollector({ formatField: (v) => String(v) });
    const source = job.addSource('source', new ValuesSource({ ...input, batchSize: 16 }), [aggregate]);
    const sink = job.addTask('sink', [collector]);
    job.connect(source, sink);
    job.open();
    return { job, collector, aggregate };
  }

  it('loses and duplicates nothing across a coordinator checkpoint taken mid-bundle, restored', async () => {
    const reference = build();
    reference.job.runToCompletion();
    const expected = sortedStrings(reference.collector.materialized());

    const dir = mkdtempSync(join(tmpdir(), 'tributary-mini-batch-'));
    try {
      const first = build();
      for (let i = 0; i < 5; i++) first.job.tasks[0]!.step();
      expect(first.aggregate.bufferedRows).toBeGreaterThan(0);
      // the gateway's path: checkpointedJob → CheckpointCoordinator → storage
      const storage = await CheckpointStorage.open({
        dir,
        statement: 's',
        numRetained: 1,
        incremental: false,
      });
      const coordinator = new CheckpointCoordinator({
        job: checkpointedJob(first.job, jobOperators(first.job)),
        settings: CHECKPOINT_SETTINGS,
        storage,
        incremental: false,
        statement: 's',
        firstCheckpointId: 1,
      });
      await coordinator.checkpointNow();
      expect(first.aggregate.bufferedRows).toBe(0);
      const beforeCut = [...first.collector.changelog];
      expect(beforeCut.length).toBeGreaterThan(0);
      first.job.close();

      const second = build();
      const operators = jobOperators(second.job);
      const checkpoint = (await findLatestCheckpoint({ dir, statement: 's' }))!;
      const loaded = await loadJobState(checkpoint, restoreTargets(operators), false);
      restoreJobOperators(operators, loaded, checkpoint.metadata.checkpointId);
      second.job.runToCompletion();
      // no loss (the bundle reached the cut) and no duplicate (the restored source resumes after it)
      expect(materialize([...beforeCut, ...second.collector.changelog])).toEqual(expected);
      second.job.close();
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('Job.snapshot flushes the bundle downstream before capturing', () => {
    const { job, collector, aggregate } = build();
    for (let i = 0; i < 3; i++) job.tasks[0]!.step();
    const buffered = aggregate.bufferedRows;
    expect(buffered).toBeGreaterThan(0);
    expect(collector.changelog).toEqual([]);
    job.snapshot(1);
    expect(aggregate.bufferedRows).toBe(0);
    expect(collector.changelog.length).toBeGreaterThan(0);
    job.close();
  });

  it('refuses a snapshot that bypasses the flush', () => {
    const { job, aggregate } = build();
    job.tasks[0]!.step();
    expect(aggregate.bufferedRows).toBeGreaterThan(0);
    expect(() => aggregate.snapshotState(1)).toThrow(/mini-batch rows not yet flushed/);
    job.close();
  });
});
