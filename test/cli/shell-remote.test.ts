import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type GatewayProcess, startGatewayProcess } from '../client/gateway-process.ts';
import { cleanUpShells, key, line, PROMPT, ROOT, screen, startShell, type, waitForScreen } from './tmux.ts';

/**
 * `tributary shell` against a server in another process with API keys on: interactively in tmux,
 * and non-interactively with -f (exit codes), -i and -D.
 */
let server: GatewayProcess;
let apiKey: string;
let dir: string;

beforeAll(async () => {
  server = await startGatewayProcess({ auth: true });
  dir = mkdtempSync(join(tmpdir(), 'tributary-shell-remote-'));
  // a developer key made through REST by the admin key the server printed at first start
  const res = await fetch(`${server.url}/v1/api-keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${server.adminKey}`, 'content-type': 'application/json' },
    body: JSON.stringify({ description: 'shell test', roles: { default: 'developer' } }),
  });
  expect(res.status).toBe(201);
  apiKey = ((await res.json()) as { token: string }).token;
}, 120_000);
afterAll(async () => {
  await server?.stop();
  if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
});
afterEach(cleanUpShells);

const wsUrl = (): string => server.url.replace(/^http/, 'ws');

function runShell(args: readonly string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', 'src/cli/main.ts', 'shell', ...args],
      { cwd: ROOT, timeout: 240_000 },
      (error, stdout, stderr) => {
        const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const script = (file: string, text: string): string => {
  const path = join(dir, file);
  writeFileSync(path, text);
  return path;
};

const TABLE = (name: string, rows: number, start = 1): string =>
  `CREATE TABLE ${name} (id BIGINT, label STRING) WITH ('connector' = 'datagen', 'number-of-rows' = '${rows}', 'fields.id.kind' = 'sequence', 'fields.id.start' = '${start}', 'fields.id.end' = '${start + rows - 1}', 'fields.label.length' = '4')`;

describe('tributary shell against a remote server (auth on)', () => {
  it('runs a query, completes a table name from server metadata and shows a caret error', async () => {
    const { name } = startShell(['--url', wsUrl(), '--api-key', apiKey]);
    await waitForScreen(name, (s) => s.includes(PROMPT), 'the prompt', 120_000);
    expect(screen(name)).toContain('Tributary SQL shell (connected)');
    line(name, "SET 'sql-client.execution.result-mode' = 'tableau';");
    await waitForScreen(name, (s) => s.includes('Session property has been set.'), 'SET');
    line(name, `${TABLE('remote_orders', 3)};`);
    await waitForScreen(name, (s) => s.includes('Execute statement succeeded.'), 'CREATE TABLE');

    // the table's name comes from the server's metadata (no other candidate starts with remote_o)
    type(name, 'SELECT id FROM remote_o');
    key(name, 'Tab');
    await waitForScreen(name, (s) => s.includes('SELECT id FROM remote_orders'), 'the completed table name');
    line(name, ' WHERE id > 1;');
    const s = await waitForScreen(name, (x) => x.includes('Received a total of 2 rows'), 'the rows', 120_000);
    expect(s).toMatch(/\| op \|\s+id \|/);
    expect(s).toMatch(/\| \+I \|\s+2 \|/);
    expect(s).toMatch(/\| \+I \|\s+3 \|/);

    line(name, 'CLEAR;');
    line(name, 'SELECT label,');
    line(name, '  missing FROM remote_orders;');
    const error = await waitForScreen(name, (x) => x.includes('[ERROR]'), 'the error');
    expect(error).toContain("VALIDATION at line 2, column 3: Column 'missing' not found");
    expect(error).toContain('  missing FROM remote_orders;\n  ^~~~~~~');

    key(name, 'C-d');
    await waitForScreen(name, (x) => x.includes('Bye.') && x.includes('[exit 0]'), 'exit on Ctrl-D');
  }, 300_000);

  it('-i runs an init script and -D sets session properties before the interactive session', async () => {
    const init = script('init.sql', `-- run before the prompt\n${TABLE('init_tab', 2, 7)};\n`);
    const { name } = startShell([
      '--url',
      wsUrl(),
      '--api-key',
      apiKey,
      '-i',
      init,
      '-D',
      'sql-client.execution.result-mode=tableau',
      '-D',
      'table.local-time-zone=Asia/Tokyo',
    ]);
    await waitForScreen(name, (s) => s.includes(PROMPT), 'the prompt', 120_000);
    line(name, 'SET;');
    let s = await waitForScreen(name, (x) => x.includes("'table.local-time-zone' = 'Asia/Tokyo'"), 'SET;');
    expect(s).toContain("'sql-client.execution.result-mode' = 'tableau'");
    // the init script's table exists, tableau mode applies, the server uses the session's zone
    line(name, 'SELECT id, CAST(TO_TIMESTAMP_LTZ(0, 3) AS STRING) AS t FROM init_tab;');
    s = await waitForScreen(name, (x) => x.includes('Received a total of 2 rows'), 'the rows', 120_000);
    expect(s).toMatch(/\| \+I \|\s+7 \|\s+1970-01-01 09:00:00\.000 \|/);
    expect(s).toMatch(/\| \+I \|\s+8 \|/);
    key(name, 'C-d');
    await waitForScreen(name, (x) => x.includes('[exit 0]'), 'exit');
  }, 300_000);

  it('-f runs a script in tableau mode and exits 0; a failing statement stops it with exit 1', async () => {
    const ok = script(
      'ok.sql',
      `-- a script\n${TABLE('script_tab', 3)};\nSELECT id, id * 2 AS twice FROM script_tab;\nSHOW TABLES;\n`,
    );
    const good = await runShell(['--url', server.url, '--api-key', apiKey, '-f', ok]);
    expect(good.code).toBe(0);
    expect(good.stdout).toContain('[INFO] Execute statement succeeded.');
    expect(good.stdout).toMatch(/\| op \|\s+id \|\s+twice \|/);
    expect(good.stdout).toMatch(/\| \+I \|\s+3 \|\s+6 \|/);
    expect(good.stdout).toContain('Received a total of 3 rows');
    expect(good.stdout).toMatch(/\| script_tab\s+\|/);

    const bad = script(
      'bad.sql',
      "SELECT 'first' AS step;\nSELECT nope\n  FROM script_tab;\nSELECT 'never' AS step;\n",
    );
    const failed = await runShell(['--url', server.url, '--api-key', apiKey, '-f', bad]);
    expect(failed.code).toBe(1);
    expect(failed.stdout).toMatch(/\| \+I \|\s+first \|/);
    // positions are the script's: the failing statement starts on line 2
    expect(failed.stdout).toContain("[ERROR] VALIDATION at line 2, column 8: Column 'nope' not found");
    expect(failed.stdout).toContain('SELECT nope\n       ^~~~');
    expect(failed.stdout).not.toContain('never');

    // a wrong key is refused before any statement runs
    const refused = await runShell(['--url', server.url, '--api-key', 'tk-nope.wrong', '-f', ok]);
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/tributary shell: .*(API key|credentials|UNAUTHENTICATED)/i);
  }, 600_000);

  it('--embedded -f runs without any server and stops at the first failing statement', async () => {
    const path = script(
      'embedded.sql',
      `${TABLE('local_tab', 2)};\nSELECT COUNT(*) AS n FROM local_tab;\nSELEC 1;\nSELECT 'never' AS step;\n`,
    );
    const r = await runShell(['--embedded', '-f', path]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('[INFO] Execute statement succeeded.');
    expect(r.stdout).toMatch(/\| \+[IU] \|\s+2 \|/);
    expect(r.stdout).toContain('[ERROR] SYNTAX at line 3, column 1');
    expect(r.stdout).not.toContain('never');
  }, 300_000);
});
