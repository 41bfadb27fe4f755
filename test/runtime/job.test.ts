import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { batchOf } from '../../src/runtime/batch.ts';
import { Job } from '../../src/runtime/job.ts';
import type { OperatorContext, OperatorSnapshot, Output } from '../../src/runtime/operator.ts';
import { CalcOperator } from '../../src/runtime/operators/calc.ts';
import { ChangelogCollector } from '../../src/runtime/operators/sink-collector.ts';
import { ValuesSource } from '../../src/runtime/operators/values-source.ts';
import { WindowAggregateOperator } from '../../src/runtime/operators/window-aggregate.ts';
import type { SourceOperator } from '../../src/runtime/task.ts';
import { HeapKeyedStateBackend } from '../../src/state/heap-backend.ts';
import { countStar, formatterFor, sum } from './helpers.ts';

const rows = Array.from({ length: 40 }, (_, i) => [`k${i % 3}`, i * 10, i]);

function buildJob(capacity = 2) {
  const job = new Job({ clock: () => 0, queueCapacity: capacity });
  const source = job.addSource(
    'source',
    new ValuesSource({ rows, watermark: (r) => (r[1] as number) - 15 }),
    [new CalcOperator({ predicate: (r) => (r[2] as number) % 5 !== 4 })],
  );
  const collector = new ChangelogCollector({ formatField: formatterFor([]) });
  const agg = job.addTask('window', [
    new WindowAggregateOperator({
      keyIndexes: [0],
      calls: [
        { fn: countStar, argIndexes: [] },
        { fn: sum, argIndexes: [2] },
      ],
      window: { kind: 'tumble', size: 100 },
      timeIndex: 1,
    }),
    collector,
  ]);
  job.connect(source, agg, capacity);
  return { job, collector, source, agg };
}

describe('Job', () => {
  it('runs a two-task DAG to the end: +infinity watermark flushes windows, then finish', () => {
    const { job, collector, agg } = buildJob();
    job.runToCompletion();
    expect(job.isFinished()).toBe(true);
    expect(collector.ended).toBe(true);
    expect(collector.watermarks.at(-1)).toBe(Number.MAX_SAFE_INTEGER);
    // 4 windows × 3 keys; the last window closes only at end of input
    expect(collector.changelog).toHaveLength(12);
    expect(collector.changelog).toContain('+I[k0, 3, 9, 0, 100, 99]'); // rows 0, 3, 6 (9 filtered)
    expect(agg.metrics[0]!.numRecordsIn).toBe(32);
    expect(agg.metrics[0]!.numRecordsOut).toBe(12);
  });

  it('applies backpressure: the source is not polled while the queue to a slow consumer is full', () => {
    const { job, source, agg } = buildJob(2);
    job.open();
    // Run only the source, as if the consumer were slow.
    let polls = 0;
    while (source.canStep()) {
      source.step();
      polls++;
    }
    expect(polls).toBeLessThanOrEqual(2);
    expect(agg.inputs[0]!.size).toBeGreaterThanOrEqual(2);
    const before = source.metrics[0]!.numRecordsIn;
    expect(source.canStep()).toBe(false);
    agg.step();
    agg.step();
    expect(source.canStep()).toBe(true);
    expect(source.metrics[0]!.numRecordsIn).toBe(before);
    job.runToCompletion();
    expect(agg.inputs[0]!.highWaterMark).toBeLessThanOrEqual(2 + 2); // one batch + one watermark per poll
  });

  it('snapshot mid-stream and restore into a new job gives the same results as one run', () => {
    const whole = buildJob();
    whole.job.runToCompletion();

    const first = buildJob();
    first.job.open();
    for (let i = 0; i < 25; i++) first.job.step();
    const snapshot = JSON.parse(JSON.stringify(first.job.snapshot(1)));
    const emittedBefore = [...first.collector.changelog];

    const second = buildJob();
    second.job.restore(snapshot);
    second.job.runToCompletion();
    expect([...emittedBefore, ...second.collector.changelog].sort()).toEqual(
      [...whole.collector.changelog].sort(),
    );
  });

  it('reports a stalled job instead of spinning', () => {
    const job = new Job({ clock: () => 0 });
    job.addTask('orphan', [new CalcOperator({})]);
    const source = job.addSource('s', new ValuesSource({ rows: [] }));
    expect(() => job.connect(source, job.tasks[0]!)).toThrow(/topological order/);
    expect(() => job.runToCompletion()).toThrow(/stalled/);
  });
});

describe('hot paths', () => {
  it('src/runtime and src/state never await (per-batch code is synchronous)', () => {
    const roots = ['src/runtime', 'src/state'].map((d) => join(import.meta.dirname, '../..', d));
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) walk(path);
        else if (entry.name.endsWith('.ts')) {
          readFileSync(path, 'utf8')
            .split('\n')
            .forEach((line, i) => {
              if (/^\s*(\/\/|\*|\/\*)/.test(line)) return; // comments may talk about await
              // job.ts's run() yields between batches by design, and checkpoint files are written after
              // the snapshot is taken, off the record path; nothing else may await
              const exempt = path.endsWith('job.ts') || path.includes(`${sep}state${sep}checkpoint${sep}`);
              if (/\bawait\b/.test(line) && !exempt) offenders.push(`${path}:${i + 1}`);
              if (/\basync\b/.test(line) && !exempt) offenders.push(`${path}:${i + 1}`);
            });
        }
      }
    };
    roots.forEach(walk);
    expect(offenders).toEqual([]);
    const job = readFileSync(join(roots[0]!, 'job.ts'), 'utf8');
    const awaits = job.split('\n').filter((l) => /\bawait\b/.test(l));
    // only run()'s: the connectors' ready() once before the loop, the yield between batches and the
    // sleep while idle
    expect(awaits).toHaveLength(3);
  });
});

/** A source that can emit one single-row batch every `intervalMs` of real time, `total` times. */
class PacedSource implements SourceOperator {
  readonly name = 'Paced';
  polls = 0;
  prepared = false;
  private output!: Output;
  private emitted = 0;
  private due = 0;
  constructor(
    private readonly total: number,
    private readonly intervalMs: number,
    private readonly readyDelayMs = 0,
  ) {}
  ready(): Promise<void> {
    return new Promise((r) =>
      setTimeout(() => {
        this.prepared = true;
        r();
      }, this.readyDelayMs),
    );
  }
  nextPollTime(): number {
    return this.due;
  }
  open(ctx: OperatorContext): void {
    if (!this.prepared) throw new Error('open() before ready() resolved');
    this.output = ctx.output;
    this.due = Date.now();
  }
  poll(): boolean {
    this.polls++;
    const now = Date.now();
    if (now < this.due) return true;
    this.output.emitBatch(batchOf([[this.emitted]]));
    this.emitted++;
    this.due = now + this.intervalMs;
    return this.emitted < this.total;
  }
  snapshotState(checkpointId: number): OperatorSnapshot {
    return { checkpointId, keyed: new HeapKeyedStateBackend().snapshot(), operator: null };
  }
  restoreState(): void {}
  close(): void {}
}

describe('Job.run scheduling', () => {
  it('awaits ready() before open and sleeps until a rate-limited source is due (no busy polling)', async () => {
    const job = new Job();
    const source = new PacedSource(4, 25, 10);
    const collector = new ChangelogCollector({ formatField: formatterFor([]) });
    job.addSource('paced', source, [collector]);
    const started = Date.now();
    expect(await job.run()).toBe(true);
    expect(Date.now() - started).toBeGreaterThanOrEqual(3 * 25 - 5);
    expect(collector.changelog).toEqual(['+I[0]', '+I[1]', '+I[2]', '+I[3]']);
    // one poll per batch, plus at most a few early ones (timers may fire a millisecond early)
    expect(source.polls).toBeLessThanOrEqual(4 + 3);
  });

  it('an abort signal ends the sleep at once and run() reports it', async () => {
    const job = new Job();
    job.addSource('paced', new PacedSource(2, 60_000), [new CalcOperator({})]);
    const abort = new AbortController();
    setTimeout(() => abort.abort(), 20);
    const started = Date.now();
    expect(await job.run(64, abort.signal)).toBe(false);
    expect(Date.now() - started).toBeLessThan(5_000);
  });

  it('a source announcing records wakes the sleeping loop before its poll time', async () => {
    // a background fetcher: nothing is due for a minute until records arrive
    let listener: (() => void) | undefined;
    let arrived: number[] = [];
    let output!: Output;
    const fetching: SourceOperator = {
      name: 'Fetching',
      nextPollTime: () => (arrived.length > 0 ? 0 : Date.now() + 60_000),
      onRecordsAvailable: (l) => {
        listener = l;
      },
      open: (ctx) => {
        output = ctx.output;
      },
      poll: () => {
        const rows = arrived.map((v) => [v]);
        arrived = [];
        if (rows.length > 0) output.emitBatch(batchOf(rows));
        return rows.length === 0 || rows[0]![0] !== 2;
      },
      snapshotState: (checkpointId) => ({
        checkpointId,
        keyed: new HeapKeyedStateBackend().snapshot(),
        operator: null,
      }),
      restoreState: () => {},
      close: () => {},
    };
    const collector = new ChangelogCollector({ formatField: formatterFor([]) });
    const job = new Job();
    job.addSource('fetching', fetching, [collector]);
    setTimeout(() => {
      arrived = [1];
      listener?.();
      setTimeout(() => {
        arrived = [2];
        listener?.();
      }, 20);
    }, 20);
    const started = Date.now();
    expect(await job.run()).toBe(true);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(collector.changelog).toEqual(['+I[1]', '+I[2]']);
  });

  it('runToCompletion still drains a source that is not due yet (busy, for bounded tests)', () => {
    const job = new Job();
    const source = new PacedSource(2, 5);
    source.prepared = true;
    const collector = new ChangelogCollector({ formatField: formatterFor([]) });
    job.addSource('paced', source, [collector]);
    job.runToCompletion();
    expect(collector.changelog).toEqual(['+I[0]', '+I[1]']);
  });
});
