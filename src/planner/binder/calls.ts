/**
 * Typing calls through the expression layer's function registry, with Calcite's error wording:
 * `Cannot apply '+' to arguments of type '<INTEGER> + <VARCHAR(2147483647)>'` and
 * `No match found for function signature foo(<NUMERIC>)`.
 */
import { B, type BoundExpr } from '../../expr/bound.ts';
import { FunctionSignatureError } from '../../expr/errors.ts';
import '../../expr/functions/index.ts';
import { bindCall, functionNames, lookupFunction } from '../../expr/functions/registry.ts';
import { type LogicalType, MAX_LENGTH, withoutTimeAttribute } from '../../expr/types.ts';
import type { Span } from '../../sql/ast.ts';
import { didYouMean, validationError } from './errors.ts';

/** Calcite's type names, as its validator messages print them. */
export function calciteTypeName(t: LogicalType): string {
  switch (t.kind) {
    case 'INT':
      return 'INTEGER';
    case 'VARCHAR':
      return `VARCHAR(${t.length})`;
    case 'CHAR':
      return `CHAR(${t.length})`;
    case 'BINARY':
      return `BINARY(${t.length})`;
    case 'VARBINARY':
      return `VARBINARY(${t.length})`;
    case 'DECIMAL':
      return `DECIMAL(${t.precision}, ${t.scale})`;
    case 'TIMESTAMP':
      return `TIMESTAMP(${t.precision})`;
    case 'TIMESTAMP_LTZ':
      return `TIMESTAMP_WITH_LOCAL_TIME_ZONE(${t.precision})`;
    case 'TIME':
      return `TIME(${t.precision})`;
    case 'INTERVAL_DAY_TIME':
      return `INTERVAL ${t.resolution.replace(/_TO_/, ' TO ')}`;
    case 'INTERVAL_YEAR_MONTH':
      return `INTERVAL ${t.resolution.replace(/_TO_/, ' TO ')}`;
    case 'ARRAY':
    case 'MULTISET':
      return `${calciteTypeName(t.element)} ${t.kind}`;
    case 'MAP':
      return `(${calciteTypeName(t.key)}, ${calciteTypeName(t.value)}) MAP`;
    case 'ROW':
      return `RecordType(${t.fields.map((f) => `${calciteTypeName(f.type)} ${f.name}`).join(', ')})`;
    default:
      return t.kind;
  }
}

/** Calcite's type family names, used in "No match found for function signature". */
function familyName(t: LogicalType): string {
  switch (t.kind) {
    case 'TINYINT':
    case 'SMALLINT':
    case 'INT':
    case 'BIGINT':
    case 'DECIMAL':
    case 'FLOAT':
    case 'DOUBLE':
      return 'NUMERIC';
    case 'CHAR':
    case 'VARCHAR':
      return 'CHARACTER';
    case 'BINARY':
    case 'VARBINARY':
      return 'BINARY';
    case 'TIMESTAMP_LTZ':
      return 'TIMESTAMP_WITH_LOCAL_TIME_ZONE';
    case 'INTERVAL_DAY_TIME':
      return 'INTERVAL_DAY_TIME';
    case 'INTERVAL_YEAR_MONTH':
      return 'INTERVAL_YEAR_MONTH';
    case 'NULL':
      return 'NULL';
    default:
      return t.kind;
  }
}

const INFIX = new Set([
  '+',
  '-',
  '*',
  '/',
  '%',
  'MOD',
  '||',
  '=',
  '<>',
  '<',
  '<=',
  '>',
  '>=',
  'AND',
  'OR',
  'LIKE',
]);

const argText = (a: BoundExpr): string => (a.kind === 'symbol' ? a.name : `<${calciteTypeName(a.type)}>`);

/** The argument count of a `NAME(<A>, <B>)` signature; undefined for variadic or infix forms. */
function arityOf(signature: string): number | undefined {
  const m = /^[A-Z_0-9]+\((.*)\)$/.exec(signature.trim());
  if (!m || m[1]!.includes('...') || m[1]!.includes('[')) return undefined;
  const inner = m[1]!.trim();
  if (inner === '') return 0;
  let depth = 0;
  let count = 1;
  for (const ch of inner) {
    if (ch === '(' || ch === '<') depth++;
    else if (ch === ')' || ch === '>') depth--;
    else if (ch === ',' && depth === 0) count++;
  }
  return count;
}

/** A time attribute used as a function argument becomes a regular timestamp (Flink materialises it). */
export function materialized(e: BoundExpr): BoundExpr {
  if (e.kind === 'symbol') return e;
  const t = withoutTimeAttribute(e.type);
  return t === e.type ? e : ({ ...e, type: t } as BoundExpr);
}

export function isKnownFunction(name: string): boolean {
  return lookupFunction(name) !== undefined;
}

/**
 * Types `name(args)`; `display` is how the user wrote the operator (for `%` vs MOD, `!=` ...).
 * Time-attribute arguments are materialised first.
 */
export function typedCall(name: string, args: readonly BoundExpr[], span: Span, display = name): BoundExpr {
  const plain = args.map(materialized);
  if (!lookupFunction(name)) {
    const families = plain.filter((a) => a.kind !== 'symbol').map((a) => `<${familyName(a.type)}>`);
    throw validationError(
      `No match found for function signature ${display}(${families.join(', ')})`,
      span,
      didYouMean(display.toUpperCase(), functionNames()),
    );
  }
  try {
    return bindCall(name, plain);
  } catch (e) {
    if (!(e instanceof FunctionSignatureError)) throw e;
    const arities = e.signatures.map(arityOf).filter((n): n is number => n !== undefined);
    const count = plain.filter((a) => a.kind !== 'symbol').length;
    if (
      arities.length === e.signatures.length &&
      arities.length > 0 &&
      !arities.includes(count) &&
      !INFIX.has(display)
    ) {
      const expected = [...new Set(arities)].sort((a, b) => a - b);
      throw validationError(
        `Invalid number of arguments to function '${display.toUpperCase()}'. Was expecting ${expected.join(' or ')} arguments`,
        span,
      );
    }
    const shown =
      INFIX.has(display) && plain.length === 2
        ? `${argText(plain[0]!)} ${display} ${argText(plain[1]!)}`
        : `${display}(${plain.map(argText).join(', ')})`;
    const forms = e.signatures.map((s) => `'${s}'`).join('\n');
    throw validationError(
      `Cannot apply '${display}' to arguments of type '${shown}'. Supported form(s): ${forms}`,
      span,
    );
  }
}

/** `CAST(e AS t)` when `e` is not already of type `t` (nullability aside). */
export function castTo(e: BoundExpr, type: LogicalType): BoundExpr {
  if (e.kind !== 'symbol' && sameTypeIgnoringNull(e.type, type)) return e;
  return B.cast(e, { ...type, nullable: e.type.nullable || type.nullable } as LogicalType);
}

function sameTypeIgnoringNull(a: LogicalType, b: LogicalType): boolean {
  return JSON.stringify({ ...a, nullable: true }) === JSON.stringify({ ...b, nullable: true });
}

export const STRING_MAX = MAX_LENGTH;
