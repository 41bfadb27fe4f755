import { describe, expect, it } from 'vitest';
import {
  AUCTION,
  type AuctionRow,
  BID,
  type BidRow,
  createNexmarkBatch,
  DEFAULT_BASE_TIME,
  DEFAULT_NEXMARK_CONFIG,
  type NexmarkConfig,
  type NexmarkEventRow,
  NexmarkGenerator,
  PERSON,
  type PersonRow,
} from '../../src/connectors/nexmark/index.ts';

interface Collected {
  kinds: number[];
  timestamps: number[];
  rows: NexmarkEventRow[];
}

function collect(
  generator: NexmarkGenerator,
  count: number,
  batchSizes: readonly number[] = [1024],
): Collected {
  const out: Collected = { kinds: [], timestamps: [], rows: [] };
  const batch = createNexmarkBatch(4096);
  let step = 0;
  while (out.kinds.length < count && generator.hasNext()) {
    const size = Math.min(batchSizes[step++ % batchSizes.length]!, count - out.kinds.length);
    generator.nextBatch(size, batch);
    for (let i = 0; i < batch.length; i++) {
      out.kinds.push(batch.kinds[i]!);
      out.timestamps.push(batch.timestamps[i]!);
      out.rows.push(batch.rows[i]!);
    }
  }
  return out;
}

/** FNV-1a over every field of every event. */
function checksum(events: Collected): number {
  let hash = 0x811c9dc5;
  const mix = (text: string): void => {
    for (let i = 0; i < text.length; i++) hash = Math.imul(hash ^ text.charCodeAt(i), 0x01000193);
    hash = Math.imul(hash ^ 0x1f, 0x01000193);
  };
  for (let i = 0; i < events.kinds.length; i++) {
    mix(String(events.kinds[i]));
    mix(String(events.timestamps[i]));
    for (const value of events.rows[i]!) mix(String(value));
  }
  return hash >>> 0;
}

const config = (overrides: Partial<NexmarkConfig> = {}): NexmarkConfig => ({
  ...DEFAULT_NEXMARK_CONFIG,
  ...overrides,
});

// One shared run of the default configuration, read by the statistical tests below.
const defaultRun = collect(new NexmarkGenerator(config()), 100_000);
const persons = defaultRun.rows.filter((_, i) => defaultRun.kinds[i] === PERSON) as PersonRow[];
const auctions = defaultRun.rows.filter((_, i) => defaultRun.kinds[i] === AUCTION) as AuctionRow[];
const bids = defaultRun.rows.filter((_, i) => defaultRun.kinds[i] === BID) as BidRow[];

describe('NexmarkGenerator determinism', () => {
  it('gives the same first 100,000 events for the same seed, and different ones for another seed', () => {
    const again = collect(new NexmarkGenerator(config()), 100_000);
    expect(checksum(again)).toBe(checksum(defaultRun));
    const otherSeed = collect(new NexmarkGenerator(config({ seed: 7n })), 100_000);
    expect(checksum(otherSeed)).not.toBe(checksum(defaultRun));
  });

  it('does not depend on batch boundaries', () => {
    const ragged = collect(new NexmarkGenerator(config()), 100_000, [1, 7, 333, 4096, 2, 1000]);
    expect(checksum(ragged)).toBe(checksum(defaultRun));
  });

  it('resumes exactly from a snapshot', () => {
    const original = new NexmarkGenerator(config({ seed: 3n }));
    collect(original, 5000);
    const state = original.snapshot();
    const tail = collect(original, 5000);
    const resumed = new NexmarkGenerator(config({ seed: 3n }));
    resumed.restore(state);
    expect(checksum(collect(resumed, 5000))).toBe(checksum(tail));
  });
});

describe('NexmarkGenerator event mix and ids', () => {
  it('follows the 1:3:46 proportions by event id (id = 2 + k)', () => {
    for (let k = 0; k < 1000; k++) {
      const rem = (k + 2) % 50;
      const expected = rem < 1 ? PERSON : rem < 4 ? AUCTION : BID;
      expect(defaultRun.kinds[k]).toBe(expected);
    }
    expect(persons.length).toBe(2000);
    expect(auctions.length).toBe(6000);
    expect(bids.length / defaultRun.kinds.length).toBeCloseTo(0.92, 3);
  });

  it('numbers people and auctions consecutively from just above 1000', () => {
    expect(persons[0]![0]).toBe(1001n);
    expect(auctions[0]![0]).toBe(1001n);
    expect(persons.findIndex((p, i) => p[0] !== BigInt(1001 + i))).toBe(-1);
    expect(auctions.findIndex((a, i) => a[0] !== BigInt(1001 + i))).toBe(-1);
  });

  it('refers only to people and auctions that exist or are at most a few ids ahead', () => {
    let lastPerson = 1000;
    let lastAuction = 1000;
    const outOfRange: string[] = [];
    const check = (what: string, value: number, min: number, max: number): void => {
      if (value < min || value > max) outOfRange.push(`${what} ${value} not in [${min}, ${max}]`);
    };
    for (let i = 0; i < defaultRun.rows.length; i++) {
      const row = defaultRun.rows[i]!;
      if (defaultRun.kinds[i] === PERSON) lastPerson = Number(row[0]);
      else if (defaultRun.kinds[i] === AUCTION) {
        lastAuction = Number(row[0]);
        check('seller', Number((row as AuctionRow)[7]), 1000, lastPerson + 10);
      } else {
        const bid = row as BidRow;
        check('auction', Number(bid[0]), Math.max(1000, lastAuction - 100), lastAuction + 10);
        check('bidder', Number(bid[1]), Math.max(1000, lastPerson - 1000), lastPerson + 11);
      }
    }
    expect(outOfRange.slice(0, 5)).toEqual([]);
  });

  it('sends hot auctions, bidders and sellers their configured shares', () => {
    let lastPersonBase0 = 0;
    let lastAuctionBase0 = 0;
    let hotAuctionBids = 0;
    let hotBidderBids = 0;
    let hotSellerAuctions = 0;
    for (let i = 0; i < defaultRun.rows.length; i++) {
      const row = defaultRun.rows[i]!;
      if (defaultRun.kinds[i] === PERSON) lastPersonBase0 = Number(row[0]) - 1000;
      else if (defaultRun.kinds[i] === AUCTION) {
        lastAuctionBase0 = Number(row[0]) - 1000;
        if (Number((row as AuctionRow)[7]) === Math.trunc(lastPersonBase0 / 100) * 100 + 1000)
          hotSellerAuctions++;
      } else {
        const bid = row as BidRow;
        if (Number(bid[0]) === Math.trunc(lastAuctionBase0 / 100) * 100 + 1000) hotAuctionBids++;
        if (Number(bid[1]) === Math.trunc(lastPersonBase0 / 100) * 100 + 1001) hotBidderBids++;
      }
    }
    // 1 - 1/ratio of the choices are hot; random choices land on the hot id only occasionally.
    expect(hotAuctionBids / bids.length).toBeGreaterThan(0.49);
    expect(hotAuctionBids / bids.length).toBeLessThan(0.53);
    expect(hotBidderBids / bids.length).toBeGreaterThan(0.74);
    expect(hotBidderBids / bids.length).toBeLessThan(0.77);
    expect(hotSellerAuctions / auctions.length).toBeGreaterThan(0.73);
    expect(hotSellerAuctions / auctions.length).toBeLessThan(0.78);
    const hotOnly = collect(new NexmarkGenerator(config({ hotAuctionRatio: 1, hotBiddersRatio: 1 })), 5000);
    const hotOnlyBids = hotOnly.rows.filter((_, i) => hotOnly.kinds[i] === BID) as BidRow[];
    expect(new Set(hotOnlyBids.map((b) => b[0])).size).toBeGreaterThan(20);
  });
});

describe('NexmarkGenerator field values', () => {
  const mean = (xs: number[]): number => xs.reduce((a, b) => a + b, 0) / xs.length;

  it('pads events to the configured average sizes', () => {
    const personSizes = persons.map(
      (p) => 8 + p[1].length + p[2].length + p[3].length + p[4].length + p[5].length + p[7].length,
    );
    const auctionSizes = auctions.map((a) => 8 + a[1].length + a[2].length + 40 + a[9].length);
    const bidSizes = bids.map((b) => 32 + b[6].length);
    expect(Math.abs(mean(personSizes) - 200)).toBeLessThan(3);
    expect(Math.abs(mean(auctionSizes) - 500)).toBeLessThan(5);
    expect(Math.abs(mean(bidSizes) - 100)).toBeLessThan(1);
    const larger = collect(new NexmarkGenerator(config({ avgBidByteSize: 1000 })), 5000);
    const largerBids = larger.rows.filter((_, i) => larger.kinds[i] === BID) as BidRow[];
    expect(Math.abs(mean(largerBids.map((b) => 32 + b[6].length)) - 1000)).toBeLessThan(10);
  });

  it('draws log-uniform prices between 1 and 10^6 dollars, in cents', () => {
    const prices = bids.map((b) => Number(b[2]));
    expect(Math.min(...prices)).toBeGreaterThanOrEqual(100);
    expect(Math.max(...prices)).toBeLessThanOrEqual(100_000_000);
    const decades = [0, 0, 0, 0, 0, 0];
    for (const p of prices) decades[Math.min(5, Math.floor(Math.log10(p / 100)))]!++;
    for (const d of decades) expect(d / prices.length).toBeCloseTo(1 / 6, 1);
    for (const a of auctions) expect(a[4] > a[3]).toBe(true);
  });

  it('fills people, auctions and bids with the reference vocabularies', () => {
    for (const p of persons.slice(0, 200)) {
      expect(p[1]).toMatch(/^[A-Z][a-z]+ [A-Z][a-z]+$/);
      expect(p[2]).toMatch(/^[a-z ]*@[a-z ]*\.com$/);
      expect(p[3]).toMatch(/^\d{4} \d{4} \d{4} \d{4}$/);
      expect(['AZ', 'CA', 'ID', 'OR', 'WA', 'WY']).toContain(p[5]);
    }
    for (const a of auctions.slice(0, 200)) {
      expect(Number(a[8])).toBeGreaterThanOrEqual(10);
      expect(Number(a[8])).toBeLessThanOrEqual(14);
      expect(a[6]).toBeGreaterThan(a[5]);
    }
    const hotChannels = bids.filter((b) => ['Google', 'Facebook', 'Baidu', 'Apple'].includes(b[3]));
    expect(hotChannels.length / bids.length).toBeCloseTo(0.5, 1);
    const urlOf = new Map<string, string>();
    const badUrls: string[] = [];
    for (const b of bids) {
      if (!/^https:\/\/www\.nexmark\.com\/[a-z_]+\/[a-z_]+\/[a-z_]+\/item\.htm\?query=1/.test(b[4]))
        badUrls.push(b[4]);
      if (!/^(Google|Facebook|Baidu|Apple|channel-\d{1,4})$/.test(b[3])) badUrls.push(b[3]);
      // The same channel always has the same URL.
      if ((urlOf.get(b[3]) ?? b[4]) !== b[4]) badUrls.push(`${b[3]}: ${b[4]}`);
      urlOf.set(b[3], b[4]);
    }
    expect(badUrls.slice(0, 5)).toEqual([]);
    const withChannelId = bids.filter((b) => b[3].startsWith('channel-') && b[4].includes('&channel_id='));
    const channelBids = bids.filter((b) => b[3].startsWith('channel-'));
    expect(withChannelId.length / channelBids.length).toBeGreaterThan(0.85);
  });
});

describe('NexmarkGenerator event time', () => {
  it('advances by 1/rate per event from the fixed base time', () => {
    expect(defaultRun.timestamps[0]).toBe(DEFAULT_BASE_TIME);
    const wrong: number[] = [];
    for (let k = 0; k < defaultRun.kinds.length; k++) {
      const rowTime = defaultRun.rows[k]![defaultRun.kinds[k] === PERSON ? 6 : 5];
      const expected = DEFAULT_BASE_TIME + Math.floor(((k + 1) * 100) / 1000);
      if (defaultRun.timestamps[k] !== expected || rowTime !== expected) wrong.push(k);
    }
    expect(wrong.slice(0, 5)).toEqual([]);
    const slow = collect(new NexmarkGenerator(config({ firstEventRate: 2, baseTime: 0 })), 10);
    expect(slow.timestamps).toEqual([500, 1000, 1500, 2000, 2500, 3000, 3500, 4000, 4500, 5000]);
    const fast = collect(new NexmarkGenerator(config({ firstEventRate: 10_000_000 })), 100_000);
    expect(fast.timestamps.at(-1)! - fast.timestamps[0]!).toBe(10);
  });

  it('stops after events.num events and splits them across parallel generators', () => {
    const bounded = new NexmarkGenerator(config({ eventsNum: 1234 }));
    expect(collect(bounded, 10_000).kinds.length).toBe(1234);
    expect(bounded.hasNext()).toBe(false);
    expect(bounded.nextBatch(10).length).toBe(0);
    const splits = [0, 1, 2].map(
      (subtask) => new NexmarkGenerator(config({ eventsNum: 1000 }), { subtask, parallelism: 3 }),
    );
    expect(splits.map((s) => s.maxEvents)).toEqual([333, 333, 334]);
    expect(splits.map((s) => s.firstEventId)).toEqual([1, 334, 667]);
    const second = collect(splits[1]!, 1000);
    // Each split runs its own timeline at rate / parallelism.
    expect(second.timestamps[9]).toBe(DEFAULT_BASE_TIME + 3);
    expect(checksum(second)).not.toBe(checksum(collect(splits[0]!, 1000)));
  });

  it('paces emission to event time against the clock when max-emit-speed is false', () => {
    let now = 1_000_000;
    const paced = new NexmarkGenerator(config({ maxEmitSpeed: false, firstEventRate: 1000 }), {
      clock: () => now,
    });
    const batch = createNexmarkBatch(1000);
    expect(paced.nextBatch(1000, batch).length).toBe(0);
    expect(paced.nextEventDueAt()).toBe(now + 1);
    now += 10;
    expect(paced.nextBatch(1000, batch).length).toBe(10);
    now += 1000;
    expect(paced.nextBatch(1000, batch).length).toBe(1000);
  });
});
