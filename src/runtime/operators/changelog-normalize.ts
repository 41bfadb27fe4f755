/**
 * ChangelogNormalize (Flink's ProcTimeDeduplicateKeepLastRowFunction for upsert sources): keeps the
 * last row per key and turns an upsert stream (+I/+U by key, -D possibly with only the key) into a
 * retract stream: the first row of a key is +I; a later one emits -U[old] (when
 * `generateUpdateBefore`) and +U[new], nothing when the row is unchanged; -D emits -D[old, full row]
 * and clears the key; -D or -U for an unknown key is dropped; incoming -U is ignored (the +U that
 * follows carries the change). With a state TTL (`stateTtlMs`) an idle key is forgotten (its next row
 * is +I again), and an unchanged row is still emitted and stored, as Flink does, so that the state of
 * this and downstream operators is refreshed instead of expiring under a key that is still alive.
 */

import { serializeKey } from '../../state/keys.ts';
import type { ValueState } from '../../state/state.ts';
import { valuesEqual } from '../aggregation.ts';
import { type Batch, BatchBuilder, type Row, RowKind } from '../batch.ts';
import { AbstractOperator, type OperatorContext } from '../operator.ts';

export interface ChangelogNormalizeSpec {
  readonly name?: string;
  readonly keyIndexes: readonly number[];
  readonly generateUpdateBefore?: boolean;
  /**
   * A filter pushed into the normalization (Flink does this for filters above an upsert source): a
   * row failing it deletes the key's previous row (-D) instead of passing a lone -U downstream.
   */
  readonly filter?: (row: Row) => boolean;
  /** `table.exec.state.ttl` in ms; 0 or absent = keep forever. */
  readonly stateTtlMs?: number;
}

export class ChangelogNormalizeOperator extends AbstractOperator {
  private last!: ValueState<Row>;
  private readonly ttlMs: number;

  constructor(private readonly spec: ChangelogNormalizeSpec) {
    super(spec.name ?? 'ChangelogNormalize');
    this.ttlMs = spec.stateTtlMs ?? 0;
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    this.last = ctx.backend.valueState<Row>({
      name: 'last-row',
      ...(this.ttlMs > 0 ? { ttl: { ttlMs: this.ttlMs } } : {}),
    });
  }

  processBatch(_input: number, batch: Batch): void {
    const keys = this.spec.keyIndexes;
    const before = this.spec.generateUpdateBefore ?? true;
    const out = new BatchBuilder(batch.length * 2);
    for (let i = 0; i < batch.length; i++) {
      const row = batch.rows[i]!;
      const kind = batch.kinds[i]!;
      if (kind === RowKind.UPDATE_BEFORE) continue;
      this.ctx.backend.setCurrentKey(serializeKey(row, keys), row);
      const prev = this.last.value();
      if (kind === RowKind.DELETE) {
        if (prev !== null) {
          out.add(prev, RowKind.DELETE);
          this.last.clear();
        }
        continue;
      }
      if (this.spec.filter !== undefined && !this.spec.filter(row)) {
        if (prev !== null) {
          out.add(prev, RowKind.DELETE);
          this.last.clear();
        }
        continue;
      }
      if (prev === null) out.add(row, RowKind.INSERT);
      else {
        if (this.ttlMs <= 0 && valuesEqual(prev, row)) continue;
        if (before) out.add(prev, RowKind.UPDATE_BEFORE);
        out.add(row, RowKind.UPDATE_AFTER);
      }
      this.last.update(row);
    }
    if (out.length > 0) this.output.emitBatch(out.build());
  }
}
