/**
 * Expand (GROUPING SETS / ROLLUP / CUBE): every input row is emitted once per grouping set, with the
 * key columns outside that set replaced by NULL and the set's id appended (Flink's `$e`), so one
 * GroupAggregate keyed by (keys..., $e) computes every set. Change kinds are kept.
 */

import { type Batch, BatchBuilder } from '../batch.ts';
import { AbstractOperator } from '../operator.ts';

export interface ExpandSpec {
  readonly name?: string;
  /** Per grouping set: the input columns set to NULL. */
  readonly nulledColumns: readonly (readonly number[])[];
}

export class ExpandOperator extends AbstractOperator {
  constructor(private readonly spec: ExpandSpec) {
    super(spec.name ?? 'Expand');
  }

  processBatch(_input: number, batch: Batch): void {
    const sets = this.spec.nulledColumns;
    const out = new BatchBuilder(batch.length * sets.length);
    for (let i = 0; i < batch.length; i++) {
      const row = batch.rows[i]!;
      for (let id = 0; id < sets.length; id++) {
        const copy = [...row, id];
        for (const c of sets[id]!) copy[c] = null;
        out.add(copy, batch.kinds[i]!);
      }
    }
    if (out.length > 0) this.output.emitBatch(out.build());
  }
}
