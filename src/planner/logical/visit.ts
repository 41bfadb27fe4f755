/** Traversal of logical plans: inputs of a node, a visitor, and a bottom-up transformer. */
import type { LogicalPlan } from './nodes.ts';

export function inputsOf(plan: LogicalPlan): readonly LogicalPlan[] {
  switch (plan.kind) {
    case 'Scan':
    case 'Values':
      return [];
    case 'Join':
    case 'Intersect':
    case 'Except':
      return [plan.left, plan.right];
    case 'Union':
      return plan.inputs;
    default:
      return [plan.input];
  }
}

/** The same node with new inputs (in `inputsOf` order); the schema is kept. */
export function withInputs(plan: LogicalPlan, inputs: readonly LogicalPlan[]): LogicalPlan {
  const current = inputsOf(plan);
  if (current.length === inputs.length && current.every((c, i) => c === inputs[i])) return plan;
  switch (plan.kind) {
    case 'Scan':
    case 'Values':
      return plan;
    case 'Join':
    case 'Intersect':
    case 'Except':
      return { ...plan, left: inputs[0]!, right: inputs[1]! };
    case 'Union':
      return { ...plan, inputs };
    default:
      return { ...plan, input: inputs[0]! };
  }
}

/** Calls `fn` for every node, parents before children; `fn` returning false skips the children. */
export function visitPlan(
  plan: LogicalPlan,
  fn: (node: LogicalPlan, depth: number) => boolean | undefined,
  depth = 0,
): void {
  if (fn(plan, depth) === false) return;
  for (const input of inputsOf(plan)) visitPlan(input, fn, depth + 1);
}

/** Rebuilds the tree bottom-up; `fn` may return a replacement for each (already rebuilt) node. */
export function transformPlan(
  plan: LogicalPlan,
  fn: (node: LogicalPlan) => LogicalPlan | undefined,
): LogicalPlan {
  const inputs = inputsOf(plan).map((i) => transformPlan(i, fn));
  const rebuilt = withInputs(plan, inputs);
  return fn(rebuilt) ?? rebuilt;
}

/** Every node of the given kind, in pre-order. */
export function findNodes<K extends LogicalPlan['kind']>(
  plan: LogicalPlan,
  kind: K,
): Extract<LogicalPlan, { kind: K }>[] {
  const out: Extract<LogicalPlan, { kind: K }>[] = [];
  visitPlan(plan, (n) => {
    if (n.kind === kind) out.push(n as Extract<LogicalPlan, { kind: K }>);
    return true;
  });
  return out;
}
