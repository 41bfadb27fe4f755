/**
 * OVER aggregation (Flink's over/ *PrecedingFunction family): every input row is emitted once as
 * +I[...row, ...aggregates over its frame], partitioned by `partitionKeyIndexes`.
 *
 * - `order: rowtime` (RowTime{Rows,Range}{Unbounded,Bounded}PrecedingFunction): rows are buffered per
 *   partition until the watermark passes their rowtime, then processed in rowtime order (ties in
 *   arrival order). A row whose rowtime is not above the last processed rowtime of its partition is
 *   late: dropped and counted. RANGE frames treat rows with the same rowtime as peers (they are all
 *   accumulated before any of them is emitted); ROWS frames go row by row. A bounded frame retracts
 *   rows that left it: RANGE keeps rows with t >= current - precedingMs, ROWS the last
 *   `preceding + 1` rows. Null rowtimes are dropped.
 * - `order: proctime` (ProcTime*PrecedingFunction): rows are processed on arrival in arrival order;
 *   a bounded RANGE frame keeps rows that arrived within `precedingMs` of processing time.
 * - `order: non-time` (Flink 2.x NonTimeRangeUnboundedPrecedingFunction, RANGE UNBOUNDED PRECEDING
 *   ordered by a non-time column, over updating input): per partition a sorted list; an accumulate
 *   emits the row (with its own kind, +I or +U) with the aggregate over rows ordered <= it, then
 *   -U/+U for every row ordered strictly after it whose value changed; a retract emits the row with
 *   its last value (with its own kind, -U or -D) and updates the rows after it the same way. Peers
 *   of the changed row keep their previous values, as in Flink.
 * LAG/LEAD-style functions are aggregate calls (`lagAccumulator`); ROW_NUMBER is COUNT(*) over ROWS.
 */

import { serializeKey } from '../../state/keys.ts';
import type { MapState, ValueState } from '../../state/state.ts';
import { TimerService } from '../../state/timers.ts';
import {
  type AccumulatorFunction,
  type AccumulatorRow,
  type AggregateCall,
  AggregateHandle,
  valuesEqual,
} from '../aggregation.ts';
import { type Batch, BatchBuilder, isAccumulate, type Row, RowKind } from '../batch.ts';
import { AbstractOperator, type OperatorContext } from '../operator.ts';
import { keyRowOf } from './join-state.ts';

export type OverOrder =
  | { readonly kind: 'rowtime'; readonly timeIndex: number }
  | { readonly kind: 'proctime' }
  | { readonly kind: 'non-time'; readonly compare: (a: Row, b: Row) => number };

export interface OverFrame {
  readonly kind: 'rows' | 'range';
  /** Rows (ROWS) or milliseconds (RANGE) preceding; absent = UNBOUNDED PRECEDING. */
  readonly preceding?: number;
}

export interface OverAggregateSpec {
  readonly name?: string;
  readonly partitionKeyIndexes: readonly number[];
  readonly order: OverOrder;
  readonly frame: OverFrame;
  readonly calls: readonly AggregateCall[];
  readonly stateTtlMs?: number;
}

/** LAG(x, offset, default) as an accumulator over ROWS UNBOUNDED PRECEDING (Flink's LagAggFunction). */
export function lagAccumulator(offset = 1, defaultValue: unknown = null): AccumulatorFunction<unknown[]> {
  return {
    name: 'LAG',
    createAccumulator: () => [],
    accumulate: (acc, args) => {
      acc.push(args[0]);
      if (acc.length > offset + 1) acc.shift();
      return acc;
    },
    retract: (acc) => {
      acc.shift();
      return acc;
    },
    getValue: (acc) => (acc.length === offset + 1 ? acc[0] : defaultValue),
  };
}

interface Buffered {
  rows: Row[];
}
interface Sorted {
  row: Row;
  value: unknown[];
}

export class OverAggregateOperator extends AbstractOperator {
  private readonly handle: AggregateHandle;
  private acc!: ValueState<AccumulatorRow>;
  /** rowtime: rows waiting for the watermark, by rowtime. */
  private pendingRows!: MapState<number, Buffered>;
  /** bounded frames: rows still inside the frame, oldest first, with their order time. */
  private frameRows!: ValueState<[number, Row][]>;
  private lastTriggered!: ValueState<number>;
  private sorted!: ValueState<Sorted[]>;
  private timers!: TimerService;
  private out = new BatchBuilder(16);

  constructor(private readonly spec: OverAggregateSpec) {
    super(spec.name ?? 'OverAggregate');
    this.handle = new AggregateHandle(spec.calls);
    if (
      spec.order.kind === 'non-time' &&
      (spec.frame.kind !== 'range' || spec.frame.preceding !== undefined)
    ) {
      throw new Error(
        'OVER ordered by a non-time column supports RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW only',
      );
    }
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    const ttl = (this.spec.stateTtlMs ?? 0) > 0 ? { ttl: { ttlMs: this.spec.stateTtlMs! } } : {};
    this.acc = ctx.backend.valueState<AccumulatorRow>({ name: 'over-acc', ...ttl });
    this.pendingRows = ctx.backend.mapState<number, Buffered>({ name: 'over-pending', ...ttl });
    this.frameRows = ctx.backend.valueState<[number, Row][]>({ name: 'over-frame', ...ttl });
    this.lastTriggered = ctx.backend.valueState<number>({ name: 'over-last-triggered', ...ttl });
    this.sorted = ctx.backend.valueState<Sorted[]>({ name: 'over-sorted', ...ttl });
    this.timers = new TimerService(ctx.backend, 'over-timers');
  }

  processBatch(_input: number, batch: Batch): void {
    const { partitionKeyIndexes: keys, order } = this.spec;
    for (let i = 0; i < batch.length; i++) {
      const row = batch.rows[i]!;
      this.ctx.backend.setCurrentKey(serializeKey(row, keys), keyRowOf(row, keys));
      if (order.kind === 'non-time') this.processNonTime(row, batch.kinds[i]!, order.compare);
      else if (!isAccumulate(batch.kinds[i]!)) {
        throw new Error(`${this.name} ordered by time accepts insert-only input; got a retraction`);
      } else if (order.kind === 'proctime') this.processOrdered([row], this.ctx.processingTime());
      else {
        const t = row[order.timeIndex];
        if (t === null || t === undefined) continue;
        const time = t as number;
        const last = this.lastTriggered.value();
        if ((last !== null && time <= last) || time <= this.currentWatermark()) {
          this.ctx.metrics.numLateRecordsDropped++;
          continue;
        }
        const buffered = this.pendingRows.get(time) ?? { rows: [] };
        buffered.rows.push(row);
        this.pendingRows.put(time, buffered);
        this.timers.registerEventTimeTimer('over', time);
      }
    }
    this.flush();
  }

  protected override onWatermark(watermark: number): void {
    this.timers.advanceWatermark(watermark, (timer) => {
      const buffered = this.pendingRows.get(timer.time);
      if (buffered === undefined) return;
      this.pendingRows.remove(timer.time);
      this.processOrdered(buffered.rows, timer.time);
      this.lastTriggered.update(timer.time);
    });
    this.flush();
  }

  /** Rows with the same order time, in arrival order. */
  private processOrdered(rows: Row[], time: number): void {
    const { frame } = this.spec;
    const handle = this.handle;
    const acc = this.acc.value() ?? handle.create();
    const bounded = frame.preceding !== undefined;
    const inFrame = bounded ? (this.frameRows.value() ?? []) : [];
    if (frame.kind === 'range') {
      if (bounded) {
        while (inFrame.length > 0 && inFrame[0]![0] < time - frame.preceding!)
          handle.retract(acc, inFrame.shift()![1]);
      }
      for (const row of rows) {
        handle.accumulate(acc, row);
        if (bounded) inFrame.push([time, row]);
      }
      for (const row of rows) this.emit(row, acc);
    } else {
      for (const row of rows) {
        handle.accumulate(acc, row);
        if (bounded) {
          inFrame.push([time, row]);
          if (inFrame.length > frame.preceding! + 1) handle.retract(acc, inFrame.shift()![1]);
        }
        this.emit(row, acc);
      }
    }
    this.acc.update(acc);
    if (bounded) this.frameRows.update(inFrame);
  }

  private emit(row: Row, acc: AccumulatorRow): void {
    const out = [...row];
    this.handle.writeValues(acc, out, row.length);
    this.out.add(out, RowKind.INSERT);
  }

  private processNonTime(row: Row, kind: number, compare: (a: Row, b: Row) => number): void {
    const list = this.sorted.value() ?? [];
    let changedAt: number;
    if (isAccumulate(kind)) {
      let at = list.length;
      while (at > 0 && compare(list[at - 1]!.row, row) > 0) at--;
      list.splice(at, 0, { row, value: [] });
      const value = this.prefixValue(list, at);
      list[at]!.value = value;
      this.out.add([...row, ...value], kind);
      changedAt = at;
    } else {
      const at = list.findIndex((e) => valuesEqual(e.row, row));
      if (at < 0) return;
      const [removed] = list.splice(at, 1);
      this.out.add([...removed!.row, ...removed!.value], kind);
      changedAt = at - 1;
    }
    // rows ordered strictly after the changed position (peers keep their values)
    const pivot = isAccumulate(kind) ? list[changedAt]!.row : row;
    for (let i = 0; i < list.length; i++) {
      const e = list[i]!;
      if (compare(e.row, pivot) <= 0) continue;
      const value = this.prefixValue(list, i);
      if (valuesEqual(value, e.value)) continue;
      this.out.add([...e.row, ...e.value], RowKind.UPDATE_BEFORE);
      this.out.add([...e.row, ...value], RowKind.UPDATE_AFTER);
      e.value = value;
    }
    if (list.length === 0) this.sorted.clear();
    else this.sorted.update(list);
  }

  /** Aggregate over every row ordered <= the row at `index` (RANGE: its peers included). */
  private prefixValue(list: Sorted[], index: number): unknown[] {
    const compare = (this.spec.order as { compare: (a: Row, b: Row) => number }).compare;
    const acc = this.handle.create();
    const pivot = list[index]!.row;
    for (const e of list) if (compare(e.row, pivot) <= 0) this.handle.accumulate(acc, e.row);
    const value = new Array<unknown>(this.handle.calls.length);
    this.handle.writeValues(acc, value, 0);
    return value;
  }

  private flush(): void {
    if (this.out.length > 0) this.output.emitBatch(this.out.build());
  }
}
