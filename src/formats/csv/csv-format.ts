/**
 * Flink's `csv` format: one CSV line per record, columns by position. ARRAY and ROW columns hold their
 * elements joined by `csv.array-element-delimiter`. Options: csv.field-delimiter, csv.quote-character,
 * csv.disable-quote-character, csv.allow-comments, csv.ignore-parse-errors, csv.array-element-delimiter,
 * csv.escape-character, csv.null-literal, csv.write-bigdecimal-in-scientific-notation.
 */
import type { LogicalType, RowType } from '../../expr/types.ts';
import {
  decimalToJavaString,
  decimalToPlainString,
  parseDecimalText,
  toDecimal,
} from '../../expr/values/decimal.ts';
import { javaDoubleToString, javaFloatToString } from '../../expr/values/java-numbers.ts';
import { decodeBase64, decodeUtf8, encodeBase64 } from '../binary.ts';
import {
  type DeserializationFormat,
  describeError,
  type Format,
  FormatError,
  FormatOptionError,
  type Row,
} from '../format.ts';
import type { OptionReader } from '../options.ts';
import {
  formatDateText,
  formatTimestampText,
  formatTimeText,
  parseDateText,
  parseTimestampText,
  parseTimeText,
} from '../text/temporal.ts';
import { type CsvDialect, quoteCsvField, splitCsvRecord } from './csv-text.ts';

type FromText = (text: string) => unknown;
type ToText = (value: unknown) => string;

function integerParser(min: number, max: number, what: string): FromText {
  return (text) => {
    const t = text.trim();
    if (!/^[+-]?\d+$/.test(t) || Number(t) < min || Number(t) > max)
      throw new FormatError(`'${text}' is not a valid ${what}`);
    return Number(t);
  };
}

function parseDouble(text: string): number {
  const t = text.trim();
  if (t === 'NaN') return Number.NaN;
  if (t === 'Infinity' || t === '+Infinity') return Number.POSITIVE_INFINITY;
  if (t === '-Infinity') return Number.NEGATIVE_INFINITY;
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(t))
    throw new FormatError(`'${text}' is not a valid number`);
  return Number(t);
}

function scalarParser(type: LogicalType): FromText {
  switch (type.kind) {
    case 'BOOLEAN':
      return (t) => t.trim().toLowerCase() === 'true';
    case 'TINYINT':
      return integerParser(-128, 127, 'TINYINT');
    case 'SMALLINT':
      return integerParser(-32768, 32767, 'SMALLINT');
    case 'INT':
      return integerParser(-2147483648, 2147483647, 'INT');
    case 'BIGINT':
      return (text) => {
        const t = text.trim();
        if (!/^[+-]?\d+$/.test(t)) throw new FormatError(`'${text}' is not a valid BIGINT`);
        const v = BigInt(t);
        if (v !== BigInt.asIntN(64, v)) throw new FormatError(`'${text}' is out of range for BIGINT`);
        return v;
      };
    case 'FLOAT':
      return (t) => Math.fround(parseDouble(t));
    case 'DOUBLE':
      return parseDouble;
    case 'DECIMAL':
      return (text) => {
        const d = parseDecimalText(text);
        if (!d) throw new FormatError(`'${text}' is not a valid DECIMAL`);
        return toDecimal(d.unscaled, d.scale, type.precision, type.scale);
      };
    case 'CHAR':
    case 'VARCHAR':
      return (t) => t;
    case 'BINARY':
    case 'VARBINARY':
      return (t) => decodeBase64(t);
    case 'DATE':
      return (t) => parseDateText(t.trim());
    case 'TIME':
      return (t) => parseTimeText(t.trim());
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return (t) => parseTimestampText(t.trim(), 'SQL', type.kind === 'TIMESTAMP_LTZ', type.precision);
    default:
      throw new FormatOptionError(`CSV format does not support type ${type.kind} here`);
  }
}

function scalarWriter(type: LogicalType, scientificDecimals: boolean): ToText {
  switch (type.kind) {
    case 'BOOLEAN':
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'CHAR':
    case 'VARCHAR':
      return (v) => String(v);
    case 'BIGINT':
      return (v) => (v as bigint).toString();
    case 'FLOAT':
      return (v) => javaFloatToString(v as number);
    case 'DOUBLE':
      return (v) => javaDoubleToString(v as number);
    case 'DECIMAL':
      return scientificDecimals
        ? (v) => decimalToJavaString(v as bigint, type.scale)
        : (v) => decimalToPlainString(v as bigint, type.scale);
    case 'BINARY':
    case 'VARBINARY':
      return (v) => encodeBase64(v as Uint8Array);
    case 'DATE':
      return (v) => formatDateText(v as number);
    case 'TIME':
      return (v) => formatTimeText(v as number);
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return (v) => formatTimestampText(v as number, 'SQL', type.kind === 'TIMESTAMP_LTZ');
    default:
      throw new FormatOptionError(`CSV format does not support type ${type.kind} here`);
  }
}

const isText = (t: LogicalType): boolean => t.kind === 'CHAR' || t.kind === 'VARCHAR';

interface CsvColumn {
  /** Converts one field; `quoted` tells an empty string ("") from an empty field. */
  read(text: string, quoted: boolean): unknown;
  write(value: unknown): string;
}

export function createCsvFormat(reader: OptionReader, rowType: RowType): Format {
  const fieldDelimiter = reader.char('field-delimiter', ',');
  const disableQuote = reader.boolean('disable-quote-character', false);
  const quoteChar = reader.char('quote-character', '"');
  const escapeOption = reader.string('escape-character');
  const escapeChar = escapeOption === undefined ? undefined : reader.char('escape-character', '\\');
  const allowComments = reader.boolean('allow-comments', false);
  const ignoreParseErrors = reader.boolean('ignore-parse-errors', false);
  const arrayDelimiter = reader.string('array-element-delimiter') ?? ';';
  const nullLiteral = reader.string('null-literal');
  const scientific = reader.boolean('write-bigdecimal-in-scientific-notation', true);
  if (arrayDelimiter === '')
    throw new FormatOptionError(`Option '${reader.format}.array-element-delimiter' must not be empty`);
  const dialect: CsvDialect = {
    fieldDelimiter,
    quote: disableQuote ? undefined : quoteChar,
    escape: escapeChar,
  };

  const isNullText = (text: string, quoted: boolean, type: LogicalType): boolean =>
    (nullLiteral !== undefined && text === nullLiteral) || (!quoted && text === '' && !isText(type));
  const nullText = nullLiteral ?? '';

  const column = (type: LogicalType, name: string): CsvColumn => {
    if (type.kind === 'ARRAY' || type.kind === 'ROW') {
      const parts: LogicalType[] =
        type.kind === 'ARRAY' ? [type.element] : (type as RowType).fields.map((f) => f.type);
      for (const p of parts) {
        if (p.kind === 'ARRAY' || p.kind === 'ROW' || p.kind === 'MAP' || p.kind === 'MULTISET') {
          throw new FormatOptionError(
            `CSV format does not support ${p.kind} nested in ${type.kind} (column '${name}')`,
          );
        }
      }
      const parsers = parts.map(scalarParser);
      const writers = parts.map((p) => scalarWriter(p, scientific));
      const element = (i: number): number => (type.kind === 'ARRAY' ? 0 : i);
      return {
        read(text, quoted) {
          if (isNullText(text, quoted, type)) return null;
          const items = text === '' ? [] : text.split(arrayDelimiter);
          if (type.kind === 'ROW' && items.length < parts.length) {
            throw new FormatError(
              `ROW column '${name}' expects ${parts.length} elements, got ${items.length}`,
            );
          }
          const count = type.kind === 'ROW' ? parts.length : items.length;
          const out = new Array<unknown>(count);
          for (let i = 0; i < count; i++) {
            const item = items[i]!;
            const t = parts[element(i)]!;
            out[i] =
              (nullLiteral !== undefined && item === nullLiteral) || (item === '' && !isText(t))
                ? null
                : parsers[element(i)]!(item);
          }
          return out;
        },
        write(value) {
          if (value === null || value === undefined) return nullText;
          const items = value as readonly unknown[];
          return items.map((v, i) => (v === null ? nullText : writers[element(i)]!(v))).join(arrayDelimiter);
        },
      };
    }
    if (type.kind === 'MAP' || type.kind === 'MULTISET') {
      throw new FormatOptionError(`CSV format does not support ${type.kind} (column '${name}')`);
    }
    const parse = scalarParser(type);
    const write = scalarWriter(type, scientific);
    return {
      read: (text, quoted) => (isNullText(text, quoted, type) ? null : parse(text)),
      write: (value) => (value === null || value === undefined ? nullText : write(value)),
    };
  };
  const columns = rowType.fields.map((f) => column(f.type, f.name));
  const names = rowType.fields.map((f) => f.name);

  const decodeRecord = (bytes: Uint8Array): Row | undefined => {
    const line = decodeUtf8(bytes);
    if (allowComments && line.startsWith('#')) return undefined;
    if (line.trim() === '') return undefined;
    const fields = splitCsvRecord(line, dialect);
    if (fields.length < columns.length && !ignoreParseErrors) {
      throw new FormatError(
        `Row length mismatch: ${columns.length} fields expected but was ${fields.length}`,
      );
    }
    const row = new Array<unknown>(columns.length);
    for (let i = 0; i < columns.length; i++) {
      const f = fields[i];
      if (f === undefined) {
        row[i] = null;
        continue;
      }
      try {
        row[i] = columns[i]!.read(f.text, f.quoted);
      } catch (e) {
        if (!ignoreParseErrors) throw new FormatError(`column ${i + 1} '${names[i]}': ${describeError(e)}`);
        row[i] = null;
      }
    }
    return row;
  };

  const decoder: DeserializationFormat = {
    producesChangelog: false,
    decodeBatch(values, out) {
      for (let i = 0; i < values.length; i++) {
        const bytes = values[i];
        if (bytes === null || bytes === undefined) continue;
        try {
          const row = decodeRecord(bytes);
          if (row !== undefined) out.push(row, 0, i);
        } catch (e) {
          if (!ignoreParseErrors) out.fail(i, `Failed to deserialize CSV row: ${describeError(e)}`);
        }
      }
      return undefined;
    },
  };
  const encodeRow = (row: Row): Uint8Array => {
    let s = '';
    for (let i = 0; i < columns.length; i++) {
      const v = row[i];
      const text = columns[i]!.write(v);
      const isNull = v === null || v === undefined;
      // a null written as an empty field stays unquoted so it reads back as null
      s +=
        (i > 0 ? fieldDelimiter : '') +
        (isNull && text === ''
          ? ''
          : quoteCsvField(text, dialect, allowComments && i === 0 ? '#' : undefined));
    }
    return Buffer.from(s);
  };
  return {
    name: reader.format,
    rowType,
    producesChangelog: false,
    openDecoder: async () => decoder,
    openEncoder: async () => ({ encodeBatch: (rows: readonly Row[]) => rows.map(encodeRow) }),
  };
}
