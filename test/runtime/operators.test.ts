import { describe, expect, it } from 'vitest';
import { type Batch, BatchBuilder, batchOf, parseRowKind, RowKind } from '../../src/runtime/batch.ts';
import { Job } from '../../src/runtime/job.ts';
import { CalcOperator } from '../../src/runtime/operators/calc.ts';
import { SessionWindowAggregateOperator } from '../../src/runtime/operators/session-window-aggregate.ts';
import { ChangelogCollector } from '../../src/runtime/operators/sink-collector.ts';
import { UnionOperator } from '../../src/runtime/operators/union.ts';
import { ValuesSource } from '../../src/runtime/operators/values-source.ts';
import { WatermarkAssignerOperator } from '../../src/runtime/operators/watermark-assigner.ts';
import { WindowAssignerOperator } from '../../src/runtime/operators/window-assigner.ts';
import { assignWindows, timeShiftFor, type WindowSpec } from '../../src/runtime/windows.ts';
import { countStar, formatterFor, runPipeline, sum } from './helpers.ts';

const collector = () => new ChangelogCollector({ formatField: formatterFor([]) });

describe('BatchBuilder', () => {
  it('grows rows and kinds together and starts fresh after build', () => {
    const b = new BatchBuilder(2);
    for (let i = 0; i < 5; i++) b.add([i], i % 4);
    const batch: Batch = b.build();
    expect(batch.length).toBe(5);
    expect([...batch.kinds.subarray(0, 5)]).toEqual([0, 1, 2, 3, 0]);
    expect(b.length).toBe(0);
    expect(() => parseRowKind('+X')).toThrow(/Unknown row kind/);
  });
});

describe('windows', () => {
  const windows = (spec: WindowSpec, ts: number) => {
    const out: [number, number][] = [];
    assignWindows(spec, ts, (s, e) => out.push([s, e]));
    return out;
  };
  it('assigns TUMBLE, HOP and CUMULATE windows with offsets, negative times included', () => {
    expect(windows({ kind: 'tumble', size: 10 }, 15)).toEqual([[10, 20]]);
    expect(windows({ kind: 'tumble', size: 10, offset: 3 }, 2)).toEqual([[-7, 3]]);
    expect(windows({ kind: 'tumble', size: 10 }, -1)).toEqual([[-10, 0]]);
    expect(windows({ kind: 'hop', size: 10, slide: 5 }, 12)).toEqual([
      [10, 20],
      [5, 15],
    ]);
    expect(windows({ kind: 'cumulate', maxSize: 15, step: 5 }, 7)).toEqual([
      [0, 10],
      [0, 15],
    ]);
  });
  it('shifts to a session time zone wall clock', () => {
    const shift = timeShiftFor('Asia/Shanghai');
    expect(shift.toLocal(0)).toBe(8 * 3600_000);
    expect(shift.toUtc(8 * 3600_000)).toBe(0);
  });
});

describe('CalcOperator and UnionOperator', () => {
  it('filters and projects, passing change kinds through', () => {
    const out = collector();
    const calc = new CalcOperator({
      predicate: (r) => (r[0] as number) > 1,
      projection: (r) => [r[1], r[0]],
    });
    runPipeline(
      new ValuesSource({
        rows: [
          [1, 'a'],
          [2, 'b'],
          [3, 'c'],
        ],
        kinds: [RowKind.INSERT, RowKind.UPDATE_BEFORE, RowKind.DELETE],
      }),
      [calc],
      out,
    );
    expect(out.changelog).toEqual(['-U[b, 2]', '-D[c, 3]']);
  });

  it('union forwards the minimum watermark of its active inputs', () => {
    const job = new Job({ clock: () => 0 });
    const a = job.addSource('a', new ValuesSource({ rows: [[10], [30]], watermark: (r) => r[0] as number }));
    const b = job.addSource('b', new ValuesSource({ rows: [[20]], watermark: (r) => r[0] as number }));
    const out = collector();
    const union = job.addTask('union', [new UnionOperator(2), out]);
    job.connect(a, union);
    job.connect(b, union);
    job.runToCompletion();
    expect(out.changelog.sort()).toEqual(['+I[10]', '+I[20]', '+I[30]']);
    // The runner drains b first (20, then its end = +inf), so the minimum waits for a: 10, 30, +inf.
    expect(out.watermarks).toEqual([10, 30, Number.MAX_SAFE_INTEGER]);
  });

  it('excludes idle inputs from the minimum and goes idle when all inputs are', () => {
    const union = new UnionOperator(2);
    const seen: string[] = [];
    union.open({
      operatorName: 'u',
      subtaskIndex: 0,
      parallelism: 1,
      backend: undefined as never,
      output: {
        emitBatch: () => {},
        emitWatermark: (t) => seen.push(`wm ${t}`),
        emitIdle: (i) => seen.push(`idle ${i}`),
      },
      metrics: { numRecordsIn: 0, numRecordsOut: 0, numLateRecordsDropped: 0 } as never,
      processingTime: () => 0,
      scheduleProcessingTime: () => {},
    });
    union.processWatermark(0, 5);
    union.processIdle(1, true);
    union.processIdle(0, true);
    union.processWatermark(1, 7);
    expect(seen).toEqual(['wm 5', 'idle true', 'idle false', 'wm 7']);
  });
});

describe('WatermarkAssignerOperator', () => {
  it('on-event: emits a rising watermark right after the row that raised it', () => {
    const out = collector();
    const assigner = new WatermarkAssignerOperator({ watermark: (r) => (r[0] as number) - 5 });
    runPipeline(new ValuesSource({ rows: [[10], [8], [20], [null]] }), [assigner, out], out as never);
    expect(out.watermarks).toEqual([5, 15, Number.MAX_SAFE_INTEGER]);
  });

  it('on-periodic: emits the maximum every N rows and on processing time', () => {
    let now = 0;
    const job = new Job({ clock: () => now });
    const out = collector();
    const assigner = new WatermarkAssignerOperator({
      watermark: (r) => r[0] as number,
      strategy: 'on-periodic',
      everyRows: 2,
      intervalMs: 100,
    });
    job.addSource('s', new ValuesSource({ rows: [[1], [5], [3], [9]], batchSize: 1 }), [assigner, out]);
    job.open();
    for (let i = 0; i < 3; i++) job.step(); // rows 1, 5 (2 rows → 5), 3
    expect(out.watermarks).toEqual([5]);
    now = 100;
    job.step(); // the periodic tick finds nothing new and restarts the row count; row 9
    expect(out.watermarks).toEqual([5]);
    job.step(); // the second-next tick at 200 is not due; end of input
    expect(out.watermarks).toEqual([5, Number.MAX_SAFE_INTEGER]);
    now = 200;
    job.step();
    expect(out.watermarks).toEqual([5, Number.MAX_SAFE_INTEGER]);
  });
});

describe('WindowAssignerOperator', () => {
  it('appends window_start, window_end and window_time per window, dropping nothing late', () => {
    const out = collector();
    const tvf = new WindowAssignerOperator({ window: { kind: 'hop', size: 10, slide: 5 }, timeIndex: 1 });
    runPipeline(
      new ValuesSource({
        rows: [
          ['a', 12],
          ['b', 3],
          ['c', null],
        ],
        watermark: (r) => r[1] as number,
      }),
      [tvf],
      out,
    );
    expect(out.changelog).toEqual([
      '+I[a, 12, 10, 20, 19]',
      '+I[a, 12, 5, 15, 14]',
      '+I[b, 3, 0, 10, 9]',
      '+I[b, 3, -5, 5, 4]',
    ]);
  });
});

describe('SessionWindowAggregateOperator', () => {
  it('merges sessions per key (adjacent windows merge), drops late rows, emits at end - 1', () => {
    const out = collector();
    const agg = new SessionWindowAggregateOperator({
      keyIndexes: [0],
      calls: [
        { fn: countStar, argIndexes: [] },
        { fn: sum, argIndexes: [2] },
      ],
      gapMs: 10,
      timeIndex: 1,
    });
    const rows = [
      ['a', 0, 1],
      ['a', 20, 2], // separate session [20, 30)
      ['a', 10, 4], // [10, 20) touches [0, 10) and [20, 30): one session [0, 30)
      ['b', 5, 8],
      ['a', 45, 16], // watermark 45 - 30 = 15 fires b's [5, 15) (end - 1 = 14)
      ['b', 3, 32], // late: [3, 13) has fired and nothing of b is open
      ['a', 3, 64], // [3, 13) merges into the open [0, 30): not late
    ];
    runPipeline(new ValuesSource({ rows, watermark: (r) => (r[1] as number) - 30 }), [agg], out);
    expect(out.changelog).toEqual([
      '+I[b, 1, 8, 5, 15, 14]',
      '+I[a, 4, 71, 0, 30, 29]',
      '+I[a, 1, 16, 45, 55, 54]',
    ]);
    expect(agg['ctx'].metrics.numLateRecordsDropped).toBe(1);
  });
});

describe('ChangelogCollector', () => {
  it('materializes a retract stream as a multiset and an upsert stream by key', () => {
    const retract = collector();
    retract.processBatch(
      0,
      batchOf(
        [
          ['a', 1],
          ['a', 1],
          ['a', 1],
          ['b', 2],
        ],
        [0, 0, 1, 0],
      ),
    );
    expect(retract.materialized().sort()).toEqual(['+I[a, 1]', '+I[b, 2]']);
    const upsert = new ChangelogCollector({ formatField: formatterFor([]), upsertKeyIndexes: [0] });
    upsert.processBatch(
      0,
      batchOf(
        [
          ['a', 1],
          ['a', 1],
          ['a', 2],
          ['b', 3],
          ['b', 3],
        ],
        [0, 1, 2, 0, 3],
      ),
    );
    expect(upsert.changelog).toEqual(['+I[a, 1]', '+U[a, 2]', '+I[b, 3]', '-D[b, 3]']);
    expect(upsert.materialized()).toEqual(['+I[a, 2]']);
  });
});
