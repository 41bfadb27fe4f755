/**
 * DEDUPLICATE_KEEP_FIRST (Flink 2.x built-in PTF): an insert-only stream of the first row per
 * PARTITION BY key (one group without PARTITION BY). Output `[partition keys..., other columns...]`,
 * with event time also `rowtime`.
 * - Arrival order: the first +I/+U of a key is emitted and the key marked seen; later rows are
 *   dropped. -U/-D are ignored and do not mark the key as seen.
 * - Event time (`timeIndex`): rows behind the watermark are dropped (counted as late). An unseen
 *   key keeps a pending candidate, replaced only by a row with a strictly smaller event time (first
 *   arrival wins ties); when the watermark reaches the candidate's time it is emitted with that time
 *   as rowtime and the key is marked seen. Candidates and timers are part of the snapshot.
 * State TTL (ms after the last write; `resetTtlOnDuplicate` rewrites on every duplicate) forgets
 * keys, so a key seen again after expiry starts a new deduplication period.
 */
import { serializeKey } from '../../state/keys.ts';
import type { ValueState } from '../../state/state.ts';
import { TimerService } from '../../state/timers.ts';
import { type Batch, BatchBuilder, isAccumulate, type Row, RowKind } from '../batch.ts';
import { AbstractOperator, type OperatorContext } from '../operator.ts';
import { keyRowOf } from './join-state.ts';

export interface DeduplicateKeepFirstSpec {
  readonly name?: string;
  readonly keyIndexes: readonly number[];
  /** Input indexes of the output columns (before `rowtime`), in order. */
  readonly outputIndexes: readonly number[];
  readonly timeIndex?: number;
  /** 0 or absent: keys are kept forever. */
  readonly stateTtlMs?: number;
  readonly resetTtlOnDuplicate?: boolean;
}

export class DeduplicateKeepFirstOperator extends AbstractOperator {
  private seen!: ValueState<boolean>;
  private candidate!: ValueState<Row>;
  private timers!: TimerService;
  private pending = new BatchBuilder(16);

  constructor(private readonly spec: DeduplicateKeepFirstSpec) {
    super(spec.name ?? 'DeduplicateKeepFirst');
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    const ttlMs = this.spec.stateTtlMs ?? 0;
    const ttl = ttlMs > 0 ? { ttl: { ttlMs } } : {};
    this.seen = ctx.backend.valueState<boolean>({ name: 'keep-first-seen', ...ttl });
    this.candidate = ctx.backend.valueState<Row>({ name: 'keep-first-candidate', ...ttl });
    this.timers = new TimerService(ctx.backend, 'keep-first-timers');
  }

  private outputRow(row: Row, rowtime?: number): Row {
    const out: unknown[] = this.spec.outputIndexes.map((k) => row[k]);
    if (rowtime !== undefined) out.push(rowtime);
    return out;
  }

  processBatch(_input: number, batch: Batch): void {
    const { keyIndexes, timeIndex } = this.spec;
    const out = new BatchBuilder(batch.length);
    const watermark = this.currentWatermark();
    for (let i = 0; i < batch.length; i++) {
      if (!isAccumulate(batch.kinds[i]!)) continue;
      const row = batch.rows[i]!;
      let time: number | undefined;
      if (timeIndex !== undefined) {
        const t = row[timeIndex];
        if (t === null || t === undefined) continue;
        time = Number(t);
        if (time < watermark) {
          this.ctx.metrics.numLateRecordsDropped++;
          continue;
        }
      }
      this.ctx.backend.setCurrentKey(serializeKey(row, keyIndexes), keyRowOf(row, keyIndexes));
      if (this.seen.value() === true) {
        if (this.spec.resetTtlOnDuplicate) this.seen.update(true);
        continue;
      }
      if (time === undefined) {
        this.seen.update(true);
        out.add(this.outputRow(row), RowKind.INSERT);
        continue;
      }
      const current = this.candidate.value();
      if (current !== null && Number(current[timeIndex!]) <= time) continue;
      this.candidate.update(row);
      this.timers.registerEventTimeTimer('candidate', time);
    }
    if (out.length > 0) this.output.emitBatch(out.build());
  }

  protected override onWatermark(watermark: number): void {
    const timeIndex = this.spec.timeIndex;
    if (timeIndex === undefined) return;
    this.timers.advanceWatermark(watermark, (timer) => {
      const current = this.candidate.value();
      // a replaced candidate's timer finds a newer (earlier) candidate or a seen key: nothing to do
      if (current === null || Number(current[timeIndex]) !== timer.time) return;
      this.candidate.clear();
      this.seen.update(true);
      this.pending.add(this.outputRow(current, timer.time), RowKind.INSERT);
    });
    if (this.pending.length > 0) this.output.emitBatch(this.pending.build());
  }
}
