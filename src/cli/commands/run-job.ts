/**
 * The embedded runner's use of the job loop. Scheduling lives in the runtime (`Job.run()`): it awaits
 * the connectors that open asynchronously (formats), steps the job, yields to the event loop between
 * batches and sleeps on one timer while every live source is waiting (datagen's `rows-per-second`,
 * a Kafka source with nothing fetched). An abort signal (Ctrl-C) stops it between batches.
 */
import type { Job } from '../../runtime/job.ts';

/** Awaits `ready()` of every source and operator that has one (for runners with their own loop). */
export function prepareJob(job: Job): Promise<void> {
  return job.prepare();
}

/** Runs the job until every source ended (true) or the signal aborted it (false). */
export function driveJob(job: Job, signal?: AbortSignal): Promise<boolean> {
  return job.run(64, signal);
}
