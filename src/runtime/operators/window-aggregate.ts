/**
 * Window aggregation over TUMBLE / HOP / CUMULATE windows (Flink's window TVF aggregate), keyed by
 * the group key, one accumulator row per key and window.
 *
 * Event time: a row is added to every window containing its rowtime that has not fired yet; a window
 * has fired once the watermark reached `window_end - 1` (Flink's isWindowFired). A row whose windows
 * have all fired is late: dropped and counted in numLateRecordsDropped (with HOP/CUMULATE a row may
 * still count in its later windows). When the watermark reaches `window_end - 1`, the window emits one
 * +I[...key, ...aggs, window_start, window_end, window_time] per key (window_time = window_end - 1),
 * keys in the order they entered the window, and its state is cleared. Rows with a null rowtime are
 * dropped. End of input (+infinity) flushes all.
 *
 * Processing time (no `timeIndex`): windows are assigned by the operator's processing time and fire on
 * processing-time timers; at end of input the pending windows are emitted.
 *
 * Layout (as Flink's slicing window operator): open windows live on the heap as one Map per window
 * end, from a key id to the key's accumulator row, with one timer per window end that fires every key
 * of that window. A key id is the key value itself for a single primitive key column (no string is
 * built per row) and the serialised key otherwise. At a snapshot the open windows are written to the
 * keyed state backend as one namespaced value and one timer per key and window (the format the
 * backend snapshots, restores and rescales by key group) and removed from it again afterwards; a
 * restore reads them back. Open windows therefore stay in memory whatever the backend.
 */

import { serializeKey, serializeKeyRow } from '../../state/keys.ts';
import type { NamespacedValueState, Timer } from '../../state/state.ts';
import { MAX_WATERMARK, TimerService } from '../../state/timers.ts';
import { type AccumulatorRow, type AggregateCall, AggregateHandle } from '../aggregation.ts';
import { type Batch, BatchBuilder, isAccumulate, type Row, RowKind } from '../batch.ts';
import { AbstractOperator, type OperatorContext, type OperatorSnapshot } from '../operator.ts';
import {
  assignWindows,
  type TimeShift,
  validateWindowSpec,
  type WindowSpec,
  windowStart,
} from '../windows.ts';

export interface WindowAggregateSpec {
  readonly name?: string;
  readonly keyIndexes: readonly number[];
  readonly calls: readonly AggregateCall[];
  readonly window: WindowSpec;
  /** Rowtime column (epoch ms); absent = processing time. */
  readonly timeIndex?: number;
  readonly shift?: TimeShift;
}

interface WindowSlot {
  readonly keyRow: readonly unknown[];
  readonly acc: AccumulatorRow;
}

interface OpenWindow {
  /** window_end on the windows' clock (local wall clock when shifted); the state namespace. */
  readonly end: number;
  /** UTC time of `end - 1`: the window fires when event (or processing) time reaches it. */
  readonly fireAt: number;
  /** Key id → accumulator, in the order keys entered the window. */
  readonly slots: Map<unknown, WindowSlot>;
}

export class WindowAggregateOperator extends AbstractOperator {
  private readonly handle: AggregateHandle;
  private readonly spec: WindowAggregateSpec;
  private readonly keyPositions: readonly number[];
  private readonly windows = new Map<number, OpenWindow>();
  /** Open windows by ascending fire time (ties in creation order). */
  private readonly fireOrder: OpenWindow[] = [];
  /** Per position in a row's window list, the window the previous row went to (rows mostly share them). */
  private readonly recentWindows: (OpenWindow | undefined)[] = [];
  private windowState!: NamespacedValueState<AccumulatorRow>;
  private timers!: TimerService;

  constructor(spec: WindowAggregateSpec) {
    super(spec.name ?? 'WindowAggregate');
    validateWindowSpec(spec.window);
    this.spec = spec;
    this.handle = new AggregateHandle(spec.calls, true);
    this.keyPositions = spec.keyIndexes.map((_, i) => i);
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    this.windowState = ctx.backend.namespacedValueState<AccumulatorRow>({ name: 'window-accumulators' });
    this.timers = new TimerService(ctx.backend, 'window-timers');
  }

  private isEventTime(): boolean {
    return this.spec.timeIndex !== undefined;
  }

  private toUtc(localEnd: number): number {
    return this.spec.shift === undefined ? localEnd : this.spec.shift.toUtc(localEnd);
  }

  processBatch(_input: number, batch: Batch): void {
    const { keyIndexes, timeIndex, window, shift } = this.spec;
    const watermark = this.currentWatermark();
    const tumbleSize = window.kind === 'tumble' ? window.size : 0;
    const tumbleOffset = window.kind === 'tumble' ? (window.offset ?? 0) : 0;
    const rows = batch.rows;
    const kinds = batch.kinds;
    for (let i = 0; i < batch.length; i++) {
      const row = rows[i]!;
      if (!isAccumulate(kinds[i]!)) {
        throw new Error(
          `${this.name} accepts insert-only input; got a retraction (plan a group aggregate instead)`,
        );
      }
      let ts: number;
      if (timeIndex === undefined) ts = this.ctx.processingTime();
      else {
        const v = row[timeIndex];
        if (v === null || v === undefined) continue;
        ts = v as number;
      }
      const local = shift === undefined ? ts : shift.toLocal(ts);
      const keyId = keyIdOf(row, keyIndexes);
      let accepted: boolean;
      if (tumbleSize > 0) {
        accepted = this.add(
          windowStart(local, tumbleOffset, tumbleSize) + tumbleSize,
          keyId,
          row,
          watermark,
          0,
        );
      } else if (window.kind === 'hop') {
        // assignWindows' loop inline: no callback per row, and a cache slot per position in the loop
        // (consecutive rows mostly share their windows).
        accepted = false;
        let slot = 0;
        for (
          let start = windowStart(local, window.offset ?? 0, window.slide);
          start > local - window.size;
          start -= window.slide
        ) {
          if (this.add(start + window.size, keyId, row, watermark, slot++)) accepted = true;
        }
      } else {
        accepted = false;
        assignWindows(window, local, (_start, end) => {
          if (this.add(end, keyId, row, watermark, 0)) accepted = true;
        });
      }
      if (!accepted) this.ctx.metrics.numLateRecordsDropped++;
    }
  }

  /**
   * Adds `row` to window `end` of key `keyId`; false when that window has already fired (late).
   * `cacheSlot` picks the entry of `recentWindows` to try before the map of open windows.
   */
  private add(end: number, keyId: unknown, row: Row, watermark: number, cacheSlot: number): boolean {
    let w = this.recentWindows[cacheSlot];
    if (w === undefined || w.end !== end) {
      w = this.windows.get(end);
      if (w === undefined) {
        const fireAt = this.toUtc(end) - 1;
        if (this.isEventTime() && watermark >= fireAt) return false;
        w = this.openWindow(end, fireAt);
      }
      this.recentWindows[cacheSlot] = w;
    }
    if (this.isEventTime() && watermark >= w.fireAt) return false;
    let slot = w.slots.get(keyId);
    if (slot === undefined) {
      slot = { keyRow: keyRowOf(row, this.spec.keyIndexes), acc: this.handle.create() };
      w.slots.set(keyId, slot);
    }
    this.handle.accumulate(slot.acc, row);
    return true;
  }

  private openWindow(end: number, fireAt: number): OpenWindow {
    const w: OpenWindow = { end, fireAt, slots: new Map() };
    this.windows.set(end, w);
    // fire order: after every window firing at or before `fireAt` (windows are few; a linear scan
    // from the back finds the place at once for the usual ever-later windows)
    let at = this.fireOrder.length;
    while (at > 0 && this.fireOrder[at - 1]!.fireAt > fireAt) at--;
    this.fireOrder.splice(at, 0, w);
    if (!this.isEventTime()) this.ctx.scheduleProcessingTime(fireAt);
    return w;
  }

  protected override onWatermark(watermark: number): void {
    this.fireUpTo(watermark);
  }

  override onProcessingTime(time: number): void {
    if (this.isEventTime()) return;
    this.fireUpTo(time);
  }

  override finish(): void {
    if (!this.isEventTime()) this.fireUpTo(MAX_WATERMARK);
  }

  /** Emits and drops every window whose fire time is at or before `time`, in fire order. */
  private fireUpTo(time: number): void {
    let due = 0;
    let rows = 0;
    while (due < this.fireOrder.length && this.fireOrder[due]!.fireAt <= time) {
      rows += this.fireOrder[due]!.slots.size;
      due++;
    }
    if (due === 0) return;
    const fired = this.fireOrder.splice(0, due);
    const out = new BatchBuilder(rows);
    const k = this.spec.keyIndexes.length;
    const calls = this.handle.calls.length;
    for (const w of fired) {
      this.windows.delete(w.end);
      for (let r = 0; r < this.recentWindows.length; r++) {
        if (this.recentWindows[r] === w) this.recentWindows[r] = undefined;
      }
      const start = this.startOf(w.end);
      for (const slot of w.slots.values()) {
        const result = new Array<unknown>(k + calls + 3);
        for (let i = 0; i < k; i++) result[i] = slot.keyRow[i];
        this.handle.writeValues(slot.acc, result, k);
        result[k + calls] = start;
        result[k + calls + 1] = w.end;
        result[k + calls + 2] = w.fireAt;
        out.add(result, RowKind.INSERT);
      }
    }
    if (out.length > 0) this.output.emitBatch(out.build());
  }

  private startOf(end: number): number {
    const w = this.spec.window;
    switch (w.kind) {
      case 'tumble':
      case 'hop':
        return end - w.size;
      case 'cumulate':
        return windowStart(end - 1, w.offset ?? 0, w.maxSize);
    }
  }

  /** Open windows go through the backend: one value and one timer per key and window (see above). */
  override snapshotState(checkpointId: number): OperatorSnapshot {
    const backend = this.ctx.backend;
    for (const w of this.fireOrder) {
      for (const slot of w.slots.values()) {
        backend.setCurrentKey(serializeKeyRow(slot.keyRow), slot.keyRow);
        this.windowState.update(w.end, slot.acc);
        if (this.isEventTime()) this.timers.registerEventTimeTimer(w.end, w.fireAt);
        else this.timers.registerProcessingTimeTimer(w.end, w.fireAt);
      }
    }
    try {
      return super.snapshotState(checkpointId);
    } finally {
      this.drainBackend(() => {});
    }
  }

  override restoreState(snapshot: OperatorSnapshot): void {
    super.restoreState(snapshot);
    this.drainBackend((timer, acc) => {
      const end = timer.namespace as number;
      const w = this.windows.get(end) ?? this.openWindow(end, timer.time);
      w.slots.set(keyIdOf(timer.keyRow, this.keyPositions), { keyRow: timer.keyRow, acc });
    });
  }

  /** Removes every window value and timer from the backend, handing each to `take`. */
  private drainBackend(take: (timer: Timer, acc: AccumulatorRow) => void): void {
    const each = (timer: Timer): void => {
      const acc = this.windowState.value(timer.namespace);
      if (acc === null) return;
      this.windowState.clear(timer.namespace);
      take(timer, acc);
    };
    this.timers.advanceWatermark(MAX_WATERMARK, each);
    this.timers.advanceProcessingTime(MAX_WATERMARK, each);
  }
}

/**
 * The in-memory identity of a group key: the value itself for one string, bigint, boolean, null or
 * number column (Map's SameValueZero equals SQL equality there, except -0, which is serialised so it
 * stays apart from 0 as in serializeKey), else the serialised key. One column has one type, so raw
 * values and serialised strings never meet in one map.
 */
export function keyIdOf(row: Row, keyIndexes: readonly number[]): unknown {
  if (keyIndexes.length === 1) {
    const v = row[keyIndexes[0]!];
    switch (typeof v) {
      case 'string':
      case 'bigint':
      case 'boolean':
        return v;
      case 'number':
        if (!Object.is(v, -0)) return v;
        break;
      case 'undefined':
        return null;
      case 'object':
        if (v === null) return null;
        break;
    }
  }
  return serializeKey(row, keyIndexes);
}

export function keyRowOf(row: Row, keyIndexes: readonly number[]): unknown[] {
  const key = new Array<unknown>(keyIndexes.length);
  for (let i = 0; i < keyIndexes.length; i++) key[i] = row[keyIndexes[i]!];
  return key;
}
