/**
 * The `values` source (Flink's test connector): emits the given rows, in order, with their kinds.
 * With a watermark function it emits, after every row, the watermark computed from that row when it
 * is higher than the last one (watermarks never go backwards; a null result emits nothing), so later
 * rows behind it are late. Without one, rows go out in batches of `batchSize`. The position is
 * checkpointed, so a restored source continues after the last emitted row.
 * Input ends with the runner's +infinity watermark (see Task).
 */

import type { Encoded } from '../../state/tagged-value.ts';
import { MIN_WATERMARK } from '../../state/timers.ts';
import { BatchBuilder, type Row } from '../batch.ts';
import type { OperatorContext, OperatorSnapshot, Output } from '../operator.ts';
import type { SourceOperator } from '../task.ts';

export interface ValuesSourceSpec {
  readonly name?: string;
  readonly rows: readonly Row[];
  /** Change kinds per row (0..3); all +I when absent. */
  readonly kinds?: readonly number[];
  /** Watermark after each row (e.g. rowtime - 1000), or null for none. */
  readonly watermark?: (row: Row) => number | null;
  readonly batchSize?: number;
}

export class ValuesSource implements SourceOperator {
  readonly name: string;
  private output!: Output;
  private ctx!: OperatorContext;
  private position = 0;
  private watermark = MIN_WATERMARK;

  constructor(private readonly spec: ValuesSourceSpec) {
    this.name = spec.name ?? 'Values';
  }

  open(ctx: OperatorContext): void {
    this.ctx = ctx;
    this.output = ctx.output;
  }

  poll(): boolean {
    const { rows, kinds, watermark } = this.spec;
    if (this.position >= rows.length) return false;
    if (watermark !== undefined) {
      const row = rows[this.position]!;
      const out = new BatchBuilder(1);
      out.add(row, kinds?.[this.position] ?? 0);
      this.position++;
      this.output.emitBatch(out.build());
      const wm = watermark(row);
      if (wm !== null && wm > this.watermark) {
        this.watermark = wm;
        this.ctx.metrics.currentOutputWatermark = wm;
        this.output.emitWatermark(wm);
      }
      return true;
    }
    const end = Math.min(rows.length, this.position + (this.spec.batchSize ?? 1024));
    const out = new BatchBuilder(end - this.position);
    for (let i = this.position; i < end; i++) out.add(rows[i]!, kinds?.[i] ?? 0);
    this.position = end;
    this.output.emitBatch(out.build());
    return true;
  }

  snapshotState(checkpointId: number): OperatorSnapshot {
    const operator: Encoded = { position: this.position };
    return { checkpointId, keyed: this.ctx.backend.snapshot(), operator };
  }

  restoreState(snapshot: OperatorSnapshot): void {
    // As in Flink, the watermark generator starts afresh after a restore; only the position is kept.
    const s = snapshot.operator as { position: number };
    this.position = s.position;
  }

  close(): void {}
}
