/** Column bookkeeping shared by the projection-pruning cases: kept columns and old → new indices. */
import { B, type BoundExpr } from '../../expr/bound.ts';
import { project } from '../logical/builders.ts';
import type { LogicalPlan } from '../logical/nodes.ts';

/** A plan node narrowed to some of its columns. */
export interface Narrowed {
  readonly node: LogicalPlan;
  /** Old column index → new column index (only for the kept columns). */
  readonly map: ReadonlyMap<number, number>;
}

export const sortedUnique = (xs: Iterable<number>): number[] => [...new Set(xs)].sort((a, b) => a - b);

export function positions(kept: readonly number[]): Map<number, number> {
  return new Map(kept.map((c, i) => [c, i]));
}

export function lookup(map: ReadonlyMap<number, number>): (i: number) => number {
  return (i) => {
    const j = map.get(i);
    if (j === undefined) throw new Error(`Projection pruning lost column $${i}; this is a planner bug`);
    return j;
  };
}

/** A Project selecting `wanted` (old indices) from a node whose columns were narrowed by `map`. */
export function selectFrom(
  node: LogicalPlan,
  wanted: readonly number[],
  map: ReadonlyMap<number, number>,
  names: readonly string[],
): LogicalPlan {
  const at = lookup(map);
  const exprs: BoundExpr[] = wanted.map((c) => B.input(at(c), node.schema[at(c)]!.type));
  return project(node, exprs, names);
}

/**
 * `narrowed` (old → new column indices in `map`) as exactly the columns `used` of `original`: as it
 * is when it kept only those, else under a Project selecting them.
 */
export function selectUsed(
  original: LogicalPlan,
  narrowed: LogicalPlan,
  map: ReadonlyMap<number, number>,
  used: readonly number[],
): Narrowed {
  if (narrowed.schema.length === used.length) return { node: narrowed, map };
  const names = used.map((i) => original.schema[i]!.name);
  return { node: selectFrom(narrowed, used, map, names), map: positions(used) };
}
