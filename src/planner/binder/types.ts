/** Data types as written (AST) → Flink logical types, with Flink's defaults for omitted parameters. */

import {
  type DayTimeResolution,
  type LogicalType,
  MAX_DECIMAL_PRECISION,
  MAX_LENGTH,
  T,
  type YearMonthResolution,
} from '../../expr/types.ts';
import type { DataType, IntervalQualifier } from '../../sql/ast.ts';
import { SqlError } from '../../sql/errors.ts';
import { didYouMean } from './errors.ts';

const TYPE_NAMES = [
  'BOOLEAN',
  'TINYINT',
  'SMALLINT',
  'INT',
  'INTEGER',
  'BIGINT',
  'FLOAT',
  'DOUBLE',
  'DECIMAL',
  'NUMERIC',
  'DATE',
  'TIME',
  'TIMESTAMP',
  'TIMESTAMP_LTZ',
  'STRING',
  'BYTES',
  'CHAR',
  'VARCHAR',
  'BINARY',
  'VARBINARY',
  'ARRAY',
  'MAP',
  'MULTISET',
  'ROW',
  'INTERVAL',
];

function hintFor(name: string): { hint?: string } {
  const hint = didYouMean(name.toUpperCase(), TYPE_NAMES);
  return hint ? { hint } : {};
}

const invalid = (message: string, type: { span: DataType['span'] }): SqlError =>
  new SqlError({ code: 'VALIDATION', message, span: type.span });

export function toLogicalType(type: DataType): LogicalType {
  const n = type.nullable;
  switch (type.kind) {
    case 'SimpleType':
      switch (type.name) {
        case 'BOOLEAN':
          return T.boolean(n);
        case 'TINYINT':
          return T.tinyint(n);
        case 'SMALLINT':
          return T.smallint(n);
        case 'INT':
          return T.int(n);
        case 'BIGINT':
          return T.bigint(n);
        case 'FLOAT':
          return T.float(n);
        case 'DOUBLE':
          return T.double(n);
        case 'DATE':
          return T.date(n);
        case 'STRING':
          return T.string(n);
        case 'BYTES':
          return T.bytes(n);
        case 'NULL':
          return T.null();
        case 'VARIANT':
          throw invalid('The VARIANT type is not supported; use STRING holding JSON instead', type);
      }
      break;
    case 'SizedType': {
      // FlinkTypeSystem: a bare VARCHAR / VARBINARY is of maximum length (STRING / BYTES), CHAR / BINARY of 1
      const length = type.length ?? (type.name === 'VARCHAR' || type.name === 'VARBINARY' ? MAX_LENGTH : 1);
      if (length < 1 || length > MAX_LENGTH) {
        throw invalid(`${type.name} length must be between 1 and ${MAX_LENGTH} (inclusive)`, type);
      }
      switch (type.name) {
        case 'CHAR':
          return T.char(length, n);
        case 'VARCHAR':
          return T.varchar(length, n);
        case 'BINARY':
          return T.binary(length, n);
        case 'VARBINARY':
          return T.varbinary(length, n);
      }
      break;
    }
    case 'DecimalType': {
      const precision = type.precision ?? 10;
      const scale = type.scale ?? 0;
      if (precision < 1 || precision > MAX_DECIMAL_PRECISION) {
        throw invalid(
          `Decimal precision must be between 1 and ${MAX_DECIMAL_PRECISION} (both inclusive).`,
          type,
        );
      }
      if (scale < 0 || scale > precision) {
        throw invalid(
          `Decimal scale must be between 0 and the precision ${precision} (both inclusive).`,
          type,
        );
      }
      return T.decimal(precision, scale, n);
    }
    case 'TimeType': {
      const p = type.precision ?? 0;
      if (p < 0 || p > 9) throw invalid('Time precision must be between 0 and 9 (both inclusive).', type);
      return T.time(p, n);
    }
    case 'TimestampType': {
      const p = type.precision ?? 6;
      if (p < 0 || p > 9)
        throw invalid('Timestamp precision must be between 0 and 9 (both inclusive).', type);
      return type.withLocalTimeZone ? T.timestampLtz(p, n) : T.timestamp(p, n);
    }
    case 'IntervalType':
      return intervalType(type.qualifier, n);
    case 'ArrayType':
      return T.array(toLogicalType(type.element), n);
    case 'MultisetType':
      return T.multiset(toLogicalType(type.element), n);
    case 'MapType':
      return T.map(toLogicalType(type.key), toLogicalType(type.value), n);
    case 'RowType': {
      const seen = new Set<string>();
      const fields = type.fields.map((f) => {
        if (seen.has(f.name.value))
          throw invalid(`Field names must be unique. Found duplicates: [${f.name.value}]`, f);
        seen.add(f.name.value);
        const t = toLogicalType(f.type);
        return f.comment === undefined
          ? { name: f.name.value, type: t }
          : { name: f.name.value, type: t, description: f.comment };
      });
      return T.row(fields, n);
    }
    case 'NamedType': {
      const name = type.name.parts.map((p) => p.value).join('.');
      throw new SqlError({
        code: 'VALIDATION',
        message: `Unknown type '${name}'`,
        span: type.span,
        ...hintFor(name),
      });
    }
  }
  throw invalid('Unsupported data type', type);
}

const YEAR_MONTH_UNITS = new Set(['YEAR', 'MONTH']);
const DAY_TIME_UNITS = new Set(['DAY', 'HOUR', 'MINUTE', 'SECOND']);

/** The logical type of an interval qualifier (`DAY(3) TO SECOND(6)`), as types and literals use it. */
export function intervalType(q: IntervalQualifier, nullable = true): LogicalType {
  const from = q.from;
  const to = q.to;
  if (YEAR_MONTH_UNITS.has(from) && (to === undefined || YEAR_MONTH_UNITS.has(to))) {
    const resolution: YearMonthResolution =
      from === 'MONTH' ? 'MONTH' : to === 'MONTH' ? 'YEAR_TO_MONTH' : 'YEAR';
    return T.intervalYearMonth(resolution, q.fromPrecision ?? 2, nullable);
  }
  if (DAY_TIME_UNITS.has(from) && (to === undefined || DAY_TIME_UNITS.has(to))) {
    const resolution = (to === undefined || to === from ? from : `${from}_TO_${to}`) as DayTimeResolution;
    const fractional =
      to === 'SECOND' || (to === undefined && from === 'SECOND')
        ? (q.toPrecision ?? q.fromPrecision ?? 6)
        : 6;
    const dayPrecision = from === 'DAY' ? (q.fromPrecision ?? 2) : 2;
    return T.intervalDayTime(
      resolution,
      dayPrecision,
      from === 'SECOND' && to === undefined ? (q.fromPrecision ?? 6) : fractional,
      nullable,
    );
  }
  throw invalid(`Unsupported interval qualifier ${from}${to ? ` TO ${to}` : ''}`, q);
}
