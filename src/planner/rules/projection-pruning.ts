/**
 * Projection pruning: a Project or Aggregate that reads only some of its input's columns narrows
 * the input, through Filters, Projects, WatermarkAssigners, windowing TVFs and Joins (each join input
 * narrowed on its own, projection-pruning-join.ts), down to the Scan, which then reads only those
 * columns (Flink's project push-down into the source). Columns a node needs itself (a filter's
 * operands, the rowtime and the watermark's operands, the TVF's time column, a join's condition)
 * are kept. The rule fires only when some column is actually dropped, so rewriting terminates.
 */
import { inputsOf } from '../../expr/bound.ts';
import { project } from '../logical/builders.ts';
import type { Aggregate, LogicalPlan } from '../logical/nodes.ts';
import { lookup, type Narrowed, positions, selectUsed, sortedUnique } from './column-maps.ts';
import type { Rule } from './driver.ts';
import { remap } from './expr-utils.ts';
import { narrowJoin } from './projection-pruning-join.ts';

/** The same rows with only the columns `used` (ascending), or undefined when nothing can be dropped. */
export function narrow(node: LogicalPlan, used: readonly number[]): Narrowed | undefined {
  const width = node.schema.length;
  if (used.length >= width) return undefined;
  switch (node.kind) {
    case 'Scan': {
      // Primary key columns stay: an updating source is normalized by its key.
      const pk = node.table.primaryKey?.columns ?? [];
      const keep = sortedUnique([
        ...used,
        ...node.columns.flatMap((c, i) => (pk.includes(node.table.columns[c]!.name) ? [i] : [])),
      ]);
      if (keep.length >= width) return undefined;
      const scan: LogicalPlan = {
        ...node,
        columns: keep.map((i) => node.columns[i]!),
        schema: keep.map((i) => node.schema[i]!),
      };
      const map = positions(keep);
      return selectUsed(node, scan, map, used);
    }
    case 'Project':
      return {
        node: project(
          node.input,
          used.map((i) => node.exprs[i]!),
          used.map((i) => node.schema[i]!.name),
        ),
        map: positions(used),
      };
    case 'Filter': {
      const need = sortedUnique([...used, ...inputsOf(node.condition)]);
      const inner = narrow(node.input, need);
      if (!inner) return undefined;
      const filtered: LogicalPlan = {
        kind: 'Filter',
        input: inner.node,
        condition: remap(node.condition, lookup(inner.map)),
        schema: inner.node.schema,
      };
      return selectUsed(node, filtered, inner.map, used);
    }
    case 'WatermarkAssigner': {
      const need = sortedUnique([...used, node.rowtimeIndex, ...inputsOf(node.watermark)]);
      const inner = narrow(node.input, need);
      if (!inner) return undefined;
      const at = lookup(inner.map);
      const assigner: LogicalPlan = {
        ...node,
        input: inner.node,
        rowtimeIndex: at(node.rowtimeIndex),
        watermark: remap(node.watermark, at),
        schema: need.map((i) => node.schema[i]!),
      };
      return selectUsed(node, assigner, inner.map, used);
    }
    case 'WindowTableFunction': {
      const inputWidth = node.input.schema.length;
      const needIn = sortedUnique([
        ...used.filter((i) => i < inputWidth),
        node.timeIndex,
        ...node.partitionKeys,
      ]);
      const inner = narrow(node.input, needIn);
      if (!inner) return undefined;
      const at = lookup(inner.map);
      const windowFields = node.schema.slice(inputWidth);
      const tvf: LogicalPlan = {
        ...node,
        input: inner.node,
        timeIndex: at(node.timeIndex),
        partitionKeys: node.partitionKeys.map(at),
        schema: [...inner.node.schema, ...windowFields],
      };
      const map = new Map(inner.map);
      for (let w = 0; w < windowFields.length; w++) map.set(inputWidth + w, needIn.length + w);
      return selectUsed(node, tvf, map, used);
    }
    case 'Join':
      return narrowJoin(node, used, narrow);
    default:
      return undefined;
  }
}

function aggregateColumns(agg: Aggregate): number[] {
  const cols = [...agg.groupKeys];
  for (const c of agg.calls) {
    if (c.fn === 'GROUPING' || c.fn === 'GROUPING_ID') continue;
    cols.push(...c.args);
    if (c.filterArg !== undefined) cols.push(c.filterArg);
  }
  if (agg.window) cols.push(agg.window.timeIndex);
  // A window TVF below an aggregate stays whole, so the pair still becomes one WindowAggregate.
  if (agg.input.kind === 'WindowTableFunction') {
    const width = agg.input.input.schema.length;
    cols.push(width, width + 1, width + 2, agg.input.timeIndex, ...agg.input.partitionKeys);
  }
  return sortedUnique(cols);
}

export const pruneColumns: Rule = {
  name: 'ProjectionPruning',
  apply(node: LogicalPlan): LogicalPlan | undefined {
    if (node.kind === 'Project') {
      const used = sortedUnique(node.exprs.flatMap(inputsOf));
      const narrowed = narrow(node.input, used);
      if (!narrowed) return undefined;
      const at = lookup(narrowed.map);
      return { ...node, input: narrowed.node, exprs: node.exprs.map((e) => remap(e, at)) };
    }
    if (node.kind === 'Aggregate') {
      const used = aggregateColumns(node);
      const narrowed = narrow(node.input, used);
      if (!narrowed) return undefined;
      const at = lookup(narrowed.map);
      return {
        ...node,
        input: narrowed.node,
        groupKeys: node.groupKeys.map(at),
        calls: node.calls.map((c) =>
          c.fn === 'GROUPING' || c.fn === 'GROUPING_ID'
            ? c
            : {
                ...c,
                args: c.args.map(at),
                ...(c.filterArg === undefined ? {} : { filterArg: at(c.filterArg) }),
              },
        ),
        ...(node.window ? { window: { ...node.window, timeIndex: at(node.window.timeIndex) } } : {}),
      };
    }
    return undefined;
  },
};
