/**
 * The demo topic of `tributary start`: `demo_orders`, one partition, fed with made-up orders by a
 * small built-in generator so that a first session has a live stream to query (README, "First
 * session"). Key and value are Avro records registered in the Schema Registry, exactly as the Kafka
 * catalog reads any topic: the table `default`.cluster_0.demo_orders has the columns order_id,
 * customer, product, quantity, price DECIMAL(10, 2) and `$rowtime` (the record timestamp, with a
 * source watermark). A new topic first gets a backlog covering the last minutes, so that the source
 * watermark is past its warm-up and windows close as soon as live orders arrive.
 */
import avro from 'avsc';
import { Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';

export const DEMO_TOPIC = 'demo_orders';

export interface DemoOrdersOptions {
  /** `host:port` of the broker. */
  readonly bootstrap: string;
  readonly registryUrl: string;
  /** Orders per second (live). */
  readonly rate: number;
  /** Orders written, one per 1/rate seconds ending now, when the topic is created. */
  readonly backlog?: number;
  readonly topic?: string;
}

export interface DemoOrders {
  readonly topic: string;
  /** Orders written so far (backlog included). */
  readonly written: () => number;
  close(): Promise<void>;
}

const KEY_SCHEMA = {
  type: 'record',
  name: 'demo_orders_key',
  fields: [{ name: 'order_id', type: 'long' }],
};
const VALUE_SCHEMA = {
  type: 'record',
  name: 'demo_orders_value',
  fields: [
    { name: 'customer', type: 'string' },
    { name: 'product', type: 'string' },
    { name: 'quantity', type: 'int' },
    { name: 'price', type: { type: 'bytes', logicalType: 'decimal', precision: 10, scale: 2 } },
  ],
};

const CUSTOMERS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'grace', 'heidi'];
/** Products with their unit prices in cents. */
const PRODUCTS: readonly (readonly [string, number])[] = [
  ['apple', 45],
  ['bread', 289],
  ['cheese', 675],
  ['coffee', 899],
  ['milk', 129],
  ['tea', 350],
];

/** A small deterministic generator (order id → order), so runs are reproducible. */
function order(id: number): { customer: string; product: string; quantity: number; cents: number } {
  let x = (id * 2654435761) >>> 0;
  const next = (n: number): number => {
    x = (Math.imul(x ^ (x >>> 15), 2246822519) + 0x9e3779b9) >>> 0;
    return x % n;
  };
  const [product, unit] = PRODUCTS[next(PRODUCTS.length)]!;
  const quantity = 1 + next(5);
  return { customer: CUSTOMERS[next(CUSTOMERS.length)]!, product, quantity, cents: unit * quantity };
}

/** Avro's decimal bytes: the unscaled value, two's complement, big-endian, shortest form. */
function decimalBytes(unscaled: number): Buffer {
  let hex = unscaled.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  // a leading bit 1 would read as negative: prepend a zero byte
  if (Number.parseInt(hex.slice(0, 2), 16) >= 0x80) hex = `00${hex}`;
  return Buffer.from(hex, 'hex');
}

/** Registers `schema` under `subject` (idempotent: an equal schema keeps its id). */
async function register(registryUrl: string, subject: string, schema: object): Promise<number> {
  const res = await fetch(`${registryUrl}/subjects/${subject}/versions`, {
    method: 'POST',
    headers: { 'content-type': 'application/vnd.schemaregistry.v1+json' },
    body: JSON.stringify({ schema: JSON.stringify(schema) }),
  });
  const body = (await res.json()) as { id?: number; message?: string };
  if (!res.ok || typeof body.id !== 'number')
    throw new Error(
      `The demo generator could not register ${subject} at ${registryUrl}: ${res.status} ${body.message ?? ''}`,
    );
  return body.id;
}

/** Confluent's wire framing: magic byte 0, the schema id (4 bytes), the Avro binary. */
const framed = (id: number, payload: Buffer): Buffer => {
  const header = Buffer.alloc(5);
  header.writeInt32BE(id, 1);
  return Buffer.concat([header, payload]);
};

export async function startDemoOrders(o: DemoOrdersOptions): Promise<DemoOrders> {
  const topic = o.topic ?? DEMO_TOPIC;
  const kafka = new Kafka({ clientId: 'tributary-demo', brokers: [o.bootstrap], logLevel: logLevel.NOTHING });
  const admin = kafka.admin();
  await admin.connect();
  let producer: Producer | undefined;
  try {
    const created = !(await admin.listTopics()).includes(topic);
    if (created) await admin.createTopics({ topics: [{ topic, numPartitions: 1 }], waitForLeaders: true });
    const keyId = await register(o.registryUrl, `${topic}-key`, KEY_SCHEMA);
    const valueId = await register(o.registryUrl, `${topic}-value`, VALUE_SCHEMA);
    // order ids continue from the topic's end offset (one partition: offset n holds order n + 1)
    const [end] = await admin.fetchTopicOffsets(topic);
    let nextId = Number(end?.high ?? 0) + 1;
    const keyType = avro.Type.forSchema(KEY_SCHEMA as avro.Schema);
    const valueType = avro.Type.forSchema(VALUE_SCHEMA as avro.Schema);
    const message = (timestamp: number): { key: Buffer; value: Buffer; timestamp: string } => {
      const id = nextId++;
      const { customer, product, quantity, cents } = order(id);
      return {
        key: framed(keyId, keyType.toBuffer({ order_id: id })),
        value: framed(
          valueId,
          valueType.toBuffer({ customer, product, quantity, price: decimalBytes(cents) }),
        ),
        timestamp: String(timestamp),
      };
    };
    producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    const live = producer;
    const interval = 1000 / o.rate;
    let written = 0;
    const backlog = created ? (o.backlog ?? 1200) : 0;
    const start = Date.now() - backlog * interval;
    for (let i = 0; i < backlog; i += 200) {
      const batch = Array.from({ length: Math.min(200, backlog - i) }, (_, j) =>
        message(Math.round(start + (i + j) * interval)),
      );
      await live.send({ topic, messages: batch });
      written += batch.length;
    }
    let sending: Promise<unknown> = Promise.resolve();
    const timer = setInterval(() => {
      sending = sending
        .then(() => live.send({ topic, messages: [message(Date.now())] }))
        .then(() => {
          written++;
        })
        // a broker that is shutting down refuses writes; the demo just skips that order
        .catch(() => undefined);
    }, interval);
    return {
      topic,
      written: () => written,
      async close() {
        clearInterval(timer);
        await sending;
        await live.disconnect();
        await admin.disconnect();
      },
    };
  } catch (e) {
    await producer?.disconnect().catch(() => undefined);
    await admin.disconnect().catch(() => undefined);
    throw e;
  }
}
