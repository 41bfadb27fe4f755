/**
 * The planner's public API: bind a parsed statement against the session's catalogs into a bound
 * statement (a logical plan, a catalog action or a utility action), and print logical plans.
 */
import type { CatalogReader } from '../catalog/catalog.ts';
import type { Statement } from '../sql/ast.ts';
import type { BoundStatement } from './binder/bound-statement.ts';
import { bindStatement as bind } from './binder/statements.ts';

export type { BoundStatement } from './binder/bound-statement.ts';
export { explainLogical, formatBoundExpr } from './logical/explain.ts';
export type * from './logical/nodes.ts';
export { findNodes, inputsOf, transformPlan, visitPlan, withInputs } from './logical/visit.ts';

export interface BindOptions {
  /** The session's catalogs: a CatalogManager (after `prefetch`) or any synchronous reader. */
  readonly catalogs: CatalogReader;
  /** Session configuration (`SET 'k' = 'v'`); `execution.runtime-mode` = batch relaxes streaming checks. */
  readonly config?: ReadonlyMap<string, string>;
}

/** Binds one statement; every problem with the SQL is thrown as a SqlError (code VALIDATION). */
export function bindStatement(stmt: Statement, options: BindOptions): BoundStatement {
  return bind(stmt, { catalogs: options.catalogs, config: options.config ?? new Map() });
}

export { referencedTables } from './binder/references.ts';
