/**
 * A Calc whose expressions read CURRENT_WATERMARK(): each row is evaluated with the operator's
 * current watermark appended as one extra trailing column (null before the first watermark), as
 * Flink's Calc reads the watermark of its input at the time the row is processed.
 */

import { MIN_WATERMARK } from '../../state/timers.ts';
import { type Batch, BatchBuilder, type Row } from '../batch.ts';
import { AbstractOperator } from '../operator.ts';

export interface WatermarkCalcSpec {
  readonly name?: string;
  /** Over the input row with the watermark (epoch ms or null) appended. */
  readonly predicate?: (row: Row) => boolean;
  readonly projection: (row: Row) => Row;
}

export class WatermarkCalcOperator extends AbstractOperator {
  constructor(private readonly spec: WatermarkCalcSpec) {
    super(spec.name ?? 'Calc');
  }

  processBatch(_input: number, batch: Batch): void {
    const wm = this.currentWatermark();
    const value = wm === MIN_WATERMARK ? null : wm;
    const out = new BatchBuilder(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const row = [...batch.rows[i]!, value];
      if (this.spec.predicate !== undefined && !this.spec.predicate(row)) continue;
      out.add(this.spec.projection(row), batch.kinds[i]!);
    }
    if (out.length > 0) this.output.emitBatch(out.build());
  }
}
