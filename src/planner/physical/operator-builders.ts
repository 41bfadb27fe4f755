/**
 * Runtime operators for the join, rank, OVER, sort and correlate physical nodes: conditions and
 * keys compiled once, sort keys turned into row comparators, OVER calls into accumulators.
 */
import type { BoundExpr } from '../../expr/bound.ts';
import { compilePredicate, compileProjection } from '../../expr/compile.ts';
import type { ExprContext } from '../../expr/functions/registry.ts';
import { evaluate } from '../../expr/interpret.ts';
import { comparatorFor } from '../../expr/values/compare.ts';
import type { AggregateCall as RuntimeCall } from '../../runtime/aggregation.ts';
import type { Row } from '../../runtime/batch.ts';
import type { Operator } from '../../runtime/operator.ts';
import { CorrelateUnnestOperator, type UnnestKind } from '../../runtime/operators/correlate-unnest.ts';
import { DeduplicateOperator } from '../../runtime/operators/deduplicate.ts';
import { IntervalJoinOperator } from '../../runtime/operators/interval-join.ts';
import { joinRows } from '../../runtime/operators/join-state.ts';
import { LateralSnapshotJoinOperator } from '../../runtime/operators/lateral-snapshot-join.ts';
import { LimitOperator } from '../../runtime/operators/limit.ts';
import { LookupJoinOperator } from '../../runtime/operators/lookup-join.ts';
import {
  lagAccumulator,
  OverAggregateOperator,
  type OverFrame,
  type OverOrder,
} from '../../runtime/operators/over-aggregate.ts';
import { type RankFunction, RankOperator } from '../../runtime/operators/rank.ts';
import { SemiAntiJoinOperator } from '../../runtime/operators/semi-anti-join.ts';
import { SortLimitOperator } from '../../runtime/operators/sort-limit.ts';
import {
  type JoinCondition,
  type JoinType,
  StreamJoinOperator,
} from '../../runtime/operators/stream-join.ts';
import { TemporalJoinOperator } from '../../runtime/operators/temporal-join.ts';
import { TemporalSortOperator } from '../../runtime/operators/temporal-sort.ts';
import { WindowDeduplicateOperator } from '../../runtime/operators/window-deduplicate.ts';
import { WindowJoinOperator } from '../../runtime/operators/window-join.ts';
import { WindowRankOperator } from '../../runtime/operators/window-rank.ts';
import type { Schema, SortKey } from '../logical/nodes.ts';
import { runtimeAggregateCalls } from './aggregate-calls.ts';
import { isUpdating } from './changelog-mode.ts';
import type { ConnectorRegistry } from './connectors.ts';
import { matchRecognizeOperator } from './match-recognize.ts';
import type { PhysicalNode, TwoInputNode } from './nodes.ts';
import { planningError } from './translate.ts';
import { processTableFunctionOperator } from './translate-ptf.ts';

export interface OperatorEnv {
  readonly ctx: ExprContext;
  readonly connectors: ConnectorRegistry;
  readonly config: ReadonlyMap<string, string>;
  readonly stateTtlMs?: number;
}

/** Orders rows by sort keys (ASC/DESC, NULLS FIRST/LAST). */
export function rowComparator(keys: readonly SortKey[], schema: Schema): (a: Row, b: Row) => number {
  const parts = keys.map((k) => ({ index: k.index, cmp: comparatorFor(schema[k.index]!.type), key: k }));
  return (a, b) => {
    for (const { index, cmp, key } of parts) {
      const x = a[index];
      const y = b[index];
      const xn = x === null || x === undefined;
      const yn = y === null || y === undefined;
      let c: number;
      if (xn || yn) c = xn && yn ? 0 : xn === (key.nulls === 'FIRST') ? -1 : 1;
      else c = key.direction === 'DESC' ? -cmp(x, y) : cmp(x, y);
      if (c !== 0) return c;
    }
    return 0;
  };
}

function joinCondition(
  condition: BoundExpr | undefined,
  leftArity: number,
  rightArity: number,
  ctx: ExprContext,
): JoinCondition | undefined {
  if (condition === undefined) return undefined;
  const pred = compilePredicate(condition, ctx);
  return (l, r) => pred(joinRows(l, r, leftArity, rightArity));
}

const RUNTIME_JOIN: Record<string, JoinType> = { INNER: 'inner', LEFT: 'left', RIGHT: 'right', FULL: 'full' };

export function twoInputOperator(node: TwoInputNode, env: OperatorEnv): Operator {
  const leftArity = node.left.schema.length;
  const rightArity = node.right.schema.length;
  const condition = joinCondition(node.condition, leftArity, rightArity, env.ctx);
  const keys = {
    leftKeyIndexes: node.leftKeys,
    rightKeyIndexes: node.rightKeys,
    filterNulls: node.filterNulls,
    ...(condition ? { condition } : {}),
  };
  const ttl =
    env.stateTtlMs === undefined ? {} : { leftStateTtlMs: env.stateTtlMs, rightStateTtlMs: env.stateTtlMs };
  switch (node.kind) {
    case 'Join':
      if (node.joinType === 'SEMI' || node.joinType === 'ANTI') {
        return new SemiAntiJoinOperator({
          anti: node.joinType === 'ANTI',
          ...keys,
          leftStateLayout: node.leftLayout,
          rightStateLayout: node.rightLayout,
          rightInsertOnly: !isUpdating(node.right.changelogMode),
          ...ttl,
        });
      }
      return new StreamJoinOperator({
        joinType: RUNTIME_JOIN[node.joinType]!,
        ...keys,
        leftArity,
        rightArity,
        leftStateLayout: node.leftLayout,
        rightStateLayout: node.rightLayout,
        leftInsertOnly: !isUpdating(node.left.changelogMode),
        rightInsertOnly: !isUpdating(node.right.changelogMode),
        ...ttl,
      });
    case 'IntervalJoin':
      return new IntervalJoinOperator({
        joinType: RUNTIME_JOIN[node.joinType]!,
        ...keys,
        leftArity,
        rightArity,
        leftTimeIndex: node.leftTimeIndex,
        rightTimeIndex: node.rightTimeIndex,
        lowerBoundMs: node.lowerBoundMs,
        upperBoundMs: node.upperBoundMs,
      });
    case 'WindowJoin':
      return new WindowJoinOperator({
        joinType:
          node.joinType === 'SEMI'
            ? 'semi'
            : node.joinType === 'ANTI'
              ? 'anti'
              : RUNTIME_JOIN[node.joinType]!,
        ...keys,
        leftArity,
        rightArity,
        leftWindowEndIndex: node.leftWindow.end,
        rightWindowEndIndex: node.rightWindow.end,
      });
    case 'TemporalJoin':
      return new TemporalJoinOperator({
        kind: node.eventTime ? 'event-time' : 'processing-time',
        joinType: node.joinType === 'LEFT' ? 'left' : 'inner',
        leftKeyIndexes: node.leftKeys,
        rightKeyIndexes: node.rightKeys,
        ...(condition ? { condition } : {}),
        leftArity,
        rightArity,
        ...(node.leftTimeIndex === undefined ? {} : { leftTimeIndex: node.leftTimeIndex }),
        ...(node.rightTimeIndex === undefined ? {} : { rightTimeIndex: node.rightTimeIndex }),
        ...(env.stateTtlMs === undefined ? {} : { stateTtlMs: env.stateTtlMs }),
      });
    case 'LateralSnapshotJoin':
      return new LateralSnapshotJoinOperator({
        joinType: node.joinType === 'LEFT' ? 'left' : 'inner',
        ...keys,
        leftArity,
        rightArity,
        loadCompletedMs: loadCompletedMs(node.loadCompletedTime, env),
      });
  }
}

/** The constant `load_completed_time` of a LATERAL SNAPSHOT join as epoch milliseconds. */
function loadCompletedMs(e: BoundExpr, env: OperatorEnv): number {
  const v = evaluate(e, [], env.ctx);
  if (typeof v === 'number') return v;
  if (v !== null && typeof v === 'object' && 'millis' in v && typeof v.millis === 'number') return v.millis;
  throw planningError('load_completed_time of LATERAL SNAPSHOT must be a non-null TIMESTAMP_LTZ constant');
}

const RANK_FUNCTIONS: Record<string, RankFunction> = {
  ROW_NUMBER: 'row_number',
  RANK: 'rank',
  DENSE_RANK: 'dense_rank',
};

function overCalls(node: Extract<PhysicalNode, { kind: 'OverAggregate' }>, env: OperatorEnv): RuntimeCall[] {
  const input = node.input.schema;
  return node.group.calls.map((c) => {
    if (c.fn === 'LAG' || c.fn === 'LEAD') {
      if (c.fn === 'LEAD')
        throw planningError('LEAD is not supported in streaming OVER windows (it needs rows not yet seen)');
      const constants = c.constants.map((k) => evaluate(k, [], env.ctx));
      const offset = constants[0] === undefined || constants[0] === null ? 1 : Number(constants[0]);
      return { fn: lagAccumulator(offset, constants[1] ?? null), argIndexes: c.args };
    }
    if (c.fn === 'ROW_NUMBER') {
      return runtimeAggregateCalls([{ ...c, fn: 'COUNT', args: [] }], input, env.ctx)[0]!;
    }
    return runtimeAggregateCalls([c], input, env.ctx)[0]!;
  });
}

function overOperator(node: Extract<PhysicalNode, { kind: 'OverAggregate' }>, env: OperatorEnv): Operator {
  const g = node.group;
  const input = node.input.schema;
  const first = g.orderKeys[0];
  const type = first ? input[first.index]?.type : undefined;
  const attr = type && 'timeAttribute' in type ? type.timeAttribute : undefined;
  let order: OverOrder;
  if (first && attr === 'rowtime') order = { kind: 'rowtime', timeIndex: first.index };
  else if (attr === 'proctime' || !first) order = { kind: 'proctime' };
  else order = { kind: 'non-time', compare: rowComparator(g.orderKeys, input) };
  if (g.frame.end.kind !== 'CURRENT_ROW') {
    throw planningError('OVER windows must end at CURRENT ROW on a stream (no FOLLOWING rows)');
  }
  const start = g.frame.start;
  const frame: OverFrame = {
    kind: g.frame.unit === 'ROWS' ? 'rows' : 'range',
    ...(start.kind === 'UNBOUNDED_PRECEDING'
      ? {}
      : { preceding: start.kind === 'CURRENT_ROW' ? 0 : (start.offset ?? 0) }),
  };
  return new OverAggregateOperator({
    partitionKeyIndexes: g.partitionKeys,
    order,
    frame,
    calls: overCalls(node, env),
    ...(env.stateTtlMs === undefined ? {} : { stateTtlMs: env.stateTtlMs }),
  });
}

function unnestKind(type: BoundExpr['type']): UnnestKind {
  if (type.kind === 'MAP') return { kind: 'map' };
  if (type.kind === 'MULTISET') return { kind: 'multiset' };
  if (type.kind === 'ARRAY' && type.element.kind === 'ROW')
    return { kind: 'array-of-rows', rowArity: type.element.fields.length };
  if (type.kind === 'ARRAY') return { kind: 'array' };
  throw planningError(`UNNEST needs an ARRAY, MAP or MULTISET, not ${type.kind}`);
}

export function singleInputOperator(
  node: PhysicalNode & { input: PhysicalNode },
  env: OperatorEnv,
): Operator {
  const input = node.input.schema;
  const ttl = env.stateTtlMs === undefined ? {} : { stateTtlMs: env.stateTtlMs };
  switch (node.kind) {
    case 'Rank':
      return new RankOperator({
        partitionKeyIndexes: node.partitionKeys,
        compare: rowComparator(node.orderKeys, input),
        rankFunction: RANK_FUNCTIONS[node.rankFunction]!,
        rankStart: node.rankStart,
        rankEnd: node.rankEnd,
        outputRankNumber: node.outputRankNumber,
        strategy: node.strategy,
        ...(node.uniqueKey ? { uniqueKeyIndexes: node.uniqueKey } : {}),
        ...ttl,
      });
    case 'Limit':
      return new LimitOperator({
        offset: node.rankStart - 1,
        fetch: node.rankEnd - node.rankStart + 1,
        updatingInput: isUpdating(node.input.changelogMode),
      });
    case 'SortLimit':
      return new SortLimitOperator({
        compare: rowComparator(node.orderKeys, input),
        offset: node.rankStart - 1,
        fetch: node.rankEnd - node.rankStart + 1,
        updatingInput: isUpdating(node.input.changelogMode),
      });
    case 'Deduplicate':
      return new DeduplicateOperator({
        keyIndexes: node.partitionKeys,
        keep: node.keepLastRow ? 'last' : 'first',
        ...(node.rowtimeIndex === undefined ? {} : { timeIndex: node.rowtimeIndex }),
        generateUpdateBefore: node.changelogMode.kinds.includes('UB'),
        ...ttl,
      });
    case 'WindowDeduplicate':
      return new WindowDeduplicateOperator({
        partitionKeyIndexes: node.partitionKeys,
        windowEndIndex: node.windowEndIndex,
        timeIndex: node.orderKeys[0]!.index,
        keep: node.keepLastRow ? 'last' : 'first',
      });
    case 'WindowRank':
      return new WindowRankOperator({
        partitionKeyIndexes: node.partitionKeys,
        windowEndIndex: node.windowEndIndex,
        compare: rowComparator(node.orderKeys, input),
        rankFunction: RANK_FUNCTIONS[node.rankFunction]!,
        rankStart: node.rankStart,
        rankEnd: node.rankEnd,
        outputRankNumber: node.outputRankNumber,
      });
    case 'OverAggregate':
      return overOperator(node, env);
    case 'TemporalSort': {
      const rest = node.keys.slice(1);
      return new TemporalSortOperator({
        ...(node.rowtime ? { timeIndex: node.keys[0]!.index } : {}),
        ...(rest.length > 0 ? { compare: rowComparator(rest, input) } : {}),
      });
    }
    case 'Correlate': {
      if (node.call.kind !== 'Unnest') throw planningError('Only UNNEST correlates can run');
      const collection = node.call.exprs[0]!;
      if (collection.kind !== 'input')
        throw planningError('UNNEST argument must be computed below the correlate');
      const width = input.length;
      const arity = node.callSchema.length;
      const pred = node.condition ? compilePredicate(node.condition, env.ctx) : undefined;
      return new CorrelateUnnestOperator({
        collectionIndex: collection.index,
        collection: unnestKind(collection.type),
        withOrdinality: node.call.withOrdinality,
        left: node.joinType === 'LEFT',
        ...(pred
          ? { condition: (row: Row, element: Row) => pred(joinRows(row, element, width, arity)) }
          : {}),
      });
    }
    case 'LookupJoin': {
      const keyOf = compileProjection(
        node.lookupKeys.map((k) => k.probe),
        env.ctx,
      );
      const lookup = env.connectors.createLookup(
        { path: node.path, table: node.table, options: node.options },
        {
          columns: node.columns,
          fields: node.dimSchema,
          keyFields: node.lookupKeys.map((k) => k.dimField),
          config: env.config,
        },
      );
      const pw = input.length;
      const dw = node.dimSchema.length;
      const pred = node.condition ? compilePredicate(node.condition, env.ctx) : undefined;
      const materialize = node.materialize && {
        ...node.materialize,
        ...(env.stateTtlMs === undefined ? {} : { stateTtlMs: env.stateTtlMs }),
      };
      return new LookupJoinOperator({
        joinType: node.joinType === 'LEFT' ? 'left' : 'inner',
        keyOf: (row) => keyOf(row) as unknown[],
        lookup,
        ...(pred ? { condition: (probe: Row, dim: Row) => pred(joinRows(probe, dim, pw, dw)) } : {}),
        probeArity: pw,
        dimArity: dw,
        ...(materialize ? { materialize } : {}),
      });
    }
    case 'Match': // MATCH_RECOGNIZE: src/planner/physical/match-recognize.ts
      return matchRecognizeOperator(node, env);
    case 'ProcessTableFunction': // translate-ptf.ts
      return processTableFunctionOperator(node, env.stateTtlMs);
    default:
      throw planningError(`No runtime operator for ${node.kind}`);
  }
}
