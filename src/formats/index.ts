/**
 * The format registry: `createFormat(name, options, rowType)` validates the options (Flink's names, e.g.
 * `json.ignore-parse-errors`) and the row type, and returns a Format ready to open a decoder or encoder.
 */
import type { RowType } from '../expr/types.ts';
import { createAvroConfluentFormat } from './avro/avro-confluent.ts';
import { createAvroFormat } from './avro/avro-format.ts';
import { createCsvFormat } from './csv/csv-format.ts';
import { createDebeziumAvroConfluentFormat, createDebeziumJsonFormat } from './debezium/debezium-formats.ts';
import { type Format, FormatOptionError } from './format.ts';
import { createJsonFormat } from './json/json-format.ts';
import { createJsonRegistryFormat } from './json/json-registry.ts';
import { type FormatOptions, OptionReader } from './options.ts';
import { createProtoRegistryFormat } from './protobuf/proto-registry.ts';
import { createRawFormat } from './raw.ts';

export type FormatFactory = (reader: OptionReader, rowType: RowType) => Format;

const FACTORIES: Readonly<Record<string, FormatFactory>> = {
  json: createJsonFormat,
  csv: createCsvFormat,
  raw: createRawFormat,
  avro: createAvroFormat,
  'avro-confluent': createAvroConfluentFormat,
  'avro-registry': createAvroConfluentFormat,
  'json-registry': createJsonRegistryFormat,
  'proto-registry': createProtoRegistryFormat,
  'debezium-json': createDebeziumJsonFormat,
  'debezium-avro-confluent': createDebeziumAvroConfluentFormat,
  'debezium-avro-registry': createDebeziumAvroConfluentFormat,
};

export const FORMAT_NAMES: readonly string[] = Object.keys(FACTORIES);

/**
 * Creates a format. `options` are the format's options with any `key.`/`value.` prefix removed (see
 * `formatOptionsOf`); options of other formats are ignored, unknown options of this one are errors.
 */
export function createFormat(name: string, options: FormatOptions, rowType: RowType): Format {
  const factory = FACTORIES[name];
  if (factory === undefined) {
    throw new FormatOptionError(`Unknown format '${name}'; supported formats: ${FORMAT_NAMES.join(', ')}`);
  }
  const reader = new OptionReader(name, options);
  const format = factory(reader, rowType);
  reader.checkUnknown();
  return format;
}

export * from './format.ts';
export { type FormatOptions, formatOptionsOf } from './options.ts';
