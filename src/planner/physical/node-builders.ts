/**
 * Constructors of physical nodes that derive each node's changelog mode and keys from its inputs,
 * following Flink's inference: Calc, WatermarkAssigner and the window TVF pass their input's mode on;
 * a GroupAggregate produces updates ([I,UB,UA] over insert-only input, [I,UB,UA,D] over updating
 * input) keyed by its group key; window aggregates are insert-only and keyed by keys + window.
 * The -U part of the modes is settled later, top-down (see changelog.ts).
 */
import type { BoundExpr } from '../../expr/bound.ts';
import type { AggregateCall, Field, Schema, WindowSpec } from '../logical/nodes.ts';
import { and, isDeterministic, substitute } from '../rules/expr-utils.ts';
import { INSERT_ONLY, isInsertOnly, RETRACT, unionModes } from './changelog-mode.ts';
import type {
  CalcNode,
  ExpandNode,
  GroupAggregateNode,
  PhysicalNode,
  UnionNode,
  WatermarkAssignerNode,
  WindowAggregateNode,
  WindowTableFunctionNode,
} from './nodes.ts';

type Keys = readonly (readonly number[])[];

const INTEGRAL_RANK: Readonly<Record<string, number>> = { TINYINT: 1, SMALLINT: 2, INT: 3, BIGINT: 4 };

/**
 * The input column `e` passes on unchanged or through a lossless cast (integral widening, a longer
 * string, a wider DECIMAL), as Calcite's RexUtil.isLosslessCast: distinct values stay distinct.
 */
function keptColumn(e: BoundExpr): number | undefined {
  if (e.kind === 'input') return e.index;
  if (e.kind !== 'cast' || e.operand.kind !== 'input') return undefined;
  const from = e.operand.type;
  const to = e.type;
  const fromRank = INTEGRAL_RANK[from.kind];
  const toRank = INTEGRAL_RANK[to.kind];
  if (fromRank !== undefined && toRank !== undefined) return toRank >= fromRank ? e.operand.index : undefined;
  if ((from.kind === 'CHAR' || from.kind === 'VARCHAR') && to.kind === 'VARCHAR')
    return to.length >= from.length ? e.operand.index : undefined;
  if (from.kind === 'DECIMAL' && to.kind === 'DECIMAL')
    return to.scale >= from.scale && to.precision - to.scale >= from.precision - from.scale
      ? e.operand.index
      : undefined;
  return undefined;
}

/** Keys of the input that survive a projection (every column projected as-is or losslessly cast). */
export function projectKeys(keys: Keys, projection: readonly BoundExpr[]): number[][] {
  const out: number[][] = [];
  for (const key of keys) {
    const mapped: number[] = [];
    for (const col of key) {
      const at = projection.findIndex((e) => keptColumn(e) === col);
      if (at < 0) break;
      mapped.push(at);
    }
    if (mapped.length === key.length) out.push(mapped);
  }
  return out;
}

/**
 * A Calc; merged into an input Calc (expressions substituted) when that one is deterministic, and
 * left out entirely when it would pass its input through unchanged.
 */
export function calc(
  input: PhysicalNode,
  projection: readonly BoundExpr[],
  schema: Schema,
  condition?: BoundExpr,
): PhysicalNode {
  // A non-deterministic condition (RAND, CURRENT_WATERMARK) may merge into a Calc without a
  // condition of its own: it is still evaluated once per row, at the same place in the chain.
  if (
    input.kind === 'Calc' &&
    input.projection.every(isDeterministic) &&
    (condition === undefined || input.condition === undefined || isDeterministic(condition))
  ) {
    const merged = projection.map((e) => substitute(e, input.projection));
    const moved = condition === undefined ? undefined : substitute(condition, input.projection);
    const both = input.condition && moved ? and([input.condition, moved]) : (input.condition ?? moved);
    return calc(input.input, merged, schema, both);
  }
  const identity =
    condition === undefined &&
    projection.length === input.schema.length &&
    projection.every((e, i) => e.kind === 'input' && e.index === i);
  if (identity) return input;
  return calcNode(input, projection, schema, condition);
}

function calcNode(
  input: PhysicalNode,
  projection: readonly BoundExpr[],
  schema: Schema,
  condition?: BoundExpr,
): CalcNode {
  return {
    kind: 'Calc',
    input,
    projection,
    ...(condition === undefined ? {} : { condition }),
    schema,
    changelogMode: input.changelogMode,
    uniqueKeys: projectKeys(input.uniqueKeys, projection),
    upsertKeys: projectKeys(input.upsertKeys, projection),
  };
}

export function watermarkAssigner(
  input: PhysicalNode,
  rowtimeIndex: number,
  watermark: BoundExpr,
  schema: Schema,
): WatermarkAssignerNode {
  return {
    kind: 'WatermarkAssigner',
    input,
    rowtimeIndex,
    watermark,
    schema,
    changelogMode: input.changelogMode,
    uniqueKeys: input.uniqueKeys,
    upsertKeys: input.upsertKeys,
  };
}

export function union(inputs: readonly PhysicalNode[], schema: Schema): UnionNode {
  return {
    kind: 'Union',
    inputs,
    schema,
    changelogMode: unionModes(inputs.map((i) => i.changelogMode)),
    uniqueKeys: [],
    upsertKeys: [],
  };
}

export function windowTableFunction(
  input: PhysicalNode,
  window: WindowSpec,
  timeIndex: number,
  schema: Schema,
): WindowTableFunctionNode {
  return {
    kind: 'WindowTableFunction',
    input,
    window,
    timeIndex,
    schema,
    changelogMode: input.changelogMode,
    uniqueKeys: [],
    upsertKeys: [],
  };
}

export function windowAggregate(
  kind: WindowAggregateNode['kind'],
  input: PhysicalNode,
  groupKeys: readonly number[],
  calls: readonly AggregateCall[],
  window: WindowSpec,
  timeIndex: number,
  windowFields: readonly Field[],
): WindowAggregateNode {
  const inFields = input.schema;
  const schema: Field[] = [
    ...groupKeys.map((k) => inFields[k]!),
    ...calls.map((c) => ({ name: c.name, type: c.type })),
    ...windowFields,
  ];
  const k = groupKeys.length;
  const key = [...groupKeys.map((_, i) => i), k + calls.length, k + calls.length + 1];
  const timeType = inFields[timeIndex]?.type;
  const proctime =
    timeType !== undefined && 'timeAttribute' in timeType && timeType.timeAttribute === 'proctime';
  return {
    kind,
    input,
    groupKeys,
    calls,
    window,
    timeIndex,
    proctime,
    schema,
    changelogMode: INSERT_ONLY,
    uniqueKeys: [key],
    upsertKeys: [key],
  };
}

export function groupAggregate(
  input: PhysicalNode,
  groupKeys: readonly number[],
  calls: readonly AggregateCall[],
  schema: Schema,
  stateTtlMs?: number,
): GroupAggregateNode {
  const key = groupKeys.map((_, i) => i);
  const mode = isInsertOnly(input.changelogMode)
    ? { kinds: RETRACT.kinds.filter((k) => k !== 'D') }
    : RETRACT;
  return {
    kind: 'GroupAggregate',
    input,
    groupKeys,
    calls,
    generateUpdateBefore: true,
    ...(stateTtlMs === undefined ? {} : { stateTtlMs }),
    schema,
    changelogMode: mode,
    uniqueKeys: [key],
    upsertKeys: [key],
  };
}

export function expand(
  input: PhysicalNode,
  nulledColumns: readonly (readonly number[])[],
  schema: Schema,
): ExpandNode {
  return {
    kind: 'Expand',
    input,
    nulledColumns,
    schema,
    changelogMode: input.changelogMode,
    uniqueKeys: [],
    upsertKeys: [],
  };
}
