/**
 * TO_CHANGELOG (Flink 2.x built-in PTF): turns any changelog into an append-only stream. Each input
 * row becomes one +I row `[partition keys..., op code?, other columns...]`, where the op code is the
 * mapped code of the row's kind; kinds without a code are dropped. With partial deletes, a DELETE
 * keeps only its key columns and nulls the others.
 */
import { type Batch, BatchBuilder, type Row, RowKind } from '../batch.ts';
import { AbstractOperator } from '../operator.ts';

export interface ToChangelogSpec {
  readonly name?: string;
  /** Per row kind code (0..3): the op code written, or null to drop rows of that kind. */
  readonly opCodes: readonly (string | null)[];
  readonly includeOpColumn: boolean;
  readonly partitionKeyIndexes: readonly number[];
  /** Input indexes of the columns after the op column, in output order. */
  readonly restIndexes: readonly number[];
  /** Set for partial deletes: the input columns a DELETE keeps (the rest become null). */
  readonly deleteKeepIndexes?: readonly number[];
}

export class ToChangelogOperator extends AbstractOperator {
  constructor(private readonly spec: ToChangelogSpec) {
    super(spec.name ?? 'ToChangelog');
  }

  processBatch(_input: number, batch: Batch): void {
    const { opCodes, includeOpColumn, partitionKeyIndexes, restIndexes, deleteKeepIndexes } = this.spec;
    const out = new BatchBuilder(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const kind = batch.kinds[i]!;
      const code = opCodes[kind];
      if (code === null || code === undefined) continue;
      const row = batch.rows[i]!;
      const partial = kind === RowKind.DELETE && deleteKeepIndexes !== undefined;
      const result: unknown[] = [];
      for (const k of partitionKeyIndexes) result.push(row[k]);
      if (includeOpColumn) result.push(code);
      for (const k of restIndexes) {
        result.push(partial && !deleteKeepIndexes.includes(k) ? null : row[k]);
      }
      out.add(result as Row, RowKind.INSERT);
    }
    if (out.length > 0) this.output.emitBatch(out.build());
  }
}
