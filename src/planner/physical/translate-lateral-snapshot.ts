/**
 * Logical Join marked `lateralSnapshot` (`JOIN LATERAL SNAPSHOT(input => TABLE b, ...)`) → a
 * LateralSnapshotJoin. Equalities between the two sides are the state keys; the rest of the ON
 * condition is evaluated per (probe, build) pair. Without `load_completed_time` the load phase ends
 * at the query's compile time, as in Flink.
 */
import { B } from '../../expr/bound.ts';
import { T } from '../../expr/types.ts';
import type { Join } from '../logical/nodes.ts';
import { and } from '../rules/expr-utils.ts';
import { INSERT_ONLY, isInsertOnly, RETRACT } from './changelog-mode.ts';
import { dropAddedColumns, joinedSchema, shiftRight, splitEquiKeys, withKeyColumns } from './join-keys.ts';
import type { LateralSnapshotJoinNode, PhysicalNode } from './nodes.ts';
import { planningError, type Translator } from './translate.ts';

export function translateLateralSnapshotJoin(t: Translator, plan: Join): PhysicalNode {
  if (plan.joinType !== 'INNER' && plan.joinType !== 'LEFT') {
    throw planningError(`A LATERAL SNAPSHOT join must be an INNER or LEFT join, not ${plan.joinType}`);
  }
  const lw = plan.left.schema.length;
  const rw = plan.right.schema.length;
  const split = splitEquiKeys(plan.condition, lw);
  const left = t.translate(plan.left);
  const l = withKeyColumns(left, split.leftKeys);
  const r = withKeyColumns(t.translate(plan.right), split.rightKeys);
  const rest = split.rest.map((c) => shiftRight(c, lw, l.added));
  const loadCompletedTime =
    plan.lateralSnapshot?.loadCompletedTime ?? B.literal(Date.now(), T.timestampLtz(3, false));
  const node: LateralSnapshotJoinNode = {
    kind: 'LateralSnapshotJoin',
    joinType: plan.joinType,
    left: l.node,
    right: r.node,
    leftKeys: l.keys,
    rightKeys: r.keys,
    filterNulls: split.filterNulls,
    ...(rest.length > 0 ? { condition: and(rest) } : {}),
    loadCompletedTime,
    schema: joinedSchema(l.node.schema, r.node.schema, plan.joinType, true),
    // each probe row is joined once against the state of the moment: the probe's change kinds
    changelogMode: isInsertOnly(l.node.changelogMode) ? INSERT_ONLY : RETRACT,
    uniqueKeys: [],
    upsertKeys: [],
  };
  return dropAddedColumns(node, lw, l.added, rw, r.added, plan.schema, false);
}
