/**
 * `?` parameters of a WebSocket `execute`: each is bound to a typed value and substituted as a typed
 * SQL literal (`CAST('…' AS <type>)`), so values never change the statement's structure. The type
 * text is parsed as a Flink data type first; the value's JSON encoding is the wire encoding.
 */

import { parseDataType, SqlError, tokenize } from '../../sql/index.ts';
import { Question } from '../../sql/tokens.ts';

export interface TypedParameter {
  /** A Flink type: BIGINT, STRING, DECIMAL(10, 2), TIMESTAMP(3), ... */
  readonly type: string;
  readonly value: unknown;
}

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;

function literal(p: TypedParameter, index: number): string {
  const type = p.type.trim();
  try {
    parseDataType(type);
  } catch (e) {
    const why = e instanceof Error ? e.message : String(e);
    throw new SqlError({
      code: 'VALIDATION',
      message: `Parameter ${index + 1}: '${type}' is not a Flink data type (${why})`,
      hint: 'Use a type such as BIGINT, STRING, DECIMAL(10, 2) or TIMESTAMP(3)',
    });
  }
  if (p.value === null) return `CAST(NULL AS ${type})`;
  const upper = type.toUpperCase();
  if (upper.startsWith('BOOLEAN')) {
    if (typeof p.value !== 'boolean')
      throw new SqlError({
        code: 'VALIDATION',
        message: `Parameter ${index + 1} (BOOLEAN) must be true, false or null`,
      });
    return p.value ? 'TRUE' : 'FALSE';
  }
  if (typeof p.value === 'number') {
    if (!Number.isFinite(p.value))
      throw new SqlError({
        code: 'VALIDATION',
        message: `Parameter ${index + 1} must be a finite number; send NaN/Infinity as strings`,
      });
    return `CAST(${quote(String(p.value))} AS ${type})`;
  }
  if (typeof p.value === 'string') {
    if (/^(BINARY|VARBINARY|BYTES)/.test(upper))
      return `CAST(X'${Buffer.from(p.value, 'base64').toString('hex')}' AS ${type})`;
    // wire timestamps are ISO text (`2024-01-31T12:00:00.123`, `Z` for TIMESTAMP_LTZ); SQL wants a space
    const text = upper.startsWith('TIMESTAMP') ? p.value.replace('T', ' ').replace(/Z$/, '') : p.value;
    return `CAST(${quote(text)} AS ${type})`;
  }
  throw new SqlError({
    code: 'VALIDATION',
    message: `Parameter ${index + 1}: only null, boolean, number and string values can be bound`,
  });
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
