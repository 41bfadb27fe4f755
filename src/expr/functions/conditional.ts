/**
 * COALESCE, IF, IFNULL (lazy: expanded by the compiler/interpreter; these implementations serve
 * direct calls), NULLIF, GREATEST, LEAST.
 */
import type { BoundExpr } from '../bound.ts';
import { coercion } from '../special-forms.ts';
import { leastRestrictive } from '../type-rules.ts';
import { type LogicalType, withNullability } from '../types.ts';
import { comparatorFor } from '../values/compare.ts';
import { equality } from './comparison.ts';
import { defineFunction, type EvalContext, type ScalarImpl } from './registry.ts';

function convertersTo(args: readonly BoundExpr[], type: LogicalType, ctx: EvalContext) {
  return args.map((a) => coercion(a.type, type, ctx.zone));
}

defineFunction({
  name: 'COALESCE',
  signatures: ['COALESCE(<ANY>, ...) with a common type'],
  nulls: 'handled',
  infer: (args) => {
    const t = args.length > 0 ? leastRestrictive(args.map((a) => a.type)) : undefined;
    return (
      t &&
      withNullability(
        t,
        args.every((a) => a.type.nullable),
      )
    );
  },
  implement: (call, ctx) => {
    const convs = convertersTo(call.args, call.type, ctx);
    return (...xs) => {
      for (let i = 0; i < xs.length; i++) {
        const x = xs[i];
        if (x !== null && x !== undefined) return convs[i] ? convs[i]!(x) : x;
      }
      return null;
    };
  },
});

defineFunction({
  name: 'IFNULL',
  signatures: ['IFNULL(<ANY>, <ANY>) with a common type'],
  nulls: 'handled',
  infer: (args) => {
    const t = args.length === 2 ? leastRestrictive(args.map((a) => a.type)) : undefined;
    return t && withNullability(t, args[1]!.type.nullable);
  },
  implement: (call, ctx) => {
    const [ca, cb] = convertersTo(call.args, call.type, ctx);
    return (x, y) => (x !== null ? (ca ? ca(x) : x) : y !== null && cb ? cb(y) : y);
  },
});

defineFunction({
  name: 'IF',
  signatures: ['IF(<BOOLEAN>, <ANY>, <ANY>) with a common type'],
  nulls: 'handled',
  infer: (args) => {
    if (args.length !== 3 || (args[0]!.type.kind !== 'BOOLEAN' && args[0]!.type.kind !== 'NULL'))
      return undefined;
    return leastRestrictive([args[1]!.type, args[2]!.type]);
  },
  implement: (call, ctx) => {
    const [, ca, cb] = convertersTo(call.args, call.type, ctx);
    return (c, x, y) => {
      const v = c === true ? x : y;
      const conv = c === true ? ca : cb;
      return v !== null && conv ? conv(v) : v;
    };
  },
});

defineFunction({
  name: 'NULLIF',
  signatures: ['NULLIF(<ANY>, <COMPARABLE>)'],
  nulls: 'handled',
  infer: (args) =>
    args.length === 2 && leastRestrictive(args.map((a) => a.type))
      ? withNullability(args[0]!.type, true)
      : undefined,
  implement: (call, ctx) => {
    const eq = equality(call.args[0]!.type, call.args[1]!.type, ctx.zone);
    return (x, y) => (x === null ? null : y !== null && eq(x, y) ? null : x);
  },
});

for (const name of ['GREATEST', 'LEAST']) {
  defineFunction({
    name,
    signatures: [`${name}(<COMPARABLE>, ...) with a common type`],
    infer: (args) => (args.length > 0 ? leastRestrictive(args.map((a) => a.type)) : undefined),
    implement: (call, ctx): ScalarImpl => {
      const convs = convertersTo(call.args, call.type, ctx);
      const cmp = comparatorFor(call.type);
      const sign = name === 'GREATEST' ? 1 : -1;
      return (...xs) => {
        let best: unknown = null;
        for (let i = 0; i < xs.length; i++) {
          const v = convs[i] ? convs[i]!(xs[i]) : xs[i];
          if (best === null || sign * cmp(v, best) > 0) best = v;
        }
        return best;
      };
    },
  });
}
