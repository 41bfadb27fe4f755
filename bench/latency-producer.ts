/**
 * The producer of `npm run bench:latency` (bench/latency.ts), run as a process of its own as a
 * user's producer application would be, so that kafkajs's request encoding does not hold up the
 * bench's WebSocket client and its receipt times. Started with `fork`: it connects, says `probing`
 * and sends a probe record every 50 ms until the bench sends `run`, then produces at the fixed rate
 * and answers `done` with its figures (or `failed`).
 *
 * argv[2] is a JSON `ProducerOptions`. The produce time of a record is carried in it (`sent_at`,
 * epoch ms with sub-millisecond digits): the bench reads the same clock (timeOrigin + now()).
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import { AvroSerializer, SchemaRegistryClient, SerdeType } from '@confluentinc/schemaregistry';
import avro from 'avsc';
import { type ISocketFactory, Kafka, logLevel, type Message, type Producer } from 'kafkajs';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

export interface ProducerOptions {
  readonly bootstrap: string;
  readonly registry: string;
  readonly topic: string;
  readonly rate: number;
  readonly seconds: number;
  readonly warmup: number;
  /** Records whose category (id % 10) is below this pass the bench's filter. */
  readonly passingCategories: number;
  readonly nagle: boolean;
}

/** Bench → producer: stop probing and produce at the fixed rate. */
export interface RunMessage {
  readonly type: 'run';
}

/** Producer → bench. */
export type ProducerMessage =
  | { readonly type: 'probing' }
  | { readonly type: 'done'; readonly probes: number; readonly stats: ProducerStats }
  | { readonly type: 'failed'; readonly message: string };

const options = JSON.parse(process.argv[2] ?? '{}') as ProducerOptions;
const TOPIC = options.topic;
const RATE = options.rate;
const SECONDS = options.seconds;
const WARMUP = options.warmup;
const PASSING_CATEGORIES = options.passingCategories;
const NAGLE = options.nagle;

const nowMs = (): number => performance.timeOrigin + performance.now();
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** An Avro encoder for the topic's registered value schema, with the Confluent header of its id. */
type Encoder = (record: Record<string, unknown>) => Buffer;

async function valueEncoder(registryUrl: string): Promise<Encoder> {
  const registry = new SchemaRegistryClient({ baseURLs: [registryUrl] });
  const serializer = new AvroSerializer(registry, SerdeType.VALUE, { useLatestVersion: true });
  const sample = { id: 0, category: 0, sent_at: 0, payload: 'x' };
  const header = (await serializer.serialize(TOPIC, sample)).subarray(0, 5);
  const latest = await registry.getLatestSchemaMetadata(`${TOPIC}-value`);
  const type = avro.Type.forSchema(JSON.parse(latest.schema ?? '') as avro.Schema);
  // per-record encoding stays cheap (no registry round trip), as a cached serializer's would be
  return (record) => Buffer.concat([header, type.toBuffer(record)]);
}

export interface ProducerStats {
  readonly produced: number;
  readonly sends: number;
  readonly firstMeasuredId: number;
  readonly lastPassingId: number;
  readonly measureFrom: number;
  readonly measureTo: number;
  readonly ackLatencies: number[];
  readonly maxInFlight: number;
}

/**
 * kafkajs's default socket leaves Nagle's algorithm on: with several produce requests in flight a
 * small request can wait for the previous one's TCP acknowledgement. A latency-minded producer turns
 * it off, as this one does unless `--nagle`.
 */
const noDelaySockets: ISocketFactory = ({ host, port, onConnect }) => {
  const socket = net.connect({ host, port, noDelay: true }, onConnect);
  socket.setKeepAlive(true, 60_000);
  return socket;
};

function kafkaProducer(bootstrap: string): Producer {
  const kafka = new Kafka({
    clientId: 'latency-bench',
    brokers: [bootstrap],
    logLevel: logLevel.NOTHING,
    ...(NAGLE ? {} : { socketFactory: noDelaySockets }),
  });
  return kafka.producer({ allowAutoTopicCreation: false });
}

/**
 * Sends one probe record (negative id, passing the filter) every 50 ms until the bench says both
 * statements deliver results (`run`): `execute` returns once a statement is accepted, but its
 * worker still has to build the parser and the job, and records produced meanwhile would be a
 * backlog measured as latency.
 */
async function prime(producer: Producer, encode: Encoder, ready: () => boolean): Promise<number> {
  let probes = 0;
  while (!ready()) {
    const sentAt = nowMs();
    probes++;
    await producer.send({
      topic: TOPIC,
      acks: 1,
      messages: [
        {
          value: encode({ id: -probes, category: 0, sent_at: sentAt, payload: 'probe' }),
          timestamp: String(Math.floor(sentAt)),
        },
      ],
    });
    await sleep(50);
  }
  return probes;
}

/**
 * Produces RATE records per second for WARMUP + SECONDS seconds: every millisecond (or as soon as the
 * event loop lets it) it sends the records due by then in one request with acks=1, so the producer's
 * own batching is at most a few records.
 */
async function produce(producer: Producer, encode: Encoder): Promise<ProducerStats> {
  const total = Math.round(RATE * (WARMUP + SECONDS));
  const firstMeasuredId = Math.round(RATE * WARMUP);
  const inFlight = new Set<Promise<unknown>>();
  const ackLatencies: number[] = [];
  let failure: unknown;
  let sent = 0;
  let sends = 0;
  let maxInFlight = 0;
  let lastPassingId = -1;
  let measureFrom = Number.NaN;
  const started = nowMs();
  while (sent < total) {
    if (failure !== undefined) throw failure;
    // one request carries at most 10 ms of records: when the event loop stalls longer, the
    // records wait for the next turns (and their latency shows it) instead of making a huge request
    const due = Math.min(
      total,
      sent + Math.ceil(RATE / 100),
      Math.floor(((nowMs() - started) / 1000) * RATE),
    );
    if (due > sent) {
      const sentAt = nowMs();
      if (sent <= firstMeasuredId && due > firstMeasuredId) measureFrom = sentAt;
      const messages: Message[] = [];
      for (; sent < due; sent++) {
        const category = sent % 10;
        if (category < PASSING_CATEGORIES) lastPassingId = sent;
        messages.push({
          value: encode({
            id: sent,
            category,
            sent_at: sentAt,
            payload: `event ${sent} of category ${category}`,
          }),
          timestamp: String(Math.floor(sentAt)),
        });
      }
      const measured = sent > firstMeasuredId;
      const p: Promise<unknown> = producer.send({ topic: TOPIC, acks: 1, messages }).then(
        () => {
          if (measured) ackLatencies.push(nowMs() - sentAt);
        },
        (e: unknown) => {
          failure ??= e;
        },
      );
      p.finally(() => inFlight.delete(p));
      inFlight.add(p);
      sends++;
      maxInFlight = Math.max(maxInFlight, inFlight.size);
    }
    await sleep(1);
  }
  await Promise.race([
    Promise.all(inFlight),
    sleep(30_000).then(() => {
      throw new Error(`${inFlight.size} produce requests still unanswered 30 s after the last one was sent`);
    }),
  ]);
  if (failure !== undefined) throw failure;
  return {
    produced: sent,
    sends,
    firstMeasuredId,
    lastPassingId,
    measureFrom,
    measureTo: nowMs(),
    ackLatencies,
    maxInFlight,
  };
}

function send(m: ProducerMessage): void {
  process.send?.(m);
}

async function main(): Promise<void> {
  let running = false;
  process.on('message', (m: RunMessage) => {
    if (m.type === 'run') running = true;
  });
  // the bench ends this process when it goes away
  process.on('disconnect', () => process.exit(0));
  const encode = await valueEncoder(options.registry);
  const producer = kafkaProducer(options.bootstrap);
  await producer.connect();
  try {
    send({ type: 'probing' });
    const probes = await prime(producer, encode, () => running);
    const stats = await produce(producer, encode);
    send({ type: 'done', probes, stats });
  } finally {
    await producer.disconnect().catch(() => undefined);
  }
}

main().then(
  () => process.disconnect?.(),
  (e: unknown) => {
    send({ type: 'failed', message: e instanceof Error ? (e.stack ?? e.message) : String(e) });
    process.disconnect?.();
  },
);
