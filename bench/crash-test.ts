/**
 * Crash test of exactly-once processing: `tributary start` runs in a child process (embedded broker
 * and registry, temp data dir); kafkajs produces a finite input into its broker at a steady rate;
 * two statements checkpoint every second and write through exactly-once Kafka sinks:
 *
 *   A  a tumbling-window aggregation of `orders`            → `window_totals` (append)
 *   B  the same windows joined with the upsert table `customers` (whose tiers keep changing, so the
 *      join updates its results)                             → `enriched` (upsert)
 *
 * Meanwhile the whole server is killed with SIGKILL at random moments (its statements, worker
 * threads, broker and registry with it) and started again; the gateway restarts the statements from
 * their latest checkpoints. At the end a read_committed consumer checks the sinks against the results
 * a crash-free run produces, computed from the input topics as written: `window_totals` must hold
 * every window exactly once (no loss, no duplicate), `enriched` materialized by key must equal the
 * windows joined with each customer's final tier. Reports the kills survived and the recovery times
 * (kill → the first checkpoint completed by both restarted statements).
 *
 *   npm run test:crash [-- --kills 20 --records 30000 --rate 300 --seed 1 --keep]
 *     --delivery-guarantee at-least-once   the same run without transactions: the check must fail
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { Kafka, logLevel, type Producer } from 'kafkajs';
import { compare, expectedResults, formatReport, readTopic, WINDOW_MS } from './crash-test-check.ts';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

export interface CrashTestOptions {
  readonly kills: number;
  readonly records: number;
  /** Input records per second while the broker is up. */
  readonly rate: number;
  readonly customers: number;
  /** Seconds between a completed recovery and the next kill: uniform in [min, max]. */
  readonly minGapSeconds: number;
  readonly maxGapSeconds: number;
  readonly seed: number;
  readonly keepData: boolean;
  /** 'exactly-once' (the test); 'at-least-once' shows what the checker catches without transactions. */
  readonly deliveryGuarantee: 'exactly-once' | 'at-least-once';
  readonly log: (line: string) => void;
}

export interface CrashTestReport {
  readonly killsSurvived: number;
  readonly recoveryMs: readonly number[];
  readonly inputOrders: number;
  readonly expectedWindows: number;
  readonly expectedEnriched: number;
  /** Empty when the sinks hold exactly the crash-free results. */
  readonly problems: readonly string[];
}

const REPO = resolve(import.meta.dirname, '..');
const STATEMENTS = ['crash-windows', 'crash-enriched'] as const;
/** Event time advances this much per order, so a window holds WINDOW_MS / EVENT_STEP_MS orders. */
const EVENT_STEP_MS = 10;
const TIERS = ['bronze', 'silver', 'gold', 'platinum'];

/** A small deterministic PRNG (mulberry32), so a seed reproduces the input and the kill gaps. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/**
 * A free port below the ephemeral range (32768+ on Linux): the server keeps its ports across
 * restarts, and a port from the ephemeral range could be handed to another process's port-0 bind
 * while the killed server is down.
 */
async function freePort(): Promise<number> {
  for (;;) {
    const port = 20_000 + Math.floor(Math.random() * 12_000);
    const free = await new Promise<boolean>((resolveFree) => {
      const s = createServer();
      s.once('error', () => resolveFree(false));
      s.listen(port, '127.0.0.1', () => s.close(() => resolveFree(true)));
    });
    if (free) return port;
  }
}

async function waitUntil<T>(
  what: string,
  probe: () => Promise<T | undefined>,
  timeoutMs: number,
): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe().catch(() => undefined);
    if (value !== undefined) return value;
    if (Date.now() > until) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

interface Ports {
  readonly gateway: number;
  readonly broker: number;
  readonly registry: number;
}

/** `tributary start` in a child process: node itself with tsx's loader, so SIGKILL hits the server. */
class Server {
  private output = '';
  private constructor(readonly child: ChildProcess) {
    child.stdout!.on('data', (d: Buffer) => (this.output += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (this.output += d.toString()));
  }

  static async start(dataDir: string, ports: Ports): Promise<Server> {
    const args = ['--import', 'tsx', 'src/cli/main.ts', 'start', '--no-auth', '--data-dir', dataDir];
    args.push('--port', String(ports.gateway), '--broker-port', String(ports.broker));
    args.push('--registry-port', String(ports.registry));
    const child = spawn(process.execPath, args, {
      cwd: REPO,
      env: { ...process.env, TRIBUTARY_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const server = new Server(child);
    await waitUntil(
      'the server to start',
      async () => {
        if (child.exitCode !== null)
          throw new Error(`the server exited (${child.exitCode}): ${server.output}`);
        return server.output.includes('SQL gateway listening on') ? true : undefined;
      },
      180_000,
    ).catch((e: unknown) => {
      child.kill('SIGKILL');
      throw new Error(`${e instanceof Error ? e.message : String(e)}\n${server.output}`);
    });
    return server;
  }

  async kill(signal: NodeJS.Signals = 'SIGKILL'): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((r) => this.child.once('exit', r));
    this.child.kill(signal);
    await exited;
  }
}

/** The REST API of the gateway on `port`. */
function gatewayApi(port: number) {
  const base = `http://127.0.0.1:${port}/v1/environments/default/statements`;
  const call = async (method: string, path: string, body?: unknown) => {
    const res = await fetch(`${base}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await res.text();
    return { status: res.status, body: (text === '' ? {} : JSON.parse(text)) as Record<string, unknown> };
  };
  return {
    async submit(name: string, statement: string, properties: Record<string, string> = {}): Promise<void> {
      const r = await call('POST', '', { metadata: { name }, spec: { statement, properties } });
      if (r.status !== 201 && r.status !== 200)
        throw new Error(`statement '${name}': ${JSON.stringify(r.body)}`);
      await waitUntil(
        `statement '${name}' to be accepted`,
        async () => {
          const phase = await this.phase(name);
          if (phase === 'FAILED')
            throw new Error(
              `statement '${name}' failed: ${JSON.stringify((await call('GET', `/${name}`)).body)}`,
            );
          return phase === 'COMPLETED' || phase === 'RUNNING' ? phase : undefined;
        },
        300_000,
      );
    },
    async phase(name: string): Promise<string> {
      const r = await call('GET', `/${name}`);
      return String((r.body.status as { phase?: unknown } | undefined)?.phase);
    },
    async detail(name: string): Promise<string> {
      return JSON.stringify((await call('GET', `/${name}`)).body.status);
    },
  };
}

/** The highest completed checkpoint id of a statement, from its checkpoint directory. */
function latestCheckpoint(dataDir: string, statement: string): number {
  const root = join(dataDir, 'gateway', 'checkpoints');
  if (!existsSync(root)) return 0;
  let best = 0;
  for (const dir of readdirSync(root).filter((d) => d.includes(`.${statement}.`))) {
    for (const chk of readdirSync(join(root, dir))) {
      const m = /^chk-(\d+)$/.exec(chk);
      if (m !== null && existsSync(join(root, dir, chk, '_metadata'))) best = Math.max(best, Number(m[1]));
    }
  }
  return best;
}

function tableDdl(bootstrap: string, guarantee: CrashTestOptions['deliveryGuarantee']): string[] {
  const kafka = (topic: string, extra: string) =>
    `'connector' = 'kafka', 'topic' = '${topic}', 'properties.bootstrap.servers' = '${bootstrap}', ${extra}`;
  const exactlyOnce = (prefix: string) =>
    `'sink.delivery-guarantee' = '${guarantee}', 'sink.transactional-id-prefix' = '${prefix}'`;
  return [
    `CREATE TABLE orders (order_id BIGINT, customer_id BIGINT, amount BIGINT,
       ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp', WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
     WITH (${kafka('orders', "'value.format' = 'json', 'scan.startup.mode' = 'earliest-offset'")})`,
    `CREATE TABLE customers (customer_id BIGINT, tier STRING, PRIMARY KEY (customer_id) NOT ENFORCED)
     WITH (${kafka('customers', "'key.format' = 'json', 'value.format' = 'json'")})`,
    `CREATE TABLE window_totals (customer_id BIGINT, window_start TIMESTAMP(3), total BIGINT, cnt BIGINT)
     WITH (${kafka('window_totals', `'value.format' = 'json', ${exactlyOnce('crash-window-totals')}`)})`,
    `CREATE TABLE enriched (customer_id BIGINT, window_start TIMESTAMP(3), tier STRING, total BIGINT,
       cnt BIGINT, PRIMARY KEY (customer_id, window_start) NOT ENFORCED)
     WITH (${kafka('enriched', `'key.format' = 'json', 'value.format' = 'json', ${exactlyOnce('crash-enriched')}`)})`,
  ];
}

const WINDOWS = `SELECT customer_id, window_start, SUM(amount) AS total, COUNT(*) AS cnt
  FROM TABLE(TUMBLE(TABLE orders, DESCRIPTOR(ts), INTERVAL '1' SECOND))
  GROUP BY customer_id, window_start, window_end`;
const STATEMENT_SQL: Record<(typeof STATEMENTS)[number], string> = {
  'crash-windows': `INSERT INTO window_totals ${WINDOWS}`,
  'crash-enriched': `INSERT INTO enriched SELECT w.customer_id, w.window_start, c.tier, w.total, w.cnt
    FROM (${WINDOWS}) AS w JOIN customers AS c ON w.customer_id = c.customer_id`,
};
const STATEMENT_PROPERTIES = {
  'execution.checkpointing.interval': '1 s',
  'restart-strategy.type': 'fixed-delay',
  'restart-strategy.fixed-delay.attempts': '100000',
  'restart-strategy.fixed-delay.delay': '500 ms',
};

/**
 * Produces the finite input at `rate` records/s whenever the broker is up: every customer's tier
 * first, then orders (event time advancing EVENT_STEP_MS each) with tier changes mixed in, then one
 * order far in event time so every real window closes. Sends are retried until acknowledged; a
 * retry may duplicate records, which is fine: the expected results come from the topics as written.
 */
async function produceInput(kafka: Kafka, o: CrashTestOptions, base: number, done: { value: boolean }) {
  const rnd = random(o.seed);
  let producer: Producer | undefined;
  const send = async (topic: string, messages: { key?: string; value: string; timestamp?: string }[]) => {
    for (;;) {
      try {
        if (producer === undefined) {
          producer = kafka.producer({ idempotent: true, maxInFlightRequests: 1, retry: { retries: 5 } });
          await producer.connect();
        }
        await producer.send({ topic, messages, acks: -1 });
        return;
      } catch {
        await producer?.disconnect().catch(() => undefined);
        producer = undefined;
        await sleep(500);
      }
    }
  };
  const customer = (id: number) => ({ key: JSON.stringify({ customer_id: id }), value: '' });
  const tierOf = (id: number, tier: string) => ({
    ...customer(id),
    value: JSON.stringify({ customer_id: id, tier }),
  });
  await send(
    'customers',
    Array.from({ length: o.customers }, (_, id) => tierOf(id, TIERS[id % TIERS.length]!)),
  );
  const batch = 50;
  for (let next = 0; next < o.records; next += batch) {
    const started = Date.now();
    const orders = [];
    for (let i = next; i < Math.min(next + batch, o.records); i++) {
      const order = {
        order_id: i,
        customer_id: Math.floor(rnd() * o.customers),
        amount: 1 + Math.floor(rnd() * 100),
      };
      orders.push({ value: JSON.stringify(order), timestamp: String(base + i * EVENT_STEP_MS) });
    }
    await send('orders', orders);
    if (rnd() < 0.5) {
      const id = Math.floor(rnd() * o.customers);
      await send('customers', [tierOf(id, TIERS[Math.floor(rnd() * TIERS.length)]!)]);
    }
    await sleep(Math.max(0, (batch / o.rate) * 1000 - (Date.now() - started)));
  }
  const sentinel = { order_id: -1, customer_id: -1, amount: 0 };
  await send('orders', [
    { value: JSON.stringify(sentinel), timestamp: String(base + o.records * EVENT_STEP_MS + 3_600_000) },
  ]);
  await producer?.disconnect().catch(() => undefined);
  done.value = true;
}

export { formatReport };

/** Runs the whole crash test; the report's `problems` is empty when exactly-once held. */
export async function runCrashTest(o: CrashTestOptions): Promise<CrashTestReport> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tributary-crash-'));
  const ports: Ports = { gateway: await freePort(), broker: await freePort(), registry: await freePort() };
  const bootstrap = `127.0.0.1:${ports.broker}`;
  const kafka = new Kafka({
    clientId: 'crash-test',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    retry: { retries: 10 },
  });
  const api = gatewayApi(ports.gateway);
  const rnd = random(o.seed + 1);
  o.log(`data dir ${dataDir}; gateway :${ports.gateway}, broker :${ports.broker}`);
  let server = await Server.start(dataDir, ports);
  const recoveryMs: number[] = [];
  try {
    const admin = kafka.admin();
    await admin.connect();
    const keep = [{ name: 'retention.ms', value: '-1' }];
    await admin.createTopics({
      topics: [
        { topic: 'orders', numPartitions: 1, configEntries: keep },
        { topic: 'customers', numPartitions: 1, configEntries: keep },
        { topic: 'window_totals', numPartitions: 3, configEntries: keep },
        { topic: 'enriched', numPartitions: 3, configEntries: keep },
      ],
    });
    await admin.disconnect();
    for (const [i, ddl] of tableDdl(bootstrap, o.deliveryGuarantee).entries())
      await api.submit(`crash-ddl-${i}`, ddl);
    for (const name of STATEMENTS) await api.submit(name, STATEMENT_SQL[name], STATEMENT_PROPERTIES);
    const inputDone = { value: false };
    const base = Math.floor(Date.now() / WINDOW_MS) * WINDOW_MS;
    const producing = produceInput(kafka, o, base, inputDone);
    producing.catch(() => undefined);

    const checkpointed = async (after: readonly number[]) =>
      waitUntil(
        'a new checkpoint of every statement',
        async () => (STATEMENTS.every((s, i) => latestCheckpoint(dataDir, s) > after[i]!) ? true : undefined),
        300_000,
      );
    await checkpointed(STATEMENTS.map(() => 0));
    for (let kill = 1; kill <= o.kills; kill++) {
      await sleep((o.minGapSeconds + rnd() * (o.maxGapSeconds - o.minGapSeconds)) * 1000);
      const before = STATEMENTS.map((s) => latestCheckpoint(dataDir, s));
      const killedAt = Date.now();
      await server.kill('SIGKILL');
      server = await Server.start(dataDir, ports);
      const upAfter = Date.now() - killedAt;
      await waitUntil(
        'the statements to run again',
        async () =>
          (await Promise.all(STATEMENTS.map((s) => api.phase(s)))).every((p) => p === 'RUNNING')
            ? true
            : undefined,
        300_000,
      );
      const runningAfter = Date.now() - killedAt;
      await checkpointed(before);
      recoveryMs.push(Date.now() - killedAt);
      o.log(
        `kill ${kill}/${o.kills}: recovered in ${recoveryMs.at(-1)} ms (server up after ${upAfter} ms, statements running after ${runningAfter} ms; input ${inputDone.value ? 'done' : 'flowing'})`,
      );
    }
    await producing;
    o.log('input complete; waiting for the sinks to catch up');
    const orders = await readTopic(kafka, 'orders', true);
    const customers = await readTopic(kafka, 'customers', true);
    const expected = expectedResults(orders, customers);
    let problems: string[] = [];
    const until = Date.now() + 300_000;
    for (let matched = 0; ; ) {
      const windowRows = await readTopic(kafka, 'window_totals', false);
      const enrichedRows = await readTopic(kafka, 'enriched', false);
      problems = compare(expected, windowRows, enrichedRows);
      // once it matches, look once more a few checkpoints later: a late duplicate would show then
      if (problems.length === 0 && ++matched === 2) break;
      if (Date.now() > until) break;
      for (const s of STATEMENTS)
        if ((await api.phase(s)) === 'FAILED') throw new Error(`${s} failed: ${await api.detail(s)}`);
      await sleep(3000);
    }
    return {
      killsSurvived: recoveryMs.length,
      recoveryMs,
      inputOrders: expected.inputOrders,
      expectedWindows: expected.windows.size,
      expectedEnriched: expected.enriched.size,
      problems,
    };
  } finally {
    await server.kill('SIGTERM').catch(() => undefined);
    if (!o.keepData) rmSync(dataDir, { recursive: true, force: true });
  }
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === resolve(import.meta.filename)) {
  const { values } = parseArgs({
    options: {
      kills: { type: 'string', default: '20' },
      records: { type: 'string', default: '30000' },
      rate: { type: 'string', default: '300' },
      customers: { type: 'string', default: '20' },
      'min-gap': { type: 'string', default: '1' },
      'max-gap': { type: 'string', default: '6' },
      seed: { type: 'string', default: String(Date.now() % 100000) },
      keep: { type: 'boolean', default: false },
      'delivery-guarantee': { type: 'string', default: 'exactly-once' },
    },
  });
  const options: CrashTestOptions = {
    kills: Number(values.kills),
    records: Number(values.records),
    rate: Number(values.rate),
    customers: Number(values.customers),
    minGapSeconds: Number(values['min-gap']),
    maxGapSeconds: Number(values['max-gap']),
    seed: Number(values.seed),
    keepData: values.keep,
    deliveryGuarantee: values['delivery-guarantee'] === 'at-least-once' ? 'at-least-once' : 'exactly-once',
    log: (line) => console.log(`[crash-test] ${line}`),
  };
  console.log(
    `[crash-test] seed ${options.seed}, ${options.kills} kills, ${options.records} orders at ${options.rate}/s`,
  );
  const report = await runCrashTest(options);
  console.log(formatReport(report));
  process.exit(report.problems.length === 0 ? 0 : 1);
}
