/**
 * The *batch* reference: DuckDB runs each aggregate or join query as one batch query over the same
 * bounded events (generated once per event count, loaded with the appender; times as epoch-millis
 * BIGINTs so windows are integer arithmetic aligned at epoch 0, as Flink's). Each query returns the
 * sink table's columns in order with the engine's value representation (BIGINT, VARCHAR, epoch
 * millis, Flink's truncating BIGINT AVG), so its rows can be compared with the engine's final table.
 * q9, q18 and q19 are not compared: their ROW_NUMBER orders have ties the engine breaks by arrival.
 */
import { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';
import {
  AUCTION,
  type AuctionRow,
  BID,
  type BidRow,
  PERSON,
  type PersonRow,
} from '../../src/connectors/nexmark/index.ts';
import { canonicalRow } from './checksum.ts';
import { forEachBatch } from './events.ts';

const DAY = "strftime(epoch_ms(dt), '%Y-%m-%d')";
const RANKS = (distinct: boolean): string => {
  const rank = (f: string): string =>
    [
      `count(${f})`,
      `count(${f}) FILTER (WHERE price < 10000)`,
      `count(${f}) FILTER (WHERE price >= 10000 AND price < 1000000)`,
      `count(${f}) FILTER (WHERE price >= 1000000)`,
    ].join(', ');
  return distinct ? [rank('*'), rank('DISTINCT bidder'), rank('DISTINCT auction')].join(', ') : rank('*');
};

export const DUCKDB_QUERIES: Readonly<Record<string, string>> = {
  q3: `SELECT P.name, P.city, P.state, A.id FROM auction A JOIN person P ON A.seller = P.id
       WHERE A.category = 10 AND P.state IN ('OR', 'ID', 'CA')`,
  q4: `SELECT category, CAST(sum(final) // count(final) AS BIGINT) FROM (
         SELECT max(B.price) AS final, A.category FROM auction A JOIN bid B ON A.id = B.auction
         WHERE B.dt BETWEEN A.dt AND A.expires GROUP BY A.id, A.category) GROUP BY category`,
  q5: `WITH hop AS (SELECT auction, dt - dt % 2000 - k * 2000 AS ws FROM bid, range(5) r(k)),
       counts AS (SELECT auction, ws, count(*) AS num FROM hop GROUP BY auction, ws),
       maxes AS (SELECT ws, max(num) AS maxn FROM counts GROUP BY ws)
       SELECT c.auction, c.num FROM counts c JOIN maxes m ON c.ws = m.ws AND c.num >= m.maxn`,
  q7: `WITH m AS (SELECT max(price) AS maxprice, dt - dt % 10000 + 10000 AS wend FROM bid GROUP BY wend)
       SELECT B.auction, B.bidder, B.price, B.dt, B.extra FROM bid B JOIN m ON B.price = m.maxprice
       WHERE B.dt BETWEEN m.wend - 10000 AND m.wend`,
  q8: `SELECT P.id, P.name, P.ws FROM (SELECT DISTINCT id, name, dt - dt % 10000 AS ws FROM person) P
       JOIN (SELECT DISTINCT seller, dt - dt % 10000 AS ws FROM auction) A ON P.id = A.seller AND P.ws = A.ws`,
  q11: `WITH flagged AS (SELECT bidder, dt, CASE WHEN dt - lag(dt) OVER (PARTITION BY bidder ORDER BY dt) < 10000
                                          THEN 0 ELSE 1 END AS fresh FROM bid),
        numbered AS (SELECT bidder, dt, sum(fresh) OVER (PARTITION BY bidder ORDER BY dt ROWS UNBOUNDED PRECEDING) AS s FROM flagged)
        SELECT bidder, count(*), min(dt), max(dt) + 10000 FROM numbered GROUP BY bidder, s`,
  q15: `SELECT ${DAY} AS day, ${RANKS(true)} FROM bid GROUP BY day`,
  q16: `SELECT channel, ${DAY} AS day, max(strftime(epoch_ms(dt), '%H:%M')), ${RANKS(true)} FROM bid GROUP BY channel, day`,
  q17: `SELECT auction, ${DAY} AS day, ${RANKS(false)}, min(price), max(price),
          CAST(sum(price) // count(*) AS BIGINT), CAST(sum(price) AS BIGINT) FROM bid GROUP BY auction, day`,
  q20: `SELECT B.auction, B.bidder, B.price, B.channel, B.url, B.dt, B.extra, A.itemName, A.description,
          A.initialBid, A.reserve, A.dt, A.expires, A.seller, A.category, A.extra
        FROM bid B JOIN auction A ON B.auction = A.id WHERE A.category = 10`,
};

const TABLES = `
CREATE TABLE person (id BIGINT, name VARCHAR, emailAddress VARCHAR, creditCard VARCHAR, city VARCHAR,
  state VARCHAR, dt BIGINT, extra VARCHAR);
CREATE TABLE auction (id BIGINT, itemName VARCHAR, description VARCHAR, initialBid BIGINT, reserve BIGINT,
  dt BIGINT, expires BIGINT, seller BIGINT, category BIGINT, extra VARCHAR);
CREATE TABLE bid (auction BIGINT, bidder BIGINT, price BIGINT, channel VARCHAR, url VARCHAR, dt BIGINT,
  extra VARCHAR);`;

export class DuckDbReference {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    readonly loadMs: number,
  ) {}

  /** An in-memory database holding the ddl.sql stream of `events` events. */
  static async load(events: number): Promise<DuckDbReference> {
    const start = performance.now();
    const instance = await DuckDBInstance.create(':memory:', { threads: '1' });
    const connection = await DuckDBConnection.create(instance);
    await connection.run(TABLES);
    const people = await connection.createAppender('person');
    const auctions = await connection.createAppender('auction');
    const bids = await connection.createAppender('bid');
    forEachBatch(events, (batch) => {
      for (let i = 0; i < batch.length; i++) {
        const kind = batch.kinds[i];
        if (kind === BID) {
          const b = batch.rows[i] as BidRow;
          bids.appendBigInt(b[0]);
          bids.appendBigInt(b[1]);
          bids.appendBigInt(b[2]);
          bids.appendVarchar(b[3]);
          bids.appendVarchar(b[4]);
          bids.appendBigInt(BigInt(b[5]));
          bids.appendVarchar(b[6]);
          bids.endRow();
        } else if (kind === AUCTION) {
          const a = batch.rows[i] as AuctionRow;
          auctions.appendBigInt(a[0]);
          auctions.appendVarchar(a[1]);
          auctions.appendVarchar(a[2]);
          auctions.appendBigInt(a[3]);
          auctions.appendBigInt(a[4]);
          auctions.appendBigInt(BigInt(a[5]));
          auctions.appendBigInt(BigInt(a[6]));
          auctions.appendBigInt(a[7]);
          auctions.appendBigInt(a[8]);
          auctions.appendVarchar(a[9]);
          auctions.endRow();
        } else if (kind === PERSON) {
          const p = batch.rows[i] as PersonRow;
          for (let f = 0; f < 8; f++) {
            if (f === 0) people.appendBigInt(p[0]);
            else if (f === 6) people.appendBigInt(BigInt(p[6]));
            else people.appendVarchar(p[f] as string);
          }
          people.endRow();
        }
      }
    });
    for (const a of [people, auctions, bids]) a.closeSync();
    return new DuckDbReference(instance, connection, performance.now() - start);
  }

  /** Runs a query; its rows as canonical strings with their counts, the query's wall and CPU time (all threads). */
  async run(sql: string): Promise<{ rows: Map<string, number>; wallMs: number; cpuUs: number }> {
    const start = performance.now();
    const startCpu = process.cpuUsage();
    const reader = await this.connection.runAndReadAll(sql);
    const cpu = process.cpuUsage(startCpu);
    const wallMs = performance.now() - start;
    const cpuUs = cpu.user + cpu.system;
    const rows = new Map<string, number>();
    for (const row of reader.getRows()) {
      const text = canonicalRow(row);
      rows.set(text, (rows.get(text) ?? 0) + 1);
    }
    return { rows, wallMs, cpuUs };
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
