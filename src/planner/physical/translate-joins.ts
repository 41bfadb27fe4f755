/**
 * Logical Join → physical join, choosing the operator as Flink's planner does:
 * - both inputs window TVF outputs joined on window_start and window_end → WindowJoin;
 * - rowtime bounds between the two inputs' time attributes (`l.t BETWEEN r.t - a AND r.t + b`) →
 *   IntervalJoin;
 * - `FOR SYSTEM_TIME AS OF` → TemporalJoin / LookupJoin (translate-temporal.ts);
 * - otherwise a regular StreamingJoin (SEMI / ANTI for IN / EXISTS).
 * Changelog modes follow FlinkChangelogModeInferenceProgram: INNER and SEMI joins forward their
 * inputs' change kinds, other joins may produce every kind. A regular join's state layout per input
 * comes from the input's unique (upsert) keys.
 */
import { B, type BoundExpr } from '../../expr/bound.ts';
import { T } from '../../expr/types.ts';
import type { JoinStateLayout } from '../../runtime/operators/join-state.ts';
import type { Join } from '../logical/nodes.ts';
import { and } from '../rules/expr-utils.ts';
import { type ChangelogMode, INSERT_ONLY, isInsertOnly, RETRACT, unionModes } from './changelog-mode.ts';
import {
  dropAddedColumns,
  type EquiSplit,
  joinedSchema,
  shiftRight,
  splitEquiKeys,
  withKeyColumns,
} from './join-keys.ts';
import { calc } from './node-builders.ts';
import type { IntervalJoinNode, JoinNode, PhysicalNode, WindowJoinNode } from './nodes.ts';
import type { Translator } from './translate.ts';
import { translateLateralSnapshotJoin } from './translate-lateral-snapshot.ts';
import { translateTemporalJoin } from './translate-temporal.ts';
import { sameWindow, windowPropertyOf } from './window-properties.ts';

type Keys = readonly (readonly number[])[];

const contains = (outer: readonly number[], inner: readonly number[]): boolean =>
  inner.every((c) => outer.includes(c));

export function stateLayout(keys: readonly number[], uniqueKeys: Keys): JoinStateLayout {
  if (uniqueKeys.some((k) => contains(keys, k))) return { kind: 'join-key-contains-unique-key' };
  const smallest = [...uniqueKeys].sort((a, b) => a.length - b.length)[0];
  return smallest ? { kind: 'unique-key', uniqueKeyIndexes: smallest } : { kind: 'no-unique-key' };
}

/** Unique keys of a join's output (FlinkRelMdUniqueKeys for joins, simplified). */
export function joinUniqueKeys(
  joinType: string,
  leftKeys: readonly number[],
  rightKeys: readonly number[],
  left: Keys,
  right: Keys,
  leftWidth: number,
): number[][] {
  if (joinType === 'SEMI' || joinType === 'ANTI') return left.map((k) => [...k]);
  const shifted = right.map((k) => k.map((c) => c + leftWidth));
  const out: number[][] = [];
  for (const l of left) for (const r of shifted) out.push([...l, ...r]);
  const leftUnique = left.some((k) => contains(leftKeys, k));
  const rightUnique = right.some((k) => contains(rightKeys, k));
  // each left row matches at most one right row: left keys stay unique (unless nulls are generated on the left)
  if (rightUnique && (joinType === 'INNER' || joinType === 'LEFT')) out.push(...left.map((k) => [...k]));
  if (leftUnique && (joinType === 'INNER' || joinType === 'RIGHT')) out.push(...shifted);
  return out;
}

function joinMode(joinType: string, left: ChangelogMode, right: ChangelogMode): ChangelogMode {
  if (joinType === 'INNER' || joinType === 'SEMI') {
    const both = unionModes([left, right]);
    return isInsertOnly(both) ? INSERT_ONLY : joinType === 'SEMI' ? RETRACT : both;
  }
  return RETRACT;
}

interface Prepared {
  readonly left: PhysicalNode;
  readonly right: PhysicalNode;
  readonly leftKeys: number[];
  readonly rightKeys: number[];
  readonly filterNulls: boolean[];
  /** Non-key conjuncts over the (grown) left + right fields. */
  readonly rest: BoundExpr[];
  readonly addedLeft: number;
  readonly addedRight: number;
}

function prepare(
  left: PhysicalNode,
  right: PhysicalNode,
  split: EquiSplit,
  rest: readonly BoundExpr[],
): Prepared {
  const lw = left.schema.length;
  const l = withKeyColumns(left, split.leftKeys);
  const r = withKeyColumns(right, split.rightKeys);
  return {
    left: l.node,
    right: r.node,
    leftKeys: l.keys,
    rightKeys: r.keys,
    filterNulls: split.filterNulls,
    rest: rest.map((c) => shiftRight(c, lw, l.added)),
    addedLeft: l.added,
    addedRight: r.added,
  };
}

export function translateJoin(t: Translator, plan: Join): PhysicalNode {
  if (plan.temporal) return translateTemporalJoin(t, plan);
  if (plan.lateralSnapshot) return translateLateralSnapshotJoin(t, plan);
  const lw = plan.left.schema.length;
  const rw = plan.right.schema.length;
  const split = splitEquiKeys(plan.condition, lw);
  const windowed = windowJoin(t, plan, split);
  if (windowed) return windowed;
  if (plan.joinType !== 'SEMI' && plan.joinType !== 'ANTI') {
    const interval = intervalJoin(t, plan, split);
    if (interval) return interval;
  }
  const p = prepare(t.translate(plan.left), t.translate(plan.right), split, split.rest);
  const leftOnly = plan.joinType === 'SEMI' || plan.joinType === 'ANTI';
  const schema = joinedSchema(p.left.schema, p.right.schema, plan.joinType, false);
  const node: JoinNode = {
    kind: 'Join',
    joinType: plan.joinType,
    left: p.left,
    right: p.right,
    leftKeys: p.leftKeys,
    rightKeys: p.rightKeys,
    filterNulls: p.filterNulls,
    ...(p.rest.length > 0 ? { condition: and(p.rest) } : {}),
    leftLayout: stateLayout(p.leftKeys, p.left.upsertKeys),
    rightLayout: stateLayout(p.rightKeys, p.right.upsertKeys),
    schema,
    changelogMode: joinMode(plan.joinType, p.left.changelogMode, p.right.changelogMode),
    uniqueKeys: joinUniqueKeys(
      plan.joinType,
      p.leftKeys,
      p.rightKeys,
      p.left.uniqueKeys,
      p.right.uniqueKeys,
      p.left.schema.length,
    ),
    upsertKeys: joinUniqueKeys(
      plan.joinType,
      p.leftKeys,
      p.rightKeys,
      p.left.upsertKeys,
      p.right.upsertKeys,
      p.left.schema.length,
    ),
  };
  return dropAddedColumns(node, lw, p.addedLeft, rw, p.addedRight, plan.schema, leftOnly);
}

/** Both inputs windowed by the same TVF and joined on window_start and window_end. */
function windowJoin(t: Translator, plan: Join, split: EquiSplit): PhysicalNode | undefined {
  let starts: [number, number] | undefined;
  let ends: [number, number] | undefined;
  const keep: number[] = [];
  let window: WindowJoinNode['window'] | undefined;
  split.leftKeys.forEach((l, i) => {
    const r = split.rightKeys[i]!;
    if (l.kind !== 'input' || r.kind !== 'input') {
      keep.push(i);
      return;
    }
    const lp = windowPropertyOf(plan.left, l.index);
    const rp = windowPropertyOf(plan.right, r.index);
    if (lp && rp && lp.role === rp.role && sameWindow(lp.window, rp.window) && !lp.proctime && !rp.proctime) {
      window = lp.window;
      if (lp.role === 'start') starts = [l.index, r.index];
      else if (lp.role === 'end') ends = [l.index, r.index];
      else keep.push(i);
    } else keep.push(i);
  });
  if (!starts || !ends || !window) return undefined;
  const reduced: EquiSplit = {
    leftKeys: keep.map((i) => split.leftKeys[i]!),
    rightKeys: keep.map((i) => split.rightKeys[i]!),
    filterNulls: keep.map((i) => split.filterNulls[i]!),
    rest: split.rest,
  };
  const lw = plan.left.schema.length;
  const rw = plan.right.schema.length;
  const left = dropLateRows(t.translate(plan.left), ends[0]);
  const right = dropLateRows(t.translate(plan.right), ends[1]);
  const p = prepare(left, right, reduced, reduced.rest);
  const leftOnly = plan.joinType === 'SEMI' || plan.joinType === 'ANTI';
  const node: WindowJoinNode = {
    kind: 'WindowJoin',
    joinType: plan.joinType,
    left: p.left,
    right: p.right,
    leftKeys: p.leftKeys,
    rightKeys: p.rightKeys,
    filterNulls: p.filterNulls,
    ...(p.rest.length > 0 ? { condition: and(p.rest) } : {}),
    leftWindow: { start: starts[0], end: ends[0] },
    rightWindow: { start: starts[1], end: ends[1] },
    window,
    schema: joinedSchema(p.left.schema, p.right.schema, plan.joinType, true),
    changelogMode: INSERT_ONLY,
    uniqueKeys: [],
    upsertKeys: [],
  };
  return dropAddedColumns(node, lw, p.addedLeft, rw, p.addedRight, plan.schema, leftOnly);
}

/**
 * Drops rows whose window already closed by their own input's watermark (window_end - 1 <=
 * watermark), before they reach the join: the join only sees the minimum watermark of both inputs,
 * but a row behind its own input's watermark is late, as it is for a window aggregate.
 */
function dropLateRows(input: PhysicalNode, windowEnd: number): PhysicalNode {
  const endType = input.schema[windowEnd]!.type;
  const end = B.input(windowEnd, endType);
  const wm = B.call('CURRENT_WATERMARK', [end], T.timestamp(3, true));
  const lastMs = B.call(
    '-',
    [end, B.literal(1, T.intervalDayTime('SECOND', 2, 3, false))],
    T.timestamp(3, false),
  );
  const open = B.call(
    'OR',
    [B.call('IS NULL', [wm], T.boolean(false)), B.call('<', [wm, lastMs], T.boolean(true))],
    T.boolean(true),
  );
  return calc(
    input,
    input.schema.map((f, i) => B.input(i, f.type)),
    input.schema,
    open,
  );
}

interface TimeTerm {
  readonly column: number;
  readonly offset: number;
}

/** `col`, `col + interval`, `col - interval` over a rowtime column. */
function timeTerm(e: BoundExpr): TimeTerm | undefined {
  if (e.kind === 'input') return { column: e.index, offset: 0 };
  if (e.kind === 'call' && (e.name === '+' || e.name === '-') && e.args.length === 2) {
    const [a, b] = e.args as [BoundExpr, BoundExpr];
    const interval = (x: BoundExpr): number | undefined =>
      x.kind === 'literal' && x.type.kind === 'INTERVAL_DAY_TIME' && typeof x.value === 'number'
        ? x.value
        : undefined;
    if (a.kind === 'input' && interval(b) !== undefined) {
      return { column: a.index, offset: e.name === '+' ? interval(b)! : -interval(b)! };
    }
    if (e.name === '+' && b.kind === 'input' && interval(a) !== undefined)
      return { column: b.index, offset: interval(a)! };
  }
  return undefined;
}

const FLIP: Record<string, string> = { '>=': '<=', '>': '<', '<=': '>=', '<': '>' };

/** Rowtime bounds between the inputs: `l.t >= r.t + lower` and `l.t <= r.t + upper`. */
function intervalJoin(t: Translator, plan: Join, split: EquiSplit): PhysicalNode | undefined {
  const lw = plan.left.schema.length;
  const isRowtime = (i: number): boolean => {
    const f = i < lw ? plan.left.schema[i] : plan.right.schema[i - lw];
    return f !== undefined && 'timeAttribute' in f.type && f.type.timeAttribute === 'rowtime';
  };
  const comparisons: { op: string; a: BoundExpr; b: BoundExpr; from: number }[] = [];
  split.rest.forEach((c, from) => {
    if (c.kind !== 'call') return;
    if (c.name === 'BETWEEN' && c.args.length === 3) {
      const [x, lo, hi] = c.args as [BoundExpr, BoundExpr, BoundExpr];
      comparisons.push({ op: '>=', a: x, b: lo, from }, { op: '<=', a: x, b: hi, from });
    } else if (FLIP[c.name] && c.args.length === 2) {
      comparisons.push({ op: c.name, a: c.args[0]!, b: c.args[1]!, from });
    }
  });
  let leftTime: number | undefined;
  let rightTime: number | undefined;
  let lower: number | undefined;
  let upper: number | undefined;
  const used = new Set<number>();
  for (const cmp of comparisons) {
    const ta = timeTerm(cmp.a);
    const tb = timeTerm(cmp.b);
    if (!ta || !tb || !isRowtime(ta.column) || !isRowtime(tb.column)) continue;
    let op = cmp.op;
    let l = ta;
    let r = tb;
    if (ta.column >= lw && tb.column < lw) {
      l = tb;
      r = ta;
      op = FLIP[op]!;
    } else if (!(ta.column < lw && tb.column >= lw)) continue;
    if (
      (leftTime !== undefined && leftTime !== l.column) ||
      (rightTime !== undefined && rightTime !== r.column)
    )
      continue;
    leftTime = l.column;
    rightTime = r.column;
    // l.t + lo OP r.t + ro  ⇔  l.t OP r.t + (ro - lo)
    const bound = r.offset - l.offset;
    if (op === '>=') lower = Math.max(lower ?? -Infinity, bound);
    else if (op === '>') lower = Math.max(lower ?? -Infinity, bound + 1);
    else if (op === '<=') upper = Math.min(upper ?? Infinity, bound);
    else upper = Math.min(upper ?? Infinity, bound - 1);
    used.add(cmp.from);
  }
  if (leftTime === undefined || rightTime === undefined || lower === undefined || upper === undefined)
    return undefined;
  const rest = split.rest.filter((_, i) => !used.has(i));
  const rw = plan.right.schema.length;
  const p = prepare(t.translate(plan.left), t.translate(plan.right), split, rest);
  const joinType = plan.joinType as IntervalJoinNode['joinType'];
  const node: IntervalJoinNode = {
    kind: 'IntervalJoin',
    joinType,
    left: p.left,
    right: p.right,
    leftKeys: p.leftKeys,
    rightKeys: p.rightKeys,
    filterNulls: p.filterNulls,
    ...(p.rest.length > 0 ? { condition: and(p.rest) } : {}),
    leftTimeIndex: leftTime,
    rightTimeIndex: rightTime - lw,
    lowerBoundMs: lower,
    upperBoundMs: upper,
    schema: joinedSchema(p.left.schema, p.right.schema, joinType, false),
    changelogMode: INSERT_ONLY,
    uniqueKeys: [],
    upsertKeys: [],
  };
  return dropAddedColumns(node, lw, p.addedLeft, rw, p.addedRight, plan.schema, false);
}
