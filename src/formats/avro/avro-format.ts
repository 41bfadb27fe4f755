/**
 * Flink's `avro` format: plain Avro binary (no header) with the schema derived from the row type
 * exactly as Flink's AvroSchemaConverter derives it, so records interoperate with Flink's `avro` format.
 */
import type { RowType } from '../../expr/types.ts';
import { type DeserializationFormat, describeError, type Format, FormatError, type Row } from '../format.ts';
import type { OptionReader } from '../options.ts';
import { avroSchemaFromRowType } from '../type-mapping/avro.ts';
import { parseAvroSchema } from '../type-mapping/avro-schema.ts';
import { avscType, fromAvroConverter, toAvroConverter } from './avro-codec.ts';

export function createAvroFormat(reader: OptionReader, rowType: RowType): Format {
  reader.choice('encoding', ['binary'], 'binary');
  const schema = avroSchemaFromRowType(rowType, { style: 'flink' });
  const node = parseAvroSchema(schema);
  const type = avscType(schema);
  const toRow = fromAvroConverter(node, { ...rowType, nullable: false }) as (v: unknown) => Row;
  const toAvro = toAvroConverter(node, { ...rowType, nullable: false });
  const decoder: DeserializationFormat = {
    producesChangelog: false,
    decodeBatch(values, out) {
      for (let i = 0; i < values.length; i++) {
        const bytes = values[i];
        if (bytes === null || bytes === undefined) continue;
        try {
          out.push(toRow(decodeAvroBinary(type, bytes, 0)), 0, i);
        } catch (e) {
          out.fail(i, `Failed to deserialize Avro record: ${describeError(e)}`);
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
    openEncoder: async () => ({
      encodeBatch: (rows: readonly Row[]) => rows.map((r) => type.toBuffer(toAvro(r))),
    }),
  };
}

/** Decodes exactly one datum starting at `offset`; truncated or trailing bytes are errors. */
export function decodeAvroBinary(type: import('avsc').Type, bytes: Uint8Array, offset: number): unknown {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let result: { value: unknown; offset: number };
  try {
    result = type.decode(buf, offset);
  } catch (e) {
    throw new FormatError(`invalid Avro data: ${e instanceof Error ? e.message : String(e)}`, offset);
  }
  if (result.offset < 0) throw new FormatError(`truncated Avro record (${buf.length} bytes)`, buf.length);
  if (result.offset !== buf.length) {
    throw new FormatError(
      `${buf.length - result.offset} unexpected bytes after the Avro record`,
      result.offset,
    );
  }
  return result.value;
}
