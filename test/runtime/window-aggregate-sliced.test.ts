/**
 * The sliced HOP window aggregate must give exactly what the per-window aggregate gives: the same
 * changelog in the same order and the same late-row count, for in-order, out-of-order and late input,
 * slide dividing the size or not, offsets, and across a snapshot and restore.
 */
import { describe, expect, it } from 'vitest';
import { bindAggregate } from '../../src/expr/aggregates/aggregate.ts';
import '../../src/expr/aggregates/index.ts';
import { T } from '../../src/expr/types.ts';
import { type AggregateCall, fromAggregateFunction } from '../../src/runtime/aggregation.ts';
import type { Operator } from '../../src/runtime/operator.ts';
import {
  WindowAggregateOperator,
  type WindowAggregateSpec,
} from '../../src/runtime/operators/window-aggregate.ts';
import { SlicedHopWindowAggregateOperator } from '../../src/runtime/operators/window-aggregate-sliced.ts';
import type { WindowSpec } from '../../src/runtime/windows.ts';
import { OperatorHarness } from './operator-harness.ts';

const call = (name: string, types: ReturnType<typeof T.bigint>[], argIndexes: number[]): AggregateCall => ({
  fn: fromAggregateFunction(bindAggregate(name, types)),
  argIndexes,
});

// rows: [key STRING, rowtime, price BIGINT, qty INT]
const CALLS: AggregateCall[] = [
  call('COUNT', [], []),
  call('SUM', [T.bigint(true)], [2]),
  call('MAX', [T.bigint(true)], [2]),
  call('MIN', [T.int(true)], [3]),
  call('AVG', [T.int(true)], [3]),
  { ...call('COUNT', [T.int(true)], [3]), filterIndex: 4 },
];

function spec(window: WindowSpec): WindowAggregateSpec {
  return { keyIndexes: [0], calls: CALLS, window, timeIndex: 1 };
}

/** A seeded stream: rows with jittered (out-of-order) times, nulls, and watermarks trailing by `delay`. */
function stream(seed: number, n: number, jitter: number, delay: number): (unknown[] | number)[] {
  let s = seed;
  const next = (m: number): number => {
    s = (s * 1103515245 + 12345) % 2147483648;
    return Math.floor(s / 65536) % m; // the low bits of this generator repeat quickly
  };
  const out: (unknown[] | number)[] = [];
  let clock = 0;
  let maxTs = Number.MIN_SAFE_INTEGER;
  for (let i = 0; i < n; i++) {
    clock += next(400);
    const ts = clock - next(jitter);
    const price = next(10) === 0 ? null : BigInt(next(1000) - 200);
    const qty = next(8) === 0 ? null : next(50);
    out.push([`k${next(7)}`, ts, price, qty, next(2) === 0]);
    if (ts > maxTs) maxTs = ts;
    if (next(3) === 0) out.push(maxTs - delay);
  }
  return out;
}

function run(op: Operator, input: readonly (unknown[] | number)[]): OperatorHarness {
  const h = new OperatorHarness(op);
  for (const e of input) {
    if (typeof e === 'number') h.watermark(0, e);
    else h.push(0, e);
  }
  return h.end();
}

const late = (op: Operator): number =>
  (op as unknown as { ctx: { metrics: { numLateRecordsDropped: number } } }).ctx.metrics
    .numLateRecordsDropped;

const WINDOWS: WindowSpec[] = [
  { kind: 'hop', size: 10_000, slide: 2_000 },
  { kind: 'hop', size: 5_000, slide: 2_000 },
  { kind: 'hop', size: 6_000, slide: 4_000, offset: 1_000 },
  { kind: 'hop', size: 3_000, slide: 3_000 },
];

describe('SlicedHopWindowAggregateOperator', () => {
  for (const window of WINDOWS) {
    const name = `size ${window.kind === 'hop' ? `${window.size} slide ${window.slide}` : ''}`;
    for (const [jitter, delay] of [
      [1, 0],
      [3_000, 1_000],
      [9_000, 500],
    ] as const) {
      it(`equals the per-window aggregate (${name}, jitter ${jitter}, watermark delay ${delay})`, () => {
        const input = stream(jitter + delay + 7, 600, jitter, delay);
        const windowed = new WindowAggregateOperator(spec(window));
        const sliced = new SlicedHopWindowAggregateOperator(spec(window));
        const expected = run(windowed, input);
        const actual = run(sliced, input);
        expect(expected.changelog.length).toBeGreaterThan(50);
        expect(actual.changelog).toEqual(expected.changelog);
        expect(late(sliced)).toBe(late(windowed));
        if (jitter >= 9_000 && window.kind === 'hop' && window.size < jitter)
          expect(late(sliced)).toBeGreaterThan(0);
      });
    }
  }

  it('drops a late row from the fired windows of its slice but counts it in the others', () => {
    const h = new OperatorHarness(new SlicedHopWindowAggregateOperator(spec(WINDOWS[0]!)));
    h.push(0, ['a', 1_000, 1n, 1, true]).watermark(0, 1_999); // fires [-8 s, 2 s)
    h.push(0, ['a', 1_500, 2n, 2, true]); // slice [0, 2 s): still in [-6 s, 4 s) ... [0, 10 s)
    h.end();
    expect(h.changelog[0]).toBe('+I[a, 1, 1, 1, 1, 1, 1, -8000, 2000, 1999]');
    expect(h.changelog.slice(1)).toEqual([
      '+I[a, 2, 3, 2, 1, 1, 2, -6000, 4000, 3999]',
      '+I[a, 2, 3, 2, 1, 1, 2, -4000, 6000, 5999]',
      '+I[a, 2, 3, 2, 1, 1, 2, -2000, 8000, 7999]',
      '+I[a, 2, 3, 2, 1, 1, 2, 0, 10000, 9999]',
    ]);
  });

  it('restores slices and the fired-window mark: a restore continues exactly, no window twice', () => {
    const window = WINDOWS[1]!;
    const input = stream(42, 400, 3_000, 1_000);
    const whole = run(new SlicedHopWindowAggregateOperator(spec(window)), input);
    const cut = 250;
    const first = new OperatorHarness(new SlicedHopWindowAggregateOperator(spec(window)));
    for (const e of input.slice(0, cut)) {
      if (typeof e === 'number') first.watermark(0, e);
      else first.push(0, e);
    }
    const snapshot = JSON.parse(
      JSON.stringify(first.operator.snapshotState(3), (_k, v) => (typeof v === 'bigint' ? `${v}n` : v)),
      (_k, v) => (typeof v === 'string' && /^-?\d+n$/.test(v) ? BigInt(v.slice(0, -1)) : v),
    );
    expect(Object.keys(snapshot.keyed.states)).toEqual(['window-slices']);
    const second = new OperatorHarness(new SlicedHopWindowAggregateOperator(spec(window)));
    second.operator.restoreState(snapshot);
    // no watermark after the restore yet: rows of windows that fired before it must stay out of them
    for (const e of input.slice(cut)) {
      if (typeof e === 'number') second.watermark(0, e);
      else second.push(0, e);
    }
    second.end();
    expect(first.changelog.length).toBeGreaterThan(0);
    // the keys of a window restored from state come in the backend's order, not their arrival order
    expect([...first.changelog, ...second.changelog].sort()).toEqual([...whole.changelog].sort());
    expect(second.changelog.length).toBeGreaterThan(0);
  });

  it('refuses a snapshot of per-window state from the unsliced operator instead of losing it', () => {
    const windowed = new OperatorHarness(new WindowAggregateOperator(spec(WINDOWS[0]!)));
    windowed.push(0, ['a', 1_000, 1n, 1, true]);
    const snapshot = windowed.operator.snapshotState(1);
    const sliced = new OperatorHarness(new SlicedHopWindowAggregateOperator(spec(WINDOWS[0]!)));
    expect(() => sliced.operator.restoreState(snapshot)).toThrow(/per-window HOP accumulators/);
  });

  it('refuses windows and calls it cannot slice', () => {
    expect(
      () =>
        new SlicedHopWindowAggregateOperator({ ...spec(WINDOWS[0]!), window: { kind: 'tumble', size: 10 } }),
    ).toThrow(/HOP/);
    // windows with gaps between them (size < slide): rows in a gap belong to no slice's window
    expect(
      () =>
        new SlicedHopWindowAggregateOperator({
          ...spec(WINDOWS[0]!),
          window: { kind: 'hop', size: 2_000, slide: 5_000 },
        }),
    ).toThrow(/at least the slide/);
    expect(
      () =>
        new SlicedHopWindowAggregateOperator({
          ...spec(WINDOWS[0]!),
          calls: [{ ...call('COUNT', [T.int(true)], [3]), distinct: true }],
        }),
    ).toThrow(/DISTINCT/);
  });
});
