/**
 * Typed values decoded from the WebSocket protocol's JSON encoding (docs/websocket-protocol.md), one
 * rule per Flink type: BIGINT as bigint, DECIMAL as an exact Decimal, temporal types as small value
 * classes that keep the type's precision, bytes as Uint8Array, MAP/MULTISET as Map, ROW and ARRAY as
 * arrays. `encodeParameter` is the inverse for `?` parameters.
 */
import type { WireType } from './types.ts';

/** An exact decimal: `unscaled × 10^-scale`. */
export class Decimal {
  constructor(
    readonly unscaled: bigint,
    readonly scale: number,
  ) {}

  /** Parses plain decimal text such as `-12.50`. */
  static parse(text: string): Decimal {
    const m = /^([+-]?)(\d*)(?:\.(\d*))?$/.exec(text.trim());
    if (m === null || (m[2] === '' && (m[3] ?? '') === ''))
      throw new TypeError(`'${text}' is not a decimal number (expected digits with an optional '.')`);
    const fraction = m[3] ?? '';
    const digits = BigInt(`${m[2] || '0'}${fraction}`);
    return new Decimal(m[1] === '-' ? -digits : digits, fraction.length);
  }

  toString(): string {
    const negative = this.unscaled < 0n;
    const digits = (negative ? -this.unscaled : this.unscaled).toString().padStart(this.scale + 1, '0');
    const whole = digits.slice(0, digits.length - this.scale);
    const text = this.scale === 0 ? whole : `${whole}.${digits.slice(digits.length - this.scale)}`;
    return negative ? `-${text}` : text;
  }

  /** The nearest double (may lose digits). */
  toNumber(): number {
    return Number(this.toString());
  }

  toJSON(): string {
    return this.toString();
  }
}

const pad = (n: number, width = 2): string => String(n).padStart(width, '0');

/** DATE: a calendar day without a zone. */
export class SqlDate {
  constructor(
    readonly year: number,
    readonly month: number,
    readonly day: number,
  ) {}
  toString(): string {
    const y = this.year < 0 ? `-${pad(-this.year, 4)}` : pad(this.year, 4);
    return `${y}-${pad(this.month)}-${pad(this.day)}`;
  }
  toJSON(): string {
    return this.toString();
  }
}

/** TIME(p): time of day in milliseconds (the engine keeps no digits below milliseconds). */
export class SqlTime {
  constructor(
    readonly millisOfDay: number,
    readonly precision: number,
  ) {}
  toString(): string {
    const ms = this.millisOfDay;
    const base = `${pad(Math.floor(ms / 3_600_000))}:${pad(Math.floor(ms / 60_000) % 60)}:${pad(Math.floor(ms / 1000) % 60)}`;
    const digits = Math.min(this.precision, 3);
    return digits === 0 ? base : `${base}.${pad(ms % 1000, 3).slice(0, digits)}`;
  }
  toJSON(): string {
    return this.toString();
  }
}

/**
 * TIMESTAMP(p) and TIMESTAMP_LTZ(p): epoch milliseconds plus the nanoseconds below the millisecond,
 * with the type's precision. For TIMESTAMP (no zone) the epoch is the wall-clock time read as UTC;
 * for TIMESTAMP_LTZ (`withLocalTimeZone`) it is the instant.
 */
export class SqlTimestamp {
  constructor(
    readonly epochMillis: number,
    readonly nanoOfMilli: number,
    readonly precision: number,
    readonly withLocalTimeZone: boolean,
  ) {}

  /** A Date at millisecond precision (wall-clock read as UTC for TIMESTAMP). */
  toDate(): Date {
    return new Date(this.epochMillis);
  }

  /** Nanoseconds within the second (0–999 999 999). */
  get nanos(): number {
    return (((this.epochMillis % 1000) + 1000) % 1000) * 1_000_000 + this.nanoOfMilli;
  }

  /** ISO-8601 with `precision` fraction digits (`Z` for TIMESTAMP_LTZ), as on the wire. */
  toString(): string {
    const iso = new Date(Math.floor(this.epochMillis / 1000) * 1000).toISOString().slice(0, 19);
    const fraction = pad(this.nanos, 9).slice(0, this.precision);
    const text = this.precision > 0 ? `${iso}.${fraction}` : iso;
    return this.withLocalTimeZone ? `${text}Z` : text;
  }

  toJSON(): string {
    return this.toString();
  }
}

function parseTimestamp(text: string, type: WireType): SqlTimestamp {
  const m = /^(-?\d{4,})-(\d\d)-(\d\d)[T ](\d\d):(\d\d):(\d\d)(?:\.(\d{1,9}))?Z?$/.exec(text);
  if (m === null) throw new TypeError(`'${text}' is not a ${type.flinkType} value`);
  const seconds = Date.UTC(
    Number(m[1]),
    Number(m[2]) - 1,
    Number(m[3]),
    Number(m[4]),
    Number(m[5]),
    Number(m[6]),
  );
  const nanos = Number((m[7] ?? '').padEnd(9, '0'));
  return new SqlTimestamp(
    seconds + Math.floor(nanos / 1_000_000),
    nanos % 1_000_000,
    type.precision ?? 6,
    type.type === 'TIMESTAMP_LTZ',
  );
}

function parseDouble(v: unknown): number {
  if (typeof v === 'number') return v;
  if (v === 'NaN') return Number.NaN;
  if (v === 'Infinity') return Number.POSITIVE_INFINITY;
  if (v === '-Infinity') return Number.NEGATIVE_INFINITY;
  return Number(v);
}

/** A decoded SQL value (see docs/client.md for the mapping). */
export type SqlValue =
  | null
  | boolean
  | number
  | bigint
  | string
  | Decimal
  | SqlDate
  | SqlTime
  | SqlTimestamp
  | Uint8Array
  | SqlValue[]
  | Map<SqlValue, SqlValue>;

/** Decodes one JSON value of the given wire type. */
export function decodeValue(json: unknown, type: WireType): SqlValue {
  if (json === null || json === undefined) return null;
  switch (type.type) {
    case 'BOOLEAN':
      return json === true;
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'INTERVAL_YEAR_MONTH':
    case 'INTERVAL_DAY_TIME':
      return Number(json);
    case 'BIGINT':
      return BigInt(String(json));
    case 'FLOAT':
    case 'DOUBLE':
      return parseDouble(json);
    case 'DECIMAL':
      return Decimal.parse(String(json));
    case 'CHAR':
    case 'VARCHAR':
      return String(json);
    case 'BINARY':
    case 'VARBINARY':
      return new Uint8Array(Buffer.from(String(json), 'base64'));
    case 'DATE': {
      const m = /^(-?\d+)-(\d\d)-(\d\d)$/.exec(String(json));
      if (m === null) throw new TypeError(`'${String(json)}' is not a DATE value`);
      return new SqlDate(Number(m[1]), Number(m[2]), Number(m[3]));
    }
    case 'TIME': {
      const m = /^(\d\d):(\d\d):(\d\d)(?:\.(\d+))?$/.exec(String(json));
      if (m === null) throw new TypeError(`'${String(json)}' is not a TIME value`);
      const millis = Number((m[4] ?? '').padEnd(3, '0').slice(0, 3));
      return new SqlTime(
        ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 + millis,
        type.precision ?? 0,
      );
    }
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return parseTimestamp(String(json), type);
    case 'ARRAY':
      return (json as unknown[]).map((e) => decodeValue(e, type.elementType ?? type));
    case 'MULTISET':
      return new Map(
        (json as [unknown, number][]).map(([e, n]) => [decodeValue(e, type.elementType ?? type), n]),
      );
    case 'MAP':
      return new Map(
        (json as [unknown, unknown][]).map(([k, v]) => [
          decodeValue(k, type.keyType ?? type),
          decodeValue(v, type.valueType ?? type),
        ]),
      );
    case 'ROW': {
      const fields = type.fields ?? [];
      return fields.map((f, i) => decodeValue((json as unknown[])[i], f.type));
    }
    default:
      return json as SqlValue;
  }
}

export function decodeRow(row: readonly unknown[], types: readonly WireType[]): SqlValue[] {
  return types.map((t, i) => decodeValue(row[i], t));
}

/** A `?` parameter with an explicit Flink type (needed for NULL and to choose a type). */
export interface TypedParameter {
  readonly type: string;
  readonly value: unknown;
}

const isTyped = (v: unknown): v is TypedParameter =>
  typeof v === 'object' && v !== null && !Array.isArray(v) && 'type' in v && 'value' in v;

/**
 * The wire (JSON) form of a value, the inverse of `decodeValue` whatever the type: bigint and
 * DECIMAL as text, NaN/±Infinity as text, bytes as base64, temporal values as ISO text, MAP (and
 * MULTISET) as [key, value] pairs, ARRAY and ROW as arrays.
 */
export function toWire(value: unknown, what: string): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'boolean' || typeof value === 'string') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? value : String(value);
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (value instanceof Date) return value.toISOString();
  if (
    value instanceof Decimal ||
    value instanceof SqlDate ||
    value instanceof SqlTime ||
    value instanceof SqlTimestamp
  )
    return value.toJSON();
  if (value instanceof Map) return [...value].map(([k, v]) => [toWire(k, what), toWire(v, what)]);
  if (Array.isArray(value)) return value.map((v) => toWire(v, what));
  throw new TypeError(`${what}: ${Object.prototype.toString.call(value)} is not a SQL value`);
}

/** Wire form of one parameter: its Flink type is inferred from the JS value unless given. */
export function encodeParameter(value: unknown, index: number): { type: string; value: unknown } {
  const what = `Parameter ${index + 1}`;
  if (isTyped(value)) return { type: value.type, value: toWire(value.value, what) };
  if (value === null || value === undefined)
    throw new TypeError(`${what} is null: pass { type: 'BIGINT', value: null } to give NULL a type`);
  if (typeof value === 'boolean') return { type: 'BOOLEAN', value };
  if (typeof value === 'bigint') return { type: 'BIGINT', value: value.toString() };
  if (typeof value === 'number') {
    if (Number.isInteger(value)) return { type: Math.abs(value) < 2 ** 31 ? 'INT' : 'BIGINT', value };
    return { type: 'DOUBLE', value: toWire(value, what) };
  }
  if (typeof value === 'string') return { type: 'STRING', value };
  if (value instanceof Decimal) {
    const precision = Math.max(value.scale + 1, value.unscaled.toString().replace('-', '').length);
    return { type: `DECIMAL(${Math.min(38, precision)}, ${value.scale})`, value: value.toString() };
  }
  if (value instanceof Uint8Array) return { type: 'BYTES', value: toWire(value, what) };
  if (value instanceof SqlTimestamp)
    return {
      type: `${value.withLocalTimeZone ? 'TIMESTAMP_LTZ' : 'TIMESTAMP'}(${value.precision})`,
      value: value.toString(),
    };
  if (value instanceof Date) return { type: 'TIMESTAMP_LTZ(3)', value: value.toISOString() };
  if (value instanceof SqlDate) return { type: 'DATE', value: value.toString() };
  if (value instanceof SqlTime) return { type: `TIME(${value.precision})`, value: value.toString() };
  throw new TypeError(
    `${what}: cannot infer a Flink type for ${Object.prototype.toString.call(value)}; pass { type, value } (e.g. { type: 'ARRAY<INT>', value: [1, 2] })`,
  );
}
