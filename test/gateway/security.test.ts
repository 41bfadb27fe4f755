import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { createGatewayLogger, maskSecrets } from '../../src/gateway/auth/redact.ts';
import { DEFAULT_CONFIG, type GatewayConfig } from '../../src/gateway/config.ts';
import { type StartedGateway, startGateway } from '../../src/gateway/server.ts';
import { startTestGateway, statement, type TestGateway, waitFor } from './helpers.ts';

const S = '/v1/environments/default/statements';
const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });
const ENDLESS = "CREATE TABLE endless (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '1')";

/** Opens a WebSocket and resolves with the first message after `hello` (or the close code). */
function wsExchange(
  url: string,
  messages: readonly Record<string, unknown>[],
  headers: Record<string, string> = {},
  until: (m: Record<string, unknown>) => boolean = () => false,
): Promise<{ received: Record<string, unknown>[]; closeCode?: number }> {
  const received: Record<string, unknown>[] = [];
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/v1/ws`, { headers });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`WebSocket exchange timed out; received ${JSON.stringify(received)}`));
    }, 60_000);
    ws.on('open', () => {
      for (const m of messages) ws.send(typeof m.raw === 'string' ? m.raw : JSON.stringify(m));
    });
    ws.on('message', (d) => {
      const m = JSON.parse(String(d)) as Record<string, unknown>;
      received.push(m);
      if (until(m)) {
        clearTimeout(timer);
        ws.close();
        resolve({ received });
      }
    });
    ws.on('close', (code) => {
      clearTimeout(timer);
      resolve({ received, closeCode: code });
    });
    ws.on('error', () => {});
  });
}

describe('per-key limits and request size limits', () => {
  let gw: TestGateway;
  let admin: string;
  beforeAll(async () => {
    gw = await startTestGateway({
      auth: { enabled: true },
      maxRunningStatementsPerKey: 2,
      bodyLimitBytes: 4096,
      defaultPool: { maxCfu: 1 },
    });
    admin = gw.bootstrapToken!;
    expect((await gw.request('POST', S, statement(ENDLESS), bearer(admin))).status).toBe(201);
  });
  afterAll(async () => {
    await gw.stop();
  });

  const developerKey = async (): Promise<string> => {
    const res = await gw.request('POST', '/v1/api-keys', { roles: { default: 'developer' } }, bearer(admin));
    expect(res.status).toBe(201);
    return String(res.body.token);
  };

  it('answers 429 when a key has maxRunningStatementsPerKey pending or running statements', async () => {
    const alice = await developerKey();
    const bob = await developerKey();
    const aliceId = alice.split('.')[0]!;
    for (const name of ['alice-1', 'alice-2'])
      expect(
        (await gw.request('POST', S, statement('SELECT id FROM endless', name), bearer(alice))).status,
      ).toBe(201);
    const over = await gw.request('POST', S, statement('SELECT id FROM endless', 'alice-3'), bearer(alice));
    expect(over.status).toBe(429);
    expect(over.body).toMatchObject({ code: 'TOO_MANY_STATEMENTS' });
    expect(String(over.body.message)).toBe(
      `API key '${aliceId}' already has 2 pending or running statements; stop or delete one first`,
    );
    expect((await gw.request('GET', `${S}/alice-3`, undefined, bearer(admin))).status).toBe(404);
    // statements that run no job are not limited
    const show = await gw.request('POST', S, statement('SHOW TABLES', 'alice-show'), bearer(alice));
    expect(show.status).toBe(201);
    expect(show.body.status).toMatchObject({ phase: 'COMPLETED' });

    // the limit is per key: another key is not affected
    expect(
      (await gw.request('POST', S, statement('SELECT id FROM endless', 'bob-1'), bearer(bob))).status,
    ).toBe(201);

    // the same limit over WebSocket
    const ws = await wsExchange(
      gw.url,
      [
        { type: 'hello', apiKey: alice },
        { type: 'execute', id: 9, sql: 'SELECT id FROM endless' },
      ],
      {},
      (m) => m.type === 'error',
    );
    expect(ws.received.at(-1)).toMatchObject({
      type: 'error',
      id: 9,
      error: { code: 'TOO_MANY_STATEMENTS', status: 429 },
    });

    // stopping one frees a slot
    const stopped = await gw.request('PUT', `${S}/alice-1`, { spec: { stopped: true } }, bearer(alice));
    expect(stopped.body.status).toMatchObject({ phase: 'STOPPED' });
    expect(
      (await gw.request('POST', S, statement('SELECT id FROM endless', 'alice-3'), bearer(alice))).status,
    ).toBe(201);
    for (const name of ['alice-1', 'alice-2', 'alice-3', 'bob-1'])
      expect((await gw.request('DELETE', `${S}/${name}`, undefined, bearer(admin))).status).toBe(204);
  }, 120_000);

  it('answers 413 for a body over bodyLimitBytes, after authentication', async () => {
    const big = statement(`SELECT '${'x'.repeat(8000)}'`);
    const unauthenticated = await gw.request('POST', S, big);
    expect(unauthenticated.status).toBe(401);
    const res = await gw.request('POST', S, big, bearer(admin));
    expect(res.status).toBe(413);
    expect(res.body).toEqual({
      error: 'PayloadTooLarge',
      code: 'PAYLOAD_TOO_LARGE',
      message:
        "The request body is larger than the gateway's limit of 4096 bytes (setting bodyLimitBytes, env TRIBUTARY_BODY_LIMIT_BYTES); send a smaller body",
    });
    // just under the limit is accepted
    const small = await gw.request('POST', S, statement(`SELECT '${'x'.repeat(3000)}'`), bearer(admin));
    expect(small.status).not.toBe(413);
  });

  it('closes a WebSocket whose message exceeds bodyLimitBytes (1009) and keeps serving', async () => {
    const ws = new WebSocket(`${gw.url.replace(/^http/, 'ws')}/v1/ws`);
    const closed = new Promise<number>((r) => ws.once('close', (code) => r(code)));
    ws.on('error', () => {});
    ws.on('open', () => ws.send(JSON.stringify({ type: 'hello', apiKey: admin })));
    const first = await new Promise<Record<string, unknown>>((r) =>
      ws.once('message', (d) => r(JSON.parse(String(d)) as Record<string, unknown>)),
    );
    expect(first).toMatchObject({ type: 'ready' });
    ws.send(JSON.stringify({ type: 'execute', sql: 'x'.repeat(8000) }));
    expect(await closed).toBe(1009);
    expect((await gw.request('GET', '/healthz')).status).toBe(200);
  });
});

/** Collects everything a logger writes. */
class Capture extends Writable {
  text = '';
  override _write(chunk: Buffer, _enc: BufferEncoding, done: () => void): void {
    this.text += chunk.toString();
    done();
  }
}

describe('logs never contain secrets', () => {
  const ADMIN = 'tk-admin.ADMINSECRET0123456789';
  const secrets = [
    'ADMINSECRET0123456789',
    'FILESASLSECRET',
    'FILEJAASSECRET',
    'FILEREGISTRYSECRET',
    'SQLSASLSECRET',
    'SQLREGISTRYSECRET',
    'SQLJAASSECRET',
    'REPLAYSECRET',
    'WRONGKEYSECRET',
  ];
  const dir = mkdtempSync(join(tmpdir(), 'tributary-logs-'));
  const capture = new Capture();
  let gw: StartedGateway | undefined;
  let config: GatewayConfig;
  afterAll(async () => {
    await gw?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('masks credentials in structured fields, messages, errors and quoted SQL', () => {
    const out = new Capture();
    const log = createGatewayLogger('trace', out);
    log.info(
      { authorization: 'Bearer tk-a.SECRET1SECRET1', kafka: { 'sasl.password': 'SECRET2' } },
      'fields',
    );
    log.warn(`problem: CREATE CATALOG c WITH ('properties.sasl.password' = 'SEC''RET3', 'type' = 'kafka')`);
    log.error({
      err: new Error(`failed for http://user:SECRET4@registry:8081 with Bearer tk-b.SECRET5SECRET5`),
    });
    log.child({ component: 'x' }).info({ detail: `{"basicAuth": "u:SECRET6", "url": "http://r"}` }, 'child');
    log.info({ sql: `'sasl.jaas.config' = 'PlainLoginModule required username="u" password="SECRET7";'` });
    for (const s of ['SECRET1', 'SECRET2', 'RET3', 'SECRET4', 'SECRET5', 'SECRET6', 'SECRET7'])
      expect(out.text, s).not.toContain(s);
    // the rest of the text survives
    expect(out.text).toContain("'type' = 'kafka'");
    expect(out.text).toContain('registry:8081');
    expect(out.text).toContain('"component":"x"');
    expect(maskSecrets(`'properties.sasl.password' = 'x'`)).toBe(`'properties.sasl.password' = '****'`);
  });

  it('keeps API keys, registry and SASL passwords out of a trace-level gateway log', async () => {
    const catalogsDir = join(dir, 'catalogs');
    mkdirSync(catalogsDir);
    writeFileSync(
      join(catalogsDir, 'secured.json'),
      JSON.stringify({
        name: 'secured',
        kafka: {
          'bootstrap.servers': '127.0.0.1:1',
          properties: {
            'security.protocol': 'SASL_SSL',
            'sasl.mechanism': 'PLAIN',
            'sasl.password': 'FILESASLSECRET',
            'sasl.jaas.config':
              'org.apache.kafka.common.security.plain.PlainLoginModule required username="u" password="FILEJAASSECRET";',
          },
        },
        schemaRegistry: { url: 'http://127.0.0.1:2', basicAuth: 'user:FILEREGISTRYSECRET' },
      }),
    );
    config = {
      ...DEFAULT_CONFIG,
      port: 0,
      dataDir: join(dir, 'data'),
      catalogsDir,
      logLevel: 'trace',
      auth: { enabled: true, adminKey: ADMIN },
    };
    gw = await startGateway(config, { logDestination: capture });
    const call = async (method: string, path: string, body?: unknown, token = ADMIN) => {
      const res = await fetch(`${gw!.url}${path}`, {
        method,
        headers: { ...bearer(token), ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      return { status: res.status, text: await res.text() };
    };
    expect((await call('GET', '/v1/environments')).status).toBe(200);
    expect((await call('GET', '/v1/environments', undefined, 'tk-admin.WRONGKEYSECRET00')).status).toBe(401);
    const catalogs = await call('GET', '/v1/catalogs/kafka');
    expect(catalogs.text).toContain('secured');
    for (const s of secrets) expect(catalogs.text).not.toContain(s);
    const key = await call('POST', '/v1/api-keys', { roles: { default: 'viewer' } });
    const viewerToken = (JSON.parse(key.text) as { token: string }).token;
    secrets.push(viewerToken.split('.')[1]!);
    expect((await call('GET', '/v1/environments/default', undefined, viewerToken)).status).toBe(200);
    const basic = Buffer.from(`tk-admin:ADMINSECRET0123456789`).toString('base64');
    expect(
      (await fetch(`${gw.url}/v1/environments`, { headers: { authorization: `Basic ${basic}` } })).status,
    ).toBe(200);
    const created = await call(
      'POST',
      S,
      statement(
        "CREATE CATALOG sqlcat WITH ('type' = 'kafka', 'bootstrap.servers' = '127.0.0.1:1', 'schema.registry.url' = 'http://127.0.0.1:2', 'schema.registry.basic-auth.user-info' = 'u:SQLREGISTRYSECRET', 'properties.sasl.password' = 'SQLSASLSECRET')",
      ),
    );
    expect(created.status).toBe(201);
    // the statement resource shows its SQL with the credentials masked, to every reader
    const name = (JSON.parse(created.text) as { metadata: { name: string } }).metadata.name;
    for (const text of [(await call('GET', `${S}/${name}`)).text, (await call('GET', S)).text]) {
      expect(text).toContain("'schema.registry.basic-auth.user-info' = '****'");
      expect(text).not.toContain('SQLREGISTRYSECRET');
      expect(text).not.toContain('SQLSASLSECRET');
    }
    for (const s of ['SQLREGISTRYSECRET', 'SQLSASLSECRET']) expect(created.text).not.toContain(s);
    const shown = JSON.parse((await call('GET', `${S}/${name}`)).text) as { spec: { statement: string } };
    expect((await call('PUT', `${S}/${name}`, { spec: { statement: shown.spec.statement } })).status).toBe(
      200,
    );
    const bad = await call(
      'POST',
      S,
      statement(
        "CREATE TABLE t (id INT WITH ('properties.sasl.jaas.config' = 'x required password=\"SQLJAASSECRET\";')",
      ),
    );
    expect(bad.status).toBe(400);
    const ws = await wsExchange(
      gw.url,
      [{ type: 'hello', apiKey: 'tk-admin.WRONGKEYSECRET00' }],
      {},
      () => true,
    );
    expect(ws.received[0]).toMatchObject({ type: 'error', error: { code: 'UNAUTHENTICATED' } });
    const wsOk = await wsExchange(gw.url, [{ type: 'hello' }], bearer(ADMIN), () => true);
    expect(wsOk.received[0]).toMatchObject({ type: 'ready' });
    await gw.close();

    // a logged DDL statement that no longer replays is logged at start-up, with its secrets masked
    const db = new Database(join(config.dataDir, 'gateway.db'));
    db.prepare('INSERT INTO catalog_ddl (environment, sql, properties) VALUES (?, ?, ?)').run(
      'default',
      "CREATE TABLE broken (id INT WITH ('properties.sasl.password' = 'REPLAYSECRET')",
      '{}',
    );
    db.close();
    gw = await startGateway(config, { logDestination: capture });
    await waitFor(
      async () => (capture.text.includes('logged DDL could not be replayed') ? true : undefined),
      'the replay warning',
      10_000,
    );
    await gw.close();
    gw = undefined;

    const lines = capture.text.trim().split('\n');
    expect(lines.length).toBeGreaterThan(5);
    expect(capture.text).toContain('gateway listening');
    expect(capture.text).toContain("CREATE TABLE broken (id INT WITH ('properties.sasl.password' = '****')");
    for (const s of secrets) expect(capture.text, `log contains ${s}`).not.toContain(s);
  }, 120_000);
});
