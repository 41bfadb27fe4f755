/** DDL binding: CREATE TABLE (LIKE, CTAS), views, ALTER TABLE, catalogs and utility statements. */
import { describe, expect, it } from 'vitest';
import type { CatalogTable } from '../../src/catalog/catalog.ts';
import { formatType } from '../../src/expr/types.ts';
import { Session } from './helpers.ts';

async function session(): Promise<Session> {
  const s = new Session();
  await s.script(`
    CREATE TABLE base (
      id BIGINT,
      name STRING,
      ts TIMESTAMP(3),
      part STRING,
      total AS id * 2,
      offs BIGINT METADATA FROM 'offset' VIRTUAL,
      WATERMARK FOR ts AS ts - INTERVAL '1' SECOND,
      PRIMARY KEY (id) NOT ENFORCED
    ) PARTITIONED BY (part) WITH ('connector' = 'kafka', 'topic' = 'base');
  `);
  return s;
}

function tableOf(s: Session, name: string): CatalogTable {
  const t = s.catalogs.lookupTable([name])?.table;
  if (t?.kind !== 'table') throw new Error(`${name} is not a table`);
  return t;
}

const columns = (t: CatalogTable) => t.columns.map((c) => `${c.kind} ${c.name} ${formatType(c.type)}`);

describe('CREATE TABLE', () => {
  it('resolves the schema: computed and metadata columns, rowtime, primary key NOT NULL', async () => {
    const s = await session();
    const t = tableOf(s, 'base');
    expect(columns(t)).toEqual([
      'physical id BIGINT NOT NULL',
      'physical name STRING',
      'physical ts TIMESTAMP(3) *ROWTIME*',
      'physical part STRING',
      'computed total BIGINT NOT NULL',
      'metadata offs BIGINT',
    ]);
    expect(t.columns[4]).toMatchObject({ kind: 'computed', exprText: 'id * 2' });
    expect(t.watermark).toMatchObject({ rowtimeColumn: 'ts', exprText: "ts - INTERVAL '1' SECOND" });
    expect(t.primaryKey).toEqual({ name: 'PK_id', columns: ['id'] });
    expect(t.partitionKeys).toEqual(['part']);
    expect(t.options).toEqual({ connector: 'kafka', topic: 'base' });
  });

  it('rejects bad schemas with Flink messages', async () => {
    const s = await session();
    expect(s.error('CREATE TABLE t (a INT, a STRING)').message).toBe("Duplicate column name 'a'");
    expect(s.error('CREATE TABLE t (a INT, WATERMARK FOR a AS a)').message).toBe(
      "Invalid data type of time field for watermark definition. The field must be of type TIMESTAMP(p) or TIMESTAMP_LTZ(p), the supported precision 'p' is from 0 to 3, but the time field type is INT",
    );
    expect(s.error('CREATE TABLE t (a TIMESTAMP(6), WATERMARK FOR a AS a)').message).toMatch(
      /but the time field type is TIMESTAMP\(6\)$/,
    );
    const wm = s.error('CREATE TABLE t (ts TIMESTAMP(3), WATERMARK FOR tss AS tss)');
    expect(wm.message).toMatch(/^The rowtime attribute field 'tss' is not defined in the table schema/);
    expect(wm.hint).toBe('did you mean ts?');
    expect(s.error("CREATE TABLE t (ts TIMESTAMP(3), WATERMARK FOR ts AS 'x')").message).toMatch(
      /^Invalid data type of expression for watermark definition/,
    );
    expect(s.error('CREATE TABLE t (a INT, c AS b + 1)').message).toBe("Column 'b' not found in any table");
    expect(s.error('CREATE TABLE t (a INT, PRIMARY KEY (b) NOT ENFORCED)').message).toBe(
      "Invalid primary key 'PK_b'. Column 'b' does not exist.",
    );
    expect(s.error('CREATE TABLE t (a INT, c AS a + 1, PRIMARY KEY (c) NOT ENFORCED)').message).toBe(
      "Invalid primary key 'PK_c'. Column 'c' is not a physical column.",
    );
    expect(s.error('CREATE TABLE t (a INT) PARTITIONED BY (b)').message).toBe(
      "Partition column 'b' not defined in the table schema. Available columns: ['a']",
    );
    expect(s.error('CREATE TABLE t (a INT) DISTRIBUTED BY HASH(b) INTO 4 BUCKETS').message).toMatch(
      /^Invalid bucket key 'b'/,
    );
    expect(s.error("CREATE TABLE base (a INT) WITH ('connector' = 'x')")).toMatchObject({
      message: 'Table (or view) default_database.base already exists in Catalog default_catalog.',
      column: 14,
    });
  });

  it('LIKE merges per feature', async () => {
    const s = await session();
    await s.run("CREATE TABLE copy1 (extra INT) WITH ('topic' = 'copy') LIKE base");
    const c1 = tableOf(s, 'copy1');
    expect(c1.columns.map((c) => c.name)).toEqual(['id', 'name', 'ts', 'part', 'total', 'offs', 'extra']);
    expect(c1.options).toEqual({ connector: 'kafka', topic: 'copy' });
    expect(c1.watermark?.rowtimeColumn).toBe('ts');
    expect(c1.primaryKey?.columns).toEqual(['id']);

    await s.run("CREATE TABLE copy2 WITH ('connector' = 'blackhole') LIKE base (EXCLUDING ALL)");
    const c2 = tableOf(s, 'copy2');
    expect(c2.columns.map((c) => c.name)).toEqual(['id', 'name', 'ts', 'part']);
    expect(c2.watermark).toBeUndefined();
    expect(c2.primaryKey).toBeUndefined();
    expect(c2.partitionKeys).toEqual([]);
    expect(c2.options).toEqual({ connector: 'blackhole' });

    expect(s.error('CREATE TABLE copy3 (id INT) LIKE base').message).toBe(
      "A column named 'id' already exists in the base table.",
    );
    expect(s.error("CREATE TABLE copy3 WITH ('topic' = 'x') LIKE base (INCLUDING OPTIONS)").message).toMatch(
      /^There already exists an option \['topic' -> 'base'\]/,
    );
    expect(s.error('CREATE TABLE copy3 (PRIMARY KEY (name) NOT ENFORCED) LIKE base').message).toBe(
      'The base table already has a primary key. You might want to specify EXCLUDING CONSTRAINTS.',
    );
    expect(s.error('CREATE TABLE copy3 LIKE nope').hint).toBeUndefined();
  });

  it('CREATE TABLE AS SELECT derives the schema from the query', async () => {
    const s = await session();
    const b = await s.run(
      "CREATE TABLE agg WITH ('connector' = 'blackhole') AS SELECT part, COUNT(*) AS n, MAX(ts) AS last_ts FROM base GROUP BY part",
    );
    expect(b.kind).toBe('CreateTableAs');
    expect(columns(tableOf(s, 'agg'))).toEqual([
      'physical part STRING',
      'physical n BIGINT NOT NULL',
      'physical last_ts TIMESTAMP(3)',
    ]);
  });
});

describe('views', () => {
  it('stores the query, its text and column names; bad column lists are rejected', async () => {
    const s = await session();
    await s.run('CREATE VIEW v (k, n) AS SELECT id, name FROM base WHERE id > 0');
    const v = s.catalogs.lookupTable(['v'])?.table;
    expect(v?.kind).toBe('view');
    if (v?.kind !== 'view') return;
    expect(v.columns.map((c) => `${c.name} ${formatType(c.type)}`)).toEqual([
      'k BIGINT NOT NULL',
      'n STRING',
    ]);
    expect(v.queryText).toBe('SELECT id, name FROM base WHERE id > 0');
    expect(s.error('CREATE VIEW w (a) AS SELECT id, name FROM base').message).toMatch(
      /^VIEW definition and input fields not match/,
    );
    expect(s.plan('SELECT k FROM v').schema.map((f) => f.name)).toEqual(['k']);
  });
});

describe('ALTER TABLE', () => {
  it('adds, modifies, renames and drops with validation', async () => {
    const s = await session();
    await s.run("ALTER TABLE base ADD (score DOUBLE COMMENT 'points' AFTER name)");
    expect(tableOf(s, 'base').columns.map((c) => c.name)).toEqual([
      'id',
      'name',
      'score',
      'ts',
      'part',
      'total',
      'offs',
    ]);
    await s.run('ALTER TABLE base MODIFY score FLOAT');
    expect(formatType(tableOf(s, 'base').columns[2]!.type)).toBe('FLOAT');
    await s.run('ALTER TABLE base RENAME score TO points');
    await s.run('ALTER TABLE base DROP points');
    await s.run("ALTER TABLE base SET ('topic' = 'other')");
    await s.run("ALTER TABLE base RESET ('topic')");
    expect(tableOf(s, 'base').options).toEqual({ connector: 'kafka' });
    expect(s.error('ALTER TABLE base ADD name STRING').message).toBe(
      'Try to add a column `name` which already exists in the table.',
    );
    expect(s.error('ALTER TABLE base DROP nope').message).toBe(
      'The column `nope` does not exist in the base table.',
    );
    expect(s.error('ALTER TABLE base DROP id').message).toBe(
      'The column `id` is referenced by computed column `total`.',
    );
    expect(s.error('ALTER TABLE base ADD WATERMARK FOR ts AS ts').message).toMatch(
      /^The base table has already defined the watermark strategy `ts` AS /,
    );
    await s.run('ALTER TABLE base DROP WATERMARK');
    expect(tableOf(s, 'base').watermark).toBeUndefined();
    expect(formatType(tableOf(s, 'base').columns[2]!.type)).toBe('TIMESTAMP(3)');
    await s.run('ALTER TABLE base RENAME TO base2');
    expect(s.catalogs.lookupTable(['base2'])).toBeDefined();
    expect(s.bind('ALTER TABLE IF EXISTS base ADD x INT').kind).toBe('NoOp');
  });
});

describe('catalogs, databases and utilities', () => {
  it('CREATE CATALOG / DATABASE, USE and DROP', async () => {
    const s = new Session();
    await s.run("CREATE CATALOG lake WITH ('type' = 'memory')");
    await s.run('CREATE DATABASE lake.sales');
    await s.run('USE CATALOG lake');
    await s.run('USE sales');
    await s.run('CREATE TABLE t (a INT)');
    expect(s.catalogs.lookupTable(['lake', 'sales', 't'])).toBeDefined();
    expect(s.error('USE nope')).toMatchObject({
      message: 'A database with name [nope] does not exist in the catalog: [lake].',
    });
    expect(s.error('USE CATALOG lak')).toMatchObject({
      message: 'A catalog with name [lak] does not exist.',
      hint: 'did you mean lake?',
    });
    expect(s.error('DROP TABLE tt').message).toBe("Table with identifier 'lake.sales.tt' does not exist.");
    await s.run('DROP TABLE t');
    expect(s.catalogs.lookupTable(['t'])).toBeUndefined();
  });

  it('binds SHOW, DESCRIBE, SET, RESET and EXPLAIN', async () => {
    const s = await session();
    expect(s.bind('SHOW TABLES')).toEqual({
      kind: 'Show',
      what: 'TABLES',
      catalog: 'default_catalog',
      database: 'default_database',
    });
    expect(s.bind('DESCRIBE base')).toMatchObject({ kind: 'Describe', path: { name: 'base' } });
    expect(s.error('DESCRIBE bse').hint).toBe('did you mean base?');
    expect(s.bind("SET 'table.local-time-zone' = 'UTC'")).toEqual({
      kind: 'Set',
      key: 'table.local-time-zone',
      value: 'UTC',
    });
    expect(s.bind('RESET')).toEqual({ kind: 'Reset' });
    const explain = s.bind('EXPLAIN SELECT id FROM base');
    expect(explain.kind === 'Explain' && explain.statement.kind).toBe('Query');
  });
});
