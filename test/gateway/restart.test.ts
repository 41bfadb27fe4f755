import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { DATAGEN, waitFor } from './helpers.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'tributary-restart-'));
const children: ChildProcess[] = [];

/** Starts `tributary start --port 0` in a child process; resolves with the gateway URL and admin token. */
async function startChild(): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'start',
      '--port',
      '0',
      '--no-broker',
      '--no-registry',
      '--data-dir',
      dataDir,
    ],
    {
      env: {
        ...process.env,
        TRIBUTARY_ADMIN_KEY: 'tk-test.0123456789abcdefghij',
        TRIBUTARY_LOG_LEVEL: 'warn',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d) => {
    out += String(d);
  });
  child.stderr!.on('data', (d) => {
    out += String(d);
  });
  const url = await waitFor(
    async () => /SQL gateway listening on (http:\/\/[^\s]+) /.exec(out)?.[1],
    `gateway start (output: ${out})`,
    120_000,
  );
  return { child, url };
}

const auth = { authorization: 'Bearer tk-test.0123456789abcdefghij', 'content-type': 'application/json' };
const S = '/v1/environments/default/statements';

async function call(
  url: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: auth,
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

const phaseOf = async (url: string, name: string): Promise<string> =>
  ((await call(url, 'GET', `${S}/${name}`)).body.status as { phase: string }).phase;

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

describe('restart persistence', () => {
  it('brings statements back in their phases after kill -9; running ones restart; /healthz stays fast under load', async () => {
    const first = await startChild();
    expect(
      (await call(first.url, 'POST', S, { metadata: { name: 'make-gen' }, spec: { statement: DATAGEN(3) } }))
        .status,
    ).toBe(201);
    await call(first.url, 'POST', S, {
      spec: { statement: "CREATE TABLE busy (id BIGINT, s STRING) WITH ('connector' = 'datagen')" },
    });
    expect(
      (
        await call(first.url, 'POST', S, {
          metadata: { name: 'busy-insert' },
          spec: { statement: "CREATE TABLE sink (id BIGINT, s STRING) WITH ('connector' = 'blackhole')" },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call(first.url, 'POST', S, {
          metadata: { name: 'busy-run' },
          spec: { statement: 'INSERT INTO sink SELECT id, UPPER(s) FROM busy' },
        })
      ).status,
    ).toBe(201);
    expect(
      (
        await call(first.url, 'POST', S, {
          metadata: { name: 'parked' },
          spec: { statement: 'SELECT id FROM gen', stopped: true },
        })
      ).status,
    ).toBe(201);
    await waitFor(
      async () => ((await phaseOf(first.url, 'busy-run')) === 'RUNNING' ? true : undefined),
      'busy-run RUNNING',
    );
    await waitFor(async () => {
      const text = await (await fetch(`${first.url}/metrics`)).text();
      return /numRecordsOut\{[^}]*statement="busy-run"[^}]*\} [1-9]/.test(text) ? true : undefined;
    }, 'busy-run producing');

    // /healthz latency while a statement runs flat out in a worker thread
    const samples: number[] = [];
    for (let i = 0; i < 200; i++) {
      const t = performance.now();
      await fetch(`${first.url}/healthz`);
      samples.push(performance.now() - t);
    }
    samples.sort((a, b) => a - b);
    const p99 = samples[Math.floor(samples.length * 0.99) - 1]!;
    console.log(`healthz p50 ${samples[100]!.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms while busy-run runs`);
    expect(p99).toBeLessThan(250);

    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));

    const second = await startChild();
    expect(await phaseOf(second.url, 'make-gen')).toBe('COMPLETED');
    expect(await phaseOf(second.url, 'parked')).toBe('STOPPED');
    const busy = (await call(second.url, 'GET', `${S}/busy-run`)).body.status as {
      phase: string;
      detail: string;
    };
    expect(['PENDING', 'RUNNING']).toContain(busy.phase);
    expect(busy.detail).toContain('Restarted after a gateway restart');
    await waitFor(
      async () => ((await phaseOf(second.url, 'busy-run')) === 'RUNNING' ? true : undefined),
      'busy-run RUNNING again',
    );
    const tables = await call(second.url, 'POST', S, { spec: { statement: 'SHOW TABLES' } });
    expect(JSON.stringify(tables.body)).toContain('"gen"');
    second.child.kill('SIGTERM');
    const code = await new Promise((r) => second.child.once('exit', r));
    expect(code).toBe(0);
  }, 400_000);
});
