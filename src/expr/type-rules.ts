/**
 * Type rules the binder uses: common supertypes (Flink's LogicalTypeMerging), implicit and explicit
 * cast support (Flink's LogicalTypeCasts, 1.15+ rules) and DECIMAL result types of arithmetic and
 * SUM/AVG.
 */
import {
  type DecimalType,
  decimalViewOf,
  isApproxKind,
  isBinaryKind,
  isCharacterKind,
  isConstructedKind,
  isExactNumericKind,
  isIntegerKind,
  isIntervalKind,
  isNumericKind,
  isTimestampKind,
  type LogicalType,
  MAX_DECIMAL_PRECISION,
  T,
  type TypeKind,
  typeEquals,
  withNullability,
  withoutTimeAttribute,
} from './types.ts';

const MINIMUM_ADJUSTED_SCALE = 6;

/** Flink's adjustPrecisionScale: above 38 digits keep the integer part and at least 6 fraction digits. */
export function adjustDecimal(precision: number, scale: number, nullable = true): DecimalType {
  if (precision <= MAX_DECIMAL_PRECISION) return T.decimal(Math.max(precision, 1), scale, nullable);
  const digitPart = precision - scale;
  const minScalePart = Math.min(scale, MINIMUM_ADJUSTED_SCALE);
  const adjustedScale = Math.max(MAX_DECIMAL_PRECISION - digitPart, minScalePart);
  return T.decimal(MAX_DECIMAL_PRECISION, adjustedScale, nullable);
}

type PS = { precision: number; scale: number };

export const decimalAdditionType = (a: PS, b: PS): DecimalType => {
  const scale = Math.max(a.scale, b.scale);
  return adjustDecimal(Math.max(a.precision - a.scale, b.precision - b.scale) + scale + 1, scale);
};
export const decimalMultiplicationType = (a: PS, b: PS): DecimalType =>
  adjustDecimal(a.precision + b.precision + 1, a.scale + b.scale);
export const decimalDivisionType = (a: PS, b: PS): DecimalType => {
  const scale = Math.max(6, a.scale + b.precision + 1);
  return adjustDecimal(a.precision - a.scale + b.scale + scale, scale);
};
export const decimalModuloType = (a: PS, b: PS): DecimalType => {
  const scale = Math.max(a.scale, b.scale);
  return adjustDecimal(Math.min(a.precision - a.scale, b.precision - b.scale) + scale, scale);
};
/** SUM of DECIMAL(p, s) is DECIMAL(38, s). */
export const decimalSumType = (a: PS): DecimalType => T.decimal(MAX_DECIMAL_PRECISION, a.scale);
/** AVG of DECIMAL(p, s): division by DECIMAL(20, 0), i.e. DECIMAL(38, max(6, s)). */
export const decimalAvgType = (a: PS): DecimalType =>
  decimalDivisionType({ precision: MAX_DECIMAL_PRECISION, scale: a.scale }, { precision: 20, scale: 0 });

const INTEGER_RANK: Partial<Record<TypeKind, number>> = { TINYINT: 1, SMALLINT: 2, INT: 3, BIGINT: 4 };

/**
 * The common supertype of `types` (Flink's LogicalTypeMerging.findCommonType), or undefined when the
 * types have none. Nullable when any input is nullable; time attributes are dropped.
 */
export function leastRestrictive(types: readonly LogicalType[]): LogicalType | undefined {
  const nonNull = types.filter((t) => t.kind !== 'NULL');
  if (types.length === 0) return undefined;
  if (nonNull.length === 0) return T.null();
  const nullable = types.some((t) => t.nullable);
  const merged = mergeAll(nonNull.map(withoutTimeAttribute));
  return merged && withNullability(merged, nullable);
}

function mergeAll(types: readonly LogicalType[]): LogicalType | undefined {
  let acc: LogicalType | undefined = types[0];
  for (let i = 1; i < types.length && acc; i++) acc = mergePair(acc, types[i]!);
  return acc;
}

function mergePair(a: LogicalType, b: LogicalType): LogicalType | undefined {
  const nullable = a.nullable || b.nullable;
  if (typeEquals(a, b, true)) return withNullability(a, nullable);
  const ak = a.kind;
  const bk = b.kind;
  if (isNumericKind(ak) && isNumericKind(bk)) return mergeNumeric(a, b, nullable);
  if (isCharacterKind(ak) && isCharacterKind(bk)) {
    const length = Math.max((a as { length: number }).length, (b as { length: number }).length);
    // Flink's type system converts ragged CHAR unions to VARCHAR (shouldConvertRaggedUnionTypesToVarying)
    const sameLength = (a as { length: number }).length === (b as { length: number }).length;
    return ak === 'CHAR' && bk === 'CHAR' && sameLength
      ? T.char(length, nullable)
      : T.varchar(length, nullable);
  }
  if (isBinaryKind(ak) && isBinaryKind(bk)) {
    const length = Math.max((a as { length: number }).length, (b as { length: number }).length);
    return ak === 'BINARY' && bk === 'BINARY' ? T.binary(length, nullable) : T.varbinary(length, nullable);
  }
  if ((isTimestampKind(ak) || ak === 'DATE') && (isTimestampKind(bk) || bk === 'DATE')) {
    const pa = a.kind === 'DATE' ? 0 : (a as { precision: number }).precision;
    const pb = b.kind === 'DATE' ? 0 : (b as { precision: number }).precision;
    const p = Math.max(pa, pb);
    return ak === 'TIMESTAMP_LTZ' || bk === 'TIMESTAMP_LTZ'
      ? T.timestampLtz(p, nullable)
      : T.timestamp(p, nullable);
  }
  if (a.kind === 'TIME' && b.kind === 'TIME') return T.time(Math.max(a.precision, b.precision), nullable);
  if (a.kind === 'INTERVAL_YEAR_MONTH' && b.kind === 'INTERVAL_YEAR_MONTH') {
    return T.intervalYearMonth('YEAR_TO_MONTH', Math.max(a.yearPrecision, b.yearPrecision), nullable);
  }
  if (a.kind === 'INTERVAL_DAY_TIME' && b.kind === 'INTERVAL_DAY_TIME') {
    return T.intervalDayTime(
      'DAY_TO_SECOND',
      Math.max(a.dayPrecision, b.dayPrecision),
      Math.max(a.fractionalPrecision, b.fractionalPrecision),
      nullable,
    );
  }
  if ((a.kind === 'ARRAY' || a.kind === 'MULTISET') && b.kind === a.kind) {
    const element = leastRestrictive([a.element, b.element]);
    return element && { kind: a.kind, element, nullable };
  }
  if (a.kind === 'MAP' && b.kind === 'MAP') {
    const key = leastRestrictive([a.key, b.key]);
    const value = leastRestrictive([a.value, b.value]);
    return key && value && T.map(key, value, nullable);
  }
  if (a.kind === 'ROW' && b.kind === 'ROW' && a.fields.length === b.fields.length) {
    const fields = [];
    for (let i = 0; i < a.fields.length; i++) {
      const f = a.fields[i]!;
      const type = leastRestrictive([f.type, b.fields[i]!.type]);
      if (!type) return undefined;
      fields.push({ name: f.name, type });
    }
    return T.row(fields, nullable);
  }
  return undefined;
}

function mergeNumeric(a: LogicalType, b: LogicalType, nullable: boolean): LogicalType {
  if (a.kind === 'DOUBLE' || b.kind === 'DOUBLE') return T.double(nullable);
  if (isApproxKind(a.kind) || isApproxKind(b.kind)) {
    // FLOAT cannot hold every DECIMAL digit, so FLOAT with DECIMAL widens to DOUBLE
    return a.kind === 'DECIMAL' || b.kind === 'DECIMAL' ? T.double(nullable) : T.float(nullable);
  }
  if (a.kind === 'DECIMAL' || b.kind === 'DECIMAL') {
    const da = decimalViewOf(a)!;
    const db = decimalViewOf(b)!;
    const scale = Math.max(da.scale, db.scale);
    const intDigits = Math.max(da.precision - da.scale, db.precision - db.scale);
    return adjustDecimal(intDigits + scale, scale, nullable);
  }
  return (INTEGER_RANK[a.kind] ?? 0) >= (INTEGER_RANK[b.kind] ?? 0)
    ? withNullability(a, nullable)
    : withNullability(b, nullable);
}

// ---- casts ----

const IMPLICIT: Partial<Record<TypeKind, (from: TypeKind) => boolean>> = {
  CHAR: (f) => f === 'CHAR',
  VARCHAR: (f) => isCharacterKind(f),
  BOOLEAN: (f) => f === 'BOOLEAN',
  BINARY: (f) => f === 'BINARY',
  VARBINARY: (f) => isBinaryKind(f),
  DECIMAL: (f) => isNumericKind(f),
  TINYINT: (f) => f === 'TINYINT',
  SMALLINT: (f) => f === 'TINYINT' || f === 'SMALLINT',
  INT: (f) => f === 'TINYINT' || f === 'SMALLINT' || f === 'INT',
  BIGINT: (f) => isIntegerKind(f),
  FLOAT: (f) => isExactNumericKind(f) || f === 'FLOAT',
  DOUBLE: (f) => isNumericKind(f),
  DATE: (f) => f === 'DATE' || f === 'TIMESTAMP',
  TIME: (f) => f === 'TIME' || f === 'TIMESTAMP',
  TIMESTAMP: (f) => isTimestampKind(f),
  TIMESTAMP_LTZ: (f) => isTimestampKind(f),
  INTERVAL_YEAR_MONTH: (f) => f === 'INTERVAL_YEAR_MONTH',
  INTERVAL_DAY_TIME: (f) => f === 'INTERVAL_DAY_TIME',
};

const EXPLICIT: Partial<Record<TypeKind, (from: TypeKind) => boolean>> = {
  CHAR: (f) => f !== 'NULL',
  VARCHAR: (f) => f !== 'NULL',
  BOOLEAN: (f) => isCharacterKind(f) || isIntegerKind(f),
  BINARY: (f) => isCharacterKind(f) || isBinaryKind(f),
  VARBINARY: (f) => isCharacterKind(f) || isBinaryKind(f),
  DECIMAL: (f) => isCharacterKind(f) || isNumericKind(f) || f === 'BOOLEAN' || isIntervalKind(f),
  TINYINT: (f) => isCharacterKind(f) || isNumericKind(f) || f === 'BOOLEAN' || isIntervalKind(f),
  SMALLINT: (f) => isCharacterKind(f) || isNumericKind(f) || f === 'BOOLEAN' || isIntervalKind(f),
  INT: (f) => isCharacterKind(f) || isNumericKind(f) || f === 'BOOLEAN' || isIntervalKind(f),
  BIGINT: (f) => isCharacterKind(f) || isNumericKind(f) || f === 'BOOLEAN' || isIntervalKind(f),
  FLOAT: (f) => isCharacterKind(f) || isNumericKind(f) || f === 'BOOLEAN',
  DOUBLE: (f) => isCharacterKind(f) || isNumericKind(f) || f === 'BOOLEAN',
  DATE: (f) => isCharacterKind(f) || isTimestampKind(f),
  TIME: (f) => isCharacterKind(f) || isTimestampKind(f),
  TIMESTAMP: (f) => isCharacterKind(f) || f === 'DATE' || f === 'TIME' || isTimestampKind(f),
  TIMESTAMP_LTZ: (f) => isCharacterKind(f) || f === 'DATE' || f === 'TIME' || isTimestampKind(f),
  INTERVAL_YEAR_MONTH: (f) => isCharacterKind(f) || isExactNumericKind(f),
  INTERVAL_DAY_TIME: (f) => isCharacterKind(f) || isExactNumericKind(f),
};

/** Only single-field intervals (MONTH, SECOND ...) convert to and from exact numbers. */
function isSingleFieldInterval(t: LogicalType): boolean {
  return (
    (t.kind === 'INTERVAL_YEAR_MONTH' && t.resolution !== 'YEAR_TO_MONTH') ||
    (t.kind === 'INTERVAL_DAY_TIME' && !t.resolution.includes('_TO_'))
  );
}

function supportsCasting(from: LogicalType, to: LogicalType, explicit: boolean): boolean {
  if (from.nullable && !to.nullable && !explicit) return false;
  if (typeEquals(withoutTimeAttribute(from), withoutTimeAttribute(to), true)) return true;
  if (from.kind === 'NULL') return true;
  if (isIntervalKind(from.kind) && isExactNumericKind(to.kind))
    return explicit && isSingleFieldInterval(from);
  if (isExactNumericKind(from.kind) && isIntervalKind(to.kind)) return explicit && isSingleFieldInterval(to);
  if (isConstructedKind(from.kind) || isConstructedKind(to.kind)) {
    // constructed values print as strings; otherwise casts only stay within the same constructor
    if (explicit && isCharacterKind(to.kind)) return true;
    return supportsConstructedCasting(from, to, explicit);
  }
  if (IMPLICIT[to.kind]?.(from.kind)) return true;
  return explicit && (EXPLICIT[to.kind]?.(from.kind) ?? false);
}

function childrenOf(t: LogicalType): readonly LogicalType[] {
  switch (t.kind) {
    case 'ARRAY':
    case 'MULTISET':
      return [t.element];
    case 'MAP':
      return [t.key, t.value];
    case 'ROW':
      return t.fields.map((f) => f.type);
    default:
      return [];
  }
}

function supportsConstructedCasting(from: LogicalType, to: LogicalType, explicit: boolean): boolean {
  if (from.kind !== to.kind) return false;
  const a = childrenOf(from);
  const b = childrenOf(to);
  return a.length === b.length && a.every((c, i) => supportsCasting(c, b[i]!, explicit));
}

export const supportsImplicitCast = (from: LogicalType, to: LogicalType): boolean =>
  supportsCasting(from, to, false);
export const supportsExplicitCast = (from: LogicalType, to: LogicalType): boolean =>
  supportsCasting(from, to, true);

/** Why a CAST is rejected, with the alternative Flink recommends; undefined when it is allowed. */
export function explainUnsupportedCast(from: LogicalType, to: LogicalType): string | undefined {
  if (supportsExplicitCast(from, to)) return undefined;
  if (isNumericKind(from.kind) && isTimestampKind(to.kind)) {
    return `The cast from ${from.kind} to ${to.kind} is not allowed; use TO_TIMESTAMP(FROM_UNIXTIME(x)) or TO_TIMESTAMP_LTZ(x, precision) instead`;
  }
  return `The cast from ${from.kind} to ${to.kind} is not supported`;
}
