/**
 * Checkpoint and savepoint options from Flink configuration keys (the newer `execution.checkpointing.*`
 * names and the older `state.*` names are both accepted):
 *
 *   execution.checkpointing.dir | state.checkpoints.dir                    checkpoint directory
 *   execution.checkpointing.num-retained | state.checkpoints.num-retained  default 1
 *   execution.checkpointing.externalized-checkpoint-retention              default DELETE_ON_CANCELLATION
 *   execution.checkpointing.incremental | state.backend.incremental        default false (as Flink)
 *   execution.checkpointing.savepoint-dir | state.savepoints.dir           savepoint directory
 *   execution.savepoint.ignore-unclaimed-state                             default false
 */

import type { StateConfig } from '../backend-factory.ts';
import type { CheckpointStorageOptions, ExternalizedCheckpointRetention } from './storage.ts';

const RETENTIONS: readonly ExternalizedCheckpointRetention[] = [
  'DELETE_ON_CANCELLATION',
  'RETAIN_ON_CANCELLATION',
  'NO_EXTERNALIZED_CHECKPOINTS',
];

function option(config: StateConfig, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const value = config[key];
    if (value !== undefined) return value.trim();
  }
  return undefined;
}

function parseBoolean(text: string | undefined, key: string): boolean {
  if (text === undefined) return false;
  const lower = text.toLowerCase();
  if (lower === 'true' || lower === 'false') return lower === 'true';
  throw new Error(`Invalid value '${text}' for '${key}'; expected 'true' or 'false'`);
}

/** Checkpoint storage options for `statement`, or undefined when no checkpoint directory is set. */
export function checkpointStorageOptions(
  config: StateConfig,
  statement: string,
): CheckpointStorageOptions | undefined {
  const dir = option(config, 'execution.checkpointing.dir', 'state.checkpoints.dir');
  if (dir === undefined) return undefined;
  const retainedText = option(
    config,
    'execution.checkpointing.num-retained',
    'state.checkpoints.num-retained',
  );
  const numRetained = retainedText === undefined ? 1 : Number(retainedText);
  if (!Number.isInteger(numRetained) || numRetained < 1) {
    throw new Error(
      `Invalid value '${retainedText}' for 'state.checkpoints.num-retained'; expected a positive integer`,
    );
  }
  const retentionText = option(config, 'execution.checkpointing.externalized-checkpoint-retention');
  const retention = (
    retentionText ?? 'DELETE_ON_CANCELLATION'
  ).toUpperCase() as ExternalizedCheckpointRetention;
  if (!RETENTIONS.includes(retention)) {
    throw new Error(
      `Invalid value '${retentionText}' for 'execution.checkpointing.externalized-checkpoint-retention'; expected one of ${RETENTIONS.join(', ')}`,
    );
  }
  const incremental = parseBoolean(
    option(config, 'execution.checkpointing.incremental', 'state.backend.incremental'),
    'execution.checkpointing.incremental',
  );
  return { dir, statement, numRetained, retention, incremental };
}

export function savepointDirectory(config: StateConfig): string | undefined {
  return option(config, 'execution.checkpointing.savepoint-dir', 'state.savepoints.dir');
}

export function ignoreUnclaimedState(config: StateConfig): boolean {
  return parseBoolean(
    option(config, 'execution.savepoint.ignore-unclaimed-state'),
    'execution.savepoint.ignore-unclaimed-state',
  );
}
