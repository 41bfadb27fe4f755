/**
 * Drives a job for the embedded runner: awaits the connectors that open asynchronously (formats),
 * then steps the job, yielding to the event loop between batches. When nothing downstream can run
 * and every live source is rate-limited (datagen's `rows-per-second`), it sleeps until the earliest
 * source is due instead of polling in a loop. An abort signal (Ctrl-C) stops it between batches.
 */
import { hasReady } from '../../connectors/index.ts';
import type { Job } from '../../runtime/job.ts';

interface Throttled {
  nextPollTime(): number;
}

const isThrottled = (x: unknown): x is Throttled =>
  typeof x === 'object' && x !== null && typeof (x as { nextPollTime?: unknown }).nextPollTime === 'function';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const yieldToLoop = (): Promise<void> => new Promise((r) => setImmediate(r));

/** Awaits `ready()` of every source and operator that has one. */
export async function prepareJob(job: Job): Promise<void> {
  const waits: Promise<void>[] = [];
  for (const task of job.tasks) {
    if (hasReady(task.source)) waits.push(task.source.ready());
    for (const op of task.operators) if (hasReady(op)) waits.push(op.ready());
  }
  await Promise.all(waits);
}

/** How long to sleep before a source is due; 0 when something can run now. */
function idleDelay(job: Job, now: number): number {
  let earliest = Number.POSITIVE_INFINITY;
  for (const task of job.tasks) {
    if (task.isEnded()) continue;
    if (task.source === undefined) {
      if (task.canStep()) return 0;
      continue;
    }
    if (!isThrottled(task.source)) return 0;
    earliest = Math.min(earliest, task.source.nextPollTime());
  }
  return earliest === Number.POSITIVE_INFINITY ? 0 : Math.max(0, earliest - now);
}

/** Runs the job until every source ended (true) or the signal aborted it (false). */
export async function driveJob(
  job: Job,
  signal?: AbortSignal,
  clock: () => number = Date.now,
): Promise<boolean> {
  await prepareJob(job);
  job.open();
  let steps = 0;
  while (!job.isFinished()) {
    if (signal?.aborted) return false;
    const delay = idleDelay(job, clock());
    if (delay > 0) {
      await sleep(Math.min(delay, 100));
      continue;
    }
    if (job.step()) {
      if (++steps % 64 === 0) await yieldToLoop();
      continue;
    }
    // nothing runnable: processing-time timers or a source waiting on I/O
    await sleep(1);
  }
  return true;
}
