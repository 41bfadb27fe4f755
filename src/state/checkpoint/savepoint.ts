/**
 * Savepoints (`state.savepoints.dir`): a self-contained, format-versioned copy of a statement's state,
 * owned by the user. Every operator's keyed state is one full file inside the savepoint directory (no
 * shared files, whatever the backend), keyed by the stable operator id, so the directory can be
 * moved, archived and restored into a job with either backend.
 */

import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { pathSegment } from '../embedded/store.ts';
import type { Encoded } from '../tagged-value.ts';
import { syncDirectory, uniqueSuffix, writeFileDurably } from './files.ts';
import {
  CHECKPOINT_FORMAT_VERSION,
  type CheckpointMetadata,
  type CompletedCheckpoint,
  METADATA_FILE,
  type OperatorStateHandle,
} from './metadata.ts';
import { captureOperators } from './storage.ts';
import { holdsState, type OperatorCheckpointInput, writeOperator } from './writer.ts';

export interface SavepointInput {
  /** `state.savepoints.dir` (or a directory given with the savepoint request). */
  readonly dir: string;
  readonly statement: string;
  /** The checkpoint id this savepoint stands for (source offsets and operator state belong to it). */
  readonly checkpointId: number;
  readonly timestamp?: number;
  readonly operators: readonly OperatorCheckpointInput[];
  readonly sourceOffsets?: Record<string, Encoded>;
}

/** Writes a savepoint and returns it; its directory is `<dir>/savepoint-<statement>-<id>-<random>`. */
export async function writeSavepoint(input: SavepointInput): Promise<CompletedCheckpoint> {
  // Full snapshots only, taken synchronously before any await: the savepoint's consistent cut.
  const captured = captureOperators(input.operators, input.checkpointId, undefined);
  const path = join(
    input.dir,
    `savepoint-${pathSegment(input.statement)}-${input.checkpointId}-${uniqueSuffix()}`,
  );
  await mkdir(path, { recursive: true });
  const target = { dir: path, sharedDir: undefined, checkpointId: input.checkpointId, written: [] };
  const operators: Record<string, OperatorStateHandle> = {};
  for (const op of captured) {
    const handle = await writeOperator(target, op);
    if (holdsState(handle)) operators[op.operatorId] = handle;
  }
  const metadata: CheckpointMetadata = {
    formatVersion: CHECKPOINT_FORMAT_VERSION,
    kind: 'savepoint',
    statement: input.statement,
    checkpointId: input.checkpointId,
    timestamp: input.timestamp ?? Date.now(),
    operators,
    sourceOffsets: input.sourceOffsets ?? {},
  };
  await writeFileDurably(path, METADATA_FILE, JSON.stringify(metadata, null, 1));
  await syncDirectory(path);
  await syncDirectory(input.dir);
  return { path, metadata };
}
