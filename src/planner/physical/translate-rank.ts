/**
 * Top-N detection (Flink's FlinkLogicalRankRule + StreamPhysicalRankRule and the deduplicate /
 * window rank / window deduplicate rules): `Filter(Over(ROW_NUMBER | RANK | DENSE_RANK OVER
 * (PARTITION BY p ORDER BY o)))` whose condition bounds the rank column (`<= N`, `< N`, `= N`,
 * BETWEEN ...) becomes
 * - WindowDeduplicate / WindowRank when p contains window_start and window_end of a window TVF
 *   (deduplicate: ROW_NUMBER, rank 1, ordered by the window's rowtime);
 * - Deduplicate for ROW_NUMBER = 1 ordered by a time attribute (ASC keeps the first row, DESC the
 *   last);
 * - Rank otherwise, with Flink's strategy: append (insert-only input), update (input upsert key and
 *   a sort key that only moves in the sort direction, e.g. COUNT DESC), retract.
 * Without the rank column in the output (or with a constant rank range) the operator does not emit
 * it and a Calc supplies the constant, as Flink's RankNumberColumnRemoveRule does.
 */
import { B, type BoundExpr, inputsOf } from '../../expr/bound.ts';
import type { Filter, Over, SortKey } from '../logical/nodes.ts';
import { and, conjuncts } from '../rules/expr-utils.ts';
import { INSERT_ONLY, isInsertOnly, RETRACT } from './changelog-mode.ts';
import { calc } from './node-builders.ts';
import type { DeduplicateNode, PhysicalNode, RankFunctionName, RankNode, WindowRankNode } from './nodes.ts';
import type { Translator } from './translate.ts';
import { windowPropertyOf } from './window-properties.ts';

const RANKING = new Set(['ROW_NUMBER', 'RANK', 'DENSE_RANK']);

export interface RankPattern {
  readonly over: Over;
  readonly fn: RankFunctionName;
  readonly start: number;
  readonly end: number;
  /** Conjuncts of the filter that are not rank bounds. */
  readonly rest: BoundExpr[];
}

function literalNumber(e: BoundExpr): number | undefined {
  if (e.kind !== 'literal') return undefined;
  if (typeof e.value === 'number' && Number.isInteger(e.value)) return e.value;
  if (typeof e.value === 'bigint') return Number(e.value);
  return undefined;
}

const MIRROR: Record<string, string> = { '<=': '>=', '<': '>', '>=': '<=', '>': '<', '=': '=' };

export function rankPattern(filter: Filter): RankPattern | undefined {
  const over = filter.input;
  if (over.kind !== 'Over' || over.groups.length !== 1) return undefined;
  const group = over.groups[0]!;
  const call = group.calls[0];
  if (group.calls.length !== 1 || !call || !RANKING.has(call.fn) || group.orderKeys.length === 0)
    return undefined;
  const col = over.input.schema.length;
  let start = 1;
  let end: number | undefined;
  const rest: BoundExpr[] = [];
  const bound = (op: string, n: number): void => {
    if (op === '<=') end = Math.min(end ?? Infinity, n);
    else if (op === '<') end = Math.min(end ?? Infinity, n - 1);
    else if (op === '>=') start = Math.max(start, n);
    else if (op === '>') start = Math.max(start, n + 1);
    else {
      start = Math.max(start, n);
      end = Math.min(end ?? Infinity, n);
    }
  };
  for (const c of conjuncts(filter.condition)) {
    if (c.kind === 'call' && c.name === 'BETWEEN' && c.args.length === 3) {
      const [x, lo, hi] = c.args as [BoundExpr, BoundExpr, BoundExpr];
      const l = literalNumber(lo);
      const h = literalNumber(hi);
      if (x.kind === 'input' && x.index === col && l !== undefined && h !== undefined) {
        bound('>=', l);
        bound('<=', h);
        continue;
      }
    }
    if (c.kind === 'call' && MIRROR[c.name] && c.args.length === 2) {
      const [a, b] = c.args as [BoundExpr, BoundExpr];
      if (a.kind === 'input' && a.index === col && literalNumber(b) !== undefined) {
        bound(c.name, literalNumber(b)!);
        continue;
      }
      if (b.kind === 'input' && b.index === col && literalNumber(a) !== undefined) {
        bound(MIRROR[c.name]!, literalNumber(a)!);
        continue;
      }
    }
    rest.push(c);
  }
  if (end === undefined || !Number.isFinite(end)) return undefined;
  return { over, fn: call.fn as RankFunctionName, start, end, rest };
}

const timeAttributeOf = (t: { kind: string } & object): string | undefined =>
  'timeAttribute' in t ? (t.timeAttribute as string | undefined) : undefined;

/** Whether a column only grows (COUNT, MAX) or only shrinks (MIN) under updates. */
function monotonicity(node: PhysicalNode, col: number): 'increasing' | 'decreasing' | undefined {
  if (node.kind === 'Calc') {
    const e = node.projection[col];
    return e?.kind === 'input' && !node.condition ? monotonicity(node.input, e.index) : undefined;
  }
  if (node.kind === 'GroupAggregate' && isInsertOnly(node.input.changelogMode)) {
    const call = node.calls[col - node.groupKeys.length];
    if (!call) return undefined;
    if (call.fn === 'COUNT' || call.fn === 'MAX') return 'increasing';
    if (call.fn === 'MIN') return 'decreasing';
  }
  return undefined;
}

function strategyOf(input: PhysicalNode, orderKeys: readonly SortKey[]): RankNode['strategy'] {
  if (isInsertOnly(input.changelogMode)) return 'append';
  if (input.upsertKeys.length === 0) return 'retract';
  const first = orderKeys[0];
  const m = first ? monotonicity(input, first.index) : undefined;
  const consistent =
    (m === 'increasing' && first?.direction === 'DESC') || (m === 'decreasing' && first?.direction === 'ASC');
  return consistent ? 'update' : 'retract';
}

/**
 * The physical plan of a rank pattern; its schema is always the Filter's (input fields + rank), the
 * rank column computed by a Calc when the operator does not emit it.
 */
export function translateRank(
  t: Translator,
  filter: Filter,
  p: RankPattern,
  rankUsed: boolean,
): PhysicalNode {
  const over = p.over;
  const group = over.groups[0]!;
  const width = over.input.schema.length;
  const input = t.translate(over.input);
  const restUsesRank = p.rest.some((c) => inputsOf(c).includes(width));
  const constantRank = p.start === p.end;
  // A used rank column is emitted by the operator even for a constant range: Flink's Top-1 then
  // emits -U/+U updates rather than -D/+I
  const rankOne = p.fn === 'ROW_NUMBER' && p.start === 1 && p.end === 1;
  const firstOrderKey = over.groups[0]!.orderKeys[0]!;
  const dedupShape =
    rankOne &&
    over.groups[0]!.orderKeys.length === 1 &&
    timeAttributeOf(over.input.schema[firstOrderKey.index]!.type) !== undefined;
  const outputRankNumber = (rankUsed || restUsesRank) && !(constantRank && dedupShape);
  const props = group.partitionKeys.map((k) => windowPropertyOf(over.input, k));
  const startAt = props.findIndex((w) => w?.role === 'start');
  const endAt = props.findIndex((w) => w?.role === 'end');
  const firstOrder = group.orderKeys[0]!;
  const orderTime = timeAttributeOf(over.input.schema[firstOrder.index]!.type);
  const rowNumberOne = p.fn === 'ROW_NUMBER' && p.start === 1 && p.end === 1;
  let node: PhysicalNode;
  if (startAt >= 0 && endAt >= 0 && !props[startAt]!.proctime) {
    const dedup = rowNumberOne && group.orderKeys.length === 1 && orderTime === 'rowtime';
    const windowed: WindowRankNode = {
      kind: dedup ? 'WindowDeduplicate' : 'WindowRank',
      input,
      partitionKeys: group.partitionKeys.filter((_, i) => i !== startAt && i !== endAt),
      orderKeys: group.orderKeys,
      rankFunction: p.fn,
      rankStart: p.start,
      rankEnd: p.end,
      outputRankNumber,
      windowStartIndex: group.partitionKeys[startAt]!,
      windowEndIndex: group.partitionKeys[endAt]!,
      window: props[startAt]!.window,
      keepLastRow: firstOrder.direction === 'DESC',
      schema: outputRankNumber ? filter.schema : over.input.schema,
      changelogMode: INSERT_ONLY,
      uniqueKeys: [],
      upsertKeys: [],
    };
    node = windowed;
  } else if (rowNumberOne && group.orderKeys.length === 1 && orderTime !== undefined) {
    const keys = [group.partitionKeys.map((k) => k)];
    const dedup: DeduplicateNode = {
      kind: 'Deduplicate',
      input,
      partitionKeys: group.partitionKeys,
      keepLastRow: firstOrder.direction === 'DESC',
      ...(orderTime === 'rowtime' ? { rowtimeIndex: firstOrder.index } : {}),
      outputRankNumber: false,
      schema: over.input.schema,
      changelogMode:
        orderTime === 'proctime' && firstOrder.direction === 'ASC' && isInsertOnly(input.changelogMode)
          ? INSERT_ONLY
          : { kinds: ['I', 'UB', 'UA', ...(isInsertOnly(input.changelogMode) ? [] : (['D'] as const))] },
      uniqueKeys: keys,
      upsertKeys: keys,
    };
    node = dedup;
  } else {
    const strategy = strategyOf(input, group.orderKeys);
    const partition = [...group.partitionKeys];
    const keys =
      outputRankNumber && p.fn === 'ROW_NUMBER'
        ? [[...partition, width]]
        : p.end === 1 && p.fn === 'ROW_NUMBER'
          ? [partition]
          : input.upsertKeys.map((k) => [...k]);
    const rank: RankNode = {
      kind: 'Rank',
      input,
      partitionKeys: group.partitionKeys,
      orderKeys: group.orderKeys,
      rankFunction: p.fn,
      rankStart: p.start,
      rankEnd: p.end,
      outputRankNumber,
      strategy,
      ...(strategy === 'update' ? { uniqueKey: input.upsertKeys[0]! } : {}),
      schema: outputRankNumber ? filter.schema : over.input.schema,
      changelogMode: RETRACT,
      uniqueKeys: keys,
      upsertKeys: keys,
    };
    node = rank;
  }
  if (!outputRankNumber) {
    const rankType = filter.schema[width]!.type;
    const value = constantRank ? (rankType.kind === 'BIGINT' ? BigInt(p.start) : p.start) : null;
    const exprs = [
      ...over.input.schema.map((f, i) => B.input(i, f.type)),
      B.literal(value, value === null ? { ...rankType, nullable: true } : rankType),
    ];
    node = calc(node, exprs, filter.schema);
  }
  if (p.rest.length > 0)
    node = calc(
      node,
      filter.schema.map((f, i) => B.input(i, f.type)),
      filter.schema,
      and(p.rest),
    );
  return node;
}
