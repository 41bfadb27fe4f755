import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/runtime/batch.ts';
import { DeduplicateOperator } from '../../src/runtime/operators/deduplicate.ts';
import { LimitOperator } from '../../src/runtime/operators/limit.ts';
import { RankOperator } from '../../src/runtime/operators/rank.ts';
import { SortLimitOperator } from '../../src/runtime/operators/sort-limit.ts';
import { TemporalSortOperator } from '../../src/runtime/operators/temporal-sort.ts';
import { WindowDeduplicateOperator } from '../../src/runtime/operators/window-deduplicate.ts';
import { WindowRankOperator } from '../../src/runtime/operators/window-rank.ts';
import { assignWindows, type WindowSpec } from '../../src/runtime/windows.ts';
import { localDateTimeString } from './helpers.ts';
import {
  type Case,
  kindOf,
  loadCases,
  OperatorHarness,
  sortedStrings,
  source,
  ts,
} from './operator-harness.ts';

const rank = loadCases('RankTestPrograms.json');
const num = (i: number) => (a: Row, b: Row) => (a[i] as number) - (b[i] as number);
const run = (h: OperatorHarness, c: Case, name: string) => {
  for (const r of source(c, name)) h.push(0, r.values, kindOf(r.kind));
  return h;
};
const caseIt = (cases: Map<string, Case>, id: string, fn: (c: Case) => void) => {
  const c = cases.get(id);
  (c ? it : it.skip)(id, () => fn(c!));
};

describe('RankOperator against RankTestPrograms', () => {
  // rn = 1 is a constant rank: Flink drops the rank column and the Calc appends the literal 1
  const abRank = (h: OperatorHarness, rank?: number) =>
    h.rows.map(
      ({ kind, row }) => `${['+I', '-U', '+U', '-D'][kind]}[${row[0]}, ${row[1]}, ${rank ?? row[3]}]`,
    );
  caseIt(rank, 'RANK_TEST_APPEND_FAST_STRATEGY', (c) => {
    const h = run(
      new OperatorHarness(
        new RankOperator({
          partitionKeyIndexes: [1],
          compare: num(2),
          rankEnd: 1,
          outputRankNumber: true,
          strategy: 'append',
        }),
      ),
      c,
      'MyTable',
    );
    expect(abRank(h)).toEqual(c.sinks[0]!.expected);
  });
  caseIt(rank, 'RANK_TEST_RETRACT_STRATEGY', (c) => {
    const h = run(
      new OperatorHarness(
        new RankOperator({
          partitionKeyIndexes: [1],
          compare: num(2),
          rankEnd: 1,
          outputRankNumber: false,
          strategy: 'retract',
        }),
      ),
      c,
      'MyTable',
    );
    expect(abRank(h, 1)).toEqual(c.sinks[0]!.expected);
  });
  caseIt(rank, 'RANK_TEST_UPDATE_FAST_STRATEGY', (c) => {
    // input: GROUP BY a, b COUNT(*) → [a, b, count_c], unique key (a, b); ORDER BY count_c DESC, a ASC
    const h = new OperatorHarness(
      new RankOperator({
        partitionKeyIndexes: [1],
        compare: (x, y) => Number((y[2] as bigint) - (x[2] as bigint)) || (x[0] as number) - (y[0] as number),
        rankEnd: 10,
        outputRankNumber: true,
        strategy: 'update',
        uniqueKeyIndexes: [0, 1],
      }),
    );
    for (const r of source(c, 'MyTable')) h.push(0, [r.values[0], r.values[1], 1n]);
    expect(h.changelog).toEqual(c.sinks[0]!.expected);
  });
  caseIt(rank, 'ROW_NUMBER_TOP_N', (c) => {
    const h = run(
      new OperatorHarness(
        new RankOperator({
          partitionKeyIndexes: [1],
          compare: (x, y) => num(0)(y, x),
          rankEnd: 1,
          outputRankNumber: false,
          strategy: 'append',
        }),
      ),
      c,
      'MyTable',
    );
    expect(h.changelog.map((s) => s.replace(/, \d+\]$/, ']'))).toEqual(c.sinks[0]!.expected);
  });
  caseIt(rank, 'RANK_2_TEST', (c) => {
    const h = run(
      new OperatorHarness(
        new RankOperator({
          partitionKeyIndexes: [0],
          compare: num(1),
          rankFunction: 'rank',
          rankStart: 2,
          rankEnd: 2,
          outputRankNumber: false,
          strategy: 'append',
        }),
      ),
      c,
      'MyTable1',
    );
    expect(h.changelog.map((s) => s.replace(/, \d+\]$/, ', 2]'))).toEqual(c.sinks[0]!.expected);
  });

  it('RANK with ties: ranks skip, a retraction moves rows up with -U/+U', () => {
    const h = new OperatorHarness(
      new RankOperator({
        partitionKeyIndexes: [],
        compare: num(0),
        rankFunction: 'rank',
        rankEnd: 3,
        outputRankNumber: true,
        strategy: 'retract',
      }),
    );
    h.push(0, [1]).push(0, [1]).push(0, [2]).push(0, [1], 3);
    expect(h.changelog).toEqual(['+I[1, 1]', '+I[1, 1]', '+I[2, 3]', '-D[1, 1]', '-D[2, 3]', '+I[2, 2]']);
  });
});

describe('DeduplicateOperator against DeduplicationTestPrograms', () => {
  const cases = loadCases('DeduplicationTestPrograms.json');
  for (const [id, keep] of [
    ['DEDUPLICATE', 'first'],
    ['DEDUPLICATE_DESC', 'last'],
  ] as const) {
    caseIt(cases, id, (c) => {
      // the sink has a primary key (upsert): no -U
      const h = run(
        new OperatorHarness(
          new DeduplicateOperator({ keyIndexes: [2], keep, timeIndex: 3, generateUpdateBefore: false }),
        ),
        c,
        'MyTable',
      );
      expect(h.changelog).toEqual(c.sinks[0]!.expected);
    });
  }
  it('processing-time keep last emits -U/+U and a matching delete', () => {
    const h = new OperatorHarness(new DeduplicateOperator({ keyIndexes: [0], keep: 'last' }));
    h.push(0, ['k', 1]).push(0, ['k', 2]).push(0, ['k', 2], 3).push(0, ['k', 3]);
    expect(h.changelog).toEqual(['+I[k, 1]', '-U[k, 1]', '+U[k, 2]', '-D[k, 2]', '+I[k, 3]']);
  });
});

/** bid rows [ts, price, item, supplier, bid_time, window_start, window_end] per window, interleaved with watermarks. */
function windowed(c: Case, window: WindowSpec, h: OperatorHarness): void {
  let wm = Number.MIN_SAFE_INTEGER;
  for (const r of source(c, 'bid_t')) {
    const t = ts(r.values[0] as string);
    assignWindows(window, t, (start, end) => h.push(0, [...r.values, t, start, end]));
    wm = Math.max(wm, t - 1000);
    h.watermark(0, wm);
  }
  h.end();
}
const windowOf = (id: string): WindowSpec =>
  id.includes('HOP')
    ? { kind: 'hop', size: 10_000, slide: 5_000 }
    : id.includes('CUMULATE')
      ? { kind: 'cumulate', maxSize: 10_000, step: 5_000 }
      : { kind: 'tumble', size: 10_000 };
const dt = (v: unknown) => localDateTimeString(v as number);
const price = (v: unknown) => Number(v).toFixed(2);

describe('WindowRankOperator against WindowRankTestPrograms', () => {
  const cases = loadCases('WindowRankTestPrograms.json');
  for (const id of [
    'WINDOW_RANK_TUMBLE_TVF_MIN_TOP_N',
    'WINDOW_RANK_TUMBLE_TVF_MAX_TOP_N',
    'WINDOW_RANK_HOP_TVF_MIN_TOP_N',
    'WINDOW_RANK_CUMULATE_TVF_MIN_TOP_N',
  ]) {
    caseIt(cases, id, (c) => {
      const desc = id.includes('MAX');
      const h = new OperatorHarness(
        new WindowRankOperator({
          partitionKeyIndexes: [5, 6],
          windowEndIndex: 6,
          compare: (a, b) => (desc ? -1 : 1) * (Number(a[1]) - Number(b[1])),
          rankEnd: 3,
          outputRankNumber: true,
        }),
      );
      windowed(c, windowOf(id), h);
      const out = h.rows.map(
        ({ row: r }) =>
          `+I[${dt(r[5])}, ${dt(r[6])}, ${dt(r[4])}, ${r[3]}, ${price(r[1])}, ${r[2]}, ${r[7]}]`,
      );
      expect(sortedStrings(out)).toEqual(sortedStrings(c.sinks[0]!.expected!));
    });
  }
});

describe('WindowDeduplicateOperator against WindowDeduplicateTestPrograms', () => {
  const cases = loadCases('WindowDeduplicateTestPrograms.json');
  for (const [id, c] of cases) {
    it(id, () => {
      const h = new OperatorHarness(
        new WindowDeduplicateOperator({
          partitionKeyIndexes: id.includes('PARTITION_BY_ITEM') ? [5, 6, 2] : [5, 6],
          windowEndIndex: 6,
          timeIndex: 4,
          keep: id.includes('DESC') ? 'last' : 'first',
        }),
      );
      windowed(c, windowOf(id), h);
      const out = h.rows.map(
        ({ row: r }) => `+I[${dt(r[4])}, ${price(r[1])}, ${r[2]}, ${r[3]}, ${dt(r[5])}, ${dt(r[6])}, 1]`,
      );
      expect(sortedStrings(out)).toEqual(sortedStrings(c.sinks[0]!.expected!));
    });
  }
});

describe('LIMIT, ORDER BY LIMIT and temporal sort', () => {
  caseIt(loadCases('LimitTestPrograms.json'), 'LIMIT', (c) => {
    const h = run(new OperatorHarness(new LimitOperator({ fetch: 3 })), c, 'source_t');
    expect(h.changelog).toEqual(c.sinks[0]!.expected);
  });
  const sort = loadCases('SortTestPrograms.json');
  for (const id of ['SORT_LIMIT_ASC', 'SORT_LIMIT_DESC']) {
    caseIt(sort, id, (c) => {
      const asc = num(0);
      const h = run(
        new OperatorHarness(
          new SortLimitOperator({ compare: id.endsWith('DESC') ? (a, b) => asc(b, a) : asc, fetch: 3 }),
        ),
        c,
        'source_t',
      );
      expect(h.changelog).toEqual(c.sinks[0]!.expected);
    });
  }
  it('limit with offset over updating input', () => {
    const h = new OperatorHarness(new LimitOperator({ offset: 1, fetch: 2, updatingInput: true }));
    h.push(0, ['a']).push(0, ['b']).push(0, ['c']).push(0, ['d']).push(0, ['b'], 3);
    expect(h.changelog).toEqual(['+I[b]', '+I[c]', '-D[b]', '+I[d]']);
  });
  caseIt(loadCases('TemporalSortTestPrograms.json'), 'TEMPORAL_SORT_ROWTIME', (c) => {
    const h = new OperatorHarness(
      new TemporalSortOperator({ timeIndex: 3, compare: (a, b) => (a[2] as number) - (b[2] as number) }),
    );
    for (const r of source(c, 'source_t')) {
      const t = ts(r.values[0] as string);
      h.push(0, [...r.values, t]).watermark(0, t - 1000);
    }
    h.end();
    expect(h.rows.map((x) => `+I[${x.row[1]}]`)).toEqual(c.sinks[0]!.expected);
    expect(h.metrics.numLateRecordsDropped).toBe(1);
  });
});
