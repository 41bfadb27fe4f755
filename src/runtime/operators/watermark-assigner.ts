/**
 * WATERMARK FOR rowtime AS <expr>: computes a candidate watermark per row with a compiled function
 * (e.g. `row => row[3] - 5000`, null when the rowtime is null) and emits the running maximum.
 *
 * Emission strategies (`scan.watermark.emit.strategy`): `on-event` emits after every row that raises
 * the watermark (the batch is split there so rows and watermarks keep their order); `on-periodic`
 * emits the current maximum every `intervalMs` of processing time (Flink's
 * `pipeline.auto-watermark-interval`, default 200 ms) and, when `everyRows` is set, also after that many
 * rows. Input watermarks are not forwarded (the assigner is the source of event time); end of input
 * still forwards +infinity. `idleTimeoutMs` (`scan.watermark.idle-timeout`) marks the output idle when no
 * row arrived for that long and active again on the next row.
 */

import { MAX_WATERMARK, MIN_WATERMARK } from '../../state/timers.ts';
import type { Batch, Row } from '../batch.ts';
import { AbstractOperator, type OperatorContext } from '../operator.ts';

export interface WatermarkAssignerSpec {
  readonly name?: string;
  readonly watermark: (row: Row) => number | null;
  readonly strategy?: 'on-event' | 'on-periodic';
  readonly intervalMs?: number;
  readonly everyRows?: number;
  readonly idleTimeoutMs?: number;
}

export class WatermarkAssignerOperator extends AbstractOperator {
  private readonly spec: WatermarkAssignerSpec;
  private maxCandidate = MIN_WATERMARK;
  private emitted = MIN_WATERMARK;
  private rowsSinceEmit = 0;
  private lastRowTime = 0;
  private idle = false;

  constructor(spec: WatermarkAssignerSpec) {
    super(spec.name ?? 'WatermarkAssigner');
    this.spec = spec;
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    this.lastRowTime = ctx.processingTime();
    this.scheduleNext();
  }

  private scheduleNext(): void {
    const interval = this.periodic() ? (this.spec.intervalMs ?? 200) : this.spec.idleTimeoutMs;
    if (interval !== undefined && interval > 0)
      this.ctx.scheduleProcessingTime(this.ctx.processingTime() + interval);
  }

  private periodic(): boolean {
    return this.spec.strategy === 'on-periodic';
  }

  processBatch(_input: number, batch: Batch): void {
    if (this.idle) {
      this.idle = false;
      this.output.emitIdle(false);
    }
    if (this.spec.idleTimeoutMs !== undefined) this.lastRowTime = this.ctx.processingTime();
    const fn = this.spec.watermark;
    if (this.periodic()) {
      for (let i = 0; i < batch.length; i++) {
        const wm = fn(batch.rows[i]!);
        if (wm !== null && wm > this.maxCandidate) this.maxCandidate = wm;
      }
      this.output.emitBatch(batch);
      this.rowsSinceEmit += batch.length;
      const every = this.spec.everyRows;
      if (every !== undefined && this.rowsSinceEmit >= every) this.emitCurrent();
      return;
    }
    // on-event: split the batch after each row that raises the watermark. With ever-rising rowtimes
    // that is every row, so a segment is a slice of the input (a view of its kinds), not a rebuilt batch.
    let start = 0;
    for (let i = 0; i < batch.length; i++) {
      const wm = fn(batch.rows[i]!);
      if (wm !== null && wm > this.maxCandidate) {
        this.maxCandidate = wm;
        this.output.emitBatch(segmentOf(batch, start, i + 1));
        start = i + 1;
        this.emitCurrent();
      }
    }
    if (start < batch.length)
      this.output.emitBatch(start === 0 ? batch : segmentOf(batch, start, batch.length));
  }

  private emitCurrent(): void {
    this.rowsSinceEmit = 0;
    if (this.maxCandidate > this.emitted) {
      this.emitted = this.maxCandidate;
      this.ctx.metrics.currentOutputWatermark = this.emitted;
      this.output.emitWatermark(this.emitted);
    }
  }

  override processWatermark(_input: number, timestamp: number): void {
    // Upstream watermarks are replaced by ours; only end of input (+infinity) passes.
    if (timestamp === MAX_WATERMARK && this.emitted < MAX_WATERMARK) {
      this.emitted = MAX_WATERMARK;
      this.output.emitWatermark(MAX_WATERMARK);
    }
  }

  override onProcessingTime(time: number): void {
    if (this.periodic()) this.emitCurrent();
    const timeout = this.spec.idleTimeoutMs;
    if (timeout !== undefined && !this.idle && time - this.lastRowTime >= timeout) {
      this.idle = true;
      this.output.emitIdle(true);
    }
    if (this.emitted < MAX_WATERMARK) this.scheduleNext();
  }

  override finish(): void {
    if (this.periodic()) this.emitCurrent();
  }
}

/** Kinds of a one-row segment, shared: batches are never mutated once emitted (architecture.md). */
const SINGLE_KINDS = [0, 1, 2, 3].map((k) => Uint8Array.of(k));

function segmentOf(batch: Batch, from: number, to: number): Batch {
  if (to - from === 1) {
    const kinds = SINGLE_KINDS[batch.kinds[from]!];
    if (kinds !== undefined) return { rows: [batch.rows[from]!], kinds, length: 1 };
  }
  return { rows: batch.rows.slice(from, to), kinds: batch.kinds.subarray(from, to), length: to - from };
}
