/**
 * The operator interface and its runtime context. Operators are built from plain parameters
 * (compiled row functions, field indexes, window sizes in milliseconds) and process whole batches in
 * synchronous loops. Watermarks and idleness arrive per input; `AbstractOperator` keeps the minimum
 * over active inputs, lets the subclass fire timers, then forwards the combined watermark.
 */

import type { KeyedStateBackend, KeyedStateSnapshot, StateSize } from '../state/state.ts';
import type { Encoded } from '../state/tagged-value.ts';
import { MIN_WATERMARK } from '../state/timers.ts';
import type { Batch } from './batch.ts';

export interface Output {
  emitBatch(batch: Batch): void;
  emitWatermark(timestamp: number): void;
  emitIdle(idle: boolean): void;
}

const NO_STATE: StateSize = { keys: 0, bytes: 0 };
/** The keyed state each operator's metrics report on, set when the operator opens. */
const trackedState = new WeakMap<OperatorMetrics, KeyedStateBackend>();

export class OperatorMetrics {
  numRecordsIn = 0;
  numRecordsOut = 0;
  numLateRecordsDropped = 0;
  currentInputWatermark = MIN_WATERMARK;
  currentOutputWatermark = MIN_WATERMARK;

  /** Reports the size of `backend` from now on (AbstractOperator.open calls it). */
  static trackState(metrics: OperatorMetrics, backend: KeyedStateBackend): void {
    trackedState.set(metrics, backend);
  }

  /**
   * Keys and estimated bytes of the operator's keyed state, read from the backend's incremental
   * counts (bytes by sampling); zero for operators without keyed state. Read it between batches.
   */
  stateSize(): StateSize {
    return trackedState.get(this)?.stateSize?.() ?? NO_STATE;
  }

  get stateKeys(): number {
    return this.stateSize().keys;
  }

  get stateBytes(): number {
    return this.stateSize().bytes;
  }
}

export interface OperatorContext {
  readonly operatorName: string;
  readonly subtaskIndex: number;
  readonly parallelism: number;
  /** The operator's own keyed state (empty for stateless operators). */
  readonly backend: KeyedStateBackend;
  readonly output: Output;
  readonly metrics: OperatorMetrics;
  /** Current processing time in epoch milliseconds (a test clock in tests). */
  processingTime(): number;
  /** Asks the runtime to call `onProcessingTime` once processing time reaches `time`. */
  scheduleProcessingTime(time: number): void;
}

/** What an operator hands back at a checkpoint: its keyed state plus its own small serialisable state. */
export interface OperatorSnapshot {
  readonly checkpointId: number;
  readonly keyed: KeyedStateSnapshot;
  readonly operator: Encoded;
}

export interface Operator {
  readonly name: string;
  readonly inputCount: number;
  /** Optional asynchronous preparation (e.g. a sink's format encoder), awaited once by `Job.run()`. */
  ready?(): Promise<void>;
  open(ctx: OperatorContext): void;
  processBatch(input: number, batch: Batch): void;
  processWatermark(input: number, timestamp: number): void;
  processIdle(input: number, idle: boolean): void;
  /** Processing time reached `time`: fire due processing-time timers. */
  onProcessingTime(time: number): void;
  snapshotState(checkpointId: number): OperatorSnapshot;
  restoreState(snapshot: OperatorSnapshot): void;
  /**
   * Optional (Flink's prepareSnapshotPreBarrier): emit what the operator buffers (a mini-batch
   * bundle) before a snapshot. `Job.drainForSnapshot()` calls it task by task in topological order,
   * each task after everything upstream has been drained into it, so what it emits is processed
   * downstream before any operator is captured. Synchronous: it runs while the job is paused.
   */
  prepareSnapshotPreBarrier?(): void;
  /**
   * Optional, for operators with in-flight I/O (Flink's prepareSnapshotPreBarrier): awaited by the
   * checkpoint coordinator, with no batch running, just before `snapshotState(checkpointId)`. A
   * two-phase-commit sink flushes and pre-commits its open transaction here.
   */
  prepareCheckpoint?(checkpointId: number): Promise<void>;
  /**
   * Optional: checkpoint `checkpointId` is complete and durable (its metadata is written). A
   * two-phase-commit sink commits the transactions pre-committed up to that checkpoint.
   */
  notifyCheckpointComplete?(checkpointId: number): Promise<void>;
  /** Optional: checkpoint `checkpointId` failed or timed out after `prepareCheckpoint`. */
  notifyCheckpointAborted?(checkpointId: number): Promise<void>;
  /** End of all input (after the final +infinity watermark): emit anything still buffered. */
  finish(): void;
  close(): void;
}

export abstract class AbstractOperator implements Operator {
  protected ctx!: OperatorContext;
  protected output!: Output;
  private inputWatermarks: number[];
  private inputIdle: boolean[];
  private combinedWatermark = MIN_WATERMARK;
  private outputIdle = false;

  constructor(
    readonly name: string,
    readonly inputCount = 1,
  ) {
    this.inputWatermarks = new Array<number>(inputCount).fill(MIN_WATERMARK);
    this.inputIdle = new Array<boolean>(inputCount).fill(false);
  }

  open(ctx: OperatorContext): void {
    this.ctx = ctx;
    this.output = ctx.output;
    OperatorMetrics.trackState(ctx.metrics, ctx.backend);
  }

  abstract processBatch(input: number, batch: Batch): void;

  /** The watermark this operator has seen (minimum over active inputs). */
  protected currentWatermark(): number {
    return this.combinedWatermark;
  }

  processWatermark(input: number, timestamp: number): void {
    if (timestamp > this.inputWatermarks[input]!) this.inputWatermarks[input] = timestamp;
    this.inputIdle[input] = false;
    this.recombine();
  }

  processIdle(input: number, idle: boolean): void {
    this.inputIdle[input] = idle;
    this.recombine();
  }

  private recombine(): void {
    let min = Number.POSITIVE_INFINITY;
    let anyActive = false;
    for (let i = 0; i < this.inputCount; i++) {
      if (this.inputIdle[i]) continue;
      anyActive = true;
      if (this.inputWatermarks[i]! < min) min = this.inputWatermarks[i]!;
    }
    if (!anyActive) {
      if (!this.outputIdle) {
        this.outputIdle = true;
        this.output.emitIdle(true);
      }
      return;
    }
    if (this.outputIdle) {
      this.outputIdle = false;
      this.output.emitIdle(false);
    }
    if (min > this.combinedWatermark) {
      this.combinedWatermark = min;
      this.ctx.metrics.currentInputWatermark = min;
      this.onWatermark(min);
      this.ctx.metrics.currentOutputWatermark = min;
      this.output.emitWatermark(min);
    }
  }

  /** Event time advanced to `watermark`: fire event-time timers. Runs before the watermark is forwarded. */
  protected onWatermark(_watermark: number): void {}

  onProcessingTime(_time: number): void {}

  /**
   * Watermarks are not part of a snapshot: as in Flink, a restored operator starts again from the
   * minimum watermark and waits for its inputs; timers and keyed state are restored.
   */
  snapshotState(checkpointId: number): OperatorSnapshot {
    return { checkpointId, keyed: this.ctx.backend.snapshot(), operator: this.snapshotOperatorState() };
  }

  restoreState(snapshot: OperatorSnapshot): void {
    this.ctx.backend.restore(snapshot.keyed);
    this.restoreOperatorState(snapshot.operator);
  }

  /** Non-keyed state of the operator (e.g. a source's position); null when there is none. */
  protected snapshotOperatorState(): Encoded {
    return null;
  }

  protected restoreOperatorState(_state: Encoded): void {}

  /** Nothing buffered by default. */
  prepareSnapshotPreBarrier(): void {}

  finish(): void {}

  close(): void {
    this.ctx.backend.dispose();
  }
}
