/** A Project that returns its input's fields unchanged (same order, same types) is dropped. */
import { typeEquals } from '../../expr/types.ts';
import type { LogicalPlan } from '../logical/nodes.ts';
import type { Rule } from './driver.ts';

export const removeIdentityProject: Rule = {
  name: 'ProjectRemove',
  apply(node: LogicalPlan): LogicalPlan | undefined {
    if (node.kind !== 'Project') return undefined;
    const input = node.input.schema;
    if (node.exprs.length !== input.length) return undefined;
    const identity = node.exprs.every(
      (e, i) => e.kind === 'input' && e.index === i && typeEquals(node.schema[i]!.type, input[i]!.type),
    );
    return identity ? node.input : undefined;
  },
};
