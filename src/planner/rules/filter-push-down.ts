/**
 * Predicate push-down, only where it cannot change results:
 * - through a Project (the condition is rewritten over the Project's input), unless it would
 *   duplicate or move a non-deterministic expression;
 * - into every input of a UNION ALL;
 * - into the inputs of a join: for INNER joins, conjuncts of the filter or of the ON condition that
 *   read one side only; for LEFT / SEMI / ANTI joins, filter conjuncts over the left (preserved) side
 *   and ON conjuncts over the right side; mirrored for RIGHT joins; FULL joins keep everything.
 *   Filter conjuncts over both sides of an INNER join join its ON condition (as Calcite's
 *   FilterJoinRule), so that `FROM a, b WHERE a.x = b.y` gets equi-keys.
 *   Temporal joins are left alone.
 * Never below a WatermarkAssigner: as in Flink, filtered-out rows still advance the watermark.
 */
import { type BoundExpr, inputsOf } from '../../expr/bound.ts';
import { filter as filterNode } from '../logical/builders.ts';
import type { Join, LogicalPlan } from '../logical/nodes.ts';
import type { Rule } from './driver.ts';
import { and, conjuncts, isDeterministic, isTrueLiteral, remap, substitute } from './expr-utils.ts';

type Side = 'left' | 'right' | 'both' | 'none';

function sideOf(e: BoundExpr, leftWidth: number): Side {
  const cols = inputsOf(e);
  if (cols.length === 0) return 'none';
  const left = cols.every((c) => c < leftWidth);
  const right = cols.every((c) => c >= leftWidth);
  return left ? 'left' : right ? 'right' : 'both';
}

const withFilter = (input: LogicalPlan, parts: readonly BoundExpr[]): LogicalPlan =>
  parts.length === 0 ? input : filterNode(input, and(parts));

/** Pushes single-side conjuncts of a join's filter and ON condition into its inputs. */
function pushIntoJoin(join: Join, filterParts: readonly BoundExpr[]): LogicalPlan | undefined {
  if (join.temporal || join.lateralSnapshot) return undefined;
  const leftWidth = join.left.schema.length;
  const toLeft: BoundExpr[] = [];
  const toRight: BoundExpr[] = [];
  const keepAbove: BoundExpr[] = [];
  const keepOn: BoundExpr[] = [];
  /** Filter conjuncts over both sides of an INNER join become join conditions (equi-keys, time bounds). */
  let movedIntoOn = 0;
  const t = join.joinType;
  const leftPreserving = t === 'LEFT' || t === 'SEMI' || t === 'ANTI';
  for (const c of filterParts) {
    const side = sideOf(c, leftWidth);
    if (!isDeterministic(c)) keepAbove.push(c);
    else if (side === 'left' && (t === 'INNER' || leftPreserving)) toLeft.push(c);
    else if (side === 'right' && (t === 'INNER' || t === 'RIGHT')) toRight.push(c);
    else if (side === 'both' && t === 'INNER') {
      keepOn.push(c);
      movedIntoOn++;
    } else keepAbove.push(c);
  }
  for (const c of conjuncts(join.condition)) {
    if (isTrueLiteral(c)) continue;
    const side = sideOf(c, leftWidth);
    if (!isDeterministic(c)) keepOn.push(c);
    else if (side === 'left' && (t === 'INNER' || t === 'RIGHT')) toLeft.push(c);
    else if (side === 'right' && (t === 'INNER' || leftPreserving)) toRight.push(c);
    else keepOn.push(c);
  }
  if (toLeft.length === 0 && toRight.length === 0 && movedIntoOn === 0) return undefined;
  const left = withFilter(join.left, toLeft);
  const right = withFilter(
    join.right,
    toRight.map((c) => remap(c, (i) => i - leftWidth)),
  );
  const rebuilt: Join = { ...join, left, right, condition: and(keepOn) };
  return withFilter(rebuilt, keepAbove);
}

export const pushFilterDown: Rule = {
  name: 'FilterPushDown',
  apply(node: LogicalPlan): LogicalPlan | undefined {
    if (node.kind === 'Join') return pushIntoJoin(node, []);
    if (node.kind !== 'Filter') return undefined;
    const input = node.input;
    switch (input.kind) {
      case 'Project': {
        const used = inputsOf(node.condition).map((i) => input.exprs[i]!);
        if (!isDeterministic(node.condition) || !used.every(isDeterministic)) return undefined;
        const pushed = filterNode(input.input, substitute(node.condition, input.exprs));
        return { ...input, input: pushed };
      }
      case 'Union':
        if (!isDeterministic(node.condition)) return undefined;
        return { ...input, inputs: input.inputs.map((i) => filterNode(i, node.condition)) };
      case 'Join': {
        const parts = conjuncts(node.condition);
        return pushIntoJoin(input, parts);
      }
      default:
        return undefined;
    }
  },
};
