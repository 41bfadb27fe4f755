/**
 * Runs a bounded conformance job in the order Flink's test harness produces, so that the changelogs
 * of multi-input jobs (which Flink's tests compare exactly) come out the same.
 *
 * In Flink every task runs in its own thread: all sources emit at once, and a record needs one hop
 * per exchange to reach an operator, so records that travel a longer path arrive later. A two-input
 * operator with data on both inputs reads them alternately, one record at a time, starting with the
 * first input (StreamMultipleInputProcessor's fair input selection). This runner models that with
 * rounds: in each round every task takes at most one element, downstream tasks first (so what a task
 * emits in a round is read in the next one), a multi-input task takes from the input after the one
 * it read last, and each values source emits one row.
 *
 * When nothing can run, processing time advances by a second (firing processing-time timers); when a
 * restore is pending (see `RestoreGate`), the clock first jumps by `RESTORE_GAP_MS` instead: Flink's
 * restore tests restore savepoints taken long before, so state TTL and processing-time timers see
 * that gap.
 */

import type { Job } from '../runtime/job.ts';
import type { Task } from '../runtime/task.ts';

/** How much processing time passes between the savepoint and the restore (a day). */
export const RESTORE_GAP_MS = 24 * 60 * 60 * 1000;

/** Sources that stop at their before-restore rows until the runner performs the restore. */
export interface RestoreGate {
  /** True while some source waits at its restore point. */
  restorePending(): boolean;
  /** Lets the waiting sources continue with their after-restore rows. */
  restore(): void;
}

export interface FlinkOrderOptions {
  readonly timeoutMs: number;
  /** The job's processing-time clock (the runner advances it). */
  readonly clock: { now: number };
  readonly restoreGate?: RestoreGate;
}

/** Takes one element from the input after `last` that has one; returns the input read, or -1. */
function stepFairly(task: Task, last: number): number {
  const n = task.inputs.length;
  for (let k = 1; k <= n; k++) {
    const input = (last + k) % n;
    const element = task.inputs[input]!.shift();
    if (element === undefined) continue;
    task.process(input, element);
    return input;
  }
  return -1;
}

/** One round: each runnable task takes one element, downstream first. Returns whether any ran. */
function round(job: Job, lastRead: Map<Task, number>): boolean {
  let progressed = false;
  for (let i = job.tasks.length - 1; i >= 0; i--) {
    const task = job.tasks[i]!;
    if (!task.canStep()) continue;
    if (task.source !== undefined) {
      task.step();
      progressed = true;
      continue;
    }
    // the first read of a two-input task is its first input, as in Flink
    const read = stepFairly(task, lastRead.get(task) ?? task.inputs.length - 1);
    if (read >= 0) {
      lastRead.set(task, read);
      progressed = true;
    }
  }
  return progressed;
}

export function runInFlinkOrder(job: Job, options: FlinkOrderOptions): void {
  const { clock, restoreGate, timeoutMs } = options;
  const started = Date.now();
  const lastRead = new Map<Task, number>();
  job.open();
  let rounds = 0;
  let idleRounds = 0;
  while (!job.isFinished()) {
    job.advanceProcessingTimeTo(clock.now);
    if (round(job, lastRead)) {
      idleRounds = 0;
      if (++rounds % 256 === 0 && Date.now() - started > timeoutMs)
        throw new Error(`Timed out after ${timeoutMs} ms`);
      continue;
    }
    if (restoreGate?.restorePending()) {
      clock.now += RESTORE_GAP_MS;
      job.advanceProcessingTimeTo(clock.now);
      restoreGate.restore();
      continue;
    }
    // Nothing runnable: let processing time pass on the job's clock (wakes timers), or give up.
    clock.now += 1000;
    job.advanceProcessingTimeTo(clock.now);
    if (++idleRounds > 10_000) throw new Error('Job stalled: no task can run and none has ended');
  }
}
