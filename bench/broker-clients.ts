/**
 * The clients driven by bench/broker.ts: kafkajs producer configurations and consumer (in this
 * process), and two clients written elsewhere, run as child processes: librdkafka through `kcat` and
 * kafka-python. Each producer returns its wall time and its own CPU time. A fourth, `raw`, replays
 * one pre-encoded ProduceRequest over a socket: it does no per-record work, so it shows what the
 * broker alone sustains.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import { Kafka, logLevel, type Message } from 'kafkajs';
import { buildBatch } from '../src/broker/records/batch.ts';
import { encodeRecord } from '../src/broker/records/record.ts';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

export const RECORD_BYTES = 1024;

export interface Timing {
  wallSecs: number;
  /** CPU seconds the client spent (user + system), or NaN when it cannot be measured. */
  clientCpuSecs: number;
  /** Records actually sent, when the client rounds the requested count up. */
  records?: number;
}

/** A kafkajs producer setup a user might pick for throughput. */
export interface KafkajsConfig {
  readonly name: string;
  readonly describe: string;
  readonly partitions: number;
  /** Messages per `send` call. */
  readonly perSend: number;
  /** `send` calls kept outstanding. */
  readonly concurrency: number;
  /** Producer `maxInFlightRequests` (kafkajs default: unlimited). */
  readonly maxInFlight?: number;
  /** true: each `send` targets one partition (round robin); false: keyed messages spread by murmur2. */
  readonly partitionPerSend: boolean;
  /**
   * `sendBatch` with one entry per partition, `perSend / partitions` messages each (a batch must stay
   * under max.message.bytes, 1 MiB by default, as in Kafka).
   */
  readonly sendBatch?: boolean;
  /**
   * Producer processes, each a kafkajs producer with this configuration sending its share of the
   * records at the same time (kafkajs encodes in one thread: this is how it uses more cores).
   */
  readonly processes?: number;
}

export const KAFKAJS_CONFIGS: readonly KafkajsConfig[] = [
  {
    name: 'keyed-500x8',
    describe: 'the old bench: 500 keyed msgs per send over 4 partitions, 8 sends outstanding',
    partitions: 4,
    perSend: 500,
    concurrency: 8,
    partitionPerSend: false,
  },
  {
    name: 'await-each-500',
    describe: 'a naive loop awaiting each send of 500 keyed msgs, 4 partitions',
    partitions: 4,
    perSend: 500,
    concurrency: 1,
    partitionPerSend: false,
  },
  {
    name: 'keyed-2000x4',
    describe: 'bigger batches: 2000 keyed msgs per send, 4 outstanding',
    partitions: 4,
    perSend: 2000,
    concurrency: 4,
    partitionPerSend: false,
  },
  {
    name: 'part-1000x8-mif5',
    describe: '8 partitions, each send 1000 msgs to one partition, 8 outstanding, maxInFlightRequests 5',
    partitions: 8,
    perSend: 1000,
    concurrency: 8,
    maxInFlight: 5,
    partitionPerSend: true,
  },
  {
    name: 'procs2-part-1000x8',
    describe: 'two producer processes, each part-1000x8-mif5 on the same topic',
    partitions: 8,
    perSend: 1000,
    concurrency: 8,
    maxInFlight: 5,
    partitionPerSend: true,
    processes: 2,
  },
  {
    name: 'procs3-part-1000x8',
    describe: 'three producer processes, each part-1000x8-mif5 on the same topic',
    partitions: 8,
    perSend: 1000,
    concurrency: 8,
    maxInFlight: 5,
    partitionPerSend: true,
    processes: 3,
  },
  {
    name: 'sendBatch-4x900x4',
    describe: 'sendBatch of 4 partitions x 900 msgs (one request, ~3.7 MB), 4 outstanding',
    partitions: 4,
    perSend: 3600,
    concurrency: 4,
    partitionPerSend: false,
    sendBatch: true,
  },
];

export function kafkaClient(bootstrap: string): Kafka {
  // Few retries: a misconfigured run should fail, not back off for minutes.
  return new Kafka({
    clientId: 'bench',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    retry: { retries: 2 },
  });
}

const cpuSecs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1e6;

export async function produceKafkajs(
  kafka: Kafka,
  topic: string,
  records: number,
  cfg: KafkajsConfig,
): Promise<Timing> {
  const producer = kafka.producer(
    cfg.maxInFlight === undefined ? {} : { maxInFlightRequests: cfg.maxInFlight },
  );
  await producer.connect();
  const value = Buffer.alloc(RECORD_BYTES, 'x');
  const keyed: Message[] = Array.from({ length: cfg.perSend }, (_, i) => ({ key: String(i), value }));
  const perPartitionCount = cfg.sendBatch ? Math.ceil(cfg.perSend / cfg.partitions) : cfg.perSend;
  const perPartition: Message[][] = Array.from({ length: cfg.partitions }, (_, p) =>
    Array.from({ length: perPartitionCount }, () => ({ value, partition: p })),
  );
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  const outstanding: Promise<unknown>[] = [];
  for (let sent = 0, n = 0; sent < records; sent += cfg.perSend, n++) {
    const count = Math.min(cfg.perSend, records - sent);
    const all = cfg.partitionPerSend ? perPartition[n % cfg.partitions]! : keyed;
    if (cfg.sendBatch) {
      const each = Math.ceil(count / cfg.partitions);
      const topicMessages = perPartition.map((msgs) => ({ topic, messages: msgs.slice(0, each) }));
      outstanding.push(producer.sendBatch({ acks: 1, topicMessages }));
    } else {
      const messages = count === all.length ? all : all.slice(0, count);
      outstanding.push(producer.send({ topic, acks: 1, messages }));
    }
    if (outstanding.length >= cfg.concurrency) await outstanding.shift();
  }
  await Promise.all(outstanding);
  const wallSecs = (performance.now() - t0) / 1000;
  const clientCpuSecs = cpuSecs(process.cpuUsage(cpu0));
  await producer.disconnect();
  return { wallSecs, clientCpuSecs };
}

export async function consumeKafkajs(kafka: Kafka, topic: string, records: number): Promise<Timing> {
  const consumer = kafka.consumer({
    groupId: `${topic}-reader`,
    maxBytes: 64 << 20,
    maxBytesPerPartition: 16 << 20,
  });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  let received = 0;
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise<void>((resolve) => {
    void consumer.run({
      autoCommit: false,
      eachBatch: async ({ batch }) => {
        received += batch.messages.length;
        if (received >= records) resolve();
      },
    });
  });
  const timing = {
    wallSecs: (performance.now() - t0) / 1000,
    clientCpuSecs: cpuSecs(process.cpuUsage(cpu0)),
  };
  await consumer.disconnect();
  return timing;
}

/**
 * CPU seconds of this process's reaped children (Linux /proc/self/stat cutime + cstime), to charge a
 * finished child process; NaN elsewhere.
 */
function childrenCpuSecs(): number {
  try {
    const stat = fs.readFileSync('/proc/self/stat', 'utf8');
    // Fields after the parenthesised command name; cutime and cstime are fields 16 and 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100; // USER_HZ is 100 on Linux
  } catch {
    return Number.NaN;
  }
}

function runChild(cmd: string, args: readonly string[], stdin?: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: [stdin ? 'pipe' : 'ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout?.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', (e) => reject(new Error(`cannot run ${cmd}: ${e.message}`)));
    child.on('exit', (code) =>
      code === 0 ? resolve(out) : reject(new Error(`${cmd} exited with ${code}: ${err.trim().slice(-500)}`)),
    );
    if (stdin) child.stdin?.end(stdin);
  });
}

/** A file of `records` lines, each RECORD_BYTES of payload, for `kcat -P -l`. */
export function writeLinesFile(file: string, records: number): void {
  const line = Buffer.alloc(RECORD_BYTES + 1, 'x');
  line[RECORD_BYTES] = 0x0a;
  const perChunk = 1000;
  const chunk = Buffer.concat(Array.from({ length: perChunk }, () => line));
  const fd = fs.openSync(file, 'w');
  try {
    for (let left = records; left > 0; left -= perChunk) {
      fs.writeSync(fd, chunk, 0, Math.min(left, perChunk) * line.length);
    }
  } finally {
    fs.closeSync(fd);
  }
}

/** librdkafka producer settings for throughput: large batches, a short linger, no compression. */
export const KCAT_PRODUCER_SETTINGS = [
  'batch.num.messages=10000',
  'linger.ms=5',
  'acks=1',
  'compression.codec=none',
];

export async function produceKcat(bootstrap: string, topic: string, linesFile: string): Promise<Timing> {
  const args = ['-P', '-b', bootstrap, '-t', topic, '-l', linesFile];
  for (const s of KCAT_PRODUCER_SETTINGS) args.push('-X', s);
  const cpu0 = childrenCpuSecs();
  const t0 = performance.now();
  await runChild('kcat', args);
  return { wallSecs: (performance.now() - t0) / 1000, clientCpuSecs: childrenCpuSecs() - cpu0 };
}

export async function consumeKcat(bootstrap: string, topic: string): Promise<Timing> {
  const cpu0 = childrenCpuSecs();
  const t0 = performance.now();
  await runChild('kcat', ['-C', '-b', bootstrap, '-t', topic, '-o', 'beginning', '-e', '-q', '-f', '']);
  return { wallSecs: (performance.now() - t0) / 1000, clientCpuSecs: childrenCpuSecs() - cpu0 };
}

/** kafka-python producer; times itself (after imports and connecting) and prints JSON. */
const KAFKA_PYTHON_PRODUCER = `
import json, sys, time
from kafka import KafkaProducer
bootstrap, topic, records, size = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
p = KafkaProducer(bootstrap_servers=bootstrap, acks=1, linger_ms=5, batch_size=1 << 20,
                  max_request_size=16 << 20, buffer_memory=256 << 20, compression_type=None)
value = b'x' * size
p.send(topic, value).get(timeout=30)
c0, t0 = time.process_time(), time.perf_counter()
for _ in range(records - 1):
    p.send(topic, value)
p.flush()
print(json.dumps({"wall": time.perf_counter() - t0, "cpu": time.process_time() - c0}))
`;

export async function produceKafkaPython(bootstrap: string, topic: string, records: number): Promise<Timing> {
  const out = await runChild('/usr/bin/python3', [
    '-c',
    KAFKA_PYTHON_PRODUCER,
    bootstrap,
    topic,
    String(records),
    String(RECORD_BYTES),
  ]);
  const r = JSON.parse(out.trim().split('\n').pop() ?? '{}') as { wall?: number; cpu?: number };
  if (typeof r.wall !== 'number' || typeof r.cpu !== 'number')
    throw new Error(`kafka-python producer printed no timing: ${out.slice(0, 300)}`);
  return { wallSecs: r.wall, clientCpuSecs: r.cpu };
}

/** Records per batch of the raw client: 1000 x ~1 KiB stays under the default max.message.bytes. */
const RAW_BATCH_RECORDS = 1000;

function rawProduceRequest(topic: string, partitions: number): Buffer {
  const value = Buffer.alloc(RECORD_BYTES, 'x');
  const now = Date.now();
  const records = Buffer.concat(
    Array.from({ length: RAW_BATCH_RECORDS }, (_, i) =>
      encodeRecord({ offsetDelta: i, timestampDelta: 0, key: null, value }),
    ),
  );
  const batch = buildBatch({
    baseOffset: 0,
    attributes: 0,
    lastOffsetDelta: RAW_BATCH_RECORDS - 1,
    baseTimestamp: now,
    maxTimestamp: now,
    producerId: -1,
    producerEpoch: -1,
    baseSequence: -1,
    recordCount: RAW_BATCH_RECORDS,
    records,
  });
  const name = Buffer.from(topic);
  const clientId = Buffer.from('bench-raw');
  // Produce v7 request header and body up to the first partition; each partition adds 8 + batch.
  const head = Buffer.alloc(4 + 8 + 2 + clientId.length + 2 + 2 + 4 + 4 + 2 + name.length + 4);
  let p = 4;
  p = head.writeInt16BE(0, p); // api_key Produce
  p = head.writeInt16BE(7, p); // api_version
  p = head.writeInt32BE(0, p); // correlation_id (unused: responses come back in order)
  p = head.writeInt16BE(clientId.length, p);
  p += clientId.copy(head, p);
  p = head.writeInt16BE(-1, p); // transactional_id null
  p = head.writeInt16BE(1, p); // acks
  p = head.writeInt32BE(30_000, p); // timeout_ms
  p = head.writeInt32BE(1, p); // one topic
  p = head.writeInt16BE(name.length, p);
  p += name.copy(head, p);
  head.writeInt32BE(partitions, p);
  const parts: Buffer[] = [head];
  for (let i = 0; i < partitions; i++) {
    const prefix = Buffer.alloc(8);
    prefix.writeInt32BE(i, 0);
    prefix.writeInt32BE(batch.length, 4);
    parts.push(prefix, batch);
  }
  const request = Buffer.concat(parts);
  request.writeInt32BE(request.length - 4, 0);
  return request;
}

/** Checks a Produce v7 response body (after the correlation id); returns the first non-zero error code. */
function rawResponseError(body: Buffer): number {
  let p = 4; // correlation_id
  const topics = body.readInt32BE(p);
  p += 4;
  for (let t = 0; t < topics; t++) {
    p += 2 + body.readInt16BE(p);
    const partitions = body.readInt32BE(p);
    p += 4;
    for (let i = 0; i < partitions; i++) {
      const error = body.readInt16BE(p + 4);
      if (error !== 0) return error;
      p += 4 + 2 + 8 + 8 + 8;
    }
  }
  return 0;
}

/**
 * Replays one ProduceRequest (a 1000-record batch per partition) over one connection, keeping
 * `inFlight` requests outstanding. Sends at least `records` records; returns how many it sent.
 */
export async function produceRaw(
  bootstrap: string,
  topic: string,
  partitions: number,
  records: number,
  inFlight = 4,
): Promise<Timing> {
  const request = rawProduceRequest(topic, partitions);
  const perRequest = RAW_BATCH_RECORDS * partitions;
  const total = Math.ceil(records / perRequest);
  const [host, port] = bootstrap.split(':') as [string, string];
  const socket = net.connect(Number(port), host);
  socket.setNoDelay(true);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await new Promise<void>((resolve, reject) => {
    let sent = 0;
    let answered = 0;
    let pending: Buffer = Buffer.alloc(0);
    const sendMore = () => {
      while (sent < total && sent - answered < inFlight) {
        socket.write(request);
        sent++;
      }
    };
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      pending = pending.length === 0 ? chunk : Buffer.concat([pending, chunk]);
      while (pending.length >= 4 && pending.length >= 4 + pending.readInt32BE(0)) {
        const size = pending.readInt32BE(0);
        const error = rawResponseError(pending.subarray(4, 4 + size));
        if (error !== 0) {
          reject(new Error(`raw produce to ${topic} failed with error code ${error}`));
          return;
        }
        pending = pending.subarray(4 + size);
        answered++;
      }
      if (answered === total) resolve();
      else sendMore();
    });
    sendMore();
  });
  const timing = {
    wallSecs: (performance.now() - t0) / 1000,
    clientCpuSecs: cpuSecs(process.cpuUsage(cpu0)),
    records: total * perRequest,
  };
  socket.destroy();
  return timing;
}
