/**
 * Projection pruning through joins: each join input keeps only the columns read above the join or by
 * its condition (the plan), and the job's results are those of the same join run with every column
 * (the wide query's rows, projected here) — for every join type, interval / window / temporal joins
 * and an upsert input whose unique key nothing reads.
 */
import { describe, expect, it } from 'vitest';
import { ValuesTestConnector } from '../../src/conformance/values-connector.ts';
import { formatBoundExpr } from '../../src/planner/logical/explain.ts';
import type { Join, LogicalPlan } from '../../src/planner/logical/nodes.ts';
import { findNodes, visitPlan } from '../../src/planner/logical/visit.ts';
import { FactoryConnectorRegistry } from '../../src/planner/physical/connectors.ts';
import { buildJob } from '../../src/planner/physical/job-builder.ts';
import type { JoinNode, PhysicalNode } from '../../src/planner/physical/nodes.ts';
import { physicalInputs } from '../../src/planner/physical/nodes.ts';
import { planStatement } from '../../src/planner/physical/planner.ts';
import { optimizeLogical } from '../../src/planner/rules/driver.ts';
import { pruneColumns } from '../../src/planner/rules/projection-pruning.ts';
import { RowKind } from '../../src/runtime/batch.ts';
import { Session } from './helpers.ts';

const TABLES = `
  CREATE TABLE o (id INT, cust INT, amount BIGINT, note STRING) WITH ('connector' = 'values');
  CREATE TABLE c (cid INT, name STRING, city STRING, score INT) WITH ('connector' = 'values');
  CREATE TABLE a (id INT, k INT, pad STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
    WITH ('connector' = 'values');
  CREATE TABLE b (k INT, v STRING, pad STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
    WITH ('connector' = 'values');
  CREATE TABLE rates (cur STRING, rate INT, pad STRING, ts TIMESTAMP(3), PRIMARY KEY (cur) NOT ENFORCED,
    WATERMARK FOR ts AS ts) WITH ('connector' = 'values', 'changelog-mode' = 'I,UA,D');
  CREATE TABLE ord (id INT, cur STRING, pad STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts)
    WITH ('connector' = 'values');
  CREATE TABLE u (uid INT, grp INT, name STRING, PRIMARY KEY (uid) NOT ENFORCED)
    WITH ('connector' = 'values', 'changelog-mode' = 'I,UA,D');
  CREATE TABLE po (id INT, cust INT, note STRING, pt AS PROCTIME()) WITH ('connector' = 'values');
  CREATE TABLE dim (cid INT, name STRING, city STRING, PRIMARY KEY (cid) NOT ENFORCED)
    WITH ('connector' = 'values');`;

const I = RowKind.INSERT;
const ts = (s: number): number => Date.UTC(2024, 0, 1, 0, 0, s);

const DATA: Record<string, { rows: unknown[][]; kinds?: number[] }> = {
  o: {
    rows: [
      [1, 10, 5n, 'p'],
      [2, 20, 50n, 'q'],
      [3, 10, 500n, 'r'],
      [4, null, 7n, 's'],
      [5, 30, 9n, 't'],
      [6, 10, 0n, 'u'],
    ],
  },
  c: {
    rows: [
      [10, 'ten', 'paris', 1],
      [20, 'twenty', 'rome', 60],
      [40, 'forty', 'oslo', 3],
      [null, 'none', 'nowhere', 4],
    ],
  },
  a: {
    rows: [
      [1, 1, 'x', ts(0)],
      [2, 2, 'x', ts(1)],
      [3, 1, 'x', ts(4)],
      [4, 2, 'x', ts(9)],
      [5, 3, 'x', ts(12)],
    ],
  },
  b: {
    rows: [
      [1, 'b1', 'y', ts(1)],
      [1, 'b1late', 'y', ts(10)],
      [2, 'b2', 'y', ts(2)],
      [2, 'b2late', 'y', ts(11)],
    ],
  },
  rates: {
    rows: [
      ['EUR', 110, 'z', ts(0)],
      ['USD', 100, 'z', ts(0)],
      ['EUR', 120, 'z', ts(5)],
      ['USD', 90, 'z', ts(8)],
    ],
    kinds: [I, I, RowKind.UPDATE_AFTER, RowKind.UPDATE_AFTER],
  },
  ord: {
    rows: [
      [1, 'EUR', 'w', ts(1)],
      [2, 'USD', 'w', ts(2)],
      [3, 'EUR', 'w', ts(6)],
      [4, 'USD', 'w', ts(9)],
      [5, 'GBP', 'w', ts(9)],
    ],
  },
  po: {
    rows: [
      [1, 10, 'p'],
      [2, 20, 'q'],
      [3, 99, 'r'],
    ],
  },
  dim: {
    rows: [
      [10, 'ten', 'paris'],
      [20, 'twenty', 'rome'],
    ],
  },
  u: {
    rows: [
      [1, 10, 'a'],
      [2, 10, 'b'],
      [1, 10, 'a2'],
      [2, 20, 'b2'],
      [3, 20, 'c'],
      [1, 10, 'a2'],
    ],
    kinds: [I, I, RowKind.UPDATE_AFTER, RowKind.UPDATE_AFTER, I, RowKind.DELETE],
  },
};

function env(values: ValuesTestConnector) {
  return {
    connectors: new FactoryConnectorRegistry().register('values', values),
    config: new Map<string, string>(),
  };
}

/** Runs `INSERT INTO s <query>` over DATA; the sink has `columns` (all nullable) and accepts updates. */
async function run(columns: string, query: string) {
  const s = new Session();
  await s.script(
    `${TABLES} CREATE TABLE s (${columns}) WITH ('connector' = 'values', 'sink-insert-only' = 'false');`,
  );
  const values = new ValuesTestConnector();
  for (const [name, data] of Object.entries(DATA)) {
    values.setData(name, { rows: data.rows, kinds: data.kinds ?? data.rows.map(() => I) });
  }
  values.markLookupTable('dim');
  const insert = `INSERT INTO s ${query}`;
  const plan = planStatement(s.bind(insert), env(values));
  const { job } = buildJob(plan.roots, env(values));
  job.runToCompletion();
  const sink = values.sinks.get('s')!;
  const logical = optimizeLogical(s.plan(insert), { exprContext: {} });
  return { root: plan.roots[0]!, logical, changelog: sink.changelog, final: sink.materialized().sort() };
}

/** `+I[1, a, 2]` → the row kind and field texts (the test data has no commas or brackets in values). */
function pick(row: string, fields: readonly number[]): string {
  const kind = row.slice(0, 2);
  const parts = row.slice(3, -1).split(', ');
  return `${kind}[${fields.map((f) => parts[f]).join(', ')}]`;
}

/**
 * The narrow query's final rows (and, unless only `final` is compared, its changelog) equal the wide
 * query's, projected to `fields`. An aggregate over the wide join emits more updates (its extra
 * results change more often), so there only the final rows compare.
 */
async function expectSameResults(
  narrow: { columns: string; query: string },
  wide: { columns: string; query: string },
  fields: readonly number[],
  compare: 'changelog' | 'final' = 'changelog',
) {
  const n = await run(narrow.columns, narrow.query);
  const w = await run(wide.columns, wide.query);
  expect(n.changelog.length).toBeGreaterThan(0);
  if (compare === 'changelog') expect(n.changelog).toEqual(w.changelog.map((r) => pick(r, fields)));
  expect(n.final).toEqual(w.final.map((r) => pick(r, fields)).sort());
  return n;
}

function find(node: PhysicalNode, kind: string): PhysicalNode | undefined {
  if (node.kind === kind) return node;
  for (const input of physicalInputs(node)) {
    const found = find(input, kind);
    if (found) return found;
  }
  return undefined;
}

const names = (plan: LogicalPlan): string[] => plan.schema.map((f) => f.name);
const onlyJoin = (plan: LogicalPlan): Join => {
  const joins = findNodes(plan, 'Join');
  expect(joins).toHaveLength(1);
  return joins[0]!;
};

/** The rule has reached its fixed point: it fires on no node of the optimized plan. */
function expectFixedPoint(plan: LogicalPlan): void {
  visitPlan(plan, (node) => {
    expect(pruneColumns.apply(node, { exprContext: {} })).toBeUndefined();
    return true;
  });
}

const WIDE_OC = {
  columns: 'id INT, cust INT, amount BIGINT, note STRING, cid INT, name STRING, city STRING, score INT',
};

describe('projection pruning through joins', () => {
  it('INNER: keeps the columns read above and by the condition, remaps the condition', async () => {
    const n = await expectSameResults(
      {
        columns: 'id INT, name STRING',
        query: 'SELECT o.id, c.name FROM o JOIN c ON o.cust = c.cid AND o.amount > c.score',
      },
      { ...WIDE_OC, query: 'SELECT * FROM o JOIN c ON o.cust = c.cid AND o.amount > c.score' },
      [0, 5],
    );
    const join = onlyJoin(n.logical);
    // amount and score are read by the condition only; note and city by nothing
    expect(names(join.left)).toEqual(['id', 'cust', 'amount']);
    expect(names(join.right)).toEqual(['cid', 'name', 'score']);
    expect(formatBoundExpr(join.condition)).toBe('AND(=($1, $3), >($2, $5))');
    expect(names(findNodes(n.logical, 'Scan')[0]!)).toEqual(['id', 'cust', 'amount']);
    expect(n.final).toEqual(['+I[1, ten]', '+I[3, ten]']);
    expectFixedPoint(n.logical);
  });

  for (const type of ['LEFT', 'RIGHT', 'FULL'] as const) {
    it(`${type} outer join: both inputs narrowed, results unchanged`, async () => {
      const on = 'o.cust = c.cid';
      const n = await expectSameResults(
        { columns: 'id INT, name STRING', query: `SELECT o.id, c.name FROM o ${type} JOIN c ON ${on}` },
        { ...WIDE_OC, query: `SELECT * FROM o ${type} JOIN c ON ${on}` },
        [0, 5],
      );
      const join = onlyJoin(n.logical);
      expect(join.joinType).toBe(type);
      expect(names(join.left)).toEqual(['id', 'cust']);
      expect(names(join.right)).toEqual(['cid', 'name']);
      expect(formatBoundExpr(join.condition)).toBe('=($1, $2)');
      // the padded side's fields stay nullable in the narrowed join's schema
      const nullable = join.schema.map((f) => f.type.nullable);
      expect(nullable).toEqual([true, true, true, true]);
      expectFixedPoint(n.logical);
    });
  }

  it('SEMI (IN): the right input keeps only its condition column; a Project above reads the left only', async () => {
    const n = await expectSameResults(
      { columns: 'id INT', query: "SELECT id FROM o WHERE cust IN (SELECT cid FROM c WHERE city <> 'oslo')" },
      {
        columns: 'id INT, cust INT, amount BIGINT, note STRING',
        query: "SELECT * FROM o WHERE cust IN (SELECT cid FROM c WHERE city <> 'oslo')",
      },
      [0],
    );
    const join = onlyJoin(n.logical);
    expect(join.joinType).toBe('SEMI');
    expect(names(join.left)).toEqual(['id', 'cust']);
    expect(names(join).length).toBe(2);
    expect(findNodes(join.right, 'Scan')[0]!.schema.map((f) => f.name)).toEqual(['cid', 'city']);
    expect(names(join.right)).toEqual(['cid']);
    expect(n.final).toEqual(['+I[1]', '+I[2]', '+I[3]', '+I[6]']);
    expectFixedPoint(n.logical);
  });

  it('ANTI (NOT EXISTS with SELECT *): the right input keeps only the correlation column', async () => {
    const n = await expectSameResults(
      {
        columns: 'note STRING',
        query: 'SELECT note FROM o WHERE NOT EXISTS (SELECT * FROM c WHERE c.cid = o.cust)',
      },
      {
        columns: 'id INT, cust INT, amount BIGINT, note STRING',
        query: 'SELECT * FROM o WHERE NOT EXISTS (SELECT * FROM c WHERE c.cid = o.cust)',
      },
      [3],
    );
    const join = onlyJoin(n.logical);
    expect(join.joinType).toBe('ANTI');
    expect(names(join.left)).toEqual(['cust', 'note']);
    expect(names(join.right)).toEqual(['cid']);
    expect(n.final).toEqual(['+I[s]', '+I[t]']);
  });

  it('an aggregate over a join narrows the join inputs to its keys and arguments', async () => {
    const n = await expectSameResults(
      {
        columns: 'city STRING, total BIGINT',
        query: 'SELECT c.city, SUM(o.amount) FROM o JOIN c ON o.cust = c.cid GROUP BY c.city',
      },
      {
        columns: 'city STRING, total BIGINT, n BIGINT, ids INT, notes STRING, names STRING, scores INT',
        query:
          'SELECT c.city, SUM(o.amount), COUNT(*), MAX(o.id), MAX(o.note), MAX(c.name), MAX(c.score) FROM o JOIN c ON o.cust = c.cid GROUP BY c.city',
      },
      [0, 1],
      'final',
    );
    const join = onlyJoin(n.logical);
    expect(names(join.left)).toEqual(['cust', 'amount']);
    expect(names(join.right)).toEqual(['cid', 'city']);
  });

  it('interval join: the rowtime columns of the time bounds stay, the operator is still an IntervalJoin', async () => {
    const cond = "a.k = b.k AND a.ts BETWEEN b.ts - INTERVAL '2' SECOND AND b.ts + INTERVAL '2' SECOND";
    const n = await expectSameResults(
      { columns: 'id INT, v STRING', query: `SELECT a.id, b.v FROM a JOIN b ON ${cond}` },
      {
        columns:
          'id INT, k INT, pad STRING, ts TIMESTAMP(3), k0 INT, v STRING, pad0 STRING, ts0 TIMESTAMP(3)',
        query: `SELECT * FROM a JOIN b ON ${cond}`,
      },
      [0, 5],
    );
    const join = onlyJoin(n.logical);
    expect(names(join.left)).toEqual(['id', 'k', 'ts']);
    expect(names(join.right)).toEqual(['k', 'v', 'ts']);
    const interval = find(n.root, 'IntervalJoin')!;
    expect(interval).toMatchObject({ leftTimeIndex: 2, rightTimeIndex: 2 });
    expect(n.final).toEqual(['+I[1, b1]', '+I[2, b2]', '+I[4, b2late]']);
  });

  it('window join: window_start / window_end stay, time column and window_time go', async () => {
    const win = (t: string) => `SELECT * FROM TABLE(TUMBLE(TABLE ${t}, DESCRIPTOR(ts), INTERVAL '5' SECOND))`;
    const on = 'L.k = R.k AND L.window_start = R.window_start AND L.window_end = R.window_end';
    const n = await expectSameResults(
      {
        columns: 'ws TIMESTAMP(3), id INT, v STRING',
        query: `SELECT L.window_start, L.id, R.v FROM (${win('a')}) L JOIN (${win('b')}) R ON ${on}`,
      },
      {
        columns:
          'id INT, k INT, pad STRING, ts TIMESTAMP(3), ws TIMESTAMP(3), we TIMESTAMP(3), wt TIMESTAMP(3), k0 INT, v STRING, pad0 STRING, ts0 TIMESTAMP(3), ws0 TIMESTAMP(3), we0 TIMESTAMP(3), wt0 TIMESTAMP(3)',
        query: `SELECT * FROM (${win('a')}) L JOIN (${win('b')}) R ON ${on}`,
      },
      [4, 0, 8],
    );
    const join = onlyJoin(n.logical);
    expect(names(join.left)).toEqual(['id', 'k', 'window_start', 'window_end']);
    expect(names(join.right)).toEqual(['k', 'v', 'window_start', 'window_end']);
    expect(find(n.root, 'WindowJoin')).toBeDefined();
    // b's row for key 2 in the first window comes after b's watermark passed that window: late
    expect(n.final).toEqual(['+I[2024-01-01T00:00, 1, b1]', '+I[2024-01-01T00:00, 3, b1]']);
  });

  it('event-time temporal join: only the probe side is narrowed, keeping the period column', async () => {
    const join = 'FROM ord JOIN rates FOR SYSTEM_TIME AS OF ord.ts ON ord.cur = rates.cur';
    const n = await expectSameResults(
      { columns: 'id INT, rate INT', query: `SELECT ord.id, rates.rate ${join}` },
      {
        columns:
          'id INT, cur STRING, pad STRING, ts TIMESTAMP(3), cur0 STRING, rate INT, pad0 STRING, ts0 TIMESTAMP(3)',
        query: `SELECT * ${join}`,
      },
      [0, 5],
    );
    const logicalJoin = onlyJoin(n.logical);
    expect(names(logicalJoin.left)).toEqual(['id', 'cur', 'ts']);
    expect(names(logicalJoin.right)).toEqual(['cur', 'rate', 'pad', 'ts']);
    expect(logicalJoin.temporal?.period).toMatchObject({ kind: 'input', index: 2 });
    expect(find(n.root, 'TemporalJoin')).toBeDefined();
    expect(n.final).toEqual(['+I[1, 110]', '+I[2, 100]', '+I[3, 120]', '+I[4, 90]']);
  });

  it('lookup join: the probe side keeps its proctime, the dimension table is looked up whole', async () => {
    const join = 'FROM po LEFT JOIN dim FOR SYSTEM_TIME AS OF po.pt AS d ON po.cust = d.cid';
    const n = await expectSameResults(
      { columns: 'id INT, name STRING', query: `SELECT po.id, d.name ${join}` },
      {
        columns: 'id INT, cust INT, note STRING, cid INT, name STRING, city STRING',
        query: `SELECT po.id, po.cust, po.note, d.cid, d.name, d.city ${join}`,
      },
      [0, 4],
    );
    const logicalJoin = onlyJoin(n.logical);
    expect(names(logicalJoin.left)).toEqual(['id', 'cust', 'pt']);
    expect(names(logicalJoin.right)).toEqual(['cid', 'name', 'city']);
    expect(find(n.root, 'LookupJoin')).toBeDefined();
    expect(n.final).toEqual(['+I[1, ten]', '+I[2, twenty]', '+I[3, null]']);
  });

  it('an upsert input whose key nothing reads: normalized by its key, then joined as a retract stream', async () => {
    const n = await expectSameResults(
      { columns: 'id INT, name STRING', query: 'SELECT o.id, u.name FROM o JOIN u ON o.cust = u.grp' },
      {
        columns: 'id INT, cust INT, amount BIGINT, note STRING, uid INT, grp INT, name STRING',
        query: 'SELECT * FROM o JOIN u ON o.cust = u.grp',
      },
      [0, 6],
    );
    expect(names(onlyJoin(n.logical).right)).toEqual(['grp', 'name']);
    const join = find(n.root, 'Join') as JoinNode;
    // the normalize still keys the upsert stream by uid, below the projection that drops it
    expect(find(join.right, 'ChangelogNormalize')).toMatchObject({ keys: [0] });
    // the join asks for update-before messages, so a multiset of rows retracts correctly
    expect(join.right.changelogMode.kinds).toContain('UB');
    expect(join.rightLayout).toEqual({ kind: 'no-unique-key' });
    expect(n.final).toEqual(['+I[2, b2]', '+I[2, c]']);
  });

  it('a self-join reads its table once: both scans widened to the union of their columns', async () => {
    const n = await expectSameResults(
      {
        columns: 'note STRING, amount BIGINT',
        query: 'SELECT x.note, y.amount FROM o x JOIN o y ON x.cust = y.cust AND x.id < y.id',
      },
      {
        columns:
          'id INT, cust INT, amount BIGINT, note STRING, id0 INT, cust0 INT, amount0 BIGINT, note0 STRING',
        query: 'SELECT * FROM o x JOIN o y ON x.cust = y.cust AND x.id < y.id',
      },
      [3, 6],
    );
    const scans = findNodes(n.logical, 'Scan');
    expect(scans.map(names)).toEqual([
      ['id', 'cust', 'amount', 'note'],
      ['id', 'cust', 'amount', 'note'],
    ]);
    const join = onlyJoin(n.logical);
    expect(names(join.left)).toEqual(['id', 'cust', 'note']);
    expect(names(join.right)).toEqual(['id', 'cust', 'amount']);
    expect(n.final).toEqual(['+I[p, 0]', '+I[p, 500]', '+I[r, 0]']);
    // one source operator feeds both join inputs (sub-plan reuse of the equal scans)
    const physical = find(n.root, 'Join') as JoinNode;
    expect(find(physical.left, 'TableSourceScan')).toBe(find(physical.right, 'TableSourceScan'));
  });

  it('the branches of a UNION ALL over one table share one widened scan', async () => {
    const n = await run('v STRING', 'SELECT note FROM o UNION ALL SELECT CAST(amount AS STRING) FROM o');
    expect(findNodes(n.logical, 'Scan').map(names)).toEqual([
      ['amount', 'note'],
      ['amount', 'note'],
    ]);
    expect(n.final).toHaveLength(12);
  });

  it('a join whose inputs are all read changes nothing', async () => {
    const n = await run(
      'id INT, cid INT',
      'SELECT o.id, c.cid FROM (SELECT id, cust FROM o) o JOIN (SELECT cid FROM c) c ON o.cust = c.cid',
    );
    const join = onlyJoin(n.logical);
    expect(names(join.left)).toEqual(['id', 'cust']);
    expect(names(join.right)).toEqual(['cid']);
    expectFixedPoint(n.logical);
  });
});
