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
 *
 * `GroupAggregateCore` is that logic for a run of rows of one key (open: read the accumulator; apply
 * each row; close: write it once and emit the net change): this operator runs it per row, the
 * mini-batch operator (mini-batch-group-aggregate.ts) per key and bundle.
 */

import { serializeKey } from '../../state/keys.ts';
import type { ValueState } from '../../state/state.ts';
import { type AccumulatorRow, type AggregateCall, AggregateHandle, valuesEqual } from '../aggregation.ts';
import { type Batch, BatchBuilder, isAccumulate, type Row, RowKind } from '../batch.ts';
import { AbstractOperator, type OperatorContext } from '../operator.ts';

export interface GroupAggregateSpec {
  readonly name?: string;
  readonly keyIndexes: readonly number[];
  readonly calls: readonly AggregateCall[];
  /** False when the consumer is an upsert sink keyed by the group key (no -U needed). */
  readonly generateUpdateBefore?: boolean;
  /** `table.exec.state.ttl` / STATE_TTL hint in ms; 0 or absent = keep forever. */
  readonly stateTtlMs?: number;
  /** The input never retracts: MIN / MAX keep only the extreme (Flink's MaxAggFunction). */
  readonly insertOnlyInput?: boolean;
}

/** The accumulator state and the "apply rows, decide what to emit" rule of a group aggregate. */
export class GroupAggregateCore {
  readonly handle: AggregateHandle;
  readonly keyIndexes: readonly number[];
  private readonly generateUpdateBefore: boolean;
  private readonly ttlMs: number;
  private readonly width: number;

  constructor(spec: GroupAggregateSpec) {
    this.handle = new AggregateHandle(spec.calls, spec.insertOnlyInput === true);
    this.keyIndexes = spec.keyIndexes;
    this.generateUpdateBefore = spec.generateUpdateBefore ?? true;
    this.ttlMs = spec.stateTtlMs ?? 0;
    this.width = spec.keyIndexes.length + spec.calls.length;
  }

  /** The keyed accumulator state (`open` of the operator creates it once). */
  createState(ctx: OperatorContext): ValueState<AccumulatorRow> {
    return ctx.backend.valueState<AccumulatorRow>({
      name: 'accumulators',
      ...(this.ttlMs > 0 ? { ttl: { ttlMs: this.ttlMs } } : {}),
    });
  }

  /**
   * Starts applying rows to the backend's current key: reads its accumulator once and keeps its
   * current output row (`prev`). `keySource` is any row of the key (the output's key columns).
   */
  openGroup(state: ValueState<AccumulatorRow>, keySource: Row): OpenGroup {
    const acc = state.value();
    let prev: unknown[] | undefined;
    if (acc !== null) {
      prev = this.keyRow(keySource);
      this.handle.writeValues(acc, prev, this.keyIndexes.length);
    }
    return { acc, prev, keySource };
  }

  /**
   * Applies one row, in arrival order. A retraction before the key has an accumulator is dropped
   * (state expired or the key was never seen): no accumulator is created for it.
   */
  applyRow(group: OpenGroup, row: Row, kind: number): void {
    const accumulate = isAccumulate(kind);
    if (group.acc === null) {
      if (!accumulate) return;
      group.acc = this.handle.create();
    }
    if (accumulate) this.handle.accumulate(group.acc, row);
    else this.handle.retract(group.acc, row);
  }

  /**
   * Writes the accumulator once (or clears the key when its record count is 0) and appends the net
   * change since `openGroup` to `out`: +I for a new key, -U (if wanted) / +U for a changed one,
   * nothing when the values are unchanged (re-sent with a state TTL), -D for a key that is gone.
   * The backend's current key must be the group's again.
   */
  closeGroup(state: ValueState<AccumulatorRow>, group: OpenGroup, out: BatchBuilder): void {
    const { acc, prev } = group;
    if (acc === null) return;
    if (acc.count === 0) {
      if (prev !== undefined) out.add(prev, RowKind.DELETE);
      state.clear();
      return;
    }
    state.update(acc);
    const next = this.keyRow(group.keySource);
    this.handle.writeValues(acc, next, this.keyIndexes.length);
    if (prev === undefined) {
      out.add(next, RowKind.INSERT);
      return;
    }
    if (this.ttlMs <= 0 && valuesEqual(prev, next)) return;
    if (this.generateUpdateBefore) out.add(prev, RowKind.UPDATE_BEFORE);
    out.add(next, RowKind.UPDATE_AFTER);
  }

  /** An output row with the key columns of `row` filled in. */
  private keyRow(row: Row): unknown[] {
    const keyIndexes = this.keyIndexes;
    const out = new Array<unknown>(this.width);
    for (let k = 0; k < keyIndexes.length; k++) out[k] = row[keyIndexes[k]!];
    return out;
  }
}

/** A key's accumulator between `openGroup` and `closeGroup`. */
export interface OpenGroup {
  /** Null while the key has no state and no accumulate message has arrived. */
  acc: AccumulatorRow | null;
  /** The key's output row before the rows were applied; undefined for a new key. */
  readonly prev: unknown[] | undefined;
  readonly keySource: Row;
}

export class GroupAggregateOperator extends AbstractOperator {
  private readonly core: GroupAggregateCore;
  private accState!: ValueState<AccumulatorRow>;

  constructor(spec: GroupAggregateSpec) {
    super(spec.name ?? 'GroupAggregate');
    this.core = new GroupAggregateCore(spec);
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    this.accState = this.core.createState(ctx);
  }

  processBatch(_input: number, batch: Batch): void {
    const backend = this.ctx.backend;
    const { core, accState } = this;
    const keyIndexes = core.keyIndexes;
    const out = new BatchBuilder(batch.length * 2);
    for (let i = 0; i < batch.length; i++) {
      const row = batch.rows[i]!;
      backend.setCurrentKey(serializeKey(row, keyIndexes), row);
      const group = core.openGroup(accState, row);
      core.applyRow(group, row, batch.kinds[i]!);
      core.closeGroup(accState, group, out);
    }
    if (out.length > 0) this.output.emitBatch(out.build());
  }
}
