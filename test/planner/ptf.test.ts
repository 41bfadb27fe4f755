import { describe, expect, it } from 'vitest';
import { ValuesTestConnector } from '../../src/conformance/values-connector.ts';
import { FactoryConnectorRegistry } from '../../src/planner/physical/connectors.ts';
import type { PhysicalNode } from '../../src/planner/physical/nodes.ts';
import { physicalInputs } from '../../src/planner/physical/nodes.ts';
import { planStatement } from '../../src/planner/physical/planner.ts';
import { SqlError } from '../../src/sql/errors.ts';
import { Session } from './helpers.ts';

const DDL = `
  CREATE TABLE t (name STRING NOT NULL, id STRING, score BIGINT NOT NULL, PRIMARY KEY (name) NOT ENFORCED)
    WITH ('connector' = 'values', 'changelog-mode' = 'I,UB,UA,D');
  CREATE TABLE cdc (id INT, op STRING, name STRING) WITH ('connector' = 'values');
  CREATE TABLE by_id (id INT NOT NULL, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'values');
  CREATE TABLE all_changes (id INT, name STRING) WITH ('connector' = 'values');
  CREATE TABLE ev (u STRING, a STRING, ts TIMESTAMP_LTZ(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
    WITH ('connector' = 'values');
  CREATE TABLE upd (u STRING, a STRING, ts TIMESTAMP_LTZ(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
    WITH ('connector' = 'values', 'changelog-mode' = 'I,UB,UA,D');
`;

async function session(): Promise<Session> {
  const s = new Session();
  await s.script(DDL);
  return s;
}

const columns = (s: Session, sql: string) => s.plan(sql).schema.map((f) => f.name);

describe('built-in process table functions: binding', () => {
  it('TO_CHANGELOG puts PARTITION BY columns first, then op, then the rest', async () => {
    const s = await session();
    expect(columns(s, 'SELECT * FROM TO_CHANGELOG(input => TABLE t)')).toEqual(['op', 'name', 'id', 'score']);
    expect(columns(s, 'SELECT * FROM TO_CHANGELOG(input => TABLE t PARTITION BY id)')).toEqual([
      'id',
      'op',
      'name',
      'score',
    ]);
    expect(
      columns(
        s,
        'SELECT * FROM TO_CHANGELOG(input => TABLE t, op => DESCRIPTOR(kind), include_op_column => false)',
      ),
    ).toEqual(['name', 'id', 'score']);
  });

  it('TO_CHANGELOG with partial deletes makes non-key columns nullable', async () => {
    const s = await session();
    const schema = s.plan(
      'SELECT * FROM TO_CHANGELOG(input => TABLE t, produces_full_deletes => false)',
    ).schema;
    expect(schema.find((f) => f.name === 'score')?.type.nullable).toBe(true);
  });

  it("reports Flink's validation messages for bad op / op_mapping arguments", async () => {
    const s = await session();
    expect(s.error('SELECT * FROM TO_CHANGELOG(input => TABLE t, op => DESCRIPTOR(a, b))').message).toBe(
      "The descriptor for argument 'op' must contain exactly one column name.",
    );
    expect(
      s.error("SELECT * FROM TO_CHANGELOG(input => TABLE t, op_mapping => MAP['INVALID_KIND', 'X'])").message,
    ).toBe("Unknown change operation: 'INVALID_KIND'");
    expect(
      s.error(
        "SELECT * FROM TO_CHANGELOG(input => TABLE t, op_mapping => MAP['INSERT, DELETE', 'A', 'DELETE', 'B'])",
      ).message,
    ).toBe("Duplicate change operation: 'DELETE'");
    expect(s.error('SELECT * FROM TO_CHANGELOG(input => TABLE t, bogus => 1)').message).toContain(
      "Unknown argument 'bogus' of TO_CHANGELOG",
    );
  });

  it('FROM_CHANGELOG removes the op column and checks it exists', async () => {
    const s = await session();
    expect(columns(s, 'SELECT * FROM FROM_CHANGELOG(input => TABLE cdc)')).toEqual(['id', 'name']);
    expect(
      s.error('SELECT * FROM FROM_CHANGELOG(input => TABLE cdc, op => DESCRIPTOR(nope))').message,
    ).toContain("The op column 'nope'");
  });

  it('DEDUPLICATE_KEEP_FIRST appends rowtime with on_time and validates state_ttl', async () => {
    const s = await session();
    const plan = s.plan(
      'SELECT * FROM DEDUPLICATE_KEEP_FIRST(input => TABLE ev PARTITION BY u, on_time => DESCRIPTOR(ts))',
    );
    expect(plan.schema.map((f) => f.name)).toEqual(['u', 'a', 'ts', 'rowtime']);
    const rowtime = plan.schema[3]!.type;
    expect(rowtime.kind === 'TIMESTAMP_LTZ' && rowtime.timeAttribute).toBe('rowtime');
    expect(
      s.error(
        "SELECT * FROM DEDUPLICATE_KEEP_FIRST(input => TABLE ev PARTITION BY u, state_ttl => INTERVAL -'1' SECOND)",
      ).message,
    ).toContain('must not be negative');
    expect(
      s.error('SELECT * FROM DEDUPLICATE_KEEP_FIRST(input => TABLE ev PARTITION BY u, state_ttl => a)')
        .message,
    ).toContain('must be an INTERVAL literal');
    expect(
      s.error(
        'SELECT * FROM DEDUPLICATE_KEEP_FIRST(input => TABLE ev PARTITION BY u, reset_ttl_on_duplicate => a)',
      ).message,
    ).toContain('must be a BOOLEAN literal');
  });
});

describe('built-in process table functions: physical planning', () => {
  const plan = async (sql: string) => {
    const s = await session();
    const connectors = new FactoryConnectorRegistry().register('values', new ValuesTestConnector());
    return planStatement(s.bind(sql), { connectors, config: new Map() });
  };

  it('rejects event-time DEDUPLICATE_KEEP_FIRST over an updating input', async () => {
    const error = await plan(
      'SELECT * FROM DEDUPLICATE_KEEP_FIRST(input => TABLE upd PARTITION BY u, on_time => DESCRIPTOR(ts))',
    ).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SqlError);
    expect((error as SqlError).message).toContain('requires an append-only input');
  });

  it('rejects FROM_CHANGELOG over an updating input', async () => {
    const updating = await plan(
      "SELECT * FROM FROM_CHANGELOG(input => TABLE t, op => DESCRIPTOR(id), op_mapping => MAP['x', 'INSERT'])",
    ).catch((e: unknown) => e);
    expect(updating).toBeInstanceOf(SqlError);
    expect((updating as SqlError).message).toContain('FROM_CHANGELOG must be append-only');
  });

  /** The node kinds from the root down the first input, with ChangelogNormalize keys. */
  const chain = (node: PhysicalNode): string[] => {
    const here =
      node.kind === 'ChangelogNormalize' ? `ChangelogNormalize[${node.keys.join(',')}]` : node.kind;
    const input = physicalInputs(node)[0];
    return input === undefined ? [here] : [here, ...chain(input)];
  };
  const UPSERTS =
    "FROM_CHANGELOG(input => TABLE cdc PARTITION BY id, op_mapping => MAP['u', 'UPDATE_AFTER', 'd', 'DELETE'])";

  it('normalizes FROM_CHANGELOG upserts by the PARTITION BY key for consumers needing -U', async () => {
    const query = await plan(`SELECT name, COUNT(*) FROM ${UPSERTS} GROUP BY name`);
    expect(chain(query.roots[0]!)).toEqual([
      'GroupAggregate',
      'ChangelogNormalize[0]',
      'ProcessTableFunction',
      'TableSourceScan',
    ]);
    const retractSink = await plan(`INSERT INTO all_changes SELECT * FROM ${UPSERTS}`);
    expect(chain(retractSink.roots[0]!)).toContain('ChangelogNormalize[0]');
    expect(retractSink.roots[0]!.changelogMode.kinds).toEqual(['I', 'UB', 'UA', 'D']);
  });

  it('drops the normalization under an upsert sink keyed by the PARTITION BY key', async () => {
    const sink = await plan(`INSERT INTO by_id SELECT * FROM ${UPSERTS}`);
    expect(chain(sink.roots[0]!)).toEqual(['Sink', 'ProcessTableFunction', 'TableSourceScan']);
  });

  it('leaves retracting FROM_CHANGELOG mappings alone and needs a key for upserts', async () => {
    const retract = await plan('SELECT name, COUNT(*) FROM FROM_CHANGELOG(input => TABLE cdc) GROUP BY name');
    expect(chain(retract.roots[0]!)).not.toContain('ChangelogNormalize[0]');
    const unkeyed = await plan(
      "SELECT * FROM FROM_CHANGELOG(input => TABLE cdc, op_mapping => MAP['u', 'UPDATE_AFTER'])",
    ).catch((e: unknown) => e);
    expect(unkeyed).toBeInstanceOf(SqlError);
    expect((unkeyed as SqlError).message).toContain('no PARTITION BY key');
  });
});
