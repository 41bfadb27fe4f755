import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import {
  AvroDeserializer,
  AvroSerializer,
  JsonDeserializer,
  JsonSerializer,
  ProtobufDeserializer,
  SchemaRegistryClient,
  SerdeType,
} from '@confluentinc/schemaregistry';
import avro from 'avsc';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBroker, startBroker } from '../../src/broker/index.ts';
import { T } from '../../src/expr/types.ts';
import { preciseTimestamp } from '../../src/expr/values/datetime.ts';
import { createFormat, decodeAll, type Row } from '../../src/formats/index.ts';
import { startRegistry } from '../../src/registry/index.ts';
import { NESTED, NESTED_ROWS, roundTrip } from './helpers.ts';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

let registry: Awaited<ReturnType<typeof startRegistry>>;
let broker: RunningBroker;
let client: SchemaRegistryClient;
let kafka: Kafka;
let dataDir: string;

beforeAll(async () => {
  registry = await startRegistry({ host: '127.0.0.1', port: 0 });
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'formats-test-'));
  broker = await startBroker({
    port: 0,
    dataDir,
    autoCreateTopics: true,
    logger: { info: () => {}, warn: () => {}, error: () => {} },
  });
  client = new SchemaRegistryClient({ baseURLs: [registry.url] });
  kafka = new Kafka({
    clientId: 'formats',
    brokers: [`${broker.host}:${broker.port}`],
    logLevel: logLevel.NOTHING,
  });
});
afterAll(async () => {
  await broker.close();
  await registry.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Produces values to a topic through the broker and consumes them back. */
async function throughBroker(topic: string, values: Uint8Array[]): Promise<Buffer[]> {
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: values.map((v) => ({ value: Buffer.from(v) })) });
  await producer.disconnect();
  const consumer = kafka.consumer({ groupId: `g-${topic}` });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  const got: Buffer[] = [];
  await new Promise<void>((resolve) => {
    void consumer.run({
      eachMessage: async ({ message }) => {
        got.push(message.value!);
        if (got.length === values.length) resolve();
      },
    });
  });
  await consumer.disconnect();
  return got;
}

const bigLong = avro.types.LongType.__with({
  fromBuffer: (b: Buffer) => b.readBigInt64LE(),
  toBuffer: (n: bigint) => {
    const b = Buffer.alloc(8);
    b.writeBigInt64LE(n);
    return b;
  },
  fromJSON: BigInt,
  toJSON: Number,
  isValid: (n: unknown) => typeof n === 'bigint',
  compare: (a: bigint, b: bigint) => (a === b ? 0 : a < b ? -1 : 1),
});

/** Reads and writes Avro longs as bigint in the official serdes (a typeHook, as avsc documents). */
const longHook = (schema: unknown): avro.Type | undefined =>
  schema === 'long' ||
  (typeof schema === 'object' && schema !== null && (schema as { type?: unknown }).type === 'long')
    ? bigLong
    : undefined;

const PAYMENT = {
  type: 'record',
  name: 'Payment',
  namespace: 'acme',
  fields: [
    { name: 'id', type: 'long' },
    { name: 'who', type: 'string' },
    { name: 'amount', type: { type: 'bytes', logicalType: 'decimal', precision: 12, scale: 2 } },
    { name: 'at', type: { type: 'long', logicalType: 'timestamp-micros' } },
    { name: 'note', type: ['null', 'string'], default: null },
    { name: 'status', type: { type: 'enum', name: 'Status', symbols: ['NEW', 'PAID'] } },
    { name: 'tags', type: { type: 'array', items: 'string' } },
  ],
};
const PAYMENT_TYPE = T.row([
  ['id', T.bigint(false)],
  ['who', T.string(false)],
  ['amount', T.decimal(12, 2, false)],
  ['at', T.timestampLtz(6, false)],
  ['note', T.string()],
  ['status', T.string(false)],
  ['tags', T.array(T.string(false), false)],
]);

describe('avro-confluent end to end', () => {
  it('decodes records written by the official AvroSerializer through the broker', async () => {
    await client.register('payments-value', { schemaType: 'AVRO', schema: JSON.stringify(PAYMENT) });
    const serializer = new AvroSerializer(client, SerdeType.VALUE, {
      useLatestVersion: true,
      typeHook: longHook,
    });
    const records = [
      {
        id: 2n ** 60n + 7n,
        who: 'Zoë 🚀',
        amount: Buffer.from([0x30, 0x39]),
        at: 1700000000123456n,
        note: 'x',
        status: 'PAID',
        tags: ['a'],
      },
      { id: -1n, who: '', amount: Buffer.from([0xff]), at: -1n, note: null, status: 'NEW', tags: [] },
    ];
    const bytes = await Promise.all(records.map((r) => serializer.serialize('payments', r)));
    const consumed = await throughBroker('payments', bytes);
    const format = createFormat('avro-confluent', { 'avro-confluent.url': registry.url }, PAYMENT_TYPE);
    const out = await decodeAll(await format.openDecoder({ topic: 'payments' }), consumed);
    expect(out.errors).toEqual([]);
    expect(out.rows).toEqual([
      [2n ** 60n + 7n, 'Zoë 🚀', 12345n, preciseTimestamp(1700000000123, 456000), 'x', 'PAID', ['a']],
      [-1n, '', -1n, preciseTimestamp(-1, 999000), null, 'NEW', []],
    ]);
    // the second batch hits the schema cache: no promise, decoded synchronously
    const again = format.openDecoder();
    const { DecodeOutput } = await import('../../src/formats/index.ts');
    const sink = new DecodeOutput();
    const decoder = await again;
    const first = decoder.decodeBatch(consumed, sink);
    if (first) await first;
    sink.clear();
    expect(decoder.decodeBatch(consumed, sink)).toBeUndefined();
    expect(sink.rows).toHaveLength(2);
  });

  it('writes records the official AvroDeserializer reads back identically (reusing the subject schema)', async () => {
    const format = createFormat(
      'avro-registry',
      { 'avro-registry.schema-registry.url': registry.url },
      PAYMENT_TYPE,
    );
    const encoder = await format.openEncoder({ topic: 'payments' });
    const rows: Row[] = [[5n, 'ü', 100n, 1700000000000, null, 'NEW', ['t']]];
    const consumed = await throughBroker('payments-out', encoder.encodeBatch(rows) as Uint8Array[]);
    const deserializer = new AvroDeserializer(client, SerdeType.VALUE, { typeHook: longHook });
    const value = (await deserializer.deserialize('payments', consumed[0]!)) as Record<string, unknown>;
    expect(value['id']).toBe(5n);
    expect(value['who']).toBe('ü');
    expect([...(value['amount'] as Buffer)]).toEqual([100]);
    expect(value['at']).toBe(1700000000000000n);
    expect(value['status']).toBe('NEW');
    expect(consumed[0]!.readUInt32BE(1)).toBe(
      await client.getId('payments-value', { schemaType: 'AVRO', schema: JSON.stringify(PAYMENT) }),
    );
  });

  it('registers the derived schema for a new subject and round-trips nested types', async () => {
    const { rows, errors } = await roundTrip(
      'avro-confluent',
      { 'avro-confluent.url': registry.url },
      NESTED,
      NESTED_ROWS,
      { topic: 'nested' },
    );
    expect(errors).toEqual([]);
    expect(rows).toEqual(NESTED_ROWS);
    const latest = await client.getLatestSchemaMetadata('nested-value');
    expect(JSON.parse(latest.schema!)).toMatchObject({
      type: 'record',
      name: 'record',
      namespace: 'org.apache.flink.avro.generated',
    });
  });

  it('fails only the records whose schema id is unknown or whose bytes are malformed', async () => {
    const format = createFormat(
      'avro-confluent',
      { 'avro-confluent.url': registry.url, 'avro-confluent.subject': 'nested-value' },
      NESTED,
    );
    const [good] = (await format.openEncoder()).encodeBatch([NESTED_ROWS[0]!]);
    const decoder = await format.openDecoder();
    const out = await decodeAll(decoder, [
      new Uint8Array([0, 0, 0, 0x7f, 0x7f, 1]),
      good!,
      new Uint8Array([1, 2]),
      good!.subarray(0, 8),
    ]);
    expect(out.rows).toEqual([NESTED_ROWS[0]]);
    expect(out.errors.map((e) => e.index)).toEqual([0, 2, 3]);
    expect(out.errors[0]!.message).toMatch(/schema id 32639/);
    expect(out.errors[1]!.message).toMatch(/too short/);
    expect(out.errors[2]!.message).toMatch(/truncated/);
  });

  it('requires the registry URL', () => {
    expect(() => createFormat('avro-confluent', {}, NESTED)).toThrow(
      "Format 'avro-confluent' requires the option 'avro-confluent.url'",
    );
  });
});

describe('json-registry end to end', () => {
  const ORDER = T.row([
    ['id', T.bigint(false)],
    ['sku', T.string()],
    ['qty', T.int(false)],
    ['price', T.decimal(10, 2)],
    ['day', T.date()],
    ['at', T.timestampLtz(3)],
    ['attrs', T.map(T.string(false), T.string())],
  ]);
  const rows: Row[] = [
    [9007199254740993n, 'A-1', 3, 1999n, 19000, 1700000000123, new Map([['c', 'red']])],
    [1n, null, 0, null, null, null, null],
  ];

  it('writes records the official JsonDeserializer validates and reads, and reads them back', async () => {
    const format = createFormat('json-registry', { 'json-registry.url': registry.url }, ORDER);
    const bytes = (await format.openEncoder({ topic: 'orders' })).encodeBatch(rows) as Uint8Array[];
    const consumed = await throughBroker('orders', bytes);
    const deserializer = new JsonDeserializer(client, SerdeType.VALUE, { validate: true, strict: false });
    const value = (await deserializer.deserialize('orders', consumed[1]!)) as Record<string, unknown>;
    expect(value).toEqual({ id: 1, sku: null, qty: 0, price: null, day: null, at: null, attrs: null });
    const out = await decodeAll(await format.openDecoder(), consumed);
    expect(out.errors).toEqual([]);
    expect(out.rows).toEqual(rows);
  });

  it('decodes records written by the official JsonSerializer', async () => {
    const serializer = new JsonSerializer(client, SerdeType.VALUE, {
      useLatestVersion: true,
      validate: true,
      strict: false,
    });
    const bytes = await serializer.serialize('orders', {
      id: 7,
      sku: 'B',
      qty: 1,
      price: 2.5,
      day: 1,
      at: 1000,
      attrs: { k: 'v' },
    });
    const format = createFormat('json-registry', { 'json-registry.url': registry.url }, ORDER);
    const out = await decodeAll(await format.openDecoder(), [bytes]);
    expect(out.rows).toEqual([[7n, 'B', 1, 250n, 1, 1000, new Map([['k', 'v']])]]);
  });
});

describe('proto-registry end to end', () => {
  const EVENT = T.row([
    ['id', T.bigint(false)],
    ['name', T.string()],
    ['score', T.double(false)],
    ['at', T.timestampLtz(9)],
    ['labels', T.array(T.string(false), false)],
    ['counts', T.map(T.string(false), T.int(false), false)],
    [
      'inner',
      T.row([
        ['flag', T.boolean(false)],
        ['data', T.bytes(false)],
      ]),
    ],
  ]);
  const rows: Row[] = [
    [
      2n ** 62n,
      'ünï',
      1.5,
      preciseTimestamp(1700000000123, 456789),
      ['x', 'y'],
      new Map([['a', 1]]),
      [true, new Uint8Array([1, 2])],
    ],
    [0n, null, 0, null, [], new Map(), null],
  ];

  it('writes records the official ProtobufDeserializer reads and decodes them back', async () => {
    const format = createFormat('proto-registry', { 'proto-registry.url': registry.url }, EVENT);
    const bytes = (await format.openEncoder({ topic: 'events' })).encodeBatch(rows) as Uint8Array[];
    const consumed = await throughBroker('events', bytes);
    const deserializer = new ProtobufDeserializer(client, SerdeType.VALUE, {});
    const value = (await deserializer.deserialize('events', consumed[0]!)) as Record<string, unknown>;
    expect(value['id']).toBe(2n ** 62n);
    expect(value['name']).toBe('ünï');
    expect(value['labels']).toEqual(['x', 'y']);
    expect((value['inner'] as Record<string, unknown>)['flag']).toBe(true);
    const out = await decodeAll(await format.openDecoder(), consumed);
    expect(out.errors).toEqual([]);
    expect(out.rows).toEqual(rows);
  });
});
