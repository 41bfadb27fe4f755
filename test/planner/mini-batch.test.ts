import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ValuesTestConnector } from '../../src/conformance/values-connector.ts';
import { createConnectorRegistry } from '../../src/connectors/index.ts';
import { explainText } from '../../src/planner/explain/explain.ts';
import { FactoryConnectorRegistry } from '../../src/planner/physical/connectors.ts';
import { buildJob } from '../../src/planner/physical/job-builder.ts';
import { sourceFieldReads } from '../../src/planner/physical/nested-field-usage.ts';
import {
  type PhysicalNode,
  physicalInputs,
  type TableSourceScanNode,
} from '../../src/planner/physical/nodes.ts';
import { booleanOption, miniBatchSettings } from '../../src/planner/physical/options.ts';
import { planLogical, planStatement } from '../../src/planner/physical/planner.ts';
import { MiniBatchGroupAggregateOperator } from '../../src/runtime/operators/mini-batch-group-aggregate.ts';
import { Session } from './helpers.ts';
import { expectSql, type TableSpec } from './sql-cases.ts';

const MINI_BATCH = {
  'table.exec.mini-batch.enabled': 'true',
  'table.exec.mini-batch.allow-latency': '2 s',
  'table.exec.mini-batch.size': '3',
};
const config = (entries: Record<string, string>) => new Map(Object.entries(entries));

describe('planner options', () => {
  it('reads booleans case-insensitively and names the option of a bad value', () => {
    expect(booleanOption(config({ k: 'TRUE' }), 'k', false)).toBe(true);
    expect(booleanOption(config({ k: ' False ' }), 'k', true)).toBe(false);
    expect(booleanOption(config({}), 'k', true)).toBe(true);
    expect(() => booleanOption(config({ k: 'yes' }), 'k', false)).toThrow(
      "Option 'k' must be 'true' or 'false'",
    );
  });

  it('validates mini-batch as Flink does: positive latency and size only when it is enabled', () => {
    expect(miniBatchSettings(config({}))).toBeUndefined();
    expect(miniBatchSettings(config({ 'table.exec.mini-batch.size': '-5' }))).toBeUndefined();
    expect(miniBatchSettings(config(MINI_BATCH))).toEqual({ intervalMs: 2000, size: 3 });
    expect(() => miniBatchSettings(config({ 'table.exec.mini-batch.enabled': 'true' }))).toThrow(
      /MiniBatch latency must be greater than 0 ms.*allow-latency/,
    );
    expect(() =>
      miniBatchSettings(config({ ...MINI_BATCH, 'table.exec.mini-batch.allow-latency': '0 ms' })),
    ).toThrow(/MiniBatch latency must be greater than 0 ms/);
    const { 'table.exec.mini-batch.size': _, ...noSize } = MINI_BATCH;
    expect(() => miniBatchSettings(config(noSize))).toThrow(
      /'table.exec.mini-batch.size' must be > 0 in mini-batch mode.*default -1/,
    );
    expect(() => miniBatchSettings(config({ ...MINI_BATCH, 'table.exec.mini-batch.size': 'many' }))).toThrow(
      /must be > 0/,
    );
    expect(() => miniBatchSettings(config({ 'table.exec.mini-batch.enabled': 'on' }))).toThrow(
      "Option 'table.exec.mini-batch.enabled' must be 'true' or 'false', got 'on'",
    );
    expect(() =>
      miniBatchSettings(config({ ...MINI_BATCH, 'table.exec.mini-batch.allow-latency': 'soon' })),
    ).toThrow(/Cannot parse duration 'soon'/);
  });
});

async function plan(entries: Record<string, string>, sql: string) {
  const session = new Session();
  for (const [k, v] of Object.entries(entries)) session.config.set(k, v);
  await session.script(`
    CREATE TABLE src (a INT, b BIGINT, c STRING) WITH ('connector' = 'values');
    CREATE TABLE snk (a INT, n BIGINT, s BIGINT) WITH ('connector' = 'values');`);
  const connectors = new FactoryConnectorRegistry().register('values', new ValuesTestConnector());
  const physical = planLogical([session.plan(sql)], { connectors, config: session.config });
  return {
    text: explainText({ logical: physical.original, physical: physical.roots }),
    job: buildJob(physical.roots, { connectors, config: session.config }).job,
  };
}

const SPLIT_SQL = 'INSERT INTO snk SELECT a, COUNT(DISTINCT b), SUM(b) FROM src GROUP BY a';

describe('mini-batch planning', () => {
  it('runs both levels of a split distinct aggregate as mini-batch operators, assigner above the scan', async () => {
    const { text, job } = await plan(
      { ...MINI_BATCH, 'table.optimizer.distinct-agg.split.enabled': 'true' },
      SPLIT_SQL,
    );
    expect(text).toMatch(
      /\+- MiniBatchAssigner\(interval=\[2000ms\], mode=\[ProcTime\].*\n\s+\+- TableSourceScan/,
    );
    const aggregates = job.tasks.flatMap((t) => t.operators).filter((o) => o.name === 'GroupAggregate');
    expect(aggregates).toHaveLength(2);
    for (const a of aggregates) expect(a).toBeInstanceOf(MiniBatchGroupAggregateOperator);
  });

  it('leaves the plan alone when mini-batch is off', async () => {
    const { text, job } = await plan({}, SPLIT_SQL);
    expect(text).not.toContain('MiniBatchAssigner');
    const aggregates = job.tasks.flatMap((t) => t.operators).filter((o) => o.name === 'GroupAggregate');
    expect(aggregates.some((a) => a instanceof MiniBatchGroupAggregateOperator)).toBe(false);
  });

  it('rejects enabled mini-batch without allow-latency when planning', async () => {
    await expect(plan({ 'table.exec.mini-batch.enabled': 'true' }, SPLIT_SQL)).rejects.toThrow(
      /MiniBatch latency must be greater than 0 ms/,
    );
  });
});

describe('mini-batch and nested field selection', () => {
  const scans = (node: PhysicalNode): TableSourceScanNode[] =>
    node.kind === 'TableSourceScan' ? [node] : physicalInputs(node).flatMap(scans);

  it('the MiniBatchAssigner passes the fields read above it down to the source (Nexmark q16)', async () => {
    const dir = join(import.meta.dirname, '../../sql-examples/nexmark');
    const session = new Session();
    await session.script(readFileSync(join(dir, 'ddl.sql'), 'utf8'));
    await session.script(readFileSync(join(dir, 'q16.sql'), 'utf8').replace(/INSERT INTO[\s\S]*$/, ''));
    const insert = readFileSync(join(dir, 'q16.sql'), 'utf8').match(/INSERT INTO[\s\S]*?;/)![0];
    const readsWith = (config: Map<string, string>) => {
      const plan = planStatement(session.bind(insert.slice(0, -1)), {
        connectors: createConnectorRegistry({}),
        config,
      });
      const reads = sourceFieldReads(plan.roots);
      return { text: JSON.stringify(plan.roots.flatMap(scans).map((scan) => reads.get(scan))), plan };
    };
    expect(session.config.get('table.exec.mini-batch.enabled')).toBe('true');
    const withMiniBatch = readsWith(session.config);
    expect(withMiniBatch.text).toBe(readsWith(new Map()).text);
    expect(withMiniBatch.text).toContain('[0,1,2,3,5]');
  });
});

describe('mini-batch end to end', () => {
  const source: TableSpec = {
    name: 'src',
    columns: ['a INT', 'b BIGINT', 'c STRING'],
    primaryKey: ['c'],
    options: { 'changelog-mode': 'I,UB,UA,D' },
    rows: [
      ['+I', [1, 1, 'r1']],
      ['+I', [2, 2, 'r2']],
      ['+I', [2, 3, 'r3']],
      ['-U', [2, 3, 'r3']],
      ['+U', [1, 3, 'r3']],
      ['+I', [2, 2, 'r4']],
      ['-D', [1, 1, 'r1']],
      ['+I', [3, 5, 'r5']],
      ['-D', [3, 5, 'r5']],
    ],
  };
  const sink: TableSpec = {
    name: 'sink',
    columns: ['a INT', 'n BIGINT', 'f BIGINT', 's BIGINT'],
    primaryKey: ['a'],
  };
  const sql =
    'INSERT INTO sink SELECT a, COUNT(DISTINCT b), COUNT(DISTINCT b) FILTER (WHERE b > 2), SUM(b) FROM src GROUP BY a';
  const materialized = ['+I[1, 1, 1, 3]', '+I[2, 1, 0, 4]'];

  it.each([
    ['plain', {}],
    ['mini-batch', MINI_BATCH],
    ['mini-batch, split distinct', { ...MINI_BATCH, 'table.optimizer.distinct-agg.split.enabled': 'true' }],
    ['mini-batch, state TTL', { ...MINI_BATCH, 'table.exec.state.ttl': '1 h' }],
  ])('retractions, DISTINCT and FILTER give the same results (%s)', async (_, entries) => {
    await expectSql({ config: entries, sources: [source], sink, sql, materialized });
  });
});
