/**
 * Window deduplication (Flink's WindowDeduplicateOperator, ROW_NUMBER() = 1 over window TVF output
 * ordered by the rowtime): per partition key and window the first row (smallest rowtime; the earliest
 * arrival among equal ones) or the last (largest rowtime; the latest arrival among equal ones) is
 * kept and emitted +I when the watermark reaches `window_end - 1`. Rows of a fired window are late:
 * dropped and counted.
 */

import { serializeKey } from '../../state/keys.ts';
import type { NamespacedValueState, Timer } from '../../state/state.ts';
import { TimerService } from '../../state/timers.ts';
import { type Batch, BatchBuilder, type Row, RowKind } from '../batch.ts';
import { AbstractOperator, type OperatorContext } from '../operator.ts';
import { keyRowOf } from './join-state.ts';

export interface WindowDeduplicateSpec {
  readonly name?: string;
  readonly partitionKeyIndexes: readonly number[];
  readonly windowEndIndex: number;
  readonly timeIndex: number;
  readonly keep: 'first' | 'last';
}

export class WindowDeduplicateOperator extends AbstractOperator {
  private kept!: NamespacedValueState<Row>;
  private timers!: TimerService;
  private pending = new BatchBuilder(16);

  constructor(private readonly spec: WindowDeduplicateSpec) {
    super(spec.name ?? 'WindowDeduplicate');
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    this.kept = ctx.backend.namespacedValueState<Row>({ name: 'window-dedup-row' });
    this.timers = new TimerService(ctx.backend, 'window-dedup-timers');
  }

  processBatch(_input: number, batch: Batch): void {
    const { partitionKeyIndexes: keys, windowEndIndex, timeIndex, keep } = this.spec;
    const watermark = this.currentWatermark();
    for (let i = 0; i < batch.length; i++) {
      const row = batch.rows[i]!;
      const end = row[windowEndIndex] as number;
      if (watermark >= end - 1) {
        this.ctx.metrics.numLateRecordsDropped++;
        continue;
      }
      this.ctx.backend.setCurrentKey(serializeKey(row, keys), keyRowOf(row, keys));
      const prev = this.kept.value(end);
      if (prev === null) {
        this.kept.update(end, row);
        this.timers.registerEventTimeTimer(end, end - 1);
        continue;
      }
      const t = row[timeIndex] as number;
      const p = prev[timeIndex] as number;
      if (keep === 'first' ? t < p : t >= p) this.kept.update(end, row);
    }
  }

  protected override onWatermark(watermark: number): void {
    this.timers.advanceWatermark(watermark, (timer: Timer) => {
      const row = this.kept.value(timer.namespace);
      if (row === null) return;
      this.kept.clear(timer.namespace);
      this.pending.add(row, RowKind.INSERT);
    });
    if (this.pending.length > 0) this.output.emitBatch(this.pending.build());
  }
}
