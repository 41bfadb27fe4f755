/**
 * EXPLAIN lines of the join, rank, OVER, sort and correlate nodes, in the layout of Flink's
 * StreamPhysical* explainTerms: `Join(joinType=[InnerJoin], where=[=(a, a0)], select=[...],
 * leftInputSpec=[NoUniqueKey], rightInputSpec=[JoinKeyContainsUniqueKey])`.
 */
import type { JoinStateLayout } from '../../runtime/operators/join-state.ts';
import type { FrameBoundSpec, OverGroup, Schema, SortKey, WindowSpec } from '../logical/nodes.ts';
import { joinedSchema } from '../physical/join-keys.ts';
import { describeMatch } from '../physical/match-recognize.ts';
import type { PhysicalNode, TwoInputNode } from '../physical/nodes.ts';
import { callText, formatMillis, windowText } from './describe.ts';
import { formatExpr } from './format-expr.ts';

const JOIN_TYPES: Record<string, string> = {
  INNER: 'InnerJoin',
  LEFT: 'LeftOuterJoin',
  RIGHT: 'RightOuterJoin',
  FULL: 'FullOuterJoin',
  SEMI: 'LeftSemiJoin',
  ANTI: 'LeftAntiJoin',
};

const names = (schema: Schema, indices: readonly number[]): string =>
  indices.map((i) => schema[i]?.name ?? `$${i}`).join(', ');

const fieldList = (schema: Schema): string => schema.map((f) => f.name).join(', ');

function specText(layout: JoinStateLayout, schema: Schema): string {
  switch (layout.kind) {
    case 'join-key-contains-unique-key':
      return 'JoinKeyContainsUniqueKey';
    case 'unique-key':
      return `HasUniqueKey(${names(schema, layout.uniqueKeyIndexes)})`;
    case 'no-unique-key':
      return 'NoUniqueKey';
  }
}

/** `=(a, a0)` per key pair, then the non-equi condition, over the join's left + right fields. */
function whereText(node: TwoInputNode): string {
  const both = joinedSchema(node.left.schema, node.right.schema, 'INNER', true);
  const lw = node.left.schema.length;
  const parts = node.leftKeys.map((l, i) => {
    const op = node.filterNulls[i] === false ? 'IS NOT DISTINCT FROM' : '=';
    return `${op}(${both[l]?.name}, ${both[lw + node.rightKeys[i]!]?.name})`;
  });
  if (node.condition) parts.push(formatExpr(node.condition, both));
  if (parts.length === 0) return 'true';
  return parts.length === 1 ? parts[0]! : `AND(${parts.join(', ')})`;
}

function tvfWindow(w: WindowSpec, schema: Schema, start: number, end: number): string {
  const inner = windowText(w, 'x').replace(/^\w+\(time_col=\[x\], /, '');
  return `${w.kind}(win_start=[${schema[start]?.name}], win_end=[${schema[end]?.name}], ${inner}`;
}

export function describeJoin(node: PhysicalNode): string {
  switch (node.kind) {
    case 'Join':
      return `Join(joinType=[${JOIN_TYPES[node.joinType]}], where=[${whereText(node)}], select=[${fieldList(node.schema)}], leftInputSpec=[${specText(node.leftLayout, node.left.schema)}], rightInputSpec=[${specText(node.rightLayout, node.right.schema)}])`;
    case 'IntervalJoin':
      return `IntervalJoin(joinType=[${JOIN_TYPES[node.joinType]}], windowBounds=[isRowTime=true, leftLowerBound=${node.lowerBoundMs}, leftUpperBound=${node.upperBoundMs}, leftTimeIndex=${node.leftTimeIndex}, rightTimeIndex=${node.rightTimeIndex}], where=[${whereText(node)}], select=[${fieldList(node.schema)}])`;
    case 'WindowJoin':
      return `WindowJoin(leftWindow=[${tvfWindow(node.window, node.left.schema, node.leftWindow.start, node.leftWindow.end)}], rightWindow=[${tvfWindow(node.window, node.right.schema, node.rightWindow.start, node.rightWindow.end)}], joinType=[${JOIN_TYPES[node.joinType]}], where=[${whereText(node)}], select=[${fieldList(node.schema)}])`;
    case 'LateralSnapshotJoin':
      return `LateralSnapshotJoin(joinType=[${JOIN_TYPES[node.joinType]}], where=[${whereText(node)}], select=[${fieldList(node.schema)}])`;
    case 'TemporalJoin':
      return `TemporalJoin(joinType=[${JOIN_TYPES[node.joinType]}], where=[${whereText(node)}], select=[${fieldList(node.schema)}])`;
    case 'LookupJoin': {
      const lookup = node.lookupKeys
        .map((k) => `${node.dimSchema[k.dimField]?.name}=${formatExpr(k.probe, node.input.schema)}`)
        .join(', ');
      const where = node.condition ? `, where=[${formatExpr(node.condition, node.schema)}]` : '';
      const p = node.path;
      const materialize = node.materialize ? ', upsertMaterialize=[true]' : '';
      return `LookupJoin(table=[${p.catalog}.${p.database}.${p.name}], joinType=[${JOIN_TYPES[node.joinType]}], lookup=[${lookup}]${where}, select=[${fieldList(node.schema)}]${materialize})`;
    }
    default:
      return node.kind;
  }
}

const orderText = (keys: readonly SortKey[], schema: Schema): string =>
  keys.map((k) => `${schema[k.index]?.name ?? `$${k.index}`} ${k.direction}`).join(', ');

const STRATEGIES = { append: 'AppendFastStrategy', retract: 'RetractStrategy', update: 'UpdateFastStrategy' };

function boundText(b: FrameBoundSpec, unit: string): string {
  switch (b.kind) {
    case 'UNBOUNDED_PRECEDING':
      return 'UNBOUNDED PRECEDING';
    case 'UNBOUNDED_FOLLOWING':
      return 'UNBOUNDED FOLLOWING';
    case 'CURRENT_ROW':
      return 'CURRENT ROW';
    default:
      return `${unit === 'RANGE' ? formatMillis(b.offset ?? 0) : (b.offset ?? 0)} ${b.kind}`;
  }
}

function overWindow(g: OverGroup): string {
  const unit = g.frame.unit === 'RANGE' ? 'RANG' : 'ROWS';
  return ` ${unit} BETWEEN ${boundText(g.frame.start, g.frame.unit)} AND ${boundText(g.frame.end, g.frame.unit)}`;
}

export function describeOrdered(node: PhysicalNode): string {
  const input = 'input' in node ? node.input.schema : [];
  switch (node.kind) {
    case 'Rank':
      return `Rank(strategy=[${STRATEGIES[node.strategy]}${node.uniqueKey ? `[${names(input, node.uniqueKey)}]` : ''}], rankType=[${node.rankFunction}], rankRange=[rankStart=${node.rankStart}, rankEnd=${node.rankEnd}], partitionBy=[${names(input, node.partitionKeys)}], orderBy=[${orderText(node.orderKeys, input)}], select=[${fieldList(node.schema)}])`;
    case 'Limit':
      return `Limit(offset=[${node.rankStart - 1}], fetch=[${node.rankEnd - node.rankStart + 1}])`;
    case 'SortLimit':
      return `SortLimit(orderBy=[${orderText(node.orderKeys, input)}], offset=[${node.rankStart - 1}], fetch=[${node.rankEnd - node.rankStart + 1}], strategy=[${STRATEGIES[node.strategy]}])`;
    case 'Deduplicate':
      return `Deduplicate(keep=[${node.keepLastRow ? 'LastRow' : 'FirstRow'}], key=[${names(input, node.partitionKeys)}], order=[${node.rowtimeIndex === undefined ? 'PROCTIME' : 'ROWTIME'}])`;
    case 'WindowRank':
      return `WindowRank(window=[${tvfWindow(node.window, input, node.windowStartIndex, node.windowEndIndex)}], rankType=[${node.rankFunction}], rankRange=[rankStart=${node.rankStart}, rankEnd=${node.rankEnd}], partitionBy=[${names(input, node.partitionKeys)}], orderBy=[${orderText(node.orderKeys, input)}], select=[${fieldList(node.schema)}])`;
    case 'WindowDeduplicate':
      return `WindowDeduplicate(window=[${tvfWindow(node.window, input, node.windowStartIndex, node.windowEndIndex)}], keep=[${node.keepLastRow ? 'LastRow' : 'FirstRow'}], partitionKeys=[${names(input, node.partitionKeys)}], orderKey=[${input[node.orderKeys[0]!.index]?.name}], order=[ROWTIME])`;
    case 'OverAggregate': {
      const g = node.group;
      const partition = g.partitionKeys.length > 0 ? `partitionBy=[${names(input, g.partitionKeys)}], ` : '';
      const select = [...input.map((f) => f.name), ...g.calls.map((c) => callText(c, input))].join(', ');
      return `OverAggregate(${partition}orderBy=[${orderText(g.orderKeys, input)}], window=[${overWindow(g)}], select=[${select}])`;
    }
    case 'TemporalSort':
      return `TemporalSort(orderBy=[${orderText(node.keys, input)}])`;
    case 'Correlate': {
      const arg =
        node.call.kind === 'Unnest' ? node.call.exprs.map((e) => formatExpr(e, input)).join(', ') : '';
      return `Correlate(invocation=[$UNNEST_ROWS$1(${arg})], select=[${fieldList(node.schema)}], joinType=[${node.joinType}])`;
    }
    case 'Match': // MATCH_RECOGNIZE: src/planner/physical/match-recognize.ts
      return describeMatch(node);
    default:
      return node.kind;
  }
}
