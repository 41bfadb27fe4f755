import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/runtime/batch.ts';
import { IntervalJoinOperator } from '../../src/runtime/operators/interval-join.ts';
import { LookupJoinOperator } from '../../src/runtime/operators/lookup-join.ts';
import { TemporalJoinOperator } from '../../src/runtime/operators/temporal-join.ts';
import { WindowJoinOperator } from '../../src/runtime/operators/window-join.ts';
import { assignWindows, type WindowSpec } from '../../src/runtime/windows.ts';
import { localDateTimeString } from './helpers.ts';
import { type Case, loadCases, OperatorHarness, sortedStrings, source, ts } from './operator-harness.ts';

const SECOND = 1000;

/** Feeds two sources row by row, alternating, each row followed by its source's watermark. */
function interleave(
  h: OperatorHarness,
  left: readonly Row[],
  right: readonly Row[],
  leftWm: (r: Row) => number,
  rightWm: (r: Row) => number,
): void {
  let lw = Number.MIN_SAFE_INTEGER;
  let rw = Number.MIN_SAFE_INTEGER;
  for (let i = 0; i < Math.max(left.length, right.length); i++) {
    const l = left[i];
    if (l !== undefined) {
      h.push(0, l);
      lw = Math.max(lw, leftWm(l));
      h.watermark(0, lw);
    }
    const r = right[i];
    if (r !== undefined) {
      h.push(1, r);
      rw = Math.max(rw, rightWm(r));
      h.watermark(1, rw);
    }
  }
  h.end();
}

describe('IntervalJoinOperator against IntervalJoinTestPrograms', () => {
  const cases = loadCases('IntervalJoinTestPrograms.json');
  const run = (c: Case, joinType: 'inner' | 'left', lowerBoundMs: number, upperBoundMs: number) => {
    // orders [id, ts_str, ts], shipments [id, order_id, ts_str, ts]
    const orders = source(c, 'orders_t').map((r) => [...r.values, ts(r.values[1] as string)]);
    const ships = source(c, 'shipments_t').map((r) => [...r.values, ts(r.values[2] as string)]);
    const h = new OperatorHarness(
      new IntervalJoinOperator({
        joinType,
        leftKeyIndexes: [0],
        rightKeyIndexes: [1],
        leftArity: 3,
        rightArity: 4,
        leftTimeIndex: 2,
        rightTimeIndex: 3,
        lowerBoundMs,
        upperBoundMs,
      }),
    );
    interleave(
      h,
      orders,
      ships,
      (r) => (r[2] as number) - SECOND,
      (r) => (r[3] as number) - SECOND,
    );
    return h.rows.map((x) => `+I[${x.row[0]}, ${x.row[1]}, ${x.row[5]}]`);
  };
  for (const [id, type, lo, hi] of [
    ['INTERVAL_JOIN_EVENT_TIME', 'inner', -5 * SECOND, 5 * SECOND],
    ['INTERVAL_JOIN_NEGATIVE_INTERVAL', 'left', 10 * SECOND, 5 * SECOND],
  ] as const) {
    const c = cases.get(id);
    (c ? it : it.skip)(id, () => {
      expect(sortedStrings(run(c!, type, lo, hi))).toEqual(sortedStrings(c!.sinks[0]!.expected!));
    });
  }

  it('pads an unmatched outer row when the watermark expires it', () => {
    const h = new OperatorHarness(
      new IntervalJoinOperator({
        joinType: 'full',
        leftKeyIndexes: [0],
        rightKeyIndexes: [0],
        leftArity: 2,
        rightArity: 2,
        leftTimeIndex: 1,
        rightTimeIndex: 1,
        lowerBoundMs: -10,
        upperBoundMs: 10,
      }),
    );
    h.push(0, ['k', 100]).push(1, ['k', 105]).push(0, ['j', 100]);
    expect(h.changelog).toEqual(['+I[k, 100, k, 105]']);
    h.watermark(0, 200).watermark(1, 200);
    expect(h.changelog).toEqual(['+I[k, 100, k, 105]', '+I[j, 100, null, null]']);
    h.push(1, ['j', 300]).watermark(0, 400).watermark(1, 400);
    expect(h.changelog.at(-1)).toBe('+I[null, null, j, 300]');
  });
});

describe('WindowJoinOperator against WindowJoinTestPrograms', () => {
  const cases = loadCases('WindowJoinTestPrograms.json');
  const fmt = (v: unknown, i: number): string =>
    v === null ? 'null' : i < 2 ? localDateTimeString(v as number) : String(v);
  for (const [id, c] of cases) {
    it(id, () => {
      const joinType = /_(INNER|LEFT|RIGHT|FULL_OUTER|SEMI|ANTI)_/.exec(id)?.[1] ?? 'INNER';
      const window: WindowSpec = id.includes('HOP')
        ? { kind: 'hop', size: 10 * SECOND, slide: 5 * SECOND }
        : id.includes('CUMULATE')
          ? { kind: 'cumulate', maxSize: 10 * SECOND, step: 5 * SECOND }
          : { kind: 'tumble', size: 5 * SECOND };
      // [ts, id, num, name, rowtime, window_start, window_end] — one row per window, as the TVF emits
      const windowed = (rows: Case['sources'][number]['rows']): { row: Row; wm: number }[] =>
        rows.flatMap((r) => {
          const t = ts(r.values[0] as string);
          const out: { row: Row; wm: number }[] = [];
          assignWindows(window, t, (start, end) =>
            out.push({ row: [...r.values, t, start, end], wm: t - SECOND }),
          );
          return out;
        });
      const type = {
        INNER: 'inner',
        LEFT: 'left',
        RIGHT: 'right',
        FULL_OUTER: 'full',
        SEMI: 'semi',
        ANTI: 'anti',
      } as const;
      const h = new OperatorHarness(
        new WindowJoinOperator({
          joinType: type[joinType as keyof typeof type],
          leftKeyIndexes: [3],
          rightKeyIndexes: [3],
          leftArity: 7,
          rightArity: 7,
          leftWindowEndIndex: 6,
          rightWindowEndIndex: 6,
        }),
      );
      const left = source(c, 'source_one_t');
      const right = source(c, 'source_two_t');
      const lw = windowed(left);
      const rw = windowed(right);
      // interleave per source row (all windows of a row, then its watermark)
      const perRow = (w: { row: Row; wm: number }[]) => {
        const groups: { row: Row; wm: number }[][] = [];
        for (const x of w) {
          const last = groups.at(-1);
          if (last !== undefined && last[0]!.row[4] === x.row[4] && last[0]!.row[1] === x.row[1])
            last.push(x);
          else groups.push([x]);
        }
        return groups;
      };
      const lg = perRow(lw);
      const rg = perRow(rw);
      let lmax = Number.MIN_SAFE_INTEGER;
      let rmax = Number.MIN_SAFE_INTEGER;
      for (let i = 0; i < Math.max(lg.length, rg.length); i++) {
        for (const x of lg[i] ?? []) h.push(0, x.row);
        if (lg[i]) h.watermark(0, (lmax = Math.max(lmax, lg[i]![0]!.wm)));
        for (const x of rg[i] ?? []) h.push(1, x.row);
        if (rg[i]) h.watermark(1, (rmax = Math.max(rmax, rg[i]![0]!.wm)));
      }
      h.end();
      const out = h.rows.map(({ row }) => {
        if (joinType === 'SEMI' || joinType === 'ANTI')
          return `+I[${fmt(row[5], 0)}, ${fmt(row[6], 1)}, ${fmt(row[3], 2)}, ${row[1]}, ${row[2]}, NOT_PRESENT, 0]`;
        const l = row.slice(0, 7);
        const r = row.slice(7);
        return `+I[${fmt(l[5] ?? null, 0)}, ${fmt(l[6] ?? null, 1)}, ${fmt(l[3] ?? null, 2)}, ${fmt(l[1] ?? null, 3)}, ${fmt(l[2] ?? null, 4)}, ${fmt(r[1] ?? null, 5)}, ${fmt(r[2] ?? null, 6)}]`;
      });
      expect(sortedStrings(out)).toEqual(sortedStrings(c.sinks[0]!.expected!));
    });
  }
});

describe('TemporalJoinOperator', () => {
  const cases = loadCases('TemporalJoinTestPrograms.json');
  const c = cases.get('TEMPORAL_JOIN_TABLE_JOIN');
  (c ? it : it.skip)('TEMPORAL_JOIN_TABLE_JOIN (event time)', () => {
    // Orders [amount, currency, order_time, rowtime], RatesHistory [currency, rate, rate_time, rowtime]
    const orders = source(c!, 'Orders').map((r) => [...r.values, ts(r.values[2] as string)]);
    const rates = source(c!, 'RatesHistory').map((r) => [...r.values, ts(r.values[2] as string)]);
    const h = new OperatorHarness(
      new TemporalJoinOperator({
        kind: 'event-time',
        joinType: 'inner',
        leftKeyIndexes: [1],
        rightKeyIndexes: [0],
        leftArity: 4,
        rightArity: 4,
        leftTimeIndex: 3,
        rightTimeIndex: 3,
      }),
    );
    interleave(
      h,
      orders,
      rates,
      (r) => r[3] as number,
      (r) => r[3] as number,
    );
    const out = h.rows.map((x) => `+I[${(x.row[0] as number) * (x.row[5] as number)}]`);
    expect(sortedStrings(out)).toEqual(sortedStrings(c!.sinks[0]!.expected!));
  });

  it('left join pads probes without a valid version; a deleted version does not match', () => {
    const h = new OperatorHarness(
      new TemporalJoinOperator({
        kind: 'event-time',
        joinType: 'left',
        leftKeyIndexes: [0],
        rightKeyIndexes: [0],
        leftArity: 2,
        rightArity: 2,
        leftTimeIndex: 1,
        rightTimeIndex: 1,
      }),
    );
    h.push(1, ['k', 10]).push(1, ['k', 20], 3).push(0, ['k', 5]).push(0, ['k', 15]).push(0, ['k', 25]);
    h.watermark(0, 30).watermark(1, 30);
    expect(h.changelog).toEqual(['+I[k, 5, null, null]', '+I[k, 15, k, 10]', '+I[k, 25, null, null]']);
  });

  it('processing time joins the latest build row', () => {
    const h = new OperatorHarness(
      new TemporalJoinOperator({
        kind: 'processing-time',
        joinType: 'inner',
        leftKeyIndexes: [0],
        rightKeyIndexes: [0],
        leftArity: 1,
        rightArity: 2,
      }),
    );
    h.push(0, ['a'])
      .push(1, ['a', 1])
      .push(0, ['a'])
      .push(1, ['a', 2], 2)
      .push(0, ['a'])
      .push(1, ['a', 2], 3)
      .push(0, ['a']);
    expect(h.changelog).toEqual(['+I[a, a, 1]', '+I[a, a, 2]']);
  });
});

describe('LookupJoinOperator', () => {
  const dim = new Map<unknown, Row[]>([
    [1, [[1, 'one']]],
    [
      2,
      [
        [2, 'two'],
        [2, 'deux'],
      ],
    ],
  ]);
  it('inner and left joins with a condition', () => {
    const make = (joinType: 'inner' | 'left') =>
      new OperatorHarness(
        new LookupJoinOperator({
          joinType,
          keyIndexes: [0],
          lookup: ([k]) => dim.get(k) ?? [],
          condition: (_p, d) => d[1] !== 'deux',
          probeArity: 1,
          dimArity: 2,
        }),
      );
    const inner = make('inner').push(0, [1]).push(0, [2]).push(0, [3]).push(0, [null]);
    expect(inner.changelog).toEqual(['+I[1, 1, one]', '+I[2, 2, two]']);
    const left = make('left').push(0, [3]).push(0, [1], 3);
    expect(left.changelog).toEqual(['+I[3, null, null]', '-D[1, 1, one]']);
  });

  it('caches by key with max rows and TTL', () => {
    let calls = 0;
    const op = new LookupJoinOperator({
      joinType: 'inner',
      keyIndexes: [0],
      lookup: ([k]) => {
        calls++;
        return dim.get(k) ?? [];
      },
      probeArity: 1,
      dimArity: 2,
      cache: { maxRows: 1, ttlMs: 100 },
    });
    const h = new OperatorHarness(op);
    h.push(0, [1]).push(0, [1]);
    expect(calls).toBe(1);
    h.push(0, [2]).push(0, [1]); // 1 was evicted by 2 (max 1 key)
    expect(calls).toBe(3);
    h.now = 100; // expired
    h.push(0, [1]);
    expect(calls).toBe(4);
  });
});
