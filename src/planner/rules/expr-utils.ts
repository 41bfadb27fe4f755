/** Helpers over bound expressions shared by the rules: determinism, substitution, conjuncts. */
import { B, type BoundExpr, transform, visit } from '../../expr/bound.ts';
import { lookupFunction } from '../../expr/functions/registry.ts';
import { T } from '../../expr/types.ts';

/** Calls the planner gives meaning to (not in the function registry) that must never move or fold. */
const SPECIAL_NON_DETERMINISTIC = new Set(['PROCTIME', 'CURRENT_WATERMARK', 'MATCH_PROCTIME']);

export function isDeterministic(e: BoundExpr): boolean {
  let ok = true;
  visit(e, (n) => {
    if (n.kind !== 'call') return;
    if (SPECIAL_NON_DETERMINISTIC.has(n.name)) ok = false;
    else if (lookupFunction(n.name)?.deterministic === false) ok = false;
  });
  return ok;
}

/** Replaces every input reference `$i` by `exprs[i]`. */
export function substitute(e: BoundExpr, exprs: readonly BoundExpr[]): BoundExpr {
  return transform(e, (n) => (n.kind === 'input' ? exprs[n.index] : undefined));
}

/** Renumbers input references through `map` (old index → new index). */
export function remap(e: BoundExpr, map: (index: number) => number): BoundExpr {
  return transform(e, (n) => (n.kind === 'input' ? B.input(map(n.index), n.type) : undefined));
}

export function conjuncts(e: BoundExpr): BoundExpr[] {
  if (e.kind === 'call' && e.name === 'AND') return e.args.flatMap(conjuncts);
  return [e];
}

export function and(parts: readonly BoundExpr[]): BoundExpr {
  if (parts.length === 0) return B.literal(true, T.boolean(false));
  if (parts.length === 1) return parts[0]!;
  return B.call('AND', parts, T.boolean(parts.some((p) => p.type.nullable)));
}

export const isTrueLiteral = (e: BoundExpr): boolean => e.kind === 'literal' && e.value === true;
