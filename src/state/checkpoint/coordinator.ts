/**
 * The checkpoint coordinator of one running job. Every `execution.checkpointing.interval` (when set),
 * between two batches, it
 *
 *   1. drains the queues between tasks (the job runs in one thread, so the job is then at a
 *      consistent cut: what barrier alignment gives Flink's parallel tasks),
 *   2. awaits `prepareCheckpoint(id)` of the operators that have it (a two-phase-commit sink
 *      pre-commits), with the job paused,
 *   3. captures every operator's state synchronously (`snapshotState`, or the backend's incremental
 *      delta) and hands it to the storage — then the job runs on while the files are written,
 *   4. once the metadata is durable, calls `notifyCheckpointComplete(id)` on the operators that have
 *      it; a checkpoint that fails or outlives `execution.checkpointing.timeout` calls
 *      `notifyCheckpointAborted(id)` instead and can never complete later.
 *
 * Checkpoints never overlap: the next one is due `interval` after the previous trigger and
 * `min-pause` after the previous one ended, and not before it ended. More consecutive failures than
 * `tolerable-failed-checkpoints` fail the job (the next `run()` throws), as in Flink.
 */

import type { Encoded } from '../tagged-value.ts';
import type { CompletedCheckpoint } from './metadata.ts';
import { writeSavepoint } from './savepoint.ts';
import type { CheckpointSettings } from './settings.ts';
import {
  type CheckpointResult,
  type CheckpointStorage,
  type JobTermination,
  type OperatorStateSize,
  operatorStateSizes,
} from './storage.ts';
import type { OperatorCheckpointInput } from './writer.ts';

/** One operator (or source) of the job as the coordinator sees it. */
export interface CheckpointParticipant {
  readonly operatorId: string;
  readonly isSource: boolean;
  prepareCheckpoint?(checkpointId: number): Promise<void>;
  /**
   * The operator's state now, synchronously. With `incrementalBase` (incremental checkpoints), keyed
   * state may be taken as an incremental snapshot against the checkpoint `incrementalBase(operatorId)`
   * names (undefined there: a full one), returned as `incremental` with `backend` set.
   */
  capture(
    checkpointId: number,
    incrementalBase: ((operatorId: string) => number | undefined) | undefined,
  ): OperatorCheckpointInput;
  notifyCheckpointComplete?(checkpointId: number): Promise<void>;
  notifyCheckpointAborted?(checkpointId: number): Promise<void>;
}

/** The job as the coordinator drives it. */
export interface CheckpointedJob {
  /**
   * Processes everything queued between operators without polling a source, letting operators that
   * buffer (mini-batch) emit into the cut first (Job.drainForSnapshot).
   */
  drain(): void;
  readonly participants: readonly CheckpointParticipant[];
}

export type CheckpointStatus = 'IN_PROGRESS' | 'COMPLETED' | 'FAILED';

/** A checkpoint's or savepoint's progress, reported to `onEvent` when it starts and when it ends. */
export interface CheckpointEvent {
  readonly id: number;
  readonly kind: 'checkpoint' | 'savepoint';
  readonly status: CheckpointStatus;
  /** Epoch ms of the trigger. */
  readonly triggerTimestamp: number;
  /** Trigger to completion or failure. */
  readonly durationMs?: number;
  /** How long the job stood still for it: drain, prepareCheckpoint and the synchronous capture. */
  readonly syncDurationMs?: number;
  /** Size of the whole state the checkpoint stands for (bytes). */
  readonly stateSize?: number;
  /** Bytes this checkpoint wrote (smaller than stateSize when incremental). */
  readonly checkpointedSize?: number;
  readonly operators?: readonly OperatorStateSize[];
  readonly path?: string;
  readonly failure?: string;
}

export interface CheckpointCoordinatorOptions {
  readonly job: CheckpointedJob;
  readonly settings: CheckpointSettings;
  /** Where checkpoints go; required when `settings.intervalMs` is set. */
  readonly storage: CheckpointStorage | undefined;
  /** Whether keyed state may be taken incrementally (the storage's `incremental` option). */
  readonly incremental: boolean;
  readonly statement: string;
  /** The first id to use: after the latest completed checkpoint and after any restored one. */
  readonly firstCheckpointId: number;
  readonly clock?: () => number;
  readonly onEvent?: (event: CheckpointEvent) => void;
}

const TIMED_OUT = Symbol('timed out');

function withTimeout<T>(promise: Promise<T>, ms: number): Promise<T | typeof TIMED_OUT> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<typeof TIMED_OUT>((resolve) => {
    timer = setTimeout(() => resolve(TIMED_OUT), Math.max(0, ms));
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

export class CheckpointCoordinator {
  private nextId: number;
  private lastTriggerAt: number;
  private lastEndAt = Number.NEGATIVE_INFINITY;
  private inFlight: Promise<void> | undefined;
  /** True from a trigger until the job may step again (drain, prepare, capture). */
  private triggering = false;
  private consecutiveFailures = 0;
  private fatal: Error | undefined;
  private closed = false;
  private readonly clock: () => number;

  constructor(private readonly o: CheckpointCoordinatorOptions) {
    if (o.settings.intervalMs !== undefined && o.storage === undefined) {
      throw new Error(
        "execution.checkpointing.interval is set but there is no checkpoint directory: set 'execution.checkpointing.dir'",
      );
    }
    this.clock = o.clock ?? Date.now;
    this.nextId = o.firstCheckpointId;
    this.lastTriggerAt = this.clock();
  }

  /** Whether periodic checkpoints are on. */
  get periodic(): boolean {
    return this.o.settings.intervalMs !== undefined;
  }

  /** When the next periodic checkpoint is due; undefined while one is in flight or when off. */
  nextDueTime(): number | undefined {
    const interval = this.o.settings.intervalMs;
    if (interval === undefined || this.closed) return undefined;
    if (this.fatal !== undefined) return this.clock();
    if (this.inFlight !== undefined || this.triggering) return undefined;
    return Math.max(this.lastTriggerAt + interval, this.lastEndAt + this.o.settings.minPauseMs);
  }

  isDue(now: number): boolean {
    if (this.fatal !== undefined) return true;
    const due = this.nextDueTime();
    return due !== undefined && now >= due;
  }

  /**
   * Between batches, when `isDue`: triggers a checkpoint and resolves once the job may step again
   * (the files are written in the background). Throws once failures exceeded the tolerable number.
   */
  async run(): Promise<void> {
    if (this.fatal !== undefined) throw this.fatal;
    if (this.inFlight !== undefined || this.triggering || this.closed || this.o.storage === undefined) return;
    await this.trigger(this.o.storage);
  }

  /** Takes a checkpoint now and waits until it completed or failed (the final checkpoint, tests). */
  async checkpointNow(): Promise<void> {
    await this.settle();
    if (this.fatal !== undefined) throw this.fatal;
    if (this.o.storage === undefined)
      throw new Error("No checkpoint directory: set 'execution.checkpointing.dir'");
    await this.trigger(this.o.storage);
    await this.settle();
    if (this.fatal !== undefined) throw this.fatal;
  }

  /** Waits for the checkpoint in flight, if any. */
  async settle(): Promise<void> {
    while (this.inFlight !== undefined) await this.inFlight;
  }

  /**
   * Takes a savepoint into `dir` between batches (after any checkpoint in flight): full, self-contained,
   * and committed like a checkpoint — operators get `notifyCheckpointComplete` once it is written, as
   * Flink's stop-with-savepoint does. Throws when it fails; the job can keep running then.
   */
  async savepoint(dir: string): Promise<CompletedCheckpoint & { sizes: readonly OperatorStateSize[] }> {
    await this.settle();
    const id = this.nextId++;
    const start = this.clock();
    this.emit({ id, kind: 'savepoint', status: 'IN_PROGRESS', triggerTimestamp: start });
    try {
      const captured = await this.captureConsistentCut(id, start + this.o.settings.timeoutMs, undefined);
      const syncDurationMs = this.clock() - start;
      const savepoint = await writeSavepoint({
        dir,
        statement: this.o.statement,
        checkpointId: id,
        timestamp: start,
        operators: captured,
        sourceOffsets: this.sourceOffsets(captured),
      });
      const sizes = operatorStateSizes(savepoint.metadata, []);
      const stateSize = sizes.reduce((n, s) => n + s.stateSize, 0);
      this.emit({
        id,
        kind: 'savepoint',
        status: 'COMPLETED',
        triggerTimestamp: start,
        durationMs: this.clock() - start,
        syncDurationMs,
        stateSize,
        checkpointedSize: stateSize,
        operators: sizes,
        path: savepoint.path,
      });
      await this.notifyComplete(id);
      return { ...savepoint, sizes };
    } catch (error) {
      this.emit({
        id,
        kind: 'savepoint',
        status: 'FAILED',
        triggerTimestamp: start,
        durationMs: this.clock() - start,
        failure: messageOf(error),
      });
      await this.notifyAborted(id);
      throw error;
    }
  }

  /** The job ended: waits for the checkpoint in flight, then applies the retention policy. */
  async close(termination: JobTermination): Promise<void> {
    await this.settle();
    this.closed = true;
    await this.o.storage?.onJobTermination(termination);
  }

  private emit(event: CheckpointEvent): void {
    this.o.onEvent?.(event);
  }

  private sourceOffsets(captured: readonly OperatorCheckpointInput[]): Record<string, Encoded> {
    const offsets: Record<string, Encoded> = {};
    this.o.job.participants.forEach((p, i) => {
      const state = captured[i]?.operatorState;
      if (p.isSource && state !== undefined && state !== null) offsets[p.operatorId] = state;
    });
    return offsets;
  }

  /** Steps 1–3 up to the capture: drain, prepare (with the job paused), capture synchronously. */
  private async captureConsistentCut(
    id: number,
    deadline: number,
    incrementalBase: ((operatorId: string) => number | undefined) | undefined,
  ): Promise<OperatorCheckpointInput[]> {
    this.o.job.drain();
    const preparing: Promise<void>[] = [];
    for (const p of this.o.job.participants) if (p.prepareCheckpoint) preparing.push(p.prepareCheckpoint(id));
    if (preparing.length > 0) {
      const prepared = await withTimeout(Promise.all(preparing), deadline - this.clock());
      if (prepared === TIMED_OUT) {
        throw new Error(
          `Checkpoint ${id} expired while operators prepared it (execution.checkpointing.timeout = ${this.o.settings.timeoutMs} ms)`,
        );
      }
    }
    return this.o.job.participants.map((p) => p.capture(id, incrementalBase));
  }

  private async trigger(storage: CheckpointStorage): Promise<void> {
    this.triggering = true;
    try {
      await this.triggerPaused(storage);
    } finally {
      this.triggering = false;
    }
  }

  private async triggerPaused(storage: CheckpointStorage): Promise<void> {
    const id = this.nextId++;
    const start = this.clock();
    this.lastTriggerAt = start;
    const deadline = start + this.o.settings.timeoutMs;
    this.emit({ id, kind: 'checkpoint', status: 'IN_PROGRESS', triggerTimestamp: start });
    let write: Promise<CheckpointResult>;
    const outcome = { timedOut: false, committing: false };
    try {
      const captured = await this.captureConsistentCut(
        id,
        deadline,
        this.o.incremental ? (operatorId) => storage.incrementalBase(operatorId) : undefined,
      );
      write = storage.checkpoint({
        checkpointId: id,
        timestamp: start,
        operators: captured,
        sourceOffsets: this.sourceOffsets(captured),
        shouldCommit: () => {
          if (outcome.timedOut) return false;
          outcome.committing = true;
          return true;
        },
      });
    } catch (error) {
      await this.failed(id, start, error);
      return;
    }
    const syncDurationMs = this.clock() - start;
    this.inFlight = this.complete(id, start, syncDurationMs, deadline, write, outcome).finally(() => {
      this.inFlight = undefined;
    });
  }

  private async complete(
    id: number,
    start: number,
    syncDurationMs: number,
    deadline: number,
    write: Promise<CheckpointResult>,
    outcome: { timedOut: boolean; committing: boolean },
  ): Promise<void> {
    const timer = setTimeout(
      () => {
        if (outcome.committing) return;
        outcome.timedOut = true;
        void this.failed(
          id,
          start,
          new Error(
            `Checkpoint ${id} expired before completing (execution.checkpointing.timeout = ${this.o.settings.timeoutMs} ms)`,
          ),
        );
      },
      Math.max(0, deadline - this.clock()),
    );
    let result: CheckpointResult;
    try {
      result = await write;
    } catch (error) {
      clearTimeout(timer);
      if (!outcome.timedOut) await this.failed(id, start, error);
      return;
    }
    clearTimeout(timer);
    this.lastEndAt = this.clock();
    this.consecutiveFailures = 0;
    this.emit({
      id,
      kind: 'checkpoint',
      status: 'COMPLETED',
      triggerTimestamp: start,
      durationMs: this.lastEndAt - start,
      syncDurationMs,
      stateSize: result.sizes.reduce((n, s) => n + s.stateSize, 0),
      checkpointedSize: result.bytesWritten,
      operators: result.sizes,
      path: result.path,
    });
    try {
      await this.notifyComplete(id);
    } catch (error) {
      // As in Flink, an operator failing to commit fails the job (it restarts from this checkpoint).
      this.fatal = new Error(`Committing checkpoint ${id} failed: ${messageOf(error)}`);
    }
  }

  private async failed(id: number, start: number, error: unknown): Promise<void> {
    this.lastEndAt = this.clock();
    this.consecutiveFailures++;
    this.emit({
      id,
      kind: 'checkpoint',
      status: 'FAILED',
      triggerTimestamp: start,
      durationMs: this.lastEndAt - start,
      failure: messageOf(error),
    });
    if (this.consecutiveFailures > this.o.settings.tolerableFailures) {
      this.fatal = new Error(
        `Exceeded checkpoint tolerable failure threshold (execution.checkpointing.tolerable-failed-checkpoints = ${this.o.settings.tolerableFailures}): checkpoint ${id} failed: ${messageOf(error)}`,
      );
    }
    await this.notifyAborted(id);
  }

  private async notifyComplete(id: number): Promise<void> {
    for (const p of this.o.job.participants)
      if (p.notifyCheckpointComplete) await p.notifyCheckpointComplete(id);
  }

  private async notifyAborted(id: number): Promise<void> {
    for (const p of this.o.job.participants) {
      // An operator that cannot abort cleanly recovers on restore; the checkpoint already failed.
      if (p.notifyCheckpointAborted) await p.notifyCheckpointAborted(id).catch(() => undefined);
    }
  }
}
