import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientError, connect, Decimal } from '../../src/index.ts';
import { DATAGEN, startTestGateway, type TestGateway, waitFor } from '../gateway/helpers.ts';
import { startProxy } from './proxy.ts';

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ resultBufferRows: 200 });
});
afterAll(async () => {
  await gw.stop();
});

// typed values and parameters of every type: values.test.ts

describe('client library against a real gateway', () => {
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

  it('re-attaches mid-stream while the consumer holds buffered rows and the server is out of credit', async () => {
    const proxy = await startProxy(gw.url);
    const window = 40;
    const c = await connect({
      url: proxy.url,
      creditWindow: window,
      reconnect: { attempts: 5, delayMs: 50 },
    });
    await c.execute(DATAGEN(2000, 'credit_gen'));
    const st = await c.execute('SELECT id FROM credit_gen');
    const ids: bigint[] = [];
    const cuts: number[] = [];
    for await (const change of st) {
      ids.push(change.row[0] as bigint);
      if (ids.length % 450 === 10) {
        // pause: the window fills (the server stops, out of credit) while rows wait unconsumed here
        await new Promise((r) => setTimeout(r, 300));
        expect(st.bufferedRows).toBeGreaterThan(0);
        expect(st.bufferedRows).toBeLessThanOrEqual(window);
        cuts.push(st.rowsReceived);
        proxy.cut();
      }
    }
    expect(c.reconnects).toBe(cuts.length);
    expect(cuts.length).toBe(5);
    expect(st.phase).toBe('COMPLETED');
    expect(ids).toEqual(Array.from({ length: 2000 }, (_, i) => BigInt(i + 1)));
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
