import { describe, expect, it } from 'vitest';
import type { LogicalPlan } from '../../src/planner/logical/nodes.ts';
import { findNodes } from '../../src/planner/logical/visit.ts';
import { optimizeLogical } from '../../src/planner/rules/driver.ts';
import { Session } from './helpers.ts';

async function optimized(sql: string): Promise<LogicalPlan> {
  const s = new Session();
  await s.script(`
    CREATE TABLE t (a INT, b BIGINT, c STRING, d DOUBLE) WITH ('connector' = 'values');
    CREATE TABLE t2 (a INT, b BIGINT, c STRING, d DOUBLE) WITH ('connector' = 'values');
    CREATE TABLE ev (v INT, ts TIMESTAMP(3), p AS PROCTIME(), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND) WITH ('connector' = 'values');`);
  return optimizeLogical(s.plan(sql), { exprContext: {} });
}

describe('logical rules', () => {
  it('folds constant calls and drops an always-true filter', async () => {
    const plan = await optimized("SELECT a + (1 + 2), UPPER('x') FROM t WHERE 1 = 1");
    expect(findNodes(plan, 'Filter')).toHaveLength(0);
    const project = findNodes(plan, 'Project')[0]!;
    expect(project.exprs[1]).toMatchObject({ kind: 'literal', value: 'X' });
    expect(project.exprs[0]).toMatchObject({
      kind: 'call',
      args: [{ kind: 'input' }, { kind: 'literal', value: 3 }],
    });
  });

  it('prunes scan columns to those the query reads', async () => {
    const plan = await optimized('SELECT c FROM t WHERE a > 1');
    const scan = findNodes(plan, 'Scan')[0]!;
    expect(scan.schema.map((f) => f.name)).toEqual(['a', 'c']);
  });

  it('pushes a filter through a projection and into both inputs of a UNION ALL', async () => {
    const plan = await optimized(
      'SELECT * FROM (SELECT a, c FROM t UNION ALL SELECT a, c FROM t2) WHERE a > 3',
    );
    const union = findNodes(plan, 'Union')[0]!;
    for (const input of union.inputs) expect(findNodes(input, 'Filter')).toHaveLength(1);
  });

  it('pushes single-side conjuncts into the inputs of an inner join', async () => {
    const plan = await optimized('SELECT t.a FROM t JOIN t2 ON t.a = t2.a WHERE t.b > 1 AND t2.d < 2');
    const join = findNodes(plan, 'Join')[0]!;
    expect(findNodes(join.left, 'Filter')).toHaveLength(1);
    expect(findNodes(join.right, 'Filter')).toHaveLength(1);
  });

  it('keeps a filter on the null-producing side of a LEFT JOIN above the join', async () => {
    const plan = await optimized('SELECT t.a FROM t LEFT JOIN t2 ON t.a = t2.a WHERE t2.d < 2');
    const join = findNodes(plan, 'Join')[0]!;
    expect(findNodes(join.right, 'Filter')).toHaveLength(0);
    expect(findNodes(plan, 'Filter')).toHaveLength(1);
  });

  it('never pushes a filter below a watermark assigner and prunes PROCTIME when unused', async () => {
    const plan = await optimized('SELECT v FROM ev WHERE v > 0');
    const assigner = findNodes(plan, 'WatermarkAssigner')[0]!;
    expect(findNodes(assigner, 'Filter')).toHaveLength(0);
    expect(assigner.schema.map((f) => f.name)).toEqual(['v', 'ts']);
  });

  it('merges stacked projections', async () => {
    const plan = await optimized('SELECT x + 1 FROM (SELECT a * 2 AS x FROM t)');
    expect(findNodes(plan, 'Project')).toHaveLength(1);
  });
});
