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
