/**
 * Event-time HOP window aggregation by slices (Flink's SliceSharedAssigner and
 * SliceSharedWindowAggProcessor): time is cut into slices of gcd(size, slide) ms, each row is
 * accumulated once, into its key's accumulator of its slice, and when a window fires the
 * size / gcd slices it covers are merged per key. Per row that is one map lookup and one accumulate
 * instead of size / slide of each. Only for aggregates whose merge gives exactly what accumulating
 * the rows one by one gives (the planner checks: see `slicedHopSupported`).
 *
 * The results are those of WindowAggregateOperator (window-aggregate.ts), row for row and in the same
 * order: a row counts in every window of its slice that has not fired (a row whose slice's last
 * window has fired is late: dropped and counted), a window emits one +I per key in the order the keys
 * first entered it (each slice slot remembers the sequence number of its key's first row), and
 * window_time is `window_end - 1`. A slice is dropped when its last window has fired.
 *
 * Snapshots write each slice slot to the keyed backend as one namespaced value (namespace: the slice
 * end) and one event-time timer at the fire time of the slice's first window still to fire, and
 * remove them again afterwards; the operator state is the watermark up to which windows have fired,
 * so a restored operator neither fires a window twice nor forgets one.
 */

import { serializeKeyRow } from '../../state/keys.ts';
import type { NamespacedValueState, Timer } from '../../state/state.ts';
import type { Encoded } from '../../state/tagged-value.ts';
import { MAX_WATERMARK, MIN_WATERMARK, TimerService } from '../../state/timers.ts';
import { type AccumulatorRow, AggregateHandle } from '../aggregation.ts';
import { type Batch, BatchBuilder, isAccumulate, RowKind } from '../batch.ts';
import { AbstractOperator, type OperatorContext, type OperatorSnapshot } from '../operator.ts';
import { windowStart } from '../windows.ts';
import { keyIdOf, keyRowOf, type WindowAggregateSpec } from './window-aggregate.ts';

interface SliceSlot {
  readonly keyRow: readonly unknown[];
  readonly acc: AccumulatorRow;
  /** When the key first entered the slice (ascending over the operator's life). */
  readonly seq: number;
}

interface Slice {
  /** Slice end on the windows' clock; the state namespace. */
  readonly end: number;
  /** Key id → accumulator, in the order keys entered the slice (so ascending `seq`). */
  readonly slots: Map<unknown, SliceSlot>;
  /** UTC fire time of the last window containing the slice: later rows are late. */
  readonly lastFireAt: number;
}

interface PendingWindow {
  readonly end: number;
  readonly fireAt: number;
}

function gcd(a: number, b: number): number {
  while (b !== 0) [a, b] = [b, a % b];
  return a;
}

export class SlicedHopWindowAggregateOperator extends AbstractOperator {
  private readonly handle: AggregateHandle;
  private readonly spec: WindowAggregateSpec;
  private readonly keyPositions: readonly number[];
  private readonly size: number;
  private readonly slide: number;
  private readonly offset: number;
  private readonly sliceSize: number;
  private readonly timeIndex: number;
  private readonly slices = new Map<number, Slice>();
  private recentSlice: Slice | undefined;
  /** Windows with at least one slice that have not fired, by ascending fire time. */
  private readonly pending: PendingWindow[] = [];
  private readonly pendingEnds = new Set<number>();
  /** Windows firing at or before this time have fired (the watermark they fired at). */
  private firedUpTo = MIN_WATERMARK;
  private nextSeq = 0;
  private sliceState!: NamespacedValueState<AccumulatorRow>;
  private timers!: TimerService;

  constructor(spec: WindowAggregateSpec) {
    super(spec.name ?? 'WindowAggregate');
    const w = spec.window;
    if (w.kind !== 'hop' || spec.timeIndex === undefined) {
      throw new Error('The sliced window aggregate runs event-time HOP windows only');
    }
    if (!(w.slide > 0 && w.size >= w.slide)) {
      throw new RangeError(
        `The sliced window aggregate needs a HOP size of at least the slide (every slice in a window), got size ${w.size} ms and slide ${w.slide} ms`,
      );
    }
    for (const call of spec.calls) {
      if (call.distinct === true || call.fn.merge === undefined) {
        throw new Error(
          `The sliced window aggregate needs mergeable, non-DISTINCT calls (${call.fn.name ?? 'aggregate'}); use WindowAggregateOperator`,
        );
      }
    }
    this.spec = spec;
    this.handle = new AggregateHandle(spec.calls, true);
    this.keyPositions = spec.keyIndexes.map((_, i) => i);
    this.size = w.size;
    this.slide = w.slide;
    this.offset = w.offset ?? 0;
    this.sliceSize = gcd(w.size, w.slide);
    this.timeIndex = spec.timeIndex;
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    this.sliceState = ctx.backend.namespacedValueState<AccumulatorRow>({ name: 'window-slices' });
    this.timers = new TimerService(ctx.backend, 'window-slice-timers');
  }

  private fireAtOf(windowEnd: number): number {
    return (this.spec.shift === undefined ? windowEnd : this.spec.shift.toUtc(windowEnd)) - 1;
  }

  processBatch(_input: number, batch: Batch): void {
    const { keyIndexes, shift } = this.spec;
    const timeIndex = this.timeIndex;
    const sliceSize = this.sliceSize;
    const watermark = this.currentWatermark();
    const rows = batch.rows;
    const kinds = batch.kinds;
    for (let i = 0; i < batch.length; i++) {
      const row = rows[i]!;
      if (!isAccumulate(kinds[i]!)) {
        throw new Error(
          `${this.name} accepts insert-only input; got a retraction (plan a group aggregate instead)`,
        );
      }
      const v = row[timeIndex];
      if (v === null || v === undefined) continue;
      const local = shift === undefined ? (v as number) : shift.toLocal(v as number);
      const end = windowStart(local, this.offset, sliceSize) + sliceSize;
      let slice = this.recentSlice;
      if (slice === undefined || slice.end !== end) {
        slice = this.slices.get(end) ?? this.openSlice(end, watermark);
        if (slice === undefined) {
          this.ctx.metrics.numLateRecordsDropped++;
          continue;
        }
        this.recentSlice = slice;
      }
      if (watermark >= slice.lastFireAt) {
        this.ctx.metrics.numLateRecordsDropped++;
        continue;
      }
      const keyId = keyIdOf(row, keyIndexes);
      let slot = slice.slots.get(keyId);
      if (slot === undefined) {
        slot = { keyRow: keyRowOf(row, keyIndexes), acc: this.handle.create(), seq: this.nextSeq++ };
        slice.slots.set(keyId, slot);
      }
      this.handle.accumulate(slot.acc, row);
    }
  }

  /** The window ends containing the slice ending at `sliceEnd`, latest first (Flink's order). */
  private windowEndsOf(sliceEnd: number): number[] {
    const start = sliceEnd - this.sliceSize;
    const ends: number[] = [];
    for (let s = windowStart(start, this.offset, this.slide); s > start - this.size; s -= this.slide) {
      ends.push(s + this.size);
    }
    return ends;
  }

  /** Opens the slice and marks its windows still to fire as pending; undefined when all have fired. */
  private openSlice(end: number, watermark: number): Slice | undefined {
    const ends = this.windowEndsOf(end);
    const lastFireAt = this.fireAtOf(ends[0]!);
    const floor = Math.max(watermark, this.firedUpTo);
    if (floor >= lastFireAt) return undefined;
    const slice: Slice = { end, slots: new Map(), lastFireAt };
    this.slices.set(end, slice);
    for (const windowEnd of ends) {
      const fireAt = this.fireAtOf(windowEnd);
      if (fireAt > floor) this.addPending(windowEnd, fireAt);
    }
    return slice;
  }

  private addPending(end: number, fireAt: number): void {
    if (this.pendingEnds.has(end)) return;
    this.pendingEnds.add(end);
    let at = this.pending.length;
    while (at > 0 && this.pending[at - 1]!.fireAt > fireAt) at--;
    this.pending.splice(at, 0, { end, fireAt });
  }

  protected override onWatermark(watermark: number): void {
    this.fireUpTo(watermark);
  }

  /** Emits every pending window firing at or before `time`, then drops the slices no window needs. */
  private fireUpTo(time: number): void {
    if (time > this.firedUpTo) this.firedUpTo = time;
    let due = 0;
    while (due < this.pending.length && this.pending[due]!.fireAt <= time) due++;
    if (due === 0) return;
    const fired = this.pending.splice(0, due);
    const out = new BatchBuilder();
    for (const w of fired) {
      this.pendingEnds.delete(w.end);
      this.emitWindow(w, out);
    }
    for (const [end, slice] of this.slices) {
      if (slice.lastFireAt <= time) {
        this.slices.delete(end);
        if (this.recentSlice === slice) this.recentSlice = undefined;
      }
    }
    if (out.length > 0) this.output.emitBatch(out.build());
  }

  private emitWindow(w: PendingWindow, out: BatchBuilder): void {
    const covered: Slice[] = [];
    for (let end = w.end - this.size + this.sliceSize; end <= w.end; end += this.sliceSize) {
      const slice = this.slices.get(end);
      if (slice !== undefined && slice.slots.size > 0) covered.push(slice);
    }
    // key id → the key's slots in this window, keys in the order of their first slot's `seq`
    const byKey = new Map<unknown, SliceSlot[]>();
    if (inSeqOrder(covered)) {
      for (const slice of covered) {
        for (const [keyId, slot] of slice.slots) {
          const slots = byKey.get(keyId);
          if (slots === undefined) byKey.set(keyId, [slot]);
          else slots.push(slot);
        }
      }
    } else {
      const all: [unknown, SliceSlot][] = [];
      for (const slice of covered) for (const entry of slice.slots) all.push(entry);
      all.sort((a, b) => a[1].seq - b[1].seq);
      for (const [keyId, slot] of all) {
        const slots = byKey.get(keyId);
        if (slots === undefined) byKey.set(keyId, [slot]);
        else slots.push(slot);
      }
    }
    const k = this.spec.keyIndexes.length;
    const calls = this.handle.calls.length;
    const start = w.end - this.size;
    for (const slots of byKey.values()) {
      const first = slots[0]!;
      let acc = first.acc;
      if (slots.length > 1) {
        acc = this.handle.create();
        for (const slot of slots) this.handle.merge(acc, slot.acc);
      }
      const result = new Array<unknown>(k + calls + 3);
      for (let i = 0; i < k; i++) result[i] = first.keyRow[i];
      this.handle.writeValues(acc, result, k);
      result[k + calls] = start;
      result[k + calls + 1] = w.end;
      result[k + calls + 2] = w.fireAt;
      out.add(result, RowKind.INSERT);
    }
  }

  /** Slots of each slice go to the backend with a timer at the slice's first pending window. */
  override snapshotState(checkpointId: number): OperatorSnapshot {
    const backend = this.ctx.backend;
    for (const slice of this.slices.values()) {
      const firstPending = this.firstPendingFireAt(slice.end);
      for (const slot of slice.slots.values()) {
        backend.setCurrentKey(serializeKeyRow(slot.keyRow), slot.keyRow);
        this.sliceState.update(slice.end, slot.acc);
        this.timers.registerEventTimeTimer(slice.end, firstPending);
      }
    }
    try {
      return super.snapshotState(checkpointId);
    } finally {
      this.drainBackend(() => {});
    }
  }

  private firstPendingFireAt(sliceEnd: number): number {
    let first = MAX_WATERMARK;
    for (const windowEnd of this.windowEndsOf(sliceEnd)) {
      const fireAt = this.fireAtOf(windowEnd);
      if (fireAt > this.firedUpTo && fireAt < first) first = fireAt;
    }
    return first;
  }

  protected override snapshotOperatorState(): Encoded {
    return this.firedUpTo;
  }

  protected override restoreOperatorState(state: Encoded): void {
    if (typeof state === 'number' && state > this.firedUpTo) this.firedUpTo = state;
  }

  override restoreState(snapshot: OperatorSnapshot): void {
    super.restoreState(snapshot);
    // per-window state of WindowAggregateOperator (a savepoint from before slicing) cannot be split
    // into slices; refuse it rather than silently start the open windows from nothing
    let perWindow = 0;
    new TimerService(this.ctx.backend, 'window-timers').advanceWatermark(MAX_WATERMARK, () => {
      perWindow++;
    });
    if (perWindow > 0) {
      throw new Error(
        `${this.name}: the snapshot holds ${perWindow} per-window HOP accumulators written by the unsliced window aggregate; restore it with the same build that took it, or stop the job with drain (all windows fired) before upgrading`,
      );
    }
    this.drainBackend((timer, acc) => {
      const end = timer.namespace as number;
      let slice = this.slices.get(end);
      if (slice === undefined) {
        const ends = this.windowEndsOf(end);
        slice = { end, slots: new Map(), lastFireAt: this.fireAtOf(ends[0]!) };
        this.slices.set(end, slice);
        for (const windowEnd of ends) {
          const fireAt = this.fireAtOf(windowEnd);
          if (fireAt >= timer.time) this.addPending(windowEnd, fireAt);
        }
      }
      const keyId = keyIdOf(timer.keyRow, this.keyPositions);
      slice.slots.set(keyId, { keyRow: timer.keyRow, acc, seq: this.nextSeq++ });
    });
  }

  /** Removes every slice value and timer from the backend, handing each to `take`. */
  private drainBackend(take: (timer: Timer, acc: AccumulatorRow) => void): void {
    this.timers.advanceWatermark(MAX_WATERMARK, (timer) => {
      const acc = this.sliceState.value(timer.namespace);
      if (acc === null) return;
      this.sliceState.clear(timer.namespace);
      take(timer, acc);
    });
  }
}

/** Whether every slot of each slice entered before every slot of the next (rows came in order). */
function inSeqOrder(slices: readonly Slice[]): boolean {
  let last = -1;
  for (const slice of slices) {
    let first: SliceSlot | undefined;
    let lastSlot: SliceSlot | undefined;
    for (const slot of slice.slots.values()) {
      first ??= slot;
      lastSlot = slot;
    }
    if (first === undefined || lastSlot === undefined) continue;
    if (first.seq <= last) return false;
    last = lastSlot.seq;
  }
  return true;
}
