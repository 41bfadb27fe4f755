import * as fs from 'node:fs';
import * as path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  AUCTION,
  BID,
  DEFAULT_BASE_TIME,
  DEFAULT_NEXMARK_CONFIG,
  NEXMARK_TABLE_SCHEMA,
  NEXMARK_VIEWS,
  NexmarkGenerator,
  nexmarkTableRows,
  nexmarkViewRows,
  PERSON,
  parseNexmarkOptions,
} from '../../src/connectors/nexmark/index.ts';

describe('parseNexmarkOptions', () => {
  it('uses the reference defaults and a fixed base time', () => {
    const config = parseNexmarkOptions({ connector: 'nexmark' });
    expect(config).toEqual(DEFAULT_NEXMARK_CONFIG);
    expect(config.baseTime).toBe(DEFAULT_BASE_TIME);
    expect(new Date(DEFAULT_BASE_TIME).toISOString()).toBe('2015-07-15T00:00:00.000Z');
    expect([config.personProportion, config.auctionProportion, config.bidProportion]).toEqual([1, 3, 46]);
    expect([config.hotAuctionRatio, config.hotSellersRatio, config.hotBiddersRatio]).toEqual([2, 4, 4]);
  });

  it('reads the Flink connector keys and the Tributary additions', () => {
    const config = parseNexmarkOptions({
      'first-event.rate': '1000000',
      'next-event.rate': '1000000',
      'events.num': '5000',
      'max-emit-speed': 'false',
      'person.proportion': '2',
      'auction.proportion': '4',
      'bid.proportion': '44',
      'person.avg-size': '1kb',
      'auction.avg-size': '600 b',
      'bid.avg-size': '120',
      'bid.hot-ratio.auctions': '3',
      'bid.hot-ratio.bidders': '5',
      'auction.hot-ratio.sellers': '6',
      'num-active-people': '50',
      'num-in-flight-auctions': '20',
      'rate.shape': 'sine',
      'rate.period': '10 min',
      'base-time': '2020-01-01T00:00:00Z',
      'random.seed': '-12',
    });
    expect(config).toMatchObject({
      firstEventRate: 1_000_000,
      eventsNum: 5000,
      maxEmitSpeed: false,
      personProportion: 2,
      auctionProportion: 4,
      bidProportion: 44,
      avgPersonByteSize: 1024,
      avgAuctionByteSize: 600,
      avgBidByteSize: 120,
      hotAuctionRatio: 3,
      hotBiddersRatio: 5,
      hotSellersRatio: 6,
      numActivePeople: 50,
      numInFlightAuctions: 20,
      rateShape: 'SINE',
      ratePeriodSeconds: 600,
      baseTime: Date.UTC(2020, 0, 1),
      seed: -12n,
    });
    expect(parseNexmarkOptions({ 'base-time': '0' }).baseTime).toBe(0);
  });

  it('names the option and the expected value on bad input', () => {
    expect(() => parseNexmarkOptions({ 'first-event.rte': '1' })).toThrow(
      /Unsupported nexmark option 'first-event.rte'.*first-event\.rate/,
    );
    expect(() => parseNexmarkOptions({ 'first-event.rate': '0' })).toThrow(/'first-event.rate'.*between 1/);
    expect(() => parseNexmarkOptions({ 'max-emit-speed': 'yes' })).toThrow(/'true' or 'false'/);
    expect(() => parseNexmarkOptions({ 'bid.avg-size': '10 parsecs' })).toThrow(/memory size/);
    expect(() => parseNexmarkOptions({ 'random.seed': '99999999999999999999' })).toThrow(/64-bit/);
    expect(() => parseNexmarkOptions({ 'base-time': 'yesterday' })).toThrow(/ISO instant/);
    expect(() =>
      parseNexmarkOptions({ 'person.proportion': '0', 'auction.proportion': '0', 'bid.proportion': '0' }),
    ).toThrow(/at least 1/);
  });
});

describe('nexmark schema and row layouts', () => {
  const batch = new NexmarkGenerator(DEFAULT_NEXMARK_CONFIG).nextBatch(500);

  it('describes the reference table and views as plain data', () => {
    expect(NEXMARK_TABLE_SCHEMA.columns.map((c) => c.name)).toEqual([
      'event_type',
      'person',
      'auction',
      'bid',
    ]);
    expect(NEXMARK_TABLE_SCHEMA.columns[3]!.type).toBe(
      'ROW<auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, dateTime TIMESTAMP(3), extra VARCHAR>',
    );
    expect(NEXMARK_TABLE_SCHEMA.watermark.delayMillis).toBe(4000);
    expect(NEXMARK_VIEWS.bid.eventType).toBe(BID);
  });

  it('builds table rows with the absent sub-rows null, and view rows as the flat sub-rows', () => {
    const table = nexmarkTableRows(batch);
    expect(table.length).toBe(500);
    for (const row of table) {
      expect(row.length).toBe(4);
      expect(row.filter((sub) => sub === null).length).toBe(2);
      const sub = row[row[0] + 1] as unknown[];
      const fields = NEXMARK_TABLE_SCHEMA.columns[row[0] + 1]!.fields!;
      expect(sub.length).toBe(fields.length);
    }
    const bids = nexmarkViewRows(batch, BID);
    const persons = nexmarkViewRows(batch, PERSON);
    const auctions = nexmarkViewRows(batch, AUCTION);
    expect(bids.length + persons.length + auctions.length).toBe(500);
    expect(bids.every((b) => b.length === NEXMARK_VIEWS.bid.columns.length && typeof b[0] === 'bigint')).toBe(
      true,
    );
    expect(persons.every((p) => typeof p[6] === 'number' && typeof p[7] === 'string')).toBe(true);
  });
});

describe('sql-examples/nexmark', () => {
  const dir = path.join(import.meta.dirname, '../../sql-examples/nexmark');

  it('has the shared DDL and q0–q22, each opening with a comment and inserting into a blackhole table', () => {
    const ddl = fs.readFileSync(path.join(dir, 'ddl.sql'), 'utf8');
    expect(ddl).toMatch(/'connector' = 'nexmark'/);
    for (const view of ['person', 'auction', 'bid'])
      expect(ddl).toMatch(new RegExp(`CREATE VIEW ${view} AS`));
    for (let q = 0; q <= 22; q++) {
      const sql = fs.readFileSync(path.join(dir, `q${q}.sql`), 'utf8');
      expect(sql.startsWith('--'), `q${q}.sql starts with a comment`).toBe(true);
      expect(sql, `q${q}.sql`).toMatch(/'connector' = 'blackhole'/);
      expect(sql, `q${q}.sql`).toMatch(new RegExp(`INSERT INTO nexmark_q${q}\\b`));
    }
  });
});
