import { describe, expect, it } from 'vitest';
import { type AccumulatorRow, type AggregateCall, AggregateHandle } from '../../src/runtime/aggregation.ts';
import { serializeKey } from '../../src/state/keys.ts';
import { count, sum } from './helpers.ts';

// rows: [bidder, auction, price, cheap?, dear?] — q16's shape: DISTINCT calls over two columns, with filters
const CALLS: AggregateCall[] = [
  { fn: count, argIndexes: [0], distinct: true },
  { fn: count, argIndexes: [0], distinct: true, filterIndex: 3 },
  { fn: sum, argIndexes: [2] },
  { fn: count, argIndexes: [1], distinct: true, filterIndex: 4 },
  { fn: count, argIndexes: [0], distinct: true, filterIndex: 4 },
  { fn: sum, argIndexes: [1], distinct: true },
];

function randomRows(seed: number, n: number): unknown[][] {
  let s = seed;
  const random = (k: number): number => {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    return (s >>> 8) % k;
  };
  return Array.from({ length: n }, () => {
    const price = random(100);
    return [BigInt(random(7)), BigInt(random(5)), BigInt(price), price < 30, price >= 60];
  });
}

/** The aggregates computed directly: per call, the distinct (or all) values of the live rows it sees. */
function expected(live: readonly unknown[][]): unknown[] {
  return CALLS.map((call) => {
    const seen = new Map<string, bigint>();
    let total = 0n;
    for (const row of live) {
      if (call.filterIndex !== undefined && row[call.filterIndex] !== true) continue;
      const v = row[call.argIndexes[0]!] as bigint;
      if (call.distinct) seen.set(serializeKey([v], [0]), v);
      else total += v;
    }
    if (!call.distinct) return live.length === 0 ? null : total;
    if (call.fn === count) return BigInt(seen.size);
    return seen.size === 0 ? null : [...seen.values()].reduce((a, b) => a + b, 0n);
  });
}

const values = (handle: AggregateHandle, acc: AccumulatorRow): unknown[] => {
  const out: unknown[] = [];
  handle.writeValues(acc, out, 0);
  return out;
};

describe('DISTINCT calls sharing an argument list', () => {
  it('count each filter apart through accumulates and retractions, as computed directly', () => {
    const handle = new AggregateHandle(CALLS);
    const acc = handle.create();
    const live: unknown[][] = [];
    const rows = randomRows(3, 3000);
    rows.forEach((row, i) => {
      // retract an earlier live row now and then
      if (i % 3 === 2 && live.length > 0) {
        const [gone] = live.splice(i % live.length, 1);
        handle.retract(acc, gone!);
      } else {
        handle.accumulate(acc, row);
        live.push(row);
      }
      if (i % 97 === 0) expect(values(handle, acc)).toEqual(expected(live));
    });
    expect(values(handle, acc)).toEqual(expected(live));
    // one map per argument list: bidder's three calls share one, auction's two another
    expect(acc.distinct.filter((m) => m !== null)).toHaveLength(2);
  });

  it('merges accumulators (session windows)', () => {
    const handle = new AggregateHandle(CALLS);
    const rows = randomRows(5, 400);
    const a = handle.create();
    const b = handle.create();
    rows.forEach((row, i) => {
      handle.accumulate(i % 2 === 0 ? a : b, row);
    });
    handle.merge(a, b);
    expect(values(handle, a)).toEqual(expected(rows));
  });

  it('reads state of the older layout (a map per DISTINCT call) and goes on from it', () => {
    const rows = randomRows(9, 600);
    const head = rows.slice(0, 300);
    // the older layout, as its code wrote it: per DISTINCT call, value → [occurrences, [value]]
    const old: AccumulatorRow = {
      accs: [],
      count: head.length,
      distinct: CALLS.map((call) => {
        if (call.distinct !== true) return null;
        const m = new Map<string, [number, unknown[]]>();
        for (const row of head) {
          if (call.filterIndex !== undefined && row[call.filterIndex] !== true) continue;
          const v = row[call.argIndexes[0]!];
          const key = serializeKey([v], [0]);
          const e = m.get(key);
          if (e) e[0]++;
          else m.set(key, [1, [v]]);
        }
        return m;
      }) as unknown as AccumulatorRow['distinct'],
    };
    // its aggregate values are what a fresh handle computes over the same rows
    const reference = new AggregateHandle(CALLS);
    const fresh = reference.create();
    for (const row of head) reference.accumulate(fresh, row);
    old.accs = [...fresh.accs];
    const handle = new AggregateHandle(CALLS);
    const live = [...head];
    for (const row of rows.slice(300)) {
      handle.accumulate(old, row);
      live.push(row);
    }
    for (const row of live.splice(0, 150)) handle.retract(old, row);
    expect(values(handle, old)).toEqual(expected(live));
    expect(old.distinctLayout).toBe(2);
  });
});
