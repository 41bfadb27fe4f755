/** What binding a FROM item yields, and the lexical environment queries bind in. */

import type { BoundExpr } from '../../expr/bound.ts';
import type { Query } from '../../sql/ast.ts';
import type { Correlate, LogicalPlan } from '../logical/nodes.ts';
import type { BindContext } from './context.ts';
import type { Scope, ScopeTable } from './scope.ts';

export interface BoundRelation {
  readonly plan: LogicalPlan;
  readonly tables: readonly ScopeTable[];
}

export interface CteDef {
  readonly query: Query;
  readonly columns: readonly string[];
  /** The CTEs visible where this one was defined (a CTE sees the earlier ones). */
  readonly env: QueryEnv;
}

export interface QueryEnv {
  readonly ctx: BindContext;
  readonly ctes: ReadonlyMap<string, CteDef>;
  /** The enclosing query's scope, for correlated subqueries. */
  readonly outer?: Scope;
  /**
   * Set when binding an IN/EXISTS subquery: WHERE conjuncts that reference the outer query are
   * collected here (over the subquery's FROM row) instead of filtering.
   */
  readonly correlations?: BoundExpr[];
  /** Views being expanded, to report cycles. */
  readonly viewStack: readonly string[];
  /** Set while binding `LATERAL (subquery)`: what an UNNEST in its FROM may read (lateral-unnest.ts). */
  readonly lateral?: LateralUnnestContext;
}

/**
 * An UNNEST in the FROM clause of a LATERAL subquery may read the columns of the FROM items before
 * the subquery (`t, LATERAL (SELECT ... FROM UNNEST(t.tags) ...)`): they resolve in `scope`, and each
 * UNNEST that does so is recorded in `unnests`, for the join to decorrelate.
 */
export interface LateralUnnestContext {
  readonly scope: Scope;
  readonly unnests: Correlate[];
}

export interface BoundQuery {
  readonly plan: LogicalPlan;
  /** Output names (also `plan.schema` names, uniquified). */
  readonly names: readonly string[];
}
