/**
 * Calls with lazy evaluation that the compiler and the interpreter expand themselves instead of
 * calling an implementation: AND, OR (three-valued, short-circuit), IF, IFNULL, COALESCE.
 */
import { castFunction } from './cast.ts';
import type { LogicalType } from './types.ts';
import { typeEquals, withoutTimeAttribute } from './types.ts';
import type { TimeZone } from './values/timezone.ts';

export const LAZY_FORMS = new Set(['AND', 'OR', 'IF', 'IFNULL', 'COALESCE']);

/** A converter from `from` to `to` when the representations differ, else undefined. */
export function coercion(
  from: LogicalType,
  to: LogicalType,
  zone: TimeZone,
): ((v: unknown) => unknown) | undefined {
  if (from.kind === 'NULL') return undefined;
  if (typeEquals(withoutTimeAttribute(from), withoutTimeAttribute(to), true)) return undefined;
  if ((from.kind === 'CHAR' || from.kind === 'VARCHAR') && to.kind === 'VARCHAR') return undefined;
  if ((from.kind === 'BINARY' || from.kind === 'VARBINARY') && to.kind === 'VARBINARY') return undefined;
  return castFunction(from, to, zone);
}
