/** Logical aggregate calls → runtime calls: the expression layer's functions, adapted. */
import { bindAggregate } from '../../expr/aggregates/aggregate.ts';
import '../../expr/aggregates/index.ts';
import type { ExprContext } from '../../expr/functions/registry.ts';
import { evaluate } from '../../expr/interpret.ts';
import { fromAggregateFunction, type AggregateCall as RuntimeCall } from '../../runtime/aggregation.ts';
import type { AggregateCall, Schema } from '../logical/nodes.ts';
import { planningError } from './translate.ts';

export function runtimeAggregateCalls(
  calls: readonly AggregateCall[],
  input: Schema,
  ctx: ExprContext,
): RuntimeCall[] {
  return calls.map((c) => {
    const argTypes = [...c.args.map((a) => input[a]!.type), ...c.constants.map((k) => k.type)];
    let fn: ReturnType<typeof bindAggregate>;
    try {
      fn = bindAggregate(c.fn, argTypes);
    } catch (e) {
      throw planningError(`Aggregate ${c.fn} cannot run: ${e instanceof Error ? e.message : String(e)}`);
    }
    const constants = c.constants.map((k) => evaluate(k, [], ctx));
    return {
      fn: fromAggregateFunction(fn, constants),
      argIndexes: c.args,
      ...(c.filterArg === undefined ? {} : { filterIndex: c.filterArg }),
      ...(c.distinct ? { distinct: true } : {}),
    };
  });
}
