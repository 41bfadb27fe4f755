/**
 * The windowing TVFs TUMBLE, HOP and CUMULATE (Flink's AlignedWindowTableFunctionOperator): every
 * input row is emitted once per window containing its time attribute, with `window_start`,
 * `window_end` and `window_time` appended (window_time = window_end - 1 ms, as the rowtime type).
 * Rows are emitted per record, not at window end, and nothing is dropped for lateness; rows with a
 * null time attribute are dropped. A processing-time TVF uses the operator's processing time.
 */

import { type Batch, BatchBuilder } from '../batch.ts';
import { AbstractOperator } from '../operator.ts';
import { assignWindows, type TimeShift, validateWindowSpec, type WindowSpec } from '../windows.ts';

export interface WindowAssignerSpec {
  readonly name?: string;
  readonly window: WindowSpec;
  /** Index of the rowtime column (epoch ms); absent for processing time. */
  readonly timeIndex?: number;
  /** Set when the time attribute is TIMESTAMP_LTZ and the session zone is not UTC. */
  readonly shift?: TimeShift;
}

export class WindowAssignerOperator extends AbstractOperator {
  constructor(private readonly spec: WindowAssignerSpec) {
    super(spec.name ?? 'WindowTableFunction');
    validateWindowSpec(spec.window);
  }

  processBatch(_input: number, batch: Batch): void {
    const { window, timeIndex, shift } = this.spec;
    const out = new BatchBuilder(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const row = batch.rows[i]!;
      const kind = batch.kinds[i]!;
      let ts: number;
      if (timeIndex === undefined) ts = this.ctx.processingTime();
      else {
        const v = row[timeIndex];
        if (v === null || v === undefined) continue;
        ts = v as number;
      }
      const local = shift === undefined ? ts : shift.toLocal(ts);
      assignWindows(window, local, (start, end) => {
        const windowTime = shift === undefined ? end - 1 : shift.toUtc(end) - 1;
        out.add([...row, start, end, windowTime], kind);
      });
    }
    if (out.length > 0) this.output.emitBatch(out.build());
  }
}
