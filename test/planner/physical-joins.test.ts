import { describe, expect, it } from 'vitest';
import { ValuesTestConnector } from '../../src/conformance/values-connector.ts';
import { FactoryConnectorRegistry } from '../../src/planner/physical/connectors.ts';
import { buildJob } from '../../src/planner/physical/job-builder.ts';
import type { PhysicalNode } from '../../src/planner/physical/nodes.ts';
import { physicalInputs } from '../../src/planner/physical/nodes.ts';
import { planStatement } from '../../src/planner/physical/planner.ts';
import { RowKind } from '../../src/runtime/batch.ts';
import { Session } from './helpers.ts';

const I = RowKind.INSERT;

async function run(ddl: string, data: Record<string, unknown[][]>, insert: string) {
  const s = new Session();
  await s.script(ddl);
  const values = new ValuesTestConnector();
  for (const [name, rows] of Object.entries(data)) values.setData(name, { rows, kinds: rows.map(() => I) });
  const env = {
    connectors: new FactoryConnectorRegistry().register('values', values),
    config: new Map<string, string>(),
  };
  const plan = planStatement(s.bind(insert), env);
  const { job } = buildJob(plan.roots, env);
  job.runToCompletion();
  return { root: plan.roots[0]!, changelog: values.sinks.get('s')!.changelog };
}

function find(node: PhysicalNode, kind: string): PhysicalNode | undefined {
  if (node.kind === kind) return node;
  for (const input of physicalInputs(node)) {
    const found = find(input, kind);
    if (found) return found;
  }
  return undefined;
}

const TABLES = `
  CREATE TABLE o (id INT, cust INT, amount BIGINT) WITH ('connector' = 'values');
  CREATE TABLE c (cid INT, name STRING) WITH ('connector' = 'values');`;

describe('join planning', () => {
  it('plans an equi-join with a non-equi condition as an insert-only StreamingJoin', async () => {
    const { root, changelog } = await run(
      `${TABLES} CREATE TABLE s (id INT, name STRING) WITH ('connector' = 'values');`,
      {
        o: [
          [1, 10, 5n],
          [2, 20, 50n],
          [3, 10, 500n],
        ],
        c: [
          [10, 'ten'],
          [20, 'twenty'],
          [null, 'none'],
        ],
      },
      'INSERT INTO s SELECT o.id, c.name FROM o JOIN c ON o.cust = c.cid AND o.amount > 10',
    );
    const join = find(root, 'Join')!;
    expect(join.changelogMode.kinds).toEqual(['I']);
    expect([...changelog].sort()).toEqual(['+I[2, twenty]', '+I[3, ten]']);
  });

  it('turns WHERE equalities of a comma join into join keys, and a LEFT join retracts padded rows', async () => {
    const comma = await run(
      `${TABLES} CREATE TABLE s (id INT, name STRING) WITH ('connector' = 'values');`,
      { o: [[1, 10, 5n]], c: [[10, 'ten']] },
      'INSERT INTO s SELECT o.id, c.name FROM o, c WHERE o.cust = c.cid',
    );
    expect(find(comma.root, 'Join')).toMatchObject({ leftKeys: [1], rightKeys: [0] });
    const left = await run(
      `${TABLES} CREATE TABLE s (id INT, name STRING) WITH ('connector' = 'values');`,
      {
        o: [
          [1, 10, 5n],
          [2, 99, 5n],
        ],
        c: [[10, 'ten']],
      },
      'INSERT INTO s SELECT o.id, c.name FROM o LEFT JOIN c ON o.cust = c.cid',
    );
    expect(find(left.root, 'Join')!.changelogMode.kinds).toContain('D');
    const count = (row: string): number => left.changelog.filter((r) => r === row).length;
    expect(count('+I[1, ten]')).toBe(1);
    expect(count('+I[2, null]')).toBe(1);
    // a padded row emitted before its match arrived is retracted again
    expect(count('+I[1, null]')).toBe(count('-D[1, null]'));
  });

  it('plans NOT IN as a null-aware ANTI join', async () => {
    const { root, changelog } = await run(
      `${TABLES} CREATE TABLE s (id INT) WITH ('connector' = 'values');`,
      {
        o: [
          [1, 10, 5n],
          [2, null, 5n],
          [3, 30, 5n],
        ],
        c: [[10, 'ten']],
      },
      'INSERT INTO s SELECT id FROM o WHERE cust NOT IN (SELECT cid FROM c)',
    );
    expect(find(root, 'Join')).toMatchObject({ joinType: 'ANTI' });
    expect(changelog.filter((r) => r.startsWith('+I')).sort()).toContain('+I[3]');
    expect(changelog).not.toContain('+I[2]');
  });
});

describe('Top-N planning', () => {
  it('detects ROW_NUMBER <= N as a Rank with the append strategy and emits position updates', async () => {
    const { root, changelog } = await run(
      `CREATE TABLE t (k STRING, v INT) WITH ('connector' = 'values');
       CREATE TABLE s (k STRING, v INT, rn BIGINT) WITH ('connector' = 'values');`,
      {
        t: [
          ['a', 5],
          ['a', 7],
          ['a', 6],
        ],
      },
      'INSERT INTO s SELECT * FROM (SELECT k, v, ROW_NUMBER() OVER (PARTITION BY k ORDER BY v DESC) AS rn FROM t) WHERE rn <= 2',
    );
    expect(find(root, 'Rank')).toMatchObject({ strategy: 'append', rankEnd: 2, outputRankNumber: true });
    expect(changelog).toEqual([
      '+I[a, 5, 1]',
      '-U[a, 5, 1]',
      '+U[a, 7, 1]',
      '+I[a, 5, 2]',
      '-U[a, 5, 2]',
      '+U[a, 6, 2]',
    ]);
  });

  it('plans ORDER BY ... LIMIT as a SortLimit', async () => {
    const { root, changelog } = await run(
      `CREATE TABLE t (k STRING, v INT) WITH ('connector' = 'values');
       CREATE TABLE s (k STRING, v INT) WITH ('connector' = 'values');`,
      {
        t: [
          ['a', 5],
          ['b', 1],
          ['c', 3],
        ],
      },
      'INSERT INTO s SELECT * FROM t ORDER BY v LIMIT 1',
    );
    expect(find(root, 'SortLimit')).toBeDefined();
    expect(changelog).toEqual(['+I[a, 5]', '-D[a, 5]', '+I[b, 1]']);
  });
});
