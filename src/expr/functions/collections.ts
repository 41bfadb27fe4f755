/** ROW(...), ARRAY[...], MAP[...], CARDINALITY, ELEMENT and element access (`arr[i]`, `map[k]`). */
import type { BoundExpr } from '../bound.ts';
import { castFunction } from '../cast.ts';
import { ExpressionError } from '../errors.ts';
import { coercion } from '../special-forms.ts';
import { leastRestrictive } from '../type-rules.ts';
import { type LogicalType, T, withNullability } from '../types.ts';
import { valueKey } from '../values/compare.ts';
import { defineFunction, type EvalContext, impl } from './registry.ts';

/** `container[key]` for non-null values: 1-based ARRAY index (NULL when out of range) or MAP lookup. */
export function itemAccess(
  container: LogicalType,
  key: LogicalType,
  ctx: EvalContext,
): (c: unknown, k: unknown) => unknown {
  if (container.kind === 'ARRAY') {
    const toIndex = castFunction(key, T.int(false), ctx.zone);
    return (c, k) => (c as unknown[])[(toIndex(k) as number) - 1] ?? null;
  }
  if (container.kind === 'MAP') {
    const kt = container.key;
    const conv = castFunction(key, kt, ctx.zone);
    const primitiveKeys =
      kt.kind !== 'ARRAY' &&
      kt.kind !== 'ROW' &&
      kt.kind !== 'MAP' &&
      kt.kind !== 'MULTISET' &&
      kt.kind !== 'BINARY' &&
      kt.kind !== 'VARBINARY' &&
      !(kt.kind.startsWith('TIMESTAMP') && 'precision' in kt && kt.precision > 3);
    if (primitiveKeys) return (c, k) => (c as Map<unknown, unknown>).get(conv(k)) ?? null;
    return (c, k) => {
      const wanted = valueKey(conv(k), kt);
      for (const [mk, mv] of c as Map<unknown, unknown>) if (valueKey(mk, kt) === wanted) return mv;
      return null;
    };
  }
  throw new ExpressionError(`Cannot access an element of ${container.kind}`, 'INVALID_FUNCTION_ARGUMENTS');
}

/** Element type of ARRAY[...] / MAP[...] arguments: their common type, NOT NULL only if all are. */
function commonOf(args: readonly BoundExpr[]): LogicalType | undefined {
  const t = leastRestrictive(args.map((a) => a.type));
  return t && (t.kind === 'NULL' ? T.null() : t);
}

defineFunction({
  name: 'ROW',
  signatures: ['ROW(<ANY>, ...)'],
  nulls: 'handled',
  infer: (args) =>
    T.row(
      args.map((a, i) => [`EXPR$${i}`, a.type] as const),
      false,
    ),
  implement:
    () =>
    (...xs) =>
      xs.map((x) => x ?? null),
});

defineFunction({
  name: 'ARRAY',
  signatures: ['ARRAY[<ANY>, ...] with a common element type'],
  nulls: 'handled',
  infer: (args) => {
    if (args.length === 0) return undefined;
    const element = commonOf(args);
    return element && T.array(element, false);
  },
  implement: (call, ctx) => {
    const element = (call.type as { element: LogicalType }).element;
    const convs = call.args.map((a) => coercion(a.type, element, ctx.zone));
    return (...xs) => xs.map((x, i) => (x === null || x === undefined ? null : convs[i] ? convs[i](x) : x));
  },
});

defineFunction({
  name: 'MAP',
  signatures: ['MAP[<KEY>, <VALUE>, ...] with common key and value types'],
  nulls: 'handled',
  infer: (args) => {
    if (args.length === 0 || args.length % 2 !== 0) return 'MAP needs key/value pairs';
    const key = commonOf(args.filter((_, i) => i % 2 === 0));
    const value = commonOf(args.filter((_, i) => i % 2 === 1));
    return key && value && T.map(key, value, false);
  },
  implement: (call, ctx) => {
    const { key, value } = call.type as { key: LogicalType; value: LogicalType };
    const convs = call.args.map((a, i) => coercion(a.type, i % 2 === 0 ? key : value, ctx.zone));
    return (...xs) => {
      const m = new Map<unknown, unknown>();
      for (let i = 0; i < xs.length; i += 2) {
        const k = xs[i] ?? null;
        const v = xs[i + 1] ?? null;
        m.set(k !== null && convs[i] ? convs[i]!(k) : k, v !== null && convs[i + 1] ? convs[i + 1]!(v) : v);
      }
      return m;
    };
  },
});

defineFunction({
  name: 'CARDINALITY',
  signatures: ['CARDINALITY(<ARRAY>)', 'CARDINALITY(<MAP>)', 'CARDINALITY(<MULTISET>)'],
  infer: (args) => {
    const k = args[0]?.type.kind;
    return args.length === 1 && (k === 'ARRAY' || k === 'MAP' || k === 'MULTISET') ? T.int(false) : undefined;
  },
  implement: (call) => {
    if (call.args[0]!.type.kind === 'ARRAY') return impl((a: unknown[]) => a.length);
    if (call.args[0]!.type.kind === 'MULTISET') {
      return impl((m: Map<unknown, number>) => [...m.values()].reduce((s, n) => s + n, 0));
    }
    return impl((m: Map<unknown, unknown>) => m.size);
  },
});

defineFunction({
  name: 'ELEMENT',
  signatures: ['ELEMENT(<ARRAY>)'],
  infer: (args) => {
    const t = args[0]?.type;
    return args.length === 1 && t?.kind === 'ARRAY' ? withNullability(t.element, true) : undefined;
  },
  implement: () =>
    impl((a: unknown[]) => {
      if (a.length === 0) return null;
      if (a.length > 1)
        throw new ExpressionError('ELEMENT: the array has more than one element', 'ELEMENT_CARDINALITY');
      return a[0] ?? null;
    }),
});
