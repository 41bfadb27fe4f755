/** What binding a FROM item yields, and the lexical environment queries bind in. */

import type { BoundExpr } from '../../expr/bound.ts';
import type { Query } from '../../sql/ast.ts';
import type { LogicalPlan } from '../logical/nodes.ts';
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
}

export interface BoundQuery {
  readonly plan: LogicalPlan;
  /** Output names (also `plan.schema` names, uniquified). */
  readonly names: readonly string[];
}
