/**
 * Common subexpressions for the compiler: a structural key per bound expression (equal keys compute
 * equal values from the same row) and a scoped table from keys to the generated variable holding the
 * value. A variable is reused only where its definition dominates the use: entries made inside a
 * CASE/AND/OR/IF/COALESCE branch are dropped when the branch's code block ends. Expressions calling a
 * non-deterministic function (RAND, UUID, NOW ...) get no key, so each occurrence is evaluated.
 */
import type { BoundExpr } from './bound.ts';
import { lookupFunction } from './functions/registry.ts';
import { LAZY_FORMS } from './special-forms.ts';
import type { LogicalType } from './types.ts';

const keys = new WeakMap<BoundExpr, string | null>();

const typeKey = (t: LogicalType): string => JSON.stringify(t);

function literalKey(value: unknown): string | undefined {
  if (value === null || value === undefined) return 'null';
  switch (typeof value) {
    case 'number':
      return Object.is(value, -0) ? 'n-0' : `n${value}`;
    case 'bigint':
      return `b${value}`;
    case 'string':
      return `s${JSON.stringify(value)}`;
    case 'boolean':
      return value ? 'true' : 'false';
    default:
      return undefined; // arrays, maps, bytes, timestamps: not worth comparing
  }
}

function computeKey(e: BoundExpr): string | undefined {
  switch (e.kind) {
    case 'input':
      return `$${e.index}`;
    case 'literal': {
      const k = literalKey(e.value);
      return k === undefined ? undefined : `${k}:${typeKey(e.type)}`;
    }
    case 'symbol':
      return `#${e.name}:${e.returning === undefined ? '' : typeKey(e.returning)}`;
    case 'cast': {
      const k = expressionKey(e.operand);
      return k === undefined ? undefined : `${e.mode}(${k}):${typeKey(e.type)}`;
    }
    case 'field': {
      const k = expressionKey(e.operand);
      return k === undefined ? undefined : `(${k}).${e.index}`;
    }
    case 'item': {
      const a = expressionKey(e.operand);
      const b = expressionKey(e.key);
      return a === undefined || b === undefined ? undefined : `(${a})[${b}]`;
    }
    case 'case': {
      const parts: string[] = [];
      for (const b of e.branches) {
        const w = expressionKey(b.when);
        const r = expressionKey(b.result);
        if (w === undefined || r === undefined) return undefined;
        parts.push(`${w}?${r}`);
      }
      const o = expressionKey(e.otherwise);
      return o === undefined ? undefined : `case(${parts.join(';')};${o}):${typeKey(e.type)}`;
    }
    case 'call': {
      if (!LAZY_FORMS.has(e.name) && lookupFunction(e.name)?.deterministic === false) return undefined;
      const args: string[] = [];
      for (const a of e.args) {
        const k = expressionKey(a);
        if (k === undefined) return undefined;
        args.push(k);
      }
      return `${e.name}(${args.join(',')}):${typeKey(e.type)}`;
    }
  }
}

/** The structural key of `e`, or undefined when its value may differ between two evaluations. */
export function expressionKey(e: BoundExpr): string | undefined {
  const known = keys.get(e);
  if (known !== undefined) return known ?? undefined;
  const k = computeKey(e);
  keys.set(e, k ?? null);
  return k;
}

/** Generated variables by expression key, in nested scopes (one per generated code block). */
export class ValueScopes {
  private readonly scopes: Map<string, string>[] = [new Map()];

  lookup(key: string): string | undefined {
    for (let i = this.scopes.length - 1; i >= 0; i--) {
      const v = this.scopes[i]!.get(key);
      if (v !== undefined) return v;
    }
    return undefined;
  }

  define(key: string, variable: string): void {
    this.scopes[this.scopes.length - 1]!.set(key, variable);
  }

  enter(): void {
    this.scopes.push(new Map());
  }

  leave(): void {
    this.scopes.pop();
  }
}
