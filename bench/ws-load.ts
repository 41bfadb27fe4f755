/**
 * WebSocket load (`npm run bench:ws-load`, and test/gateway/ws-load.test.ts at a smaller size): a
 * gateway started as a user starts it (`tributary start` in a child process), many concurrent
 * WebSocket clients each executing a bounded statement whose every row is known (a datagen sequence
 * 1..N), some of them reading slowly (small credits and a delay before each grant). Every row is
 * checked (no loss, no duplicate, offsets contiguous) and the server's resident memory is sampled
 * from /proc/<pid>/status; the peak (VmHWM) is reported.
 *
 * Options (bench): --clients 100 --slow 10 --rows 20000 --cfu 8 --buffer 1000
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import WebSocket from 'ws';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const ADMIN_KEY = 'tk-load.0123456789abcdefghij';

export interface WsLoadOptions {
  readonly clients: number;
  readonly slowClients: number;
  readonly rows: number;
  /** maxCfu of the default pool: statements beyond it wait in PENDING and must be served later. */
  readonly maxCfu: number;
  readonly resultBufferRows: number;
  /** Credit a fast client keeps granted. */
  readonly fastCredit: number;
  /** Credit a slow client grants at a time, and its pause before each grant. */
  readonly slowCredit: number;
  readonly slowDelayMs: number;
  readonly timeoutMs: number;
  readonly log?: (line: string) => void;
}

export interface ClientOutcome {
  readonly index: number;
  readonly slow: boolean;
  readonly statement: string;
  readonly received: number;
  readonly duplicates: number;
  readonly missing: number;
  readonly offsetGaps: number;
  readonly maxBatch: number;
  readonly creditViolations: number;
  readonly endPhase: string;
  readonly endRows: number;
  readonly millis: number;
}

export interface WsLoadReport {
  readonly outcomes: readonly ClientOutcome[];
  readonly wallMillis: number;
  readonly serverPeakRssKiB: number;
  readonly serverRssBeforeKiB: number;
  readonly rssSamples: readonly number[];
  readonly totalRows: number;
}

export interface ServerProcess {
  readonly child: ChildProcess;
  readonly url: string;
  readonly token: string;
  readonly output: () => string;
  readonly stop: () => Promise<number | null>;
}

/** `tributary start --port 0` in a child process with a tributary.yaml, as a user would start it. */
export async function startServerProcess(
  dataDir: string,
  settings: Record<string, unknown>,
  extraArgs: readonly string[] = [],
): Promise<ServerProcess> {
  const configFile = join(dataDir, 'tributary.yaml');
  writeFileSync(configFile, `gateway:\n${yamlBlock(settings, '  ')}`);
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      join(REPO, 'src/cli/main.ts'),
      'start',
      '--port',
      '0',
      '--no-broker',
      '--no-registry',
      '--data-dir',
      dataDir,
      '--config',
      configFile,
      ...extraArgs,
    ],
    {
      cwd: REPO,
      env: { ...process.env, TRIBUTARY_ADMIN_KEY: ADMIN_KEY, TRIBUTARY_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let out = '';
  child.stdout!.on('data', (d) => {
    out += String(d);
  });
  child.stderr!.on('data', (d) => {
    out += String(d);
  });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const deadline = Date.now() + 300_000;
  let url: string | undefined;
  while (url === undefined) {
    url = /SQL gateway listening on (https?:\/\/\S+) /.exec(out)?.[1];
    if (url !== undefined) break;
    if (child.exitCode !== null || Date.now() > deadline)
      throw new Error(`tributary start did not come up; output:\n${out}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    child,
    url,
    token: ADMIN_KEY,
    output: () => out,
    stop: async () => {
      if (child.exitCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

function yamlBlock(settings: Record<string, unknown>, indent: string): string {
  let text = '';
  for (const [k, v] of Object.entries(settings)) {
    if (typeof v === 'object' && v !== null)
      text += `${indent}${k}:\n${yamlBlock(v as Record<string, unknown>, `${indent}  `)}`;
    else text += `${indent}${k}: ${JSON.stringify(v)}\n`;
  }
  return text;
}

/** Resident set size (current and peak, KiB) of a process, from /proc. */
export function processMemory(pid: number): { rssKiB: number; peakKiB: number } | undefined {
  const file = `/proc/${pid}/status`;
  if (!existsSync(file)) return undefined;
  const status = readFileSync(file, 'utf8');
  const field = (name: string): number => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0);
  return { rssKiB: field('VmRSS'), peakKiB: field('VmHWM') };
}

type Msg = Record<string, unknown> & { type: string };

/** One client: hello, execute, read every row under credits, check it, until `end`. */
function runClient(
  url: string,
  token: string,
  index: number,
  slow: boolean,
  o: WsLoadOptions,
): Promise<ClientOutcome> {
  const started = Date.now();
  const seen = new Uint8Array(o.rows + 1);
  let received = 0;
  let duplicates = 0;
  let offsetGaps = 0;
  let maxBatch = 0;
  let creditViolations = 0;
  let granted = slow ? o.slowCredit : o.fastCredit;
  let statement = '';
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${url.replace(/^http/, 'ws')}/v1/ws`, {
      headers: { authorization: `Bearer ${token}` },
    });
    const timer = setTimeout(() => {
      ws.terminate();
      reject(new Error(`client ${index} (${statement}) timed out after ${received} rows`));
    }, o.timeoutMs);
    const send = (m: Record<string, unknown>): void => {
      if (ws.readyState === ws.OPEN) ws.send(JSON.stringify(m));
    };
    const fail = (e: Error): void => {
      clearTimeout(timer);
      ws.terminate();
      reject(e);
    };
    ws.on('error', fail);
    ws.on('open', () => send({ type: 'hello', protocol: 1 }));
    ws.on('message', (data) => {
      const m = JSON.parse(String(data)) as Msg;
      switch (m.type) {
        case 'ready':
          send({ type: 'execute', id: index, sql: 'SELECT id FROM load_gen', credit: granted });
          return;
        case 'accepted':
          statement = String(m.statement);
          return;
        case 'schema':
          return;
        case 'rows': {
          const changes = m.changes as { op: number; row: unknown[] }[];
          if (m.offset !== received) offsetGaps++;
          maxBatch = Math.max(maxBatch, changes.length);
          granted -= changes.length;
          if (granted < 0) creditViolations++;
          for (const c of changes) {
            const id = Number(c.row[0]);
            if (c.op !== 0 || !Number.isInteger(id) || id < 1 || id > o.rows) duplicates++;
            else if (seen[id] === 1) duplicates++;
            else seen[id] = 1;
          }
          received += changes.length;
          const grant = (): void => {
            granted += changes.length;
            send({ type: 'credit', statement, rows: changes.length, ack: received });
          };
          if (slow) setTimeout(grant, o.slowDelayMs);
          else grant();
          return;
        }
        case 'end': {
          clearTimeout(timer);
          let missing = 0;
          for (let id = 1; id <= o.rows; id++) if (seen[id] !== 1) missing++;
          send({ type: 'close' });
          ws.close();
          resolve({
            index,
            slow,
            statement,
            received,
            duplicates,
            missing,
            offsetGaps,
            maxBatch,
            creditViolations,
            endPhase: String(m.phase),
            endRows: Number(m.rows),
            millis: Date.now() - started,
          });
          return;
        }
        case 'error':
          fail(new Error(`client ${index} (${statement}): ${JSON.stringify(m.error)}`));
          return;
        default:
          return;
      }
    });
  });
}

/** Slow readers are spread evenly over the submission order. */
const isSlow = (i: number, o: WsLoadOptions): boolean =>
  o.slowClients > 0 &&
  i % Math.floor(o.clients / o.slowClients) === 0 &&
  i / Math.floor(o.clients / o.slowClients) < o.slowClients;

export const DEFAULT_LOAD: WsLoadOptions = {
  clients: 100,
  slowClients: 10,
  rows: 20_000,
  maxCfu: 8,
  resultBufferRows: 1000,
  fastCredit: 1000,
  slowCredit: 50,
  slowDelayMs: 20,
  timeoutMs: 3_600_000,
};

/** Starts a server, runs the clients concurrently, stops the server; every outcome is returned. */
export async function runWsLoad(o: WsLoadOptions): Promise<WsLoadReport> {
  const log = o.log ?? (() => {});
  const dataDir = mkdtempSync(join(tmpdir(), 'tributary-ws-load-'));
  const server = await startServerProcess(dataDir, {
    defaultPool: { maxCfu: o.maxCfu },
    resultBufferRows: o.resultBufferRows,
    maxRunningStatementsPerKey: Math.max(o.clients, 1),
  });
  const pid = server.child.pid!;
  const samples: number[] = [];
  const sampler = setInterval(() => {
    const m = processMemory(pid);
    if (m !== undefined) samples.push(m.rssKiB);
  }, 250);
  try {
    const ddl = await fetch(`${server.url}/v1/environments/default/statements`, {
      method: 'POST',
      headers: { authorization: `Bearer ${server.token}`, 'content-type': 'application/json' },
      body: JSON.stringify({
        spec: {
          statement: `CREATE TABLE load_gen (id BIGINT) WITH ('connector' = 'datagen', 'number-of-rows' = '${o.rows}', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '${o.rows}')`,
        },
      }),
    });
    if (ddl.status !== 201) throw new Error(`CREATE TABLE failed: ${ddl.status} ${await ddl.text()}`);
    const before = processMemory(pid)?.rssKiB ?? 0;
    const started = Date.now();
    let done = 0;
    const outcomes = await Promise.all(
      Array.from({ length: o.clients }, (_, i) =>
        runClient(server.url, server.token, i, isSlow(i, o), o).then((r) => {
          done++;
          if (done % 10 === 0) log(`${done}/${o.clients} clients done after ${Date.now() - started} ms`);
          return r;
        }),
      ),
    );
    const wallMillis = Date.now() - started;
    const peak = processMemory(pid)?.peakKiB ?? Math.max(0, ...samples);
    return {
      outcomes,
      wallMillis,
      serverPeakRssKiB: peak,
      serverRssBeforeKiB: before,
      rssSamples: samples,
      totalRows: outcomes.reduce((n, r) => n + r.received, 0),
    };
  } catch (e) {
    log(`server output:\n${server.output()}`);
    throw e;
  } finally {
    clearInterval(sampler);
    await server.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

export function summarize(o: WsLoadOptions, r: WsLoadReport): string {
  const slow = r.outcomes.filter((x) => x.slow);
  const fast = r.outcomes.filter((x) => !x.slow);
  const avg = (xs: readonly ClientOutcome[]): number =>
    xs.length === 0 ? 0 : Math.round(xs.reduce((n, x) => n + x.millis, 0) / xs.length);
  const bad = r.outcomes.filter(
    (x) =>
      x.received !== o.rows ||
      x.duplicates + x.missing + x.offsetGaps + x.creditViolations > 0 ||
      x.endPhase !== 'COMPLETED',
  );
  return [
    `ws-load: ${o.clients} clients (${slow.length} slow), ${o.rows} rows each, maxCfu ${o.maxCfu}, resultBufferRows ${o.resultBufferRows}`,
    `  ${r.totalRows} rows in ${(r.wallMillis / 1000).toFixed(1)} s (${Math.round(r.totalRows / (r.wallMillis / 1000))} rows/s); avg client ${avg(fast)} ms fast, ${avg(slow)} ms slow`,
    `  server RSS before ${(r.serverRssBeforeKiB / 1024).toFixed(0)} MiB, peak (VmHWM) ${(r.serverPeakRssKiB / 1024).toFixed(0)} MiB`,
    `  clients with lost, duplicated, out-of-order or over-credit rows: ${bad.length}`,
  ].join('\n');
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const { values } = parseArgs({
    options: {
      clients: { type: 'string' },
      slow: { type: 'string' },
      rows: { type: 'string' },
      cfu: { type: 'string' },
      buffer: { type: 'string' },
    },
  });
  const num = (v: string | undefined, d: number): number => (v === undefined ? d : Number(v));
  const o: WsLoadOptions = {
    ...DEFAULT_LOAD,
    clients: num(values.clients, DEFAULT_LOAD.clients),
    slowClients: num(values.slow, DEFAULT_LOAD.slowClients),
    rows: num(values.rows, DEFAULT_LOAD.rows),
    maxCfu: num(values.cfu, DEFAULT_LOAD.maxCfu),
    resultBufferRows: num(values.buffer, DEFAULT_LOAD.resultBufferRows),
    log: (line) => console.log(line),
  };
  const report = await runWsLoad(o);
  console.log(summarize(o, report));
}
