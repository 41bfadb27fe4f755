/**
 * Recovery after a gateway crash: `tributary start` runs in a child process, a stateful aggregation
 * checkpoints into `<dataDir>/checkpoints`, the whole server is killed with SIGKILL, and the restarted
 * server resumes the statement from its latest checkpoint: `status.detail` names the checkpoint, the
 * first change per key after the restart updates restored state, and the final counts are those of
 * an uninterrupted run (source offsets restored, nothing counted twice).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { waitFor } from './helpers.ts';

const dataDir = mkdtempSync(join(tmpdir(), 'tributary-recovery-restart-'));
const children: ChildProcess[] = [];
const TOKEN = 'tk-test.0123456789abcdefghij';

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
      env: { ...process.env, TRIBUTARY_ADMIN_KEY: TOKEN, TRIBUTARY_LOG_LEVEL: 'warn' },
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
    180_000,
  );
  return { child, url };
}

const S = '/v1/environments/default/statements';
async function call(
  url: string,
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${url}${path}`, {
    method,
    headers: { authorization: `Bearer ${TOKEN}`, 'content-type': 'application/json' },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  return (await res.json()) as Record<string, unknown>;
}
const statusOf = async (url: string, name: string) =>
  (await call(url, 'GET', `${S}/${name}`)).status as { phase: string; detail: string };

afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(dataDir, { recursive: true, force: true });
});

const ROWS = 12_000;
const KEYS = 6;

describe('recovery after a gateway crash', () => {
  it('resumes RUNNING statements from their latest checkpoint after kill -9', async () => {
    const first = await startChild();
    await call(first.url, 'POST', S, {
      spec: {
        statement: `CREATE TABLE seq (id BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '${ROWS}', 'rows-per-second' = '1500', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '${ROWS}')`,
      },
    });
    await call(first.url, 'POST', S, {
      metadata: { name: 'totals' },
      spec: {
        statement: `SELECT id % ${KEYS} AS k, COUNT(*) AS c FROM seq GROUP BY id % ${KEYS}`,
        properties: { 'execution.checkpointing.interval': '200 ms' },
      },
    });
    const checkpointId = await waitFor(
      async () => {
        const body = (await call(first.url, 'GET', `${S}/totals/checkpoints`)) as {
          latest?: { completed: { id: number } | null };
        };
        const id = body.latest?.completed?.id;
        return id !== undefined && id >= 2 ? id : undefined;
      },
      'two completed checkpoints',
      180_000,
    );
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));

    const second = await startChild();
    const status = await statusOf(second.url, 'totals');
    expect(['PENDING', 'RUNNING']).toContain(status.phase);
    const resumed =
      /Restarted after a gateway restart \(was RUNNING\)\. It resumes from checkpoint (\d+) \((.*)\)\./.exec(
        status.detail,
      );
    expect(resumed, status.detail).not.toBeNull();
    expect(Number(resumed![1])).toBeGreaterThanOrEqual(checkpointId);
    // the default checkpoint directory: <the gateway's data directory>/checkpoints
    expect(resumed![2]!.startsWith(dataDir)).toBe(true);
    expect(resumed![2]).toMatch(/\/checkpoints\/default\.totals\.[0-9a-f-]+\/chk-\d+$/);

    // results after the restart: updates of restored counts, ending with every id counted once
    const view = new Map<number, number>();
    const ops: number[] = [];
    let next = `${S}/totals/results?wait_ms=500&page_size=5000`;
    await waitFor(
      async () => {
        const page = await call(second.url, 'GET', next.replace(/^.*\/v1/, '/v1'));
        for (const { op, row } of (page.results as { data: { op: number; row: unknown[] }[] }).data) {
          ops.push(op);
          if (op !== 1) view.set(Number(row[0]), Number(row[1]));
        }
        const more = (page.metadata as { next?: string }).next;
        if (more === undefined) return true;
        next = more;
        return undefined;
      },
      'the results to complete',
      180_000,
    );
    expect((await statusOf(second.url, 'totals')).phase).toBe('COMPLETED');
    expect(ops[0]).not.toBe(0);
    expect([...view.values()].reduce((a, b) => a + b, 0)).toBe(ROWS);
    for (let k = 0; k < KEYS; k++) expect(view.get(k)).toBe(ROWS / KEYS);
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
  }, 600_000);
});
