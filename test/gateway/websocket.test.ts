import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { DATAGEN, startTestGateway, type TestGateway } from './helpers.ts';

type Msg = Record<string, unknown> & { type: string };

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ resultBufferRows: 64 });
});
afterAll(async () => {
  await gw.stop();
});

/** A tiny client: queued incoming messages, `next(type)` waits for the next message of a type. */
async function connect(): Promise<{
  ws: WebSocket;
  send: (m: Record<string, unknown>) => void;
  next: (type?: string, ms?: number) => Promise<Msg>;
  all: Msg[];
}> {
  const ws = new WebSocket(`${gw.url.replace('http', 'ws')}/v1/ws`);
  await new Promise((r, j) => {
    ws.once('open', r);
    ws.once('error', j);
  });
  const all: Msg[] = [];
  const queue: Msg[] = [];
  let waiter: (() => void) | undefined;
  ws.on('message', (d) => {
    const m = JSON.parse(String(d)) as Msg;
    all.push(m);
    queue.push(m);
    waiter?.();
  });
  const next = async (type?: string, ms = 90_000): Promise<Msg> => {
    const deadline = Date.now() + ms;
    for (;;) {
      const i = queue.findIndex((m) => type === undefined || m.type === type);
      if (i >= 0) return queue.splice(i, 1)[0]!;
      if (Date.now() > deadline)
        throw new Error(`no '${type}' message; got ${JSON.stringify(all.slice(-3))}`);
      await new Promise<void>((r) => {
        waiter = r;
        setTimeout(r, 200);
      });
    }
  };
  return { ws, send: (m) => ws.send(JSON.stringify(m)), next, all };
}

describe('WebSocket protocol', () => {
  it('hello → ready; DDL and metadata; bad SQL is a positioned error', async () => {
    const c = await connect();
    c.send({ type: 'hello', protocol: 1, properties: { 'table.local-time-zone': 'UTC' } });
    expect(await c.next('ready')).toMatchObject({ protocol: 1, environment: 'default' });
    c.send({ type: 'execute', id: 1, sql: DATAGEN(300, 'wsgen') });
    expect(await c.next('accepted')).toMatchObject({ id: 1, phase: 'COMPLETED' });
    c.send({ type: 'metadata', id: 2, what: 'tables' });
    expect((await c.next('metadata')).items).toEqual([
      { name: 'wsgen', catalog: 'default_catalog', database: 'default_database' },
    ]);
    c.send({ type: 'metadata', id: 3, what: 'columns', table: 'wsgen' });
    expect((await c.next('metadata')).items).toMatchObject([
      { name: 'id', type: { type: 'BIGINT' } },
      { name: 'price', type: { type: 'DECIMAL', scale: 2 } },
      { name: 'ts' },
    ]);
    c.send({ type: 'metadata', id: 4, what: 'catalogs' });
    expect((await c.next('metadata')).items).toEqual([{ name: 'default_catalog' }]);
    c.send({ type: 'execute', id: 5, sql: 'SELECT FROM wsgen' });
    expect(await c.next('error')).toMatchObject({ id: 5, error: { code: 'SYNTAX', line: 1 } });
    c.send({ type: 'close' });
  });

  it('streams a bounded query under credits, never more rows than granted, and re-attaches after a reconnect', async () => {
    const c = await connect();
    c.send({ type: 'hello' });
    await c.next('ready');
    c.send({
      type: 'execute',
      id: 1,
      sql: 'SELECT id, price, ts FROM wsgen WHERE id > ?',
      params: [{ type: 'BIGINT', value: '0' }],
      credit: 10,
    });
    const accepted = await c.next('accepted');
    const name = String(accepted.statement);
    const schema = await c.next('schema');
    expect(schema.columns).toMatchObject([
      { name: 'id', type: { type: 'BIGINT' } },
      { name: 'price' },
      { name: 'ts', type: { precision: 3 } },
    ]);
    const first = await c.next('rows');
    const changes = first.changes as { op: number; row: unknown[] }[];
    expect(changes.length).toBeLessThanOrEqual(10);
    expect(changes[0]!.row[0]).toBe('1');
    expect(typeof changes[0]!.row[1]).toBe('string');
    expect(String(changes[0]!.row[2])).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}$/);
    let received = changes.length;
    while (received < 10) received += ((await c.next('rows')).changes as unknown[]).length;
    // no credit left: nothing more arrives
    await new Promise((r) => setTimeout(r, 500));
    expect(
      c.all.filter((m) => m.type === 'rows').reduce((n, m) => n + (m.changes as unknown[]).length, 0),
    ).toBe(10);
    // acknowledge 10 rows, then drop the connection and resume from offset 10 on a new one
    c.send({ type: 'ack', statement: name, ack: 10 });
    await new Promise((r) => setTimeout(r, 200));
    c.ws.terminate();
    const d = await connect();
    d.send({ type: 'hello' });
    await d.next('ready');
    d.send({ type: 'attach', statement: name, offset: 10, credit: 1000 });
    await d.next('schema');
    const ids: string[] = [];
    for (;;) {
      const m = await d.next();
      if (m.type === 'rows') {
        for (const ch of m.changes as { row: unknown[] }[]) ids.push(String(ch.row[0]));
        d.send({
          type: 'credit',
          statement: name,
          rows: (m.changes as unknown[]).length,
          ack: Number(m.offset) + (m.changes as unknown[]).length,
        });
      } else if (m.type === 'end') {
        expect(m.phase).toBe('COMPLETED');
        break;
      }
    }
    expect(ids[0]).toBe('11');
    expect(ids).toHaveLength(290);
    d.send({ type: 'close' });
  }, 240_000);
});
