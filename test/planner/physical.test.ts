import { describe, expect, it } from 'vitest';
import { ValuesTestConnector } from '../../src/conformance/values-connector.ts';
import { FactoryConnectorRegistry } from '../../src/planner/physical/connectors.ts';
import { buildJob } from '../../src/planner/physical/job-builder.ts';
import type { GroupAggregateNode } from '../../src/planner/physical/nodes.ts';
import { planStatement } from '../../src/planner/physical/planner.ts';
import { RowKind } from '../../src/runtime/batch.ts';
import { SqlError } from '../../src/sql/errors.ts';
import { Session } from './helpers.ts';

async function setup(sinkDdl: string) {
  const s = new Session();
  await s.script(`CREATE TABLE t (a INT, b BIGINT) WITH ('connector' = 'values'); ${sinkDdl}`);
  const values = new ValuesTestConnector();
  const connectors = new FactoryConnectorRegistry().register('values', values);
  return { s, values, connectors, config: new Map<string, string>() };
}

describe('physical planning and changelog modes', () => {
  it('rejects an updating query into an insert-only sink, naming sink and producer', async () => {
    const { s, connectors, config } = await setup(
      "CREATE TABLE s (a INT, n BIGINT) WITH ('connector' = 'values', 'sink-insert-only' = 'true');",
    );
    const bound = s.bind('INSERT INTO s SELECT a, COUNT(*) FROM t GROUP BY a');
    let error: unknown;
    try {
      planStatement(bound, { connectors, config });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(SqlError);
    expect((error as SqlError).code).toBe('PLANNING');
    expect((error as SqlError).message).toContain(
      "Table sink 'default_catalog.default_database.s' doesn't support consuming update changes which is produced by node GroupAggregate(groupBy=[a]",
    );
  });

  it('emits -U for a retract sink and not for an upsert sink keyed by the group key', async () => {
    const retract = await setup("CREATE TABLE s (a INT, n BIGINT) WITH ('connector' = 'values');");
    const r = planStatement(retract.s.bind('INSERT INTO s SELECT a, COUNT(*) FROM t GROUP BY a'), retract);
    expect((r.roots[0]! as { input: GroupAggregateNode }).input.generateUpdateBefore).toBe(true);
    const upsert = await setup(
      "CREATE TABLE s (a INT, n BIGINT, PRIMARY KEY (a) NOT ENFORCED) WITH ('connector' = 'values');",
    );
    const u = planStatement(upsert.s.bind('INSERT INTO s SELECT a, COUNT(*) FROM t GROUP BY a'), upsert);
    const agg = (u.roots[0]! as { input: GroupAggregateNode }).input;
    expect(agg.generateUpdateBefore).toBe(false);
    expect(agg.changelogMode.kinds).toEqual(['I', 'UA']);
  });

  it('builds and runs a job: filter, group aggregate, retract changelog', async () => {
    const env = await setup("CREATE TABLE s (a INT, total BIGINT) WITH ('connector' = 'values');");
    env.values.setData('t', {
      rows: [
        [1, 10n],
        [2, 5n],
        [1, 7n],
        [3, -1n],
      ],
      kinds: [RowKind.INSERT, RowKind.INSERT, RowKind.INSERT, RowKind.INSERT],
    });
    const plan = planStatement(
      env.s.bind('INSERT INTO s SELECT a, SUM(b) FROM t WHERE b > 0 GROUP BY a'),
      env,
    );
    const { job } = buildJob(plan.roots, env);
    job.runToCompletion();
    expect(env.values.sinks.get('s')!.changelog).toEqual(['+I[1, 10]', '+I[2, 5]', '-U[1, 10]', '+U[1, 17]']);
  });
});
