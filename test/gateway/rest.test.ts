import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATAGEN, startTestGateway, statement, type TestGateway, waitFor } from './helpers.ts';

let gw: TestGateway;
const S = '/v1/environments/default/statements';

beforeAll(async () => {
  gw = await startTestGateway();
});
afterAll(async () => {
  await gw.stop();
});

describe('resources', () => {
  it('creates, reads, updates, lists and deletes environments and pools with validation', async () => {
    expect((await gw.request('GET', '/v1/environments')).body.items).toHaveLength(1);
    const created = await gw.request('POST', '/v1/environments', {
      metadata: { name: 'dev' },
      spec: { statementDefaults: { properties: { 'sql.local-time-zone': 'UTC' } } },
    });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ kind: 'Environment', metadata: { name: 'dev' } });
    expect((await gw.request('POST', '/v1/environments', { metadata: { name: 'dev' } })).status).toBe(409);
    const bad = await gw.request('POST', '/v1/environments', { metadata: { name: 'Bad_Name' } });
    expect(bad.status).toBe(400);
    expect(bad.body).toMatchObject({ error: 'ValidationError', code: 'INVALID_REQUEST' });
    expect((await gw.request('POST', '/v1/environments', { metadata: { name: 'x' }, extra: 1 })).status).toBe(
      400,
    );
    expect((await gw.request('GET', '/v1/environments/dev')).body).toMatchObject({
      spec: { statementDefaults: { properties: { 'sql.local-time-zone': 'UTC' } } },
    });
    const put = await gw.request('PUT', '/v1/environments/dev', {
      metadata: { name: 'dev' },
      spec: { statementDefaults: { properties: {} } },
    });
    expect(put.status).toBe(200);

    const pool = await gw.request('POST', '/v1/environments/dev/compute-pools', {
      metadata: { name: 'p1' },
      spec: { maxCfu: 3 },
    });
    expect(pool.status).toBe(201);
    expect(pool.body).toMatchObject({
      kind: 'ComputePool',
      spec: { maxCfu: 3 },
      status: { phase: 'PROVISIONED', currentCfu: 0 },
    });
    expect(
      (
        await gw.request('POST', '/v1/environments/dev/compute-pools', {
          metadata: { name: 'p2' },
          spec: { maxCfu: 0 },
        })
      ).status,
    ).toBe(400);
    expect((await gw.request('GET', '/v1/environments/dev/compute-pools')).body.items).toHaveLength(1);
    expect((await gw.request('GET', '/v1/environments/dev/compute-pools/p1')).status).toBe(200);
    expect(
      (
        await gw.request('PUT', '/v1/environments/dev/compute-pools/p1', {
          metadata: { name: 'p1' },
          spec: { maxCfu: 5 },
        })
      ).body,
    ).toMatchObject({ spec: { maxCfu: 5 } });
    expect((await gw.request('GET', '/v1/environments/nope/compute-pools/p1')).status).toBe(404);
    expect((await gw.request('DELETE', '/v1/environments/dev')).status).toBe(409);
    expect((await gw.request('DELETE', '/v1/environments/dev/compute-pools/p1')).status).toBe(204);
    expect((await gw.request('DELETE', '/v1/environments/dev')).status).toBe(204);
    expect((await gw.request('GET', '/v1/environments/dev')).status).toBe(404);
  });

  it('lists catalogs and API keys', async () => {
    expect((await gw.request('GET', '/v1/catalogs/kafka')).body).toMatchObject({ items: [] });
    expect((await gw.request('GET', '/v1/catalogs/kafka/nope/databases')).status).toBe(404);
    const key = await gw.request('POST', '/v1/api-keys', { roles: { default: 'viewer' }, description: 'ci' });
    expect(key.status).toBe(201);
    expect(String(key.body.token)).toContain('.');
    const keys = await gw.request('GET', '/v1/api-keys');
    expect(JSON.stringify(keys.body)).not.toContain(String(key.body.token).split('.')[1]);
    expect((await gw.request('DELETE', `/v1/api-keys/${String(key.body.id)}`)).status).toBe(204);
    expect((await gw.request('DELETE', `/v1/api-keys/${String(key.body.id)}`)).status).toBe(404);
  });
});

describe('synchronous statements', () => {
  it('runs DDL, SHOW, DESCRIBE and EXPLAIN in the create response', async () => {
    const ddl = await gw.request('POST', S, statement(DATAGEN(5), 'create-gen'));
    expect(ddl.status).toBe(201);
    expect(ddl.body).toMatchObject({ status: { phase: 'COMPLETED', traits: { sqlKind: 'CREATE_TABLE' } } });
    const show = await gw.request('POST', S, statement('SHOW TABLES'));
    expect(show.body).toMatchObject({
      status: { phase: 'COMPLETED' },
      result: { data: [{ op: 0, row: ['gen'] }] },
    });
    const describe = await gw.request('POST', S, statement('DESCRIBE gen', 'describe-gen'));
    expect(
      (describe.body.result as { data: { row: unknown[] }[] }).data.map((d) => d.row.slice(0, 2)),
    ).toEqual([
      ['id', 'BIGINT'],
      ['price', 'DECIMAL(10, 2)'],
      ['ts', 'TIMESTAMP(3)'],
    ]);
    const results = await gw.request('GET', `${S}/describe-gen/results`);
    expect((results.body.results as { data: unknown[] }).data).toHaveLength(3);
    expect(results.body.metadata).not.toHaveProperty('next');
    const explain = await gw.request('POST', S, statement('EXPLAIN SELECT id FROM gen WHERE id > 2'));
    expect(JSON.stringify(explain.body.result)).toContain('TableSourceScan');
  });

  it('answers bad SQL with 400 and the SqlError position', async () => {
    const res = await gw.request('POST', S, statement('SELECT id FROM gen WHERE'));
    expect(res.status).toBe(400);
    expect(res.body).toMatchObject({ error: 'SqlError', code: 'SYNTAX', line: 1 });
    expect(res.body).toHaveProperty('column');
    expect(res.body).toHaveProperty('endColumn');
    const unknown = await gw.request('POST', S, statement('SELECT nope FROM gen'));
    expect(unknown.body).toMatchObject({ code: 'VALIDATION', line: 1, column: 8 });
  });
});

describe('running statements', () => {
  it('pages a bounded query through REST results, then deletes it', async () => {
    const created = await gw.request('POST', S, statement('SELECT id, price FROM gen', 'q-rest'));
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({
      status: { traits: { sqlKind: 'SELECT', isBounded: true, isAppendOnly: true } },
    });
    const rows: unknown[] = [];
    let next: string | undefined = `${S}/q-rest/results?wait_ms=2000`;
    while (next !== undefined) {
      const page = await gw.request('GET', `${next}${next.includes('wait_ms') ? '' : '&wait_ms=2000'}`);
      expect(page.status).toBe(200);
      rows.push(...(page.body.results as { data: unknown[] }).data);
      next = (page.body.metadata as { next?: string }).next;
    }
    expect(rows).toEqual([1, 2, 3, 4, 5].map((i) => ({ op: 0, row: [String(i), expect.any(String)] })));
    const done = await waitFor(async () => {
      const s = await gw.request('GET', `${S}/q-rest`);
      return (s.body.status as { phase: string }).phase === 'COMPLETED' ? s : undefined;
    }, 'COMPLETED');
    expect(done.body.status).toMatchObject({ phase: 'COMPLETED' });
    const plan = await gw.request('GET', `${S}/q-rest/plan`);
    expect(JSON.stringify(plan.body)).toContain('numRecordsOut');
    expect((await gw.request('GET', `${S}/q-rest/exceptions`)).body).toMatchObject({ items: [] });
    const list = await gw.request('GET', `${S}?page_size=2`);
    expect((list.body.items as unknown[]).length).toBe(2);
    expect((list.body.metadata as { next?: string }).next).toBeDefined();
    const filtered = await gw.request('GET', `${S}?phase=COMPLETED&page_size=100`);
    expect(
      (filtered.body.items as { status: { phase: string } }[]).every((s) => s.status.phase === 'COMPLETED'),
    ).toBe(true);
    expect((await gw.request('GET', `${S}?page_token=garbage`)).status).toBe(400);
    expect((await gw.request('DELETE', `${S}/q-rest`)).status).toBe(204);
    expect((await gw.request('GET', `${S}/q-rest`)).status).toBe(404);
  }, 240_000);

  it('stops and resumes an unbounded statement; a full pool keeps statements PENDING', async () => {
    await gw.request(
      'POST',
      S,
      statement("CREATE TABLE endless (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '50')"),
    );
    const a = await gw.request('POST', S, statement('SELECT id FROM endless', 'endless-a'));
    await gw.request('POST', S, statement('SELECT id FROM endless', 'endless-b'));
    const c = await gw.request('POST', S, statement('SELECT id FROM endless', 'endless-c'));
    expect(a.body.status).toMatchObject({ phase: 'RUNNING' });
    expect(c.body.status).toMatchObject({ phase: 'PENDING' });
    expect(String((c.body.status as { detail: string }).detail)).toContain('2 of 2 CFUs in use');
    const pool = await gw.request('GET', '/v1/environments/default/compute-pools/default-pool');
    expect(pool.body.status).toMatchObject({ currentCfu: 2 });
    const stopped = await gw.request('PUT', `${S}/endless-a`, { spec: { stopped: true } });
    expect(stopped.body.status).toMatchObject({ phase: 'STOPPED' });
    const nowRunning = await waitFor(async () => {
      const s = await gw.request('GET', `${S}/endless-c`);
      return (s.body.status as { phase: string }).phase === 'RUNNING' ? s : undefined;
    }, 'endless-c RUNNING');
    expect(nowRunning.status).toBe(200);
    const metrics = await waitFor(async () => {
      const text = await (await fetch(`${gw.url}/metrics`)).text();
      return /flink_taskmanager_job_task_operator_numRecordsOut\{[^}]*statement="endless-c"[^}]*\} [1-9]/.test(
        text,
      )
        ? text
        : undefined;
    }, 'operator metrics');
    expect(metrics).toContain('tributary_compute_pool_cfu_used{environment="default",pool="default-pool"} 2');
    expect(metrics).toContain('flink_jobmanager_job_uptime');
    await gw.request('DELETE', `${S}/endless-b`);
    await gw.request('DELETE', `${S}/endless-c`);
    const resumed = await gw.request('PUT', `${S}/endless-a`, { spec: { stopped: false } });
    expect(['PENDING', 'RUNNING']).toContain((resumed.body.status as { phase: string }).phase);
    const page = await gw.request('GET', `${S}/endless-a/results?wait_ms=20000`);
    expect((page.body.results as { data: unknown[] }).data.length).toBeGreaterThan(0);
    expect((await gw.request('DELETE', `${S}/endless-a`)).status).toBe(204);
  }, 240_000);

  it('fails a statement whose job throws and records the exception', async () => {
    await gw.request(
      'POST',
      S,
      statement(
        "CREATE TABLE broken (id INT) WITH ('connector' = 'filesystem', 'path' = '/definitely/not/allowed', 'format' = 'csv')",
      ),
    );
    const res = await gw.request('POST', S, statement('SELECT id FROM broken', 'fails'));
    if (res.status === 400) {
      // the connector rejected the table while planning: still a positioned error
      expect(res.body).toHaveProperty('message');
      return;
    }
    await waitFor(async () => {
      const s = await gw.request('GET', `${S}/fails`);
      return (s.body.status as { phase: string }).phase === 'FAILED' ? s : undefined;
    }, 'FAILED');
    const ex = await gw.request('GET', `${S}/fails/exceptions`);
    expect((ex.body.items as unknown[]).length).toBeGreaterThan(0);
  }, 240_000);
});

describe('operations', () => {
  it('serves health, readiness, metrics and the OpenAPI document; every documented route was exercised', async () => {
    expect((await gw.request('GET', '/healthz')).body).toEqual({ status: 'ok' });
    expect((await gw.request('GET', '/readyz')).body).toEqual({ status: 'ready' });
    const doc = await gw.request('GET', '/openapi.json');
    expect(doc.body.openapi).toBe('3.0.3');
    // the checkpoint history of a statement this file created (completed, so no checkpoints)
    const checkpoints = await gw.request('GET', `${S}/describe-gen/checkpoints`);
    expect([200, 404]).toContain(checkpoints.status);
    const text = await (await fetch(`${gw.url}/metrics`)).text();
    const seen = new Set<string>();
    for (const m of text.matchAll(/tributary_http_requests_total\{method="([A-Z]+)",route="([^"]+)"/g))
      seen.add(`${m[1]} ${m[2]!.replace(/:([A-Za-z_]+)/g, '{$1}')}`);
    const missing: string[] = [];
    for (const [path, ops] of Object.entries(doc.body.paths as Record<string, Record<string, unknown>>)) {
      for (const method of Object.keys(ops)) {
        const key = `${method.toUpperCase()} ${path}`;
        if (!seen.has(key) && key !== 'GET /metrics') missing.push(key);
      }
    }
    expect(missing).toEqual([]);
  });
});
