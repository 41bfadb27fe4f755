/**
 * The logical rewrite driver: applies every rule to every node, bottom-up, and repeats until a whole
 * pass changes nothing (a fixed point) or the pass limit is reached. Rules return a replacement
 * node or undefined; each rule must only fire when it changes the plan, so the passes terminate.
 * Then scans of one table pruned to different columns are widened to one (scan-reuse-widening.ts).
 */
import type { ExprContext } from '../../expr/functions/registry.ts';
import type { LogicalPlan } from '../logical/nodes.ts';
import { transformPlan } from '../logical/visit.ts';
import { foldConstants } from './constant-folding.ts';
import { mergeFilters } from './filter-merge.ts';
import { pushFilterDown } from './filter-push-down.ts';
import { mergeProjects } from './project-merge.ts';
import { removeIdentityProject } from './project-remove.ts';
import { pruneColumns } from './projection-pruning.ts';
import { widenScansForReuse } from './scan-reuse-widening.ts';
import { ignoreSinkLength } from './sink-length-enforcer.ts';

export interface RuleContext {
  /** Evaluation context for folded constants (session time zone). */
  readonly exprContext: ExprContext;
}

export interface Rule {
  readonly name: string;
  apply(node: LogicalPlan, ctx: RuleContext): LogicalPlan | undefined;
}

export const DEFAULT_RULES: readonly Rule[] = [
  ignoreSinkLength,
  foldConstants,
  mergeFilters,
  pushFilterDown,
  pruneColumns,
  mergeProjects,
  removeIdentityProject,
];

const MAX_PASSES = 64;

export function optimizeLogical(
  plan: LogicalPlan,
  ctx: RuleContext,
  rules: readonly Rule[] = DEFAULT_RULES,
): LogicalPlan {
  let current = plan;
  for (let pass = 0; pass < MAX_PASSES; pass++) {
    let changed = false;
    const next = transformPlan(current, (node) => {
      let n = node;
      for (const rule of rules) {
        const replaced = rule.apply(n, ctx);
        if (replaced !== undefined && replaced !== n) {
          n = replaced;
          changed = true;
        }
      }
      return n === node ? undefined : n;
    });
    current = next;
    if (!changed) break;
  }
  // only with the default rules: a caller running its own rules gets exactly what they did
  return rules === DEFAULT_RULES ? widenScansForReuse(current) : current;
}
