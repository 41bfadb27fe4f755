/**
 * Comparisons (= <> < <= > >=, IS [NOT] DISTINCT FROM, BETWEEN [SYMMETRIC], IN) across numeric types,
 * strings and temporal types, plus three-valued logic (AND, OR, NOT, IS [NOT] TRUE/FALSE/UNKNOWN/NULL).
 * AND/OR are evaluated lazily by the compiler and interpreter; their implementations here see values.
 */
import type { BoundExpr, Call } from '../bound.ts';
import { castFunction } from '../cast.ts';
import { leastRestrictive } from '../type-rules.ts';
import {
  isCharacterKind,
  isDatetimeKind,
  isIntegerKind,
  isNumericKind,
  type LogicalType,
  T,
  withNullability,
} from '../types.ts';
import { comparatorFor, valueKey, valuesEqual } from '../values/compare.ts';
import type { TimeZone } from '../values/timezone.ts';
import { defineFunction, type EvalContext, impl, type ScalarImpl } from './registry.ts';

/** The type two operands are compared in, or undefined when they are not comparable. */
export function comparisonType(a: LogicalType, b: LogicalType): LogicalType | undefined {
  const common = leastRestrictive([withNullability(a, true), withNullability(b, true)]);
  if (common && common.kind !== 'NULL') return common;
  if (common?.kind === 'NULL') return a.kind === 'NULL' ? b : a;
  // a string literal compared with a typed value is parsed as that type
  if (isCharacterKind(a.kind) && (isDatetimeKind(b.kind) || isNumericKind(b.kind) || b.kind === 'BOOLEAN'))
    return b;
  if (isCharacterKind(b.kind) && (isDatetimeKind(a.kind) || isNumericKind(a.kind) || a.kind === 'BOOLEAN'))
    return a;
  if (a.kind === 'NULL') return b;
  if (b.kind === 'NULL') return a;
  return undefined;
}

/** Compares two non-null values of possibly different types: negative, zero or positive. */
export function comparison(
  a: LogicalType,
  b: LogicalType,
  zone: TimeZone,
): (x: unknown, y: unknown) => number {
  const common = comparisonType(a, b)!;
  const ca = castFunction(a, common, zone);
  const cb = castFunction(b, common, zone);
  const cmp = comparatorFor(common);
  return (x, y) => cmp(ca(x), cb(y));
}

export function equality(
  a: LogicalType,
  b: LogicalType,
  zone: TimeZone,
): (x: unknown, y: unknown) => boolean {
  const common = comparisonType(a, b)!;
  const ca = castFunction(a, common, zone);
  const cb = castFunction(b, common, zone);
  return (x, y) => valuesEqual(ca(x), cb(y), common);
}

const PRIMITIVE = new Set([
  'TINYINT',
  'SMALLINT',
  'INT',
  'FLOAT',
  'DOUBLE',
  'DATE',
  'TIME',
  'CHAR',
  'VARCHAR',
  'BOOLEAN',
]);

/** Whether `x op y` in JavaScript gives the SQL answer for these operand types. */
function primitiveComparable(a: LogicalType, b: LogicalType): boolean {
  if (PRIMITIVE.has(a.kind) && a.kind === b.kind) return true;
  const numberKind = (t: LogicalType) =>
    (isIntegerKind(t.kind) && t.kind !== 'BIGINT') || t.kind === 'DOUBLE' || t.kind === 'FLOAT';
  if (numberKind(a) && numberKind(b)) return true;
  if (a.kind === 'BIGINT' && b.kind === 'BIGINT') return true;
  if (a.kind === b.kind && (a.kind === 'INTERVAL_DAY_TIME' || a.kind === 'INTERVAL_YEAR_MONTH')) return true;
  if (a.kind === 'TIMESTAMP' && b.kind === 'TIMESTAMP') return a.precision <= 3 && b.precision <= 3;
  if (a.kind === 'TIMESTAMP_LTZ' && b.kind === 'TIMESTAMP_LTZ') return a.precision <= 3 && b.precision <= 3;
  if (a.kind === 'DECIMAL' && b.kind === 'DECIMAL') return a.scale === b.scale;
  return false;
}

const COMPARISONS: Record<string, { js: string; test: (c: number) => boolean }> = {
  '=': { js: '===', test: (c) => c === 0 },
  '<>': { js: '!==', test: (c) => c !== 0 },
  '<': { js: '<', test: (c) => c < 0 },
  '<=': { js: '<=', test: (c) => c <= 0 },
  '>': { js: '>', test: (c) => c > 0 },
  '>=': { js: '>=', test: (c) => c >= 0 },
};

const comparable = (args: readonly BoundExpr[]) =>
  args.length === 2 && comparisonType(args[0]!.type, args[1]!.type) !== undefined
    ? T.boolean(false)
    : undefined;

for (const [op, { js, test }] of Object.entries(COMPARISONS)) {
  const eq = op === '=' || op === '<>';
  defineFunction(
    {
      name: op,
      signatures: [`<COMPARABLE> ${op} <COMPARABLE>`],
      infer: comparable,
      implement: (call, ctx) => {
        const [a, b] = [call.args[0]!.type, call.args[1]!.type];
        if (eq) {
          const e = equality(a, b, ctx.zone);
          return op === '=' ? (x, y) => e(x, y) : (x, y) => !e(x, y);
        }
        const c = comparison(a, b, ctx.zone);
        return (x, y) => test(c(x, y));
      },
      inline: (call, [x, y]) =>
        primitiveComparable(call.args[0]!.type, call.args[1]!.type) ? `(${x} ${js} ${y})` : undefined,
    },
    ...(op === '=' ? ['EQUALS'] : op === '<>' ? ['!=', 'NOT_EQUALS'] : []),
  );
}

function distinctFrom(call: Call, ctx: EvalContext): (x: unknown, y: unknown) => boolean {
  const [a, b] = [call.args[0]!.type, call.args[1]!.type];
  const e = equality(a, b, ctx.zone);
  return (x, y) => {
    if (x === null || y === null) return !(x === null && y === null);
    return !e(x, y);
  };
}
defineFunction({
  name: 'IS DISTINCT FROM',
  signatures: ['<COMPARABLE> IS DISTINCT FROM <COMPARABLE>'],
  nulls: 'handled',
  infer: comparable,
  implement: (call, ctx) => distinctFrom(call, ctx) as ScalarImpl,
});
defineFunction({
  name: 'IS NOT DISTINCT FROM',
  signatures: ['<COMPARABLE> IS NOT DISTINCT FROM <COMPARABLE>'],
  nulls: 'handled',
  infer: comparable,
  implement: (call, ctx) => {
    const d = distinctFrom(call, ctx);
    return (x, y) => !d(x, y);
  },
});

// ---- BETWEEN ----

const and3 = (a: boolean | null, b: boolean | null): boolean | null =>
  a === false || b === false ? false : a === null || b === null ? null : true;
const or3 = (a: boolean | null, b: boolean | null): boolean | null =>
  a === true || b === true ? true : a === null || b === null ? null : false;
const not3 = (a: boolean | null): boolean | null => (a === null ? null : !a);

for (const symmetric of [false, true]) {
  for (const negated of [false, true]) {
    const name = `${negated ? 'NOT ' : ''}BETWEEN${symmetric ? ' SYMMETRIC' : ''}`;
    defineFunction({
      name,
      signatures: [`<COMPARABLE> ${name} <COMPARABLE> AND <COMPARABLE>`],
      nulls: 'handled',
      infer: (args) => {
        if (args.length !== 3) return undefined;
        const [x, lo, hi] = args.map((a) => a.type) as [LogicalType, LogicalType, LogicalType];
        if (!comparisonType(x, lo) || !comparisonType(x, hi)) return undefined;
        return T.boolean(args.some((a) => a.type.nullable));
      },
      implement: (call, ctx) => {
        const [x, lo, hi] = call.args.map((a) => a.type) as [LogicalType, LogicalType, LogicalType];
        const cl = comparison(x, lo, ctx.zone);
        const ch = comparison(x, hi, ctx.zone);
        const ge = (v: unknown, l: unknown) => (v === null || l === null ? null : cl(v, l) >= 0);
        const le = (v: unknown, h: unknown) => (v === null || h === null ? null : ch(v, h) <= 0);
        const geH = (v: unknown, h: unknown) => (v === null || h === null ? null : ch(v, h) >= 0);
        const leL = (v: unknown, l: unknown) => (v === null || l === null ? null : cl(v, l) <= 0);
        const between = symmetric
          ? (v: unknown, l: unknown, h: unknown) => or3(and3(ge(v, l), le(v, h)), and3(geH(v, h), leL(v, l)))
          : (v: unknown, l: unknown, h: unknown) => and3(ge(v, l), le(v, h));
        return negated ? (v, l, h) => not3(between(v, l, h)) : (v, l, h) => between(v, l, h);
      },
    });
  }
}

// ---- IN ----

for (const negated of [false, true]) {
  const name = negated ? 'NOT IN' : 'IN';
  defineFunction({
    name,
    signatures: [`<COMPARABLE> ${name} (<COMPARABLE>, ...)`],
    nulls: 'handled',
    infer: (args) => {
      if (args.length < 2) return undefined;
      const x = args[0]!.type;
      if (!args.slice(1).every((a) => comparisonType(x, a.type))) return undefined;
      return T.boolean(args.some((a) => a.type.nullable));
    },
    implement: (call, ctx) => {
      const x = call.args[0]!.type;
      const list = call.args.slice(1);
      const listType = leastRestrictive(list.map((a) => a.type));
      const allLiterals = list.every((a) => a.kind === 'literal');
      let test: (v: unknown, values: unknown[]) => boolean | null;
      if (allLiterals && listType && listType.kind !== 'NULL' && comparisonType(x, listType)) {
        // constant list: one hash lookup per row
        const common = comparisonType(x, listType)!;
        const cx = castFunction(x, common, ctx.zone);
        const keys = new Set<string>();
        let hasNull = false;
        for (const a of list) {
          const v = (a as { value: unknown }).value;
          if (v === null) hasNull = true;
          else keys.add(valueKey(castFunction(a.type, common, ctx.zone)(v), common));
        }
        const miss = hasNull ? null : false;
        if (common.kind === 'VARCHAR') {
          // Strings are their own keys: no per-row key string, and no rest array for the list
          // (its literals are already in `raw`).
          const raw = new Set<unknown>();
          for (const a of list) {
            const v = (a as { value: unknown }).value;
            if (v !== null) raw.add(castFunction(a.type, common, ctx.zone)(v));
          }
          return (v: unknown) => {
            if (v === null) return null;
            const r = raw.has(cx(v)) ? true : miss;
            return negated ? not3(r) : r;
          };
        }
        test = (v) => (keys.has(valueKey(cx(v), common)) ? true : miss);
      } else {
        const eqs = list.map((a) => equality(x, a.type, ctx.zone));
        test = (v, values) => {
          let sawNull = false;
          for (let i = 0; i < values.length; i++) {
            const w = values[i];
            if (w === null) sawNull = true;
            else if (eqs[i]!(v, w)) return true;
          }
          return sawNull ? null : false;
        };
      }
      return (v, ...values) => {
        if (v === null) return null;
        const r = test(v, values);
        return negated ? not3(r) : r;
      };
    },
  });
}

// ---- logic ----

const isBool = (args: readonly BoundExpr[], n: number) =>
  args.length === n && args.every((a) => a.type.kind === 'BOOLEAN' || a.type.kind === 'NULL');

defineFunction({
  name: 'AND',
  signatures: ['<BOOLEAN> AND <BOOLEAN>'],
  nulls: 'handled',
  infer: (args) =>
    args.length >= 2 && isBool(args, args.length) ? T.boolean(args.some((a) => a.type.nullable)) : undefined,
  implement:
    () =>
    (...xs) =>
      xs.reduce<boolean | null>((acc, v) => and3(acc, v as boolean | null), true),
});
defineFunction({
  name: 'OR',
  signatures: ['<BOOLEAN> OR <BOOLEAN>'],
  nulls: 'handled',
  infer: (args) =>
    args.length >= 2 && isBool(args, args.length) ? T.boolean(args.some((a) => a.type.nullable)) : undefined,
  implement:
    () =>
    (...xs) =>
      xs.reduce<boolean | null>((acc, v) => or3(acc, v as boolean | null), false),
});
defineFunction({
  name: 'NOT',
  signatures: ['NOT <BOOLEAN>'],
  infer: (args) => (isBool(args, 1) ? T.boolean(false) : undefined),
  implement: () => impl((x: boolean) => !x),
  inline: (_call, [x]) => `(!${x})`,
});

const PREDICATES: Record<string, (v: unknown) => boolean> = {
  'IS NULL': (v) => v === null,
  'IS NOT NULL': (v) => v !== null,
  'IS TRUE': (v) => v === true,
  'IS NOT TRUE': (v) => v !== true,
  'IS FALSE': (v) => v === false,
  'IS NOT FALSE': (v) => v !== false,
  'IS UNKNOWN': (v) => v === null,
  'IS NOT UNKNOWN': (v) => v !== null,
};
const PREDICATE_CODE: Record<string, (x: string) => string> = {
  'IS NULL': (x) => `(${x} === null)`,
  'IS NOT NULL': (x) => `(${x} !== null)`,
  'IS TRUE': (x) => `(${x} === true)`,
  'IS NOT TRUE': (x) => `(${x} !== true)`,
  'IS FALSE': (x) => `(${x} === false)`,
  'IS NOT FALSE': (x) => `(${x} !== false)`,
  'IS UNKNOWN': (x) => `(${x} === null)`,
  'IS NOT UNKNOWN': (x) => `(${x} !== null)`,
};
for (const [name, test] of Object.entries(PREDICATES)) {
  const booleanOnly = name !== 'IS NULL' && name !== 'IS NOT NULL';
  defineFunction({
    name,
    signatures: [booleanOnly ? `<BOOLEAN> ${name}` : `<ANY> ${name}`],
    nulls: 'handled',
    infer: (args) => (args.length === 1 && (!booleanOnly || isBool(args, 1)) ? T.boolean(false) : undefined),
    implement: () => (v) => test(v ?? null),
    inline: (_call, [x]) => PREDICATE_CODE[name]!(x!),
  });
}
