/**
 * JSON nodes to runtime values, per Flink's JsonToRowDataConverters: numbers from numbers or numeric
 * text, timestamps from SQL or ISO-8601 text, BYTES from base64, STRING from any node (containers as
 * their JSON text), missing fields null or an error. Nodes come from JSON.parse (fast) or from the
 * lossless parser (JsonNumber); a converter that needs a number's exact text throws NEEDS_LOSSLESS and
 * the record is parsed again losslessly.
 */
import type { LogicalType, RowType } from '../../expr/types.ts';
import { timestampValue } from '../../expr/values/datetime.ts';
import { parseDecimalText, toDecimal } from '../../expr/values/decimal.ts';
import { decodeBase64 } from '../binary.ts';
import { FormatError } from '../format.ts';
import {
  parseDateText,
  parseTimestampText,
  parseTimeText,
  type TimestampStandard,
} from '../text/temporal.ts';
import { JsonNumber, stringifyJson } from './lossless-parse.ts';

export const NEEDS_LOSSLESS = Symbol('needs lossless JSON');

export interface JsonReadOptions {
  readonly failOnMissingField: boolean;
  readonly ignoreParseErrors: boolean;
  readonly timestampStandard: TimestampStandard;
  /**
   * Kafka Connect / JSON Schema conventions (json-registry): DATE as epoch days, TIME as millis of the
   * day, timestamps as epoch millis, maps with non-string keys as [{key, value}] arrays.
   */
  readonly connect?: boolean;
}

export type JsonConverter = (node: unknown) => unknown;

/** Marks where inside the document a conversion failed (`field 'a.b[2]'`). */
export class JsonFieldError extends FormatError {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`field '${path}': ${reason}`);
  }
}

function nodeKind(node: unknown): string {
  if (Array.isArray(node)) return 'an array';
  if (node instanceof JsonNumber || typeof node === 'number') return 'a number';
  if (typeof node === 'object') return 'an object';
  return `a ${typeof node}`;
}

/** Jackson's `asText()` of a scalar node: numbers as written, booleans as true/false. */
function scalarText(node: unknown, what: string): string {
  if (typeof node === 'string') return node;
  if (node instanceof JsonNumber) return node.text;
  if (typeof node === 'number') {
    if (!Number.isSafeInteger(node)) throw NEEDS_LOSSLESS;
    return String(node);
  }
  if (typeof node === 'boolean') return String(node);
  throw new FormatError(`cannot read ${nodeKind(node)} as ${what}`);
}

const INT_TEXT = /^[+-]?\d+$/;

function parseJavaInteger(text: string, min: bigint, max: bigint, what: string): bigint {
  const t = text.trim();
  if (!INT_TEXT.test(t)) throw new FormatError(`'${text}' is not a valid ${what}`);
  const v = BigInt(t);
  if (v < min || v > max) throw new FormatError(`${text} is out of range for ${what}`);
  return v;
}

/** Jackson canConvertToInt/Long: integral nodes in range, and fractional nodes (truncated) in range. */
function numericNode(node: unknown, min: bigint, max: bigint, what: string): bigint {
  if (typeof node === 'number') {
    if (Number.isInteger(node) && !Number.isSafeInteger(node)) throw NEEDS_LOSSLESS;
    const t = BigInt(Math.trunc(node));
    if (t >= min && t <= max) return t;
    throw new FormatError(`${node} is out of range for ${what}`);
  }
  if (node instanceof JsonNumber) {
    const d = parseDecimalText(node.text)!;
    const t = d.scale > 0 ? d.unscaled / 10n ** BigInt(d.scale) : d.unscaled;
    if (t >= min && t <= max) return t;
    throw new FormatError(`${node.text} is out of range for ${what}`);
  }
  return parseJavaInteger(scalarText(node, what), min, max, what);
}

const JAVA_FLOAT = /^[+-]?(NaN|Infinity|(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?)[fFdD]?$/;

function parseJavaDouble(text: string): number {
  const t = text.trim();
  const m = JAVA_FLOAT.exec(t);
  if (!m) throw new FormatError(`'${text}' is not a valid floating-point number`);
  if (m[1] === 'NaN') return Number.NaN;
  if (m[1] === 'Infinity') return t.startsWith('-') ? Number.NEGATIVE_INFINITY : Number.POSITIVE_INFINITY;
  return Number(t.replace(/[fFdD]$/, ''));
}

export function createJsonConverter(type: LogicalType, opts: JsonReadOptions): JsonConverter {
  const conv = createNonNull(type, opts);
  return (node) => (node === null || node === undefined ? null : conv(node));
}

function createNonNull(type: LogicalType, opts: JsonReadOptions): JsonConverter {
  switch (type.kind) {
    case 'NULL':
      return () => null;
    case 'BOOLEAN':
      return (n) => (typeof n === 'boolean' ? n : scalarText(n, 'BOOLEAN').trim().toLowerCase() === 'true');
    case 'TINYINT':
      return (n) => Number(parseJavaInteger(scalarText(n, 'TINYINT'), -128n, 127n, 'TINYINT'));
    case 'SMALLINT':
      return (n) => Number(parseJavaInteger(scalarText(n, 'SMALLINT'), -32768n, 32767n, 'SMALLINT'));
    case 'INT':
      return (n) =>
        typeof n === 'number' && Number.isInteger(n) && n >= -2147483648 && n <= 2147483647
          ? n
          : Number(numericNode(n, -2147483648n, 2147483647n, 'INT'));
    case 'BIGINT':
      return (n) =>
        typeof n === 'number' && Number.isSafeInteger(n)
          ? BigInt(n)
          : numericNode(n, -(2n ** 63n), 2n ** 63n - 1n, 'BIGINT');
    case 'FLOAT':
      return (n) => Math.fround(typeof n === 'number' ? n : parseJavaDouble(scalarText(n, 'FLOAT')));
    case 'DOUBLE':
      return (n) => (typeof n === 'number' ? n : parseJavaDouble(scalarText(n, 'DOUBLE')));
    case 'DECIMAL': {
      const { precision, scale } = type;
      return (n) => {
        const text = scalarText(n, 'DECIMAL');
        const parsed = parseDecimalText(text);
        if (!parsed) throw new FormatError(`'${text}' is not a valid DECIMAL`);
        return toDecimal(parsed.unscaled, parsed.scale, precision, scale);
      };
    }
    case 'CHAR':
    case 'VARCHAR':
      return (n) => {
        if (typeof n === 'string') return n;
        if (typeof n === 'object') return stringifyJson(n);
        return scalarText(n, 'STRING');
      };
    case 'BINARY':
    case 'VARBINARY':
      return (n) => {
        if (typeof n !== 'string')
          throw new FormatError(`cannot read ${nodeKind(n)} as BYTES (expected base64 text)`);
        return decodeBase64(n);
      };
    case 'DATE':
      if (opts.connect)
        return (n) =>
          typeof n === 'string'
            ? parseDateText(n)
            : Number(numericNode(n, -(2n ** 31n), 2n ** 31n - 1n, 'DATE'));
      return (n) => parseDateText(scalarText(n, 'DATE'));
    case 'TIME':
      if (opts.connect)
        return (n) =>
          typeof n === 'string' ? parseTimeText(n) : Number(numericNode(n, 0n, 86_399_999n, 'TIME'));
      return (n) => parseTimeText(scalarText(n, 'TIME'));
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      const zoned = type.kind === 'TIMESTAMP_LTZ';
      const { precision } = type;
      if (opts.connect) {
        return (n) =>
          typeof n === 'string'
            ? parseTimestampText(n, opts.timestampStandard, zoned, precision)
            : timestampValue(Number(numericNode(n, -(2n ** 63n), 2n ** 63n - 1n, type.kind)), 0, precision);
      }
      return (n) => parseTimestampText(scalarText(n, type.kind), opts.timestampStandard, zoned, precision);
    }
    case 'ARRAY': {
      const element = createJsonConverter(type.element, opts);
      return (n) => {
        if (!Array.isArray(n)) throw new FormatError(`cannot read ${nodeKind(n)} as an ARRAY`);
        const out = new Array<unknown>(n.length);
        for (let i = 0; i < n.length; i++) {
          try {
            out[i] = element(n[i]);
          } catch (e) {
            throw nest(e, `[${i}]`);
          }
        }
        return out;
      };
    }
    case 'MAP':
    case 'MULTISET': {
      const key = createJsonConverter(type.kind === 'MAP' ? type.key : type.element, opts);
      const value =
        type.kind === 'MAP'
          ? createJsonConverter(type.value, opts)
          : createJsonConverter({ kind: 'INT', nullable: false }, opts);
      return (n) => {
        if (opts.connect && Array.isArray(n)) {
          const entries = new Map<unknown, unknown>();
          for (const e of n as Record<string, unknown>[])
            entries.set(key(e?.['key'] ?? null), value(e?.['value'] ?? null));
          return entries;
        }
        if (n === null || typeof n !== 'object' || Array.isArray(n) || n instanceof JsonNumber) {
          throw new FormatError(`cannot read ${nodeKind(n)} as a ${type.kind}`);
        }
        const out = new Map<unknown, unknown>();
        for (const [k, v] of Object.entries(n)) {
          try {
            out.set(key(k), value(v));
          } catch (e) {
            throw nest(e, k);
          }
        }
        return out;
      };
    }
    case 'ROW':
      return createRowConverter(type, opts);
    default:
      throw new FormatError(`JSON format does not support type ${type.kind}`);
  }
}

function nest(e: unknown, segment: string): unknown {
  if (e === NEEDS_LOSSLESS) return e;
  if (e instanceof JsonFieldError) {
    return new JsonFieldError(`${segment}${e.path.startsWith('[') ? '' : '.'}${e.path}`, e.reason);
  }
  return new JsonFieldError(segment, e instanceof Error ? e.message : String(e));
}

/** A ROW converter; the top-level one is used per record. */
export function createRowConverter(type: RowType, opts: JsonReadOptions): (node: unknown) => unknown[] {
  const names = type.fields.map((f) => f.name);
  const convs = type.fields.map((f) => createJsonConverter(f.type, opts));
  const count = names.length;
  return (n) => {
    if (n === null || typeof n !== 'object' || Array.isArray(n) || n instanceof JsonNumber) {
      throw new FormatError(`cannot read ${nodeKind(n)} as a ROW (expected a JSON object)`);
    }
    const obj = n as Record<string, unknown>;
    const row = new Array<unknown>(count);
    for (let i = 0; i < count; i++) {
      const name = names[i]!;
      const field = obj[name];
      if (field === undefined) {
        if (opts.failOnMissingField && !Object.hasOwn(obj, name)) {
          if (opts.ignoreParseErrors) {
            row[i] = null;
            continue;
          }
          throw new JsonFieldError(name, `could not find field with name '${name}'`);
        }
        row[i] = null;
        continue;
      }
      try {
        row[i] = convs[i]!(field);
      } catch (e) {
        if (e === NEEDS_LOSSLESS) throw e;
        if (opts.ignoreParseErrors) row[i] = null;
        else throw nest(e, name);
      }
    }
    return row;
  };
}

/** True when the type holds DECIMAL somewhere: such rows are always parsed losslessly. */
export function containsDecimal(type: LogicalType): boolean {
  switch (type.kind) {
    case 'DECIMAL':
      return true;
    case 'ARRAY':
    case 'MULTISET':
      return containsDecimal(type.element);
    case 'MAP':
      return containsDecimal(type.key) || containsDecimal(type.value);
    case 'ROW':
      return type.fields.some((f) => containsDecimal(f.type));
    default:
      return false;
  }
}
