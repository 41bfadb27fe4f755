/**
 * Deduplication (`ROW_NUMBER() OVER (PARTITION BY k ORDER BY time ASC|DESC) = 1`), per key:
 * - processing time (Flink's ProcTimeDeduplicateKeepFirstRow / KeepLastRowFunction): keep first emits
 *   the first row +I and drops the rest; keep last emits the first row +I and each later row as
 *   -U[previous] (when `generateUpdateBefore`) +U[row]; a -D/-U input equal to the kept row emits
 *   -D and forgets the key (keep last over updating input);
 * - event time (RowTimeDeduplicateFunction, `timeIndex` set): a row replaces the kept one when its
 *   rowtime is smaller (keep first) or not smaller (keep last); the first row of a key is +I, a
 *   replacement -U[previous] (when `generateUpdateBefore`) +U[row]. Rows with a null rowtime are dropped.
 * State TTL forgets keys (then the next row of the key is +I again).
 */

import { serializeKey } from '../../state/keys.ts';
import type { ValueState } from '../../state/state.ts';
import { valuesEqual } from '../aggregation.ts';
import { type Batch, BatchBuilder, isAccumulate, type Row, RowKind } from '../batch.ts';
import { AbstractOperator, type OperatorContext } from '../operator.ts';
import { keyRowOf } from './join-state.ts';

export interface DeduplicateSpec {
  readonly name?: string;
  readonly keyIndexes: readonly number[];
  readonly keep: 'first' | 'last';
  /** Rowtime column for event-time deduplication; absent = processing time (arrival order). */
  readonly timeIndex?: number;
  readonly generateUpdateBefore?: boolean;
  readonly stateTtlMs?: number;
}

export class DeduplicateOperator extends AbstractOperator {
  private kept!: ValueState<Row>;

  constructor(private readonly spec: DeduplicateSpec) {
    super(spec.name ?? 'Deduplicate');
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    const ttl = (this.spec.stateTtlMs ?? 0) > 0 ? { ttl: { ttlMs: this.spec.stateTtlMs! } } : {};
    this.kept = ctx.backend.valueState<Row>({ name: 'dedup-row', ...ttl });
  }

  processBatch(_input: number, batch: Batch): void {
    const { keyIndexes, keep, timeIndex } = this.spec;
    const before = this.spec.generateUpdateBefore ?? true;
    const out = new BatchBuilder(batch.length * 2);
    for (let i = 0; i < batch.length; i++) {
      const row = batch.rows[i]!;
      const kind = batch.kinds[i]!;
      if (timeIndex !== undefined && (row[timeIndex] === null || row[timeIndex] === undefined)) continue;
      this.ctx.backend.setCurrentKey(serializeKey(row, keyIndexes), keyRowOf(row, keyIndexes));
      const prev = this.kept.value();
      if (!isAccumulate(kind)) {
        if (keep === 'last' && prev !== null && valuesEqual(prev, row)) {
          out.add(prev, RowKind.DELETE);
          this.kept.clear();
        }
        continue;
      }
      if (prev === null) {
        this.kept.update(row);
        out.add(row, RowKind.INSERT);
        continue;
      }
      let replace: boolean;
      if (timeIndex === undefined) replace = keep === 'last';
      else {
        const t = row[timeIndex] as number;
        const p = prev[timeIndex] as number;
        replace = keep === 'last' ? t >= p : t < p;
      }
      if (!replace) continue;
      this.kept.update(row);
      if (before) out.add(prev, RowKind.UPDATE_BEFORE);
      out.add(row, RowKind.UPDATE_AFTER);
    }
    if (out.length > 0) this.output.emitBatch(out.build());
  }
}
