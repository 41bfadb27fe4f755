/** Ordering, equality and canonical keys of runtime values, chosen by logical type. */
import type { LogicalType } from '../types.ts';
import type { PreciseTimestamp } from './datetime.ts';

export type Comparator = (a: unknown, b: unknown) => number;

const primitive: Comparator = (a, b) =>
  (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;

const doubleCompare: Comparator = (a, b) => {
  // Java Double.compare: NaN above everything, -0.0 below 0.0
  const x = a as number;
  const y = b as number;
  if (x < y) return -1;
  if (x > y) return 1;
  if (x === y && (x !== 0 || Object.is(x, y))) return 0;
  if (Number.isNaN(x)) return Number.isNaN(y) ? 0 : 1;
  if (Number.isNaN(y)) return -1;
  return Object.is(x, -0) ? -1 : 1;
};

const preciseCompare: Comparator = (a, b) => {
  const x = a as number | PreciseTimestamp;
  const y = b as number | PreciseTimestamp;
  const xm = typeof x === 'number' ? x : x.millis;
  const ym = typeof y === 'number' ? y : y.millis;
  if (xm !== ym) return xm < ym ? -1 : 1;
  const xn = typeof x === 'number' ? 0 : x.nanoOfMilli;
  const yn = typeof y === 'number' ? 0 : y.nanoOfMilli;
  return xn < yn ? -1 : xn > yn ? 1 : 0;
};

const bytesCompare: Comparator = (a, b) => {
  const x = a as Uint8Array;
  const y = b as Uint8Array;
  const n = Math.min(x.length, y.length);
  for (let i = 0; i < n; i++) if (x[i] !== y[i]) return x[i]! < y[i]! ? -1 : 1;
  return x.length - y.length;
};

/** A total order for non-null values of `type`; NULLs sort first inside nested values. */
export function comparatorFor(type: LogicalType): Comparator {
  switch (type.kind) {
    case 'FLOAT':
    case 'DOUBLE':
      return doubleCompare;
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ':
      return type.precision > 3 ? preciseCompare : primitive;
    case 'BINARY':
    case 'VARBINARY':
      return bytesCompare;
    case 'ARRAY': {
      const inner = nullsFirst(comparatorFor(type.element));
      return (a, b) => {
        const x = a as unknown[];
        const y = b as unknown[];
        const n = Math.min(x.length, y.length);
        for (let i = 0; i < n; i++) {
          const c = inner(x[i], y[i]);
          if (c !== 0) return c;
        }
        return x.length - y.length;
      };
    }
    case 'ROW': {
      const fields = type.fields.map((f) => nullsFirst(comparatorFor(f.type)));
      return (a, b) => {
        for (let i = 0; i < fields.length; i++) {
          const c = fields[i]!((a as unknown[])[i], (b as unknown[])[i]);
          if (c !== 0) return c;
        }
        return 0;
      };
    }
    case 'MAP':
    case 'MULTISET':
      return (a, b) => {
        const x = valueKey(a, type);
        const y = valueKey(b, type);
        return x < y ? -1 : x > y ? 1 : 0;
      };
    default:
      return primitive;
  }
}

export function nullsFirst(c: Comparator): Comparator {
  return (a, b) => {
    if (a === null || a === undefined) return b === null || b === undefined ? 0 : -1;
    if (b === null || b === undefined) return 1;
    return c(a, b);
  };
}

/** SQL equality of two non-null values of the same type. */
export function valuesEqual(a: unknown, b: unknown, type: LogicalType): boolean {
  switch (type.kind) {
    case 'FLOAT':
    case 'DOUBLE':
      return a === b;
    case 'BOOLEAN':
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'BIGINT':
    case 'DECIMAL':
    case 'CHAR':
    case 'VARCHAR':
    case 'DATE':
    case 'TIME':
    case 'INTERVAL_YEAR_MONTH':
    case 'INTERVAL_DAY_TIME':
      return a === b;
    default:
      return comparatorFor(type)(a, b) === 0;
  }
}

/**
 * A canonical string for a value (including NULL) so that equal values share one key: used for hash
 * maps of values (retractable MIN/MAX, COLLECT, DISTINCT, grouping).
 */
export function valueKey(value: unknown, type: LogicalType): string {
  if (value === null || value === undefined) return 'N';
  switch (type.kind) {
    case 'BIGINT':
    case 'DECIMAL':
      return `n${String(value)}`;
    case 'CHAR':
    case 'VARCHAR':
      return `s${value as string}`;
    case 'FLOAT':
    case 'DOUBLE':
      return `d${Object.is(value, -0) ? '0' : String(value)}`;
    case 'TIMESTAMP':
    case 'TIMESTAMP_LTZ': {
      if (typeof value === 'number') return `t${value}`;
      const p = value as PreciseTimestamp;
      return p.nanoOfMilli === 0 ? `t${p.millis}` : `t${p.millis}.${p.nanoOfMilli}`;
    }
    case 'BINARY':
    case 'VARBINARY':
      return `b${Array.from(value as Uint8Array).join(',')}`;
    case 'ARRAY':
      return `[${(value as unknown[]).map((v) => valueKey(v, type.element)).join('\u0001')}]`;
    case 'ROW':
      return `(${type.fields.map((f, i) => valueKey((value as unknown[])[i], f.type)).join('\u0001')})`;
    case 'MAP': {
      const entries = [...(value as Map<unknown, unknown>)].map(
        ([k, v]) => `${valueKey(k, type.key)}\u0002${valueKey(v, type.value)}`,
      );
      return `{${entries.sort().join('\u0001')}}`;
    }
    case 'MULTISET': {
      const entries = [...(value as Map<unknown, number>)].map(
        ([k, n]) => `${valueKey(k, type.element)}\u0002${n}`,
      );
      return `{${entries.sort().join('\u0001')}}`;
    }
    default:
      return `v${String(value)}`;
  }
}
