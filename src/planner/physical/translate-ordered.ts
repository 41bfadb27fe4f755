/**
 * Translation of the order-dependent logical nodes: OVER aggregates (one OverAggregate per window
 * group, chained; output = input fields + the calls, group by group), ORDER BY on a time attribute
 * (TemporalSort), ORDER BY ... LIMIT (SortLimit), LIMIT (Limit) and UNNEST (Correlate).
 */
import { B } from '../../expr/bound.ts';
import type { Correlate, Field, Limit, LogicalPlan, Over, Sort } from '../logical/nodes.ts';
import { remap } from '../rules/expr-utils.ts';
import { INSERT_ONLY, isInsertOnly, RETRACT } from './changelog-mode.ts';
import { withKeyColumns } from './join-keys.ts';
import { calc } from './node-builders.ts';
import type { CorrelateNode, OverAggregateNode, PhysicalNode, RankNode, TemporalSortNode } from './nodes.ts';
import { booleanOption } from './options.ts';
import { planningError, type Translator } from './translate.ts';

export function translateOrdered(t: Translator, plan: LogicalPlan): PhysicalNode {
  switch (plan.kind) {
    case 'Over':
      return over(t, plan);
    case 'Sort':
      return sort(t, plan);
    case 'Limit':
      return limit(t, plan);
    case 'Correlate':
      return correlate(t, plan);
    default:
      throw planningError(
        `The streaming planner cannot run ${plan.kind} yet`,
        'Supported: projections, filters, VALUES, UNION ALL, joins, window TVFs, aggregations, OVER, Top-N, LIMIT and UNNEST',
      );
  }
}

function over(t: Translator, plan: Over): PhysicalNode {
  let node = t.translate(plan.input);
  const width = plan.input.schema.length;
  let added = 0;
  for (const group of plan.groups) {
    const first = group.orderKeys[0];
    const type = first ? plan.input.schema[first.index]?.type : undefined;
    const attr = type && 'timeAttribute' in type ? type.timeAttribute : undefined;
    if (attr !== undefined && !isInsertOnly(node.changelogMode)) {
      throw planningError(
        "OverAggregate doesn't support consuming update and delete changes; an OVER window ordered by a time attribute needs an insert-only input",
      );
    }
    const calls: Field[] = group.calls.map((c) => ({ name: c.name, type: c.type }));
    const schema = [...node.schema, ...calls];
    const stage: OverAggregateNode = {
      kind: 'OverAggregate',
      input: node,
      group,
      schema,
      changelogMode: attr !== undefined ? INSERT_ONLY : RETRACT,
      uniqueKeys: node.uniqueKeys,
      upsertKeys: node.upsertKeys,
    };
    node = stage;
    added += calls.length;
  }
  if (node.schema.length !== width + added) throw planningError('OVER translation produced a wrong layout');
  return node;
}

function sort(t: Translator, plan: Sort): PhysicalNode {
  const input = t.translate(plan.input);
  const first = plan.keys[0];
  const type = first ? plan.input.schema[first.index]?.type : undefined;
  const attr = type && 'timeAttribute' in type ? type.timeAttribute : undefined;
  if (first && attr !== undefined && first.direction === 'ASC') {
    const node: TemporalSortNode = {
      kind: 'TemporalSort',
      input,
      keys: plan.keys,
      rowtime: attr === 'rowtime',
      schema: plan.schema,
      changelogMode: input.changelogMode,
      uniqueKeys: input.uniqueKeys,
      upsertKeys: input.upsertKeys,
    };
    return node;
  }
  if (booleanOption(t.options.config, 'table.exec.non-temporal-sort.enabled', false)) {
    return sortLimit(input, plan.keys, 0, Number.MAX_SAFE_INTEGER, 'SortLimit');
  }
  throw planningError(
    'Sort on a non-time-attribute field is not supported.',
    "ORDER BY a time attribute ascending first, add a LIMIT, or SET 'table.exec.non-temporal-sort.enabled' = 'true'",
  );
}

function sortLimit(
  input: PhysicalNode,
  keys: RankNode['orderKeys'],
  offset: number,
  fetch: number,
  kind: 'SortLimit' | 'Limit',
): RankNode {
  return {
    kind,
    input,
    partitionKeys: [],
    orderKeys: keys,
    rankFunction: 'ROW_NUMBER',
    rankStart: offset + 1,
    rankEnd: offset + fetch,
    outputRankNumber: false,
    strategy: isInsertOnly(input.changelogMode) ? 'append' : 'retract',
    schema: input.schema,
    changelogMode: RETRACT,
    uniqueKeys: input.uniqueKeys,
    upsertKeys: input.upsertKeys,
  };
}

function limit(t: Translator, plan: Limit): PhysicalNode {
  const fetch = plan.fetch ?? Number.MAX_SAFE_INTEGER;
  if (plan.input.kind === 'Sort') {
    return sortLimit(t.translate(plan.input.input), plan.input.keys, plan.offset, fetch, 'SortLimit');
  }
  return sortLimit(t.translate(plan.input), [], plan.offset, fetch, 'Limit');
}

function correlate(t: Translator, plan: Correlate): PhysicalNode {
  if (plan.call.kind !== 'Unnest' || plan.call.exprs.length !== 1) {
    throw planningError(
      plan.call.kind === 'Unnest'
        ? 'UNNEST of more than one collection is not supported yet; unnest them one at a time'
        : `Table function ${plan.call.name} is not supported; only UNNEST can be called in a lateral join`,
    );
  }
  const translated = t.translate(plan.input);
  const width = translated.schema.length;
  const keyed = withKeyColumns(translated, plan.call.exprs);
  const shift = keyed.added;
  const condition =
    plan.condition === undefined ? undefined : remap(plan.condition, (i) => (i >= width ? i + shift : i));
  const node: CorrelateNode = {
    kind: 'Correlate',
    input: keyed.node,
    call: { ...plan.call, exprs: [B.input(keyed.keys[0]!, plan.call.exprs[0]!.type)] },
    callSchema: plan.callSchema,
    joinType: plan.joinType,
    ...(condition === undefined ? {} : { condition }),
    schema: [...keyed.node.schema, ...plan.callSchema],
    changelogMode: translated.changelogMode,
    uniqueKeys: [],
    upsertKeys: [],
  };
  if (shift === 0) return node;
  const exprs = plan.schema.map((_, i) =>
    B.input(i < width ? i : i + shift, node.schema[i < width ? i : i + shift]!.type),
  );
  return calc(node, exprs, plan.schema);
}
