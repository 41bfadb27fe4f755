import { create, createFileRegistry } from '@bufbuild/protobuf';
import {
  FieldDescriptorProto_Label,
  FieldDescriptorProto_Type,
  FileDescriptorProtoSchema,
} from '@bufbuild/protobuf/wkt';
import {
  AvroDeserializer,
  AvroSerializer,
  JsonDeserializer,
  JsonSerializer,
  ProtobufDeserializer,
  ProtobufSerializer,
  SchemaRegistryClient,
  SerdeType,
} from '@confluentinc/schemaregistry';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRegistry } from '../../src/registry/index.ts';
import { apiFor } from './helpers.ts';

let registry: Awaited<ReturnType<typeof startRegistry>>;
let client: SchemaRegistryClient;

beforeAll(async () => {
  registry = await startRegistry({ host: '127.0.0.1', port: 0 });
  client = new SchemaRegistryClient({ baseURLs: [registry.url], cacheCapacity: 100 });
});
afterAll(async () => {
  await registry.close();
});

const PAYMENT = JSON.stringify({
  type: 'record',
  name: 'Payment',
  namespace: 'acme',
  fields: [
    { name: 'id', type: 'string' },
    { name: 'amount', type: 'double' },
    { name: 'note', type: ['null', 'string'], default: null },
  ],
});

describe('SchemaRegistryClient against the embedded registry', () => {
  it('registers, reads the latest version and fetches by subject and id', async () => {
    const id = await client.register('client-value', { schemaType: 'AVRO', schema: PAYMENT });
    expect(id).toBeGreaterThan(0);
    const latest = await client.getLatestSchemaMetadata('client-value');
    expect(latest).toMatchObject({ id, version: 1, subject: 'client-value', schema: PAYMENT });
    const byId = await client.getBySubjectAndId('client-value', id);
    expect(byId.schema).toBe(PAYMENT);
    expect(await client.getId('client-value', { schemaType: 'AVRO', schema: PAYMENT })).toBe(id);
    expect(await client.getVersion('client-value', { schemaType: 'AVRO', schema: PAYMENT })).toBe(1);
    expect(await client.getAllVersions('client-value')).toEqual([1]);
    expect(await client.getAllSubjects()).toContain('client-value');
    const incompatible = JSON.stringify({
      type: 'record',
      name: 'Payment',
      namespace: 'acme',
      fields: [{ name: 'id', type: 'int' }],
    });
    const candidate = { schemaType: 'AVRO', schema: incompatible };
    expect(await client.testSubjectCompatibility('client-value', candidate)).toBe(false);
    expect(await client.testCompatibility('client-value', 1, candidate)).toBe(false);
    await expect(
      client.register('client-value', { schemaType: 'AVRO', schema: incompatible }),
    ).rejects.toThrow(/incompatible/);
    await client.updateCompatibility('client-value', 'FULL' as never);
    expect(await client.getCompatibility('client-value')).toBe('FULL');
  });

  it('round-trips Avro records through AvroSerializer/AvroDeserializer', async () => {
    await client.register('payments-value', { schemaType: 'AVRO', schema: PAYMENT });
    const serializer = new AvroSerializer(client, SerdeType.VALUE, { useLatestVersion: true });
    const deserializer = new AvroDeserializer(client, SerdeType.VALUE, {});
    const value = { id: 'p-1', amount: 12.5, note: 'lunch' };
    const bytes = await serializer.serialize('payments', value);
    expect(bytes[0]).toBe(0); // Confluent wire format magic byte
    expect(await deserializer.deserialize('payments', bytes)).toEqual(value);
  });

  it('round-trips JSON documents through JsonSerializer/JsonDeserializer', async () => {
    const schema = JSON.stringify({
      type: 'object',
      properties: { sku: { type: 'string' }, qty: { type: 'integer' } },
      required: ['sku'],
    });
    await client.register('orders-json-value', { schemaType: 'JSON', schema });
    const serializer = new JsonSerializer(client, SerdeType.VALUE, {
      useLatestVersion: true,
      validate: true,
    });
    const deserializer = new JsonDeserializer(client, SerdeType.VALUE, { validate: true });
    const value = { sku: 'A-1', qty: 3 };
    const bytes = await serializer.serialize('orders-json', value);
    expect(await deserializer.deserialize('orders-json', bytes)).toEqual(value);
    await expect(serializer.serialize('orders-json', { qty: 1 })).rejects.toThrow();
  });

  it('round-trips Protobuf messages through ProtobufSerializer/ProtobufDeserializer (auto-registered)', async () => {
    const fileProto = create(FileDescriptorProtoSchema, {
      name: 'shop/order.proto',
      package: 'shop',
      syntax: 'proto3',
      messageType: [
        {
          name: 'Order',
          field: [
            {
              name: 'id',
              number: 1,
              type: FieldDescriptorProto_Type.STRING,
              label: FieldDescriptorProto_Label.OPTIONAL,
              jsonName: 'id',
            },
            {
              name: 'qty',
              number: 2,
              type: FieldDescriptorProto_Type.INT32,
              label: FieldDescriptorProto_Label.OPTIONAL,
              jsonName: 'qty',
            },
            {
              name: 'status',
              number: 3,
              type: FieldDescriptorProto_Type.ENUM,
              typeName: '.shop.Status',
              label: FieldDescriptorProto_Label.OPTIONAL,
              jsonName: 'status',
            },
            {
              name: 'tags',
              number: 4,
              type: FieldDescriptorProto_Type.STRING,
              label: FieldDescriptorProto_Label.REPEATED,
              jsonName: 'tags',
            },
          ],
        },
      ],
      enumType: [
        {
          name: 'Status',
          value: [
            { name: 'NEW', number: 0 },
            { name: 'PAID', number: 1 },
          ],
        },
      ],
    });
    const files = createFileRegistry(fileProto, () => undefined);
    const orderDesc = files.getMessage('shop.Order');
    if (orderDesc === undefined) throw new Error('shop.Order missing from the test file registry');
    const serializer = new ProtobufSerializer(client, SerdeType.VALUE, { autoRegisterSchemas: true });
    serializer.registry.add(orderDesc);
    const deserializer = new ProtobufDeserializer(client, SerdeType.VALUE, {});
    const message = create(orderDesc, { id: 'o-1', qty: 4, status: 1, tags: ['a', 'b'] });
    const bytes = await serializer.serialize('orders-proto', message);
    const back = (await deserializer.deserialize('orders-proto', bytes)) as Record<string, unknown>;
    expect(back['id']).toBe('o-1');
    expect(back['qty']).toBe(4);
    expect(back['status']).toBe(1);
    expect(back['tags']).toEqual(['a', 'b']);
    // The registry stored .proto text for the descriptor the serializer sent.
    const latest = await apiFor(registry.url)('GET', '/subjects/orders-proto-value/versions/latest');
    expect((latest.body as { schema: string }).schema).toMatch(/message Order \{/);
    expect((latest.body as { schema: string }).schema).toMatch(/\.shop\.Status status = 3;/);
  });
});
