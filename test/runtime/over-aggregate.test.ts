import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/runtime/batch.ts';
import { lagAccumulator, OverAggregateOperator } from '../../src/runtime/operators/over-aggregate.ts';
import { countStar, sum } from './helpers.ts';
import { type Formatter, kindOf, loadCases, OperatorHarness, source, ts } from './operator-harness.ts';

const cases = loadCases('OverWindowTestPrograms.json');
const byVal = (a: Row, b: Row): number => (a[1] as number) - (b[1] as number);

describe('OverAggregateOperator against OverWindowTestPrograms', () => {
  for (const [id, keys, calls] of [
    ['OVER_AGGREGATE_NON_TIME_UNBOUNDED_RETRACT_MODE', [0], [{ fn: sum, argIndexes: [1] }]],
    ['OVER_AGGREGATE_NON_TIME_UNBOUNDED_APPEND_MODE', [0], [{ fn: sum, argIndexes: [1] }]],
    [
      'OVER_AGGREGATE_NON_TIME_UNBOUNDED_APPEND_MODE_MULTIPLE_AGGS',
      [0],
      [
        { fn: sum, argIndexes: [1] },
        { fn: countStar, argIndexes: [] },
      ],
    ],
    ['OVER_AGGREGATE_NON_TIME_UNBOUNDED_NO_PARTITION_BY', [], [{ fn: sum, argIndexes: [1] }]],
  ] as const) {
    const c = cases.get(id);
    (c ? it : it.skip)(id, () => {
      const h = new OperatorHarness(
        new OverAggregateOperator({
          partitionKeyIndexes: keys,
          order: { kind: 'non-time', compare: byVal },
          frame: { kind: 'range' },
          calls,
        }),
      );
      for (const r of source(c!, 'source_t')) h.push(0, r.values, kindOf(r.kind));
      expect(h.changelog).toEqual(c!.sinks[0]!.expected);
    });
  }

  const lag = cases.get('LAG_OVER_FUNCTION');
  (lag ? it : it.skip)('LAG_OVER_FUNCTION', () => {
    const fmt: Formatter = (v) =>
      v === null
        ? 'null'
        : v instanceof Map
          ? `{${[...v].map(([k, x]) => `${k}=${x}`).join(', ')}}`
          : String(v);
    const h = new OperatorHarness(
      new OverAggregateOperator({
        partitionKeyIndexes: [],
        order: { kind: 'rowtime', timeIndex: 2 },
        frame: { kind: 'rows' },
        calls: [{ fn: lagAccumulator(1), argIndexes: [1] }],
      }),
      fmt,
    );
    for (const r of source(lag!, 't')) {
      const m = new Map(
        Object.entries(r.values[1] as Record<string, number>).map(([k, v]) => [
          Number(k).toFixed(1),
          v.toFixed(1),
        ]),
      );
      const t = ts(r.values[0] as string);
      h.push(0, [r.values[0], m, t]).watermark(0, t);
    }
    h.end();
    expect(h.rows.map((x) => `+I[${x.row[0]}, ${fmt(x.row[3], 0)}]`)).toEqual(lag!.sinks[0]!.expected);
  });
});

describe('OverAggregateOperator on event time', () => {
  const run = (frame: { kind: 'rows' | 'range'; preceding?: number }) => {
    const h = new OperatorHarness(
      new OverAggregateOperator({
        partitionKeyIndexes: [0],
        order: { kind: 'rowtime', timeIndex: 1 },
        frame,
        calls: [
          { fn: sum, argIndexes: [2] },
          { fn: countStar, argIndexes: [] },
        ],
      }),
    );
    // out of order within the watermark, a peer at t=20, a late row at t=5
    h.push(0, ['k', 20, 1]).push(0, ['k', 10, 2]).push(0, ['k', 20, 4]).watermark(0, 20);
    h.push(0, ['k', 5, 100]).push(0, ['k', 40, 8]).push(0, ['k', 35, 16]).end();
    return h;
  };
  it('RANGE UNBOUNDED: peers share the value; late rows dropped', () => {
    const h = run({ kind: 'range' });
    expect(h.changelog).toEqual([
      '+I[k, 10, 2, 2, 1]',
      '+I[k, 20, 1, 7, 3]',
      '+I[k, 20, 4, 7, 3]',
      '+I[k, 35, 16, 23, 4]',
      '+I[k, 40, 8, 31, 5]',
    ]);
    expect(h.metrics.numLateRecordsDropped).toBe(1);
  });
  it('ROWS 1 PRECEDING and RANGE 10 ms PRECEDING', () => {
    expect(run({ kind: 'rows', preceding: 1 }).changelog).toEqual([
      '+I[k, 10, 2, 2, 1]',
      '+I[k, 20, 1, 3, 2]',
      '+I[k, 20, 4, 5, 2]',
      '+I[k, 35, 16, 20, 2]',
      '+I[k, 40, 8, 24, 2]',
    ]);
    expect(run({ kind: 'range', preceding: 10 }).changelog).toEqual([
      '+I[k, 10, 2, 2, 1]',
      '+I[k, 20, 1, 7, 3]',
      '+I[k, 20, 4, 7, 3]',
      '+I[k, 35, 16, 16, 1]',
      '+I[k, 40, 8, 24, 2]',
    ]);
  });
});
