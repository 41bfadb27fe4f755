/**
 * The gateway's side of a statement's checkpoints: where they live, which one a (re)start restores
 * from, and the history and counters its worker reports (REST `/checkpoints`, Prometheus metrics).
 * The history is kept in memory, as Flink's JobManager keeps it; the checkpoints themselves are on disk.
 */
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { checkpointStorageOptions } from '../../state/checkpoint/config.ts';
import type { CheckpointEvent } from '../../state/checkpoint/coordinator.ts';
import { findLatestCheckpoint } from '../../state/checkpoint/storage.ts';
import { pathSegment } from '../../state/embedded/store.ts';
import { SAVEPOINT_PATH, stateConfigOf } from '../engine/checkpointing.ts';
import type { StoredStatement } from '../resources.ts';

const HISTORY = 100;

/** The statement's directory name under the checkpoint and state directories: unique per creation. */
export function statementKey(environment: string, s: StoredStatement): string {
  return `${environment}.${s.metadata.name}.${s.metadata.uid}`;
}

export interface RestorePoint {
  readonly path: string;
  readonly checkpointId: number;
  readonly kind: 'checkpoint' | 'savepoint';
}

/**
 * What a run of the statement restores from: its newest state — the latest complete checkpoint in
 * its checkpoint directory or the restore point of its current run (a savepoint), whichever has the
 * higher checkpoint id — or nothing (the sources' start-up offsets).
 */
export async function chooseRestorePoint(
  config: ReadonlyMap<string, string>,
  dataDir: string | undefined,
  key: string,
  current: { readonly path: string; readonly checkpointId: number } | undefined,
): Promise<RestorePoint | undefined> {
  const options = checkpointStorageOptions(stateConfigOf(config, dataDir), key);
  const latest = options === undefined ? undefined : await findLatestCheckpoint(options);
  if (
    latest !== undefined &&
    (current === undefined || latest.metadata.checkpointId > current.checkpointId)
  ) {
    return { path: latest.path, checkpointId: latest.metadata.checkpointId, kind: 'checkpoint' };
  }
  return current === undefined ? undefined : { ...current, kind: 'savepoint' };
}

/** The savepoint a new statement starts from: `spec.startFromSavepoint`, else `execution.savepoint.path`. */
export function initialSavepoint(
  spec: { readonly startFromSavepoint?: string },
  config: ReadonlyMap<string, string>,
): string | undefined {
  const path = (spec.startFromSavepoint ?? config.get(SAVEPOINT_PATH))?.trim();
  return path === undefined || path === '' ? undefined : path;
}

/** Removes the statement's scratch state (spill databases of the embedded backend). */
export async function removeStatementState(dataDir: string | undefined, key: string): Promise<void> {
  if (dataDir !== undefined)
    await rm(join(dataDir, 'state', pathSegment(key)), { recursive: true, force: true });
}

export interface CheckpointCounts {
  readonly completed: number;
  readonly failed: number;
  readonly inProgress: number;
}

export interface RestoredCheckpoint {
  readonly id: number;
  readonly kind: 'checkpoint' | 'savepoint';
  readonly path: string;
  readonly restoreTimestamp: number;
}

/** Checkpoint history and counters of one statement, across the restarts of its worker. */
export class CheckpointHistory {
  private readonly byKey = new Map<string, CheckpointEvent>();
  private completedCount = 0;
  private failedCount = 0;
  latestRestore: RestoredCheckpoint | undefined;

  record(event: CheckpointEvent): void {
    const key = `${event.kind}-${event.id}`;
    const before = this.byKey.get(key);
    if (before !== undefined && before.status !== 'IN_PROGRESS') return;
    if (event.status === 'COMPLETED' && event.kind === 'checkpoint') this.completedCount++;
    if (event.status === 'FAILED' && event.kind === 'checkpoint') this.failedCount++;
    this.byKey.delete(key);
    this.byKey.set(key, event);
    while (this.byKey.size > HISTORY) this.byKey.delete(this.byKey.keys().next().value!);
  }

  /** The worker ended: what it had in progress failed with it. */
  workerEnded(reason: string, now = Date.now()): void {
    for (const event of [...this.byKey.values()]) {
      if (event.status !== 'IN_PROGRESS') continue;
      this.record({
        ...event,
        status: 'FAILED',
        durationMs: now - event.triggerTimestamp,
        failure: `The worker ended before it completed: ${reason}`,
      });
    }
  }

  counts(): CheckpointCounts {
    let inProgress = 0;
    for (const e of this.byKey.values())
      if (e.status === 'IN_PROGRESS' && e.kind === 'checkpoint') inProgress++;
    return { completed: this.completedCount, failed: this.failedCount, inProgress };
  }

  /** Newest first. */
  history(): CheckpointEvent[] {
    return [...this.byKey.values()].sort((a, b) => b.triggerTimestamp - a.triggerTimestamp || b.id - a.id);
  }

  latest(kind: 'checkpoint' | 'savepoint', status: 'COMPLETED' | 'FAILED'): CheckpointEvent | undefined {
    return this.history().find((e) => e.kind === kind && e.status === status);
  }
}
