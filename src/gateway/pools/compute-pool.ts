/**
 * A compute pool: worker threads, one CFU = one slot. A pool starts with no workers, spawns one per
 * running statement (a statement takes `parallelism` CFUs) up to `maxCfu`, and terminates a worker
 * when its statement ends, so it scales down to zero again.
 */
import { Worker } from 'node:worker_threads';
import type { FromWorker, StartMessage, ToWorker } from './messages.ts';

const BOOTSTRAP = new URL('./worker-bootstrap.mjs', import.meta.url);

export interface WorkerEvents {
  onMessage(message: FromWorker): void;
  /** The thread died without sending `end` or `failed` (a crash, an out-of-memory, terminate()). */
  onExit(code: number): void;
}

/** One statement's worker thread. */
export class StatementWorker {
  private readonly worker: Worker;
  private finished = false;

  constructor(
    start: StartMessage,
    readonly cfu: number,
    events: WorkerEvents,
    onGone: () => void,
  ) {
    // execArgv: [] — the bootstrap registers tsx itself, whatever loader flags the parent has.
    this.worker = new Worker(BOOTSTRAP, { execArgv: [], stdout: false, stderr: false });
    this.worker.on('message', (m: FromWorker) => {
      if (m.type === 'end' || m.type === 'failed') this.finished = true;
      events.onMessage(m);
    });
    this.worker.on('error', (e) => {
      if (this.finished) return;
      this.finished = true;
      events.onMessage({
        type: 'failed',
        error: { message: e.message, ...(e.stack ? { stack: e.stack } : {}) },
      });
    });
    this.worker.on('exit', (code) => {
      onGone();
      if (!this.finished) events.onExit(code);
    });
    this.send(start);
  }

  private send(m: ToWorker): void {
    this.worker.postMessage(m);
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
    await this.worker.terminate();
  }

  async terminate(): Promise<void> {
    this.finished = true;
    await this.worker.terminate();
  }
}

export class ComputePool {
  private readonly workers = new Set<StatementWorker>();

  constructor(
    readonly environment: string,
    readonly name: string,
    public maxCfu: number,
  ) {}

  get currentCfu(): number {
    let used = 0;
    for (const w of this.workers) used += w.cfu;
    return used;
  }

  get workerCount(): number {
    return this.workers.size;
  }

  hasRoom(cfu: number): boolean {
    return this.currentCfu + cfu <= this.maxCfu;
  }

  /** Starts a worker for a statement; the caller checked `hasRoom`. */
  spawn(start: StartMessage, cfu: number, events: WorkerEvents, onGone: () => void): StatementWorker {
    const worker: StatementWorker = new StatementWorker(start, cfu, events, () => {
      this.workers.delete(worker);
      onGone();
    });
    this.workers.add(worker);
    return worker;
  }

  async close(): Promise<void> {
    await Promise.all([...this.workers].map((w) => w.terminate()));
  }
}
