/**
 * SinkUpsertMaterializer: in front of an upsert sink whose primary key differs from the upsert key
 * of its input. Per primary key it keeps the list of live rows (retract input may hold several);
 * the sink always sees the newest live row: +I for the first, +U when the newest row changes, -D when
 * the last row is retracted. Retracting an older row that is not the newest emits nothing.
 */

import { serializeKey } from '../../state/keys.ts';
import type { ValueState } from '../../state/state.ts';
import { valuesEqual } from '../aggregation.ts';
import { type Batch, BatchBuilder, isAccumulate, type Row, RowKind } from '../batch.ts';
import { AbstractOperator, type OperatorContext } from '../operator.ts';

export interface SinkUpsertMaterializerSpec {
  readonly name?: string;
  readonly keyIndexes: readonly number[];
}

export class SinkUpsertMaterializer extends AbstractOperator {
  private rows!: ValueState<Row[]>;

  constructor(private readonly spec: SinkUpsertMaterializerSpec) {
    super(spec.name ?? 'SinkUpsertMaterializer');
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    this.rows = ctx.backend.valueState<Row[]>({ name: 'rows' });
  }

  processBatch(_input: number, batch: Batch): void {
    const out = new BatchBuilder(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const row = batch.rows[i]!;
      this.ctx.backend.setCurrentKey(serializeKey(row, this.spec.keyIndexes), row);
      const live = this.rows.value() ?? [];
      if (isAccumulate(batch.kinds[i]!)) {
        live.push(row);
        this.rows.update(live);
        out.add(row, live.length === 1 ? RowKind.INSERT : RowKind.UPDATE_AFTER);
        continue;
      }
      let at = -1;
      for (let j = live.length - 1; j >= 0; j--) {
        if (valuesEqual(live[j], row)) {
          at = j;
          break;
        }
      }
      if (at < 0) continue;
      const wasNewest = at === live.length - 1;
      live.splice(at, 1);
      if (live.length === 0) {
        this.rows.clear();
        out.add(row, RowKind.DELETE);
        continue;
      }
      this.rows.update(live);
      if (wasNewest) out.add(live[live.length - 1]!, RowKind.UPDATE_AFTER);
    }
    if (out.length > 0) this.output.emitBatch(out.build());
  }
}
