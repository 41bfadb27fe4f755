/**
 * Mapping between SQLite values and the declared Flink column types. SQLite stores INTEGER (read as
 * bigint, exactly), REAL, TEXT and BLOB whatever a column declares, so each value is converted by the
 * Flink type of its column and refused with an error naming the column when it does not fit:
 *
 * | Flink type                  | SQLite value read                       | written as |
 * | --------------------------- | --------------------------------------- | ---------- |
 * | BOOLEAN                     | INTEGER 0/1, TEXT 'true'/'false'        | INTEGER    |
 * | TINYINT, SMALLINT, INT      | INTEGER within the type's range         | INTEGER    |
 * | BIGINT                      | INTEGER                                 | INTEGER    |
 * | FLOAT, DOUBLE               | REAL or INTEGER                         | REAL       |
 * | DECIMAL(p, s)               | TEXT, INTEGER or REAL (rounded HALF_UP) | TEXT       |
 * | CHAR, VARCHAR, STRING       | TEXT                                    | TEXT       |
 * | BINARY, VARBINARY, BYTES    | BLOB                                    | BLOB       |
 * | DATE                        | TEXT 'yyyy-MM-dd'                       | TEXT       |
 * | TIME(p)                     | TEXT 'HH:mm:ss[.fff]'                   | TEXT       |
 * | TIMESTAMP(p)                | TEXT 'yyyy-MM-dd HH:mm:ss[.f...]'       | TEXT       |
 * | TIMESTAMP_LTZ(p)            | TEXT as above, in UTC; INTEGER epoch ms | TEXT (UTC) |
 *
 * DECIMAL is written as TEXT so that no digit is lost to SQLite's floating point.
 */
import { formatType, type LogicalType } from '../../expr/types.ts';
import {
  formatLocalDate,
  formatSqlTime,
  formatSqlTimestamp,
  type PreciseTimestamp,
  parseDate,
  parseTimeParts,
  parseTimestampParts,
  timestampParts,
  timestampValue,
} from '../../expr/values/datetime.ts';
import {
  decimalToPlainString,
  doubleToDecimal,
  parseDecimalText,
  toDecimal,
} from '../../expr/values/decimal.ts';
import { ConnectorOptionError } from '../options.ts';

/** A SQLite value that cannot be read as its column's Flink type. */
export class JdbcValueError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'JdbcValueError';
  }
}

const INTEGER_RANGES: Readonly<Record<string, readonly [bigint, bigint]>> = {
  TINYINT: [-128n, 127n],
  SMALLINT: [-32768n, 32767n],
  INT: [-2147483648n, 2147483647n],
};

/** The SQLite column type a CREATE TABLE declares for a Flink type (its storage affinity). */
export function sqliteColumnType(type: LogicalType): string {
  switch (type.kind) {
    case 'BOOLEAN':
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'BIGINT':
      return 'INTEGER';
    case 'FLOAT':
    case 'DOUBLE':
      return 'REAL';
    case 'BINARY':
    case 'VARBINARY':
      return 'BLOB';
    default:
      return 'TEXT';
  }
}

/** Refuses, when the table is declared, a column type the connector cannot store in SQLite. */
export function checkMappable(column: string, type: LogicalType): void {
  switch (type.kind) {
    case 'ARRAY':
    case 'MULTISET':
    case 'MAP':
    case 'ROW':
    case 'INTERVAL_YEAR_MONTH':
    case 'INTERVAL_DAY_TIME':
    case 'NULL':
      throw new ConnectorOptionError(
        `Column '${column}' has type ${formatType(type)}, which the jdbc connector cannot map to SQLite; use BOOLEAN, an integer or floating-point type, DECIMAL, a string or binary type, DATE, TIME or TIMESTAMP`,
      );
    default:
  }
}

function storageClass(value: unknown): string {
  if (typeof value === 'bigint' || typeof value === 'number') {
    return typeof value === 'bigint' || Number.isInteger(value) ? 'INTEGER' : 'REAL';
  }
  if (typeof value === 'string') return 'TEXT';
  if (value instanceof Uint8Array) return 'BLOB';
  return typeof value;
}

/**
 * Reads one SQLite value (integers as bigint, as `safeIntegers` statements return them) as a value
 * of `type`; `where` names the table and column for the error.
 */
export function fromSqlite(value: unknown, type: LogicalType, where: string): unknown {
  if (value === null || value === undefined) return null;
  const fail = (why = ''): never => {
    const shown =
      value instanceof Uint8Array
        ? `a ${value.length}-byte BLOB`
        : `${storageClass(value)} ${JSON.stringify(typeof value === 'bigint' ? value.toString() : value)}`;
    throw new JdbcValueError(
      `Cannot read ${shown} of ${where} as ${formatType(type)}${why}; store ${expectedOf(type)} in that column, or declare the column with a type that fits the data`,
    );
  };
  switch (type.kind) {
    case 'BOOLEAN':
      if (typeof value === 'bigint' && (value === 0n || value === 1n)) return value === 1n;
      if (typeof value === 'string' && /^(true|false)$/i.test(value)) return value.toLowerCase() === 'true';
      return fail();
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT': {
      if (typeof value !== 'bigint') return fail();
      const [min, max] = INTEGER_RANGES[type.kind]!;
      if (value < min || value > max) return fail(' (out of range)');
      return Number(value);
    }
    case 'BIGINT':
      return typeof value === 'bigint' ? value : fail();
    case 'FLOAT':
    case 'DOUBLE': {
      if (typeof value !== 'bigint' && typeof value !== 'number') return fail();
      const n = Number(value);
      return type.kind === 'FLOAT' ? Math.fround(n) : n;
    }
    case 'DECIMAL': {
      let unscaled: bigint | null;
      if (typeof value === 'bigint') unscaled = toDecimal(value, 0, type.precision, type.scale);
      else if (typeof value === 'number') unscaled = doubleToDecimal(value, type.precision, type.scale);
      else if (typeof value === 'string') {
        const parsed = parseDecimalText(value);
        if (parsed === undefined) return fail();
        unscaled = toDecimal(parsed.unscaled, parsed.scale, type.precision, type.scale);
      } else return fail();
      return unscaled === null ? fail(' (too many digits)') : unscaled;
    }
    case 'CHAR':
    case 'VARCHAR':
      return typeof value === 'string' ? value : fail();
    case 'BINARY':
    case 'VARBINARY':
      return value instanceof Uint8Array
        ? new Uint8Array(value.buffer, value.byteOffset, value.length)
        : fail();
    case 'DATE': {
      const days = typeof value === 'string' ? parseDate(value) : null;
      return days === null ? fail() : days;
    }
    case 'TIME': {
      const time = typeof value === 'string' ? parseTimeParts(value) : null;
      return time === null ? fail() : time.millisOfDay;
    }
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      if (type.kind === 'TIMESTAMP_LTZ' && typeof value === 'bigint') {
        return timestampValue(Number(value), 0, type.precision);
      }
      const ts = typeof value === 'string' ? parseTimestampParts(value) : null;
      return ts === null ? fail() : timestampValue(ts.millis, ts.nanoOfMilli, type.precision);
    }
    default:
      return fail(' (the type has no SQLite mapping)');
  }
}

function expectedOf(type: LogicalType): string {
  switch (type.kind) {
    case 'BOOLEAN':
      return 'INTEGER 0 or 1';
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'BIGINT':
      return 'INTEGER values within the range';
    case 'FLOAT':
    case 'DOUBLE':
      return 'REAL or INTEGER values';
    case 'DECIMAL':
      return 'decimal TEXT or numbers that fit';
    case 'CHAR':
    case 'VARCHAR':
      return 'TEXT';
    case 'BINARY':
    case 'VARBINARY':
      return 'BLOBs';
    case 'DATE':
      return "TEXT 'yyyy-MM-dd'";
    case 'TIME':
      return "TEXT 'HH:mm:ss'";
    default:
      return "TEXT 'yyyy-MM-dd HH:mm:ss'";
  }
}

/** A Flink value as the SQLite parameter better-sqlite3 binds (see the table above). */
export function toSqlite(value: unknown, type: LogicalType): unknown {
  if (value === null || value === undefined) return null;
  switch (type.kind) {
    case 'BOOLEAN':
      return value ? 1 : 0;
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
      return typeof value === 'bigint' ? Number(value) : value;
    case 'BIGINT':
      return typeof value === 'number' ? BigInt(value) : value;
    case 'DECIMAL':
      return decimalToPlainString(value as bigint, type.scale);
    case 'BINARY':
    case 'VARBINARY':
      return Buffer.from(value as Uint8Array);
    case 'DATE':
      return formatLocalDate(value as number);
    case 'TIME':
      return formatSqlTime(value as number, type.precision);
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      const p = timestampParts(value as number | PreciseTimestamp);
      return formatSqlTimestamp(p.millis, p.nanoOfMilli, type.precision);
    }
    default:
      return value;
  }
}

/**
 * A lookup key value in the representation of the dimension column's type (INT and BIGINT keys
 * differ only in number vs bigint), so keys compare with the values read back.
 */
export function normalizeKeyValue(value: unknown, type: LogicalType): unknown {
  if (type.kind === 'BIGINT' && typeof value === 'number' && Number.isInteger(value)) return BigInt(value);
  if (
    (type.kind === 'INT' || type.kind === 'SMALLINT' || type.kind === 'TINYINT') &&
    typeof value === 'bigint'
  ) {
    return Number(value);
  }
  return value;
}
