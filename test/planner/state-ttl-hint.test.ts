import { describe, expect, it } from 'vitest';
import { Session } from './helpers.ts';
import { expectSql, type TableSpec } from './sql-cases.ts';

const source = (beforeRestoreRows?: number): TableSpec => ({
  name: 'src',
  columns: ['k STRING', 'v INT'],
  rows: [
    ['+I', ['a', 1]],
    ['+I', ['a', 2]],
    ['+I', ['a', 3]],
  ],
  ...(beforeRestoreRows === undefined ? {} : { beforeRestoreRows }),
});
const sink: TableSpec = { name: 'sink', columns: ['k STRING', 'n BIGINT'], primaryKey: ['k'] };

describe('STATE_TTL hint on a group aggregate', () => {
  it('expires the aggregate state after the TTL (a restore a day later starts afresh)', async () => {
    await expectSql({
      sources: [source(2)],
      sink,
      sql: "INSERT INTO sink SELECT /*+ STATE_TTL('src' = '1h') */ k, COUNT(*) FROM src GROUP BY k",
      changelog: ['+I[a, 1]', '+U[a, 2]', '+I[a, 1]'],
    });
  });

  it('keeps state without the hint, and within the TTL', async () => {
    const changelog = ['+I[a, 1]', '+U[a, 2]', '+U[a, 3]'];
    await expectSql({
      sources: [source(2)],
      sink,
      sql: 'INSERT INTO sink SELECT k, COUNT(*) FROM src GROUP BY k',
      changelog,
    });
    await expectSql({
      sources: [source()],
      sink,
      sql: "INSERT INTO sink SELECT /*+ STATE_TTL('s' = '1s') */ k, COUNT(*) FROM src AS s GROUP BY k",
      changelog,
    });
  });

  it('shows the TTL in the plan and rejects keys that name no input', async () => {
    const session = new Session();
    await session.script("CREATE TABLE src (k STRING, v INT) WITH ('connector' = 'datagen');");
    const plan = session.plan("SELECT /*+ STATE_TTL('src' = '2 min') */ k, SUM(v) FROM src GROUP BY k");
    expect(plan.kind === 'Project' && plan.input.kind === 'Aggregate' ? plan.input.stateTtlMs : plan).toBe(
      120_000,
    );
    const e = session.error("SELECT /*+ STATE_TTL('other' = '1d') */ k, SUM(v) FROM src GROUP BY k");
    expect(e.message).toMatch(/cannot match the name of input tables or views: 'other'/);
  });
});
