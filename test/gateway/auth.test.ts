import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, DEFAULT_CONFIG, loadConfig, validateConfig } from '../../src/gateway/config.ts';
import { startTestGateway, statement, type TestGateway } from './helpers.ts';

let gw: TestGateway;
let admin: string;
beforeAll(async () => {
  gw = await startTestGateway({ auth: { enabled: true } });
  admin = gw.bootstrapToken!;
});
afterAll(async () => {
  await gw.stop();
});

const bearer = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

describe('authentication and roles', () => {
  it('answers 401 without a key on every protected route of the OpenAPI document', async () => {
    const doc = (await gw.request('GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, { security?: unknown[] }>>;
    };
    let checked = 0;
    for (const [path, ops] of Object.entries(doc.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        if (op.security !== undefined) continue; // public: health, metrics, openapi
        const url = path.replace(/\{[^}]+\}/g, 'default');
        const body = method === 'post' || method === 'put' ? {} : undefined;
        const res = await gw.request(method.toUpperCase(), url, body);
        expect(res.status, `${method} ${path}`).toBe(401);
        expect(res.body).toMatchObject({ code: 'UNAUTHENTICATED' });
        checked++;
      }
    }
    expect(checked).toBeGreaterThan(15);
    expect(
      (await gw.request('GET', '/v1/environments', undefined, bearer('tk-nope.0123456789abcdefgh'))).status,
    ).toBe(401);
  });

  it('lets a viewer read but not create statements (403); basic auth works', async () => {
    expect((await gw.request('GET', '/v1/environments', undefined, bearer(admin))).status).toBe(200);
    const created = await gw.request('POST', '/v1/api-keys', { roles: { default: 'viewer' } }, bearer(admin));
    const viewer = String(created.body.token);
    expect(
      (await gw.request('GET', '/v1/environments/default/statements', undefined, bearer(viewer))).status,
    ).toBe(200);
    const denied = await gw.request(
      'POST',
      '/v1/environments/default/statements',
      statement('SHOW TABLES'),
      bearer(viewer),
    );
    expect(denied.status).toBe(403);
    expect(denied.body).toMatchObject({ code: 'FORBIDDEN' });
    expect(String(denied.body.message)).toContain('developer');
    const [id, secret] = viewer.split('.') as [string, string];
    const basic = { authorization: `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}` };
    expect((await gw.request('GET', '/v1/environments/default', undefined, basic)).status).toBe(200);
    expect(
      (
        await gw.request(
          'POST',
          '/v1/environments/default/statements',
          statement('SHOW TABLES'),
          bearer(admin),
        )
      ).status,
    ).toBe(201);
  });

  it('stores keys hashed, never in clear', async () => {
    const db = new Database(join(gw.dataDir, 'gateway.db'), { readonly: true });
    const rows = db.prepare('SELECT * FROM api_keys').all() as { doc: string }[];
    db.close();
    expect(JSON.stringify(rows)).not.toContain(admin.split('.')[1]!);
    for (const row of rows) {
      const doc = JSON.parse(row.doc) as Record<string, unknown>;
      expect(Object.keys(doc).sort()).toEqual(['createdAt', 'description', 'hash', 'id', 'roles', 'salt']);
      expect(Buffer.from(String(doc.hash), 'base64')).toHaveLength(32);
    }
  });
});

describe('configuration', () => {
  it('refuses a non-loopback bind without auth unless insecure', () => {
    expect(() => validateConfig({ ...DEFAULT_CONFIG, host: '0.0.0.0', auth: { enabled: false } })).toThrow(
      ConfigError,
    );
    expect(() =>
      validateConfig({ ...DEFAULT_CONFIG, host: '0.0.0.0', auth: { enabled: false }, insecure: true }),
    ).not.toThrow();
    expect(() => loadConfig({ env: { TRIBUTARY_PORT: 'eighty' } })).toThrow(
      /port \(environment\) must be an integer/,
    );
    expect(() => loadConfig({ env: {}, flags: { colour: 'blue' } })).toThrow(/Unknown setting 'colour'/);
    expect(loadConfig({ env: { TRIBUTARY_PORT: '9999', TRIBUTARY_AUTH: 'false' } })).toMatchObject({
      port: 9999,
      auth: { enabled: false },
    });
  });

  it('refuses to start on a public address without auth', async () => {
    await expect(startTestGateway({ host: '0.0.0.0', auth: { enabled: false } })).rejects.toThrow(
      /Refusing to bind 0\.0\.0\.0/,
    );
  });
});
