/**
 * Flink's `json` format: one JSON object per record, fields matched by name.
 * Options: json.fail-on-missing-field, json.ignore-parse-errors, json.timestamp-format.standard,
 * json.map-null-key.mode / .literal, json.encode.decimal-as-plain-number, json.encode.ignore-null-fields.
 */
import type { RowType } from '../../expr/types.ts';
import { decodeUtf8 } from '../binary.ts';
import {
  type DeserializationFormat,
  describeError,
  type Format,
  FormatError,
  FormatOptionError,
  type Row,
} from '../format.ts';
import type { OptionReader } from '../options.ts';
import type { TimestampStandard } from '../text/temporal.ts';
import { containsDecimal, createRowConverter, type JsonReadOptions, NEEDS_LOSSLESS } from './json-to-row.ts';
import { parseLosslessJson } from './lossless-parse.ts';
import { createRowWriter, type JsonWriteOptions, type MapNullKeyMode } from './row-to-json.ts';

export interface JsonOptions extends JsonReadOptions, JsonWriteOptions {}

/** Reads the json.* options (also used, under their own prefix, by debezium-json). */
export function readJsonOptions(reader: OptionReader): JsonOptions {
  const failOnMissingField = reader.boolean('fail-on-missing-field', false);
  const ignoreParseErrors = reader.boolean('ignore-parse-errors', false);
  if (failOnMissingField && ignoreParseErrors) {
    throw new FormatOptionError(
      `Options '${reader.format}.fail-on-missing-field' and '${reader.format}.ignore-parse-errors' cannot both be true`,
    );
  }
  const timestampStandard = reader.choice<TimestampStandard>(
    'timestamp-format.standard',
    ['SQL', 'ISO-8601'],
    'SQL',
  );
  const mapNullKeyMode = reader.choice<MapNullKeyMode>(
    'map-null-key.mode',
    ['FAIL', 'DROP', 'LITERAL'],
    'FAIL',
  );
  const mapNullKeyLiteral = reader.string('map-null-key.literal') ?? 'null';
  const decimalAsPlainNumber = reader.boolean('encode.decimal-as-plain-number', false);
  const ignoreNullFields = reader.boolean('encode.ignore-null-fields', false);
  return {
    failOnMissingField,
    ignoreParseErrors,
    timestampStandard,
    mapNullKeyMode,
    mapNullKeyLiteral,
    decimalAsPlainNumber,
    ignoreNullFields,
  };
}

/**
 * Parses one record's JSON and converts it: JSON.parse first, and the lossless parser when the type
 * holds DECIMAL or a converter asks for a number's exact text.
 */
export function createJsonDocumentReader<T>(
  type: RowType,
  convert: (node: unknown) => T,
): (bytes: Uint8Array) => T {
  const alwaysLossless = containsDecimal(type);
  return (bytes) => {
    const text = decodeUtf8(bytes);
    if (alwaysLossless) return convert(parseLosslessJson(text));
    let node: unknown;
    try {
      node = JSON.parse(text);
    } catch (e) {
      // the lossless parser reports the same syntax error with its offset
      parseLosslessJson(text);
      throw new FormatError(describeError(e));
    }
    try {
      return convert(node);
    } catch (e) {
      if (e === NEEDS_LOSSLESS) return convert(parseLosslessJson(text));
      throw e;
    }
  };
}

export function createJsonFormat(reader: OptionReader, rowType: RowType): Format {
  const options = readJsonOptions(reader);
  const toRow = createRowConverter(rowType, options);
  const toJson = createRowWriter(rowType, options);
  const readDocument = createJsonDocumentReader(rowType, toRow);
  const decoder: DeserializationFormat = {
    producesChangelog: false,
    decodeBatch(values, out) {
      for (let i = 0; i < values.length; i++) {
        const bytes = values[i];
        if (bytes === null || bytes === undefined) continue;
        try {
          out.push(readDocument(bytes), 0, i);
        } catch (e) {
          if (!options.ignoreParseErrors) out.fail(i, `Failed to deserialize JSON: ${describeError(e)}`);
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
      encodeBatch: (rows: readonly Row[]) => rows.map((row) => Buffer.from(toJson(row))),
    }),
  };
}
