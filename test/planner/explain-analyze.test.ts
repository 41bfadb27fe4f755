/**
 * EXPLAIN ANALYZE: the statement runs to its end and the physical plan comes back annotated per node
 * with records in/out, keyed state left (keys, estimated bytes) and self time. Snapshot in
 * explain-analyze.expected.txt (times masked); `UPDATE_SNAPSHOTS=1` rewrites it.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CatalogManager } from '../../src/catalog/catalog-manager.ts';
import { runScript } from '../../src/cli/commands/run.ts';
import { EngineSession } from '../../src/gateway/engine/session.ts';
import { parseStatement } from '../../src/sql/index.ts';

const EXPECTED = join(import.meta.dirname, 'explain-analyze.expected.txt');
const maskTimes = (text: string): string =>
  text.replace(/time: [\d.]+ ms/g, 'time: <t>').replace(/time=[\d.]+ ms/g, 'time=<t>');

const SCRIPT = `
CREATE TEMPORARY VIEW orders AS SELECT * FROM (VALUES
  ('a', 1), ('b', 2), ('a', 3), ('c', 4), ('b', 5), ('a', 6)) AS t(k, amount);
CREATE TEMPORARY VIEW names AS SELECT * FROM (VALUES ('a', 'Ann'), ('b', 'Bob')) AS n(k, name);
CREATE TABLE totals (k STRING, total INT, PRIMARY KEY (k) NOT ENFORCED) WITH ('connector' = 'blackhole');
EXPLAIN ANALYZE SELECT k, SUM(amount) AS total, COUNT(*) AS n FROM orders GROUP BY k;
EXPLAIN ANALYZE SELECT o.k, n.name, o.amount FROM orders AS o JOIN names AS n ON o.k = n.k;
EXPLAIN ANALYZE INSERT INTO totals SELECT k, SUM(amount) FROM orders GROUP BY k;
`;

async function run(script: string): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await runScript(script, {
    catalogsDir: null,
    environment: {},
    stdout: (t) => (out += t),
    stderr: (t) => (err += t),
  });
  return { code, out, err };
}

describe('EXPLAIN ANALYZE', () => {
  it('parses as an EXPLAIN with the ANALYZE detail', () => {
    const stmt = parseStatement('explain analyze SELECT 1');
    expect(stmt).toMatchObject({ kind: 'Explain', details: ['ANALYZE'], planFor: false });
  });

  it('prints the plan with per-operator records, state and time (tributary run)', async () => {
    const { code, out, err } = await run(SCRIPT);
    expect(err).toBe('');
    expect(code).toBe(0);
    const actual = maskTimes(out);
    if (process.env.UPDATE_SNAPSHOTS === '1' || !existsSync(EXPECTED)) {
      if (process.env.UPDATE_SNAPSHOTS !== '1')
        throw new Error(`No snapshot ${EXPECTED}; run with UPDATE_SNAPSHOTS=1`);
      writeFileSync(EXPECTED, actual);
    }
    expect(actual).toBe(readFileSync(EXPECTED, 'utf8'));
    // the numbers the snapshot holds, spelled out: 6 rows into 3 groups, 3 keys left in state
    expect(out).toMatch(
      /GroupAggregate\(groupBy=\[[^\]]+\].*\[in=6, out=\d+, stateKeys=3, stateBytes=\d+, time=/,
    );
    expect(out).toContain('result rows: 5'); // a join of 6 orders with 2 names: 5 matches
  });

  it('answers a gateway session with the annotated plan as the result row', async () => {
    const session = new EngineSession({ catalogs: new CatalogManager() });
    const done = await session.prepare(
      "EXPLAIN ANALYZE SELECT k, COUNT(*) FROM (VALUES ('x'), ('y'), ('x')) AS t(k) GROUP BY k",
    );
    expect(done.kind).toBe('completed');
    const text = done.kind === 'completed' ? String(done.rows[0]?.[0]) : '';
    expect(text).toContain('== Physical Plan With Runtime Statistics ==');
    expect(text).toMatch(/GroupAggregate.*\[in=3, out=\d+, stateKeys=2, stateBytes=\d+/);
  });

  it('refuses an unbounded source, naming the table and how to bound it', async () => {
    const { code, err } = await run(`
      CREATE TABLE endless (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '10');
      EXPLAIN ANALYZE SELECT COUNT(*) FROM endless;`);
    expect(code).toBe(1);
    expect(err).toContain("source table 'endless' is unbounded");
    expect(err).toContain('number-of-rows');
  });
});
