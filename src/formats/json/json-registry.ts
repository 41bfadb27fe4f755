/**
 * `json-registry`: JSON in Confluent's JSON Schema wire format (magic byte, schema id, JSON text), with
 * Kafka Connect value conventions (DATE as epoch days, timestamps as epoch millis). JSON describes itself,
 * so reading needs no schema fetch; writing registers (or reuses) the schema derived from the row type.
 */
import { type RowType, typeEquals } from '../../expr/types.ts';
import { type DeserializationFormat, describeError, type Format, type Row } from '../format.ts';
import type { OptionReader } from '../options.ts';
import {
  readRegistryOptions,
  registryClient,
  subjectFor,
  writerSchemaId,
} from '../registry/registry-client.ts';
import { readWireHeader, withHeader, writeWireHeader } from '../registry/wire.ts';
import { jsonSchemaFromRowType, logicalTypeFromJsonSchema } from '../type-mapping/json-schema.ts';
import { createJsonDocumentReader } from './json-format.ts';
import { createRowConverter } from './json-to-row.ts';
import { createRowWriter } from './row-to-json.ts';

export function createJsonRegistryFormat(reader: OptionReader, rowType: RowType): Format {
  const options = readRegistryOptions(reader);
  const common = {
    failOnMissingField: false,
    ignoreParseErrors: false,
    timestampStandard: 'ISO-8601' as const,
    connect: true,
    mapNullKeyMode: 'FAIL' as const,
    mapNullKeyLiteral: 'null',
    decimalAsPlainNumber: true,
    ignoreNullFields: false,
  };
  const toRow = createRowConverter(rowType, common);
  const toJson = createRowWriter(rowType, common);
  const derived = options.schema === undefined ? jsonSchemaFromRowType(rowType) : JSON.parse(options.schema);
  const readDocument = createJsonDocumentReader(rowType, toRow);
  const decoder: DeserializationFormat = {
    producesChangelog: false,
    decodeBatch(values, out) {
      for (let i = 0; i < values.length; i++) {
        const bytes = values[i];
        if (bytes === null || bytes === undefined) continue;
        try {
          const { offset } = readWireHeader(bytes);
          out.push(readDocument(bytes.subarray(offset)), 0, i);
        } catch (e) {
          out.fail(i, `Failed to deserialize JSON Schema record: ${describeError(e)}`);
        }
      }
      return undefined;
    },
  };
  return {
    name: reader.format,
    rowType,
    producesChangelog: false,
    openDecoder: async () => decoder,
    async openEncoder(context) {
      const client = registryClient(options);
      const subject = subjectFor(options, context, reader.format);
      const { id } = await writerSchemaId(
        client,
        subject,
        { schema: JSON.stringify(derived), schemaType: 'JSON' },
        (latest) => {
          if (latest.schemaType !== 'JSON') return false;
          try {
            return typeEquals(
              logicalTypeFromJsonSchema(latest.schema),
              { ...rowType, nullable: false },
              true,
            );
          } catch {
            return false;
          }
        },
      );
      const header = writeWireHeader(id);
      return {
        encodeBatch: (rows: readonly Row[]) => rows.map((r) => withHeader(header, Buffer.from(toJson(r)))),
      };
    },
  };
}
