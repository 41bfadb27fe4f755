/**
 * `debezium-json` and `debezium-avro-confluent`: Debezium change events into changelog rows and back.
 * debezium-json options: debezium-json.schema-include (messages wrapped as {schema, payload}),
 * .ignore-parse-errors, .timestamp-format.standard, .map-null-key.*, .encode.decimal-as-plain-number.
 */
import type { RowType } from '../../expr/types.ts';
import { createRegistryAvroFormat } from '../avro/avro-confluent.ts';
import { type DeserializationFormat, describeError, type Format, FormatError, type Row } from '../format.ts';
import { createJsonDocumentReader, readJsonOptions } from '../json/json-format.ts';
import { createJsonConverter } from '../json/json-to-row.ts';
import { JsonNumber } from '../json/lossless-parse.ts';
import { createJsonWriter } from '../json/row-to-json.ts';
import type { OptionReader } from '../options.ts';
import { debeziumEnvelope, debeziumEnvelopeType, emitDebeziumChange } from './changelog.ts';

export function createDebeziumJsonFormat(reader: OptionReader, rowType: RowType): Format {
  const schemaInclude = reader.boolean('schema-include', false);
  const options = { ...readJsonOptions(reader), failOnMissingField: false };
  const data = { ...rowType, nullable: true };
  const convertRow = createJsonConverter(data, options) as (node: unknown) => Row | null;
  const writeRow = createJsonWriter(data, options);
  const readEnvelope = createJsonDocumentReader(rowType, (node) => {
    let envelope = node;
    if (schemaInclude) {
      if (typeof envelope !== 'object' || envelope === null || !('payload' in envelope)) {
        throw new FormatError(
          `'${reader.format}.schema-include' is true but the message has no "payload" field`,
        );
      }
      envelope = (envelope as { payload: unknown }).payload;
    }
    if (
      typeof envelope !== 'object' ||
      envelope === null ||
      Array.isArray(envelope) ||
      envelope instanceof JsonNumber
    ) {
      throw new FormatError('a Debezium message must be a JSON object');
    }
    const e = envelope as Record<string, unknown>;
    if (!schemaInclude && 'schema' in e && 'payload' in e && !('op' in e)) {
      throw new FormatError(
        `the message looks like it includes a schema ({schema, payload}); set '${reader.format}.schema-include' to true`,
      );
    }
    return { before: convertRow(e['before']), after: convertRow(e['after']), op: e['op'] };
  });
  const decoder: DeserializationFormat = {
    producesChangelog: true,
    decodeBatch(values, out) {
      for (let i = 0; i < values.length; i++) {
        const bytes = values[i];
        if (bytes === null || bytes === undefined) continue; // tombstone after a delete
        try {
          const { before, after, op } = readEnvelope(bytes);
          emitDebeziumChange(before, after, op, i, out);
        } catch (e) {
          if (!options.ignoreParseErrors)
            out.fail(i, `Failed to deserialize Debezium JSON message: ${describeError(e)}`);
        }
      }
      return undefined;
    },
  };
  const encodeOne = (row: Row, kind: number): Uint8Array => {
    const [before, after, op] = debeziumEnvelope(row, kind);
    return Buffer.from(`{"before":${writeRow(before)},"after":${writeRow(after)},"op":"${op}"}`);
  };
  return {
    name: reader.format,
    rowType,
    producesChangelog: true,
    openDecoder: async () => decoder,
    openEncoder: async () => ({
      encodeBatch: (rows, kinds) => rows.map((r, i) => encodeOne(r, kinds?.[i] ?? 0)),
    }),
  };
}

export function createDebeziumAvroConfluentFormat(reader: OptionReader, rowType: RowType): Format {
  return createRegistryAvroFormat(
    reader,
    rowType,
    debeziumEnvelopeType(rowType),
    true,
    (envelope, index, out) => {
      const [before, after, op] = envelope as [Row | null, Row | null, unknown];
      emitDebeziumChange(before, after, op, index, out);
    },
    (rows, kinds, writeOne) => rows.map((r, i) => writeOne(debeziumEnvelope(r, kinds?.[i] ?? 0))),
  );
}
