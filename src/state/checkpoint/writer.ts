/**
 * Turns operator state into files and handles. Keyed state is taken synchronously (all operators in
 * the same turn of the event loop, so the checkpoint is consistent); files are written afterwards.
 */

import { setImmediate as nextTurn } from 'node:timers/promises';
import { binaryStateFile, type DeferredStatePart } from '../binary-state.ts';
import { pathSegment } from '../embedded/store.ts';
import type {
  IncrementalKeyedSnapshot,
  KeyedStateBackend,
  KeyedStateSnapshot,
  KeyGroupEntries,
} from '../state.ts';
import type { Encoded } from '../tagged-value.ts';
import { uniqueSuffix, writeChunksDurably, writeFileDurably } from './files.ts';
import type {
  FileHandle,
  FullKeyedStateHandle,
  IncrementalKeyedStateHandle,
  KeyedStateHandle,
  OperatorStateHandle,
} from './metadata.ts';
import { SHARED_PREFIX } from './metadata.ts';

export interface OperatorCheckpointInput {
  /** Stable across restarts and plan changes that keep the operator (the planner's operator uid). */
  readonly operatorId: string;
  /** Keyed state is taken from this backend (incrementally when the backend and storage allow)... */
  readonly backend?: KeyedStateBackend;
  /** ...or given as an already-taken snapshot (e.g. from `Job.snapshot`). */
  readonly keyed?: KeyedStateSnapshot;
  readonly operatorState?: Encoded;
  /** What the state is written for (see OperatorStateHandle.signature). */
  readonly signature?: string;
  /**
   * ...or an incremental snapshot of `backend` already taken at the consistent cut (the participant
   * takes it when the operator snapshots its backend, see runtime/checkpoint/participants.ts).
   */
  readonly incremental?: IncrementalKeyedSnapshot;
}

/** Keyed state captured at the barrier, before any file is written. */
export type CapturedKeyedState =
  | { readonly type: 'full'; readonly snapshot: KeyedStateSnapshot }
  | {
      readonly type: 'incremental';
      readonly snapshot: IncrementalKeyedSnapshot;
      readonly previous: IncrementalKeyedStateHandle | undefined;
    };

export interface CapturedOperator {
  readonly operatorId: string;
  readonly keyed: CapturedKeyedState | undefined;
  readonly operatorState: Encoded;
  readonly backend: KeyedStateBackend | undefined;
  readonly signature: string | undefined;
}

/** Where files go: exclusive files in the checkpoint directory, shared ones in `sharedDir`. */
export interface WriteTarget {
  readonly dir: string;
  readonly sharedDir: string | undefined;
  readonly checkpointId: number;
  /** Shared files written so far by this attempt (deleted if the checkpoint fails). */
  readonly written: string[];
}

/** Key-group files written at the same time by one incremental checkpoint. */
const PARALLEL_WRITES = 8;

/**
 * Runs `task` for every item, at most `limit` at a time. Rejects with the first failure once every
 * started task settled, so a failed checkpoint's cleanup never races a write still in flight.
 */
async function inParallel<T>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<void>,
): Promise<void> {
  let next = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (next < items.length && failure === undefined) {
      try {
        await task(items[next++]!);
      } catch (error) {
        failure ??= { error };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, lane));
  if (failure !== undefined) throw failure.error;
}

function hasKeyedState(snapshot: KeyedStateSnapshot): boolean {
  const binary = snapshot.binary;
  // a binary snapshot's `states` is built on read: check its parts instead
  const entries =
    binary === undefined
      ? Object.keys(snapshot.states).length > 0
      : Object.keys(binary.tagged).length > 0 || binary.parts.some((p) => p.length > 0);
  return entries || Object.keys(snapshot.timers).length > 0;
}

export async function writeKeyedState(
  target: WriteTarget,
  operatorId: string,
  captured: CapturedKeyedState,
): Promise<KeyedStateHandle | null> {
  const segment = pathSegment(operatorId);
  if (captured.type === 'full') {
    const snapshot = captured.snapshot;
    if (!hasKeyedState(snapshot)) return null;
    const binary = snapshot.binary;
    // binary entries go out as they were captured; a tagged snapshot (a store scan) as JSON
    const name = `${segment}.keyed.${binary === undefined ? 'json' : 'bin'}`;
    const bytes =
      binary === undefined
        ? await writeFileDurably(target.dir, name, JSON.stringify(snapshot))
        : await writeChunksDurably(
            target.dir,
            name,
            binaryStateFile(
              {
                backend: snapshot.backend,
                maxParallelism: snapshot.maxParallelism,
                tagged: binary.tagged,
                timers: snapshot.timers,
              },
              binary.parts,
            ),
          );
    const handle: FullKeyedStateHandle = { type: 'full', file: { path: name, bytes } };
    return handle;
  }
  const { snapshot, previous } = captured;
  const sharedDir = target.sharedDir;
  if (sharedDir === undefined) throw new Error('Incremental keyed state needs a shared directory');
  const writeShared = async (label: string, data: string): Promise<FileHandle> => {
    const name = `${segment}-${target.checkpointId}-${label}-${uniqueSuffix()}.json`;
    target.written.push(name);
    const bytes = await writeFileDurably(sharedDir, name, data);
    return { path: `${SHARED_PREFIX}${name}`, bytes };
  };
  const delta = snapshot.base !== undefined && previous !== undefined;
  const groups: Record<string, FileHandle> = delta ? { ...previous.groups } : {};
  const deltas: FileHandle[] = delta ? [...(previous.deltas ?? [])] : [];
  const changed: [number, KeyGroupEntries][] = [];
  for (const [group, entries] of snapshot.groups) {
    if (Object.keys(entries).length === 0) delete groups[group];
    else changed.push([group, entries]);
  }
  // Several files in flight at once: each durable write waits on its own fsync.
  await inParallel(changed, PARALLEL_WRITES, async ([group, entries]) => {
    groups[group] = await writeShared(`g${group}`, JSON.stringify(entries));
  });
  const changes = snapshot.changes;
  const deferred = snapshot.deferredChanges;
  if (changes?.some((chunk) => chunk.length > 0) || deferred !== undefined) {
    const name = `${segment}-${target.checkpointId}-d-${uniqueSuffix()}.bin`;
    target.written.push(name);
    const bytes = await writeChunksDurably(sharedDir, name, deltaFileChunks(changes ?? [], deferred));
    deltas.push({ path: `${SHARED_PREFIX}${name}`, bytes });
  }
  const timers =
    snapshot.timers === undefined && previous !== undefined
      ? previous.timers
      : await writeShared('timers', JSON.stringify(snapshot.timers ?? {}));
  return {
    type: 'incremental',
    backend: snapshot.backend,
    kinds: snapshot.kinds,
    groups,
    ...(deltas.length === 0 ? {} : { deltas }),
    timers,
  };
}

/** Deferred entries encoded per slice of this many; the job runs between two slices. */
const ENTRIES_PER_SLICE = 2_000;

/**
 * A delta file: the part encoded at the cut, then the deferred entries, encoded now slice by slice,
 * yielding to the event loop (the job's next batch) between two slices.
 */
async function* deltaFileChunks(
  changes: readonly Uint8Array[],
  deferred: DeferredStatePart | undefined,
): AsyncGenerator<Uint8Array> {
  yield* binaryStateFile({}, changes);
  if (deferred === undefined) return;
  for (const chunk of deferred.slices(ENTRIES_PER_SLICE)) {
    if (chunk === undefined) await nextTurn();
    else yield chunk;
  }
}

export async function writeOperator(target: WriteTarget, op: CapturedOperator): Promise<OperatorStateHandle> {
  const keyed = op.keyed === undefined ? null : await writeKeyedState(target, op.operatorId, op.keyed);
  const maxParallelism =
    op.keyed === undefined ? null : (op.keyed.snapshot.maxParallelism ?? op.backend?.maxParallelism ?? null);
  return {
    maxParallelism,
    keyed,
    operatorState: op.operatorState,
    ...(op.signature === undefined ? {} : { signature: op.signature }),
  };
}

/** An operator without keyed state, operator state or signature leaves nothing to restore. */
export function holdsState(handle: OperatorStateHandle): boolean {
  return handle.keyed !== null || handle.operatorState !== null || handle.signature !== undefined;
}
