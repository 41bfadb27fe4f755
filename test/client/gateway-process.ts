/**
 * A real `tributary start` in a child process (gateway only, on a free port, data in a temporary
 * directory): for tests and benchmarks that need the server outside the client's process — a shell
 * talking to a remote server, or memory measured separately for the server and the client.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import WebSocket from 'ws';

export interface GatewayProcess {
  readonly url: string;
  readonly pid: number;
  /** The admin API key printed at first start (auth on), undefined with auth off. */
  readonly adminKey: string | undefined;
  /** Everything the server printed so far. */
  output(): string;
  /** Resident set size now and at its peak (VmHWM), in bytes, read from /proc. */
  memory(): { rss: number; peak: number };
  /** CPU time (user + system) the server used so far, in seconds, read from /proc. */
  cpuSeconds(): number;
  /**
   * The server main thread's live heap in bytes, measured right after a full garbage collection
   * (through the inspector; only with `inspect: true`): unlike RSS it does not move with GC timing.
   */
  liveHeap(): Promise<number>;
  stop(): Promise<void>;
}

export interface GatewayProcessOptions {
  readonly auth?: boolean;
  readonly resultBufferRows?: number;
  /** Extra flags for `tributary start`. */
  readonly args?: readonly string[];
  readonly env?: Readonly<Record<string, string>>;
  readonly execArgv?: readonly string[];
  /** Opens the inspector on a free loopback port so that `liveHeap()` works. */
  readonly inspect?: boolean;
}

/** USER_HZ: Linux reports CPU times in /proc in ticks of 1/100 s on every common platform. */
const CLOCK_TICKS = 100;
const ROOT = resolve(import.meta.dirname, '../..');

function procStatusBytes(pid: number, field: string): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(status);
  return m === null ? 0 : Number(m[1]) * 1024;
}

export async function startGatewayProcess(options: GatewayProcessOptions = {}): Promise<GatewayProcess> {
  const dir = mkdtempSync(join(tmpdir(), 'tributary-gwp-'));
  const catalogsDir = join(dir, 'catalogs');
  mkdirSync(catalogsDir);
  const args = [
    ...(options.execArgv ?? []),
    ...(options.inspect === true ? ['--inspect=127.0.0.1:0'] : []),
    '--import',
    'tsx',
    join(ROOT, 'src/cli/main.ts'),
    'start',
    '--port',
    '0',
    '--no-broker',
    '--no-registry',
    '--data-dir',
    join(dir, 'data'),
    '--catalogs-dir',
    catalogsDir,
    ...(options.auth === true ? [] : ['--no-auth']),
    ...(options.args ?? []),
  ];
  const child: ChildProcess = spawn(process.execPath, args, {
    cwd: ROOT,
    env: {
      ...process.env,
      TRIBUTARY_LOG_LEVEL: 'warn',
      ...(options.resultBufferRows !== undefined
        ? { TRIBUTARY_RESULT_BUFFER_ROWS: String(options.resultBufferRows) }
        : {}),
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  child.stderr?.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  const url = await new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`The gateway did not start in 60 s:\n${out}`)), 60_000);
    const check = (): void => {
      // the last line `start` prints, after the URL and the admin key
      if (!out.includes('Press Ctrl-C to stop.')) return;
      const m = /SQL gateway listening on (http:\/\/\S+)/.exec(out);
      if (m === null) return;
      clearTimeout(timer);
      resolveUrl(m[1]!);
    };
    child.stdout?.on('data', check);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`The gateway exited with code ${code} before listening:\n${out}`));
    });
  });
  const adminKey = /Admin API key \(shown once, store it now\): (\S+)/.exec(out)?.[1];
  const pid = child.pid ?? 0;
  let inspector: Inspector | undefined;
  return {
    url,
    pid,
    adminKey,
    output: () => out,
    memory: () => ({ rss: procStatusBytes(pid, 'VmRSS'), peak: procStatusBytes(pid, 'VmHWM') }),
    cpuSeconds: () => {
      // fields 14 and 15 of /proc/<pid>/stat, after the parenthesised command name
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
      return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
    },
    async liveHeap() {
      const address = /Debugger listening on (ws:\/\/\S+)/.exec(out)?.[1];
      if (address === undefined) throw new Error('liveHeap() needs startGatewayProcess({ inspect: true })');
      inspector ??= await Inspector.open(address);
      await inspector.call('HeapProfiler.collectGarbage');
      const usage = await inspector.call('Runtime.getHeapUsage');
      return Number(usage.usedSize);
    },
    async stop() {
      inspector?.close();
      if (child.exitCode === null) {
        child.kill('SIGTERM');
        const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
        await exited;
        clearTimeout(timer);
      }
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** A minimal client of the V8 inspector protocol (one request at a time). */
class Inspector {
  private nextId = 1;
  private readonly pending = new Map<number, (result: Record<string, unknown>) => void>();

  private constructor(private readonly socket: WebSocket) {
    socket.on('message', (data) => {
      const m = JSON.parse(String(data)) as { id?: number; result?: Record<string, unknown> };
      if (m.id === undefined) return;
      this.pending.get(m.id)?.(m.result ?? {});
      this.pending.delete(m.id);
    });
  }

  static async open(address: string): Promise<Inspector> {
    const socket = new WebSocket(address);
    await new Promise<void>((r, reject) => {
      socket.once('open', () => r());
      socket.once('error', reject);
    });
    return new Inspector(socket);
  }

  call(method: string): Promise<Record<string, unknown>> {
    const id = this.nextId++;
    return new Promise((r) => {
      this.pending.set(id, r);
      this.socket.send(JSON.stringify({ id, method }));
    });
  }

  close(): void {
    this.socket.close();
  }
}
