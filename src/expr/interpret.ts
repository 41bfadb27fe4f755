/**
 * A closure-tree interpreter for bound expressions. It shares every function implementation with the
 * compiler and serves as the reference the compiled code is tested against (and as a fallback for
 * one-off evaluations such as constant folding).
 */
import type { BoundExpr } from './bound.ts';
import { castFunction } from './cast.ts';
import { ExpressionError } from './errors.ts';
import './functions/index.ts';
import { itemAccess } from './functions/collections.ts';
import { type EvalContext, type ExprContext, evalContext, requireFunction } from './functions/registry.ts';
import { coercion, LAZY_FORMS } from './special-forms.ts';

export type RowFn = (row: readonly unknown[]) => unknown;

export function interpret(expr: BoundExpr, ctx: EvalContext | ExprContext = {}): RowFn {
  const ec = 'zone' in ctx ? ctx : evalContext(ctx);
  return build(expr, ec);
}

/** Evaluates an expression once (e.g. a constant) against an optional row. */
export function evaluate(
  expr: BoundExpr,
  row: readonly unknown[] = [],
  ctx: EvalContext | ExprContext = {},
): unknown {
  return interpret(expr, ctx)(row);
}

function coerced(expr: BoundExpr, target: BoundExpr['type'], ctx: EvalContext): RowFn {
  const fn = build(expr, ctx);
  const conv = coercion(expr.type, target, ctx.zone);
  if (!conv) return fn;
  return (row) => {
    const v = fn(row);
    return v === null ? null : conv(v);
  };
}

function build(e: BoundExpr, ctx: EvalContext): RowFn {
  switch (e.kind) {
    case 'input': {
      const i = e.index;
      return (row) => row[i] ?? null;
    }
    case 'literal': {
      const v = e.value;
      return () => v;
    }
    case 'symbol': {
      const name = e.name;
      return () => name;
    }
    case 'cast': {
      const operand = build(e.operand, ctx);
      const conv = castFunction(e.operand.type, e.type, ctx.zone);
      if (e.mode === 'try_cast') {
        return (row) => {
          const v = operand(row);
          if (v === null) return null;
          try {
            return conv(v);
          } catch (err) {
            if (err instanceof ExpressionError) return null;
            throw err;
          }
        };
      }
      return (row) => {
        const v = operand(row);
        return v === null ? null : conv(v);
      };
    }
    case 'case': {
      const branches = e.branches.map((b) => ({
        when: build(b.when, ctx),
        result: coerced(b.result, e.type, ctx),
      }));
      const otherwise = coerced(e.otherwise, e.type, ctx);
      return (row) => {
        for (const b of branches) if (b.when(row) === true) return b.result(row);
        return otherwise(row);
      };
    }
    case 'field': {
      const operand = build(e.operand, ctx);
      const i = e.index;
      return (row) => {
        const v = operand(row) as unknown[] | null;
        return v === null ? null : (v[i] ?? null);
      };
    }
    case 'item': {
      const operand = build(e.operand, ctx);
      const key = build(e.key, ctx);
      const access = itemAccess(e.operand.type, e.key.type, ctx);
      return (row) => {
        const v = operand(row);
        const k = key(row);
        return v === null || k === null ? null : access(v, k);
      };
    }
    case 'call':
      break;
  }
  if (LAZY_FORMS.has(e.name)) return lazyForm(e.name, e.args, e.type, ctx);
  const fn = requireFunction(e.name);
  const implementation = fn.implement(e, ctx);
  const args = e.args.map((a) => build(a, ctx));
  const strict = (fn.nulls ?? 'strict') === 'strict';
  const valueArgs = e.args.map((a) => a.kind !== 'symbol');
  return (row) => {
    const values = args.map((a) => a(row));
    if (strict && values.some((v, i) => v === null && valueArgs[i])) return null;
    const r = implementation(...values);
    return r === undefined ? null : r;
  };
}

function lazyForm(
  name: string,
  argExprs: readonly BoundExpr[],
  type: BoundExpr['type'],
  ctx: EvalContext,
): RowFn {
  switch (name) {
    case 'AND': {
      const args = argExprs.map((a) => build(a, ctx));
      return (row) => {
        let sawNull = false;
        for (const a of args) {
          const v = a(row);
          if (v === false) return false;
          if (v === null) sawNull = true;
        }
        return sawNull ? null : true;
      };
    }
    case 'OR': {
      const args = argExprs.map((a) => build(a, ctx));
      return (row) => {
        let sawNull = false;
        for (const a of args) {
          const v = a(row);
          if (v === true) return true;
          if (v === null) sawNull = true;
        }
        return sawNull ? null : false;
      };
    }
    case 'IF': {
      const cond = build(argExprs[0]!, ctx);
      const yes = coerced(argExprs[1]!, type, ctx);
      const no = coerced(argExprs[2]!, type, ctx);
      return (row) => (cond(row) === true ? yes(row) : no(row));
    }
    default: {
      // COALESCE / IFNULL: the first non-null argument
      const args = argExprs.map((a) => coerced(a, type, ctx));
      return (row) => {
        for (const a of args) {
          const v = a(row);
          if (v !== null) return v;
        }
        return null;
      };
    }
  }
}
