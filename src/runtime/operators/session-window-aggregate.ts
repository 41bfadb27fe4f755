/**
 * Session window aggregation (SESSION TVF / GROUP BY SESSION), per key (PARTITION BY / group key).
 *
 * Each row opens the window [rowtime, rowtime + gap); windows of a key that intersect — Flink's
 * TimeWindow.intersects, inclusive at both ends, so [0, 5) and [5, 10) merge — are merged into their
 * cover, accumulators merged, the old timers deleted and one timer set at the merged `end - 1`.
 * A row whose (merged) window has already fired (watermark ≥ end - 1) is late: dropped and counted.
 * On firing: +I[...key, ...aggs, window_start, window_end, window_time = window_end - 1].
 */

import { serializeKey } from '../../state/keys.ts';
import type { Timer, ValueState } from '../../state/state.ts';
import { TimerService } from '../../state/timers.ts';
import { type AccumulatorRow, type AggregateCall, AggregateHandle } from '../aggregation.ts';
import { type Batch, BatchBuilder, isAccumulate, RowKind } from '../batch.ts';
import { AbstractOperator, type OperatorContext } from '../operator.ts';
import { isWindowFired } from '../windows.ts';
import { keyRowOf } from './window-aggregate.ts';

export interface SessionWindowAggregateSpec {
  readonly name?: string;
  readonly keyIndexes: readonly number[];
  readonly calls: readonly AggregateCall[];
  readonly gapMs: number;
  /** Rowtime column (epoch ms). */
  readonly timeIndex: number;
}

interface Session {
  start: number;
  end: number;
  acc: AccumulatorRow;
}

export class SessionWindowAggregateOperator extends AbstractOperator {
  private readonly handle: AggregateHandle;
  private sessions!: ValueState<Session[]>;
  private timers!: TimerService;
  private pending: BatchBuilder | undefined;

  constructor(private readonly spec: SessionWindowAggregateSpec) {
    super(spec.name ?? 'SessionWindowAggregate');
    if (!(spec.gapMs > 0))
      throw new RangeError(`Session gap must be a positive number of ms, got ${spec.gapMs}`);
    this.handle = new AggregateHandle(spec.calls, true);
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    this.sessions = ctx.backend.valueState<Session[]>({ name: 'sessions' });
    this.timers = new TimerService(ctx.backend, 'session-timers');
  }

  processBatch(_input: number, batch: Batch): void {
    const { keyIndexes, timeIndex, gapMs } = this.spec;
    const backend = this.ctx.backend;
    const watermark = this.currentWatermark();
    for (let i = 0; i < batch.length; i++) {
      const row = batch.rows[i]!;
      if (!isAccumulate(batch.kinds[i]!)) {
        throw new Error(`${this.name} accepts insert-only input; got a retraction`);
      }
      const ts = row[timeIndex];
      if (ts === null || ts === undefined) continue;
      let start = ts as number;
      let end = start + gapMs;
      backend.setCurrentKey(serializeKey(row, keyIndexes), keyRowOf(row, keyIndexes));
      const existing = this.sessions.value();
      // The usual case: the key's only session takes the row (no arrays, and the timer moves only
      // when the session's end does).
      if (existing !== null && existing.length === 1) {
        const s = existing[0]!;
        if (s.start <= end && s.end >= start) {
          const newStart = Math.min(s.start, start);
          const newEnd = Math.max(s.end, end);
          if (isWindowFired(newEnd, watermark)) {
            this.ctx.metrics.numLateRecordsDropped++;
            continue;
          }
          this.handle.accumulate(s.acc, row);
          if (newStart !== s.start || newEnd !== s.end) {
            this.timers.deleteEventTimeTimer(s.start, s.end - 1);
            this.timers.registerEventTimeTimer(newStart, newEnd - 1);
            s.start = newStart;
            s.end = newEnd;
          }
          this.sessions.update(existing);
          continue;
        }
      }
      const overlapping: Session[] = [];
      const others: Session[] = [];
      for (const s of existing ?? []) {
        if (s.start <= end && s.end >= start) {
          overlapping.push(s);
          if (s.start < start) start = s.start;
          if (s.end > end) end = s.end;
        } else others.push(s);
      }
      if (isWindowFired(end, watermark)) {
        this.ctx.metrics.numLateRecordsDropped++;
        continue;
      }
      let acc: AccumulatorRow;
      if (overlapping.length === 0) acc = this.handle.create();
      else {
        acc = overlapping[0]!.acc;
        for (let j = 1; j < overlapping.length; j++) this.handle.merge(acc, overlapping[j]!.acc);
      }
      this.handle.accumulate(acc, row);
      for (const s of overlapping) this.timers.deleteEventTimeTimer(s.start, s.end - 1);
      this.timers.registerEventTimeTimer(start, end - 1);
      others.push({ start, end, acc });
      this.sessions.update(others);
    }
  }

  protected override onWatermark(watermark: number): void {
    this.timers.advanceWatermark(watermark, (timer) => this.fire(timer));
    if (this.pending !== undefined && this.pending.length > 0) this.output.emitBatch(this.pending.build());
  }

  private fire(timer: Timer): void {
    const list = this.sessions.value();
    if (list === null) return;
    const index = list.findIndex((s) => s.start === timer.namespace && s.end - 1 === timer.time);
    if (index < 0) return;
    const session = list[index]!;
    const keyRow = timer.keyRow;
    const k = keyRow.length;
    const calls = this.handle.calls.length;
    const out = new Array<unknown>(k + calls + 3);
    for (let j = 0; j < k; j++) out[j] = keyRow[j];
    this.handle.writeValues(session.acc, out, k);
    out[k + calls] = session.start;
    out[k + calls + 1] = session.end;
    out[k + calls + 2] = session.end - 1;
    list.splice(index, 1);
    if (list.length === 0) this.sessions.clear();
    else this.sessions.update(list);
    (this.pending ??= new BatchBuilder(16)).add(out, RowKind.INSERT);
  }
}
