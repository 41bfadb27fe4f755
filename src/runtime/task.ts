/**
 * Tasks: operators chained in one synchronous call path, fed from bounded queues.
 *
 * A task takes one stream element at a time from its input queues and pushes it through its chain;
 * each operator's output calls straight into the next operator (no queue, no await inside a chain).
 * The last operator's output goes to the task's output queues. Queues are bounded: the job runner
 * does not run a producer whose output queue is full, which is what makes backpressure reach the
 * sources instead of growing memory.
 */

import { HeapKeyedStateBackend } from '../state/heap-backend.ts';
import type { KeyedStateBackend } from '../state/state.ts';
import { MAX_WATERMARK } from '../state/timers.ts';
import type { Batch, StreamElement } from './batch.ts';
import {
  type Operator,
  type OperatorContext,
  OperatorMetrics,
  type OperatorSnapshot,
  type Output,
} from './operator.ts';

export class BoundedQueue {
  private items: StreamElement[] = [];
  private head = 0;
  /** Highest number of queued elements seen (for backpressure tests and metrics). */
  highWaterMark = 0;

  constructor(readonly capacity: number) {
    if (capacity < 1) throw new RangeError(`Queue capacity must be at least 1, got ${capacity}`);
  }

  get size(): number {
    return this.items.length - this.head;
  }

  hasRoom(): boolean {
    return this.size < this.capacity;
  }

  push(element: StreamElement): void {
    this.items.push(element);
    if (this.size > this.highWaterMark) this.highWaterMark = this.size;
  }

  shift(): StreamElement | undefined {
    if (this.head >= this.items.length) return undefined;
    const element = this.items[this.head]!;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
    return element;
  }
}

/** Sends a task's output to every downstream queue (forward edges, fan-out by copy of reference). */
export class QueueOutput implements Output {
  readonly queues: BoundedQueue[] = [];
  emitBatch(batch: Batch): void {
    if (batch.length === 0) return;
    for (const q of this.queues) q.push({ kind: 'batch', batch });
  }
  emitWatermark(timestamp: number): void {
    for (const q of this.queues) q.push({ kind: 'watermark', timestamp });
  }
  emitIdle(idle: boolean): void {
    for (const q of this.queues) q.push({ kind: 'idle', idle });
  }
  emitEnd(): void {
    for (const q of this.queues) q.push({ kind: 'end' });
  }
  hasRoom(): boolean {
    for (const q of this.queues) if (!q.hasRoom()) return false;
    return true;
  }
}

/** Calls into the next operator of a chain and counts records out of the previous one. */
class ChainOutput implements Output {
  constructor(
    private readonly next: Operator,
    private readonly nextMetrics: OperatorMetrics,
    private readonly metrics: OperatorMetrics,
  ) {}
  emitBatch(batch: Batch): void {
    if (batch.length === 0) return;
    this.metrics.numRecordsOut += batch.length;
    this.nextMetrics.numRecordsIn += batch.length;
    this.next.processBatch(0, batch);
  }
  emitWatermark(timestamp: number): void {
    this.next.processWatermark(0, timestamp);
  }
  emitIdle(idle: boolean): void {
    this.next.processIdle(0, idle);
  }
}

class CountingOutput implements Output {
  constructor(
    private readonly inner: Output,
    private readonly metrics: OperatorMetrics,
  ) {}
  emitBatch(batch: Batch): void {
    this.metrics.numRecordsOut += batch.length;
    this.inner.emitBatch(batch);
  }
  emitWatermark(timestamp: number): void {
    this.inner.emitWatermark(timestamp);
  }
  emitIdle(idle: boolean): void {
    this.inner.emitIdle(idle);
  }
}

/** A source at the head of a task: pulled by the runner, one batch per poll. */
export interface SourceOperator {
  readonly name: string;
  /**
   * Optional asynchronous preparation (a format's decoder, a broker connection), awaited once by
   * `Job.run()` before the first poll; the synchronous `open(ctx)` follows it.
   */
  ready?(): Promise<void>;
  /**
   * Optional, for sources that wait on a rate or on I/O: the processing time (job clock, epoch ms) at
   * which a poll can emit again; at or before now when it can emit already. The job does not poll a
   * source before that time and sleeps when nothing else can run.
   */
  nextPollTime?(): number;
  /**
   * Optional, for sources that fill a buffer in the background (the Kafka source): calls `listener`
   * when records arrive, so a job sleeping until `nextPollTime()` wakes at once (one listener: a later
   * call replaces it).
   */
  onRecordsAvailable?(listener: () => void): void;
  open(ctx: OperatorContext): void;
  /** Emits at most one batch (with any watermarks it implies); returns false once exhausted. */
  poll(): boolean;
  snapshotState(checkpointId: number): OperatorSnapshot;
  restoreState(snapshot: OperatorSnapshot): void;
  close(): void;
}

/** Feeds a source's output into the head operator of its chain. */
class HeadOutput implements Output {
  constructor(
    private readonly head: Operator,
    private readonly headMetrics: OperatorMetrics,
    private readonly metrics: OperatorMetrics,
  ) {}
  emitBatch(batch: Batch): void {
    if (batch.length === 0) return;
    this.metrics.numRecordsOut += batch.length;
    this.headMetrics.numRecordsIn += batch.length;
    this.head.processBatch(0, batch);
  }
  emitWatermark(timestamp: number): void {
    this.head.processWatermark(0, timestamp);
  }
  emitIdle(idle: boolean): void {
    this.head.processIdle(0, idle);
  }
}

export interface TaskOptions {
  readonly name: string;
  readonly subtaskIndex?: number;
  readonly parallelism?: number;
  readonly clock?: () => number;
  readonly createBackend?: (operatorName: string) => KeyedStateBackend;
  /** Called when an operator asks to be woken at a processing time. */
  readonly scheduleProcessingTime?: (task: Task, time: number) => void;
}

export class Task {
  readonly name: string;
  readonly inputs: BoundedQueue[] = [];
  readonly output = new QueueOutput();
  readonly metrics: OperatorMetrics[];
  readonly sourceMetrics = new OperatorMetrics();
  private readonly inputEnded: boolean[] = [];
  private ended = false;
  private readonly head: Operator | undefined;
  private readonly clock: () => number;

  constructor(
    readonly operators: readonly Operator[],
    private readonly options: TaskOptions,
    readonly source?: SourceOperator,
  ) {
    if (operators.length === 0 && source === undefined) {
      throw new Error(`Task '${options.name}' needs a source or at least one operator`);
    }
    this.name = options.name;
    this.head = operators[0];
    this.metrics = operators.map(() => new OperatorMetrics());
    this.clock = options.clock ?? Date.now;
  }

  /** Adds an input queue feeding input `index` of the chain's head operator. */
  connectInput(queue: BoundedQueue): number {
    this.inputs.push(queue);
    this.inputEnded.push(false);
    return this.inputs.length - 1;
  }

  open(): void {
    const clock = this.clock;
    for (let i = this.operators.length - 1; i >= 0; i--) {
      const op = this.operators[i]!;
      const metrics = this.metrics[i]!;
      const next = this.operators[i + 1];
      const output: Output =
        next === undefined
          ? new CountingOutput(this.output, metrics)
          : new ChainOutput(next, this.metrics[i + 1]!, metrics);
      const ctx: OperatorContext = {
        operatorName: op.name,
        subtaskIndex: this.options.subtaskIndex ?? 0,
        parallelism: this.options.parallelism ?? 1,
        backend: this.options.createBackend?.(op.name) ?? new HeapKeyedStateBackend({ clock }),
        output,
        metrics,
        processingTime: clock,
        scheduleProcessingTime: (time) => this.options.scheduleProcessingTime?.(this, time),
      };
      op.open(ctx);
    }
    if (this.source !== undefined) {
      const output: Output =
        this.head === undefined
          ? new CountingOutput(this.output, this.sourceMetrics)
          : new HeadOutput(this.head, this.metrics[0]!, this.sourceMetrics);
      this.source.open({
        operatorName: this.source.name,
        subtaskIndex: this.options.subtaskIndex ?? 0,
        parallelism: this.options.parallelism ?? 1,
        backend: this.options.createBackend?.(this.source.name) ?? new HeapKeyedStateBackend({ clock }),
        output,
        metrics: this.sourceMetrics,
        processingTime: clock,
        scheduleProcessingTime: (time) => this.options.scheduleProcessingTime?.(this, time),
      });
    }
  }

  isEnded(): boolean {
    return this.ended;
  }

  /** True when some input has an element (or the source is due) and the output can take more. */
  canStep(): boolean {
    if (this.ended || !this.output.hasRoom()) return false;
    if (this.source !== undefined) {
      const due = this.source.nextPollTime?.();
      return due === undefined || due <= this.clock();
    }
    for (const q of this.inputs) if (q.size > 0) return true;
    return false;
  }

  /**
   * When this task is a live source with room in its output queues and a `nextPollTime()`: the time
   * it is due (possibly already past). Undefined otherwise.
   */
  sourceDueTime(): number | undefined {
    if (this.source === undefined || this.ended || !this.output.hasRoom()) return undefined;
    return this.source.nextPollTime?.();
  }

  /** Awaits the asynchronous preparation (`ready()`) of the source and of every operator that has one. */
  ready(): Promise<void> {
    const waits: Promise<void>[] = [];
    if (this.source?.ready !== undefined) waits.push(this.source.ready());
    for (const op of this.operators) if (op.ready !== undefined) waits.push(op.ready());
    return Promise.all(waits).then(() => undefined);
  }

  /** Processes one element from the first non-empty input. Returns false when there was none. */
  step(): boolean {
    if (this.source !== undefined) {
      if (this.ended) return false;
      if (!this.source.poll()) this.endOfSource();
      return true;
    }
    for (let input = 0; input < this.inputs.length; input++) {
      const element = this.inputs[input]!.shift();
      if (element === undefined) continue;
      this.process(input, element);
      return true;
    }
    return false;
  }

  process(input: number, element: StreamElement): void {
    switch (element.kind) {
      case 'batch':
        this.metrics[0]!.numRecordsIn += element.batch.length;
        this.head!.processBatch(input, element.batch);
        return;
      case 'watermark':
        this.head!.processWatermark(input, element.timestamp);
        return;
      case 'idle':
        this.head!.processIdle(input, element.idle);
        return;
      case 'end':
        this.endInput(input);
        return;
    }
  }

  private endInput(input: number): void {
    // An ended input holds the maximum watermark, so it never holds back the others.
    this.head!.processWatermark(input, MAX_WATERMARK);
    this.inputEnded[input] = true;
    if (this.inputEnded.every(Boolean)) this.finishChain();
  }

  /** End of a bounded source: watermark +infinity (fires all event-time timers), then finish. */
  private endOfSource(): void {
    if (this.head === undefined) this.output.emitWatermark(MAX_WATERMARK);
    else this.head.processWatermark(0, MAX_WATERMARK);
    this.finishChain();
  }

  private finishChain(): void {
    for (const op of this.operators) op.finish();
    this.ended = true;
    this.output.emitEnd();
  }

  onProcessingTime(time: number): void {
    for (const op of this.operators) op.onProcessingTime(time);
  }

  /** Snapshots of the source (if any) followed by every chained operator, in chain order. */
  snapshot(checkpointId: number): OperatorSnapshot[] {
    const own = this.operators.map((op) => op.snapshotState(checkpointId));
    return this.source === undefined ? own : [this.source.snapshotState(checkpointId), ...own];
  }

  restore(snapshots: readonly OperatorSnapshot[]): void {
    const offset = this.source === undefined ? 0 : 1;
    if (this.source !== undefined && snapshots[0] !== undefined) this.source.restoreState(snapshots[0]);
    this.operators.forEach((op, i) => {
      const s = snapshots[i + offset];
      if (s !== undefined) op.restoreState(s);
    });
  }

  close(): void {
    this.source?.close();
    for (const op of this.operators) op.close();
  }
}
