/**
 * Produce and consume throughput of the embedded broker on loopback with 1 KiB records, acks=1.
 *
 * The broker runs in a child process (so it and the client do not share a thread); `--in-process`
 * runs it in this process as the old bench did. For each configuration it reports the median over
 * runs of records/s and MB/s, and CPU seconds per GB of record values for the broker (asked over IPC)
 * and the client. On a shared machine wall rates move with the load; CPU s/GB much less, and
 * "MB per CPU-s" (1000 / broker CPU s/GB) approximates what one dedicated core would sustain.
 * With --in-process the client figure is the whole process (broker included).
 *
 *   npm run bench:broker [-- options]
 *     --client kafkajs|kcat|kafka-python|raw|all   (default kafkajs,kcat,raw)
 *     --config NAME[,NAME]    kafkajs configurations (default all; see bench/broker-clients.ts)
 *     --records N             per run (default 50000 for kafkajs/kafka-python, 200000 for kcat/raw)
 *     --runs N                (default 3)
 *     --in-process            broker in this process (broker CPU is then not separable)
 *     --produce-only          skip the consume measurements (for profiling produce)
 *     --profile DIR           run the broker child with --cpu-prof into DIR and summarise it
 *     --summarize FILE.cpuprofile [N]   print the top self-time functions of a profile and exit
 */
import { type ChildProcess, fork } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { Kafka } from 'kafkajs';
import { startBroker } from '../src/broker/index.ts';
import {
  consumeKafkajs,
  consumeKcat,
  KAFKAJS_CONFIGS,
  type KafkajsConfig,
  KCAT_PRODUCER_SETTINGS,
  kafkaClient,
  produceKafkajs,
  produceKafkaPython,
  produceKcat,
  produceRaw,
  RECORD_BYTES,
  type Timing,
  writeLinesFile,
} from './broker-clients.ts';

const quiet = { info: () => {}, warn: () => {}, error: (m: string) => console.error(`[broker] ${m}`) };

interface CpuTimes {
  user: number;
  system: number;
}

/** A running broker and a way to read its CPU seconds (NaN when it shares this process). */
interface BenchBroker {
  bootstrap: string;
  cpuSecs(): Promise<CpuTimes>;
  stop(): Promise<void>;
}

/** Child mode: start a broker, report its port, answer CPU-time queries until told to stop. */
async function serve(dataDir: string): Promise<void> {
  const broker = await startBroker({ dataDir, logger: quiet });
  const send = (m: unknown) => process.send?.(m);
  process.on('message', (m: unknown) => {
    if (m === 'cpu') {
      const u = process.cpuUsage();
      send({ user: u.user / 1e6, system: u.system / 1e6 });
    } else if (m === 'stop') {
      void broker.close().then(() => process.exit(0));
    }
  });
  // The bench died without saying stop: do not linger.
  process.on('disconnect', () => void broker.close().then(() => process.exit(1)));
  send({ port: broker.port });
}

async function childBroker(dataDir: string, profileDir: string | undefined): Promise<BenchBroker> {
  const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
  const execArgv = ['--import', 'tsx'];
  if (profileDir) execArgv.push('--cpu-prof', `--cpu-prof-dir=${profileDir}`);
  const child: ChildProcess = fork(fileURLToPath(import.meta.url), ['--serve', dataDir], {
    cwd: repo,
    execArgv,
  });
  const next = () =>
    new Promise<Record<string, number>>((resolve, reject) => {
      const onExit = (code: number | null) => reject(new Error(`broker child exited with ${code}`));
      child.once('exit', onExit);
      child.once('message', (m) => {
        child.off('exit', onExit);
        resolve(m as Record<string, number>);
      });
    });
  const { port } = await next();
  return {
    bootstrap: `127.0.0.1:${port}`,
    async cpuSecs() {
      const reply = next();
      child.send('cpu');
      const { user = Number.NaN, system = Number.NaN } = await reply;
      return { user, system };
    },
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => resolve());
        child.send('stop');
      }),
  };
}

interface ProduceChildTask {
  readonly bootstrap: string;
  readonly topic: string;
  readonly records: number;
  readonly config: string;
}

/** Child mode: a kafkajs producer that sends its share on 'go' and answers with its Timing. */
async function produceChild(taskJson: string): Promise<void> {
  const task = JSON.parse(taskJson) as ProduceChildTask;
  const cfg = KAFKAJS_CONFIGS.find((c) => c.name === task.config);
  if (cfg === undefined) throw new Error(`no kafkajs config named ${task.config}`);
  const kafka = kafkaClient(task.bootstrap);
  process.send?.('ready');
  await new Promise((r) => process.once('message', r));
  process.send?.(await produceKafkajs(kafka, task.topic, task.records, cfg));
  process.disconnect();
}

/**
 * `cfg.processes` producer processes sending `records` between them at once: wall time from 'go'
 * (their start-up excluded) to the last acknowledgement, CPU summed over the producers.
 */
async function produceInProcesses(
  bootstrap: string,
  topic: string,
  records: number,
  cfg: KafkajsConfig,
): Promise<Timing> {
  const n = cfg.processes ?? 1;
  const share = Math.ceil(records / n);
  const task: ProduceChildTask = { bootstrap, topic, records: share, config: cfg.name };
  const children = Array.from({ length: n }, () =>
    fork(fileURLToPath(import.meta.url), ['--produce-child', JSON.stringify(task)], {
      execArgv: ['--import', 'tsx'],
    }),
  );
  const nextMessage = (c: ChildProcess) =>
    new Promise<unknown>((resolve, reject) => {
      c.once('message', resolve);
      c.once('exit', (code) => reject(new Error(`producer child exited with ${code}`)));
    });
  await Promise.all(children.map(nextMessage));
  const t0 = performance.now();
  const done = children.map(nextMessage);
  for (const c of children) c.send('go');
  const timings = (await Promise.all(done)) as Timing[];
  return {
    wallSecs: (performance.now() - t0) / 1000,
    clientCpuSecs: timings.reduce((sum, t) => sum + t.clientCpuSecs, 0),
    records: share * n,
  };
}

async function inProcessBroker(dataDir: string): Promise<BenchBroker> {
  const broker = await startBroker({ dataDir, logger: quiet });
  return {
    bootstrap: `${broker.host}:${broker.port}`,
    cpuSecs: async () => ({ user: Number.NaN, system: Number.NaN }),
    stop: () => broker.close(),
  };
}

interface Sample {
  recordsPerSec: number;
  brokerCpuPerGb: number;
  /** Share of the broker's CPU time spent in the kernel. */
  brokerSystemShare: number;
  clientCpuPerGb: number;
}

const median = (xs: readonly number[]): number => {
  const s = xs.filter((x) => !Number.isNaN(x)).sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : s[Math.floor(s.length / 2)]!;
};

async function measure(broker: BenchBroker, records: number, work: () => Promise<Timing>): Promise<Sample> {
  const b0 = await broker.cpuSecs();
  const t = await work();
  const b1 = await broker.cpuSecs();
  const brokerUser = b1.user - b0.user;
  const brokerSystem = b1.system - b0.system;
  const sent = t.records ?? records;
  const gb = (sent * RECORD_BYTES) / 1e9;
  return {
    recordsPerSec: sent / t.wallSecs,
    brokerCpuPerGb: (brokerUser + brokerSystem) / gb,
    brokerSystemShare: brokerSystem / (brokerUser + brokerSystem),
    clientCpuPerGb: t.clientCpuSecs / gb,
  };
}

const fmt = (x: number, digits = 1): string => (Number.isNaN(x) ? '-' : x.toFixed(digits));

function report(label: string, samples: readonly Sample[]): void {
  const rps = median(samples.map((s) => s.recordsPerSec));
  const broker = median(samples.map((s) => s.brokerCpuPerGb));
  const client = median(samples.map((s) => s.clientCpuPerGb));
  const sys = median(samples.map((s) => s.brokerSystemShare));
  console.log(
    `${label.padEnd(28)} ${String(Math.round(rps)).padStart(7)} rec/s ${fmt((rps * RECORD_BYTES) / 1e6).padStart(6)} MB/s` +
      ` | broker ${fmt(broker, 2).padStart(5)} CPU-s/GB (${fmt(100 * sys, 0).padStart(2)}% sys) = ${fmt(1000 / broker, 0).padStart(4)} MB per CPU-s` +
      ` | client ${fmt(client, 2).padStart(6)} CPU-s/GB  [median of ${samples.length}]`,
  );
}

/** Prints the functions with the most self time in a V8 .cpuprofile. */
function summarizeProfile(file: string, top = 25): void {
  interface ProfileNode {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number };
  }
  const prof = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
  };
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  let idle = 0;
  let total = 0;
  prof.samples.forEach((id, i) => {
    const f = byId.get(id)?.callFrame;
    const dt = prof.timeDeltas[i] ?? 0;
    total += dt;
    if (f === undefined || f.functionName === '(idle)') {
      idle += dt;
      return;
    }
    const where = f.url.replace(/^.*\/(node_modules|src)\//, '$1/');
    const key = `${f.functionName || '(anonymous)'} ${where}${where ? `:${f.lineNumber + 1}` : ''}`;
    self.set(key, (self.get(key) ?? 0) + dt);
  });
  const busy = total - idle;
  console.log(`${file}: busy ${(busy / 1e6).toFixed(2)} s of ${(total / 1e6).toFixed(2)} s sampled`);
  for (const [key, us] of [...self].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(
      `${(us / 1e3).toFixed(0).padStart(8)} ms ${((100 * us) / busy).toFixed(1).padStart(5)}%  ${key}`,
    );
  }
}

async function createTopic(kafka: Kafka, topic: string, partitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: partitions }], waitForLeaders: true });
  await admin.disconnect();
}

async function deleteTopic(kafka: Kafka, topic: string): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.deleteTopics({ topics: [topic] });
  await admin.disconnect();
}

async function main(): Promise<void> {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: {
      serve: { type: 'string' },
      summarize: { type: 'string' },
      client: { type: 'string', default: 'kafkajs,kcat,raw' },
      config: { type: 'string' },
      records: { type: 'string' },
      runs: { type: 'string', default: '3' },
      'in-process': { type: 'boolean', default: false },
      'produce-only': { type: 'boolean', default: false },
      profile: { type: 'string' },
      'produce-child': { type: 'string' },
    },
  });
  if (values.serve !== undefined) return serve(values.serve);
  if (values['produce-child'] !== undefined) return produceChild(values['produce-child']);
  if (values.summarize !== undefined) return summarizeProfile(values.summarize, Number(positionals[0] ?? 25));

  const known = ['kafkajs', 'kcat', 'kafka-python', 'raw'];
  const clients = values.client === 'all' ? known : values.client.split(',');
  for (const c of clients) {
    if (!known.includes(c)) throw new Error(`unknown --client ${c}: use ${known.join(', ')} or all`);
  }
  const configNames = values.config?.split(',');
  const configs = KAFKAJS_CONFIGS.filter((c) => configNames === undefined || configNames.includes(c.name));
  if (configs.length === 0) {
    throw new Error(`no kafkajs config named ${values.config}: use ${KAFKAJS_CONFIGS.map((c) => c.name)}`);
  }
  const runs = Number(values.runs);
  const inProcess = values['in-process'];
  const produceOnly = values['produce-only'];
  const recordsFor = (client: string) =>
    Number(values.records ?? (client === 'kcat' || client === 'raw' ? 200_000 : 50_000));
  const profileDir = values.profile ? path.resolve(values.profile) : undefined;
  if (profileDir) fs.mkdirSync(profileDir, { recursive: true });

  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'broker-bench-'));
  const dataDir = path.join(work, 'data');
  const broker = inProcess ? await inProcessBroker(dataDir) : await childBroker(dataDir, profileDir);
  const kafka = kafkaClient(broker.bootstrap);
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ');
  console.log(
    `broker ${inProcess ? 'in this process' : 'in a child process'}, ${RECORD_BYTES}-byte records, acks=1, ` +
      `${runs} runs${inProcess ? ' (client CPU includes the broker)' : ''}, load average ${load}, ` +
      `${os.cpus().length} cpus`,
  );
  try {
    let topicNo = 0;
    const withTopic = async (partitions: number, body: (topic: string) => Promise<void>) => {
      const topic = `bench-${topicNo++}`;
      await createTopic(kafka, topic, partitions);
      try {
        await body(topic);
      } finally {
        await deleteTopic(kafka, topic);
      }
    };
    if (clients.includes('kafkajs')) {
      const records = recordsFor('kafkajs');
      const consumed: Sample[] = [];
      for (const cfg of configs) {
        console.log(`kafkajs ${cfg.name}: ${cfg.describe}`);
        const produced: Sample[] = [];
        for (let run = 0; run < runs; run++) {
          await withTopic(cfg.partitions, async (topic) => {
            produced.push(
              await measure(broker, records, () =>
                cfg.processes === undefined
                  ? produceKafkajs(kafka, topic, records, cfg)
                  : produceInProcesses(broker.bootstrap, topic, records, cfg),
              ),
            );
            if (cfg === configs[0] && !produceOnly)
              consumed.push(await measure(broker, records, () => consumeKafkajs(kafka, topic, records)));
          });
        }
        report(`  produce ${cfg.name}`, produced);
      }
      if (!produceOnly) report(`kafkajs consume (${configs[0]!.name})`, consumed);
    }
    if (clients.includes('kcat')) {
      const records = recordsFor('kcat');
      const lines = path.join(work, 'records.txt');
      writeLinesFile(lines, records);
      console.log(`kcat (librdkafka) -P -l <file> ${KCAT_PRODUCER_SETTINGS.map((s) => `-X ${s}`).join(' ')}`);
      const produced: Sample[] = [];
      const consumed: Sample[] = [];
      for (let run = 0; run < runs; run++) {
        await withTopic(4, async (topic) => {
          produced.push(await measure(broker, records, () => produceKcat(broker.bootstrap, topic, lines)));
          if (!produceOnly)
            consumed.push(await measure(broker, records, () => consumeKcat(broker.bootstrap, topic)));
        });
      }
      report('  kcat produce', produced);
      if (!produceOnly) report('  kcat consume', consumed);
    }
    if (clients.includes('raw')) {
      console.log('raw: one pre-encoded ProduceRequest (4 partitions x 1000 records) replayed, 4 in flight');
      const produced: Sample[] = [];
      for (let run = 0; run < runs; run++) {
        await withTopic(4, async (topic) => {
          const records = recordsFor('raw');
          produced.push(
            await measure(broker, records, () => produceRaw(broker.bootstrap, topic, 4, records)),
          );
        });
      }
      report('  raw produce', produced);
    }
    if (clients.includes('kafka-python')) {
      const records = recordsFor('kafka-python');
      console.log('kafka-python KafkaProducer(acks=1, linger_ms=5, batch_size=1 MiB)');
      const produced: Sample[] = [];
      for (let run = 0; run < runs; run++) {
        await withTopic(4, async (topic) => {
          produced.push(
            await measure(broker, records, () => produceKafkaPython(broker.bootstrap, topic, records)),
          );
        });
      }
      report('  kafka-python produce', produced);
    }
  } finally {
    await broker.stop();
    fs.rmSync(work, { recursive: true, force: true });
  }
  if (profileDir) {
    for (const f of fs.readdirSync(profileDir).filter((n) => n.endsWith('.cpuprofile'))) {
      summarizeProfile(path.join(profileDir, f), 20);
    }
  }
}

await main();
