/**
 * The *limit* references: each query's work done directly in TypeScript (Maps and loops, no engine)
 * over the same generated events, ending in the same checksum of the final table that the engine's
 * sink computes — so the engine/limit ratio is the engine's overhead, and equal checksums are a
 * second correctness check. Window results use event-time windows aligned at epoch 0, as Flink does.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { BID, type BidRow } from '../../src/connectors/nexmark/index.ts';
import type { MeasuredChecksum } from './checksum.ts';
import { EXAMPLES_DIR } from './engine.ts';
import { forEachBatch } from './events.ts';

type Limit = (events: number, out: MeasuredChecksum) => void;

function eachBid(events: number, f: (bid: BidRow) => void): void {
  forEachBatch(events, (batch) => {
    for (let i = 0; i < batch.length; i++) if (batch.kinds[i] === BID) f(batch.rows[i] as BidRow);
  });
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));
function day(millis: number): string {
  const d = new Date(millis);
  return `${d.getUTCFullYear()}-${pad2(d.getUTCMonth() + 1)}-${pad2(d.getUTCDate())}`;
}
function hourMinute(millis: number): string {
  const d = new Date(millis);
  return `${pad2(d.getUTCHours())}:${pad2(d.getUTCMinutes())}`;
}

/** count(*) and count(distinct) split by the three price ranks, as q15/q16/q17 compute them. */
class RankedCounts {
  readonly bids = [0n, 0n, 0n, 0n];
  readonly bidders = [new Set<bigint>(), new Set<bigint>(), new Set<bigint>(), new Set<bigint>()];
  readonly auctions = [new Set<bigint>(), new Set<bigint>(), new Set<bigint>(), new Set<bigint>()];
  add(bid: BidRow, distinct: boolean): void {
    const price = bid[2];
    const rank = price < 10_000n ? 1 : price < 1_000_000n ? 2 : 3;
    this.bids[0]!++;
    this.bids[rank]!++;
    if (!distinct) return;
    this.bidders[0]!.add(bid[1]);
    this.bidders[rank]!.add(bid[1]);
    this.auctions[0]!.add(bid[0]);
    this.auctions[rank]!.add(bid[0]);
  }
  row(): bigint[] {
    return [
      ...this.bids,
      ...this.bidders.map((s) => BigInt(s.size)),
      ...this.auctions.map((s) => BigInt(s.size)),
    ];
  }
}

const CHANNEL_IDS: Record<string, string> = { apple: '0', google: '1', facebook: '2', baidu: '3' };
const CHANNEL_ID = /(&|^)channel_id=([^&]*)/;

export const LIMITS: Readonly<Record<string, Limit>> = {
  q0: (n, out) => eachBid(n, (b) => out.addRow([b[0], b[1], b[2], b[5], b[6]], 1)),
  q1: (n, out) => eachBid(n, (b) => out.addRow([b[0], b[1], 908n * b[2], b[5], b[6]], 1)),
  q2: (n, out) =>
    eachBid(n, (b) => {
      if (b[0] % 123n === 0n) out.addRow([b[0], b[2]], 1);
    }),
  q5: (n, out) => {
    // HOP(2 s slide, 10 s size): a bid belongs to the 5 windows starting in (t - 10 s, t]
    const windows = new Map<number, Map<bigint, bigint>>();
    eachBid(n, (b) => {
      const last = b[5] - (b[5] % 2000);
      for (let start = last; start > b[5] - 10_000; start -= 2000) {
        let counts = windows.get(start);
        if (counts === undefined) windows.set(start, (counts = new Map()));
        counts.set(b[0], (counts.get(b[0]) ?? 0n) + 1n);
      }
    });
    for (const counts of windows.values()) {
      let max = 0n;
      for (const c of counts.values()) if (c > max) max = c;
      for (const [auction, c] of counts) if (c >= max) out.addRow([auction, c], 1);
    }
  },
  q7: (n, out) => {
    const bids: BidRow[] = [];
    const maxByEnd = new Map<number, bigint>();
    eachBid(n, (b) => {
      bids.push(b);
      const end = b[5] - (b[5] % 10_000) + 10_000;
      const max = maxByEnd.get(end);
      if (max === undefined || b[2] > max) maxByEnd.set(end, b[2]);
    });
    for (const b of bids) {
      // windows whose end e satisfies e - 10 s <= t <= e: its own, and the one ending at t
      const own = b[5] - (b[5] % 10_000) + 10_000;
      for (const end of b[5] % 10_000 === 0 ? [own, b[5]] : [own]) {
        if (maxByEnd.get(end) === b[2]) out.addRow([b[0], b[1], b[2], b[5], b[6]], 1);
      }
    }
  },
  q11: (n, out) => {
    const sessions = new Map<bigint, { start: number; last: number; count: bigint }>();
    const emit = (bidder: bigint, s: { start: number; last: number; count: bigint }): void =>
      out.addRow([bidder, s.count, s.start, s.last + 10_000], 1);
    eachBid(n, (b) => {
      const s = sessions.get(b[1]);
      if (s === undefined) sessions.set(b[1], { start: b[5], last: b[5], count: 1n });
      else if (b[5] >= s.last + 10_000) {
        emit(b[1], s);
        sessions.set(b[1], { start: b[5], last: b[5], count: 1n });
      } else {
        s.last = Math.max(s.last, b[5]);
        s.count++;
      }
    });
    for (const [bidder, s] of sessions) emit(bidder, s);
  },
  q15: (n, out) => {
    const byDay = new Map<string, RankedCounts>();
    eachBid(n, (b) => {
      const d = day(b[5]);
      let c = byDay.get(d);
      if (c === undefined) byDay.set(d, (c = new RankedCounts()));
      c.add(b, true);
    });
    for (const [d, c] of byDay) out.addRow([d, ...c.row()], 1);
  },
  q16: (n, out) => {
    const groups = new Map<string, { channel: string; day: string; minute: string; counts: RankedCounts }>();
    eachBid(n, (b) => {
      const d = day(b[5]);
      const key = `${b[3]}\u0000${d}`;
      let g = groups.get(key);
      if (g === undefined)
        groups.set(key, (g = { channel: b[3], day: d, minute: '', counts: new RankedCounts() }));
      const m = hourMinute(b[5]);
      if (m > g.minute) g.minute = m;
      g.counts.add(b, true);
    });
    for (const g of groups.values()) out.addRow([g.channel, g.day, g.minute, ...g.counts.row()], 1);
  },
  q17: (n, out) => {
    const groups = new Map<
      string,
      { auction: bigint; day: string; counts: RankedCounts; min: bigint; max: bigint; sum: bigint }
    >();
    eachBid(n, (b) => {
      const d = day(b[5]);
      const key = `${b[0]}|${d}`;
      let g = groups.get(key);
      if (g === undefined) {
        g = { auction: b[0], day: d, counts: new RankedCounts(), min: b[2], max: b[2], sum: 0n };
        groups.set(key, g);
      }
      g.counts.add(b, false);
      if (b[2] < g.min) g.min = b[2];
      if (b[2] > g.max) g.max = b[2];
      g.sum += b[2];
    });
    for (const g of groups.values()) {
      const [total, r1, r2, r3] = g.counts.bids as [bigint, bigint, bigint, bigint];
      out.addRow([g.auction, g.day, total, r1, r2, r3, g.min, g.max, g.sum / total, g.sum], 1);
    }
  },
  q13: (n, out) => {
    // side_input.csv rows `key,value`, loaded once into a Map as the lookup table is
    const side = new Map<bigint, string[]>();
    for (const line of readFileSync(join(EXAMPLES_DIR, 'side_input.csv'), 'utf8').split('\n')) {
      const comma = line.indexOf(',');
      if (comma < 0) continue;
      const key = BigInt(line.slice(0, comma));
      const values = side.get(key);
      if (values === undefined) side.set(key, [line.slice(comma + 1)]);
      else values.push(line.slice(comma + 1));
    }
    eachBid(n, (b) => {
      for (const value of side.get(b[0] % 10_000n) ?? []) out.addRow([b[0], b[1], b[2], b[5], value], 1);
    });
  },
  q21: (n, out) =>
    eachBid(n, (b) => {
      const lower = b[3].toLowerCase();
      const extracted = CHANNEL_ID.exec(b[4])?.[2] ?? null;
      const known = CHANNEL_IDS[lower];
      if (extracted === null && known === undefined) return;
      out.addRow([b[0], b[1], b[2], b[3], known ?? extracted], 1);
    }),
  q22: (n, out) =>
    eachBid(n, (b) => {
      const parts = b[4].split('/');
      out.addRow([b[0], b[1], b[2], b[3], parts[3] ?? null, parts[4] ?? null, parts[5] ?? null], 1);
    }),
};
