/**
 * A job: a DAG of tasks connected by bounded queues, run in one thread. The runner always prefers
 * the most downstream task that can make progress and only pulls a source when its output queues
 * have room, so a slow consumer throttles the sources (backpressure) and memory stays bounded.
 *
 * Per batch, everything is synchronous; the async `run()` yields to the event loop between batches
 * (every `yieldEvery` steps) and sleeps until the next processing-time timer when nothing can run.
 */

import type { Operator, OperatorSnapshot } from './operator.ts';
import { BoundedQueue, type SourceOperator, Task, type TaskOptions } from './task.ts';

export const DEFAULT_QUEUE_CAPACITY = 8;

export interface JobOptions {
  readonly clock?: () => number;
  readonly queueCapacity?: number;
  readonly createBackend?: TaskOptions['createBackend'];
}

export interface JobSnapshot {
  readonly checkpointId: number;
  readonly tasks: Record<string, OperatorSnapshot[]>;
}

export class Job {
  /** Tasks in topological order (producers before consumers). */
  readonly tasks: Task[] = [];
  private readonly clock: () => number;
  private readonly wakeUps: { task: Task; time: number }[] = [];
  private opened = false;

  constructor(private readonly options: JobOptions = {}) {
    this.clock = options.clock ?? Date.now;
  }

  private taskOptions(name: string): TaskOptions {
    return {
      name,
      clock: this.clock,
      createBackend: this.options.createBackend,
      scheduleProcessingTime: (task, time) => this.wakeUps.push({ task, time }),
    };
  }

  addSource(name: string, source: SourceOperator, chain: readonly Operator[] = []): Task {
    return this.add(new Task(chain, this.taskOptions(name), source));
  }

  addTask(name: string, chain: readonly Operator[]): Task {
    return this.add(new Task(chain, this.taskOptions(name)));
  }

  /** Connects `from`'s output to a new input of `to`; returns the input index at `to`'s head. */
  connect(from: Task, to: Task, capacity = this.options.queueCapacity ?? DEFAULT_QUEUE_CAPACITY): number {
    if (this.tasks.indexOf(from) >= this.tasks.indexOf(to)) {
      throw new Error(
        `Connect '${from.name}' → '${to.name}': add tasks in topological order (producers first)`,
      );
    }
    const queue = new BoundedQueue(capacity);
    from.output.queues.push(queue);
    return to.connectInput(queue);
  }

  private add(task: Task): Task {
    if (this.tasks.some((t) => t.name === task.name)) throw new Error(`Duplicate task name '${task.name}'`);
    this.tasks.push(task);
    return task;
  }

  open(): void {
    if (this.opened) return;
    for (const t of this.tasks) t.open();
    this.opened = true;
  }

  isFinished(): boolean {
    return this.tasks.every((t) => t.isEnded());
  }

  /** Runs one scheduling step; returns false when no task could run. */
  step(): boolean {
    this.fireDueProcessingTime();
    for (let i = this.tasks.length - 1; i >= 0; i--) {
      const task = this.tasks[i]!;
      if (task.canStep()) return task.step();
    }
    return false;
  }

  /** Runs a bounded job to the end in one synchronous loop. */
  runToCompletion(): void {
    this.open();
    while (!this.isFinished()) {
      if (!this.step()) {
        if (this.wakeUps.length > 0) {
          this.advanceProcessingTimeTo(Math.min(...this.wakeUps.map((w) => w.time)));
          continue;
        }
        throw new Error(`Job stalled: no task can run and none has ended (${this.describeQueues()})`);
      }
    }
  }

  /** Runs until finished, yielding to the event loop between batches. */
  async run(yieldEvery = 64, signal?: AbortSignal): Promise<void> {
    this.open();
    let steps = 0;
    while (!this.isFinished()) {
      if (signal?.aborted) return;
      if (this.step()) {
        if (++steps % yieldEvery === 0) await new Promise((r) => setImmediate(r));
        continue;
      }
      const next = this.wakeUps.length > 0 ? Math.min(...this.wakeUps.map((w) => w.time)) : undefined;
      const delay = next === undefined ? 1 : Math.max(0, next - this.clock());
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  /** Calls onProcessingTime on tasks whose wake-up time has passed on the job clock. */
  private fireDueProcessingTime(): void {
    if (this.wakeUps.length === 0) return;
    const now = this.clock();
    this.fireWakeUps(now);
  }

  /** For bounded runs and tests: fire wake-ups up to `time` regardless of the wall clock. */
  advanceProcessingTimeTo(time: number): void {
    this.fireWakeUps(time);
  }

  private fireWakeUps(now: number): void {
    const due = new Set<Task>();
    for (let i = this.wakeUps.length - 1; i >= 0; i--) {
      const w = this.wakeUps[i]!;
      if (w.time <= now) {
        due.add(w.task);
        this.wakeUps.splice(i, 1);
      }
    }
    for (const task of due) task.onProcessingTime(now);
  }

  /**
   * Takes a consistent snapshot of every task. With one thread and no barriers, consistency comes
   * from draining all queues first (sources are not polled meanwhile).
   */
  snapshot(checkpointId: number): JobSnapshot {
    for (;;) {
      let progressed = false;
      for (let i = this.tasks.length - 1; i >= 0; i--) {
        const t = this.tasks[i]!;
        if (t.source === undefined && t.canStep()) {
          t.step();
          progressed = true;
          break;
        }
      }
      if (!progressed) break;
    }
    const tasks: Record<string, OperatorSnapshot[]> = {};
    for (const t of this.tasks) tasks[t.name] = t.snapshot(checkpointId);
    return { checkpointId, tasks };
  }

  /** Restores a snapshot into a freshly built job with the same task names (opens it first). */
  restore(snapshot: JobSnapshot): void {
    this.open();
    for (const t of this.tasks) {
      const s = snapshot.tasks[t.name];
      if (s !== undefined) t.restore(s);
    }
  }

  close(): void {
    for (const t of this.tasks) t.close();
  }

  private describeQueues(): string {
    return this.tasks.map((t) => `${t.name}: inputs [${t.inputs.map((q) => q.size).join(', ')}]`).join('; ');
  }
}
