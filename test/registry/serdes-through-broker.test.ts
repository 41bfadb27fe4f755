/**
 * The official Confluent serializers end to end: `@confluentinc/schemaregistry` serializer → kafkajs
 * producer → embedded broker → kafkajs consumer → deserializer, with the schemas in the embedded
 * registry. Protobuf with nested messages, an enum, repeated fields and an imported file (registered
 * as a schema reference by the serializer itself); JSON Schema with nested objects and arrays.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { create, createFileRegistry, type DescMessage } from '@bufbuild/protobuf';
import {
  FileDescriptorProtoSchema,
  FileDescriptorSetSchema,
  FieldDescriptorProto_Label as Label,
  FieldDescriptorProto_Type as Type,
} from '@bufbuild/protobuf/wkt';
import {
  JsonDeserializer,
  JsonSerializer,
  ProtobufDeserializer,
  ProtobufSerializer,
  SchemaRegistryClient,
  SerdeType,
} from '@confluentinc/schemaregistry';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningBroker, startBroker } from '../../src/broker/index.ts';
import { startRegistry } from '../../src/registry/index.ts';
import { apiFor } from './helpers.ts';

process.env.KAFKAJS_NO_PARTITIONER_WARNING = '1';

let registry: Awaited<ReturnType<typeof startRegistry>>;
let broker: RunningBroker;
let dataDir: string;
let client: SchemaRegistryClient;
let kafka: Kafka;

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'serdes-broker-'));
  broker = await startBroker({ dataDir, port: 0, logger: { info() {}, warn() {}, error: console.error } });
  registry = await startRegistry({ host: '127.0.0.1', port: 0 });
  client = new SchemaRegistryClient({ baseURLs: [registry.url], cacheCapacity: 100 });
  kafka = new Kafka({
    clientId: 'serdes',
    brokers: [`${broker.host}:${broker.port}`],
    logLevel: logLevel.NOTHING,
  });
});
afterAll(async () => {
  await broker?.close();
  await registry?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Produces `values` to a fresh topic and returns the raw record values a consumer group reads back. */
async function throughBroker(topic: string, values: readonly Buffer[]): Promise<Buffer[]> {
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic, numPartitions: 2 }] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic, messages: values.map((value, i) => ({ key: `k${i}`, value })) });
  await producer.disconnect();
  const consumer = kafka.consumer({ groupId: `${topic}-reader`, maxWaitTimeInMs: 100 });
  const got: { key: string; value: Buffer }[] = [];
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    eachMessage: async ({ message }) => {
      got.push({ key: String(message.key), value: message.value! });
    },
  });
  const until = Date.now() + 20_000;
  while (got.length < values.length && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  await consumer.disconnect();
  expect(got.length).toBe(values.length);
  return got.sort((a, b) => Number(a.key.slice(1)) - Number(b.key.slice(1))).map((g) => g.value);
}

const optional = Label.OPTIONAL;
const field = (name: string, number: number, type: Type, extra: Record<string, unknown> = {}) => ({
  name,
  number,
  type,
  label: optional,
  jsonName: name,
  ...extra,
});

function orderDescriptor(): DescMessage {
  const money = create(FileDescriptorProtoSchema, {
    name: 'common/money.proto',
    package: 'common',
    syntax: 'proto3',
    messageType: [
      { name: 'Money', field: [field('currency', 1, Type.STRING), field('units', 2, Type.INT64)] },
    ],
  });
  const order = create(FileDescriptorProtoSchema, {
    name: 'shop/order.proto',
    package: 'shop',
    syntax: 'proto3',
    dependency: ['common/money.proto'],
    messageType: [
      {
        name: 'Order',
        field: [
          field('id', 1, Type.STRING),
          field('status', 2, Type.ENUM, { typeName: '.shop.Order.Status' }),
          field('lines', 3, Type.MESSAGE, { typeName: '.shop.Order.Line', label: Label.REPEATED }),
          field('total', 4, Type.MESSAGE, { typeName: '.common.Money' }),
          field('tags', 5, Type.STRING, { label: Label.REPEATED }),
        ],
        nestedType: [
          {
            name: 'Line',
            field: [
              field('sku', 1, Type.STRING),
              field('qty', 2, Type.INT32),
              field('price', 3, Type.MESSAGE, { typeName: '.common.Money' }),
            ],
          },
        ],
        enumType: [
          {
            name: 'Status',
            value: [
              { name: 'NEW', number: 0 },
              { name: 'PAID', number: 1 },
              { name: 'SHIPPED', number: 2 },
            ],
          },
        ],
      },
    ],
  });
  const files = createFileRegistry(create(FileDescriptorSetSchema, { file: [money, order] }));
  const desc = files.getMessage('shop.Order');
  if (desc === undefined) throw new Error('shop.Order missing from the test file registry');
  return desc;
}

describe('official serializers through the embedded broker', () => {
  it('Protobuf: nested messages, an enum, repeated fields and an imported file (schema reference)', async () => {
    const desc = orderDescriptor();
    const serializer = new ProtobufSerializer(client, SerdeType.VALUE, { autoRegisterSchemas: true });
    serializer.registry.add(desc);
    const orders = [
      create(desc, {
        id: 'o-1',
        status: 1,
        lines: [
          { sku: 'A', qty: 2, price: { currency: 'EUR', units: 300n } },
          { sku: 'B', qty: 1, price: { currency: 'EUR', units: 1250n } },
        ],
        total: { currency: 'EUR', units: 1850n },
        tags: ['gift', 'express'],
      }),
      create(desc, { id: 'o-2', status: 2, lines: [], tags: [] }),
    ];
    const bytes = await Promise.all(orders.map((o) => serializer.serialize('orders-proto', o)));
    const received = await throughBroker('orders-proto', bytes);

    const deserializer = new ProtobufDeserializer(client, SerdeType.VALUE, {});
    const back = (await Promise.all(
      received.map((b) => deserializer.deserialize('orders-proto', b)),
    )) as Record<string, unknown>[];
    expect(back[0]).toMatchObject({
      id: 'o-1',
      status: 1,
      lines: [
        { sku: 'A', qty: 2, price: { currency: 'EUR', units: 300n } },
        { sku: 'B', qty: 1, price: { currency: 'EUR', units: 1250n } },
      ],
      total: { currency: 'EUR', units: 1850n },
      tags: ['gift', 'express'],
    });
    expect(back[1]).toMatchObject({ id: 'o-2', status: 2, lines: [], tags: [] });
    expect(back[1]!['total']).toBeUndefined();

    // the serializer registered the import as its own subject and referenced it
    const api = apiFor(registry.url);
    const latest = (await api('GET', '/subjects/orders-proto-value/versions/latest')).body as {
      schema: string;
      references?: { name: string; subject: string; version: number }[];
    };
    expect(latest.schema).toMatch(/import "common\/money.proto";/);
    expect(latest.references).toEqual([
      { name: 'common/money.proto', subject: 'common/money.proto', version: 1 },
    ]);
    const imported = (await api('GET', '/subjects/common%2Fmoney.proto/versions/1')).body as {
      schema: string;
    };
    expect(imported.schema).toMatch(/message Money \{/);
  });

  it('JSON Schema: nested objects and arrays, validated on both sides', async () => {
    const schema = JSON.stringify({
      type: 'object',
      properties: {
        id: { type: 'string' },
        customer: {
          type: 'object',
          properties: { name: { type: 'string' }, vip: { type: 'boolean' } },
          required: ['name'],
        },
        lines: {
          type: 'array',
          items: {
            type: 'object',
            properties: { sku: { type: 'string' }, qty: { type: 'integer', minimum: 1 } },
            required: ['sku', 'qty'],
          },
        },
      },
      required: ['id', 'lines'],
    });
    await client.register('orders-json-value', { schemaType: 'JSON', schema });
    const serializer = new JsonSerializer(client, SerdeType.VALUE, {
      useLatestVersion: true,
      validate: true,
    });
    const orders = [
      { id: 'j-1', customer: { name: 'Ann', vip: true }, lines: [{ sku: 'A', qty: 3 }] },
      { id: 'j-2', lines: [] },
    ];
    const bytes = await Promise.all(orders.map((o) => serializer.serialize('orders-json', o)));
    await expect(
      serializer.serialize('orders-json', { id: 'bad', lines: [{ sku: 'A', qty: 0 }] }),
    ).rejects.toThrow();
    const received = await throughBroker('orders-json', bytes);
    const deserializer = new JsonDeserializer(client, SerdeType.VALUE, { validate: true });
    const back = await Promise.all(received.map((b) => deserializer.deserialize('orders-json', b)));
    expect(back).toEqual(orders);
  });
});
