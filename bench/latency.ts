/**
 * `npm run bench:latency [-- --rate 10000 --seconds 20 --warmup 5]`: end-to-end latency as a user
 * sees it. `tributary start` runs as a child process (gateway, embedded broker and registry on
 * ephemeral ports). This process creates a topic through SQL and reads two statements' results with
 * our WebSocket client (src/client); a producer process (bench/latency-producer.ts) writes Avro
 * records into the topic with kafkajs at a fixed rate, as a user's producer application would:
 *
 * - filter-and-project: latency = client receipt − produce time. The produce time is carried in the
 *   record (`sent_at`, epoch ms with sub-millisecond digits, taken just before `producer.send`), so
 *   the producer's own request, the broker, the engine, the worker → gateway hand-off and the
 *   WebSocket are all inside the figure;
 * - a 1-second tumbling window on `$rowtime`: latency = client receipt − window end. A window fires
 *   when the watermark passes its end (watermark = max `$rowtime` − 1 ms), so this includes waiting
 *   for the first record after the window's end.
 *
 * Producer, client and server share this machine's cores. docs/benchmarks.md ("Latency") explains
 * the method and the figures. The server's CPU (user + system, all its
 * threads) and RSS come from /proc. Writes bench/results/latency-<time>.json.
 */
import { type ChildProcess, fork, spawn } from 'node:child_process';
import {
  appendFileSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { monitorEventLoopDelay, performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { type Client, connect, type Statement } from '../src/index.ts';
import type { ProducerMessage, ProducerOptions, RunMessage } from './latency-producer.ts';

const REPO = fileURLToPath(new URL('..', import.meta.url));
const ADMIN_KEY = 'tk-latency.0123456789abcdefghij';
const TOPIC = 'latency_events';
/** Records whose category is below this pass the filter: half of them. */
const PASSING_CATEGORIES = 5;

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '10000' },
    seconds: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    /** Leaves Nagle's algorithm on in the producer's sockets (kafkajs's default). */
    nagle: { type: 'boolean', default: false },
    /** Writes CPU profiles of the server (every thread) into this directory. */
    'server-profile': { type: 'string' },
    /** Extra Node.js flags for the server process, e.g. `--server-flags=--trace-gc`. */
    'server-flags': { type: 'string', default: '' },
    /** Writes everything the server prints into this file. */
    'server-log': { type: 'string' },
  },
});
const RATE = Number(values.rate);
const SECONDS = Number(values.seconds);
const WARMUP = Number(values.warmup);
if (!(RATE > 0 && SECONDS > 0 && WARMUP >= 0))
  throw new Error('--rate and --seconds must be positive numbers and --warmup non-negative');

/** Epoch milliseconds with the sub-millisecond digits of the monotonic clock. */
const nowMs = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const benchStart = nowMs();
/** Progress on stderr, so a slow phase on a loaded machine shows where it is. */
const progress = (what: string): void => {
  process.stderr.write(`[${((nowMs() - benchStart) / 1000).toFixed(1)} s] ${what}\n`);
};

async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  progress(what);
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what} did not complete within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

interface Server {
  readonly child: ChildProcess;
  readonly gateway: string;
  readonly bootstrap: string;
  readonly registry: string;
  readonly output: () => string;
}

function startServer(dataDir: string): Promise<Server> {
  const child = spawn(
    process.execPath,
    [
      ...(values['server-profile'] === undefined
        ? []
        : ['--cpu-prof', `--cpu-prof-dir=${values['server-profile']}`]),
      ...(values['server-flags'] ?? '').split(' ').filter((f) => f !== ''),
      ...['--import', 'tsx', 'src/cli/main.ts', 'start'],
      ...['--port', '0', '--broker-port', '0', '--registry-port', '0', '--no-demo'],
      ...['--data-dir', dataDir, '--catalogs-dir', join(REPO, 'catalogs')],
    ],
    {
      cwd: REPO,
      env: { ...process.env, TRIBUTARY_ADMIN_KEY: ADMIN_KEY, TRIBUTARY_LOG_LEVEL: 'warn' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // never leave the server behind, whatever ends this process
  process.once('exit', () => child.kill('SIGKILL'));
  let out = '';
  const log = values['server-log'];
  if (log !== undefined) writeFileSync(log, '');
  const onOutput = (d: unknown): void => {
    out += String(d);
    if (log !== undefined) appendFileSync(log, String(d));
  };
  child.stdout?.on('data', onOutput);
  child.stderr?.on('data', onOutput);
  const output = (): string => out.slice(-4000);
  return within(
    120_000,
    'starting `tributary start`',
    (async (): Promise<Server> => {
      for (;;) {
        const gateway = /SQL gateway listening on (http:\/\/\S+)/.exec(out)?.[1];
        const bootstrap = /broker listening on (\S+)/.exec(out)?.[1];
        const registry = /Schema Registry listening on (\S+)/.exec(out)?.[1];
        if (gateway !== undefined && bootstrap !== undefined && registry !== undefined)
          return { child, gateway, bootstrap, registry, output };
        if (child.exitCode !== null) throw new Error(`the server exited (${child.exitCode}):\n${out}`);
        await sleep(50);
      }
    })(),
  );
}

async function stopServer(server: Server): Promise<void> {
  if (server.child.exitCode !== null) return;
  const exited = new Promise((r) => server.child.once('exit', r));
  server.child.kill('SIGTERM');
  await Promise.race([exited, sleep(5000)]);
  if (server.child.exitCode === null) server.child.kill('SIGKILL');
}

/** CPU seconds (user + system, every thread) and RSS of a process, from /proc. */
function processUsage(pid: number): { cpuSeconds: number; rssMiB: number; peakRssMiB: number } {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  // fields[11] and [12] are utime and stime (fields 14 and 15 of proc(5)), in clock ticks of 1/100 s
  const cpuSeconds = (Number(fields[11]) + Number(fields[12])) / 100;
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = (name: string): number =>
    Number(new RegExp(`${name}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return { cpuSeconds, rssMiB: kib('VmRSS') / 1024, peakRssMiB: kib('VmHWM') / 1024 };
}

/**
 * CPU seconds of each thread of a process. The main thread's id is the pid; the others are the
 * compute-pool workers (the busy ones), V8's GC helpers and libuv's pool, which /proc does not name apart.
 */
function threadCpu(pid: number): Map<number, number> {
  const out = new Map<number, number>();
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      const stat = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(Number(tid), (Number(fields[11]) + Number(fields[12])) / 100);
    } catch {
      // the thread ended between the listing and the read
    }
  }
  return out;
}

/** Nearest-rank percentile of an ascending array. */
function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

interface Summary {
  readonly count: number;
  readonly p50: number;
  readonly p99: number;
  readonly max: number;
}

function summarize(latencies: readonly number[]): Summary {
  const s = Float64Array.from(latencies).sort();
  const round = (x: number): number => Math.round(x * 100) / 100;
  const sorted = Array.from(s);
  return {
    count: s.length,
    p50: round(percentile(sorted, 50)),
    p99: round(percentile(sorted, 99)),
    max: round(sorted[sorted.length - 1] ?? Number.NaN),
  };
}

/** Reads a statement's batches until it ends, calling `onRow` with the batch's receipt time. */
async function readResults(
  st: Statement,
  onRow: (row: readonly unknown[], receivedAt: number) => void,
): Promise<void> {
  for (;;) {
    const batch = await st.nextBatch();
    if (batch === undefined) return;
    const receivedAt = nowMs();
    for (const change of batch) onRow(change.row, receivedAt);
  }
}

const epochMillisOf = (v: unknown): number =>
  typeof v === 'object' && v !== null && 'toDate' in v && typeof v.toDate === 'function'
    ? (v.toDate() as Date).getTime()
    : Number.NaN;

async function createTopic(client: Client): Promise<void> {
  const ddl = [
    `CREATE TABLE ${TOPIC} (id BIGINT NOT NULL, category INT NOT NULL, sent_at DOUBLE NOT NULL, payload STRING)
     DISTRIBUTED INTO 1 BUCKETS`,
    // the watermark trails the newest record by 1 ms: a window fires right after its end
    `ALTER TABLE ${TOPIC} MODIFY WATERMARK FOR \`$rowtime\` AS \`$rowtime\` - INTERVAL '0.001' SECOND`,
  ];
  for (const sql of ddl) await (await client.execute(sql)).toArray();
}

/** Starts the producer process (bench/latency-producer.ts); it probes until told to `run`. */
function startProducer(server: Server): ChildProcess {
  const options: ProducerOptions = {
    bootstrap: server.bootstrap,
    registry: server.registry,
    topic: TOPIC,
    rate: RATE,
    seconds: SECONDS,
    warmup: WARMUP,
    passingCategories: PASSING_CATEGORIES,
    nagle: values.nagle === true,
  };
  const child = fork(join(REPO, 'bench/latency-producer.ts'), [JSON.stringify(options)], {
    execArgv: ['--import', 'tsx'],
    cwd: REPO,
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  process.once('exit', () => child.kill('SIGKILL'));
  return child;
}

/** The next message of the producer process (or why it stopped). */
function nextMessage(producer: ChildProcess): Promise<ProducerMessage> {
  return new Promise((resolve, reject) => {
    const onMessage = (m: ProducerMessage): void => {
      producer.off('exit', onExit);
      if (m.type === 'failed') reject(new Error(`the producer failed: ${m.message}`));
      else resolve(m);
    };
    const onExit = (code: number | null): void => {
      producer.off('message', onMessage);
      reject(new Error(`the producer process exited (${code}) without a report`));
    };
    producer.once('message', onMessage);
    producer.once('exit', onExit);
  });
}

/**
 * The server's main-thread event-loop delay (p99 and max since the previous scrape) and its GC time so
 * far, from its Prometheus `/metrics` (prom-client's default metrics).
 */
async function scrapeServer(
  gateway: string,
): Promise<{ lagP99Ms: number; lagMaxMs: number; gcSeconds: number }> {
  const text = await (await fetch(`${gateway}/metrics`)).text();
  const value = (name: string): number => {
    const lines = text.split('\n').filter((l) => l.startsWith(name) && !l.startsWith('#'));
    return lines.reduce((sum, l) => sum + Number(l.slice(l.lastIndexOf(' ') + 1)), 0);
  };
  // the lag is sampled every 10 ms (the gateway's eventLoopMonitoringPrecision), and a sample is the
  // whole interval: the delay is what exceeds 10 ms
  const delayMs = (name: string): number => Math.max(0, Math.round((value(name) - 0.01) * 1e5) / 100);
  return {
    lagP99Ms: delayMs('nodejs_eventloop_lag_p99_seconds '),
    lagMaxMs: delayMs('nodejs_eventloop_lag_max_seconds '),
    gcSeconds: value('nodejs_gc_duration_seconds_sum'),
  };
}

async function main(): Promise<void> {
  const dataDir = mkdtempSync(join(tmpdir(), 'tributary-latency-'));
  let server: Server | undefined;
  let client: Client | undefined;
  let producer: ChildProcess | undefined;
  try {
    server = await startServer(dataDir);
    const pid = server.child.pid!;
    client = await within(
      30_000,
      'connecting the WebSocket client',
      connect({
        url: server.gateway,
        apiKey: ADMIN_KEY,
        properties: { 'sql.current-catalog': 'default', 'sql.current-database': 'cluster_0' },
        creditWindow: 20_000,
      }),
    );
    const c = client;
    await within(60_000, 'creating the topic through SQL', createTopic(c));
    const filter = await within(
      60_000,
      'starting the filter-and-project statement',
      c.execute(`SELECT id, sent_at FROM ${TOPIC} WHERE category < ${PASSING_CATEGORIES}`),
    );
    const windowed = await within(
      60_000,
      'starting the window statement',
      c.execute(
        `SELECT window_end, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE ${TOPIC}, DESCRIPTOR(\`$rowtime\`), INTERVAL '1' SECOND))
         GROUP BY window_start, window_end`,
      ),
    );

    const firstMeasuredId = Math.round(RATE * WARMUP);
    const filterLatencies: number[] = [];
    /** [window end, latency]: which windows are measured is known once producing started. */
    const windowSamples: [number, number][] = [];
    let lastFilterId = -1;
    let probesReceived = 0;
    let windowsReceived = 0;
    let filterOutOfOrder = 0;
    let lastWindowEnd = 0;
    const filterDone = readResults(filter, (row, at) => {
      const id = Number(row[0]);
      if (id < 0) {
        probesReceived++;
        return;
      }
      if (id <= lastFilterId) filterOutOfOrder++;
      lastFilterId = id;
      if (id >= firstMeasuredId) filterLatencies.push(at - Number(row[1]));
    });
    const windowDone = readResults(windowed, (row, at) => {
      const end = epochMillisOf(row[0]);
      windowsReceived++;
      lastWindowEnd = Math.max(lastWindowEnd, end);
      windowSamples.push([end, at - end]);
    });
    // a failed stream is reported by the checks below; never an unhandled rejection
    const streamErrors: unknown[] = [];
    filterDone.catch((e: unknown) => streamErrors.push(e));
    windowDone.catch((e: unknown) => streamErrors.push(e));

    const producerProcess = startProducer(server);
    producer = producerProcess;
    await within(60_000, 'starting the producer process', nextMessage(producerProcess));
    const statementsDeliver = async (): Promise<void> => {
      while (probesReceived === 0 || windowsReceived === 0) {
        if (streamErrors.length > 0) throw streamErrors[0];
        await sleep(20);
      }
    };
    await within(
      240_000,
      'waiting for both statements to deliver results (probe records every 50 ms)',
      statementsDeliver(),
    );
    progress(`both statements deliver results (${probesReceived} probe rows received)`);
    const loopDelay = monitorEventLoopDelay({ resolution: 1 });
    const usageBefore = { at: nowMs(), ...processUsage(pid) };
    const threadsBefore = threadCpu(pid);
    const producerBefore = processUsage(producerProcess.pid!);
    const benchCpuBefore = process.cpuUsage();
    loopDelay.enable();
    const scrapeBefore = await scrapeServer(server.gateway);
    progress(`producing ${RATE} records/s for ${WARMUP} s warm-up + ${SECONDS} s`);
    const report = nextMessage(producerProcess);
    producerProcess.send({ type: 'run' } satisfies RunMessage);
    const done = await within((WARMUP + SECONDS) * 1000 + 60_000, 'producing', report);
    if (done.type !== 'done') throw new Error(`the producer sent ${done.type} instead of its report`);
    const stats = done.stats;
    const producerCpu = processUsage(producerProcess.pid!).cpuSeconds - producerBefore.cpuSeconds;
    progress(`produced ${stats.produced} records; waiting for the last results`);
    const usageAfterProduce = processUsage(pid);
    const threadsAfter = threadCpu(pid);
    const benchCpu = process.cpuUsage(benchCpuBefore);
    loopDelay.disable();
    const scrapeAfter = await scrapeServer(server.gateway);

    // wait for the last passing record and the last window that can fire (its end before the last record)
    const lastFiring = Math.floor((stats.measureTo - 1) / 1000) * 1000;
    const deadline = nowMs() + 15_000;
    while ((lastFilterId < stats.lastPassingId || lastWindowEnd < lastFiring - 1000) && nowMs() < deadline) {
      if (streamErrors.length > 0) throw streamErrors[0];
      await sleep(20);
    }
    if (lastFilterId < stats.lastPassingId)
      throw new Error(
        `the filter's results stopped at id ${lastFilterId}; the last passing record is ${stats.lastPassingId} (15 s after producing ended)\n${server.output()}`,
      );
    await within(15_000, 'cancelling the statements', Promise.all([filter.cancel(), windowed.cancel()]));
    await Promise.allSettled([filterDone, windowDone]);

    const windowLatencies = windowSamples.filter(([end]) => end > stats.measureFrom).map(([, l]) => l);
    const measuredSeconds = (stats.measureTo - stats.measureFrom) / 1000;
    const serverCpu = usageAfterProduce.cpuSeconds - usageBefore.cpuSeconds;
    const result = {
      date: new Date().toISOString(),
      command: `npm run bench:latency -- --rate ${RATE} --seconds ${SECONDS} --warmup ${WARMUP}${values.nagle ? ' --nagle' : ''}`,
      rate: RATE,
      seconds: SECONDS,
      warmupSeconds: WARMUP,
      produced: stats.produced,
      producedPerSecond: Math.round((stats.produced - stats.firstMeasuredId) / measuredSeconds),
      produceRequests: stats.sends,
      maxRequestsInFlight: stats.maxInFlight,
      filterOutOfOrder,
      produceAck: summarize(stats.ackLatencies),
      filterAndProject: summarize(filterLatencies),
      tumblingWindow1s: summarize(windowLatencies),
      clientEventLoopDelayP99Ms: Math.round(loopDelay.percentile(99) / 1e4) / 100,
      /** The server's main thread (gateway, broker): event-loop lag over the measured part, and GC time. */
      serverEventLoopLagP99Ms: scrapeAfter.lagP99Ms,
      serverEventLoopLagMaxMs: scrapeAfter.lagMaxMs,
      serverMainGcMs: Math.round((scrapeAfter.gcSeconds - scrapeBefore.gcSeconds) * 1000),
      serverCpuPercent: Math.round((serverCpu / ((stats.measureTo - usageBefore.at) / 1000)) * 100),
      serverCpuMicrosPerEvent: Math.round((serverCpu * 1e6) / stats.produced),
      producerCpuPercent: Math.round((producerCpu / ((stats.measureTo - usageBefore.at) / 1000)) * 100),
      clientCpuPercent: Math.round(
        (benchCpu.user + benchCpu.system) / 1e4 / ((stats.measureTo - usageBefore.at) / 1000),
      ),
      /** Share of one core per server thread (main = the gateway and the embedded broker), busiest first. */
      serverThreadsCpuPercent: [...threadsAfter]
        .map(([tid, cpu]) => ({
          thread: tid === pid ? 'main' : String(tid),
          percent: Math.round(
            ((cpu - (threadsBefore.get(tid) ?? 0)) / ((stats.measureTo - usageBefore.at) / 1000)) * 100,
          ),
        }))
        .filter((t) => t.percent > 0)
        .sort((a, b) => b.percent - a.percent),
      serverRssMiB: Math.round(usageAfterProduce.rssMiB),
      serverPeakRssMiB: Math.round(usageAfterProduce.peakRssMiB),
      load: readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' '),
    };
    const line = (name: string, s: Summary): string =>
      `${name.padEnd(30)}${String(s.count).padStart(9)}${s.p50.toFixed(2).padStart(10)}${s.p99.toFixed(2).padStart(10)}${s.max.toFixed(2).padStart(10)}`;
    console.log(result.command);
    console.log(
      `produced ${result.produced} records (${result.producedPerSecond} events/s measured over ${measuredSeconds.toFixed(1)} s after ${WARMUP} s warm-up) in ${result.produceRequests} requests, at most ${result.maxRequestsInFlight} in flight`,
    );
    console.log(
      `${'latency (ms)'.padEnd(30)}${'count'.padStart(9)}${'p50'.padStart(10)}${'p99'.padStart(10)}${'max'.padStart(10)}`,
    );
    console.log(line('produce → broker ack', result.produceAck));
    console.log(line('filter-and-project', result.filterAndProject));
    console.log(line('1 s tumbling window (from end)', result.tumblingWindow1s));
    console.log(
      `server: ${result.serverCpuPercent}% CPU (${result.serverCpuMicrosPerEvent} µs CPU per event), RSS ${result.serverRssMiB} MiB (peak ${result.serverPeakRssMiB} MiB); producer ${result.producerCpuPercent}% CPU; client ${result.clientCpuPercent}% CPU, event-loop delay p99 ${result.clientEventLoopDelayP99Ms} ms; load ${result.load}; filter rows out of order: ${filterOutOfOrder}`,
    );
    console.log(
      `server main thread: event-loop delay p99 ${result.serverEventLoopLagP99Ms} ms, max ${result.serverEventLoopLagMaxMs} ms, GC ${result.serverMainGcMs} ms`,
    );
    console.log(
      `server threads (% of one core): ${result.serverThreadsCpuPercent.map((t) => `${t.thread} ${t.percent}`).join(', ')}`,
    );
    mkdirSync(join(REPO, 'bench/results'), { recursive: true });
    const file = join(REPO, `bench/results/latency-${result.date.replace(/[:.]/g, '-')}.json`);
    writeFileSync(file, `${JSON.stringify(result, null, 2)}\n`);
    console.log(`wrote ${file}`);
  } finally {
    producer?.kill('SIGKILL');
    await client?.close().catch(() => undefined);
    if (server !== undefined) await stopServer(server);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(`bench:latency failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    process.exit(1);
  },
);
