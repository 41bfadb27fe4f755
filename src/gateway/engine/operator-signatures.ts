/**
 * State signatures of a plan's stateful operators: what each operator's state was written for — its
 * kind, its input and output row types and its aggregate functions. A savepoint records them per
 * operator id, and a restore into an operator with another signature is refused (Flink refuses state
 * whose serializer is incompatible), instead of misreading accumulators written by another query.
 * A changed filter constant, projection elsewhere or sink option keeps every signature.
 *
 * Ids are matched to plan nodes per runtime operator name, in plan post-order, which is the order the
 * job builder creates tasks and chains; when the counts of a name differ between plan and job, that
 * name's operators are not checked rather than checked against the wrong node.
 */

import { formatType, withNullability } from '../../expr/types.ts';
import type { Schema } from '../../planner/logical/nodes.ts';
import { type PhysicalNode, physicalInputs } from '../../planner/physical/nodes.ts';
import type { JobOperator } from '../../runtime/checkpoint/participants.ts';

/** The runtime operator name the job builder gives a stateful node, or undefined for stateless ones. */
function statefulName(node: PhysicalNode): string | undefined {
  switch (node.kind) {
    case 'Join':
      return node.joinType === 'SEMI' ? 'SemiJoin' : node.joinType === 'ANTI' ? 'AntiJoin' : 'Join';
    case 'WindowAggregate':
    case 'GroupWindowAggregate':
      return node.window.kind === 'SESSION' ? 'SessionWindowAggregate' : node.kind;
    case 'GroupAggregate':
    case 'IntervalJoin':
    case 'WindowJoin':
    case 'TemporalJoin':
    case 'LateralSnapshotJoin':
    case 'Rank':
    case 'Deduplicate':
    case 'WindowRank':
    case 'WindowDeduplicate':
    case 'OverAggregate':
    case 'TemporalSort':
    case 'Match':
    case 'ChangelogNormalize':
      return node.kind;
    default:
      return undefined;
  }
}

// Nullability is left out: a filter may narrow it without changing what the state holds.
const rowType = (schema: Schema): string =>
  schema.map((f) => formatType(withNullability(f.type, true))).join(', ');

function signatureOf(name: string, node: PhysicalNode): string {
  const inputs = physicalInputs(node)
    .map((input) => `(${rowType(input.schema)})`)
    .join(' ');
  const calls =
    'calls' in node && Array.isArray(node.calls)
      ? ` calls [${node.calls.map((c) => `${c.distinct ? 'DISTINCT ' : ''}${c.fn}`).join(', ')}]`
      : '';
  return `${name} in ${inputs} out (${rowType(node.schema)})${calls}`;
}

/** Per runtime operator name, the signatures of the plan's nodes of that name in post-order. */
export function planSignatures(roots: readonly PhysicalNode[]): Map<string, string[]> {
  const byName = new Map<string, string[]>();
  // A node shared by sub-plan reuse is built once, so it gets one signature.
  const seen = new Set<PhysicalNode>();
  const visit = (node: PhysicalNode): void => {
    if (seen.has(node)) return;
    seen.add(node);
    for (const input of physicalInputs(node)) visit(input);
    const name = statefulName(node);
    if (name === undefined) return;
    let list = byName.get(name);
    if (list === undefined) byName.set(name, (list = []));
    list.push(signatureOf(name, node));
  };
  for (const root of roots) visit(root);
  return byName;
}

/** Sets `signature` on the job's stateful operators from the plan they were built from. */
export function assignSignatures(operators: readonly JobOperator[], roots: readonly PhysicalNode[]): void {
  const signatures = planSignatures(roots);
  for (const [name, list] of signatures) {
    const matching = operators.filter((op) => !op.isSource && op.operator.name === name);
    if (matching.length !== list.length) continue;
    matching.forEach((op, i) => {
      op.signature = list[i];
    });
  }
}
