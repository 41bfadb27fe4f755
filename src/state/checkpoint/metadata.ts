/**
 * The `_metadata` file of a checkpoint or savepoint: written last, atomically, so its presence marks
 * the checkpoint complete. File paths in handles are relative to the checkpoint's own directory; a
 * checkpoint's shared files are `../shared/<name>`, a savepoint has none (it is self-contained and can
 * be moved). Operators are keyed by a stable operator id chosen by the planner.
 */

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Encoded } from '../tagged-value.ts';

/**
 * 1: every state file JSON (tagged values). 2: full snapshots of in-memory state and per-key deltas
 * are binary state files (binary-state.ts), told apart from JSON by their first bytes; key-group
 * files and timers stay JSON. A version-2 server reads both; a version-1 server refuses version 2.
 */
export const CHECKPOINT_FORMAT_VERSION = 2;
export const METADATA_FILE = '_metadata';
export const SHARED_PREFIX = '../shared/';

export interface FileHandle {
  /** Relative to the checkpoint's directory. */
  readonly path: string;
  readonly bytes: number;
}

/** One JSON file holding the operator's whole `KeyedStateSnapshot`. */
export interface FullKeyedStateHandle {
  readonly type: 'full';
  readonly file: FileHandle;
}

/**
 * Shared files reused by later checkpoints: key-group files (a group's whole content), then a chain
 * of per-key delta files applied in order (state → `[key, value]`, or `[key]` for a removed key), and
 * the timers. A checkpoint that changed few keys adds one small delta file to its base's chain.
 */
export interface IncrementalKeyedStateHandle {
  readonly type: 'incremental';
  readonly backend: string;
  readonly kinds: Record<string, string>;
  readonly groups: Record<string, FileHandle>;
  /** Per-key delta files, oldest first (absent: none). */
  readonly deltas?: readonly FileHandle[];
  readonly timers: FileHandle;
}

/** Every file an incremental handle references: key groups, deltas, timers. */
export function incrementalFiles(handle: IncrementalKeyedStateHandle): FileHandle[] {
  return [...Object.values(handle.groups), ...(handle.deltas ?? []), handle.timers];
}

export type KeyedStateHandle = FullKeyedStateHandle | IncrementalKeyedStateHandle;

export interface OperatorStateHandle {
  /** Max parallelism the keyed state was partitioned with (null when the operator has none). */
  readonly maxParallelism: number | null;
  readonly keyed: KeyedStateHandle | null;
  /** Non-keyed operator state (e.g. a source position), inline. */
  readonly operatorState: Encoded;
  /**
   * What the state was written for (operator kind and row types, from the plan); a restore into an
   * operator with another signature is refused, since its state would be misread.
   */
  readonly signature?: string;
}

export interface CheckpointMetadata {
  readonly formatVersion: number;
  readonly kind: 'checkpoint' | 'savepoint';
  readonly statement: string;
  readonly checkpointId: number;
  readonly timestamp: number;
  readonly operators: Record<string, OperatorStateHandle>;
  readonly sourceOffsets: Record<string, Encoded>;
}

/** A complete checkpoint or savepoint: its directory and metadata. */
export interface CompletedCheckpoint {
  readonly path: string;
  readonly metadata: CheckpointMetadata;
}

/** Every shared file a checkpoint references (paths relative to the checkpoint directory). */
export function sharedFilesOf(metadata: CheckpointMetadata): string[] {
  const files: string[] = [];
  for (const op of Object.values(metadata.operators)) {
    if (op.keyed?.type !== 'incremental') continue;
    for (const handle of incrementalFiles(op.keyed)) {
      if (handle.path.startsWith(SHARED_PREFIX)) files.push(handle.path.slice(SHARED_PREFIX.length));
    }
  }
  return files;
}

/** Parses and checks a metadata file's text; throws with `where` in the message when it is unusable. */
export function parseMetadata(text: string, where: string): CheckpointMetadata {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new Error(`Checkpoint metadata ${where} is not valid JSON (a truncated or foreign file)`);
  }
  if (typeof data !== 'object' || data === null)
    throw new Error(`Checkpoint metadata ${where} is not an object`);
  const m = data as Partial<CheckpointMetadata>;
  if (typeof m.formatVersion !== 'number')
    throw new Error(`Checkpoint metadata ${where} has no formatVersion`);
  if (m.formatVersion > CHECKPOINT_FORMAT_VERSION) {
    throw new Error(
      `Checkpoint metadata ${where} has format version ${m.formatVersion}, newer than this server reads (${CHECKPOINT_FORMAT_VERSION}); restore it with a newer Tributary`,
    );
  }
  if (
    (m.kind !== 'checkpoint' && m.kind !== 'savepoint') ||
    typeof m.statement !== 'string' ||
    typeof m.checkpointId !== 'number' ||
    typeof m.timestamp !== 'number' ||
    typeof m.operators !== 'object' ||
    m.operators === null
  ) {
    throw new Error(
      `Checkpoint metadata ${where} is missing kind, statement, checkpointId, timestamp or operators`,
    );
  }
  return { ...m, sourceOffsets: m.sourceOffsets ?? {} } as CheckpointMetadata;
}

/** Reads the checkpoint or savepoint in directory `path`. */
export async function readCheckpoint(path: string): Promise<CompletedCheckpoint> {
  const where = join(path, METADATA_FILE);
  let text: string;
  try {
    text = await readFile(where, 'utf8');
  } catch {
    throw new Error(`No complete checkpoint or savepoint at ${path}: ${METADATA_FILE} is missing`);
  }
  return { path, metadata: parseMetadata(text, where) };
}
