/**
 * A statement's job running in this thread, exposed as a pull-based changelog stream. The job loop
 * only steps while the result buffer is below its capacity, so a consumer that stops pulling pauses
 * the job (backpressure reaches the sources through the job's bounded queues); one step can overshoot
 * the capacity by at most one batch. Inserts have no result stream; they run until their sources end.
 *
 * Between batches the loop lets the checkpoint coordinator take periodic checkpoints, and serves a
 * stop request (optionally with a savepoint, optionally draining event time first). The job is
 * restored from a checkpoint or savepoint before its first batch when asked to (checkpointing.ts).
 */

import { randomUUID } from 'node:crypto';
import type { ConnectorRegistry } from '../../planner/physical/connectors.ts';
import { buildJob } from '../../planner/physical/job-builder.ts';
import type { PhysicalPlan } from '../../planner/physical/planner.ts';
import type { Batch, Row } from '../../runtime/batch.ts';
import type { Job } from '../../runtime/job.ts';
import type { OperatorMetrics } from '../../runtime/operator.ts';
import type { CompletedCheckpoint } from '../../state/checkpoint/metadata.ts';
import type { JobTermination, OperatorStateSize } from '../../state/checkpoint/storage.ts';
import {
  backendFactory,
  type JobCheckpointing,
  type StatementCheckpointing,
  setUpCheckpointing,
  stateConfigOf,
} from './checkpointing.ts';
import { ResultCollector } from './result-collector.ts';
import type { ChangeOp, ResultColumn } from './types.ts';

export interface RunOptions {
  /** Rows buffered before the job pauses (default 2048). */
  readonly bufferRows?: number;
  readonly connectors?: ConnectorRegistry;
  readonly config?: ReadonlyMap<string, string>;
  /** Statement identity, restore and checkpoint events (the gateway's workers pass it). */
  readonly checkpointing?: StatementCheckpointing;
}

/** `STOP JOB ... [WITH SAVEPOINT] [WITH DRAIN]` or a REST stop. */
export interface StopRequest {
  readonly savepoint: boolean;
  /** Advance event time to the end first, so every window fires (Flink's --drain). */
  readonly drain: boolean;
}

export type Savepoint = CompletedCheckpoint & { readonly sizes: readonly OperatorStateSize[] };

interface PendingStop extends StopRequest {
  resolve(savepoint: Savepoint | undefined): void;
  reject(error: unknown): void;
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
  /** Keyed state entries of the operator (0 when stateless). */
  readonly stateKeys: number;
  /** Estimated bytes of the operator's keyed state. */
  readonly stateSizeBytes: number;
}

interface Throttled {
  /** When the rate-limited source may emit next; undefined when it is not waiting. */
  nextPollTime(): number | undefined;
}
const isThrottled = (x: unknown): x is Throttled =>
  typeof x === 'object' && x !== null && typeof (x as { nextPollTime?: unknown }).nextPollTime === 'function';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));
/** Milliseconds of back-to-back batches after which the job loop lets the event loop run. */
const YIELD_AFTER_MS = 4;

export class RunningStatement {
  private readonly job: Job;
  private readonly capacity: number;
  private ops: ChangeOp[] = [];
  private rows: Row[] = [];
  private runState: RunState = 'RUNNING';
  private failure: unknown;
  private cancelled = false;
  private wake: (() => void) | undefined;
  /** True while the loop waits for a polling source to be due (see `idleDelay`). */
  private idleWaiting = false;
  private listener: (() => void) | undefined;
  private stopRequest: PendingStop | undefined;
  private checkpointing: JobCheckpointing | undefined;
  private readonly statementKey: string;
  /** Resolves when the job loop has ended (finished, failed or cancelled). */
  readonly done: Promise<void>;

  constructor(
    plan: PhysicalPlan,
    readonly columns: readonly ResultColumn[],
    readonly isQuery: boolean,
    options: RunOptions & { connectors: ConnectorRegistry; config: ReadonlyMap<string, string> },
  ) {
    this.capacity = options.bufferRows ?? 2048;
    const checkpointing = options.checkpointing;
    this.statementKey = checkpointing?.statementKey ?? `local-${randomUUID()}`;
    const dataDir = checkpointing?.dataDir;
    const collect = (): ResultCollector =>
      new ResultCollector({
        append: (b) => this.append(b),
        pending: () => ({ ops: this.ops, rows: this.rows }),
        restorePending: (ops, rows) => {
          this.ops = [...ops, ...this.ops];
          this.rows = [...rows, ...this.rows];
        },
      });
    const createBackend = backendFactory(stateConfigOf(options.config, dataDir), this.statementKey, dataDir);
    this.job = buildJob(plan.roots, {
      connectors: options.connectors,
      config: options.config,
      collect,
      job: { createBackend },
    }).job;
    // A fetched record would otherwise wait for the source's next poll time (up to 5 ms): the
    // source wakes the idle loop as soon as it has records.
    for (const task of this.job.tasks) {
      task.source?.onRecordsAvailable?.(() => {
        if (this.idleWaiting) this.resume();
      });
    }
    this.done = this.loop(plan, options.config, { ...checkpointing, statementKey: this.statementKey });
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

  /**
   * Stops the job between batches, after a savepoint when asked (resolving with it). When the
   * savepoint fails the promise rejects and the job keeps running, as Flink's stop-with-savepoint.
   */
  stop(request: StopRequest): Promise<Savepoint | undefined> {
    if (this.runState !== 'RUNNING')
      return Promise.reject(new Error(`The job is not running (${this.runState})`));
    if (this.stopRequest !== undefined)
      return Promise.reject(new Error('A stop of this job is already under way'));
    return new Promise((resolve, reject) => {
      this.stopRequest = { ...request, resolve, reject };
      this.resume();
    });
  }

  operatorMetrics(): OperatorMetricsSample[] {
    const out: OperatorMetricsSample[] = [];
    const sample = (task: string, operator: string, m: OperatorMetrics): OperatorMetricsSample => {
      const state = m.stateSize();
      return {
        task,
        operator,
        numRecordsIn: m.numRecordsIn,
        numRecordsOut: m.numRecordsOut,
        numLateRecordsDropped: m.numLateRecordsDropped,
        currentInputWatermark: m.currentInputWatermark,
        currentOutputWatermark: m.currentOutputWatermark,
        stateKeys: state.keys,
        stateSizeBytes: state.bytes,
      };
    };
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

  /** Waits until `resume()` or until `untilTime` (a checkpoint falls due), whichever comes first. */
  private waitForWake(untilTime: number | undefined): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer =
        untilTime === undefined
          ? undefined
          : setTimeout(() => this.resume(), Math.max(0, untilTime - Date.now()));
      this.wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  /** Serves a stop request between batches; returns true when the job is to stop. */
  private async serveStop(request: PendingStop, checkpointing: JobCheckpointing): Promise<boolean> {
    if (!request.savepoint) {
      request.resolve(undefined);
      return true;
    }
    try {
      const dir = checkpointing.savepointDir;
      if (dir === undefined) {
        throw new Error(
          "No savepoint directory: set 'state.savepoints.dir' (or 'execution.checkpointing.savepoint-dir')",
        );
      }
      if (request.drain) this.job.advanceToEndOfEventTime();
      request.resolve(await checkpointing.coordinator.savepoint(dir));
      return true;
    } catch (error) {
      request.reject(error);
      return false;
    }
  }

  private async loop(
    plan: PhysicalPlan,
    config: ReadonlyMap<string, string>,
    checkpointingOptions: StatementCheckpointing,
  ): Promise<void> {
    let termination: JobTermination = 'FAILED';
    try {
      await this.job.prepare();
      this.job.open();
      const checkpointing = await setUpCheckpointing(this.job, plan, config, checkpointingOptions);
      this.checkpointing = checkpointing;
      const coordinator = checkpointing.coordinator;
      let lastYield = performance.now();
      while (!this.job.isFinished() && !this.cancelled) {
        const stop = this.stopRequest;
        if (stop !== undefined) {
          this.stopRequest = undefined;
          if (await this.serveStop(stop, checkpointing)) this.cancelled = true;
          continue;
        }
        const now = Date.now();
        if (coordinator.isDue(now)) {
          await coordinator.run();
          continue;
        }
        if (this.isQuery && this.rows.length >= this.capacity) {
          await this.waitForWake(coordinator.nextDueTime());
          continue;
        }
        const delay = this.idleDelay(now);
        if (delay > 0) {
          const untilCheckpoint = (coordinator.nextDueTime() ?? Number.POSITIVE_INFINITY) - now;
          this.idleWaiting = true;
          await this.waitForWake(now + Math.max(0, Math.min(delay, 100, untilCheckpoint)));
          this.idleWaiting = false;
          continue;
        }
        if (this.job.step()) {
          // Yield by time, not by batch count: an asynchronous checkpoint write needs one event-loop
          // turn per file operation, and 64 large batches held each turn back by ~80 ms, so a
          // 1 MB checkpoint took seconds to complete under load.
          if (performance.now() - lastYield >= YIELD_AFTER_MS) {
            await yieldToLoop();
            lastYield = performance.now();
          }
          continue;
        }
        await sleep(1);
      }
      // A last checkpoint once every source ended commits what two-phase-commit sinks still hold.
      if (!this.cancelled && coordinator.periodic) await coordinator.checkpointNow();
      termination = this.cancelled ? 'CANCELED' : 'FINISHED';
      this.runState = this.cancelled ? 'CANCELLED' : 'FINISHED';
    } catch (e) {
      this.failure = e;
      this.runState = 'FAILED';
    } finally {
      this.stopRequest?.reject(new Error(`The job ended (${this.runState}) before it could be stopped`));
      this.stopRequest = undefined;
      const coordinator = this.checkpointing?.coordinator;
      try {
        await coordinator?.settle();
        this.job.close();
        await coordinator?.close(termination);
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
