/**
 * Window join (Flink's WindowJoinOperator): both inputs come out of a window TVF and carry their
 * window_end; rows join when their equi-keys match and they share the window (same window_end; the
 * planner checks window_start through the TVF). INNER / LEFT / RIGHT / FULL / SEMI / ANTI.
 *
 * Rows are buffered per key and window until the watermark reaches `window_end - 1`; then the window
 * emits, all +I: matches [left + right] for each pair passing `condition`, unmatched rows of an outer
 * side padded with nulls; SEMI emits left rows with a match, ANTI left rows without (left width).
 * A row whose window has already fired is late: dropped and counted (numLateRecordsDropped).
 * Null equi-keys never match (unless `filterNulls[i]` is false).
 */

import { serializeKey } from '../../state/keys.ts';
import type { NamespacedValueState, Timer } from '../../state/state.ts';
import { TimerService } from '../../state/timers.ts';
import { type Batch, BatchBuilder, type Row, RowKind } from '../batch.ts';
import { AbstractOperator, type OperatorContext } from '../operator.ts';
import { hasFilteredNull, joinRows, keyRowOf } from './join-state.ts';
import type { JoinCondition, JoinType } from './stream-join.ts';

export interface WindowJoinSpec {
  readonly name?: string;
  readonly joinType: JoinType | 'semi' | 'anti';
  readonly leftKeyIndexes: readonly number[];
  readonly rightKeyIndexes: readonly number[];
  readonly filterNulls?: readonly boolean[];
  readonly condition?: JoinCondition;
  readonly leftArity: number;
  readonly rightArity: number;
  readonly leftWindowEndIndex: number;
  readonly rightWindowEndIndex: number;
}

export class WindowJoinOperator extends AbstractOperator {
  private leftRows!: NamespacedValueState<Row[]>;
  private rightRows!: NamespacedValueState<Row[]>;
  private timers!: TimerService;
  private pending = new BatchBuilder(16);

  constructor(private readonly spec: WindowJoinSpec) {
    super(spec.name ?? 'WindowJoin', 2);
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    this.leftRows = ctx.backend.namespacedValueState<Row[]>({ name: 'left-window-rows' });
    this.rightRows = ctx.backend.namespacedValueState<Row[]>({ name: 'right-window-rows' });
    this.timers = new TimerService(ctx.backend, 'window-join-timers');
  }

  processBatch(input: number, batch: Batch): void {
    const s = this.spec;
    const isLeft = input === 0;
    const keyIndexes = isLeft ? s.leftKeyIndexes : s.rightKeyIndexes;
    const endIndex = isLeft ? s.leftWindowEndIndex : s.rightWindowEndIndex;
    const state = isLeft ? this.leftRows : this.rightRows;
    const watermark = this.currentWatermark();
    for (let i = 0; i < batch.length; i++) {
      const row = batch.rows[i]!;
      const end = row[endIndex] as number;
      if (watermark >= end - 1) {
        this.ctx.metrics.numLateRecordsDropped++;
        continue;
      }
      // a null key still takes part in its window (outer padding, ANTI), under a key of its own
      const nullKey = hasFilteredNull(row, keyIndexes, s.filterNulls);
      const key = nullKey ? `null-key/${isLeft ? 'l' : 'r'}` : serializeKey(row, keyIndexes);
      this.ctx.backend.setCurrentKey(key, keyRowOf(row, keyIndexes));
      const list = state.value(end) ?? [];
      list.push(row);
      state.update(end, list);
      this.timers.registerEventTimeTimer(end, end - 1);
    }
  }

  protected override onWatermark(watermark: number): void {
    this.timers.advanceWatermark(watermark, (timer) => this.fire(timer));
    if (this.pending.length > 0) this.output.emitBatch(this.pending.build());
  }

  private fire(timer: Timer): void {
    const end = timer.namespace;
    const left = this.leftRows.value(end) ?? [];
    const right = this.rightRows.value(end) ?? [];
    this.leftRows.clear(end);
    this.rightRows.clear(end);
    const { joinType, condition, leftArity, rightArity } = this.spec;
    const out = this.pending;
    const matches = (l: Row, r: Row): boolean => condition === undefined || condition(l, r);
    if (joinType === 'semi' || joinType === 'anti') {
      for (const l of left) {
        const found = right.some((r) => matches(l, r));
        if (found === (joinType === 'semi')) out.add(l, RowKind.INSERT);
      }
      return;
    }
    const rightMatched = new Array<boolean>(right.length).fill(false);
    for (const l of left) {
      let matched = false;
      for (let j = 0; j < right.length; j++) {
        if (!matches(l, right[j]!)) continue;
        matched = true;
        rightMatched[j] = true;
        out.add(joinRows(l, right[j]!, leftArity, rightArity), RowKind.INSERT);
      }
      if (!matched && (joinType === 'left' || joinType === 'full'))
        out.add(joinRows(l, null, leftArity, rightArity), RowKind.INSERT);
    }
    if (joinType === 'right' || joinType === 'full') {
      for (let j = 0; j < right.length; j++) {
        if (!rightMatched[j]) out.add(joinRows(null, right[j]!, leftArity, rightArity), RowKind.INSERT);
      }
    }
  }
}
