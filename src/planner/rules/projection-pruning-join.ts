/**
 * Projection pruning through a Join (Flink's ProjectJoinTransposeRule, then project push-down into
 * each input): an input keeps only the columns read above the join or by its condition (equi-keys,
 * non-equi parts, the time bounds of an interval join, window_start / window_end of a window join),
 * so a regular join stores narrower rows in its state. Each input is narrowed down towards its scan,
 * or gets a Project when it cannot be narrowed itself.
 *
 * - SEMI / ANTI joins output the left input only: the right input keeps just its condition columns.
 * - Temporal joins (FOR SYSTEM_TIME AS OF) narrow only the probe (left) side, keeping the period's
 *   time column: the versioned / lookup side needs its primary key and rowtime, and is left whole.
 * - LATERAL SNAPSHOT joins are left alone.
 * Unique-key columns of an input that nothing reads are dropped, as in Flink: a regular join asks an
 * updating input for update-before messages (changelog.ts), so the input is a retract stream and
 * only the state layout changes (rows by unique key → a multiset of rows), not the results. An
 * upsert input's ChangelogNormalize (which makes those -U) is only dropped when the narrowed input
 * still has a unique key containing the join keys (normalize-elimination.ts reads the physical keys).
 */
import { inputsOf } from '../../expr/bound.ts';
import type { Join, LogicalPlan } from '../logical/nodes.ts';
import { lookup, type Narrowed, positions, selectFrom, selectUsed, sortedUnique } from './column-maps.ts';
import { remap } from './expr-utils.ts';

export type NarrowFn = (node: LogicalPlan, used: readonly number[]) => Narrowed | undefined;

/** `input` with exactly the columns `need` (ascending), narrowed below when possible. */
function narrowInput(input: LogicalPlan, need: readonly number[], narrow: NarrowFn): LogicalPlan {
  if (need.length === input.schema.length) return input;
  const narrowed = narrow(input, need);
  if (narrowed) return narrowed.node;
  return selectFrom(
    input,
    need,
    new Map(need.map((c) => [c, c])),
    need.map((i) => input.schema[i]!.name),
  );
}

/** A row needs at least one column: an input nothing reads keeps its first. */
const atLeastOne = (cols: number[]): number[] => (cols.length > 0 ? cols : [0]);

export function narrowJoin(join: Join, used: readonly number[], narrow: NarrowFn): Narrowed | undefined {
  if (join.lateralSnapshot) return undefined;
  const lw = join.left.schema.length;
  const rw = join.right.schema.length;
  const leftOnly = join.joinType === 'SEMI' || join.joinType === 'ANTI';
  const read = [
    ...used,
    ...inputsOf(join.condition),
    ...(join.temporal ? inputsOf(join.temporal.period) : []),
  ];
  const leftNeed = atLeastOne(sortedUnique(read.filter((c) => c < lw)));
  const rightNeed = join.temporal
    ? Array.from({ length: rw }, (_, i) => i)
    : atLeastOne(sortedUnique(read.filter((c) => c >= lw).map((c) => c - lw)));
  if (leftNeed.length === lw && rightNeed.length === rw) return undefined;

  // the join's input fields (left then right) before → after
  const keptInputs = [...leftNeed, ...rightNeed.map((c) => lw + c)];
  const at = lookup(positions(keptInputs));
  const kept = leftOnly ? leftNeed : keptInputs;
  const narrowed: Join = {
    ...join,
    left: narrowInput(join.left, leftNeed, narrow),
    right: narrowInput(join.right, rightNeed, narrow),
    condition: remap(join.condition, at),
    ...(join.temporal ? { temporal: { ...join.temporal, period: remap(join.temporal.period, at) } } : {}),
    schema: kept.map((c) => join.schema[c]!),
  };
  return selectUsed(join, narrowed, positions(kept), used);
}
