import { describe, expect, it } from 'vitest';
import { RESTORE_GAP_MS, type RestoreGate, runInFlinkOrder } from '../../src/conformance/flink-order.ts';
import { skipReason } from '../../src/conformance/runnable-skips.ts';
import type { Batch } from '../../src/runtime/batch.ts';
import { Job } from '../../src/runtime/job.ts';
import { AbstractOperator } from '../../src/runtime/operator.ts';
import { ValuesSource } from '../../src/runtime/operators/values-source.ts';
import type { SourceOperator } from '../../src/runtime/task.ts';
import { expectSql, type TableSpec } from '../planner/sql-cases.ts';

/** Records which input each row arrived on, in order. */
class Recorder extends AbstractOperator {
  readonly seen: string[] = [];
  constructor() {
    super('Recorder', 2);
  }
  processBatch(input: number, batch: Batch): void {
    for (const row of batch.rows) this.seen.push(`${input === 0 ? 'L' : 'R'}${String(row[0])}`);
  }
}

const source = (name: string, values: number[]): ValuesSource =>
  new ValuesSource({ name, rows: values.map((v) => [v]), batchSize: 1 });

function twoSourceJob(left: SourceOperator, right: SourceOperator): { job: Job; recorder: Recorder } {
  const job = new Job();
  const l = job.addSource('left', left);
  const r = job.addSource('right', right);
  const recorder = new Recorder();
  const sink = job.addTask('recorder', [recorder]);
  job.connect(l, sink);
  job.connect(r, sink);
  return { job, recorder };
}

describe('running jobs in Flink order', () => {
  it('reads a two-input operator alternately, one row at a time, first input first', () => {
    const { job, recorder } = twoSourceJob(source('l', [1, 2, 3]), source('r', [1, 2]));
    runInFlinkOrder(job, { timeoutMs: 5000, clock: { now: 0 } });
    expect(recorder.seen).toEqual(['L1', 'R1', 'L2', 'R2', 'L3']);
  });

  it('restores after a processing-time jump, once the job has drained', () => {
    let restored = false;
    let restoredAt = -1;
    const clock = { now: 1000 };
    const gated = source('l', [1, 2]);
    const left: SourceOperator = {
      name: 'gated',
      nextPollTime: () => (restored ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY),
      open: (ctx) => gated.open(ctx),
      poll: () => gated.poll(),
      snapshotState: (id) => gated.snapshotState(id),
      restoreState: (s) => gated.restoreState(s),
      close: () => gated.close(),
    };
    const gate: RestoreGate = {
      restorePending: () => !restored,
      restore: () => {
        restored = true;
        restoredAt = clock.now;
      },
    };
    const { job, recorder } = twoSourceJob(left, source('r', [1, 2]));
    runInFlinkOrder(job, { timeoutMs: 5000, clock, restoreGate: gate });
    expect(recorder.seen).toEqual(['R1', 'R2', 'L1', 'L2']);
    expect(restoredAt).toBe(1000 + RESTORE_GAP_MS);
  });

  it('interleaves the sources of a join row by row (a delete meets the row it deletes)', async () => {
    const upsert = (name: string, rows: TableSpec['rows']): TableSpec => ({
      name,
      columns: ['id INT', `${name}v STRING`],
      primaryKey: ['id'],
      options: { 'changelog-mode': 'I,UA,D' },
      rows,
    });
    await expectSql({
      sources: [
        upsert('l', [
          ['+I', [1, 'a']],
          ['-D', [1, 'a']],
        ]),
        upsert('r', [['+I', [1, 'x']]]),
      ],
      sink: { name: 'sink', columns: ['id INT', 'lv STRING', 'rv STRING'] },
      sql: 'INSERT INTO sink SELECT l.id, lv, rv FROM l JOIN r ON l.id = r.id',
      changelog: ['+I[1, a, x]', '-D[1, a, x]'],
    });
  });
});

describe('skipped cases', () => {
  it('runs cases whose processing-time result is fixed by arrival order, skips the rest', () => {
    expect(skipReason('RankTestPrograms.RANK_N_TEST', 'uses processing time')).toBeUndefined();
    expect(skipReason('X.Y', 'uses processing time')).toBe('uses processing time');
    expect(skipReason('X.Y', null)).toBeUndefined();
  });
});
