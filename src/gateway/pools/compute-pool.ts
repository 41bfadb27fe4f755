/**
 * A compute pool: worker threads, one CFU = one slot. A pool starts with no workers and gives each
 * running statement a thread (the statement takes `parallelism` CFUs) up to `maxCfu`. When a
 * statement ends cleanly its thread stays warm for `idleTimeoutMs` (Flink's
 * `resourcemanager.taskmanager-timeout`, 30 s) and the next statement reuses it: loading the engine
 * into a fresh thread costs seconds of CPU. An idle thread past the timeout ends, so the pool scales
 * down to zero again. A thread whose statement failed or crashed is never reused.
 */
import { Worker } from 'node:worker_threads';
import type { FromWorker, StartMessage, ToWorker } from './messages.ts';

const BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);

/** How long a thread whose statement ended waits for the next one (Flink's TaskManager timeout). */
export const DEFAULT_IDLE_TIMEOUT_MS = 30_000;

export interface WorkerEvents {
  onMessage(message: FromWorker): void;
  /** The thread died without sending `end` or `failed` (a crash, an out-of-memory, terminate()). */
  onExit(code: number): void;
}

/** One worker thread of a pool; it runs one statement at a time (its lease). */
class PoolThread {
  readonly worker: Worker;
  lease: StatementWorker | undefined;
  exited = false;
  idleTimer: NodeJS.Timeout | undefined;

  constructor(onExit: (thread: PoolThread) => void) {
    // The bootstrap registers tsx itself, whatever loader flags the parent has; only the CPU
    // profiler's flags pass through, so `node --cpu-prof` profiles the workers too.
    const execArgv = process.execArgv.filter((a) => a.startsWith('--cpu-prof'));
    this.worker = new Worker(BOOTSTRAP, { execArgv, stdout: false, stderr: false });
    this.worker.on('message', (m: FromWorker) => this.lease?.received(m));
    this.worker.on('error', (e) => this.lease?.threadFailed(e));
    this.worker.on('exit', (code) => {
      this.exited = true;
      if (this.idleTimer !== undefined) clearTimeout(this.idleTimer);
      onExit(this);
      this.lease?.threadExited(code);
    });
  }
}

/** One statement's run on a pool thread. */
export class StatementWorker {
  private finished = false;
  private released = false;

  constructor(
    private readonly thread: PoolThread,
    readonly cfu: number,
    private readonly events: WorkerEvents,
    /** Gives the thread back to the pool: `reusable` when the statement ended cleanly. */
    private readonly release: (reusable: boolean) => void,
  ) {}

  received(m: FromWorker): void {
    if (this.finished) return;
    if (m.type === 'end' || m.type === 'failed') this.finished = true;
    this.events.onMessage(m);
    if (m.type === 'end') this.giveBack(true);
    else if (m.type === 'failed') this.giveBack(false);
  }

  threadFailed(e: Error): void {
    if (this.finished) return;
    this.finished = true;
    this.events.onMessage({
      type: 'failed',
      error: { message: e.message, ...(e.stack ? { stack: e.stack } : {}) },
    });
    this.giveBack(false);
  }

  threadExited(code: number): void {
    const crashed = !this.finished;
    this.finished = true;
    this.giveBack(false);
    if (crashed) this.events.onExit(code);
  }

  private giveBack(reusable: boolean): void {
    if (this.released) return;
    this.released = true;
    this.release(reusable);
  }

  /** Messages for a statement that has ended are dropped: the thread may already run another. */
  send(m: ToWorker): void {
    if (!this.finished) this.thread.worker.postMessage(m);
  }

  grant(rows: number): void {
    if (rows > 0) this.send({ type: 'credit', rows });
  }

  /** Asks the job to stop between batches; the worker then sends `end` (CANCELLED). */
  cancel(): void {
    this.send({ type: 'cancel' });
  }

  /** Asks the job to stop, after a savepoint when asked: the worker answers `stop-result`, then `end`. */
  stop(savepoint: boolean, drain: boolean): void {
    this.send({ type: 'stop', savepoint, drain });
  }

  /**
   * Ends the thread at once, as a crash would: no goodbye, so the statement's restart strategy takes
   * over (it restarts from the latest checkpoint). For operators and chaos tests.
   */
  async kill(): Promise<void> {
    if (!this.released) await this.thread.worker.terminate();
  }

  /** Ends the statement's thread without reporting it as a crash. */
  async terminate(): Promise<void> {
    if (this.released) return;
    this.finished = true;
    await this.thread.worker.terminate();
  }
}

export class ComputePool {
  private readonly running = new Set<StatementWorker>();
  private readonly threads = new Set<PoolThread>();
  private readonly idle: PoolThread[] = [];
  private closed = false;
  /** Threads started over the pool's life (a reused thread counts once). */
  threadsStarted = 0;

  constructor(
    readonly environment: string,
    readonly name: string,
    public maxCfu: number,
    /** Applies to threads parked from now on. */
    public idleTimeoutMs = DEFAULT_IDLE_TIMEOUT_MS,
  ) {}

  /** CFUs taken by running statements (idle threads take none). */
  get currentCfu(): number {
    let used = 0;
    for (const w of this.running) used += w.cfu;
    return used;
  }

  /** Live threads, running a statement or idle. */
  get workerCount(): number {
    return this.threads.size;
  }

  hasRoom(cfu: number): boolean {
    return this.currentCfu + cfu <= this.maxCfu;
  }

  /**
   * Runs a statement on an idle thread, or a new one; the caller checked `hasRoom`. `onGone` is called
   * when the statement no longer holds its slot.
   */
  spawn(start: StartMessage, cfu: number, events: WorkerEvents, onGone: () => void): StatementWorker {
    const thread = this.takeIdle() ?? this.newThread();
    const worker: StatementWorker = new StatementWorker(thread, cfu, events, (reusable) => {
      this.running.delete(worker);
      thread.lease = undefined;
      if (reusable) this.park(thread);
      else void thread.worker.terminate();
      onGone();
    });
    thread.lease = worker;
    this.running.add(worker);
    worker.send(start);
    return worker;
  }

  private newThread(): PoolThread {
    const thread = new PoolThread((t) => {
      this.threads.delete(t);
      const at = this.idle.indexOf(t);
      if (at >= 0) this.idle.splice(at, 1);
    });
    this.threads.add(thread);
    this.threadsStarted++;
    return thread;
  }

  private takeIdle(): PoolThread | undefined {
    for (let thread = this.idle.pop(); thread !== undefined; thread = this.idle.pop()) {
      if (thread.idleTimer !== undefined) clearTimeout(thread.idleTimer);
      thread.idleTimer = undefined;
      if (!thread.exited) return thread;
    }
    return undefined;
  }

  /** Keeps a thread warm for the next statement, at most `maxCfu` of them, until the idle timeout. */
  private park(thread: PoolThread): void {
    if (this.closed || thread.exited || this.idleTimeoutMs <= 0 || this.idle.length >= this.maxCfu) {
      void thread.worker.terminate();
      return;
    }
    thread.idleTimer = setTimeout(() => void thread.worker.terminate(), this.idleTimeoutMs);
    thread.idleTimer.unref();
    this.idle.push(thread);
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.threads].map((t) => t.worker.terminate()));
  }
}
