/**
 * Flink's logical types as a readonly discriminated union, with factories, equality and Flink's
 * summary strings (`LogicalType.asSummaryString()`). Type rules (casts, merging) live in type-rules.ts.
 */

export const MAX_LENGTH = 2147483647;
export const MAX_DECIMAL_PRECISION = 38;

export type TimeAttribute = 'rowtime' | 'proctime';

export type YearMonthResolution = 'YEAR' | 'YEAR_TO_MONTH' | 'MONTH';
export type DayTimeResolution =
  | 'DAY'
  | 'DAY_TO_HOUR'
  | 'DAY_TO_MINUTE'
  | 'DAY_TO_SECOND'
  | 'HOUR'
  | 'HOUR_TO_MINUTE'
  | 'HOUR_TO_SECOND'
  | 'MINUTE'
  | 'MINUTE_TO_SECOND'
  | 'SECOND';

interface Base {
  readonly nullable: boolean;
}
export interface SimpleType extends Base {
  readonly kind: 'BOOLEAN' | 'TINYINT' | 'SMALLINT' | 'INT' | 'BIGINT' | 'FLOAT' | 'DOUBLE' | 'DATE' | 'NULL';
}
export interface DecimalType extends Base {
  readonly kind: 'DECIMAL';
  readonly precision: number;
  readonly scale: number;
}
export interface StringType extends Base {
  readonly kind: 'CHAR' | 'VARCHAR' | 'BINARY' | 'VARBINARY';
  readonly length: number;
}
export interface TimeType extends Base {
  readonly kind: 'TIME';
  readonly precision: number;
}
export interface TimestampType extends Base {
  readonly kind: 'TIMESTAMP' | 'TIMESTAMP_LTZ';
  readonly precision: number;
  readonly timeAttribute?: TimeAttribute;
}
export interface YearMonthIntervalType extends Base {
  readonly kind: 'INTERVAL_YEAR_MONTH';
  readonly resolution: YearMonthResolution;
  readonly yearPrecision: number;
}
export interface DayTimeIntervalType extends Base {
  readonly kind: 'INTERVAL_DAY_TIME';
  readonly resolution: DayTimeResolution;
  readonly dayPrecision: number;
  readonly fractionalPrecision: number;
}
export interface ArrayType extends Base {
  readonly kind: 'ARRAY' | 'MULTISET';
  readonly element: LogicalType;
}
export interface MapType extends Base {
  readonly kind: 'MAP';
  readonly key: LogicalType;
  readonly value: LogicalType;
}
export interface RowField {
  readonly name: string;
  readonly type: LogicalType;
  readonly description?: string;
}
export interface RowType extends Base {
  readonly kind: 'ROW';
  readonly fields: readonly RowField[];
}

export type LogicalType =
  | SimpleType
  | DecimalType
  | StringType
  | TimeType
  | TimestampType
  | YearMonthIntervalType
  | DayTimeIntervalType
  | ArrayType
  | MapType
  | RowType;

export type TypeKind = LogicalType['kind'];

const simple = (kind: SimpleType['kind'], nullable = true): SimpleType => ({ kind, nullable });

/** Factories; every type is nullable unless `nullable` is passed as false. */
export const T = {
  boolean: (nullable = true) => simple('BOOLEAN', nullable),
  tinyint: (nullable = true) => simple('TINYINT', nullable),
  smallint: (nullable = true) => simple('SMALLINT', nullable),
  int: (nullable = true) => simple('INT', nullable),
  bigint: (nullable = true) => simple('BIGINT', nullable),
  float: (nullable = true) => simple('FLOAT', nullable),
  double: (nullable = true) => simple('DOUBLE', nullable),
  date: (nullable = true) => simple('DATE', nullable),
  null: (): SimpleType => simple('NULL', true),
  decimal: (precision = 10, scale = 0, nullable = true): DecimalType => {
    if (precision < 1 || precision > MAX_DECIMAL_PRECISION || scale < 0 || scale > precision) {
      throw new RangeError(`DECIMAL(${precision}, ${scale}): precision must be 1..38 and scale 0..precision`);
    }
    return { kind: 'DECIMAL', precision, scale, nullable };
  },
  char: (length = 1, nullable = true): StringType => ({ kind: 'CHAR', length, nullable }),
  varchar: (length = 1, nullable = true): StringType => ({ kind: 'VARCHAR', length, nullable }),
  string: (nullable = true): StringType => ({ kind: 'VARCHAR', length: MAX_LENGTH, nullable }),
  binary: (length = 1, nullable = true): StringType => ({ kind: 'BINARY', length, nullable }),
  varbinary: (length = 1, nullable = true): StringType => ({ kind: 'VARBINARY', length, nullable }),
  bytes: (nullable = true): StringType => ({ kind: 'VARBINARY', length: MAX_LENGTH, nullable }),
  time: (precision = 0, nullable = true): TimeType => ({ kind: 'TIME', precision, nullable }),
  timestamp: (precision = 6, nullable = true, timeAttribute?: TimeAttribute): TimestampType =>
    timeAttribute
      ? { kind: 'TIMESTAMP', precision, nullable, timeAttribute }
      : { kind: 'TIMESTAMP', precision, nullable },
  timestampLtz: (precision = 6, nullable = true, timeAttribute?: TimeAttribute): TimestampType =>
    timeAttribute
      ? { kind: 'TIMESTAMP_LTZ', precision, nullable, timeAttribute }
      : { kind: 'TIMESTAMP_LTZ', precision, nullable },
  intervalYearMonth: (
    resolution: YearMonthResolution = 'YEAR_TO_MONTH',
    yearPrecision = 2,
    nullable = true,
  ): YearMonthIntervalType => ({ kind: 'INTERVAL_YEAR_MONTH', resolution, yearPrecision, nullable }),
  intervalDayTime: (
    resolution: DayTimeResolution = 'DAY_TO_SECOND',
    dayPrecision = 2,
    fractionalPrecision = 6,
    nullable = true,
  ): DayTimeIntervalType => ({
    kind: 'INTERVAL_DAY_TIME',
    resolution,
    dayPrecision,
    fractionalPrecision,
    nullable,
  }),
  array: (element: LogicalType, nullable = true): ArrayType => ({ kind: 'ARRAY', element, nullable }),
  multiset: (element: LogicalType, nullable = true): ArrayType => ({ kind: 'MULTISET', element, nullable }),
  map: (key: LogicalType, value: LogicalType, nullable = true): MapType => ({
    kind: 'MAP',
    key,
    value,
    nullable,
  }),
  row: (fields: readonly (RowField | readonly [string, LogicalType])[], nullable = true): RowType => ({
    kind: 'ROW',
    fields: fields.map((f) => (Array.isArray(f) ? { name: f[0], type: f[1] } : (f as RowField))),
    nullable,
  }),
} as const;

export function withNullability<L extends LogicalType>(type: L, nullable: boolean): L {
  if (type.kind === 'NULL' || type.nullable === nullable) return type;
  return { ...type, nullable };
}

/** Drops a rowtime/proctime marker (e.g. after an expression that is no longer a time attribute). */
export function withoutTimeAttribute(type: LogicalType): LogicalType {
  if ((type.kind === 'TIMESTAMP' || type.kind === 'TIMESTAMP_LTZ') && type.timeAttribute) {
    const { timeAttribute: _dropped, ...rest } = type;
    return rest;
  }
  return type;
}

/** Structural equality; `ignoreNullability` applies at every nesting level. Time attributes count. */
export function typeEquals(a: LogicalType, b: LogicalType, ignoreNullability = false): boolean {
  if (a.kind !== b.kind) return false;
  if (!ignoreNullability && a.nullable !== b.nullable) return false;
  switch (a.kind) {
    case 'DECIMAL': {
      const o = b as DecimalType;
      return a.precision === o.precision && a.scale === o.scale;
    }
    case 'CHAR':
    case 'VARCHAR':
    case 'BINARY':
    case 'VARBINARY':
      return a.length === (b as StringType).length;
    case 'TIME':
      return a.precision === (b as TimeType).precision;
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      const o = b as TimestampType;
      return a.precision === o.precision && a.timeAttribute === o.timeAttribute;
    }
    case 'INTERVAL_YEAR_MONTH': {
      const o = b as YearMonthIntervalType;
      return a.resolution === o.resolution && a.yearPrecision === o.yearPrecision;
    }
    case 'INTERVAL_DAY_TIME': {
      const o = b as DayTimeIntervalType;
      return (
        a.resolution === o.resolution &&
        a.dayPrecision === o.dayPrecision &&
        a.fractionalPrecision === o.fractionalPrecision
      );
    }
    case 'ARRAY':
    case 'MULTISET':
      return typeEquals(a.element, (b as ArrayType).element, ignoreNullability);
    case 'MAP': {
      const o = b as MapType;
      return typeEquals(a.key, o.key, ignoreNullability) && typeEquals(a.value, o.value, ignoreNullability);
    }
    case 'ROW': {
      const o = b as RowType;
      return (
        a.fields.length === o.fields.length &&
        a.fields.every((f, i) => {
          const g = o.fields[i]!;
          return (
            f.name === g.name &&
            f.description === g.description &&
            typeEquals(f.type, g.type, ignoreNullability)
          );
        })
      );
    }
    default:
      return true;
  }
}

// ---- classification helpers used across the expression layer ----

export const isIntegerKind = (k: TypeKind): boolean =>
  k === 'TINYINT' || k === 'SMALLINT' || k === 'INT' || k === 'BIGINT';
export const isExactNumericKind = (k: TypeKind): boolean => isIntegerKind(k) || k === 'DECIMAL';
export const isApproxKind = (k: TypeKind): boolean => k === 'FLOAT' || k === 'DOUBLE';
export const isNumericKind = (k: TypeKind): boolean => isExactNumericKind(k) || isApproxKind(k);
export const isCharacterKind = (k: TypeKind): boolean => k === 'CHAR' || k === 'VARCHAR';
export const isBinaryKind = (k: TypeKind): boolean => k === 'BINARY' || k === 'VARBINARY';
export const isTimestampKind = (k: TypeKind): boolean => k === 'TIMESTAMP' || k === 'TIMESTAMP_LTZ';
export const isDatetimeKind = (k: TypeKind): boolean => k === 'DATE' || k === 'TIME' || isTimestampKind(k);
export const isIntervalKind = (k: TypeKind): boolean =>
  k === 'INTERVAL_YEAR_MONTH' || k === 'INTERVAL_DAY_TIME';
export const isConstructedKind = (k: TypeKind): boolean =>
  k === 'ARRAY' || k === 'MULTISET' || k === 'MAP' || k === 'ROW';

/** Precision of a timestamp type; values with precision above 3 are PreciseTimestamp objects. */
export const isPreciseTimestampType = (t: LogicalType): boolean =>
  (t.kind === 'TIMESTAMP' || t.kind === 'TIMESTAMP_LTZ') && t.precision > 3;

/** Decimal precision/scale of an exact numeric type (integers as DECIMAL(p, 0), as Flink does). */
export function decimalViewOf(t: LogicalType): { precision: number; scale: number } | undefined {
  switch (t.kind) {
    case 'TINYINT':
      return { precision: 3, scale: 0 };
    case 'SMALLINT':
      return { precision: 5, scale: 0 };
    case 'INT':
      return { precision: 10, scale: 0 };
    case 'BIGINT':
      return { precision: 19, scale: 0 };
    case 'DECIMAL':
      return { precision: t.precision, scale: t.scale };
    default:
      return undefined;
  }
}

// ---- summary strings ----

const notNull = (t: LogicalType, s: string): string => (t.nullable ? s : `${s} NOT NULL`);

function escapeIdentifier(name: string): string {
  return '`' + name.replace(/`/g, '``') + '`';
}

const YEAR_MONTH_FORMAT: Record<YearMonthResolution, (p: number) => string> = {
  YEAR: (p) => `INTERVAL YEAR(${p})`,
  YEAR_TO_MONTH: (p) => `INTERVAL YEAR(${p}) TO MONTH`,
  MONTH: () => 'INTERVAL MONTH',
};
const DAY_TIME_FORMAT: Record<DayTimeResolution, (d: number, f: number) => string> = {
  DAY: (d) => `INTERVAL DAY(${d})`,
  DAY_TO_HOUR: (d) => `INTERVAL DAY(${d}) TO HOUR`,
  DAY_TO_MINUTE: (d) => `INTERVAL DAY(${d}) TO MINUTE`,
  DAY_TO_SECOND: (d, f) => `INTERVAL DAY(${d}) TO SECOND(${f})`,
  HOUR: () => 'INTERVAL HOUR',
  HOUR_TO_MINUTE: () => 'INTERVAL HOUR TO MINUTE',
  HOUR_TO_SECOND: (_d, f) => `INTERVAL HOUR TO SECOND(${f})`,
  MINUTE: () => 'INTERVAL MINUTE',
  MINUTE_TO_SECOND: (_d, f) => `INTERVAL MINUTE TO SECOND(${f})`,
  SECOND: (_d, f) => `INTERVAL SECOND(${f})`,
};

/** Flink's `LogicalType#asSummaryString()`, e.g. `INT NOT NULL`, `TIMESTAMP(3) *ROWTIME*`. */
export function formatType(t: LogicalType): string {
  switch (t.kind) {
    case 'NULL':
      return 'NULL';
    case 'INT':
      return notNull(t, 'INT');
    case 'BOOLEAN':
    case 'TINYINT':
    case 'SMALLINT':
    case 'BIGINT':
    case 'FLOAT':
    case 'DOUBLE':
    case 'DATE':
      return notNull(t, t.kind);
    case 'DECIMAL':
      return notNull(t, `DECIMAL(${t.precision}, ${t.scale})`);
    case 'CHAR':
    case 'BINARY':
      return notNull(t, `${t.kind}(${t.length})`);
    case 'VARCHAR':
      return notNull(t, t.length === MAX_LENGTH ? 'STRING' : `VARCHAR(${t.length})`);
    case 'VARBINARY':
      return notNull(t, t.length === MAX_LENGTH ? 'BYTES' : `VARBINARY(${t.length})`);
    case 'TIME':
      return notNull(t, `TIME(${t.precision})`);
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      const base = notNull(t, `${t.kind}(${t.precision})`);
      return t.timeAttribute ? `${base} *${t.timeAttribute.toUpperCase()}*` : base;
    }
    case 'INTERVAL_YEAR_MONTH':
      return notNull(t, YEAR_MONTH_FORMAT[t.resolution](t.yearPrecision));
    case 'INTERVAL_DAY_TIME':
      return notNull(t, DAY_TIME_FORMAT[t.resolution](t.dayPrecision, t.fractionalPrecision));
    case 'ARRAY':
    case 'MULTISET':
      return notNull(t, `${t.kind}<${formatType(t.element)}>`);
    case 'MAP':
      return notNull(t, `MAP<${formatType(t.key)}, ${formatType(t.value)}>`);
    case 'ROW': {
      const fields = t.fields.map((f) => {
        const desc = f.description === undefined ? '' : ` '${f.description.replace(/'/g, "''")}'`;
        return `${escapeIdentifier(f.name)} ${formatType(f.type)}${desc}`;
      });
      return notNull(t, `ROW<${fields.join(', ')}>`);
    }
  }
}
