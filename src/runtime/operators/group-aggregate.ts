/**
 * Unbounded GROUP BY (Flink's GroupAggFunction), one accumulator row per group key:
 * - the first accumulate message of a key emits +I[key, aggs];
 * - later messages emit -U[old] (only when `generateUpdateBefore`) and +U[new]; when the new values
 *   equal the old ones nothing is emitted, unless a state TTL is set (then the update is re-sent so
 *   downstream state is refreshed, as Flink does);
 * - a retraction (-U/-D) for a key without state is ignored (state expired or never seen);
 * - when the key's record count drops to 0, -D[old] is emitted and the key's state is cleared.
 * Output rows are [...group key values, ...aggregate values]. No group key = global aggregate (one
 * group); on empty input it emits nothing, as Flink streaming does.
 */

import { serializeKey } from '../../state/keys.ts';
import type { ValueState } from '../../state/state.ts';
import { type AccumulatorRow, type AggregateCall, AggregateHandle, valuesEqual } from '../aggregation.ts';
import { type Batch, BatchBuilder, isAccumulate, RowKind } from '../batch.ts';
import { AbstractOperator, type OperatorContext } from '../operator.ts';

export interface GroupAggregateSpec {
  readonly name?: string;
  readonly keyIndexes: readonly number[];
  readonly calls: readonly AggregateCall[];
  /** False when the consumer is an upsert sink keyed by the group key (no -U needed). */
  readonly generateUpdateBefore?: boolean;
  /** `table.exec.state.ttl` / STATE_TTL hint in ms; 0 or absent = keep forever. */
  readonly stateTtlMs?: number;
}

export class GroupAggregateOperator extends AbstractOperator {
  private readonly handle: AggregateHandle;
  private readonly keyIndexes: readonly number[];
  private readonly generateUpdateBefore: boolean;
  private readonly ttlMs: number;
  private accState!: ValueState<AccumulatorRow>;

  constructor(spec: GroupAggregateSpec) {
    super(spec.name ?? 'GroupAggregate');
    this.handle = new AggregateHandle(spec.calls);
    this.keyIndexes = spec.keyIndexes;
    this.generateUpdateBefore = spec.generateUpdateBefore ?? true;
    this.ttlMs = spec.stateTtlMs ?? 0;
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    this.accState = ctx.backend.valueState<AccumulatorRow>({
      name: 'accumulators',
      ...(this.ttlMs > 0 ? { ttl: { ttlMs: this.ttlMs } } : {}),
    });
  }

  processBatch(_input: number, batch: Batch): void {
    const backend = this.ctx.backend;
    const { handle, keyIndexes } = this;
    const keyCount = keyIndexes.length;
    const width = keyCount + handle.calls.length;
    const out = new BatchBuilder(batch.length * 2);
    for (let i = 0; i < batch.length; i++) {
      const row = batch.rows[i]!;
      const accumulateMsg = isAccumulate(batch.kinds[i]!);
      backend.setCurrentKey(serializeKey(row, keyIndexes), row);
      let acc = this.accState.value();
      let firstRow = false;
      if (acc === null) {
        if (!accumulateMsg) continue;
        firstRow = true;
        acc = handle.create();
      }
      const keyRow = new Array<unknown>(width);
      for (let k = 0; k < keyCount; k++) keyRow[k] = row[keyIndexes[k]!];
      let prev: unknown[] | undefined;
      if (!firstRow) {
        prev = keyRow.slice();
        handle.writeValues(acc, prev, keyCount);
      }
      if (accumulateMsg) handle.accumulate(acc, row);
      else handle.retract(acc, row);

      if (acc.count !== 0) {
        this.accState.update(acc);
        const next = keyRow;
        handle.writeValues(acc, next, keyCount);
        if (prev === undefined) out.add(next, RowKind.INSERT);
        else {
          if (this.ttlMs <= 0 && valuesEqual(prev, next)) continue;
          if (this.generateUpdateBefore) out.add(prev, RowKind.UPDATE_BEFORE);
          out.add(next, RowKind.UPDATE_AFTER);
        }
      } else {
        if (prev !== undefined) out.add(prev, RowKind.DELETE);
        this.accState.clear();
      }
    }
    if (out.length > 0) this.output.emitBatch(out.build());
  }
}
