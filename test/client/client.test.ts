import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientError, connect, Decimal, SqlDate, SqlTimestamp } from '../../src/index.ts';
import { DATAGEN, startTestGateway, type TestGateway, waitFor } from '../gateway/helpers.ts';
import { startProxy } from './proxy.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ resultBufferRows: 200 });
});
afterAll(async () => {
  await gw.stop();
});

const TYPED = `SELECT TRUE AS bo, CAST(1 AS TINYINT) AS ti, CAST(-2 AS SMALLINT) AS si, 3 AS it,
  CAST('9223372036854775807' AS BIGINT) AS bi, CAST(1.5 AS FLOAT) AS fl, CAST(2.25 AS DOUBLE) AS db,
  CAST('-12345678901234.5678' AS DECIMAL(20, 4)) AS dc, CAST('ab' AS CHAR(3)) AS ch,
  CAST('xyz' AS VARCHAR(10)) AS vc, X'0102' AS bin, CAST(X'ff' AS BYTES) AS byt, DATE '2024-01-31' AS dt,
  TIME '12:34:56' AS tim, TIMESTAMP '2024-01-31 12:34:56.789' AS tsa,
  CAST('2024-01-31 12:34:56.123456789' AS TIMESTAMP(9)) AS tsb, TO_TIMESTAMP_LTZ(1706704496789, 3) AS ltz,
  INTERVAL '2' YEAR AS iym, INTERVAL '3' DAY AS ids, ARRAY[1, 2] AS arr, MAP['a', 1] AS mp,
  ROW(1, ARRAY['x']) AS rw, CAST(NULL AS INT) AS nn, CAST(NULL AS DECIMAL(5, 1)) AS nd`;

describe('client library against a real gateway', () => {
  it('decodes every type the engine produces and binds typed parameters', async () => {
    const c = await connect({ url: gw.url });
    const st = await c.execute(TYPED);
    expect(st.schema.map((col) => col.name)).toContain('tsb');
    const [change, ...rest] = await st.toArray();
    expect(rest).toEqual([]);
    const row = change!.row;
    const byName = Object.fromEntries(st.schema.map((col, i) => [col.name, row[i]]));
    expect(byName).toMatchObject({
      bo: true,
      ti: 1,
      si: -2,
      it: 3,
      bi: 9223372036854775807n,
      fl: 1.5,
      db: 2.25,
    });
    expect(String(byName.dc)).toBe('-12345678901234.5678');
    expect((byName.dc as Decimal).unscaled).toBe(-123456789012345678n);
    expect(byName.ch).toBe('ab ');
    expect(byName.vc).toBe('xyz');
    expect(byName.bin).toEqual(new Uint8Array([1, 2]));
    expect(byName.byt).toEqual(new Uint8Array([255]));
    expect(byName.dt).toEqual(new SqlDate(2024, 1, 31));
    expect(String(byName.tim)).toBe('12:34:56');
    expect(String(byName.tsa)).toBe('2024-01-31T12:34:56.789');
    const tsb = byName.tsb as SqlTimestamp;
    expect([tsb.toString(), tsb.nanos, tsb.toDate().toISOString()]).toEqual([
      '2024-01-31T12:34:56.123456789',
      123456789,
      '2024-01-31T12:34:56.123Z',
    ]);
    expect((byName.ltz as SqlTimestamp).withLocalTimeZone).toBe(true);
    expect((byName.ltz as SqlTimestamp).toDate().getTime()).toBe(1706704496789);
    expect([byName.iym, byName.ids]).toEqual([24, 259_200_000]);
    expect(byName.arr).toEqual([1, 2]);
    expect(byName.mp).toEqual(new Map([['a', 1]]));
    expect(byName.rw).toEqual([1, ['x']]);
    expect([byName.nn, byName.nd]).toEqual([null, null]);

    const params = [
      12345678901234567n,
      Decimal.parse('-0.05'),
      new Uint8Array([7, 8]),
      new SqlTimestamp(Date.UTC(2024, 0, 31, 1, 2, 3, 4), 5, 9, false),
      "it's",
      { type: 'INT', value: null },
      2.5,
      true,
    ];
    const [echo] = await c.query('SELECT ?, ?, ?, ?, ?, ?, ?, ?', params);
    expect(echo!.map(String)).toEqual(
      params.map((p) => (typeof p === 'object' && p !== null && 'type' in p ? 'null' : String(p))),
    );
    expect(echo![1]).toBeInstanceOf(Decimal);
    expect(echo![2]).toEqual(new Uint8Array([7, 8]));
    await c.close();
  }, 120_000);

  it('streams a bounded query, lists metadata and reports positioned SQL errors', async () => {
    const c = await connect({ url: gw.url });
    await c.execute(DATAGEN(300, 'bounded_gen'));
    expect(await c.tables()).toContainEqual({
      name: 'bounded_gen',
      catalog: 'default_catalog',
      database: 'default_database',
    });
    expect(await c.catalogs()).toContain('default_catalog');
    expect(await c.databases()).toContain('default_database');
    expect((await c.columns('bounded_gen')).map((col) => [col.name, col.type.type])).toEqual([
      ['id', 'BIGINT'],
      ['price', 'DECIMAL'],
      ['ts', 'TIMESTAMP'],
    ]);
    const rows = await c.query('SELECT id, price FROM bounded_gen WHERE id > ?', [100n]);
    expect(rows.map((r) => r[0])).toEqual(Array.from({ length: 200 }, (_, i) => BigInt(i + 101)));
    expect(rows[0]![1]).toBeInstanceOf(Decimal);
    const error = await c.execute('SELECT id,\n  FROM bounded_gen').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ClientError);
    expect(error).toMatchObject({ code: 'SYNTAX', line: 2, column: 3 });
    const unknown = await c.execute('SELECT nope FROM bounded_gen').catch((e: unknown) => e);
    expect(unknown).toMatchObject({ code: 'VALIDATION', line: 1, column: 8 });
    await c.close();
  }, 120_000);

  it('cancel stops a running unbounded statement', async () => {
    const c = await connect({ url: gw.url, creditWindow: 50 });
    await c.execute(
      "CREATE TABLE endless (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '500', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '100000000')",
    );
    const st = await c.execute('SELECT id FROM endless');
    expect(st.traits.isBounded).toBe(false);
    await expect(st.toArray()).rejects.toMatchObject({ code: 'UNBOUNDED' });
    let seen = 0;
    for await (const change of st) {
      expect(change.row[0]).toBe(BigInt(++seen));
      if (seen === 120) break; // leaving the loop cancels the statement
    }
    expect(st.phase).toBe('STOPPED');
    const phase = await waitFor(async () => {
      const r = await gw.request('GET', `/v1/environments/default/statements/${st.name}`);
      const p = (r.body.status as { phase: string }).phase;
      return p === 'STOPPED' ? p : undefined;
    }, 'the statement to stop');
    expect(phase).toBe('STOPPED');
    await c.close();
  }, 120_000);

  it('re-attaches after the connection drops, without losing or repeating rows', async () => {
    const proxy = await startProxy(gw.url);
    const c = await connect({ url: proxy.url, creditWindow: 100, reconnect: { attempts: 5, delayMs: 100 } });
    await c.execute(DATAGEN(3000, 'resume_gen'));
    const st = await c.execute('SELECT id FROM resume_gen');
    const ids: bigint[] = [];
    for await (const change of st) {
      ids.push(change.row[0] as bigint);
      if (ids.length === 250 || ids.length === 1700) proxy.cut();
    }
    expect(c.reconnects).toBe(2);
    expect(st.phase).toBe('COMPLETED');
    expect(ids).toEqual(Array.from({ length: 3000 }, (_, i) => BigInt(i + 1)));
    await c.close();
    await proxy.close();
  }, 180_000);

  it('materialize keeps the current table of an updating query', async () => {
    const c = await connect({ url: gw.url });
    const st = await c.execute(
      "SELECT k, COUNT(*) AS n FROM (VALUES ('a'), ('b'), ('a'), ('a')) AS t(k) GROUP BY k",
    );
    let last: unknown[][] = [];
    for await (const snapshot of st.materialize()) last = snapshot;
    expect(last.map((r) => [r[0], r[1]]).sort()).toEqual([
      ['a', 3n],
      ['b', 1n],
    ]);
    await c.close();
  }, 120_000);
});
