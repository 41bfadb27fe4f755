/**
 * Window aggregation over TUMBLE / HOP / CUMULATE windows (Flink's window TVF aggregate), keyed by
 * the group key, one accumulator row per key and window (namespace = window end).
 *
 * Event time: a row is added to every window containing its rowtime that has not fired yet; a window
 * has fired once the watermark reached `window_end - 1` (Flink's isWindowFired). A row whose windows
 * have all fired is late: dropped and counted in numLateRecordsDropped (with HOP/CUMULATE a row may
 * still count in its later windows). When the watermark reaches `window_end - 1`, the window emits one
 * +I[...key, ...aggs, window_start, window_end, window_time] per key (window_time = window_end - 1) and
 * its state is cleared. Rows with a null rowtime are dropped. End of input (+infinity) flushes all.
 *
 * Processing time (no `timeIndex`): windows are assigned by the operator's processing time and fire on
 * processing-time timers; at end of input the pending windows are emitted.
 */

import { serializeKey } from '../../state/keys.ts';
import type { NamespacedValueState, Timer } from '../../state/state.ts';
import { TimerService } from '../../state/timers.ts';
import { type AccumulatorRow, type AggregateCall, AggregateHandle } from '../aggregation.ts';
import { type Batch, BatchBuilder, isAccumulate, type Row, RowKind } from '../batch.ts';
import { AbstractOperator, type OperatorContext } from '../operator.ts';
import {
  assignWindows,
  isWindowFired,
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

export class WindowAggregateOperator extends AbstractOperator {
  private readonly handle: AggregateHandle;
  private readonly spec: WindowAggregateSpec;
  private windowState!: NamespacedValueState<AccumulatorRow>;
  private timers!: TimerService;
  private pending: BatchBuilder | undefined;

  constructor(spec: WindowAggregateSpec) {
    super(spec.name ?? 'WindowAggregate');
    validateWindowSpec(spec.window);
    this.spec = spec;
    this.handle = new AggregateHandle(spec.calls);
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
    const backend = this.ctx.backend;
    const eventTime = this.isEventTime();
    const watermark = this.currentWatermark();
    for (let i = 0; i < batch.length; i++) {
      const row = batch.rows[i]!;
      if (!isAccumulate(batch.kinds[i]!)) {
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
      backend.setCurrentKey(serializeKey(row, keyIndexes), keyRowOf(row, keyIndexes));
      let accepted = false;
      assignWindows(window, shift === undefined ? ts : shift.toLocal(ts), (_start, end) => {
        const utcEnd = this.toUtc(end);
        if (eventTime && isWindowFired(utcEnd, watermark)) return;
        accepted = true;
        let acc = this.windowState.value(end);
        if (acc === null) {
          acc = this.handle.create();
          if (eventTime) this.timers.registerEventTimeTimer(end, utcEnd - 1);
          else {
            this.timers.registerProcessingTimeTimer(end, utcEnd - 1);
            this.ctx.scheduleProcessingTime(utcEnd - 1);
          }
        }
        this.handle.accumulate(acc, row);
        this.windowState.update(end, acc);
      });
      if (!accepted) this.ctx.metrics.numLateRecordsDropped++;
    }
  }

  protected override onWatermark(watermark: number): void {
    this.timers.advanceWatermark(watermark, (timer) => this.fire(timer));
    this.flushPending();
  }

  override onProcessingTime(time: number): void {
    if (this.isEventTime()) return;
    this.timers.advanceProcessingTime(time, (timer) => this.fire(timer));
    this.flushPending();
  }

  override finish(): void {
    if (!this.isEventTime()) {
      this.timers.advanceProcessingTime(Number.MAX_SAFE_INTEGER, (timer) => this.fire(timer));
      this.flushPending();
    }
  }

  private fire(timer: Timer): void {
    const end = timer.namespace as number;
    const acc = this.windowState.value(end);
    if (acc === null) return;
    const keyRow = timer.keyRow;
    const k = keyRow.length;
    const calls = this.handle.calls.length;
    const out = new Array<unknown>(k + calls + 3);
    for (let i = 0; i < k; i++) out[i] = keyRow[i];
    this.handle.writeValues(acc, out, k);
    out[k + calls] = this.startOf(end);
    out[k + calls + 1] = end;
    out[k + calls + 2] = this.toUtc(end) - 1;
    this.windowState.clear(end);
    (this.pending ??= new BatchBuilder(16)).add(out, RowKind.INSERT);
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

  private flushPending(): void {
    if (this.pending !== undefined && this.pending.length > 0) this.output.emitBatch(this.pending.build());
  }
}

export function keyRowOf(row: Row, keyIndexes: readonly number[]): unknown[] {
  const key = new Array<unknown>(keyIndexes.length);
  for (let i = 0; i < keyIndexes.length; i++) key[i] = row[keyIndexes[i]!];
  return key;
}
