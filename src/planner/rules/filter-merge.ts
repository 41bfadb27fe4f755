/** Filter(Filter(x)) → Filter(x) with both conditions ANDed (inner first, as evaluated before). */
import type { LogicalPlan } from '../logical/nodes.ts';
import type { Rule } from './driver.ts';
import { and, conjuncts } from './expr-utils.ts';

export const mergeFilters: Rule = {
  name: 'FilterMerge',
  apply(node: LogicalPlan): LogicalPlan | undefined {
    if (node.kind !== 'Filter' || node.input.kind !== 'Filter') return undefined;
    const inner = node.input;
    return { ...inner, condition: and([...conjuncts(inner.condition), ...conjuncts(node.condition)]) };
  },
};
