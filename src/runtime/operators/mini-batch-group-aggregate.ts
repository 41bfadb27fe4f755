/**
 * Unbounded GROUP BY with Flink's mini-batch (`table.exec.mini-batch.*`, MiniBatchGroupAggFunction):
 * per bundle, each key's accumulator is read once, that key's rows are applied in arrival order, and
 * at the flush it is written once and only the net change is emitted (GroupAggregateCore.closeGroup:
 * nothing when the result did not change, +I for a new key, -U/+U for a changed one, -D when the
 * key's record count reaches 0). Flink buffers the rows and applies them at the flush; applying each
 * row on arrival to the key's open accumulator gives the same results (only this operator touches
 * that state) without keeping the rows alive until the flush, which in a garbage-collected heap
 * costs more than the state access it saves.
 *
 * A bundle is flushed when it holds `bundleSize` rows, when `allowLatencyMs` of processing time has
 * passed since its first row (a timer through the operator context), before every watermark is
 * forwarded, at the end of input, and before a snapshot (`prepareSnapshotPreBarrier`): the job calls
 * that while it drains for a consistent cut, so the bundle's output reaches downstream operators
 * before they are captured and the bundle is always empty in a snapshot.
 */

import { serializeKey } from '../../state/keys.ts';
import type { ValueState } from '../../state/state.ts';
import type { AccumulatorRow } from '../aggregation.ts';
import { type Batch, BatchBuilder } from '../batch.ts';
import { AbstractOperator, type OperatorContext, type OperatorSnapshot } from '../operator.ts';
import { GroupAggregateCore, type GroupAggregateSpec, type OpenGroup } from './group-aggregate.ts';

export interface MiniBatchGroupAggregateSpec extends GroupAggregateSpec {
  /** `table.exec.mini-batch.size`: rows per bundle (> 0). */
  readonly bundleSize: number;
  /** `table.exec.mini-batch.allow-latency` in ms (> 0). */
  readonly allowLatencyMs: number;
}

export class MiniBatchGroupAggregateOperator extends AbstractOperator {
  private readonly core: GroupAggregateCore;
  private readonly bundleSize: number;
  private readonly allowLatencyMs: number;
  private accState!: ValueState<AccumulatorRow>;
  /** The bundle: per key (first-arrival order), its accumulator opened at its first row. */
  private bundle = new Map<string, OpenGroup>();
  private bundleRows = 0;
  /** Processing time by which the current bundle must be flushed; undefined while it is empty. */
  private flushDeadline: number | undefined;

  constructor(spec: MiniBatchGroupAggregateSpec) {
    super(spec.name ?? 'GroupAggregate');
    if (!(spec.bundleSize > 0) || !(spec.allowLatencyMs > 0)) {
      throw new Error(
        `Mini-batch GroupAggregate needs a positive bundle size and latency (got size ${spec.bundleSize}, latency ${spec.allowLatencyMs} ms)`,
      );
    }
    this.core = new GroupAggregateCore(spec);
    this.bundleSize = spec.bundleSize;
    this.allowLatencyMs = spec.allowLatencyMs;
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    this.accState = this.core.createState(ctx);
  }

  /** Rows in the current bundle (for tests and metrics). */
  get bufferedRows(): number {
    return this.bundleRows;
  }

  processBatch(_input: number, batch: Batch): void {
    const { core, accState } = this;
    const keyIndexes = core.keyIndexes;
    const backend = this.ctx.backend;
    let out: BatchBuilder | undefined;
    for (let i = 0; i < batch.length; i++) {
      const row = batch.rows[i]!;
      const key = serializeKey(row, keyIndexes);
      let group = this.bundle.get(key);
      if (group === undefined) {
        backend.setCurrentKey(key, row);
        group = core.openGroup(accState, row);
        this.bundle.set(key, group);
      }
      core.applyRow(group, row, batch.kinds[i]!);
      if (++this.bundleRows === 1) {
        this.flushDeadline = this.ctx.processingTime() + this.allowLatencyMs;
        this.ctx.scheduleProcessingTime(this.flushDeadline);
      }
      if (this.bundleRows >= this.bundleSize) {
        out ??= new BatchBuilder(this.bundleRows);
        this.flushInto(out);
      }
    }
    if (out !== undefined && out.length > 0) this.output.emitBatch(out.build());
  }

  /** Closes every key of the bundle (in first-arrival order) and empties it. */
  private flushInto(out: BatchBuilder): void {
    const bundle = this.bundle;
    if (this.bundleRows === 0) return;
    this.bundle = new Map();
    this.bundleRows = 0;
    this.flushDeadline = undefined;
    const backend = this.ctx.backend;
    for (const [key, group] of bundle) {
      backend.setCurrentKey(key, group.keySource);
      this.core.closeGroup(this.accState, group, out);
    }
  }

  private flush(): void {
    if (this.bundleRows === 0) return;
    const out = new BatchBuilder(this.bundleRows);
    this.flushInto(out);
    if (out.length > 0) this.output.emitBatch(out.build());
  }

  override onProcessingTime(time: number): void {
    // a wake-up of an earlier bundle (flushed by size meanwhile) is earlier than the current deadline
    if (this.flushDeadline !== undefined && time >= this.flushDeadline) this.flush();
  }

  /** Flink's MapBundleOperator finishes the bundle before forwarding a watermark. */
  protected override onWatermark(_watermark: number): void {
    this.flush();
  }

  override prepareSnapshotPreBarrier(): void {
    this.flush();
  }

  override finish(): void {
    this.flush();
  }

  override snapshotState(checkpointId: number): OperatorSnapshot {
    if (this.bundleRows > 0) {
      throw new Error(
        `${this.name}: snapshot with ${this.bundleRows} mini-batch rows not yet flushed; take snapshots through Job.snapshot() or the checkpoint coordinator, which flush bundles first (prepareSnapshotPreBarrier)`,
      );
    }
    return super.snapshotState(checkpointId);
  }
}
