/**
 * The jdbc connector as a scan source and as a sink, through the SQL path, plus its options: the
 * upsert sink (insert, update by key, delete by key) creating its table, append without a key,
 * bounded scans in fetch-size batches, the sandbox refusing a database outside it, and option errors.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runScript } from '../../../src/cli/commands/run.ts';
import { PathNotAllowedError } from '../../../src/connectors/filesystem/sandbox.ts';
import { JdbcLookup } from '../../../src/connectors/jdbc/lookup.ts';
import {
  JdbcPathNotAllowedError,
  parseJdbcOptions,
  sqlitePathOf,
} from '../../../src/connectors/jdbc/options.ts';
import { registerValuesData } from '../../../src/connectors/values/values.ts';
import { T } from '../../../src/expr/types.ts';
import { tableOf } from '../helpers.ts';
import { makeSandbox, type Sandbox, SqlSession, sinkRows, sqlite, sqliteExec } from './helpers.ts';

let box: Sandbox;
let db: string;

beforeEach(() => {
  box = makeSandbox();
  db = join(box.dir, 'shop.db');
});
afterEach(() => box.remove());

async function run(script: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runScript(script, {
    allowedPaths: [box.dir],
    catalogsDir: null,
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
  });
  return { code, out, err };
}

const products = (extra = '') => `CREATE TABLE products (id INT, name STRING, price DECIMAL(8, 2),
    PRIMARY KEY (id) NOT ENFORCED)
  WITH ('connector' = 'jdbc', 'url' = 'jdbc:sqlite:${db}', 'table-name' = 'products'${extra});`;

describe('jdbc sink', () => {
  it('creates the table and upserts by primary key: +I/+U insert or update, -D deletes', async () => {
    const s = new SqlSession([box.dir]);
    const id = registerValuesData(
      [
        [1, 'pen', 150n],
        [2, 'ink', 999n],
        [1, 'pen', 150n],
        [1, 'fountain pen', 4250n],
        [3, 'pad', 300n],
        [2, 'ink', 999n],
      ],
      [0, 0, 1, 2, 0, 3],
    );
    await s.ddl(`${products()}
      CREATE TABLE changes (id INT, name STRING, price DECIMAL(8, 2), PRIMARY KEY (id) NOT ENFORCED)
        WITH ('connector' = 'values', 'data-id' = '${id}', 'changelog-mode' = 'I,UB,UA,D');`);
    expect(existsSync(db)).toBe(false);
    await s.run('INSERT INTO products SELECT * FROM changes');
    expect(sqlite(db, 'SELECT id, name, price FROM products ORDER BY id')).toEqual([
      { id: 1, name: 'fountain pen', price: '42.50' },
      { id: 3, name: 'pad', price: '3.00' },
    ]);
    const schema = sqlite(db, "SELECT sql FROM sqlite_master WHERE name = 'products'") as { sql: string }[];
    expect(schema[0]!.sql).toBe(
      'CREATE TABLE "products" ("id" INTEGER NOT NULL, "name" TEXT, "price" TEXT, PRIMARY KEY ("id"))',
    );
  });

  it('appends to a table without a primary key, and refuses an upsert into one without a unique key', async () => {
    sqliteExec(db, 'CREATE TABLE log (msg TEXT, n INTEGER); CREATE TABLE keyless (id INTEGER, name TEXT);');
    const first = await run(`
      CREATE TABLE log (msg STRING, n BIGINT) WITH ('connector' = 'jdbc', 'url' = 'jdbc:sqlite:${db}', 'table-name' = 'log');
      INSERT INTO log VALUES ('a', 1), ('b', 2);
      INSERT INTO log VALUES ('a', 1);`);
    expect(first.err).toBe('');
    expect(sqlite(db, 'SELECT msg, n FROM log')).toEqual([
      { msg: 'a', n: 1 },
      { msg: 'b', n: 2 },
      { msg: 'a', n: 1 },
    ]);
    const upsert = await run(`
      CREATE TABLE keyless (id INT, name STRING, PRIMARY KEY (id) NOT ENFORCED)
        WITH ('connector' = 'jdbc', 'url' = 'jdbc:sqlite:${db}', 'table-name' = 'keyless');
      INSERT INTO keyless VALUES (1, 'x');`);
    expect(upsert.code).toBe(1);
    expect(upsert.err).toContain(
      "SQLite table 'keyless' has no PRIMARY KEY or UNIQUE constraint on (id), which the upsert sink needs",
    );
  });
});

describe('jdbc scan source', () => {
  it('reads a table written by the sink (SELECT *), in fetch-size batches', async () => {
    const { code, out, err } = await run(`${products(", 'scan.fetch-size' = '2'")}
      INSERT INTO products VALUES (1, 'pen', 1.5), (2, 'ink', 9.99), (3, 'pad', 3);
      SELECT * FROM products;
      SELECT name FROM products WHERE price > 2;`);
    expect(err).toBe('');
    expect(code).toBe(0);
    expect(out).toContain('| +I |  1 |  pen |  1.50 |');
    expect(out).toContain('| +I |  3 |  pad |  3.00 |');
    expect(out).toContain('Received a total of 3 rows');
    expect(out).toContain('Received a total of 2 rows');
  });

  it('maps SQLite values to the declared types', async () => {
    sqliteExec(
      db,
      `CREATE TABLE typed (b INTEGER, t INTEGER, i INTEGER, l INTEGER, f REAL, d REAL, amount NUMERIC, amount_text TEXT,
         s TEXT, bin BLOB, dt TEXT, tod TEXT, ts TEXT, ts6 TEXT, ltz INTEGER);
       INSERT INTO typed VALUES (1, -128, 2147483647, 9007199254740993, 0.1, 2.5, 12.345, '98765432109876.54321',
         'héllo', x'00ff10', '2024-02-29', '23:59:58.123', '2024-01-02 03:04:05.678', '2024-01-02 03:04:05.123456', 86400000);
       INSERT INTO typed VALUES (NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL);`,
    );
    const s = new SqlSession([box.dir]);
    await s.ddl(`
      CREATE TABLE typed (b BOOLEAN, t TINYINT, i INT, l BIGINT, f FLOAT, d DOUBLE, amount DECIMAL(6, 2),
          amount_text DECIMAL(30, 5), s STRING, bin BYTES, dt DATE, tod TIME(3), ts TIMESTAMP(3), ts6 TIMESTAMP(6),
          ltz TIMESTAMP_LTZ(3))
        WITH ('connector' = 'jdbc', 'url' = 'jdbc:sqlite:${db}', 'table-name' = 'typed');
      CREATE TABLE seen (b BOOLEAN, t TINYINT, i INT, l BIGINT, f FLOAT, d DOUBLE, amount DECIMAL(6, 2),
          amount_text DECIMAL(30, 5), s STRING, bin BYTES, dt DATE, tod TIME(3), ts TIMESTAMP(3), ts6 TIMESTAMP(6),
          ltz TIMESTAMP_LTZ(3))
        WITH ('connector' = 'values', 'sink-insert-only' = 'false');`);
    await s.run('INSERT INTO seen SELECT * FROM typed');
    expect(sinkRows('seen')).toEqual([
      '+I[true, -128, 2147483647, 9007199254740993, 0.1, 2.5, 12.35, 98765432109876.54321, héllo, [0, -1, 16], 2024-02-29, 23:59:58.123, 2024-01-02T03:04:05.678, 2024-01-02T03:04:05.123456, 1970-01-02T00:00:00Z]',
      '+I[null, null, null, null, null, null, null, null, null, null, null, null, null, null, null]',
    ]);
  });

  it('reads back what the sink wrote, for every mapped type', async () => {
    const columns = `k INT, b BOOLEAN, l BIGINT, f FLOAT, amount DECIMAL(20, 4), s STRING, bin BYTES, dt DATE,
      tod TIME(3), ts TIMESTAMP(3), ts9 TIMESTAMP(9), ltz TIMESTAMP_LTZ(3), PRIMARY KEY (k) NOT ENFORCED`;
    const { code, out, err } = await run(`
      CREATE TABLE everything (${columns})
        WITH ('connector' = 'jdbc', 'url' = 'jdbc:sqlite:${db}', 'table-name' = 'everything');
      INSERT INTO everything VALUES (1, TRUE, -9223372036854775808, CAST(1.25 AS FLOAT),
        CAST('-1234567890123456.0001' AS DECIMAL(20, 4)), 'naïve', X'CAFE', DATE '1969-12-31',
        TIME '12:34:56.789', TIMESTAMP '2000-02-29 23:59:59.999', TIMESTAMP '2024-05-06 07:08:09.123456789',
        TO_TIMESTAMP_LTZ(1700000000123, 3));
      SELECT * FROM everything;`);
    expect(err).toBe('');
    expect(code).toBe(0);
    for (const cell of [
      'TRUE',
      '-9223372036854775808',
      '1.25',
      '-1234567890123456.0001',
      'naïve',
      '1969-12-31',
      '12:34:56.789',
      '2000-02-29 23:59:59.999',
      '2024-05-06 07:08:09.123456789',
      '2023-11-14 22:13:20.123',
    ]) {
      expect(out).toContain(` ${cell} |`);
    }
    expect(sqlite(db, 'SELECT typeof(bin) AS t, hex(bin) AS h FROM everything')).toEqual([
      { t: 'blob', h: 'CAFE' },
    ]);
  });

  it('fails with the column, the value and the fix when a value does not fit its type', async () => {
    sqliteExec(db, "CREATE TABLE bad (id INTEGER, n TEXT); INSERT INTO bad VALUES (1, 'twelve');");
    const text = await run(`
      CREATE TABLE bad (id INT, n INT) WITH ('connector' = 'jdbc', 'url' = 'jdbc:sqlite:${db}', 'table-name' = 'bad');
      SELECT * FROM bad;`);
    expect(text.code).toBe(1);
    expect(text.err).toContain(
      `Cannot read TEXT "twelve" of column 'n' of SQLite table 'bad' as INT; store INTEGER values within the range in that column`,
    );
    sqliteExec(db, 'CREATE TABLE big (n INTEGER); INSERT INTO big VALUES (3000000000);');
    const range = await run(`
      CREATE TABLE big (n INT) WITH ('connector' = 'jdbc', 'url' = 'jdbc:sqlite:${db}', 'table-name' = 'big');
      SELECT * FROM big;`);
    expect(range.err).toContain(
      `Cannot read INTEGER "3000000000" of column 'n' of SQLite table 'big' as INT (out of range)`,
    );
    const unmappable = await run(`
      CREATE TABLE arr (a ARRAY<INT>) WITH ('connector' = 'jdbc', 'url' = 'jdbc:sqlite:${db}', 'table-name' = 'arr');
      SELECT * FROM arr;`);
    expect(unmappable.err).toContain(
      "Column 'a' has type ARRAY<INT>, which the jdbc connector cannot map to SQLite",
    );
  });

  it('names the missing table or column', async () => {
    sqliteExec(db, 'CREATE TABLE items (id INTEGER, label TEXT);');
    const noTable = await run(`
      CREATE TABLE t (id INT) WITH ('connector' = 'jdbc', 'url' = 'jdbc:sqlite:${db}', 'table-name' = 'nope');
      SELECT * FROM t;`);
    expect(noTable.err).toContain("SQLite table 'nope' does not exist in");
    const noColumn = await run(`
      CREATE TABLE t (id INT, name STRING) WITH ('connector' = 'jdbc', 'url' = 'jdbc:sqlite:${db}', 'table-name' = 'items');
      SELECT * FROM t;`);
    expect(noColumn.err).toContain("SQLite table 'items' has no column 'name'; its columns are id, label");
    const noFile = await run(`
      CREATE TABLE t (id INT) WITH ('connector' = 'jdbc', 'url' = 'jdbc:sqlite:${join(box.dir, 'missing.db')}', 'table-name' = 't');
      SELECT * FROM t;`);
    expect(noFile.err).toMatch(
      /SQLite database '.*missing\.db' \(url '.*'\) does not exist; create it first/,
    );
  });
});

describe('jdbc options', () => {
  const table = tableOf({ id: T.int(false), name: T.string() });
  const parse = (options: Record<string, string>) =>
    parseJdbcOptions(table, { connector: 'jdbc', 'table-name': 't', url: `jdbc:sqlite:${db}`, ...options }, [
      box.dir,
    ]);

  it('refuses a database outside the sandbox with a PathNotAllowedError', async () => {
    const outside = join(box.outside, 'secret.db');
    sqliteExec(outside, 'CREATE TABLE t (id INTEGER); INSERT INTO t VALUES (42);');
    expect(() => parse({ url: `jdbc:sqlite:${outside}` })).toThrow(PathNotAllowedError);
    expect(() => parse({ url: `jdbc:sqlite:${box.dir}/../outside/secret.db` })).toThrow(
      JdbcPathNotAllowedError,
    );
    const { code, out, err } = await run(`
      CREATE TABLE t (id INT) WITH ('connector' = 'jdbc', 'url' = 'jdbc:sqlite:${outside}', 'table-name' = 't');
      SELECT * FROM t;`);
    expect(code).toBe(1);
    expect(out).not.toContain('42');
    expect(err).toContain(`SQLite database '${outside}' is outside the allowed directories (${box.dir})`);
  });

  it('reads the URL forms of SQLite and refuses other databases and in-memory ones', () => {
    expect(sqlitePathOf('jdbc:sqlite:data/a.db')).toBe('data/a.db');
    expect(sqlitePathOf('jdbc:sqlite:file:///tmp/a%20b.db?mode=ro')).toBe('/tmp/a b.db');
    expect(() => sqlitePathOf('jdbc:mysql://localhost/db')).toThrow(
      "the jdbc connector reaches SQLite databases only: use 'jdbc:sqlite:<path to the database file>'",
    );
    expect(() => sqlitePathOf('jdbc:sqlite::memory:')).toThrow('in-memory SQLite databases cannot be shared');
  });

  it('maps the cache options (PARTIAL, legacy, NONE) and rejects inconsistent ones', () => {
    expect(parse({}).lookupCache).toBeUndefined();
    expect(
      parse({
        'lookup.cache': 'partial',
        'lookup.partial-cache.max-rows': '500',
        'lookup.partial-cache.expire-after-write': '10 min',
        'lookup.partial-cache.expire-after-access': '30 s',
        'lookup.partial-cache.cache-missing-key': 'false',
        'lookup.max-retries': '0',
        username: 'sa',
        password: 'secret',
      }),
    ).toMatchObject({
      lookupCache: { maxRows: 500, ttlMs: 600_000, expireAfterAccessMs: 30_000, cacheMissingKey: false },
      lookupMaxRetries: 0,
    });
    expect(parse({ 'lookup.cache.max-rows': '100' }).lookupCache).toEqual({
      maxRows: 100,
      ttlMs: 10_000,
      cacheMissingKey: true,
    });
    expect(() => parse({ 'lookup.cache': 'PARTIAL' })).toThrow("'lookup.cache' = 'PARTIAL' needs a bound");
    expect(() => parse({ 'lookup.cache': 'FULL' })).toThrow('FULL caching is not supported');
    expect(() => parse({ 'lookup.partial-cache.max-rows': '5' })).toThrow("need 'lookup.cache' = 'PARTIAL'");
    expect(() => parse({ 'lookup.partial-cache.expire-after-write': 'soon' })).toThrow('must be a duration');
    expect(() => parse({ 'sink.buffer-flush.max-rows': '5' })).toThrow(
      /Unsupported options found for 'jdbc'/,
    );
  });

  it('answers a batch of composite keys with one query per 256 keys', () => {
    sqliteExec(db, 'CREATE TABLE pairs (a INTEGER, b TEXT, v INTEGER)');
    const values = Array.from({ length: 600 }, (_, i) => `(${i % 300}, '${i < 300 ? 'x' : 'y'}', ${i})`);
    sqliteExec(db, `INSERT INTO pairs VALUES ${values.join(', ')}`);
    const config = parseJdbcOptions(
      tableOf({ a: T.int(), b: T.string(), v: T.bigint() }),
      { connector: 'jdbc', url: `jdbc:sqlite:${db}`, 'table-name': 'pairs' },
      [box.dir],
    );
    const lookup = new JdbcLookup(
      config,
      [
        { name: 'a', type: T.int() },
        { name: 'b', type: T.string() },
        { name: 'v', type: T.bigint() },
      ],
      [0, 1],
    );
    const keys = Array.from({ length: 300 }, (_, i) => [i, i % 2 === 0 ? 'x' : 'y']);
    const results = lookup.lookupBatch([...keys, [7, 'z']]);
    lookup.close();
    expect(lookup.queries).toBe(2);
    expect(results).toHaveLength(301);
    expect(results[0]).toEqual([[0, 'x', 0n]]);
    expect(results[1]).toEqual([[1, 'y', 301n]]);
    expect(results[299]).toEqual([[299, 'y', 599n]]);
    expect(results[300]).toEqual([]);
  });
});
