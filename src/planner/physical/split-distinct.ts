/**
 * `table.optimizer.distinct-agg.split.enabled`: Flink's SplitAggregateRule. A GROUP BY with DISTINCT
 * aggregates is computed in two levels so that one hot key does not put all its distinct values on
 * one aggregate instance:
 *
 *   final   GroupAggregate(keys: SUM0(partial counts), SUM(partial sums), MIN(partial mins) ...)
 *   partial GroupAggregate(keys + buckets: COUNT(DISTINCT b) FILTER $g_0, FIRST_VALUE(c) FILTER $g_1)
 *   Calc    ($g_i = $e = i, AND-ed with the call's own FILTER)
 *   Expand  (one copy of each row per group set, the buckets outside the set nulled, set id $e)
 *   Calc    (input + one bucket column per argument of a DISTINCT, MIN, MAX, FIRST_VALUE, LAST_VALUE)
 *
 * A call's group set is the keys plus the buckets of its arguments (keys alone for the other calls);
 * the Expand is needed only when there are several such sets. Sets are ordered as Calcite orders
 * ImmutableBitSets (the Expand emits a row's copies in that order, which shows in the changelog).
 * Flink's bucket is MOD(HASH_CODE(x), bucket-num); here it is the value itself, which gives the
 * same partial and final results (equal values share a bucket either way) with one partial group per
 * distinct value. Splittable calls: COUNT, SUM, SUM0, MIN, MAX, FIRST_VALUE, LAST_VALUE; with any
 * other call (AVG, LISTAGG ...) the aggregate is left whole.
 */
import { B, type BoundExpr } from '../../expr/bound.ts';
import { T, withNullability } from '../../expr/types.ts';
import type { Aggregate, AggregateCall, Field } from '../logical/nodes.ts';
import { calc, expand, groupAggregate } from './node-builders.ts';
import type { PhysicalNode } from './nodes.ts';
import { booleanOption } from './options.ts';

const FINAL_FUNCTION: Readonly<Record<string, string>> = {
  COUNT: 'SUM0',
  SUM: 'SUM',
  SUM0: 'SUM0',
  MIN: 'MIN',
  MAX: 'MAX',
  FIRST_VALUE: 'FIRST_VALUE',
  LAST_VALUE: 'LAST_VALUE',
};

const BUCKETED = new Set(['MIN', 'MAX', 'FIRST_VALUE', 'LAST_VALUE']);

/** Whether the split applies: enabled, a DISTINCT call, every call splittable, a plain GROUP BY. */
export function splitsDistinct(plan: Aggregate, config: ReadonlyMap<string, string>): boolean {
  if (!booleanOption(config, 'table.optimizer.distinct-agg.split.enabled', false)) return false;
  if (plan.window || (plan.groupingSets && plan.groupingSets.length > 0)) return false;
  return plan.calls.some((c) => c.distinct) && plan.calls.every((c) => c.fn in FINAL_FUNCTION);
}

const needsBucket = (c: AggregateCall): boolean => c.distinct || BUCKETED.has(c.fn);

/** Calcite's ImmutableBitSet order: a subset first, otherwise by the first differing member. */
function compareSets(a: readonly number[], b: readonly number[]): number {
  const has = (s: readonly number[], t: readonly number[]): boolean => t.every((x) => s.includes(x));
  if (a.length === b.length && has(a, b)) return 0;
  if (has(a, b)) return 1;
  if (has(b, a)) return -1;
  for (let i = 0; i < Math.min(a.length, b.length); i++) if (a[i] !== b[i]) return a[i]! - b[i]!;
  return a.length - b.length;
}

export function splitDistinctAggregate(
  plan: Aggregate,
  input: PhysicalNode,
  stateTtlMs: number | undefined,
): PhysicalNode {
  const keys = plan.groupKeys;
  const width = input.schema.length;
  // buckets: one column per argument of a bucketed call that is not a group key
  const bucketed = [
    ...new Set(plan.calls.filter(needsBucket).flatMap((c) => c.args.filter((a) => !keys.includes(a)))),
  ].sort((a, b) => a - b);
  const bucketOf = new Map(bucketed.map((arg, i) => [arg, width + i]));
  const withBuckets = calc(
    input,
    [
      ...input.schema.map((f, i) => B.input(i, f.type)),
      ...bucketed.map((a) => B.input(a, input.schema[a]!.type)),
    ],
    [...input.schema, ...bucketed.map((a, i) => ({ name: `$b${i}`, type: input.schema[a]!.type }))],
  );

  const setOf = (c: AggregateCall): number[] =>
    [...new Set([...keys, ...(needsBucket(c) ? c.args.map((a) => bucketOf.get(a) ?? a) : [])])].sort(
      (a, b) => a - b,
    );
  const sets: number[][] = [];
  for (const c of plan.calls) {
    const s = setOf(c);
    if (!sets.some((t) => compareSets(s, t) === 0)) sets.push(s);
  }
  sets.sort(compareSets);
  const full = [...new Set(sets.flat())].sort((a, b) => a - b);
  const bucketSets = sets.filter((s) => s.some((i) => i >= width));
  const needExpand = bucketSets.length > 1;

  let partialInput: PhysicalNode = withBuckets;
  const filterOf = new Map<AggregateCall, number | undefined>();
  if (needExpand) {
    const fields: Field[] = withBuckets.schema.map((f, i) =>
      i >= width ? { name: f.name, type: withNullability(f.type, true) } : f,
    );
    const expanded = expand(
      withBuckets,
      sets.map((s) => full.filter((i) => !s.includes(i))),
      [...fields, { name: '$e', type: T.int(false) }],
    );
    // $g_<set>[_<filter>]: the copy belongs to the call's set (and passes the call's own FILTER)
    const e = B.input(fields.length, T.int(false));
    const exprs: BoundExpr[] = expanded.schema.slice(0, fields.length).map((f, i) => B.input(i, f.type));
    const names: Field[] = [...fields];
    const flags = new Map<string, number>();
    for (const c of plan.calls) {
      const id = sets.findIndex((s) => compareSets(s, setOf(c)) === 0);
      const flagKey = `${id}:${c.filterArg ?? ''}`;
      let at = flags.get(flagKey);
      if (at === undefined) {
        const inSet = B.call('=', [e, B.literal(id, T.int(false))], T.boolean(false));
        const filter =
          c.filterArg === undefined ? undefined : B.input(c.filterArg, fields[c.filterArg]!.type);
        const flag = filter ? B.call('AND', [inSet, filter], T.boolean(filter.type.nullable)) : inSet;
        at = exprs.length;
        exprs.push(flag);
        names.push({ name: `$g_${id}`, type: flag.type });
        flags.set(flagKey, at);
      }
      filterOf.set(c, at);
    }
    partialInput = calc(expanded, exprs, names);
  } else {
    for (const c of plan.calls) filterOf.set(c, c.filterArg);
  }

  const partialCalls: AggregateCall[] = plan.calls.map((c, i) => {
    const filterArg = filterOf.get(c);
    const type = c.fn === 'COUNT' ? T.bigint(false) : withNullability(c.type, true);
    return {
      fn: c.fn,
      args: c.args,
      distinct: c.distinct,
      ...(filterArg === undefined ? {} : { filterArg }),
      constants: c.constants,
      type,
      name: `$p${i}`,
    };
  });
  const partialSchema: Field[] = [
    ...full.map((i) => partialInput.schema[i]!),
    ...partialCalls.map((c) => ({ name: c.name, type: c.type })),
  ];
  const partial = groupAggregate(partialInput, full, partialCalls, partialSchema, stateTtlMs);

  // final: the original keys (the partial output's leading columns), each call merged
  const finalKeys = keys.map((k) => full.indexOf(k));
  const finalCalls: AggregateCall[] = plan.calls.map((c, i) => ({
    fn: FINAL_FUNCTION[c.fn]!,
    args: [full.length + i],
    distinct: false,
    constants: [],
    type: c.type,
    name: c.name,
  }));
  return groupAggregate(partial, finalKeys, finalCalls, plan.schema, stateTtlMs);
}
