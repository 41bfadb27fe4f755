import { describe, expect, it } from 'vitest';
import { ValuesTestConnector } from '../../src/conformance/values-connector.ts';
import { explainText } from '../../src/planner/explain/explain.ts';
import { FactoryConnectorRegistry } from '../../src/planner/physical/connectors.ts';
import { planLogical } from '../../src/planner/physical/planner.ts';
import { Session } from './helpers.ts';
import { expectSql, type TableSpec } from './sql-cases.ts';

const SPLIT = { 'table.optimizer.distinct-agg.split.enabled': 'true' };

const source: TableSpec = {
  name: 'src',
  columns: ['a INT', 'b BIGINT', 'c STRING'],
  rows: [
    ['+I', [1, 1, 'Hi']],
    ['+I', [2, 2, 'Hello']],
    ['+I', [2, 3, 'Hello world']],
    ['+I', [2, 2, 'again']],
  ],
};

describe('distinct aggregates split into partial and final aggregates', () => {
  it('plans Calc(buckets) → Expand → partial GroupAggregate → final GroupAggregate', async () => {
    const session = new Session();
    for (const [k, v] of Object.entries(SPLIT)) session.config.set(k, v);
    await session.script(`
      CREATE TABLE src (a INT, b BIGINT, c STRING) WITH ('connector' = 'values');
      CREATE TABLE snk (a INT, n BIGINT, f STRING) WITH ('connector' = 'values');`);
    const plan = session.plan(
      'INSERT INTO snk SELECT a, COUNT(DISTINCT b), FIRST_VALUE(c) FROM src GROUP BY a',
    );
    const connectors = new FactoryConnectorRegistry().register('values', new ValuesTestConnector());
    const physical = planLogical([plan], { connectors, config: session.config });
    const text = explainText({ logical: physical.original, physical: physical.roots });
    expect(text).toMatch(/GroupAggregate\(groupBy=\[a\], select=\[a, SUM0\(\$p0\)/);
    expect(text).toMatch(/COUNT\(DISTINCT b\) FILTER \$g_0 AS \$p0, FIRST_VALUE\(c\) FILTER \$g_1 AS \$p1/);
    expect(text).toMatch(
      /Expand\(projects=\[\{a, b, c, \$b0, null AS \$b1, 0 AS \$e\}, \{a, b, c, null AS \$b0, \$b1, 1 AS \$e\}\]/,
    );
  });

  it("emits Flink's changelog: the distinct branch first, then the FIRST_VALUE branch", async () => {
    await expectSql({
      config: SPLIT,
      sources: [source],
      sink: { name: 'sink', columns: ['a INT', 'n BIGINT', 'f STRING'], primaryKey: ['a'] },
      sql: 'INSERT INTO sink SELECT a, COUNT(DISTINCT b), FIRST_VALUE(c) FROM src GROUP BY a',
      changelog: ['+I[1, 1, null]', '+U[1, 1, Hi]', '+I[2, 1, null]', '+U[2, 1, Hello]', '+U[2, 2, Hello]'],
    });
  });

  it('gives the same results as the unsplit aggregate (filters, SUM, MIN, MAX)', async () => {
    const sql =
      "INSERT INTO sink SELECT a, COUNT(DISTINCT b) FILTER (WHERE c <> 'again'), SUM(b), MIN(c), MAX(b) FROM src GROUP BY a";
    const sink: TableSpec = {
      name: 'sink',
      columns: ['a INT', 'n BIGINT', 's BIGINT', 'mn STRING', 'mx BIGINT'],
      primaryKey: ['a'],
    };
    const materialized = ['+I[1, 1, 1, Hi, 1]', '+I[2, 2, 7, Hello, 3]'];
    await expectSql({ config: SPLIT, sources: [source], sink, sql, materialized });
    await expectSql({ sources: [source], sink, sql, materialized });
  });
});
