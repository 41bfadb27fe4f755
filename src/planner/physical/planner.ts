/**
 * The physical planner's entry points: optimize bound plans with the logical rules, translate them to
 * physical nodes, settle changelog modes (rejecting updates where they cannot be consumed), explain
 * them, and build runnable jobs.
 */

import { explainJson, explainText } from '../explain/explain.ts';
import type { BoundStatement } from '../index.ts';
import type { LogicalPlan } from '../logical/nodes.ts';
import { optimizeLogical } from '../rules/driver.ts';
import { settle, settleSink } from './changelog.ts';
import type { ConnectorRegistry } from './connectors.ts';
import { exprContextOf } from './job-builder.ts';
import { applyMiniBatch } from './mini-batch.ts';
import type { PhysicalNode } from './nodes.ts';
import { dropNeedlessNormalize } from './normalize-elimination.ts';
import { reuseSubPlans } from './sub-plan-reuse.ts';
import { planningError, stateTtlFromConfig, Translator } from './translate.ts';

export interface PlannerOptions {
  readonly connectors: ConnectorRegistry;
  readonly config: ReadonlyMap<string, string>;
}

export interface PhysicalPlan {
  /** The bound plans as written. */
  readonly original: readonly LogicalPlan[];
  /** After the logical rules. */
  readonly optimized: readonly LogicalPlan[];
  /**
   * One root per statement: a Sink, or the query's last node for a SELECT. Equal sub-plans are one
   * shared node (sub-plan-reuse.ts), so this is a DAG: walk it with a set of visited nodes.
   */
  readonly roots: readonly PhysicalNode[];
}

export function planLogical(plans: readonly LogicalPlan[], options: PlannerOptions): PhysicalPlan {
  const exprContext = exprContextOf(options.config);
  const optimized = plans.map((p) => optimizeLogical(p, { exprContext }));
  const ttl = stateTtlFromConfig(options.config);
  const translator = new Translator({
    connectors: options.connectors,
    config: options.config,
    ...(ttl === undefined ? {} : { stateTtlMs: ttl }),
  });
  const settled = optimized.map((p) => {
    const node = translator.translate(p);
    if (node.kind !== 'Sink') return settle(node, true);
    return settleSink(dropNeedlessNormalize(node, options.connectors, options.config));
  });
  const roots = reuseSubPlans(applyMiniBatch(settled, options.config), options.config);
  return { original: plans, optimized, roots };
}

/** The plans a statement runs: INSERT / statement set / CTAS sinks, or a SELECT's query. */
export function plansOf(bound: BoundStatement): LogicalPlan[] {
  switch (bound.kind) {
    case 'Insert':
      return [bound.sink];
    case 'StatementSet':
      return [...bound.sinks];
    case 'CreateTableAs':
      return [bound.sink];
    case 'Query':
      return [bound.plan];
    case 'Explain':
      return plansOf(bound.statement);
    default:
      throw planningError(`${bound.kind} statements have no query plan to run or explain`);
  }
}

export function planStatement(bound: BoundStatement, options: PlannerOptions): PhysicalPlan {
  return planLogical(plansOf(bound), options);
}

/** EXPLAIN [CHANGELOG_MODE | JSON_EXECUTION_PLAN | ...] statement. */
export function explainStatement(
  bound: Extract<BoundStatement, { kind: 'Explain' }>,
  options: PlannerOptions,
): string {
  const plan = planStatement(bound.statement, options);
  if (bound.details.some((d) => d.toUpperCase() === 'JSON_EXECUTION_PLAN')) {
    return JSON.stringify(explainJson(plan.roots), null, 2);
  }
  return explainText({ logical: plan.original, physical: plan.roots });
}
