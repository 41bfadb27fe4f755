/**
 * `?` parameters of a WebSocket `execute`: each is bound to a typed value and substituted as a typed
 * SQL literal (`CAST('…' AS <type>)`, `CAST(ARRAY[…] AS ARRAY<…>)`, …), so values never change the
 * statement's structure. The type text is parsed as a Flink data type first; the value's JSON encoding
 * is the wire encoding (ARRAY and ROW as arrays, MAP as [key, value] pairs, intervals as numbers).
 */

import { type DataType, formatDataType, parseDataType, SqlError, tokenize } from '../../sql/index.ts';
import { Question } from '../../sql/tokens.ts';

export interface TypedParameter {
  /** A Flink type: BIGINT, STRING, DECIMAL(10, 2), TIMESTAMP(3), ... */
  readonly type: string;
  readonly value: unknown;
}

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

function literal(p: TypedParameter, index: number): string {
  const text = p.type.trim();
  let type: DataType;
  try {
    type = parseDataType(text);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new SqlError({
      code: 'VALIDATION',
      message: `Parameter ${index + 1}: '${text}' is not a Flink data type (${why})`,
      hint: 'Use a type such as BIGINT, STRING, DECIMAL(10, 2) or TIMESTAMP(3)',
    });
  }
  return valueLiteral(p.value, type, `Parameter ${index + 1}`);
}

const invalid = (what: string, message: string): SqlError =>
  new SqlError({ code: 'VALIDATION', message: `${what} ${message}` });

/** Pairs `[[k, v], ...]`: the wire form of MAP values. */
function pairs(value: unknown, what: string): [unknown, unknown][] {
  if (!Array.isArray(value) || !value.every((e) => Array.isArray(e) && e.length === 2))
    throw invalid(what, 'must be a list of [key, value] pairs (the wire form of a MAP)');
  return value as [unknown, unknown][];
}

/** A SQL expression of exactly `type` for a value in its wire encoding (docs/websocket-protocol.md). */
function valueLiteral(value: unknown, type: DataType, what: string): string {
  const typeText = formatDataType(type);
  if (value === null) return `CAST(NULL AS ${typeText})`;
  switch (type.kind) {
    case 'ArrayType': {
      if (!Array.isArray(value)) throw invalid(what, `(${typeText}) must be a JSON array`);
      if (value.length === 0)
        throw invalid(what, `(${typeText}) is empty: Flink SQL has no empty ARRAY literal to bind it to`);
      const items = value.map((v, i) => valueLiteral(v, type.element, `${what}[${i}]`));
      return `CAST(ARRAY[${items.join(', ')}] AS ${typeText})`;
    }
    case 'MapType': {
      const entries = pairs(value, `${what} (${typeText})`);
      if (entries.length === 0)
        throw invalid(what, `(${typeText}) is empty: Flink SQL has no empty MAP literal to bind it to`);
      const items = entries.map(
        ([k, v], i) =>
          `${valueLiteral(k, type.key, `${what} key ${i}`)}, ${valueLiteral(v, type.value, `${what} value ${i}`)}`,
      );
      return `CAST(MAP[${items.join(', ')}] AS ${typeText})`;
    }
    case 'RowType': {
      if (!Array.isArray(value) || value.length !== type.fields.length)
        throw invalid(what, `(${typeText}) must be a JSON array of ${type.fields.length} field value(s)`);
      const items = type.fields.map((f, i) => valueLiteral(value[i], f.type, `${what}.${f.name.value}`));
      return `CAST(ROW(${items.join(', ')}) AS ${typeText})`;
    }
    case 'MultisetType':
      throw invalid(
        what,
        `(${typeText}) cannot be bound: Flink SQL has no MULTISET literal; bind an ARRAY and use COLLECT`,
      );
    case 'IntervalType': {
      const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
      if (typeof n !== 'number' || !Number.isInteger(n))
        throw invalid(what, `(${typeText}) must be an integer: months, or milliseconds for DAY TO SECOND`);
      const unit = type.qualifier.from;
      if (unit === 'YEAR' || unit === 'MONTH') return `CAST(INTERVAL '${n}' MONTH AS ${typeText})`;
      const sign = n < 0 ? '-' : '';
      const abs = Math.abs(n);
      const seconds = `${sign}${Math.floor(abs / 1000)}.${String(abs % 1000).padStart(3, '0')}`;
      return `CAST(INTERVAL '${seconds}' SECOND(9, 3) AS ${typeText})`;
    }
    case 'TimestampType': {
      // an instant (`…Z`) must not be read in the session's time zone: bind it by its epoch
      // milliseconds, which is exact unless digits below the millisecond are set
      const instant = typeof value === 'string' ? epochOf(value) : undefined;
      if (type.withLocalTimeZone && instant !== undefined && instant.subMilli === 0)
        return `CAST(TO_TIMESTAMP_LTZ(${instant.millis}, 3) AS ${typeText})`;
      return scalarLiteral(value, typeText, what);
    }
    default:
      return scalarLiteral(value, typeText, what);
  }
}

/** Epoch milliseconds of ISO text with a trailing `Z` (and the digits below the millisecond). */
function epochOf(text: string): { millis: number; subMilli: number } | undefined {
  const m = /^(-?\d{4,}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d{1,9}))?Z$/.exec(text);
  if (m === null) return undefined;
  const fraction = (m[2] ?? '').padEnd(9, '0');
  const seconds = Date.parse(`${m[1]}Z`);
  if (Number.isNaN(seconds)) return undefined;
  return { millis: seconds + Number(fraction.slice(0, 3)), subMilli: Number(fraction.slice(3)) };
}

function scalarLiteral(value: unknown, type: string, what: string): string {
  const upper = type.toUpperCase();
  if (upper.startsWith('BOOLEAN')) {
    if (typeof value !== 'boolean') throw invalid(what, '(BOOLEAN) must be true, false or null');
    return value ? `CAST(TRUE AS ${type})` : `CAST(FALSE AS ${type})`;
  }
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw invalid(what, 'must be a finite number; send NaN/Infinity as strings');
    return `CAST(${quote(String(value))} AS ${type})`;
  }
  if (typeof value === 'string') {
    if (/^(BINARY|VARBINARY|BYTES)/.test(upper))
      return `CAST(X'${Buffer.from(value, 'base64').toString('hex')}' AS ${type})`;
    // wire timestamps are ISO text (`2024-01-31T12:00:00.123`, `Z` for TIMESTAMP_LTZ); SQL wants a space
    const text = upper.startsWith('TIMESTAMP') ? value.replace('T', ' ').replace(/Z$/, '') : value;
    return `CAST(${quote(text)} AS ${type})`;
  }
  throw invalid(
    what,
    `(${type}): only null, boolean, number and string values (or arrays for ARRAY, MAP and ROW) can be bound`,
  );
}

/** Replaces each `?` (outside strings and comments) by its parameter's literal. */
export function bindParameters(sql: string, params: readonly TypedParameter[]): string {
  const marks = tokenize(sql)
    .filter((t) => t.tokenType === Question)
    .map((t) => t.startOffset);
  if (marks.length !== params.length) {
    throw new SqlError({
      code: 'VALIDATION',
      message: `The statement has ${marks.length} '?' parameter(s) but ${params.length} value(s) were sent`,
    });
  }
  let out = '';
  let last = 0;
  marks.forEach((at, i) => {
    out += sql.slice(last, at) + literal(params[i]!, i);
    last = at + 1;
  });
  return out + sql.slice(last);
}
