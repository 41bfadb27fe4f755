/**
 * The end of an embedded job. Sinks that write asynchronously (the Kafka producer) acknowledge
 * records after the job's last step, so a finished bounded job first awaits every sink's `flush()`
 * (a failed send fails the statement), then closes the job and awaits the asynchronous `shutdown()`
 * of sources and sinks (fetch loops stopped, clients disconnected) before the next statement runs.
 */
import type { Job } from '../../runtime/job.ts';

interface Flushable {
  flush(): Promise<void>;
}
interface ShutsDown {
  shutdown(): Promise<void>;
}

const hasMethod = (x: unknown, name: string): boolean =>
  typeof x === 'object' && x !== null && typeof (x as Record<string, unknown>)[name] === 'function';

function members(job: Job): unknown[] {
  return job.tasks.flatMap((task) => [task.source, ...task.operators]);
}

/** Awaits every sink's acknowledgements (rejects with the first send failure). */
export async function flushSinks(job: Job): Promise<void> {
  const flushing = members(job)
    .filter((m): m is Flushable => hasMethod(m, 'flush'))
    .map((m) => m.flush());
  await Promise.all(flushing);
}

/** Closes the job and awaits the asynchronous shutdown of its sources and sinks. */
export async function closeJob(job: Job): Promise<void> {
  job.close();
  const stopping = members(job)
    .filter((m): m is ShutsDown => hasMethod(m, 'shutdown'))
    .map((m) => m.shutdown().catch(() => undefined));
  await Promise.all(stopping);
}
