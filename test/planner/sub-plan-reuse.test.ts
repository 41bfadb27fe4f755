import { describe, expect, it } from 'vitest';
import { ValuesTestConnector } from '../../src/conformance/values-connector.ts';
import { planSignatures } from '../../src/gateway/engine/operator-signatures.ts';
import { physicalTree } from '../../src/planner/explain/explain.ts';
import { FactoryConnectorRegistry } from '../../src/planner/physical/connectors.ts';
import { buildJob } from '../../src/planner/physical/job-builder.ts';
import type { PhysicalNode } from '../../src/planner/physical/nodes.ts';
import { planLogical } from '../../src/planner/physical/planner.ts';
import { Session } from './helpers.ts';
import { expectSql, type TableSpec } from './sql-cases.ts';

const OFF = { 'table.optimizer.reuse-sub-plan-enabled': 'false' };
const NO_SOURCE_REUSE = { 'table.optimizer.reuse-source-enabled': 'false' };

const DDL = `
  CREATE TABLE bids (auction BIGINT, price BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
    WITH ('connector' = 'values');
  CREATE TABLE hot (auction BIGINT, num BIGINT) WITH ('connector' = 'values');
  CREATE TABLE pairs (a BIGINT, b DOUBLE, c BIGINT, d DOUBLE) WITH ('connector' = 'values');`;

/** Nexmark q5's shape: per-auction HOP counts joined with the per-window maximum of the same counts. */
const Q5 = `INSERT INTO hot SELECT A.auction, A.num FROM (
    SELECT auction, COUNT(*) AS num, window_start AS s, window_end AS e
    FROM TABLE(HOP(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' SECOND, INTERVAL '2' SECOND))
    GROUP BY auction, window_start, window_end) AS A
  JOIN (
    SELECT MAX(num) AS maxn, s, e FROM (
      SELECT COUNT(*) AS num, window_start AS s, window_end AS e
      FROM TABLE(HOP(TABLE bids, DESCRIPTOR(ts), INTERVAL '1' SECOND, INTERVAL '2' SECOND))
      GROUP BY auction, window_start, window_end)
    GROUP BY s, e) AS M
  ON A.s = M.s AND A.e = M.e AND A.num >= M.maxn`;

const connectors = new FactoryConnectorRegistry().register('values', new ValuesTestConnector());

async function plan(sql: string, config: Record<string, string> = {}) {
  const session = new Session();
  for (const [k, v] of Object.entries(config)) session.config.set(k, v);
  await session.script(DDL);
  const physical = planLogical([session.plan(sql)], { connectors, config: session.config });
  return { roots: physical.roots, text: physicalTree(physical.roots), config: session.config };
}

const count = (text: string, pattern: RegExp): number => text.match(new RegExp(pattern, 'g'))?.length ?? 0;

describe('sub-plan reuse', () => {
  it("plans q5's HOP count once and marks it as Flink does (reuse_id / Reused)", async () => {
    const { text } = await plan(Q5);
    expect(count(text, /WindowAggregate\(/)).toBe(1);
    expect(text).toMatch(/WindowAggregate\(groupBy=\[auction\].*changelogMode=\[I\], reuse_id=\[1\]\)/);
    expect(count(text, /Reused\(reference_id=\[1\]\)/)).toBe(1);
    // the reused node is printed without its inputs
    expect(text).toMatch(/\+- Reused\(reference_id=\[1\]\)$/);
    expect(count(text, /TableSourceScan\(/)).toBe(1);
  });

  it('still plans the HOP count once with mini-batch on (an assigner on every branch)', async () => {
    const { text } = await plan(Q5, {
      'table.exec.mini-batch.enabled': 'true',
      'table.exec.mini-batch.allow-latency': '2s',
      'table.exec.mini-batch.size': '1000',
    });
    expect(text).toContain('MiniBatchAssigner(interval=[2000ms], mode=[ProcTime]');
    expect(count(text, /WindowAggregate\(/)).toBe(1);
    expect(count(text, /Reused\(reference_id=\[1\]\)/)).toBe(1);
  });

  it('shares one node object between the consumers', async () => {
    const { roots } = await plan(Q5);
    const aggregates = new Set<PhysicalNode>();
    const walk = (n: PhysicalNode): void => {
      if (n.kind === 'WindowAggregate') aggregates.add(n);
      if ('input' in n) walk(n.input);
      if ('left' in n) {
        walk(n.left);
        walk(n.right);
      }
    };
    for (const r of roots) walk(r);
    expect(aggregates.size).toBe(1);
  });

  it("is turned off by 'table.optimizer.reuse-sub-plan-enabled' = 'false'", async () => {
    const { text } = await plan(Q5, OFF);
    expect(text).not.toMatch(/Reused|reuse_id/);
    expect(count(text, /WindowAggregate\(/)).toBe(2);
    expect(count(text, /TableSourceScan\(/)).toBe(2);
  });

  it("does not share sources (nor what reads them) with 'reuse-source-enabled' = 'false'", async () => {
    const { text } = await plan(Q5, NO_SOURCE_REUSE);
    expect(text).not.toMatch(/Reused|reuse_id/);
    expect(count(text, /TableSourceScan\(/)).toBe(2);
  });

  it('shares an equal source read with different projections above it', async () => {
    const { text } = await plan(
      'INSERT INTO pairs SELECT x.auction, CAST(x.price AS DOUBLE), y.auction, CAST(y.price * 2 AS DOUBLE) FROM bids x JOIN bids y ON x.auction = y.price',
    );
    expect(count(text, /reuse_id=\[1\]/)).toBe(1);
    expect(count(text, /Reused\(reference_id=\[1\]\)/)).toBe(1);
  });

  it('never shares non-deterministic expressions', async () => {
    const { text } = await plan(
      'INSERT INTO pairs SELECT x.auction, x.r, y.auction, y.r FROM (SELECT auction, RAND() AS r FROM bids) x JOIN (SELECT auction, RAND() AS r FROM bids) y ON x.auction = y.auction',
    );
    expect(count(text, /RAND\(\)/)).toBe(2);
    // the scan below them is still read once
    expect(count(text, /TableSourceScan\(/)).toBe(1);
    expect(count(text, /Reused\(reference_id=\[1\]\)/)).toBe(1);
  });

  it('does not share sources whose options differ', async () => {
    const { text } = await plan(
      `INSERT INTO pairs SELECT x.auction, 1e0, y.auction, 2e0 FROM bids x JOIN bids /*+ OPTIONS('bounded' = 'true') */ y ON x.auction = y.auction`,
    );
    expect(text).not.toMatch(/Reused|reuse_id/);
    expect(count(text, /TableSourceScan\(/)).toBe(2);
  });

  it('builds the shared sub-plan once, its task fanning out to both consumers', async () => {
    const operatorsNamed = (
      roots: readonly PhysicalNode[],
      config: ReadonlyMap<string, string>,
      name: string,
    ) =>
      buildJob(roots, { connectors, config })
        .job.tasks.flatMap((t) => t.operators)
        .filter((op) => op.name === name).length;
    const shared = await plan(Q5);
    const built = buildJob(shared.roots, { connectors, config: shared.config });
    const aggregateTask = built.job.tasks.find((t) =>
      t.operators.some((op) => op.name === 'WindowAggregate'),
    );
    expect(aggregateTask?.output.queues.length).toBe(2);
    expect(operatorsNamed(shared.roots, shared.config, 'WindowAggregate')).toBe(1);
    const separate = await plan(Q5, OFF);
    expect(operatorsNamed(separate.roots, separate.config, 'WindowAggregate')).toBe(2);
  });

  it('gives a shared stateful node one savepoint signature, as many as the job has operators', async () => {
    for (const config of [{}, OFF]) {
      const { roots, config: sessionConfig } = await plan(Q5, config);
      const operators = buildJob(roots, { connectors, config: sessionConfig }).job.tasks.flatMap(
        (t) => t.operators,
      );
      for (const [name, signatures] of planSignatures(roots)) {
        expect(signatures.length, name).toBe(operators.filter((op) => op.name === name).length);
      }
      expect(planSignatures(roots).get('WindowAggregate')?.length).toBe(config === OFF ? 2 : 1);
    }
  });

  it('gives the same results with and without reuse', async () => {
    const bids: TableSpec = {
      name: 'bids',
      columns: [
        'auction BIGINT',
        'price BIGINT',
        'ts TIMESTAMP(3)',
        "WATERMARK FOR ts AS ts - INTERVAL '1' SECOND",
      ],
      rows: [
        ['+I', [1, 10, '2020-10-10T00:00:00.500']],
        ['+I', [1, 11, '2020-10-10T00:00:00.700']],
        ['+I', [2, 12, '2020-10-10T00:00:01.200']],
        ['+I', [3, 13, '2020-10-10T00:00:02.100']],
        ['+I', [3, 14, '2020-10-10T00:00:02.300']],
        ['+I', [2, 15, '2020-10-10T00:00:02.900']],
        ['+I', [2, 16, '2020-10-10T00:00:05.000']],
      ],
    };
    const sink: TableSpec = { name: 'hot', columns: ['auction BIGINT', 'num BIGINT'] };
    // windows [-1, 1) {1: 2}, [0, 2) {1: 2, 2: 1}, [1, 3) {2: 2, 3: 2}, [2, 4) {3: 2, 2: 1},
    // [4, 6) and [5, 7) {2: 1}
    const materialized = ['+I[1, 2]', '+I[1, 2]', '+I[2, 2]', '+I[3, 2]', '+I[3, 2]', '+I[2, 1]', '+I[2, 1]'];
    await expectSql({ sources: [bids], sink, sql: Q5, materialized });
    await expectSql({ sources: [bids], sink, sql: Q5, materialized, config: OFF });
  });
});
