/**
 * Window Top-N (Flink's WindowRankOperator): rows of windowed input (carrying window_end) are
 * buffered per partition key and window; when the watermark reaches `window_end - 1` the window's
 * rows are sorted by `compare` (ties in arrival order) and those ranked `rankStart..rankEnd`
 * (ROW_NUMBER / RANK / DENSE_RANK) are emitted +I, with the rank appended as BIGINT when
 * `outputRankNumber`. Rows of an already fired window are late: dropped and counted.
 */

import { serializeKey } from '../../state/keys.ts';
import type { NamespacedValueState, Timer } from '../../state/state.ts';
import { TimerService } from '../../state/timers.ts';
import { type Batch, BatchBuilder, type Row, RowKind } from '../batch.ts';
import { AbstractOperator, type OperatorContext } from '../operator.ts';
import { keyRowOf } from './join-state.ts';
import type { RankFunction } from './rank.ts';

export interface WindowRankSpec {
  readonly name?: string;
  readonly partitionKeyIndexes: readonly number[];
  readonly windowEndIndex: number;
  readonly compare: (a: Row, b: Row) => number;
  readonly rankFunction?: RankFunction;
  readonly rankStart?: number;
  readonly rankEnd: number;
  readonly outputRankNumber: boolean;
}

export class WindowRankOperator extends AbstractOperator {
  private rows!: NamespacedValueState<Row[]>;
  private timers!: TimerService;
  private pending = new BatchBuilder(16);

  constructor(private readonly spec: WindowRankSpec) {
    super(spec.name ?? 'WindowRank');
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    this.rows = ctx.backend.namespacedValueState<Row[]>({ name: 'window-rank-rows' });
    this.timers = new TimerService(ctx.backend, 'window-rank-timers');
  }

  processBatch(_input: number, batch: Batch): void {
    const { partitionKeyIndexes: keys, windowEndIndex } = this.spec;
    const watermark = this.currentWatermark();
    for (let i = 0; i < batch.length; i++) {
      const row = batch.rows[i]!;
      const end = row[windowEndIndex] as number;
      if (watermark >= end - 1) {
        this.ctx.metrics.numLateRecordsDropped++;
        continue;
      }
      this.ctx.backend.setCurrentKey(serializeKey(row, keys), keyRowOf(row, keys));
      const list = this.rows.value(end) ?? [];
      list.push(row);
      this.rows.update(end, list);
      this.timers.registerEventTimeTimer(end, end - 1);
    }
  }

  protected override onWatermark(watermark: number): void {
    this.timers.advanceWatermark(watermark, (timer) => this.fire(timer));
    if (this.pending.length > 0) this.output.emitBatch(this.pending.build());
  }

  private fire(timer: Timer): void {
    const list = this.rows.value(timer.namespace);
    if (list === null) return;
    this.rows.clear(timer.namespace);
    const { compare, rankEnd, outputRankNumber } = this.spec;
    const start = this.spec.rankStart ?? 1;
    const fn = this.spec.rankFunction ?? 'row_number';
    const sorted = list.map((row, i) => ({ row, i })).sort((a, b) => compare(a.row, b.row) || a.i - b.i);
    let rank = 0;
    let dense = 0;
    for (let i = 0; i < sorted.length; i++) {
      const row = sorted[i]!.row;
      if (i === 0 || compare(sorted[i - 1]!.row, row) !== 0) {
        rank = i + 1;
        dense++;
      }
      const r = fn === 'row_number' ? i + 1 : fn === 'rank' ? rank : dense;
      if (r > rankEnd) break;
      if (r < start) continue;
      this.pending.add(outputRankNumber ? [...row, BigInt(r)] : row, RowKind.INSERT);
    }
  }
}
