/**
 * Project(Project(x)) → one Project with the inner expressions substituted. Not done when a
 * non-deterministic inner expression would be duplicated (it must be evaluated once per row).
 */
import { type BoundExpr, visit } from '../../expr/bound.ts';
import type { LogicalPlan } from '../logical/nodes.ts';
import type { Rule } from './driver.ts';
import { isDeterministic, substitute } from './expr-utils.ts';

export const mergeProjects: Rule = {
  name: 'ProjectMerge',
  apply(node: LogicalPlan): LogicalPlan | undefined {
    if (node.kind !== 'Project' || node.input.kind !== 'Project') return undefined;
    const inner = node.input;
    const uses = new Map<number, number>();
    for (const e of node.exprs) countRefs(e, uses);
    for (const [index, count] of uses) {
      if (count > 1 && !isDeterministic(inner.exprs[index]!)) return undefined;
    }
    return { ...node, input: inner.input, exprs: node.exprs.map((e) => substitute(e, inner.exprs)) };
  },
};

function countRefs(e: BoundExpr, uses: Map<number, number>): void {
  visit(e, (x) => {
    if (x.kind === 'input') uses.set(x.index, (uses.get(x.index) ?? 0) + 1);
  });
}
