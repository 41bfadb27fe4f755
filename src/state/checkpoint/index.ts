export { checkpointStorageOptions, ignoreUnclaimedState, savepointDirectory } from './config.ts';
export {
  CheckpointCoordinator,
  type CheckpointCoordinatorOptions,
  type CheckpointEvent,
  type CheckpointParticipant,
} from './coordinator.ts';
export {
  CHECKPOINT_FORMAT_VERSION,
  type CheckpointMetadata,
  type CompletedCheckpoint,
  type KeyedStateHandle,
  type OperatorStateHandle,
  readCheckpoint,
} from './metadata.ts';
export {
  checkAllOperatorsClaimed,
  type LoadedOperatorState,
  loadJobState,
  loadOperatorState,
  type RestoredOperator,
  type RestoreTarget,
  restoreOperator,
} from './restore.ts';
export { type SavepointInput, writeSavepoint } from './savepoint.ts';
export {
  type CheckpointingMode,
  type CheckpointSettings,
  checkpointSettings,
  parseFlinkDuration,
} from './settings.ts';
export {
  type CheckpointInput,
  type CheckpointResult,
  CheckpointStorage,
  type CheckpointStorageOptions,
  type ExternalizedCheckpointRetention,
  findLatestCheckpoint,
  type JobTermination,
  type OperatorStateSize,
} from './storage.ts';
export type { OperatorCheckpointInput } from './writer.ts';
