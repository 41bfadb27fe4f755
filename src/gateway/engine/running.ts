/**
 * A statement's job running in this thread, exposed as a pull-based changelog stream. The job loop
 * only steps while the result buffer is below its capacity, so a consumer that stops pulling pauses
 * the job (backpressure reaches the sources through the job's bounded queues); one step can overshoot
 * the capacity by at most one batch. Inserts have no result stream; they run until their sources end.
 */

import type { ConnectorRegistry } from '../../planner/physical/connectors.ts';
import { buildJob } from '../../planner/physical/job-builder.ts';
import type { PhysicalPlan } from '../../planner/physical/planner.ts';
import type { Batch, Row } from '../../runtime/batch.ts';
import type { Job } from '../../runtime/job.ts';
import { AbstractOperator, type OperatorMetrics } from '../../runtime/operator.ts';
import type { ChangeOp, ResultColumn } from './types.ts';

export interface RunOptions {
  /** Rows buffered before the job pauses (default 2048). */
  readonly bufferRows?: number;
  readonly connectors?: ConnectorRegistry;
  readonly config?: ReadonlyMap<string, string>;
}

export type RunState = 'RUNNING' | 'FINISHED' | 'FAILED' | 'CANCELLED';

export interface RawBatch {
  readonly ops: ChangeOp[];
  readonly rows: Row[];
}

export interface OperatorMetricsSample {
  readonly task: string;
  readonly operator: string;
  readonly numRecordsIn: number;
  readonly numRecordsOut: number;
  readonly numLateRecordsDropped: number;
  readonly currentInputWatermark: number;
  readonly currentOutputWatermark: number;
}

/** The operator at the end of a SELECT: appends to the statement's buffer. */
class BufferCollector extends AbstractOperator {
  constructor(private readonly sink: (batch: Batch) => void) {
    super('CollectResult');
  }
  processBatch(_input: number, batch: Batch): void {
    this.sink(batch);
  }
}

interface Throttled {
  /** When the rate-limited source may emit next; undefined when it is not waiting. */
  nextPollTime(): number | undefined;
}
const isThrottled = (x: unknown): x is Throttled =>
  typeof x === 'object' && x !== null && typeof (x as { nextPollTime?: unknown }).nextPollTime === 'function';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

export class RunningStatement {
  private readonly job: Job;
  private readonly capacity: number;
  private ops: ChangeOp[] = [];
  private rows: Row[] = [];
  private runState: RunState = 'RUNNING';
  private failure: unknown;
  private cancelled = false;
  private wake: (() => void) | undefined;
  private listener: (() => void) | undefined;
  /** Resolves when the job loop has ended (finished, failed or cancelled). */
  readonly done: Promise<void>;

  constructor(
    plan: PhysicalPlan,
    readonly columns: readonly ResultColumn[],
    readonly isQuery: boolean,
    options: RunOptions & { connectors: ConnectorRegistry; config: ReadonlyMap<string, string> },
  ) {
    this.capacity = options.bufferRows ?? 2048;
    const collect = (): BufferCollector => new BufferCollector((b) => this.append(b));
    this.job = buildJob(plan.roots, { connectors: options.connectors, config: options.config, collect }).job;
    this.done = this.loop();
  }

  get state(): RunState {
    return this.runState;
  }
  get error(): unknown {
    return this.failure;
  }
  get buffered(): number {
    return this.rows.length;
  }

  /** Called whenever rows arrive or the state changes (one listener: the worker or the test). */
  onChange(listener: () => void): void {
    this.listener = listener;
  }

  /** Takes up to `max` buffered changes; the job resumes when the buffer has room again. */
  take(max: number): RawBatch {
    const n = Math.min(max, this.rows.length);
    const batch = { ops: this.ops.slice(0, n), rows: this.rows.slice(0, n) };
    this.ops = this.ops.slice(n);
    this.rows = this.rows.slice(n);
    if (n > 0) this.resume();
    return batch;
  }

  /** Waits for changes (or the end); returns an empty batch once the statement ended and was drained. */
  async pull(max: number): Promise<RawBatch> {
    while (this.rows.length === 0 && this.runState === 'RUNNING') {
      await new Promise<void>((r) => {
        this.listener = r;
      });
    }
    return this.take(max);
  }

  cancel(): void {
    this.cancelled = true;
    this.resume();
  }

  operatorMetrics(): OperatorMetricsSample[] {
    const out: OperatorMetricsSample[] = [];
    const sample = (task: string, operator: string, m: OperatorMetrics): OperatorMetricsSample => ({
      task,
      operator,
      numRecordsIn: m.numRecordsIn,
      numRecordsOut: m.numRecordsOut,
      numLateRecordsDropped: m.numLateRecordsDropped,
      currentInputWatermark: m.currentInputWatermark,
      currentOutputWatermark: m.currentOutputWatermark,
    });
    for (const task of this.job.tasks) {
      if (task.source !== undefined) out.push(sample(task.name, task.source.name, task.sourceMetrics));
      task.operators.forEach((op, i) => {
        out.push(sample(task.name, op.name, task.metrics[i]!));
      });
    }
    return out;
  }

  private append(batch: Batch): void {
    for (let i = 0; i < batch.length; i++) {
      this.ops.push(batch.kinds[i] as ChangeOp);
      this.rows.push(batch.rows[i]!);
    }
    this.notify();
  }

  private notify(): void {
    const l = this.listener;
    l?.();
  }

  private resume(): void {
    const w = this.wake;
    this.wake = undefined;
    w?.();
  }

  /** Milliseconds until a rate-limited source is due; 0 when something can run now. */
  private idleDelay(now: number): number {
    let earliest = Number.POSITIVE_INFINITY;
    for (const task of this.job.tasks) {
      if (task.isEnded()) continue;
      if (task.source === undefined || !isThrottled(task.source)) {
        if (task.canStep()) return 0;
        continue;
      }
      const due = task.source.nextPollTime();
      if (due === undefined) {
        if (task.canStep()) return 0;
        continue;
      }
      earliest = Math.min(earliest, due);
    }
    return earliest === Number.POSITIVE_INFINITY ? 0 : Math.max(0, earliest - now);
  }

  private async loop(): Promise<void> {
    try {
      await this.job.prepare();
      this.job.open();
      let steps = 0;
      while (!this.job.isFinished() && !this.cancelled) {
        if (this.isQuery && this.rows.length >= this.capacity) {
          await new Promise<void>((r) => {
            this.wake = r;
          });
          continue;
        }
        const delay = this.idleDelay(Date.now());
        if (delay > 0) {
          await sleep(Math.min(delay, 100));
          continue;
        }
        if (this.job.step()) {
          if (++steps % 64 === 0) await yieldToLoop();
          continue;
        }
        await sleep(1);
      }
      this.runState = this.cancelled ? 'CANCELLED' : 'FINISHED';
    } catch (e) {
      this.failure = e;
      this.runState = 'FAILED';
    } finally {
      try {
        this.job.close();
      } catch (e) {
        if (this.runState !== 'FAILED') {
          this.failure = e;
          this.runState = 'FAILED';
        }
      }
      this.notify();
    }
  }
}
