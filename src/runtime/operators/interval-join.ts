/**
 * Event-time interval join (Flink's RowTimeIntervalJoin): `l.t BETWEEN r.t + lowerBound AND
 * r.t + upperBound` plus equi-keys and an optional condition; INNER / LEFT / RIGHT / FULL.
 *
 * Per key, each side caches rows by rowtime (with an "emitted" flag for outer sides). A row joins the
 * other side's cached rows inside its bounds (emitting +I[left + right] and flagging both). It is then
 * cached while the watermark may still bring partners (other-side operator time < its upper bound);
 * otherwise, unmatched on an outer side, it is emitted padded at once. Cached rows expire when the
 * watermark passes `t + relativeSize` (cleanup timers at `t + relativeSize + (sum of sizes) / 2 + 1`);
 * expiring unmatched outer rows are emitted padded (+I[row + nulls]). Null rowtimes are dropped.
 * A negative window (lowerBound > upperBound) joins nothing: outer rows are padded immediately.
 */

import { serializeKey } from '../../state/keys.ts';
import type { MapState, Timer } from '../../state/state.ts';
import { TimerService } from '../../state/timers.ts';
import { type Batch, BatchBuilder, type Row, RowKind } from '../batch.ts';
import { AbstractOperator, type OperatorContext } from '../operator.ts';
import { hasFilteredNull, joinRows, keyRowOf } from './join-state.ts';
import type { JoinCondition, JoinType } from './stream-join.ts';

export interface IntervalJoinSpec {
  readonly name?: string;
  readonly joinType: JoinType;
  readonly leftKeyIndexes: readonly number[];
  readonly rightKeyIndexes: readonly number[];
  readonly filterNulls?: readonly boolean[];
  readonly condition?: JoinCondition;
  readonly leftArity: number;
  readonly rightArity: number;
  readonly leftTimeIndex: number;
  readonly rightTimeIndex: number;
  /** left.t >= right.t + lowerBoundMs */
  readonly lowerBoundMs: number;
  /** left.t <= right.t + upperBoundMs */
  readonly upperBoundMs: number;
}

type Cached = [row: Row, emitted: boolean];

export class IntervalJoinOperator extends AbstractOperator {
  private leftCache!: MapState<number, Cached[]>;
  private rightCache!: MapState<number, Cached[]>;
  private timers!: TimerService;
  private readonly leftRelativeSize: number;
  private readonly rightRelativeSize: number;
  private readonly cleanupInterval: number;
  private readonly leftOuter: boolean;
  private readonly rightOuter: boolean;
  private pending = new BatchBuilder(16);

  constructor(private readonly spec: IntervalJoinSpec) {
    super(spec.name ?? 'IntervalJoin', 2);
    this.leftRelativeSize = -spec.lowerBoundMs;
    this.rightRelativeSize = spec.upperBoundMs;
    this.cleanupInterval = Math.floor((this.leftRelativeSize + this.rightRelativeSize) / 2);
    this.leftOuter = spec.joinType === 'left' || spec.joinType === 'full';
    this.rightOuter = spec.joinType === 'right' || spec.joinType === 'full';
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    this.leftCache = ctx.backend.mapState<number, Cached[]>({ name: 'left-cache' });
    this.rightCache = ctx.backend.mapState<number, Cached[]>({ name: 'right-cache' });
    this.timers = new TimerService(ctx.backend, 'interval-join-timers');
  }

  private padded(row: Row, isLeft: boolean): Row {
    const { leftArity, rightArity } = this.spec;
    return isLeft ? joinRows(row, null, leftArity, rightArity) : joinRows(null, row, leftArity, rightArity);
  }

  processBatch(input: number, batch: Batch): void {
    const isLeft = input === 0;
    const s = this.spec;
    const keyIndexes = isLeft ? s.leftKeyIndexes : s.rightKeyIndexes;
    const negative = s.lowerBoundMs > s.upperBoundMs;
    for (let i = 0; i < batch.length; i++) {
      const row = batch.rows[i]!;
      const t = row[isLeft ? s.leftTimeIndex : s.rightTimeIndex];
      if (t === null || t === undefined) continue;
      if (negative || hasFilteredNull(row, keyIndexes, s.filterNulls)) {
        if (isLeft ? this.leftOuter : this.rightOuter)
          this.pending.add(this.padded(row, isLeft), RowKind.INSERT);
        continue;
      }
      this.ctx.backend.setCurrentKey(serializeKey(row, keyIndexes), keyRowOf(row, keyIndexes));
      this.processRow(row, t as number, isLeft);
    }
    this.flush();
  }

  private processRow(row: Row, time: number, isLeft: boolean): void {
    const s = this.spec;
    const operatorTime = this.currentWatermark();
    // bounds of the other side's rowtime that can join this row
    const lower = isLeft ? time - this.rightRelativeSize : time - this.leftRelativeSize;
    const upper = isLeft ? time + this.leftRelativeSize : time + this.rightRelativeSize;
    const otherCache = isLeft ? this.rightCache : this.leftCache;
    const otherOuter = isLeft ? this.rightOuter : this.leftOuter;
    let emitted = false;
    for (const [otherTime, rows] of otherCache.entries()) {
      if (otherTime < lower || otherTime > upper) continue;
      let changed = false;
      for (const cached of rows) {
        const [l, r] = isLeft ? [row, cached[0]] : [cached[0], row];
        if (s.condition !== undefined && !s.condition(l, r)) continue;
        this.pending.add(joinRows(l, r, s.leftArity, s.rightArity), RowKind.INSERT);
        emitted = true;
        if (otherOuter && !cached[1]) {
          cached[1] = true;
          changed = true;
        }
      }
      if (changed) otherCache.put(otherTime, rows);
    }
    if (operatorTime < upper) {
      const cache = isLeft ? this.leftCache : this.rightCache;
      const list = cache.get(time) ?? [];
      list.push([row, emitted]);
      cache.put(time, list);
      const relative = isLeft ? this.leftRelativeSize : this.rightRelativeSize;
      this.timers.registerEventTimeTimer(isLeft ? 'l' : 'r', time + relative + this.cleanupInterval + 1);
    } else if (!emitted && (isLeft ? this.leftOuter : this.rightOuter)) {
      this.pending.add(this.padded(row, isLeft), RowKind.INSERT);
    }
  }

  protected override onWatermark(watermark: number): void {
    this.timers.advanceWatermark(watermark, (timer) => this.onTimer(timer, watermark));
    this.flush();
  }

  private onTimer(timer: Timer, watermark: number): void {
    const isLeft = timer.namespace === 'l';
    const relative = isLeft ? this.leftRelativeSize : this.rightRelativeSize;
    const expiration = watermark === Number.MAX_SAFE_INTEGER ? watermark : watermark - relative - 1;
    const cache = isLeft ? this.leftCache : this.rightCache;
    const outer = isLeft ? this.leftOuter : this.rightOuter;
    let earliest = Number.POSITIVE_INFINITY;
    for (const [time, rows] of cache.entries()) {
      if (time <= expiration) {
        if (outer)
          for (const [row, emitted] of rows)
            if (!emitted) this.pending.add(this.padded(row, isLeft), RowKind.INSERT);
        cache.remove(time);
      } else if (time < earliest) earliest = time;
    }
    if (earliest !== Number.POSITIVE_INFINITY) {
      this.timers.registerEventTimeTimer(timer.namespace, earliest + relative + this.cleanupInterval + 1);
    }
  }

  private flush(): void {
    if (this.pending.length > 0) this.output.emitBatch(this.pending.build());
  }
}
