import { describe, expect, it } from 'vitest';
import { Job } from '../../src/runtime/job.ts';
import { CalcOperator } from '../../src/runtime/operators/calc.ts';
import { ChangelogCollector } from '../../src/runtime/operators/sink-collector.ts';
import { ValuesSource } from '../../src/runtime/operators/values-source.ts';
import { WindowAggregateOperator } from '../../src/runtime/operators/window-aggregate.ts';
import type { WindowSpec } from '../../src/runtime/windows.ts';
import {
  type ConformanceCase,
  conformanceCases,
  count,
  countStar,
  formatterFor,
  parseTimestamp,
  runPipeline,
  sorted,
  sum,
} from './helpers.ts';
import { OperatorHarness } from './operator-harness.ts';

const SECOND = 1000;

/** Reads the window spec from the case's TVF call, e.g. HOP(..., INTERVAL '5' SECOND, INTERVAL '10' SECOND). */
function windowOf(c: ConformanceCase): WindowSpec {
  const sql = c.statements[0]!;
  const fn = /(TUMBLE|HOP|CUMULATE)\(/.exec(sql)![1]!;
  const intervals = [...sql.matchAll(/INTERVAL '(\d+)' SECOND/g)].map((m) => Number(m[1]) * SECOND);
  if (fn === 'TUMBLE') return { kind: 'tumble', size: intervals[0]!, offset: intervals[1] ?? 0 };
  if (fn === 'HOP')
    return { kind: 'hop', slide: intervals[0]!, size: intervals[1]!, offset: intervals[2] ?? 0 };
  return { kind: 'cumulate', step: intervals[0]!, maxSize: intervals[1]!, offset: intervals[2] ?? 0 };
}

/**
 * SELECT name, window_start, window_end, COUNT(*), SUM(a_int), COUNT(DISTINCT comment)
 * FROM TABLE(<TVF>(TABLE window_source_t, DESCRIPTOR(rowtime), ...)) GROUP BY name, window_start, window_end
 * with WATERMARK rowtime - 1 s, built by hand: source rows [ts, a, b, c, d, comment, name, rowtime].
 */
function runCase(c: ConformanceCase): { out: string[]; dropped: number } {
  const rows = c.sources[0]!.rows.map((r) => [...r.values, parseTimestamp(r.values[0] as string)]);
  const agg = new WindowAggregateOperator({
    keyIndexes: [6],
    calls: [
      { fn: countStar, argIndexes: [] },
      { fn: sum, argIndexes: [1] },
      { fn: count, argIndexes: [5], distinct: true },
    ],
    window: windowOf(c),
    timeIndex: 7,
  });
  // agg output: [name, cnt, sum, dcnt, window_start, window_end, window_time]
  const project = new CalcOperator({ projection: (r) => [r[0], r[4], r[5], r[1], r[2], r[3]] });
  const collector = new ChangelogCollector({ formatField: formatterFor(['plain', 'ts', 'ts']) });
  runPipeline(
    new ValuesSource({ rows, watermark: (r) => (r[7] as number) - SECOND }),
    [agg, project],
    collector,
  );
  return { out: collector.changelog, dropped: agg['ctx'].metrics.numLateRecordsDropped };
}

describe('WindowAggregateOperator against WindowAggregateTestPrograms', () => {
  const cases = conformanceCases('WindowAggregateTestPrograms.json');
  it('covers all 18 TVF window aggregate cases', () => {
    expect(cases.length).toBe(18);
  });
  for (const c of cases) {
    it(c.id, () => {
      const { out, dropped } = runCase(c);
      expect(sorted(out)).toEqual(sorted(c.sinks[0]!.expected!));
      // The row at 00:00:04 arrives after the watermark reached 00:00:07: its tumbling window [0, 5)
      // has fired, so it is dropped; HOP/CUMULATE still count it in their unfired [0, 10) windows.
      expect(dropped).toBe(windowOf(c).kind === 'tumble' ? 1 : 0);
    });
  }
});

describe('WindowAggregateOperator', () => {
  const collect = () => new ChangelogCollector({ formatField: formatterFor([]) });

  it('emits each window once, when the watermark reaches window_end - 1, before forwarding it', () => {
    const agg = new WindowAggregateOperator({
      keyIndexes: [0],
      calls: [{ fn: countStar, argIndexes: [] }],
      window: { kind: 'tumble', size: 10 },
      timeIndex: 1,
    });
    const collector = collect();
    const source = new ValuesSource({
      rows: [
        ['k', 1],
        ['k', 8],
        ['k', 10], // watermark 10 - 1 = 9 = end - 1 of [0, 10): fires
        ['k', 9], // late: [0, 10) fired
        ['k', 25],
      ],
      watermark: (r) => (r[1] as number) - 1,
    });
    runPipeline(source, [agg], collector);
    expect(collector.changelog).toEqual([
      '+I[k, 2, 0, 10, 9]',
      '+I[k, 1, 10, 20, 19]',
      '+I[k, 1, 20, 30, 29]',
    ]);
    expect(agg['ctx'].metrics.numLateRecordsDropped).toBe(1);
    // the window [0, 10) was emitted before the watermark 9 travelled on
    expect(collector.watermarks[0]).toBe(0);
  });

  it('flushes all pending windows at end of input and drops null rowtimes', () => {
    const agg = new WindowAggregateOperator({
      keyIndexes: [],
      calls: [{ fn: countStar, argIndexes: [] }],
      window: { kind: 'tumble', size: 100 },
      timeIndex: 0,
    });
    const collector = collect();
    runPipeline(new ValuesSource({ rows: [[5], [null], [150], [160]] }), [agg], collector);
    expect(collector.changelog).toEqual(['+I[1, 0, 100, 99]', '+I[2, 100, 200, 199]']);
  });

  it('fires processing-time windows on processing-time timers', () => {
    let now = 0;
    const agg = new WindowAggregateOperator({
      keyIndexes: [0],
      calls: [{ fn: countStar, argIndexes: [] }],
      window: { kind: 'tumble', size: 1000 },
    });
    const collector = collect();
    const job = new Job({ clock: () => now });
    const src = new ValuesSource({ rows: [['a'], ['b'], ['a']], batchSize: 2 });
    job.addSource('s', src, [agg, collector]);
    job.open();
    job.step(); // rows a, b at t=0
    expect(collector.changelog).toEqual([]);
    now = 1000;
    job.step(); // the timer at 999 fires before the next poll; that poll's row goes to [1000, 2000)
    expect(sorted(collector.changelog)).toEqual(['+I[a, 1, 0, 1000, 999]', '+I[b, 1, 0, 1000, 999]']);
    now = 1500;
    job.runToCompletion();
    expect(collector.changelog.slice(2)).toEqual(['+I[a, 1, 1000, 2000, 1999]']);
  });
});

describe('WindowAggregateOperator state layout', () => {
  // rows [key, rowtime, value]; TUMBLE 10 s, COUNT(*) and SUM(value) per key
  const build = (eventTime = true) =>
    new WindowAggregateOperator({
      keyIndexes: [0],
      calls: [
        { fn: countStar, argIndexes: [] },
        { fn: sum, argIndexes: [2] },
      ],
      window: { kind: 'tumble', size: 10 * SECOND },
      ...(eventTime ? { timeIndex: 1 } : {}),
    });
  const rows: unknown[][] = [];
  for (let i = 0; i < 60; i++) rows.push([`k${i % 4}`, i * 700, i]);

  it('snapshots open windows as per-key state and timers, and a restore continues exactly', () => {
    const whole = new OperatorHarness(build());
    for (const r of rows) whole.push(0, r).watermark(0, (r[1] as number) - SECOND);
    whole.watermark(0, Number.MAX_SAFE_INTEGER);

    const first = new OperatorHarness(build());
    for (const r of rows.slice(0, 33)) first.push(0, r).watermark(0, (r[1] as number) - SECOND);
    const snapshot = JSON.parse(JSON.stringify(first.operator.snapshotState(7)));
    const emittedBefore = [...first.changelog];
    // the backend format: one accumulator and one timer per key and open window
    const timers = snapshot.keyed.timers['window-timers/event'] as unknown[];
    expect(timers.length).toBe(4); // window [20 s, 30 s) × 4 keys
    expect(Object.keys(snapshot.keyed.states)).toEqual(['window-accumulators']);
    // taking the snapshot leaves the running operator's windows in place
    for (const r of rows.slice(33)) first.push(0, r).watermark(0, (r[1] as number) - SECOND);
    first.watermark(0, Number.MAX_SAFE_INTEGER);
    expect(first.changelog).toEqual(whole.changelog);

    const second = new OperatorHarness(build());
    second.operator.restoreState(snapshot);
    for (const r of rows.slice(33)) second.push(0, r).watermark(0, (r[1] as number) - SECOND);
    second.watermark(0, Number.MAX_SAFE_INTEGER);
    expect(emittedBefore).toHaveLength(8);
    expect([...emittedBefore, ...second.changelog]).toEqual(whole.changelog);
  });

  it('keeps -0 and 0 apart as keys, as serialised keys do', () => {
    const h = new OperatorHarness(build());
    h.push(0, [0, 100, 1]).push(0, [-0, 200, 2]).push(0, [0, 300, 3]);
    h.watermark(0, Number.MAX_SAFE_INTEGER);
    expect(h.rows.map((r) => [Object.is(r.row[0], -0) ? '-0' : String(r.row[0]), String(r.row[1])])).toEqual([
      ['0', '2'],
      ['-0', '1'],
    ]);
  });

  it('processing-time windows fire once per window end and are rescheduled after a restore', () => {
    const h = new OperatorHarness(build(false));
    h.now = 1_000;
    h.push(0, ['a', 0, 1]).push(0, ['b', 0, 2]).push(0, ['a', 0, 3]);
    const snapshot = JSON.parse(JSON.stringify(h.operator.snapshotState(1)));
    const restored = new OperatorHarness(build(false));
    restored.now = 5_000;
    restored.operator.restoreState(snapshot);
    restored.advanceTo(9_999);
    expect(restored.changelog).toEqual(['+I[a, 2, 4, 0, 10000, 9999]', '+I[b, 1, 2, 0, 10000, 9999]']);
  });
});
