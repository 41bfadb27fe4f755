/**
 * ORDER BY rowtime [, more columns] on a stream (Flink's RowTimeSortOperator): rows are buffered until
 * the watermark reaches their rowtime, then emitted +I in rowtime order, rows with the same rowtime
 * ordered by `compare` (ties in arrival order). A row behind the watermark on arrival is late:
 * dropped and counted. Null rowtimes are dropped. Without `timeIndex` (processing time,
 * ProcTimeSortOperator) rows are emitted in arrival order sorted by `compare` per processing-time
 * millisecond, i.e. at once here.
 */

import type { MapState } from '../../state/state.ts';
import { TimerService } from '../../state/timers.ts';
import { type Batch, BatchBuilder, type Row, RowKind } from '../batch.ts';
import { AbstractOperator, type OperatorContext } from '../operator.ts';

export interface TemporalSortSpec {
  readonly name?: string;
  readonly timeIndex?: number;
  readonly compare?: (a: Row, b: Row) => number;
}

export class TemporalSortOperator extends AbstractOperator {
  private buffer!: MapState<number, Row[]>;
  private timers!: TimerService;
  private pending = new BatchBuilder(16);

  constructor(private readonly spec: TemporalSortSpec) {
    super(spec.name ?? 'TemporalSort');
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    ctx.backend.setCurrentKey('', []);
    this.buffer = ctx.backend.mapState<number, Row[]>({ name: 'sort-buffer' });
    this.timers = new TimerService(ctx.backend, 'sort-timers');
  }

  processBatch(_input: number, batch: Batch): void {
    const timeIndex = this.spec.timeIndex;
    if (timeIndex === undefined) {
      const rows = batch.rows.slice(0, batch.length);
      const compare = this.spec.compare;
      if (compare !== undefined) rows.sort(compare);
      const out = new BatchBuilder(rows.length);
      for (const r of rows) out.add(r, RowKind.INSERT);
      this.output.emitBatch(out.build());
      return;
    }
    this.ctx.backend.setCurrentKey('', []);
    const watermark = this.currentWatermark();
    for (let i = 0; i < batch.length; i++) {
      const row = batch.rows[i]!;
      const t = row[timeIndex];
      if (t === null || t === undefined) continue;
      if ((t as number) < watermark) {
        this.ctx.metrics.numLateRecordsDropped++;
        continue;
      }
      const list = this.buffer.get(t as number) ?? [];
      list.push(row);
      this.buffer.put(t as number, list);
      this.timers.registerEventTimeTimer('sort', t as number);
    }
  }

  protected override onWatermark(watermark: number): void {
    this.timers.advanceWatermark(watermark, (timer) => {
      const rows = this.buffer.get(timer.time);
      if (rows === undefined) return;
      this.buffer.remove(timer.time);
      const compare = this.spec.compare;
      const ordered =
        compare === undefined
          ? rows
          : rows
              .map((r, i) => ({ r, i }))
              .sort((a, b) => compare(a.r, b.r) || a.i - b.i)
              .map((x) => x.r);
      for (const r of ordered) this.pending.add(r, RowKind.INSERT);
    });
    if (this.pending.length > 0) this.output.emitBatch(this.pending.build());
  }
}
