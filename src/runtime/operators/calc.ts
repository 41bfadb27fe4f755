/**
 * Calc: a compiled predicate and/or projection per row. Change kinds pass through unchanged, so a
 * filtered -U/+U pair stays a pair whenever both halves pass (as Flink's Calc does).
 */

import { type Batch, BatchBuilder, type Row } from '../batch.ts';
import { AbstractOperator } from '../operator.ts';

export interface CalcSpec {
  readonly name?: string;
  readonly predicate?: (row: Row) => boolean;
  readonly projection?: (row: Row) => Row;
}

export class CalcOperator extends AbstractOperator {
  private readonly predicate: ((row: Row) => boolean) | undefined;
  private readonly projection: ((row: Row) => Row) | undefined;

  constructor(spec: CalcSpec) {
    super(spec.name ?? 'Calc');
    this.predicate = spec.predicate;
    this.projection = spec.projection;
  }

  processBatch(_input: number, batch: Batch): void {
    const { predicate, projection } = this;
    if (predicate === undefined && projection === undefined) {
      this.output.emitBatch(batch);
      return;
    }
    const out = new BatchBuilder(batch.length);
    const rows = batch.rows;
    const kinds = batch.kinds;
    for (let i = 0; i < batch.length; i++) {
      const row = rows[i]!;
      if (predicate !== undefined && !predicate(row)) continue;
      out.add(projection === undefined ? row : projection(row), kinds[i]!);
    }
    if (out.length > 0) this.output.emitBatch(out.build());
  }
}
