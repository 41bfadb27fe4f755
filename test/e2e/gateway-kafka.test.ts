/**
 * The whole product as a user meets it: `tributary start` (child process; gateway, embedded broker
 * and registry all on ephemeral ports; the shipped catalogs/default.json), a topic fed by kafkajs
 * with the official Avro serializer, and a windowed aggregation over it submitted over REST — read
 * through REST pagination and through the WebSocket client under credits, stopped, resumed and
 * deleted. DDL answers synchronously; bad SQL is a positioned error on both paths.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { AvroSerializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClientError, connect } from '../../src/index.ts';

const ADMIN = 'tk-e2e.0123456789abcdefghij';
const dataDir = mkdtempSync(join(tmpdir(), 'tributary-e2e-'));
let server: ChildProcess;
let gateway = '';
let bootstrap = '';
let registryUrl = '';

async function waitFor<T>(
  probe: () => Promise<T | undefined> | T | undefined,
  what: string,
  ms = 90_000,
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`Timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

beforeAll(async () => {
  server = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'start',
      '--port',
      '0',
      '--broker-port',
      '0',
      '--registry-port',
      '0',
      '--data-dir',
      dataDir,
      '--catalogs-dir',
      'catalogs',
      '--no-demo',
    ],
    {
      env: { ...process.env, TRIBUTARY_ADMIN_KEY: ADMIN, TRIBUTARY_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  server.stdout!.on('data', (d) => (out += String(d)));
  server.stderr!.on('data', (d) => (out += String(d)));
  gateway = await waitFor(
    () => /SQL gateway listening on (http:\/\/\S+) /.exec(out)?.[1],
    `start-up: ${out}`,
    120_000,
  );
  bootstrap = /broker listening on (\S+)/.exec(out)![1]!;
  registryUrl = /Schema Registry listening on (\S+)/.exec(out)![1]!;
}, 150_000);

afterAll(() => {
  server?.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const S = '/v1/environments/default/statements';

async function call(
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${gateway}${path}`, {
    method,
    headers: {
      authorization: `Bearer ${ADMIN}`,
      ...(body === undefined ? {} : { 'content-type': 'application/json' }),
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await res.text();
  return { status: res.status, body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>) };
}

const submit = (name: string, sql: string, extra: Record<string, unknown> = {}) =>
  call('POST', S, {
    metadata: { name },
    spec: {
      statement: sql,
      properties: { 'sql.current-catalog': 'default', 'sql.current-database': 'cluster_0' },
      ...extra,
    },
  });

const phaseOf = async (name: string): Promise<string> =>
  ((await call('GET', `${S}/${name}`)).body.status as { phase: string }).phase;

const MINUTE = 60_000;
const base = Math.floor(Date.now() / MINUTE) * MINUTE - 30 * MINUTE;

/** Minute k (0..3) holds k + 1 clicks; one click at minute 5 moves the watermark past minute 4. */
async function feedClicks(topic: string): Promise<void> {
  const kafka = new Kafka({ clientId: 'e2e', brokers: [bootstrap], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
  await admin.disconnect();
  const registry = new SchemaRegistryClient({ baseURLs: [registryUrl] });
  const schema = {
    type: 'record',
    name: 'Click',
    fields: [
      { name: 'user_id', type: 'string' },
      { name: 'url', type: 'string' },
    ],
  };
  await registry.register(`${topic}-value`, { schemaType: 'AVRO', schema: JSON.stringify(schema) });
  const ser = new AvroSerializer(registry, SerdeType.VALUE, { useLatestVersion: true });
  const messages = [];
  for (let k = 0; k < 4; k++) {
    for (let i = 0; i <= k; i++) {
      messages.push({
        value: await ser.serialize(topic, { user_id: `u${i}`, url: `/page/${k}` }),
        timestamp: String(base + k * MINUTE + i * 1000),
      });
    }
  }
  messages.push({
    value: await ser.serialize(topic, { user_id: 'u9', url: '/late' }),
    timestamp: String(base + 5 * MINUTE),
  });
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages });
  await producer.disconnect();
}

const WINDOWED = `SELECT window_start, COUNT(*) AS clicks
  FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(\`$rowtime\`), INTERVAL '1' MINUTE))
  GROUP BY window_start, window_end`;
const expectedCounts = ['1', '2', '3', '4'];

describe('tributary start end to end: kafkajs → topic → windowed statement → REST and WebSocket', () => {
  it('answers DDL synchronously and runs a windowed aggregation over a topic fed by kafkajs', async () => {
    await feedClicks('clicks');
    const tables = await submit('show-tables', 'SHOW TABLES');
    expect(tables.status).toBe(201);
    expect(JSON.stringify(tables.body)).toContain('clicks');
    // the inferred table's default watermark waits for 1 000 records per partition; give it ours
    const alter = await submit(
      'alter-clicks',
      "ALTER TABLE clicks MODIFY WATERMARK FOR `$rowtime` AS `$rowtime` - INTERVAL '1' SECOND",
    );
    expect(alter.status).toBe(201);
    expect(alter.body.status).toMatchObject({ phase: 'COMPLETED' });
    const described = await submit('describe-clicks', 'DESCRIBE clicks');
    expect(JSON.stringify(described.body)).toContain('user_id');

    const created = await submit('clicks-per-minute', WINDOWED);
    expect(created.status).toBe(201);
    expect(created.body.status).toMatchObject({
      traits: { sqlKind: 'SELECT', isBounded: false, isAppendOnly: true },
    });
    const rows: { op: number; row: string[] }[] = [];
    let next: string | undefined = `${S}/clicks-per-minute/results`;
    while (rows.length < 4 && next !== undefined) {
      const page = await call('GET', `${next}${next.includes('?') ? '&' : '?'}wait_ms=5000`);
      expect(page.status).toBe(200);
      rows.push(...((page.body.results as { data: { op: number; row: string[] }[] }).data ?? []));
      next = (page.body.metadata as { next?: string }).next;
    }
    expect(rows.map((r) => r.op)).toEqual([0, 0, 0, 0]);
    expect(rows.map((r) => r.row[1])).toEqual(expectedCounts);
    expect(rows.map((r) => Date.parse(`${r.row[0]!.replace(' ', 'T')}Z`))).toEqual(
      [0, 1, 2, 3].map((k) => base + k * MINUTE),
    );
    expect(await phaseOf('clicks-per-minute')).toBe('RUNNING');

    // stop, resume, delete
    const stopped = await call('PUT', `${S}/clicks-per-minute`, { spec: { stopped: true } });
    expect(stopped.status).toBe(200);
    await waitFor(
      async () => ((await phaseOf('clicks-per-minute')) === 'STOPPED' ? true : undefined),
      'STOPPED',
    );
    await call('PUT', `${S}/clicks-per-minute`, { spec: { stopped: false } });
    await waitFor(
      async () => ((await phaseOf('clicks-per-minute')) === 'RUNNING' ? true : undefined),
      'RUNNING again',
    );
    const deleted = await call('DELETE', `${S}/clicks-per-minute`);
    expect(deleted, JSON.stringify(deleted.body)).toMatchObject({ status: 204 });
    expect((await call('GET', `${S}/clicks-per-minute`)).status).toBe(404);
  }, 240_000);

  it('streams the same results through the WebSocket client under a small credit window', async () => {
    const client = await connect({
      url: gateway,
      apiKey: ADMIN,
      properties: { 'sql.current-catalog': 'default', 'sql.current-database': 'cluster_0' },
      creditWindow: 2,
    });
    try {
      const st = await client.execute(WINDOWED);
      expect(st.schema.map((c) => c.name)).toEqual(['window_start', 'clicks']);
      const counts: string[] = [];
      for await (const change of st) {
        expect(change.op).toBe(0);
        counts.push(String(change.row[1]));
        if (counts.length === 4) break;
      }
      expect(counts).toEqual(expectedCounts);
      await st.cancel();
    } finally {
      await client.close();
    }
  }, 120_000);

  it('answers bad SQL with the positioned error on both paths', async () => {
    const rest = await submit('bad-sql', 'SELECT url FROM clicks WHERE');
    expect(rest.status).toBe(400);
    expect(JSON.stringify(rest.body)).toMatch(/"line":1/);
    const client = await connect({ url: gateway, apiKey: ADMIN });
    try {
      const error = await client.execute('SELECT url FRM clicks').catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ClientError);
      expect((error as ClientError).line).toBe(1);
      expect((error as ClientError).column).toBeGreaterThan(0);
    } finally {
      await client.close();
    }
  });
});
