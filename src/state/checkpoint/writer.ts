/**
 * Turns operator state into files and handles. Keyed state is taken synchronously (all operators in
 * the same turn of the event loop, so the checkpoint is consistent); files are written afterwards.
 */

import { setImmediate as nextTurn } from 'node:timers/promises';
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
  return Object.keys(snapshot.states).length > 0 || Object.keys(snapshot.timers).length > 0;
}

export async function writeKeyedState(
  target: WriteTarget,
  operatorId: string,
  captured: CapturedKeyedState,
): Promise<KeyedStateHandle | null> {
  const segment = pathSegment(operatorId);
  if (captured.type === 'full') {
    if (!hasKeyedState(captured.snapshot)) return null;
    const name = `${segment}.keyed.json`;
    const bytes = await writeFileDurably(target.dir, name, JSON.stringify(captured.snapshot));
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
  if (changes !== undefined && Object.keys(changes).length > 0) {
    const name = `${segment}-${target.checkpointId}-d-${uniqueSuffix()}.json`;
    target.written.push(name);
    const bytes = await writeChunksDurably(sharedDir, name, entriesJson(changes));
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

/** Entries serialised per piece of this many; the job runs between two pieces. */
const ENTRIES_PER_PIECE = 2_000;

/**
 * The JSON text of `entries` (state → entry list) in pieces, yielding to the event loop between
 * them: a delta of 100 MB is never serialised in one block of the job's thread.
 */
async function* entriesJson(entries: KeyGroupEntries): AsyncGenerator<string> {
  let first = true;
  for (const [name, list] of Object.entries(entries)) {
    let head = `${first ? '{' : ','}${JSON.stringify(name)}:[`;
    first = false;
    for (let i = 0; i < list.length; i += ENTRIES_PER_PIECE) {
      yield head + JSON.stringify(list.slice(i, i + ENTRIES_PER_PIECE)).slice(1, -1);
      head = ',';
      await nextTurn();
    }
    if (list.length === 0) yield head;
    yield ']';
  }
  yield first ? '{}' : '}';
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
