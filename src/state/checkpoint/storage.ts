/**
 * Checkpoint storage for one statement (Flink's layout):
 *
 *   <execution.checkpointing.dir>/<statement>/chk-<id>/_metadata       written last: marks it complete
 *   <execution.checkpointing.dir>/<statement>/chk-<id>/<op>.keyed.bin  full keyed state (hashmap;
 *                                                  `.keyed.json` when taken from a store scan)
 *   <execution.checkpointing.dir>/<statement>/shared/<op>-<id>-d-<rand>.bin
 *                                                  per-key deltas of incremental checkpoints
 *   <execution.checkpointing.dir>/<statement>/shared/<op>-<id>-g<group>-<rand>.json
 *                                                  key-group files of incremental checkpoints
 *
 * Incremental checkpoints write only key groups changed since the previous completed checkpoint and
 * reference the rest from it; shared files are reference-counted over the retained checkpoints (the
 * counts are rebuilt from their metadata on open, so a crash cannot leave them wrong) and deleted when
 * the last checkpoint using them goes. On open, incomplete checkpoint directories and shared files no
 * complete checkpoint references (leftovers of a crash) are removed.
 */

import { mkdir, readdir, readFile, rm, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import { pathSegment } from '../embedded/store.ts';
import type { Encoded } from '../tagged-value.ts';
import { syncDirectory, writeFileDurably } from './files.ts';
import {
  CHECKPOINT_FORMAT_VERSION,
  type CheckpointMetadata,
  type CompletedCheckpoint,
  type IncrementalKeyedStateHandle,
  incrementalFiles,
  METADATA_FILE,
  type OperatorStateHandle,
  parseMetadata,
  sharedFilesOf,
} from './metadata.ts';
import { type CapturedOperator, holdsState, type OperatorCheckpointInput, writeOperator } from './writer.ts';

export type ExternalizedCheckpointRetention =
  | 'DELETE_ON_CANCELLATION'
  | 'RETAIN_ON_CANCELLATION'
  | 'NO_EXTERNALIZED_CHECKPOINTS';

export type JobTermination = 'FINISHED' | 'CANCELED' | 'FAILED';

export interface CheckpointStorageOptions {
  /** `execution.checkpointing.dir`; this statement's checkpoints go to `<dir>/<statement>/`. */
  readonly dir: string;
  readonly statement: string;
  /** `state.checkpoints.num-retained` (default 1). */
  readonly numRetained?: number;
  /** `execution.checkpointing.externalized-checkpoint-retention` (default DELETE_ON_CANCELLATION). */
  readonly retention?: ExternalizedCheckpointRetention;
  /** `execution.checkpointing.incremental`: delta checkpoints for backends that support them. */
  readonly incremental?: boolean;
}

export interface CheckpointInput {
  readonly checkpointId: number;
  readonly timestamp?: number;
  readonly operators: readonly OperatorCheckpointInput[];
  /** Source positions (e.g. Kafka partition → offset) to resume from. */
  readonly sourceOffsets?: Record<string, Encoded>;
  /**
   * Asked once every state file is written, just before the metadata makes the checkpoint complete:
   * false abandons it (the coordinator timed it out), so a checkpoint its operators were told was
   * aborted can never become one a job restores.
   */
  readonly shouldCommit?: () => boolean;
}

export interface CheckpointResult extends CompletedCheckpoint {
  /** Bytes of state files written by this checkpoint (shared files it reuses are not counted). */
  readonly bytesWritten: number;
  readonly sizes: readonly OperatorStateSize[];
}

/** Sizes of one operator's state in a checkpoint. */
export interface OperatorStateSize {
  readonly operatorId: string;
  /** The whole state: every file the checkpoint references for it, plus its inline operator state. */
  readonly stateSize: number;
  /** What this checkpoint wrote for it (less than stateSize when incremental). */
  readonly checkpointedSize: number;
}

const CHECKPOINT_DIR = /^chk-(\d+)$/;
const SHARED_DIR = 'shared';

/** Takes every operator's keyed state now, synchronously: the checkpoint's consistent cut. */
export function captureOperators(
  operators: readonly OperatorCheckpointInput[],
  checkpointId: number,
  incrementalBase:
    | ((operatorId: string) => { id: number; handle: IncrementalKeyedStateHandle } | undefined)
    | undefined,
): CapturedOperator[] {
  return operators.map((op): CapturedOperator => {
    const operatorState = op.operatorState ?? null;
    const backend = op.backend;
    const signature = op.signature;
    if (op.keyed !== undefined) {
      return {
        operatorId: op.operatorId,
        keyed: { type: 'full', snapshot: op.keyed },
        operatorState,
        backend,
        signature,
      };
    }
    if (op.incremental !== undefined && incrementalBase !== undefined) {
      const previous = incrementalBase(op.operatorId);
      const snapshot = op.incremental;
      // A delta is only written against the base the backend took it against.
      const usable = previous !== undefined && snapshot.base === previous.id;
      if (snapshot.base === undefined || usable) {
        return {
          operatorId: op.operatorId,
          keyed: { type: 'incremental', snapshot, previous: usable ? previous.handle : undefined },
          operatorState,
          backend,
          signature,
        };
      }
    }
    if (backend === undefined)
      return { operatorId: op.operatorId, keyed: undefined, operatorState, backend, signature };
    if (incrementalBase !== undefined && backend.snapshotIncremental !== undefined) {
      const previous = incrementalBase(op.operatorId);
      const snapshot = backend.snapshotIncremental(checkpointId, previous?.id);
      return {
        operatorId: op.operatorId,
        keyed: { type: 'incremental', snapshot, previous: previous?.handle },
        operatorState,
        backend,
        signature,
      };
    }
    return {
      operatorId: op.operatorId,
      keyed: { type: 'full', snapshot: backend.snapshot() },
      operatorState,
      backend,
      signature,
    };
  });
}

export class CheckpointStorage {
  /** This statement's directory. */
  readonly root: string;
  private readonly sharedDir: string;
  private readonly numRetained: number;
  private readonly retention: ExternalizedCheckpointRetention;
  private readonly incremental: boolean;
  /** Completed checkpoints, oldest first. */
  private readonly completedList: CompletedCheckpoint[] = [];
  private readonly sharedRefs = new Map<string, number>();

  private constructor(private readonly options: CheckpointStorageOptions) {
    this.root = join(options.dir, pathSegment(options.statement));
    this.sharedDir = join(this.root, SHARED_DIR);
    this.numRetained = options.numRetained ?? 1;
    if (!Number.isInteger(this.numRetained) || this.numRetained < 1) {
      throw new Error(
        `state.checkpoints.num-retained must be a positive integer, got ${options.numRetained}`,
      );
    }
    this.retention = options.retention ?? 'DELETE_ON_CANCELLATION';
    this.incremental = options.incremental ?? false;
  }

  /** Opens the statement's checkpoint directory, finds complete checkpoints and removes crash leftovers. */
  static async open(options: CheckpointStorageOptions): Promise<CheckpointStorage> {
    const storage = new CheckpointStorage(options);
    await mkdir(storage.sharedDir, { recursive: true });
    const found: CompletedCheckpoint[] = [];
    for (const name of await readdir(storage.root)) {
      const match = CHECKPOINT_DIR.exec(name);
      if (match === null) continue;
      const path = join(storage.root, name);
      const metadata = await readMetadataIfComplete(path);
      if (metadata === undefined || metadata.checkpointId !== Number(match[1])) {
        await rm(path, { recursive: true, force: true });
      } else found.push({ path, metadata });
    }
    found.sort((a, b) => a.metadata.checkpointId - b.metadata.checkpointId);
    for (const checkpoint of found) storage.adopt(checkpoint);
    for (const name of await readdir(storage.sharedDir)) {
      if (!storage.sharedRefs.has(name)) await unlink(join(storage.sharedDir, name)).catch(() => undefined);
    }
    await storage.applyRetention();
    return storage;
  }

  /** Completed checkpoints, oldest first. */
  completed(): readonly CompletedCheckpoint[] {
    return [...this.completedList];
  }

  latest(): CompletedCheckpoint | undefined {
    return this.completedList.at(-1);
  }

  /**
   * The checkpoint the next incremental snapshot of `operatorId` should be a delta against: the
   * latest, unless its delta chain for the operator is long enough to be rewritten whole (then
   * undefined, and the next snapshot is full). Undefined too when checkpoints are not incremental.
   */
  incrementalBase(operatorId: string): number | undefined {
    return this.incremental ? this.deltaBase(operatorId)?.id : undefined;
  }

  private deltaBase(operatorId: string): { id: number; handle: IncrementalKeyedStateHandle } | undefined {
    const latest = this.latest();
    const handle = latest?.metadata.operators[operatorId]?.keyed;
    if (latest === undefined || handle?.type !== 'incremental' || chainNeedsCompaction(handle))
      return undefined;
    return { id: latest.metadata.checkpointId, handle };
  }

  /**
   * Takes a checkpoint: captures every operator's keyed state synchronously (before the first
   * await), then writes the files, then the metadata, then drops checkpoints beyond the retained count.
   */
  async checkpoint(input: CheckpointInput): Promise<CheckpointResult> {
    const latest = this.latest();
    if (latest !== undefined && input.checkpointId <= latest.metadata.checkpointId) {
      throw new Error(
        `Checkpoint id ${input.checkpointId} is not after the latest completed checkpoint ${latest.metadata.checkpointId}`,
      );
    }
    const base = this.incremental ? (operatorId: string) => this.deltaBase(operatorId) : undefined;
    const captured = captureOperators(input.operators, input.checkpointId, base);
    const dir = join(this.root, `chk-${input.checkpointId}`);
    const written: string[] = [];
    try {
      await mkdir(dir, { recursive: true });
      const target = { dir, sharedDir: this.sharedDir, checkpointId: input.checkpointId, written };
      const operators: Record<string, OperatorStateHandle> = {};
      for (const op of captured) {
        const handle = await writeOperator(target, op);
        if (holdsState(handle)) operators[op.operatorId] = handle;
      }
      await syncDirectory(this.sharedDir);
      if (input.shouldCommit?.() === false) {
        throw new Error(`Checkpoint ${input.checkpointId} was abandoned before it completed (timed out)`);
      }
      const metadata: CheckpointMetadata = {
        formatVersion: CHECKPOINT_FORMAT_VERSION,
        kind: 'checkpoint',
        statement: this.options.statement,
        checkpointId: input.checkpointId,
        timestamp: input.timestamp ?? Date.now(),
        operators,
        sourceOffsets: input.sourceOffsets ?? {},
      };
      await writeFileDurably(dir, METADATA_FILE, JSON.stringify(metadata, null, 1));
      await syncDirectory(dir);
      await syncDirectory(this.root);
      const completed = { path: dir, metadata };
      this.adopt(completed);
      for (const op of captured) op.backend?.notifyCheckpointComplete?.(input.checkpointId);
      await this.applyRetention();
      const sizes = operatorStateSizes(metadata, written);
      return { ...completed, bytesWritten: bytesWrittenBy(sizes), sizes };
    } catch (error) {
      // Never leave a half-written checkpoint that a later open could mistake for state.
      await rm(dir, { recursive: true, force: true });
      for (const name of written) {
        if (!this.sharedRefs.has(name)) await unlink(join(this.sharedDir, name)).catch(() => undefined);
      }
      throw error;
    }
  }

  /**
   * Applies the externalized-checkpoint retention when the job ends: RETAIN_ON_CANCELLATION keeps
   * everything; DELETE_ON_CANCELLATION deletes on finish and cancel, keeps on failure (to recover);
   * NO_EXTERNALIZED_CHECKPOINTS always deletes.
   */
  async onJobTermination(status: JobTermination): Promise<void> {
    const remove =
      this.retention === 'NO_EXTERNALIZED_CHECKPOINTS' ||
      (this.retention === 'DELETE_ON_CANCELLATION' && status !== 'FAILED');
    if (!remove) return;
    await rm(this.root, { recursive: true, force: true });
    this.completedList.length = 0;
    this.sharedRefs.clear();
  }

  private adopt(checkpoint: CompletedCheckpoint): void {
    this.completedList.push(checkpoint);
    for (const file of sharedFilesOf(checkpoint.metadata)) {
      this.sharedRefs.set(file, (this.sharedRefs.get(file) ?? 0) + 1);
    }
  }

  private async applyRetention(): Promise<void> {
    while (this.completedList.length > this.numRetained) {
      const oldest = this.completedList.shift()!;
      for (const file of sharedFilesOf(oldest.metadata)) {
        const count = (this.sharedRefs.get(file) ?? 1) - 1;
        if (count > 0) this.sharedRefs.set(file, count);
        else {
          this.sharedRefs.delete(file);
          await unlink(join(this.sharedDir, file)).catch(() => undefined);
        }
      }
      await rm(oldest.path, { recursive: true, force: true });
    }
  }
}

/** Delta files after which the next checkpoint of an operator rewrites its state whole. */
const MAX_DELTAS = 16;

/**
 * A chain is compacted (the next snapshot is full) once it holds MAX_DELTAS delta files, or once its
 * deltas after the first full content outweigh that content: restoring then reads at most about twice
 * the state, and a state whose keys all change between checkpoints is rewritten every third one.
 */
function chainNeedsCompaction(handle: IncrementalKeyedStateHandle): boolean {
  const deltas = handle.deltas ?? [];
  if (deltas.length >= MAX_DELTAS) return true;
  let base = 0;
  for (const file of Object.values(handle.groups)) base += file.bytes;
  let overlay = 0;
  deltas.forEach((file, i) => {
    // a chain that started from empty has its full content in its first delta
    if (i === 0 && base === 0) base = file.bytes;
    else overlay += file.bytes;
  });
  return overlay > base;
}

async function readMetadataIfComplete(dir: string): Promise<CheckpointMetadata | undefined> {
  let text: string;
  try {
    text = await readFile(join(dir, METADATA_FILE), 'utf8');
  } catch {
    return undefined;
  }
  try {
    return parseMetadata(text, join(dir, METADATA_FILE));
  } catch (error) {
    // A checkpoint of a newer format is complete, just not ours to read or to delete.
    if (error instanceof Error && error.message.includes('newer than this server')) throw error;
    return undefined;
  }
}

function bytesWrittenBy(sizes: readonly OperatorStateSize[]): number {
  let bytes = 0;
  for (const size of sizes) bytes += size.checkpointedSize;
  return bytes;
}

/**
 * The newest complete checkpoint of a statement, read without changing anything (the gateway asks
 * before it starts a worker, which then opens the storage itself); undefined when there is none.
 */
export async function findLatestCheckpoint(
  options: Pick<CheckpointStorageOptions, 'dir' | 'statement'>,
): Promise<CompletedCheckpoint | undefined> {
  const root = join(options.dir, pathSegment(options.statement));
  let names: string[];
  try {
    names = await readdir(root);
  } catch {
    return undefined;
  }
  const ids = names
    .map((name) => CHECKPOINT_DIR.exec(name))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => Number(m[1]))
    .sort((a, b) => b - a);
  for (const id of ids) {
    const path = join(root, `chk-${id}`);
    const metadata = await readMetadataIfComplete(path);
    if (metadata !== undefined && metadata.checkpointId === id) return { path, metadata };
  }
  return undefined;
}

/**
 * Per operator: the size of its whole state in `metadata`, and what was written for it — every
 * exclusive file, plus the shared files named in `sharedWritten` (the ones this checkpoint wrote).
 * Inline operator state counts as its JSON length in both.
 */
export function operatorStateSizes(
  metadata: CheckpointMetadata,
  sharedWritten: readonly string[],
): OperatorStateSize[] {
  const fresh = new Set(sharedWritten);
  return Object.entries(metadata.operators).map(([operatorId, op]) => {
    const inline = op.operatorState === null ? 0 : JSON.stringify(op.operatorState).length;
    let stateSize = inline;
    let checkpointedSize = inline;
    if (op.keyed?.type === 'full') {
      stateSize += op.keyed.file.bytes;
      checkpointedSize += op.keyed.file.bytes;
    } else if (op.keyed?.type === 'incremental') {
      for (const handle of incrementalFiles(op.keyed)) {
        stateSize += handle.bytes;
        if (fresh.has(handle.path.slice(handle.path.lastIndexOf('/') + 1))) checkpointedSize += handle.bytes;
      }
    }
    return { operatorId, stateSize, checkpointedSize };
  });
}
