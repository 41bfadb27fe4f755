/**
 * The in-memory side of a statement that runs on a compute pool: its planned job, its worker, its
 * result buffer, its operator metrics, its checkpoint history and its restart bookkeeping. Phases are
 * decided by the manager.
 */
import type { OperatorMetricsSample } from '../engine/running.ts';
import type { JobExecution } from '../engine/session.ts';
import type { ComputePool, StatementWorker } from '../pools/compute-pool.ts';
import { CheckpointHistory, type RestorePoint } from './checkpoints.ts';
import type { RestartStrategy } from './restart-strategy.ts';
import { ResultBuffer } from './result-buffer.ts';

export interface OperatorMetricsWithRates extends OperatorMetricsSample {
  readonly numRecordsInPerSecond: number;
  readonly numRecordsOutPerSecond: number;
}

export class LiveStatement {
  worker: StatementWorker | undefined;
  buffer: ResultBuffer;
  /** Set while a stop or delete waits for the worker to end. */
  ending: 'stop' | 'delete' | undefined;
  restartTimer: NodeJS.Timeout | undefined;
  attempt = 0;
  runStartedAt = 0;
  readonly checkpoints = new CheckpointHistory();
  /** What the next start of the worker restores from (decided before it is scheduled). */
  restoreFrom: RestorePoint | undefined;
  /** Waits for the worker's answer to a stop request. */
  stopWaiter:
    | ((result: { savepoint?: { path: string; checkpointId: number }; error?: string }) => void)
    | undefined;
  private sample: { at: number; operators: readonly OperatorMetricsSample[] } | undefined;
  private rates: OperatorMetricsWithRates[] = [];
  private endWaiters: (() => void)[] = [];

  constructor(
    readonly environment: string,
    readonly name: string,
    readonly pool: ComputePool,
    readonly prepared: JobExecution,
    readonly config: ReadonlyMap<string, string>,
    readonly strategy: RestartStrategy,
    readonly bufferRows: number,
    /** The statement's checkpoint and state directory name (unique per creation: see statementKey()). */
    readonly statementKey = `${environment}.${name}`,
  ) {
    this.buffer = this.newBuffer();
  }

  newBuffer(): ResultBuffer {
    return new ResultBuffer(this.bufferRows, (rows) => this.worker?.grant(rows));
  }

  get key(): string {
    return `${this.environment}/${this.name}`;
  }

  recordMetrics(operators: readonly OperatorMetricsSample[]): void {
    const now = Date.now();
    const prev = this.sample;
    const seconds = prev === undefined ? 0 : (now - prev.at) / 1000;
    this.rates = operators.map((m, i) => {
      const before = prev?.operators[i];
      const rate = (a: number, b: number | undefined): number =>
        b === undefined || seconds <= 0 ? 0 : Math.max(0, (a - b) / seconds);
      return {
        ...m,
        numRecordsInPerSecond: rate(m.numRecordsIn, before?.numRecordsIn),
        numRecordsOutPerSecond: rate(m.numRecordsOut, before?.numRecordsOut),
      };
    });
    this.sample = { at: now, operators };
  }

  get operatorMetrics(): readonly OperatorMetricsWithRates[] {
    return this.rates;
  }

  /** Resolves when the worker has ended (immediately when there is none). */
  whenWorkerEnds(): Promise<void> {
    if (this.worker === undefined) return Promise.resolve();
    return new Promise((r) => this.endWaiters.push(r));
  }

  workerEnded(): void {
    this.worker = undefined;
    for (const w of this.endWaiters.splice(0)) w();
  }
}
