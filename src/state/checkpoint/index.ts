export { checkpointStorageOptions, ignoreUnclaimedState, savepointDirectory } from './config.ts';
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
  loadOperatorState,
  type RestoredOperator,
  restoreOperator,
} from './restore.ts';
export { type SavepointInput, writeSavepoint } from './savepoint.ts';
export {
  type CheckpointInput,
  type CheckpointResult,
  CheckpointStorage,
  type CheckpointStorageOptions,
  type ExternalizedCheckpointRetention,
  type JobTermination,
} from './storage.ts';
export type { OperatorCheckpointInput } from './writer.ts';
