/**
 * An incremental checkpoint takes a backend's delta at the moment the operator snapshots its backend:
 * an operator that moves state into its backend in snapshotState() and out again right after (as the
 * window aggregate does with its in-memory windows) must find that state in the checkpoint.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Batch } from '../../src/runtime/batch.ts';
import { checkpointedJob, jobOperators } from '../../src/runtime/checkpoint/participants.ts';
import { Job } from '../../src/runtime/job.ts';
import { AbstractOperator, type OperatorContext, type OperatorSnapshot } from '../../src/runtime/operator.ts';
import { ValuesSource } from '../../src/runtime/operators/values-source.ts';
import { restoreOperator } from '../../src/state/checkpoint/restore.ts';
import { CheckpointStorage } from '../../src/state/checkpoint/storage.ts';
import { EmbeddedKeyedStateBackend } from '../../src/state/embedded/backend.ts';
import { HeapKeyedStateBackend } from '../../src/state/heap-backend.ts';
import type { KeyedStateBackend, ValueState } from '../../src/state/state.ts';

const root = mkdtempSync(join(tmpdir(), 'tributary-participants-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** Keeps counts in memory and puts them into its backend only while snapshotting. */
class InMemoryCounts extends AbstractOperator {
  readonly counts = new Map<number, number>();
  private state!: ValueState<number>;
  constructor() {
    super('InMemoryCounts');
  }
  override open(ctx: OperatorContext): void {
    super.open(ctx);
    this.state = ctx.backend.valueState<number>({ name: 'count' });
  }
  processBatch(_input: number, batch: Batch): void {
    for (let i = 0; i < batch.length; i++) {
      const k = batch.rows[i]![0] as number;
      this.counts.set(k, (this.counts.get(k) ?? 0) + 1);
    }
  }
  override snapshotState(checkpointId: number): OperatorSnapshot {
    const backend = this.ctx.backend;
    for (const [k, n] of this.counts) {
      backend.setCurrentKey(`k${k}`, [k]);
      this.state.update(n);
    }
    try {
      return super.snapshotState(checkpointId);
    } finally {
      for (const k of this.counts.keys()) {
        backend.setCurrentKey(`k${k}`, [k]);
        this.state.clear();
      }
    }
  }
}

const BACKENDS: Record<string, (dir: string, operator: string) => KeyedStateBackend> = {
  hashmap: () => new HeapKeyedStateBackend(),
  embedded: (dir, operator) => new EmbeddedKeyedStateBackend({ dir, operator }),
};

describe.each(Object.keys(BACKENDS))('incremental capture through the job (%s)', (name) => {
  it('holds state the operator puts into its backend only while snapshotting', async () => {
    const dir = mkdtempSync(join(root, name));
    const job = new Job({ createBackend: (op, task) => BACKENDS[name]!(join(dir, task), op) });
    const counts = new InMemoryCounts();
    const rows = [1, 2, 2, 3, 3, 3].map((k) => [k]);
    job.addSource('source', new ValuesSource({ rows, batchSize: 3 }), [counts]);
    job.open();
    const storage = await CheckpointStorage.open({
      dir: join(dir, 'chk'),
      statement: 's',
      incremental: true,
    });
    const operators = jobOperators(job);
    const participants = checkpointedJob(job, operators).participants;
    const source = job.tasks[0]!;
    for (let id = 1; id <= 2; id++) {
      source.step();
      const captured = participants.map((p) => p.capture(id, (opId) => storage.incrementalBase(opId)));
      await storage.checkpoint({ checkpointId: id, operators: captured });
    }
    expect(counts.counts).toEqual(
      new Map([
        [1, 1],
        [2, 2],
        [3, 3],
      ]),
    );
    const restored = new HeapKeyedStateBackend();
    await restoreOperator(storage.latest()!, 'InMemoryCounts-1', restored);
    const state = restored.valueState<number>({ name: 'count' });
    for (const [k, n] of counts.counts) {
      restored.setCurrentKey(`k${k}`, [k]);
      expect(state.value()).toBe(n);
    }
    job.close();
  });
});
