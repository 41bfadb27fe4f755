/**
 * Constant folding: a deterministic call or cast whose operands are all literals is evaluated once
 * (with the expression layer, in the session time zone) and replaced by a literal of the same type.
 * A Filter whose condition folds to TRUE disappears. Calls that fail to evaluate (e.g. a CAST that
 * would throw at runtime) are left alone, so the error still happens per row, as in Flink.
 */
import { B, type BoundExpr, transform } from '../../expr/bound.ts';
import type { ExprContext } from '../../expr/functions/registry.ts';
import { lookupFunction } from '../../expr/functions/registry.ts';
import { evaluate } from '../../expr/interpret.ts';
import type { LogicalPlan } from '../logical/nodes.ts';
import type { Rule } from './driver.ts';
import { isTrueLiteral } from './expr-utils.ts';

const isConstant = (e: BoundExpr): boolean => e.kind === 'literal' || e.kind === 'symbol';

function foldable(e: BoundExpr): boolean {
  switch (e.kind) {
    case 'call': {
      const fn = lookupFunction(e.name);
      return (
        fn !== undefined &&
        fn.deterministic !== false &&
        e.args.every(isConstant) &&
        e.args.some((a) => a.kind === 'literal')
      );
    }
    case 'cast':
      return e.operand.kind === 'literal';
    case 'case':
      return (
        e.branches.every((b) => b.when.kind === 'literal' && b.result.kind === 'literal') &&
        e.otherwise.kind === 'literal'
      );
    default:
      return false;
  }
}

export function foldExpr(e: BoundExpr, ctx: ExprContext): BoundExpr {
  return transform(e, (n) => {
    if (!foldable(n)) return undefined;
    try {
      const value = evaluate(n, [], ctx);
      return B.literal(value === undefined ? null : value, n.type);
    } catch {
      return undefined;
    }
  });
}

function foldAll(exprs: readonly BoundExpr[], ctx: ExprContext): readonly BoundExpr[] | undefined {
  const folded = exprs.map((e) => foldExpr(e, ctx));
  return folded.every((f, i) => f === exprs[i]) ? undefined : folded;
}

export const foldConstants: Rule = {
  name: 'ConstantFolding',
  apply(node: LogicalPlan, { exprContext }): LogicalPlan | undefined {
    switch (node.kind) {
      case 'Project': {
        const exprs = foldAll(node.exprs, exprContext);
        return exprs ? { ...node, exprs } : undefined;
      }
      case 'Filter': {
        const condition = foldExpr(node.condition, exprContext);
        if (isTrueLiteral(condition)) return node.input;
        return condition === node.condition ? undefined : { ...node, condition };
      }
      case 'Values': {
        let changed = false;
        const rows = node.rows.map((r) => {
          const f = foldAll(r, exprContext);
          if (f) changed = true;
          return f ?? r;
        });
        return changed ? { ...node, rows } : undefined;
      }
      case 'Join': {
        const condition = foldExpr(node.condition, exprContext);
        return condition === node.condition ? undefined : { ...node, condition };
      }
      default:
        return undefined;
    }
  },
};
