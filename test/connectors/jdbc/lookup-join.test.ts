/**
 * The jdbc connector as a lookup table, through the SQL path: results of INNER and LEFT lookup joins
 * against a real SQLite file, batching (one query per probe batch), the PARTIAL cache's hit / miss /
 * eviction counters, expiry after write and after access on a controllable clock, cache-missing-key,
 * and the materialized lookup join (TRY_RESOLVE) over an updating probe.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { registerValuesData } from '../../../src/connectors/values/values.ts';
import { bindStatement } from '../../../src/planner/index.ts';
import { explainStatement } from '../../../src/planner/physical/planner.ts';
import { parseScript } from '../../../src/sql/index.ts';
import {
  type Clock,
  lookupJoinOf,
  makeSandbox,
  type Sandbox,
  SqlSession,
  sinkRows,
  sqlite,
  sqliteExec,
  stepUntil,
} from './helpers.ts';

let box: Sandbox;
let dimDb: string;
let probeDb: string;

beforeEach(() => {
  box = makeSandbox();
  dimDb = join(box.dir, 'dim.db');
  probeDb = join(box.dir, 'probe.db');
  sqliteExec(
    dimDb,
    `CREATE TABLE customers (id INTEGER PRIMARY KEY, name TEXT, tier TEXT);
     INSERT INTO customers VALUES (1, 'alice', 'gold'), (2, 'bob', 'silver'), (3, 'carol', 'bronze');`,
  );
});
afterEach(() => box.remove());

/** A session with `customers` (jdbc, extra options) and `enriched` (values sink). */
async function session(cacheOptions: Record<string, string> = {}): Promise<SqlSession> {
  const s = new SqlSession([box.dir]);
  const extra = Object.entries(cacheOptions)
    .map(([k, v]) => `, '${k}' = '${v}'`)
    .join('');
  await s.ddl(`
    CREATE TABLE customers (id INT, name STRING, tier STRING, PRIMARY KEY (id) NOT ENFORCED)
      WITH ('connector' = 'jdbc', 'url' = 'jdbc:sqlite:${dimDb}', 'table-name' = 'customers'${extra});
    CREATE TABLE enriched (order_id INT, customer_id INT, name STRING, tier STRING)
      WITH ('connector' = 'values', 'sink-insert-only' = 'false');
  `);
  return s;
}

const ENRICH = (join: 'JOIN' | 'LEFT JOIN') =>
  `INSERT INTO enriched SELECT o.order_id, o.customer_id, c.name, c.tier FROM orders AS o ${join} customers FOR SYSTEM_TIME AS OF o.proc_time AS c ON o.customer_id = c.id`;

/** Orders as a `values` source: all rows arrive in one batch. */
async function valuesOrders(s: SqlSession, customerIds: readonly (number | null)[]): Promise<void> {
  const id = registerValuesData(customerIds.map((c, i) => [i + 1, c]));
  await s.ddl(`CREATE TABLE orders (order_id INT, customer_id INT, proc_time AS PROCTIME())
    WITH ('connector' = 'values', 'data-id' = '${id}')`);
}

/** Orders read from another SQLite file, one row per batch ('scan.fetch-size' = '1'). */
async function rowByRowOrders(s: SqlSession, customerIds: readonly number[]): Promise<void> {
  sqliteExec(probeDb, 'CREATE TABLE orders (order_id INTEGER, customer_id INTEGER)');
  customerIds.forEach((c, i) => {
    sqlite(probeDb, 'INSERT INTO orders VALUES (?, ?)', i + 1, c);
  });
  await s.ddl(`CREATE TABLE orders (order_id INT, customer_id INT, proc_time AS PROCTIME())
    WITH ('connector' = 'jdbc', 'url' = 'jdbc:sqlite:${probeDb}', 'table-name' = 'orders', 'scan.fetch-size' = '1')`);
}

describe('lookup join against a SQLite table', () => {
  it('enriches probe rows (INNER drops misses and null keys, LEFT pads them with nulls)', async () => {
    const s = await session();
    await valuesOrders(s, [2, 1, 9, null, 2]);
    await s.run(ENRICH('JOIN'));
    expect(sinkRows('enriched')).toEqual([
      '+I[1, 2, bob, silver]',
      '+I[2, 1, alice, gold]',
      '+I[5, 2, bob, silver]',
    ]);

    const left = await session();
    await valuesOrders(left, [3, 9, null]);
    await left.run(ENRICH('LEFT JOIN'));
    expect(sinkRows('enriched')).toEqual([
      '+I[1, 3, carol, bronze]',
      '+I[2, 9, null, null]',
      '+I[3, null, null, null]',
    ]);
  });

  it('applies filters on the dimension table and non-equi conditions after the lookup', async () => {
    const s = await session();
    await valuesOrders(s, [1, 2, 3]);
    await s.run(
      `INSERT INTO enriched SELECT o.order_id, o.customer_id, c.name, c.tier FROM orders AS o LEFT JOIN customers FOR SYSTEM_TIME AS OF o.proc_time AS c ON o.customer_id = c.id AND c.tier <> 'silver' AND o.order_id < 3`,
    );
    expect(sinkRows('enriched')).toEqual([
      '+I[1, 1, alice, gold]',
      '+I[2, 2, null, null]',
      '+I[3, 3, null, null]',
    ]);
  });

  it('looks up the distinct keys of a batch with one call, and a BIGINT probe key against an INT column', async () => {
    const s = await session();
    const id = registerValuesData([1n, 2n, 1n, 2n, 3n, 1n, 7n].map((c, i) => [i + 1, c]));
    await s.ddl(`CREATE TABLE orders (order_id INT, customer_id BIGINT, proc_time AS PROCTIME())
      WITH ('connector' = 'values', 'data-id' = '${id}')`);
    const job = await s.run(
      `INSERT INTO enriched SELECT o.order_id, CAST(o.customer_id AS INT), c.name, c.tier FROM orders AS o JOIN customers FOR SYSTEM_TIME AS OF o.proc_time AS c ON o.customer_id = c.id`,
    );
    expect(sinkRows('enriched')).toHaveLength(6);
    const m = lookupJoinOf(job).lookupMetrics;
    expect({ loadBatches: m.loadBatches, loads: m.loads }).toEqual({ loadBatches: 1, loads: 4 });
    // no cache configured: nothing is counted as a hit or kept
    expect({ hits: m.hits, misses: m.misses, size: m.size }).toEqual({ hits: 0, misses: 0, size: 0 });
  });

  it('fails a lookup the database keeps refusing after lookup.max-retries, counting the failure', async () => {
    const s = await session({ 'lookup.max-retries': '1' });
    await valuesOrders(s, [1]);
    const job = await s.build(ENRICH('JOIN'));
    const locker = new Database(dimDb);
    locker.exec('BEGIN EXCLUSIVE'); // readers get SQLITE_BUSY after the connector's 1 s busy timeout
    try {
      expect(() => job.runToCompletion()).toThrow(
        /^Lookup in SQLite table 'customers' failed after 2 attempts: database is locked/,
      );
    } finally {
      locker.exec('ROLLBACK');
      locker.close();
      job.close();
    }
    expect(lookupJoinOf(job).lookupMetrics.loadFailures).toBe(1);
  });

  it('rejects a lookup join without an equality on the dimension table', async () => {
    const s = await session();
    await valuesOrders(s, [1]);
    await expect(
      s.build(
        `INSERT INTO enriched SELECT o.order_id, o.customer_id, c.name, c.tier FROM orders AS o JOIN customers FOR SYSTEM_TIME AS OF o.proc_time AS c ON c.tier = 'gold'`,
      ),
    ).rejects.toThrow(
      /requires an equality condition on fields of table \[default_catalog\.default_database\.customers\]/,
    );
  });
});

describe('the lookup cache', () => {
  it('counts hits and misses: a batch loads each missing key once, later batches hit the cache', async () => {
    const s = await session({ 'lookup.cache': 'PARTIAL', 'lookup.partial-cache.max-rows': '10' });
    await rowByRowOrders(s, [1, 2, 1, 1, 3, 2]);
    const job = await s.run(ENRICH('JOIN'));
    expect(sinkRows('enriched')).toHaveLength(6);
    const m = lookupJoinOf(job).lookupMetrics;
    expect({ hits: m.hits, misses: m.misses, loads: m.loads, loadBatches: m.loadBatches }).toEqual({
      hits: 3,
      misses: 3,
      loads: 3,
      loadBatches: 3,
    });
    expect({ size: m.size, cachedRows: m.cachedRows, evictions: m.evictions }).toEqual({
      size: 3,
      cachedRows: 3,
      evictions: 0,
    });
  });

  it('evicts the least recently used key beyond max-rows', async () => {
    const s = await session({ 'lookup.cache': 'PARTIAL', 'lookup.partial-cache.max-rows': '2' });
    // 1, 2 cached; 1 hit (now most recent); 3 evicts 2; 1 hit; 2 is loaded again and evicts 3
    await rowByRowOrders(s, [1, 2, 1, 3, 1, 2]);
    const job = await s.run(ENRICH('JOIN'));
    const m = lookupJoinOf(job).lookupMetrics;
    expect({ hits: m.hits, misses: m.misses, evictions: m.evictions, size: m.size }).toEqual({
      hits: 2,
      misses: 4,
      evictions: 2,
      size: 2,
    });
  });

  it('caches missing keys unless cache-missing-key is false', async () => {
    const cached = await session({ 'lookup.cache': 'PARTIAL', 'lookup.partial-cache.max-rows': '10' });
    await rowByRowOrders(cached, [9, 9, 9]);
    const withMissing = lookupJoinOf(await cached.run(ENRICH('LEFT JOIN'))).lookupMetrics;
    expect({ hits: withMissing.hits, loads: withMissing.loads, size: withMissing.size }).toEqual({
      hits: 2,
      loads: 1,
      size: 1,
    });
    expect(sinkRows('enriched')).toEqual([
      '+I[1, 9, null, null]',
      '+I[2, 9, null, null]',
      '+I[3, 9, null, null]',
    ]);

    const uncached = await session({
      'lookup.cache': 'PARTIAL',
      'lookup.partial-cache.max-rows': '10',
      'lookup.partial-cache.cache-missing-key': 'false',
    });
    sqliteExec(probeDb, 'DROP TABLE orders');
    await rowByRowOrders(uncached, [9, 9, 9]);
    const without = lookupJoinOf(await uncached.run(ENRICH('LEFT JOIN'))).lookupMetrics;
    expect({ hits: without.hits, loads: without.loads, size: without.size }).toEqual({
      hits: 0,
      loads: 3,
      size: 0,
    });
  });

  /** Steps the job until `n` rows reached the sink. */
  const until = (job: Awaited<ReturnType<SqlSession['build']>>, n: number) =>
    stepUntil(job, () => sinkRows('enriched').length >= n);

  it('shows a changed SQLite row once expire-after-write has passed on the job clock', async () => {
    const s = await session({ 'lookup.cache': 'PARTIAL', 'lookup.partial-cache.expire-after-write': '10 s' });
    await rowByRowOrders(s, [1, 1, 1, 1]);
    const clock: Clock = { now: 1_000_000 };
    const job = await s.build(ENRICH('JOIN'), clock);
    until(job, 1);
    sqlite(dimDb, "UPDATE customers SET tier = 'platinum' WHERE id = 1");
    clock.now += 9_999; // still fresh: the cached row is used
    until(job, 2);
    clock.now += 1; // 10 s after the load
    until(job, 3);
    sqlite(dimDb, "UPDATE customers SET tier = 'diamond' WHERE id = 1");
    clock.now += 5_000; // the reload at +10 s is fresh for 10 s more
    until(job, 4);
    job.close();
    expect(sinkRows('enriched')).toEqual([
      '+I[1, 1, alice, gold]',
      '+I[2, 1, alice, gold]',
      '+I[3, 1, alice, platinum]',
      '+I[4, 1, alice, platinum]',
    ]);
    const m = lookupJoinOf(job).lookupMetrics;
    expect({ hits: m.hits, misses: m.misses, expirations: m.expirations }).toEqual({
      hits: 2,
      misses: 2,
      expirations: 1,
    });
  });

  it('expires after access only when a key was not read for the whole period', async () => {
    const s = await session({
      'lookup.cache': 'PARTIAL',
      'lookup.partial-cache.expire-after-access': '1 min',
    });
    await rowByRowOrders(s, [2, 2, 2, 2]);
    const clock: Clock = { now: 0 };
    const job = await s.build(ENRICH('JOIN'), clock);
    until(job, 1);
    sqlite(dimDb, "UPDATE customers SET name = 'robert' WHERE id = 2");
    clock.now = 50_000;
    until(job, 2); // read at 50 s: kept alive
    clock.now = 100_000;
    until(job, 3); // 50 s after the last read: still cached
    clock.now = 160_000;
    until(job, 4); // 60 s without a read: expired, reloaded
    job.close();
    expect(sinkRows('enriched').map((r) => r.split(', ')[2])).toEqual(['bob', 'bob', 'bob', 'robert']);
  });

  it('accepts the legacy lookup.cache.max-rows / lookup.cache.ttl options', async () => {
    const s = await session({ 'lookup.cache.max-rows': '1', 'lookup.cache.ttl': '1 h' });
    await rowByRowOrders(s, [1, 1, 2, 1]);
    const m = lookupJoinOf(await s.run(ENRICH('JOIN'))).lookupMetrics;
    expect({ hits: m.hits, misses: m.misses, evictions: m.evictions }).toEqual({
      hits: 1,
      misses: 3,
      evictions: 2,
    });
  });
});

describe('materialized lookup join (NDU strategy TRY_RESOLVE)', () => {
  const updatingOrders = async (s: SqlSession, rows: unknown[][], kinds: number[]) => {
    const id = registerValuesData(rows, kinds);
    await s.ddl(`CREATE TABLE orders (order_id INT, customer_id INT, proc_time AS PROCTIME(),
        PRIMARY KEY (order_id) NOT ENFORCED)
      WITH ('connector' = 'values', 'data-id' = '${id}', 'changelog-mode' = 'I,UB,UA,D')`);
  };

  it('is planned only for an updating probe under TRY_RESOLVE, as EXPLAIN shows', async () => {
    const s = await session();
    await updatingOrders(s, [], []);
    const explain = (): string => {
      const { statements } = parseScript(`EXPLAIN ${ENRICH('JOIN')}`);
      const bound = bindStatement(statements[0]!, { catalogs: s.catalogs, config: s.config });
      if (bound.kind !== 'Explain') throw new Error(`EXPLAIN expected, got ${bound.kind}`);
      return explainStatement(bound, { connectors: s.connectors, config: s.config });
    };
    expect(explain()).not.toContain('upsertMaterialize');
    await s.ddl(`SET 'table.optimizer.non-deterministic-update.strategy' = 'TRY_RESOLVE'`);
    expect(explain()).toMatch(
      /LookupJoin\(table=\[.*customers\], .*upsertMaterialize=\[true\], changelogMode=\[I,UB,UA,D\]\)/,
    );
  });

  it('retracts the rows it emitted even after the dimension row changed', async () => {
    const s = await session();
    await s.ddl(`SET 'table.optimizer.non-deterministic-update.strategy' = 'TRY_RESOLVE'`);
    await updatingOrders(
      s,
      [
        [1, 1],
        [1, 1],
      ],
      [0, 3],
    );
    // the +I and the -D must see different dimension rows: SQLite changes between the two
    const job = await s.build(ENRICH('JOIN'));
    const op = lookupJoinOf(job);
    const original = op.processBatch.bind(op);
    let batches = 0;
    op.processBatch = (input, batch) => {
      if (batches++ === 0 && batch.length > 1) {
        // one batch holding both rows: split it so the update lands in between
        original(input, { rows: [batch.rows[0]!], kinds: batch.kinds.slice(0, 1), length: 1 });
        sqlite(dimDb, "UPDATE customers SET tier = 'platinum' WHERE id = 1");
        original(input, { rows: [batch.rows[1]!], kinds: batch.kinds.slice(1, 2), length: 1 });
        return;
      }
      original(input, batch);
    };
    job.runToCompletion();
    job.close();
    expect(sinkRows('enriched')).toEqual(['+I[1, 1, alice, gold]', '-D[1, 1, alice, gold]']);
  });
});
