/**
 * Checkpointing for a statement's job: state backends chosen by `state.backend.type`, stable operator
 * ids and state signatures, restore from a checkpoint or savepoint before the first batch, and the
 * checkpoint coordinator. Directories default to `<dataDir>/checkpoints` and `<dataDir>/savepoints`.
 */

import { join } from 'node:path';
import type { PhysicalPlan } from '../../planner/physical/planner.ts';
import {
  checkpointedJob,
  type JobOperator,
  jobOperators,
  restoreJobOperators,
  restoreTargets,
} from '../../runtime/checkpoint/participants.ts';
import type { Job } from '../../runtime/job.ts';
import { createStateBackend, type StateConfig } from '../../state/backend-factory.ts';
import {
  checkpointStorageOptions,
  ignoreUnclaimedState,
  savepointDirectory,
} from '../../state/checkpoint/config.ts';
import { CheckpointCoordinator, type CheckpointEvent } from '../../state/checkpoint/coordinator.ts';
import { type CompletedCheckpoint, readCheckpoint } from '../../state/checkpoint/metadata.ts';
import { loadJobState } from '../../state/checkpoint/restore.ts';
import { checkpointSettings } from '../../state/checkpoint/settings.ts';
import { CheckpointStorage } from '../../state/checkpoint/storage.ts';
import type { KeyedStateBackend } from '../../state/state.ts';
import { assignSignatures } from './operator-signatures.ts';

/** How a statement's job is checkpointed (the gateway's workers pass it; embedded runners may not). */
export interface StatementCheckpointing {
  /** Names the statement's checkpoint and state directories; unique per statement. */
  readonly statementKey: string;
  /** The server's data directory: default checkpoint and savepoint directories, spill files. */
  readonly dataDir?: string;
  /**
   * A checkpoint or savepoint directory to restore from before the first batch; when absent,
   * `execution.savepoint.path` of the configuration, if set.
   */
  readonly restoreFrom?: string;
  readonly onEvent?: (event: CheckpointEvent) => void;
  /** Called once the job holds the state of the checkpoint or savepoint it was restored from. */
  readonly onRestored?: (from: CompletedCheckpoint) => void;
}

export const SAVEPOINT_PATH = 'execution.savepoint.path';

export function defaultCheckpointDir(dataDir: string): string {
  return join(dataDir, 'checkpoints');
}

export function defaultSavepointDir(dataDir: string): string {
  return join(dataDir, 'savepoints');
}

/** The configuration as the state layer reads it, with the directory defaults of `dataDir`. */
export function stateConfigOf(config: ReadonlyMap<string, string>, dataDir: string | undefined): StateConfig {
  const state: Record<string, string> = Object.fromEntries(config);
  if (dataDir !== undefined) {
    if (state['execution.checkpointing.dir'] === undefined && state['state.checkpoints.dir'] === undefined)
      state['execution.checkpointing.dir'] = defaultCheckpointDir(dataDir);
    if (
      state['execution.checkpointing.savepoint-dir'] === undefined &&
      state['state.savepoints.dir'] === undefined
    )
      state['state.savepoints.dir'] = defaultSavepointDir(dataDir);
  }
  return state;
}

/** A backend factory for the job builder: one backend per operator, spill tables named uniquely. */
export function backendFactory(
  state: StateConfig,
  statementKey: string,
  dataDir: string | undefined,
): (operatorName: string, taskName: string) => KeyedStateBackend {
  const seen = new Map<string, number>();
  return (operatorName, taskName) => {
    const key = `${taskName}\u0000${operatorName}`;
    const n = (seen.get(key) ?? 0) + 1;
    seen.set(key, n);
    return createStateBackend(state, {
      statement: statementKey,
      task: taskName,
      operator: n === 1 ? operatorName : `${operatorName}-${n}`,
      ...(dataDir === undefined ? {} : { dataDir }),
    });
  };
}

export interface JobCheckpointing {
  readonly coordinator: CheckpointCoordinator;
  readonly operators: readonly JobOperator[];
  /** `state.savepoints.dir` (default `<dataDir>/savepoints`); undefined when neither is known. */
  readonly savepointDir: string | undefined;
  /** The checkpoint or savepoint the job was restored from. */
  readonly restoredFrom: CompletedCheckpoint | undefined;
}

/**
 * Opens the job's checkpoint storage (when periodic checkpoints are on), restores the job from
 * `restoreFrom` and builds its coordinator. The job must be prepared and open, and not yet stepped.
 */
export async function setUpCheckpointing(
  job: Job,
  plan: PhysicalPlan,
  config: ReadonlyMap<string, string>,
  options: StatementCheckpointing,
): Promise<JobCheckpointing> {
  const state = stateConfigOf(config, options.dataDir);
  const settings = checkpointSettings(state);
  const operators = jobOperators(job);
  assignSignatures(operators, plan.roots);
  const storageOptions = checkpointStorageOptions(state, options.statementKey);
  if (settings.intervalMs !== undefined && storageOptions === undefined) {
    throw new Error(
      "execution.checkpointing.interval is set but no checkpoint directory is known: set 'execution.checkpointing.dir'",
    );
  }
  const storage =
    settings.intervalMs !== undefined && storageOptions !== undefined
      ? await CheckpointStorage.open(storageOptions)
      : undefined;
  const restorePath = options.restoreFrom ?? config.get(SAVEPOINT_PATH);
  let restoredFrom: CompletedCheckpoint | undefined;
  if (restorePath !== undefined && restorePath.trim() !== '') {
    restoredFrom = await readCheckpoint(restorePath.trim());
    const loaded = await loadJobState(restoredFrom, restoreTargets(operators), ignoreUnclaimedState(state));
    restoreJobOperators(operators, loaded, restoredFrom.metadata.checkpointId);
    options.onRestored?.(restoredFrom);
  }
  const latest = storage?.latest()?.metadata.checkpointId ?? 0;
  const coordinator = new CheckpointCoordinator({
    job: checkpointedJob(job, operators),
    settings,
    storage,
    incremental: storageOptions?.incremental ?? false,
    statement: options.statementKey,
    firstCheckpointId: Math.max(latest, restoredFrom?.metadata.checkpointId ?? 0) + 1,
    ...(options.onEvent === undefined ? {} : { onEvent: options.onEvent }),
  });
  return { coordinator, operators, savepointDir: savepointDirectory(state), restoredFrom };
}
