/**
 * `avro-confluent` (alias `avro-registry`): Avro in the Schema Registry wire format. Reading resolves
 * each writer schema once by id and decodes synchronously with avsc, matching fields by name; writing
 * uses the subject's latest schema when it maps to the table's row type, else registers the derived one.
 * Options: <format>.url (or .schema-registry.url), .subject, .schema, .basic-auth.*, .properties.*.
 */
import { type LogicalType, type RowType, typeEquals } from '../../expr/types.ts';
import { type Format, FormatError, type Row } from '../format.ts';
import type { OptionReader } from '../options.ts';
import {
  readRegistryOptions,
  registryClient,
  registryDecoder,
  subjectFor,
  writerSchemaId,
} from '../registry/registry-client.ts';
import { withHeader, writeWireHeader } from '../registry/wire.ts';
import { avroSchemaFromRowType, logicalTypeFromAvro } from '../type-mapping/avro.ts';
import { parseAvroSchema } from '../type-mapping/avro-schema.ts';
import { avscType, fromAvroConverter, toAvroConverter } from './avro-codec.ts';
import { decodeAvroBinary } from './avro-format.ts';

/**
 * Shared by avro-confluent and debezium-avro-confluent: `recordType` is the Avro-side row type (the
 * table row, or the Debezium envelope) and `emit` turns one decoded record into rows.
 */
export function createRegistryAvroFormat(
  reader: OptionReader,
  rowType: RowType,
  recordType: RowType,
  producesChangelog: boolean,
  emit: (record: Row, index: number, out: import('../format.ts').DecodeOutput) => void,
  encodeRows: (
    rows: readonly Row[],
    kinds: readonly number[] | undefined,
    writeOne: (record: Row) => Uint8Array,
  ) => Uint8Array[],
): Format {
  const options = readRegistryOptions(reader);
  const name = reader.format;
  const explicitSchema = options.schema === undefined ? undefined : JSON.parse(options.schema);
  const derived = explicitSchema ?? avroSchemaFromRowType(recordType);
  // validate now: a bad explicit schema or unsupported column type fails CREATE TABLE, not the first record
  toAvroConverter(parseAvroSchema(derived), { ...recordType, nullable: false });
  const record: LogicalType = { ...recordType, nullable: false };
  return {
    name,
    rowType,
    producesChangelog,
    async openDecoder() {
      const client = registryClient(options);
      return registryDecoder(client, producesChangelog, (info) => {
        if ((info.schemaType ?? 'AVRO') !== 'AVRO') {
          throw new FormatError(`schema is ${info.schemaType}, not AVRO`);
        }
        const node = parseAvroSchema(info.schema);
        const type = avscType(JSON.parse(info.schema));
        const toRow = fromAvroConverter(node, record) as (v: unknown) => Row;
        return {
          decode(bytes, offset, index, out) {
            emit(toRow(decodeAvroBinary(type, bytes, offset)), index, out);
          },
        };
      });
    },
    async openEncoder(context) {
      const client = registryClient(options);
      const subject = subjectFor(options, context, name);
      const derivedInfo = { schema: JSON.stringify(derived), schemaType: 'AVRO' };
      const { id, info } = await writerSchemaId(client, subject, derivedInfo, (latest) => {
        if ((latest.schemaType ?? 'AVRO') !== 'AVRO') return false;
        try {
          return typeEquals(logicalTypeFromAvro(latest.schema), record, true);
        } catch {
          return false;
        }
      });
      const node = parseAvroSchema(info.schema);
      const type = avscType(JSON.parse(info.schema));
      const toAvro = toAvroConverter(node, record);
      const header = writeWireHeader(id);
      const writeOne = (r: Row): Uint8Array => withHeader(header, type.toBuffer(toAvro(r)));
      return { encodeBatch: (rows, kinds) => encodeRows(rows, kinds, writeOne) };
    },
  };
}

export function createAvroConfluentFormat(reader: OptionReader, rowType: RowType): Format {
  return createRegistryAvroFormat(
    reader,
    rowType,
    rowType,
    false,
    (row, index, out) => out.push(row, 0, index),
    (rows, _kinds, writeOne) => rows.map(writeOne),
  );
}
