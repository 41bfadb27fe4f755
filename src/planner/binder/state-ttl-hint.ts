/**
 * `SELECT /*+ STATE_TTL('orders' = '1d') *\/ ... GROUP BY ...`: Flink's state TTL hint. Each key
 * names an input table of the query (its name or alias) and sets the TTL of the state kept for it;
 * for a grouped query over one table, the group aggregate's state. It overrides
 * `table.exec.state.ttl` for that operator.
 */
import type { Hint } from '../../sql/ast.ts';
import type { LogicalPlan } from '../logical/nodes.ts';
import { parseDuration } from '../physical/durations.ts';
import { validationError } from './errors.ts';
import type { Scope } from './scope.ts';

/** The STATE_TTL entries of `hints` by input name, durations in ms; keys must name inputs. */
export function stateTtlHints(hints: readonly Hint[], scope: Scope): Map<string, number> {
  const out = new Map<string, number>();
  for (const h of hints) {
    if (h.name.value.toUpperCase() !== 'STATE_TTL') continue;
    if (h.options.length === 0)
      throw validationError("STATE_TTL needs key-value options: STATE_TTL('table' = '1d')", h.span);
    for (const p of h.options) {
      const table = scope.tables.find((t) => t.alias === p.key || t.path?.[t.path.length - 1] === p.key);
      if (!table) {
        const names = scope.tables.map((t) => `'${t.alias}'`).join(', ');
        throw validationError(
          `The options of following hints cannot match the name of input tables or views: '${p.key}' in STATE_TTL (inputs: ${names || 'none'})`,
          p.span,
        );
      }
      let ms: number;
      try {
        ms = parseDuration(p.value);
      } catch (e) {
        throw validationError(`Invalid STATE_TTL value for '${p.key}': ${(e as Error).message}`, p.span);
      }
      out.set(table.alias, ms);
    }
  }
  return out;
}

/** Sets `ttlMs` on the group aggregate at the top of a grouped query's plan (under a HAVING filter). */
export function withAggregateTtl(plan: LogicalPlan, ttlMs: number): LogicalPlan {
  if (plan.kind === 'Aggregate') return { ...plan, stateTtlMs: ttlMs };
  if (plan.kind === 'Filter') return { ...plan, input: withAggregateTtl(plan.input, ttlMs) };
  return plan;
}
