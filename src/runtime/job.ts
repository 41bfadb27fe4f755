/**
 * A job: a DAG of tasks connected by bounded queues, run in one thread. The runner always prefers
 * the most downstream task that can make progress and only pulls a source when its output queues
 * have room, so a slow consumer throttles the sources (backpressure) and memory stays bounded.
 *
 * Per batch, everything is synchronous; the async `run()` awaits the connectors' asynchronous
 * preparation (`ready()`) once, then yields to the event loop between batches (every `yieldEvery`
 * steps). When nothing can run, it sleeps on one timer until the earliest processing-time wake-up or
 * the earliest time a waiting source (rate-limited, or waiting on I/O: `nextPollTime()`) is due.
 */

import { HeapKeyedStateBackend } from '../state/heap-backend.ts';
import type { KeyedStateBackend } from '../state/state.ts';
import { MAX_WATERMARK } from '../state/timers.ts';
import type { Operator, OperatorSnapshot } from './operator.ts';
import { BoundedQueue, type SourceOperator, Task, type TaskOptions } from './task.ts';

export const DEFAULT_QUEUE_CAPACITY = 8;

export interface JobOptions {
  readonly clock?: () => number;
  readonly queueCapacity?: number;
  /** The keyed state backend of one operator of one task (a heap backend when absent). */
  readonly createBackend?: (operatorName: string, taskName: string) => KeyedStateBackend;
}

/** The backends a task's operators were opened with, in chain order (and its source's). */
export interface TaskBackends {
  readonly source: KeyedStateBackend | undefined;
  readonly operators: readonly KeyedStateBackend[];
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
  private prepared: Promise<void> | undefined;
  /** Backends in the order tasks asked for them (see `backendsOf`). */
  private readonly backendRequests = new Map<
    string,
    { operatorName: string; backend: KeyedStateBackend }[]
  >();

  constructor(private readonly options: JobOptions = {}) {
    this.clock = options.clock ?? Date.now;
  }

  private taskOptions(name: string): TaskOptions {
    return {
      name,
      clock: this.clock,
      createBackend: (operatorName) => {
        const backend =
          this.options.createBackend?.(operatorName, name) ??
          new HeapKeyedStateBackend({ clock: this.clock });
        let requests = this.backendRequests.get(name);
        if (requests === undefined) this.backendRequests.set(name, (requests = []));
        requests.push({ operatorName, backend });
        return backend;
      },
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

  /**
   * Runs a bounded job to the end in one synchronous loop. It cannot sleep: processing time is
   * advanced to the next wake-up, and a source that is not due yet is polled anyway (busy).
   */
  runToCompletion(): void {
    this.open();
    while (!this.isFinished()) {
      if (this.step()) continue;
      if (this.wakeUps.length > 0) {
        this.advanceProcessingTimeTo(Math.min(...this.wakeUps.map((w) => w.time)));
        continue;
      }
      const waiting = this.tasks.find((t) => t.sourceDueTime() !== undefined);
      if (waiting !== undefined) {
        waiting.step();
        continue;
      }
      throw new Error(`Job stalled: no task can run and none has ended (${this.describeQueues()})`);
    }
  }

  /**
   * Awaits the asynchronous preparation (`ready()`) of every source and operator, once (formats
   * open their codecs asynchronously). `run()` calls it; synchronous runners call it themselves.
   */
  prepare(): Promise<void> {
    this.prepared ??= Promise.all(this.tasks.map((t) => t.ready())).then(() => undefined);
    return this.prepared;
  }

  /**
   * Runs until finished (true) or until `signal` aborts (false, checked between batches and while
   * sleeping). Yields to the event loop every `yieldEvery` steps; when no task can run, sleeps on one
   * timer until the next processing-time wake-up or the earliest time a waiting source is due.
   */
  async run(yieldEvery = 64, signal?: AbortSignal): Promise<boolean> {
    await this.prepare();
    this.open();
    // a source that announces records cuts the sleep short (else a fetched record waits for its poll time)
    const sleeping: Sleeping = { wake: undefined };
    for (const t of this.tasks) t.source?.onRecordsAvailable?.(() => sleeping.wake?.());
    let steps = 0;
    while (!this.isFinished()) {
      if (signal?.aborted) return false;
      if (this.step()) {
        if (++steps % yieldEvery === 0) await new Promise((r) => setImmediate(r));
        continue;
      }
      const wake = this.nextWakeTime();
      if (wake === undefined) {
        throw new Error(`Job stalled: no task can run and none has ended (${this.describeQueues()})`);
      }
      await sleepUntil(wake - this.clock(), signal, sleeping);
    }
    return true;
  }

  /** The earliest processing-time wake-up or waiting source's due time; undefined when there is none. */
  private nextWakeTime(): number | undefined {
    let earliest = Number.POSITIVE_INFINITY;
    for (const w of this.wakeUps) if (w.time < earliest) earliest = w.time;
    for (const t of this.tasks) {
      const due = t.sourceDueTime();
      if (due !== undefined && due < earliest) earliest = due;
    }
    return earliest === Number.POSITIVE_INFINITY ? undefined : earliest;
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
   * Processes everything queued between tasks without polling a source, so every record a source has
   * emitted has reached its last operator: with one thread, the job is then at a consistent cut (what
   * barrier alignment achieves in Flink with parallel tasks).
   */
  drain(): void {
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
  }

  /**
   * Brings the job to the consistent cut a snapshot needs: drains the queues, and lets every operator
   * emit what it buffers (`prepareSnapshotPreBarrier`, e.g. a mini-batch bundle) task by task in
   * topological order, each after everything upstream has been drained into it, draining again after
   * each task so its output is processed downstream before any operator is captured.
   */
  drainForSnapshot(): void {
    this.drain();
    for (const t of this.tasks) {
      let flushed = false;
      for (const op of t.operators) {
        if (op.prepareSnapshotPreBarrier === undefined) continue;
        op.prepareSnapshotPreBarrier();
        flushed = true;
      }
      if (flushed) this.drain();
    }
  }

  /**
   * Takes a consistent snapshot of every task. With one thread and no barriers, consistency comes
   * from draining all queues first (sources are not polled meanwhile) and flushing buffered operators.
   */
  snapshot(checkpointId: number): JobSnapshot {
    this.drainForSnapshot();
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

  /**
   * Flink's stop `WITH DRAIN`: every live source's output gets the watermark +infinity, so all
   * event-time timers fire (windows emit), then the queues are drained. Sources stay open.
   */
  advanceToEndOfEventTime(): void {
    for (const t of this.tasks) {
      if (t.source === undefined || t.isEnded()) continue;
      const head = t.operators[0];
      if (head === undefined) t.output.emitWatermark(MAX_WATERMARK);
      else head.processWatermark(0, MAX_WATERMARK);
    }
    this.drain();
  }

  /**
   * The backends `task`'s operators (chain order) and source were opened with. Task.open() asks for
   * them last operator first, then the source; the names are checked so a change there cannot pair an
   * operator with another's state.
   */
  backendsOf(task: Task): TaskBackends {
    const requests = this.backendRequests.get(task.name) ?? [];
    const expected = [...task.operators].reverse().map((op) => op.name);
    if (task.source !== undefined) expected.push(task.source.name);
    if (requests.length !== expected.length || requests.some((r, i) => r.operatorName !== expected[i])) {
      throw new Error(
        `Task '${task.name}' opened its operators' backends in an unexpected order (${requests.map((r) => r.operatorName).join(', ')}; expected ${expected.join(', ')}): open the job before asking for backends`,
      );
    }
    const operators = requests
      .slice(0, task.operators.length)
      .reverse()
      .map((r) => r.backend);
    return { source: task.source === undefined ? undefined : requests.at(-1)?.backend, operators };
  }

  close(): void {
    for (const t of this.tasks) t.close();
  }

  private describeQueues(): string {
    return this.tasks.map((t) => `${t.name}: inputs [${t.inputs.map((q) => q.size).join(', ')}]`).join('; ');
  }
}

/** The wake-up of the job loop's current sleep (undefined while it runs). */
interface Sleeping {
  wake: (() => void) | undefined;
}

/** One timer for `delayMs` (at least 0), cut short when `signal` aborts or `sleeping.wake()` is called. */
function sleepUntil(delayMs: number, signal: AbortSignal | undefined, sleeping?: Sleeping): Promise<void> {
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      if (sleeping !== undefined) sleeping.wake = undefined;
      resolve();
    };
    if (sleeping !== undefined) sleeping.wake = done;
    const timer = setTimeout(done, Math.max(0, delayMs));
    signal?.addEventListener('abort', done, { once: true });
    if (signal?.aborted) done();
  });
}
