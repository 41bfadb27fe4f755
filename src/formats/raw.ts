/**
 * Flink's `raw` format: the record bytes are one column. STRING as text in `raw.charset` (UTF-8),
 * BYTES as is, BOOLEAN as one byte, TINYINT..BIGINT, FLOAT and DOUBLE as fixed-size numbers in
 * `raw.endianness` (big-endian by default). A null record is a row holding null, and back.
 */
import type { LogicalType, RowType } from '../expr/types.ts';
import { copyBytes } from './binary.ts';
import { type DeserializationFormat, type Format, FormatOptionError, type Row } from './format.ts';
import type { OptionReader } from './options.ts';

interface RawCodec {
  readonly size: number | undefined;
  read(view: DataView, bytes: Uint8Array): unknown;
  write(value: unknown, view: DataView): void;
}

function codecFor(
  type: LogicalType,
  little: boolean,
  charset: 'utf-8' | 'utf-16le' | 'latin1' | 'ascii',
): RawCodec {
  switch (type.kind) {
    case 'CHAR':
    case 'VARCHAR':
      return {
        size: undefined,
        read: (_v, b) =>
          Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString(charset === 'utf-8' ? 'utf8' : charset),
        write: () => undefined,
      };
    case 'BINARY':
    case 'VARBINARY':
      return { size: undefined, read: (_v, b) => copyBytes(b), write: () => undefined };
    case 'BOOLEAN':
      return { size: 1, read: (v) => v.getUint8(0) !== 0, write: (x, v) => v.setUint8(0, x ? 1 : 0) };
    case 'TINYINT':
      return { size: 1, read: (v) => v.getInt8(0), write: (x, v) => v.setInt8(0, x as number) };
    case 'SMALLINT':
      return {
        size: 2,
        read: (v) => v.getInt16(0, little),
        write: (x, v) => v.setInt16(0, x as number, little),
      };
    case 'INT':
      return {
        size: 4,
        read: (v) => v.getInt32(0, little),
        write: (x, v) => v.setInt32(0, x as number, little),
      };
    case 'BIGINT':
      return {
        size: 8,
        read: (v) => v.getBigInt64(0, little),
        write: (x, v) => v.setBigInt64(0, x as bigint, little),
      };
    case 'FLOAT':
      return {
        size: 4,
        read: (v) => v.getFloat32(0, little),
        write: (x, v) => v.setFloat32(0, x as number, little),
      };
    case 'DOUBLE':
      return {
        size: 8,
        read: (v) => v.getFloat64(0, little),
        write: (x, v) => v.setFloat64(0, x as number, little),
      };
    default:
      throw new FormatOptionError(
        `The 'raw' format supports only a single column of type STRING, BYTES, BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, FLOAT or DOUBLE, got ${type.kind}`,
      );
  }
}

export function createRawFormat(reader: OptionReader, rowType: RowType): Format {
  if (rowType.fields.length !== 1) {
    throw new FormatOptionError(
      `The 'raw' format supports only a single physical column, got ${rowType.fields.length}`,
    );
  }
  const charsetName = reader.string('charset') ?? 'UTF-8';
  const charsets = {
    'UTF-8': 'utf-8',
    'UTF-16LE': 'utf-16le',
    'ISO-8859-1': 'latin1',
    'US-ASCII': 'ascii',
  } as const;
  const charset = charsets[charsetName.toUpperCase() as keyof typeof charsets];
  if (charset === undefined) {
    throw new FormatOptionError(
      `Option '${reader.format}.charset' must be one of ${Object.keys(charsets).join(', ')}, got '${charsetName}'`,
    );
  }
  const little =
    reader.choice('endianness', ['big-endian', 'little-endian'], 'big-endian') === 'little-endian';
  const type = rowType.fields[0]!.type;
  const codec = codecFor(type, little, charset);
  const isText = type.kind === 'CHAR' || type.kind === 'VARCHAR';

  const decoder: DeserializationFormat = {
    producesChangelog: false,
    decodeBatch(values, out) {
      for (let i = 0; i < values.length; i++) {
        const bytes = values[i];
        if (bytes === null || bytes === undefined) {
          out.push([null], 0, i);
          continue;
        }
        if (codec.size !== undefined && bytes.byteLength !== codec.size) {
          out.fail(
            i,
            `Size of the raw record (${bytes.byteLength} bytes) does not match type ${type.kind} (${codec.size} bytes)`,
          );
          continue;
        }
        out.push([codec.read(new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength), bytes)], 0, i);
      }
      return undefined;
    },
  };
  const encodeOne = (row: Row): Uint8Array | null => {
    const v = row[0];
    if (v === null || v === undefined) return null;
    if (isText) return Buffer.from(v as string, charset === 'utf-8' ? 'utf8' : charset);
    if (codec.size === undefined) return copyBytes(v as Uint8Array);
    const buf = Buffer.alloc(codec.size);
    codec.write(v, new DataView(buf.buffer, buf.byteOffset, buf.byteLength));
    return buf;
  };
  return {
    name: reader.format,
    rowType,
    producesChangelog: false,
    openDecoder: async () => decoder,
    openEncoder: async () => ({ encodeBatch: (rows: readonly Row[]) => rows.map(encodeOne) }),
  };
}
