/**
 * Loading operator state out of a checkpoint or savepoint: full handles are one file, incremental
 * handles are reassembled from their key-group files into the ordinary `KeyedStateSnapshot` every
 * backend restores. Max parallelism must match: key groups are the unit of partitioning.
 */

import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { keyGroupOf } from '../keys.ts';
import type { KeyedStateBackend, KeyedStateSnapshot, KeyGroupEntries } from '../state.ts';
import type { Encoded } from '../tagged-value.ts';
import type { CompletedCheckpoint, FileHandle, KeyedStateHandle } from './metadata.ts';

export interface RestoredOperator {
  readonly keyed: KeyedStateSnapshot | undefined;
  readonly operatorState: Encoded;
}

async function readJson(checkpoint: CompletedCheckpoint, file: FileHandle): Promise<unknown> {
  const path = join(checkpoint.path, file.path);
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch {
    throw new Error(`State file ${path} of ${checkpoint.metadata.kind} ${checkpoint.path} is missing`);
  }
  if (Buffer.byteLength(text, 'utf8') !== file.bytes) {
    throw new Error(
      `State file ${path} has ${Buffer.byteLength(text, 'utf8')} bytes, the metadata says ${file.bytes}`,
    );
  }
  return JSON.parse(text);
}

async function loadKeyed(
  checkpoint: CompletedCheckpoint,
  handle: KeyedStateHandle,
  maxParallelism: number,
): Promise<KeyedStateSnapshot> {
  if (handle.type === 'full') return (await readJson(checkpoint, handle.file)) as KeyedStateSnapshot;
  const states: Record<string, Record<string, unknown>> = {};
  for (const [name, kind] of Object.entries(handle.kinds)) states[name] = { kind };
  for (const [group, file] of Object.entries(handle.groups)) {
    const entries = (await readJson(checkpoint, file)) as KeyGroupEntries;
    for (const [name, list] of Object.entries(entries)) (states[name] ??= { kind: 'value' })[group] = list;
  }
  const deltas = handle.deltas ?? [];
  if (deltas.length > 0) {
    const overlay = new Map<string, Map<string, Encoded[]>>();
    for (const file of deltas) {
      const entries = (await readJson(checkpoint, file)) as KeyGroupEntries;
      for (const [name, list] of Object.entries(entries)) {
        let keys = overlay.get(name);
        if (keys === undefined) overlay.set(name, (keys = new Map()));
        for (const entry of list as Encoded[][]) keys.set(entry[0] as string, entry);
      }
    }
    applyDeltas(states, overlay, maxParallelism);
  }
  const timers = (await readJson(checkpoint, handle.timers)) as Record<string, Encoded>;
  return {
    backend: handle.backend,
    maxParallelism,
    states: states as unknown as Record<string, Record<number, Encoded>>,
    timers,
  };
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
