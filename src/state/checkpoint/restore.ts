/**
 * Loading operator state out of a checkpoint or savepoint: full handles are one file, incremental
 * handles are reassembled from their key-group files into the ordinary `KeyedStateSnapshot` every
 * backend restores. Max parallelism must match: key groups are the unit of partitioning.
 */

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { binaryKeyedSnapshot, isBinaryStateFile, readBinaryStateFile } from '../binary-state.ts';
import { keyGroupOf } from '../keys.ts';
import type { KeyedStateBackend, KeyedStateSnapshot, KeyGroupEntries } from '../state.ts';
import type { Encoded } from '../tagged-value.ts';
import type { CompletedCheckpoint, FileHandle, KeyedStateHandle } from './metadata.ts';

export interface RestoredOperator {
  readonly keyed: KeyedStateSnapshot | undefined;
  readonly operatorState: Encoded;
}

/** A state file's content: JSON data (format version 1, key-group files, timers) or a binary state file. */
type StateFileContent =
  | { readonly type: 'json'; readonly data: unknown }
  | { readonly type: 'binary'; readonly header: unknown; readonly part: Uint8Array };

async function readStateFile(checkpoint: CompletedCheckpoint, file: FileHandle): Promise<StateFileContent> {
  const path = join(checkpoint.path, file.path);
  let content: Buffer;
  try {
    content = await readFile(path);
  } catch {
    throw new Error(`State file ${path} of ${checkpoint.metadata.kind} ${checkpoint.path} is missing`);
  }
  if (content.length !== file.bytes) {
    throw new Error(`State file ${path} has ${content.length} bytes, the metadata says ${file.bytes}`);
  }
  if (isBinaryStateFile(content)) return { type: 'binary', ...readBinaryStateFile(content, path) };
  return { type: 'json', data: JSON.parse(content.toString('utf8')) };
}

async function readJson(checkpoint: CompletedCheckpoint, file: FileHandle): Promise<unknown> {
  const content = await readStateFile(checkpoint, file);
  if (content.type !== 'json') {
    throw new Error(`State file ${join(checkpoint.path, file.path)} is binary where JSON was expected`);
  }
  return content.data;
}

/** The header of a binary full snapshot file (writer.ts). */
interface BinarySnapshotHeader {
  readonly backend: string;
  readonly maxParallelism: number;
  readonly tagged: Record<string, Record<number, Encoded>>;
  readonly timers: Record<string, Encoded>;
}

async function loadKeyed(
  checkpoint: CompletedCheckpoint,
  handle: KeyedStateHandle,
  maxParallelism: number,
): Promise<KeyedStateSnapshot> {
  if (handle.type === 'full') {
    const content = await readStateFile(checkpoint, handle.file);
    if (content.type === 'json') return content.data as KeyedStateSnapshot;
    const header = content.header as BinarySnapshotHeader;
    return binaryKeyedSnapshot({ ...header, parts: [content.part] });
  }
  const states: Record<string, Record<string, unknown>> = {};
  for (const [name, kind] of Object.entries(handle.kinds)) states[name] = { kind };
  for (const [group, file] of Object.entries(handle.groups)) {
    const entries = (await readJson(checkpoint, file)) as KeyGroupEntries;
    for (const [name, list] of Object.entries(entries)) (states[name] ??= { kind: 'value' })[group] = list;
  }
  // JSON deltas (format version 1) come before binary ones: this version writes only binary deltas
  const overlay = new Map<string, Map<string, Encoded[]>>();
  const parts: Uint8Array[] = [];
  for (const file of handle.deltas ?? []) {
    const content = await readStateFile(checkpoint, file);
    if (content.type === 'binary') {
      parts.push(content.part);
      continue;
    }
    if (parts.length > 0) {
      throw new Error(
        `State file ${join(checkpoint.path, file.path)} is a JSON delta after a binary one; the checkpoint was not written by Tributary`,
      );
    }
    for (const [name, list] of Object.entries(content.data as KeyGroupEntries)) {
      let keys = overlay.get(name);
      if (keys === undefined) overlay.set(name, (keys = new Map()));
      for (const entry of list as Encoded[][]) keys.set(entry[0] as string, entry);
    }
  }
  if (overlay.size > 0) applyDeltas(states, overlay, maxParallelism);
  const timers = (await readJson(checkpoint, handle.timers)) as Record<string, Encoded>;
  const tagged = states as unknown as Record<string, Record<number, Encoded>>;
  if (parts.length === 0) return { backend: handle.backend, maxParallelism, states: tagged, timers };
  return binaryKeyedSnapshot({ backend: handle.backend, maxParallelism, timers, tagged, parts });
}

/**
 * Applies the merged per-key deltas (state → key → `[key, value]`, or `[key]` when removed) to
 * key-group content: a key's entry in its group is replaced or dropped.
 */
function applyDeltas(
  states: Record<string, Record<string, unknown>>,
  overlay: ReadonlyMap<string, ReadonlyMap<string, Encoded[]>>,
  maxParallelism: number,
): void {
  for (const [name, keys] of overlay) {
    const byGroup = (states[name] ??= { kind: 'value' });
    for (const [group, list] of Object.entries(byGroup)) {
      if (group === 'kind') continue;
      byGroup[group] = (list as Encoded[][]).filter((entry) => !keys.has(entry[0] as string));
    }
    for (const [key, entry] of keys) {
      if (entry.length < 2) continue;
      const group = String(keyGroupOf(key, maxParallelism));
      ((byGroup[group] ??= []) as Encoded[]).push(entry);
    }
  }
}

/**
 * The state of `operatorId`, or undefined when the checkpoint holds none for it. Throws when the state
 * was partitioned with another max parallelism.
 */
export async function loadOperatorState(
  checkpoint: CompletedCheckpoint,
  operatorId: string,
  maxParallelism: number,
): Promise<RestoredOperator | undefined> {
  const handle = checkpoint.metadata.operators[operatorId];
  if (handle === undefined) return undefined;
  if (handle.keyed === null) return { keyed: undefined, operatorState: handle.operatorState };
  if (handle.maxParallelism !== maxParallelism) {
    throw new Error(
      `Cannot restore operator '${operatorId}' from ${checkpoint.metadata.kind} ${checkpoint.path}: its state was taken with max parallelism ${handle.maxParallelism}, this job uses ${maxParallelism}. Max parallelism cannot change across a restore; set 'pipeline.max-parallelism' = '${handle.maxParallelism}'`,
    );
  }
  const keyed = await loadKeyed(checkpoint, handle.keyed, maxParallelism);
  return { keyed, operatorState: handle.operatorState };
}

/**
 * Restores `operatorId`'s keyed state into `backend` (all of it, or the `keyGroups` range) and
 * returns its operator state. After a whole restore from a checkpoint, the backend may take its next
 * incremental snapshot as a delta against that checkpoint.
 */
export async function restoreOperator(
  checkpoint: CompletedCheckpoint,
  operatorId: string,
  backend: KeyedStateBackend,
  keyGroups?: { readonly start: number; readonly end: number },
): Promise<Encoded | undefined> {
  const restored = await loadOperatorState(checkpoint, operatorId, backend.maxParallelism);
  if (restored === undefined) return undefined;
  if (restored.keyed !== undefined) {
    backend.restore(restored.keyed, keyGroups);
    const handle = checkpoint.metadata.operators[operatorId]?.keyed;
    if (
      keyGroups === undefined &&
      checkpoint.metadata.kind === 'checkpoint' &&
      handle?.type === 'incremental'
    ) {
      backend.setIncrementalBaseline?.(checkpoint.metadata.checkpointId);
    }
  }
  return restored.operatorState;
}

/**
 * Flink's unclaimed-state check: a savepoint with state for an operator the job no longer has is
 * refused unless `ignoreUnclaimedState` ('execution.savepoint.ignore-unclaimed-state').
 */
export function checkAllOperatorsClaimed(
  checkpoint: CompletedCheckpoint,
  operatorIds: readonly string[],
  ignoreUnclaimedState: boolean,
): void {
  if (ignoreUnclaimedState) return;
  const known = new Set(operatorIds);
  const unclaimed = Object.keys(checkpoint.metadata.operators).filter((id) => !known.has(id));
  if (unclaimed.length > 0) {
    throw new Error(
      `${checkpoint.metadata.kind} ${checkpoint.path} has state for operators this job does not contain: ${unclaimed.join(', ')}. Set 'execution.savepoint.ignore-unclaimed-state' = 'true' to drop that state`,
    );
  }
}

/** An operator of the job being restored: its stable id, key groups and state signature. */
export interface RestoreTarget {
  readonly operatorId: string;
  readonly maxParallelism: number;
  readonly signature?: string;
}

/** State loaded for one operator of the job, ready to hand to it before its first batch. */
export interface LoadedOperatorState extends RestoredOperator {
  /** The next incremental checkpoint may be a delta against this one (a whole incremental restore). */
  readonly incrementalBaseline: number | undefined;
}

/**
 * Loads the state of every target from a checkpoint or savepoint, after checking that the job claims
 * all of its state (unless `ignoreUnclaimedState`), that max parallelism is unchanged, and that each
 * operator's state was written for an operator of the same signature (kind and row types).
 */
export async function loadJobState(
  checkpoint: CompletedCheckpoint,
  targets: readonly RestoreTarget[],
  ignoreUnclaimedState: boolean,
): Promise<Map<string, LoadedOperatorState>> {
  checkAllOperatorsClaimed(
    checkpoint,
    targets.map((t) => t.operatorId),
    ignoreUnclaimedState,
  );
  const { kind, checkpointId } = checkpoint.metadata;
  const loaded = new Map<string, LoadedOperatorState>();
  for (const target of targets) {
    const handle = checkpoint.metadata.operators[target.operatorId];
    if (handle === undefined) continue;
    if (
      handle.signature !== undefined &&
      target.signature !== undefined &&
      handle.signature !== target.signature
    ) {
      throw new Error(
        `Cannot restore operator '${target.operatorId}' from ${kind} ${checkpoint.path}: its state was written for ${handle.signature}, but this plan has ${target.signature}. The state cannot be read by the changed operator; keep its keys, aggregates and input types unchanged, or start the statement without the ${kind}`,
      );
    }
    const state = await loadOperatorState(checkpoint, target.operatorId, target.maxParallelism);
    if (state === undefined) continue;
    const incremental = kind === 'checkpoint' && handle.keyed?.type === 'incremental';
    loaded.set(target.operatorId, { ...state, incrementalBaseline: incremental ? checkpointId : undefined });
  }
  return loaded;
}
