import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Job } from '../../src/runtime/job.ts';
import { CalcOperator } from '../../src/runtime/operators/calc.ts';
import { ChangelogCollector } from '../../src/runtime/operators/sink-collector.ts';
import { ValuesSource } from '../../src/runtime/operators/values-source.ts';
import { WindowAggregateOperator } from '../../src/runtime/operators/window-aggregate.ts';
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
    // only the two yields of run(): between batches and while idle
    expect(awaits).toHaveLength(2);
  });
});
