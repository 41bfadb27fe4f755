import { describe, expect, it } from 'vitest';
import { SqlError } from '../../src/sql/errors.ts';
import { Session } from './helpers.ts';
import { expectSql, type TableSpec } from './sql-cases.ts';

// t.a has a NULL, s.v has a NULL: the three-valued results of IN / NOT IN show.
const T: TableSpec = {
  name: 't',
  columns: ['a INT', 'k STRING'],
  rows: [
    ['+I', [1, 'x']],
    ['+I', [2, 'x']],
    ['+I', [null, 'y']],
    ['+I', [3, 'z']],
    ['+I', [5, 'w']],
  ],
};
const S: TableSpec = {
  name: 's',
  columns: ['v INT', 'k STRING'],
  rows: [
    ['+I', [1, 'x']],
    ['+I', [null, 'y']],
    ['+I', [3, 'y']],
    ['+I', [4, 'z']],
  ],
};
const valueSink: TableSpec = { name: 'sink', columns: ['a INT', 'b BOOLEAN'] };
const rowSink: TableSpec = { name: 'sink', columns: ['a INT'] };

describe('IN / EXISTS / quantified subqueries used as values', () => {
  it('IN in the SELECT list is TRUE, FALSE or UNKNOWN (NULL operand, NULL in the subquery)', async () => {
    await expectSql({
      sources: [T, S],
      sink: valueSink,
      sql: 'INSERT INTO sink SELECT a, a IN (SELECT v FROM s) FROM t',
      materialized: ['+I[1, true]', '+I[2, null]', '+I[null, null]', '+I[3, true]', '+I[5, null]'],
    });
  });

  it('IN without NULLs anywhere is TRUE or FALSE', async () => {
    await expectSql({
      sources: [T, S],
      sink: valueSink,
      sql: 'INSERT INTO sink SELECT a, a IN (SELECT v FROM s WHERE v IS NOT NULL) FROM t WHERE a IS NOT NULL',
      materialized: ['+I[1, true]', '+I[2, false]', '+I[3, true]', '+I[5, false]'],
    });
  });

  it('correlated NOT IN groups the subquery by the correlation key (empty group: TRUE)', async () => {
    await expectSql({
      sources: [T, S],
      sink: valueSink,
      sql: 'INSERT INTO sink SELECT a, a NOT IN (SELECT v FROM s WHERE s.k = t.k) FROM t',
      materialized: ['+I[1, false]', '+I[2, true]', '+I[null, null]', '+I[3, true]', '+I[5, true]'],
    });
  });

  it('correlated EXISTS is never UNKNOWN', async () => {
    await expectSql({
      sources: [T, S],
      sink: valueSink,
      sql: 'INSERT INTO sink SELECT a, EXISTS (SELECT 1 FROM s WHERE s.k = t.k) FROM t',
      materialized: ['+I[1, true]', '+I[2, true]', '+I[null, true]', '+I[3, true]', '+I[5, false]'],
    });
  });

  it('quantified comparisons compare with MIN / MAX, UNKNOWN when a NULL could decide', async () => {
    await expectSql({
      sources: [T, S],
      sink: valueSink,
      sql: 'INSERT INTO sink SELECT a, a < SOME (SELECT v FROM s) FROM t',
      materialized: ['+I[1, true]', '+I[2, true]', '+I[null, null]', '+I[3, true]', '+I[5, null]'],
    });
    await expectSql({
      sources: [T, S],
      sink: valueSink,
      sql: 'INSERT INTO sink SELECT a, a > ALL (SELECT v FROM s WHERE v IS NOT NULL) FROM t',
      materialized: ['+I[1, false]', '+I[2, false]', '+I[null, null]', '+I[3, false]', '+I[5, true]'],
    });
  });

  it('IN under OR and NOT in WHERE filters on the value', async () => {
    await expectSql({
      sources: [T, S],
      sink: rowSink,
      sql: "INSERT INTO sink SELECT a FROM t WHERE a IN (SELECT v FROM s) OR k = 'w'",
      materialized: ['+I[1]', '+I[3]', '+I[5]'],
    });
    await expectSql({
      sources: [T, S],
      sink: rowSink,
      sql: 'INSERT INTO sink SELECT a FROM t WHERE NOT (a IN (SELECT v FROM s WHERE s.k = t.k)) OR a IS NULL',
      materialized: ['+I[2]', '+I[null]', '+I[3]', '+I[5]'],
    });
  });

  it('an IN inside the operand of a WHERE IN joins before the semi join (literal aggregate)', async () => {
    await expectSql({
      sources: [T, S],
      sink: rowSink,
      sql: 'INSERT INTO sink SELECT a FROM t WHERE (CASE WHEN a IN (SELECT 1 FROM s) THEN 3 ELSE 4 END) IN (SELECT v FROM s WHERE s.k = t.k)',
      // a=1: CASE 3, s.k='x' holds {1}: no; a=2: CASE 4, no; a=3: CASE 4, s.k='z' holds {4}: yes
      materialized: ['+I[3]'],
    });
  });

  it('rejects correlated conditions other than equalities outside WHERE conjuncts', async () => {
    const session = new Session();
    await session.script(`
      CREATE TABLE t (a INT, k STRING) WITH ('connector' = 'datagen');
      CREATE TABLE s (v INT, k STRING) WITH ('connector' = 'datagen');`);
    const e = session.error('SELECT a, a IN (SELECT v FROM s WHERE s.v > t.a) FROM t');
    expect(e).toBeInstanceOf(SqlError);
    expect(e.message).toMatch(/must be equalities between an inner and an outer expression/);
  });
});
