import { describe, expect, it } from 'vitest';
import { ValuesTestConnector } from '../../src/conformance/values-connector.ts';
import { explainLogical } from '../../src/planner/index.ts';
import { FactoryConnectorRegistry } from '../../src/planner/physical/connectors.ts';
import { buildJob } from '../../src/planner/physical/job-builder.ts';
import { planStatement } from '../../src/planner/physical/planner.ts';
import { RowKind } from '../../src/runtime/batch.ts';
import { Session } from './helpers.ts';

const DDL = `
  CREATE TABLE probe (pk STRING, pv INT, pts TIMESTAMP(3), WATERMARK FOR pts AS pts) WITH ('connector' = 'values');
  CREATE TABLE b (bk STRING, bv INT, bts TIMESTAMP(3), WATERMARK FOR bts AS bts) WITH ('connector' = 'values');
  CREATE TABLE s (pk STRING, pv INT, bv INT) WITH ('connector' = 'values');`;

async function run(insert: string): Promise<{ changelog: readonly string[]; plan: string }> {
  const session = new Session();
  await session.script(DDL);
  const values = new ValuesTestConnector();
  const t = (s: number): number => Date.UTC(2020, 0, 1, 0, 0, s);
  const probe = [
    ['a', 1, t(60)],
    ['c', 3, t(61)],
  ];
  const build = [
    ['a', 10, t(1)],
    ['a', 11, t(2)],
    ['late', 0, t(20)],
  ];
  values.setData('probe', { rows: probe, kinds: probe.map(() => RowKind.INSERT) });
  values.setData('b', { rows: build, kinds: build.map(() => RowKind.INSERT) });
  const env = {
    connectors: new FactoryConnectorRegistry().register('values', values),
    config: new Map<string, string>(),
  };
  const planned = planStatement(session.bind(insert), env);
  const { job } = buildJob(planned.roots, env);
  job.runToCompletion();
  return { changelog: values.sinks.get('s')!.changelog, plan: JSON.stringify(planned.roots[0]) };
}

describe('LATERAL SNAPSHOT join', () => {
  it('parses LATERAL SNAPSHOT(...) and LATERAL TABLE(SNAPSHOT(...)), plans a LateralSnapshotJoin', async () => {
    for (const call of [
      `LATERAL SNAPSHOT(input => TABLE b, on_time => DESCRIPTOR(bts), load_completed_time => CAST(TIMESTAMP '2020-01-01 00:00:10' AS TIMESTAMP_LTZ(3)))`,
      `LATERAL TABLE(SNAPSHOT(input => TABLE b, on_time => DESCRIPTOR(bts), load_completed_time => CAST(TIMESTAMP '2020-01-01 00:00:10' AS TIMESTAMP_LTZ(3))))`,
    ]) {
      const { changelog, plan } = await run(
        `INSERT INTO s SELECT probe.pk, probe.pv, x.bv FROM probe LEFT JOIN ${call} AS x ON probe.pk = x.bk`,
      );
      expect(plan).toContain('"kind":"LateralSnapshotJoin"');
      expect([...changelog].sort()).toEqual(['+I[a, 1, 10]', '+I[a, 1, 11]', '+I[c, 3, null]']);
    }
  });

  it('rejects an on_time column that is not a rowtime attribute', async () => {
    await expect(
      run(
        'INSERT INTO s SELECT probe.pk, probe.pv, x.bv FROM probe JOIN LATERAL SNAPSHOT(input => TABLE b, on_time => DESCRIPTOR(bv)) AS x ON probe.pk = x.bk',
      ),
    ).rejects.toThrow(/on_time column of SNAPSHOT must be a rowtime attribute/);
  });
});

describe('USER as a column name', () => {
  it('resolves an unquoted user to the column, as Flink does (no USER function)', async () => {
    const session = new Session();
    await session.script("CREATE TABLE u (`user` STRING, n INT) WITH ('connector' = 'values');");
    const bound = session.bind('SELECT user, n FROM u');
    if (bound.kind !== 'Query') throw new Error(`expected a query, got ${bound.kind}`);
    expect(explainLogical(bound.plan)).toContain('Project(user=[$0], n=[$1])');
    expect(() => session.bind('SELECT user FROM probe_less')).toThrow();
  });
});
