/**
 * Running statements on their compute pools: scheduling PENDING statements while a pool has room,
 * starting a worker (restored from the statement's newest checkpoint or savepoint), handling what the
 * worker reports, restarting failed runs by the restart strategy, and stopping a worker — with a
 * savepoint when asked.
 */
import type { Logger } from 'pino';
import type { JobExecution } from '../engine/session.ts';
import type { ComputePool } from '../pools/compute-pool.ts';
import type { FromWorker } from '../pools/messages.ts';
import type { SavepointRecord, StatementPhase, StatementStatus, StoredStatement } from '../resources.ts';
import { chooseRestorePoint, type RestorePoint } from './checkpoints.ts';
import type { LiveStatement } from './live.ts';
import type { StatementRecords } from './records.ts';
import { restartDelay } from './restart-strategy.ts';

const STOP_TIMEOUT_MS = 10_000;
/** How long a stop waits for the worker's savepoint before stopping without one. */
const SAVEPOINT_TIMEOUT_MS = 600_000;

export interface RunnerOptions {
  readonly records: StatementRecords;
  readonly live: () => Iterable<LiveStatement>;
  /** The server's data directory: default checkpoint and savepoint directories. */
  readonly dataDir: string | undefined;
  readonly closing: () => boolean;
  readonly logger: Logger;
}

/** The outcome of a stop: the savepoint taken, or why none could be. */
export interface StopOutcome {
  readonly savepoint?: SavepointRecord;
  readonly savepointError?: string;
}

export function describeRestore(point: RestorePoint | undefined): string {
  return point === undefined
    ? "from its sources' start-up offsets (no checkpoint or savepoint yet)"
    : `from ${point.kind} ${point.checkpointId} (${point.path})`;
}

export class StatementRunner {
  constructor(private readonly o: RunnerOptions) {}

  /** Starts PENDING statements of a pool, oldest first, while it has room. */
  schedule(pool: ComputePool): void {
    if (this.o.closing()) return;
    const pending = [...this.o.live()]
      .filter((l) => l.pool === pool && l.worker === undefined && l.restartTimer === undefined)
      .map((l) => ({ l, s: this.o.records.find(l.environment, l.name) }))
      .filter((x): x is { l: LiveStatement; s: StoredStatement } => x.s?.status.phase === 'PENDING')
      .sort((a, b) => a.s.metadata.creationTimestamp.localeCompare(b.s.metadata.creationTimestamp));
    for (const { l, s } of pending) {
      const cfu = s.spec.parallelism;
      if (!pool.hasRoom(cfu)) {
        const detail = `Waiting for compute pool '${pool.name}': ${pool.currentCfu} of ${pool.maxCfu} CFUs in use, this statement needs ${cfu}.`;
        if (s.status.detail !== detail) this.o.records.setStatus(l.environment, l.name, { detail });
        continue;
      }
      this.startWorker(l, s);
    }
  }

  /**
   * Decides what the next run restores from, then puts the statement in PENDING (with `detail`
   * followed by where it resumes) and schedules it. Nothing happens when it was stopped meanwhile.
   */
  async enqueue(l: LiveStatement, detail: string, patch: Partial<StatementStatus> = {}): Promise<void> {
    const s = this.o.records.find(l.environment, l.name);
    if (s === undefined) return;
    let restore: RestorePoint | undefined;
    try {
      restore = await chooseRestorePoint(l.config, this.o.dataDir, l.statementKey, s.internal.restorePoint);
    } catch (e) {
      // an unreadable checkpoint directory: the worker reports the problem when it opens it
      this.o.logger.warn({ statement: l.key, error: String(e) }, 'could not look for checkpoints');
      restore = undefined;
    }
    if (l.ending !== undefined || l.worker !== undefined) return;
    l.restoreFrom = restore;
    this.o.records.setStatus(l.environment, l.name, {
      ...patch,
      phase: 'PENDING',
      detail: `${detail} It resumes ${describeRestore(restore)}.`,
    });
    this.schedule(l.pool);
  }

  private startWorker(l: LiveStatement, s: StoredStatement): void {
    const prepared: JobExecution = l.prepared;
    l.runStartedAt = Date.now();
    const restoreFrom = l.restoreFrom?.path;
    l.worker = l.pool.spawn(
      {
        type: 'start',
        sql: s.spec.statement,
        config: [...l.config],
        snapshot: prepared.snapshot,
        bufferRows: Math.min(1024, l.bufferRows),
        checkpointing: {
          statementKey: l.statementKey,
          ...(this.o.dataDir === undefined ? {} : { dataDir: this.o.dataDir }),
          ...(restoreFrom === undefined ? {} : { restoreFrom }),
        },
      },
      s.spec.parallelism,
      {
        onMessage: (m) => this.onWorkerMessage(l, m),
        onExit: (code) =>
          this.onWorkerMessage(l, {
            type: 'failed',
            error: { message: `The worker thread exited unexpectedly (code ${code})` },
          }),
      },
      () => this.schedule(l.pool),
    );
    l.buffer.replenish();
    const restarted = s.status.detail.startsWith('Restarted') ? s.status.detail : '';
    this.o.records.setStatus(l.environment, l.name, {
      phase: 'RUNNING',
      detail:
        restarted ||
        (l.attempt > 0
          ? `Running again after restart ${l.attempt}, ${describeRestore(l.restoreFrom)}.`
          : l.restoreFrom !== undefined
            ? `Running on compute pool '${l.pool.name}', restoring ${describeRestore(l.restoreFrom)}.`
            : `Running on compute pool '${l.pool.name}'.`),
      startTime: new Date().toISOString(),
    });
  }

  private onWorkerMessage(l: LiveStatement, m: FromWorker): void {
    switch (m.type) {
      case 'rows':
        l.buffer.append(m.batch);
        return;
      case 'metrics':
        l.recordMetrics(m.operators);
        return;
      case 'checkpoint':
        l.checkpoints.record(m.event);
        return;
      case 'restored': {
        l.checkpoints.latestRestore = {
          id: m.checkpointId,
          kind: m.kind,
          path: m.path,
          restoreTimestamp: Date.now(),
        };
        const s = this.o.records.find(l.environment, l.name);
        if (s !== undefined && s.status.phase === 'RUNNING' && !s.status.detail.startsWith('Restarted')) {
          this.o.records.setStatus(l.environment, l.name, {
            detail: `Running on compute pool '${l.pool.name}', restored from ${m.kind} ${m.checkpointId} (${m.path}).`,
          });
        }
        return;
      }
      case 'stop-result': {
        const waiter = l.stopWaiter;
        l.stopWaiter = undefined;
        waiter?.({
          ...(m.savepoint ? { savepoint: m.savepoint } : {}),
          ...(m.error ? { error: m.error.message } : {}),
        });
        return;
      }
      case 'end':
        l.recordMetrics(m.operators);
        l.buffer.finish();
        l.checkpoints.workerEnded('the job ended');
        this.workerDone(l, m.state === 'FINISHED' && l.ending === undefined ? 'COMPLETED' : 'STOPPED');
        return;
      case 'failed':
        this.onFailure(l, m.error);
        return;
    }
  }

  private onFailure(
    l: LiveStatement,
    error: { message: string; sql?: Readonly<Record<string, unknown>> },
  ): void {
    this.o.records.addException(l.environment, l.name, {
      name: error.sql ? 'SqlError' : 'Error',
      message: error.message,
      timestamp: new Date().toISOString(),
      ...(error.sql ? { sqlError: error.sql } : {}),
    });
    l.checkpoints.workerEnded(error.message);
    const waiter = l.stopWaiter;
    l.stopWaiter = undefined;
    waiter?.({ error: `The job failed: ${error.message}` });
    if (l.ending !== undefined) {
      l.buffer.finish();
      this.workerDone(l, 'STOPPED');
      return;
    }
    const attempt = l.attempt + 1;
    const delay = restartDelay(l.strategy, attempt, Date.now() - l.runStartedAt);
    if (delay === undefined) {
      l.buffer.finish();
      this.workerDone(l, 'FAILED', `Failed: ${error.message}`);
      return;
    }
    // The results stay open: the restarted run appends to them (a restored run replays the changes
    // made after its checkpoint, which an upsert view of the results absorbs).
    l.attempt = attempt;
    const s = this.o.records.setStatus(l.environment, l.name, {
      phase: 'FAILING',
      detail: `Failed (${error.message}); restart ${attempt} in ${delay} ms (${l.strategy.type}).`,
    });
    l.workerEnded();
    l.restartTimer = setTimeout(() => {
      l.restartTimer = undefined;
      l.buffer.reopen();
      void this.enqueue(l, `Restarting (attempt ${attempt}).`, { restarts: (s?.status.restarts ?? 0) + 1 });
    }, delay);
  }

  private workerDone(l: LiveStatement, phase: StatementPhase, detail?: string): void {
    const ending = l.ending;
    l.workerEnded();
    if (ending === 'delete') return;
    const text =
      detail ??
      (phase === 'COMPLETED'
        ? 'Completed: every source ended.'
        : ending === 'stop'
          ? 'Stopped by request (spec.stopped = true).'
          : 'Stopped.');
    this.o.records.setStatus(l.environment, l.name, { phase, detail: text });
  }

  /**
   * Asks the worker for a savepoint and to stop; resolves with the savepoint, or with why there is
   * none (the job keeps running then: the caller decides whether to stop it anyway).
   */
  async stopWithSavepoint(
    l: LiveStatement,
    drain: boolean,
    timeoutMs = SAVEPOINT_TIMEOUT_MS,
  ): Promise<StopOutcome> {
    const worker = l.worker;
    if (worker === undefined) return { savepointError: 'the statement is not running' };
    const answer = new Promise<{ savepoint?: { path: string; checkpointId: number }; error?: string }>(
      (r) => {
        l.stopWaiter = r;
      },
    );
    worker.stop(true, drain);
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<{ savepoint?: undefined; error: string }>((r) => {
      timer = setTimeout(() => r({ error: `no savepoint within ${timeoutMs} ms` }), timeoutMs);
      timer.unref();
    });
    const result = await Promise.race([answer, timeout]);
    clearTimeout(timer);
    l.stopWaiter = undefined;
    if (result.savepoint === undefined) return { savepointError: result.error ?? 'no savepoint was taken' };
    const savepoint: SavepointRecord = { ...result.savepoint, timestamp: new Date().toISOString() };
    this.o.records.setStatus(
      l.environment,
      l.name,
      { latestSavepoint: savepoint },
      { restorePoint: { path: savepoint.path, checkpointId: savepoint.checkpointId } },
    );
    return { savepoint };
  }

  /**
   * Stops a live statement's worker — after a savepoint when `savepoint` says so — waiting (bounded)
   * for the job to close its sinks. A failed savepoint does not keep the statement running here.
   */
  async halt(l: LiveStatement, why: 'stop' | 'delete', savepoint?: { drain: boolean }): Promise<StopOutcome> {
    l.ending = why;
    if (l.restartTimer !== undefined) {
      clearTimeout(l.restartTimer);
      l.restartTimer = undefined;
    }
    const worker = l.worker;
    if (worker === undefined) return {};
    if (why === 'stop')
      this.o.records.setStatus(l.environment, l.name, {
        phase: 'STOPPING',
        detail: savepoint ? 'Stopping: taking a savepoint.' : 'Stopping: the job closes its sinks.',
      });
    const outcome = savepoint === undefined ? {} : await this.stopWithSavepoint(l, savepoint.drain);
    const ended = l.whenWorkerEnds();
    if (l.worker !== undefined) worker.cancel();
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), STOP_TIMEOUT_MS).unref());
    if ((await Promise.race([ended, timeout])) === 'timeout') {
      await worker.terminate();
      l.workerEnded();
    }
    l.buffer.finish();
    return outcome;
  }
}
