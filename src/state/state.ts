/**
 * The keyed-state API operators program against. All state is scoped to the backend's current key
 * (set by the operator before it touches state) and, for namespaced states, to a namespace (e.g. a
 * window end). Backends (heap now; a LevelDB write-back cache later) implement `KeyedStateBackend`;
 * operators never see how values are stored, so snapshots, TTL and rescaling need no operator code.
 */

import type { DeferredStatePart } from './binary-state.ts';
import type { Encoded } from './tagged-value.ts';

export type Namespace = number | string;

/** State time-to-live (Flink's StateTtlConfig with OnCreateAndWrite and NeverReturnExpired). */
export interface StateTtl {
  /** Milliseconds after the last write (or read, when `updateOnRead`) after which a value is gone. */
  readonly ttlMs: number;
  readonly updateOnRead?: boolean;
}

export interface StateDescriptor {
  /** Unique per operator; snapshots are keyed by it. */
  readonly name: string;
  readonly ttl?: StateTtl;
}

export interface ValueState<T> {
  value(): T | null;
  update(value: T): void;
  clear(): void;
}

export interface ListState<T> {
  get(): readonly T[];
  add(value: T): void;
  update(values: readonly T[]): void;
  clear(): void;
}

export interface MapState<K, V> {
  get(key: K): V | undefined;
  put(key: K, value: V): void;
  remove(key: K): void;
  contains(key: K): boolean;
  entries(): IterableIterator<[K, V]>;
  isEmpty(): boolean;
  clear(): void;
}

/** Namespaced variants: each call names the namespace (windows are the usual namespace). */
export interface NamespacedValueState<T> {
  value(namespace: Namespace): T | null;
  update(namespace: Namespace, value: T): void;
  clear(namespace: Namespace): void;
  /** Namespaces holding a value under the current key. */
  namespaces(): IterableIterator<Namespace>;
}

/** A timer: fire at `time` for `key` (serialised and as a row) in `namespace`. */
export interface Timer {
  readonly time: number;
  readonly key: string;
  readonly keyRow: readonly unknown[];
  readonly namespace: Namespace;
}

/** A time-ordered, deduplicated set of timers, stored by the backend. */
export interface TimerQueue {
  add(timer: Timer): void;
  remove(time: number, key: string, namespace: Namespace): void;
  /** The earliest timer, or undefined. */
  peek(): Timer | undefined;
  poll(): Timer | undefined;
  size(): number;
}

export interface KeyedStateSnapshot {
  readonly backend: string;
  readonly maxParallelism: number;
  /** state name → key group → entries (serialisable data only). */
  readonly states: Record<string, Record<number, Encoded>>;
  readonly timers: Record<string, Encoded>;
  /**
   * The same entries in binary form, when the snapshot was taken or loaded that way (not enumerable:
   * JSON of a snapshot shows `states`, which is then built from these on first read): tagged content
   * first, then binary parts (binary-state.ts) applied in order. Backends restore from this directly.
   */
  readonly binary?: BinaryKeyedState;
}

export interface BinaryKeyedState {
  readonly tagged: Record<string, Record<number, Encoded>>;
  /** The parts' bytes in chunks, read one after the other as one stream (a chunk may end mid-value). */
  readonly parts: readonly Uint8Array[];
}

/** How much keyed state a backend holds (operator metrics `stateKeys` / `stateSizeBytes`). */
export interface StateSize {
  /** Stored (state, key) entries, summed over the backend's states (expired but not yet cleaned included). */
  readonly keys: number;
  /** Estimated bytes of those entries (heap footprint, sampled). */
  readonly bytes: number;
}

export interface KeyedStateBackend {
  readonly maxParallelism: number;
  /** Sets the key every state access is scoped to. `keyRow` is kept for timers. */
  setCurrentKey(key: string, keyRow: readonly unknown[]): void;
  currentKey(): string;
  currentKeyRow(): readonly unknown[];
  valueState<T>(desc: StateDescriptor): ValueState<T>;
  listState<T>(desc: StateDescriptor): ListState<T>;
  mapState<K, V>(desc: StateDescriptor): MapState<K, V>;
  namespacedValueState<T>(desc: StateDescriptor): NamespacedValueState<T>;
  timerQueue(name: string): TimerQueue;
  snapshot(): KeyedStateSnapshot;
  /** Restores (adds) the snapshot's state; with `keyGroups`, only keys in that inclusive range. */
  restore(snapshot: KeyedStateSnapshot, keyGroups?: { readonly start: number; readonly end: number }): void;
  dispose(): void;
  /**
   * Optional, for backends that support incremental checkpoints (all three built-in ones): the keys
   * changed since checkpoint `baseCheckpointId` with their current values (a per-key delta), or the
   * whole state when the backend cannot take a delta against that base (`base` undefined then). The
   * result is a copy: later writes do not change it. Called at the checkpoint's consistent cut.
   */
  snapshotIncremental?(checkpointId: number, baseCheckpointId: number | undefined): IncrementalKeyedSnapshot;
  /** Optional: checkpoint `checkpointId` is durable; later incremental snapshots may build on it. */
  notifyCheckpointComplete?(checkpointId: number): void;
  /**
   * Optional: the backend's state now equals checkpoint `checkpointId` exactly (it was just restored
   * whole from it), so the next incremental snapshot may be a delta against it.
   */
  setIncrementalBaseline?(checkpointId: number): void;
  /** Optional: writes buffered changes to the backend's store (e.g. between batches or before a snapshot). */
  flush?(): void;
  /**
   * Optional: the state size for metrics. Key counts are kept incrementally; bytes are estimated
   * from a sample, so a call costs O(states), not O(keys). Call it between batches.
   */
  stateSize?(): StateSize;
}

/** State entries of one key group: state name → `[serialisedKey, encodedValue]` pairs. */
export type KeyGroupEntries = Record<string, Encoded[]>;

export interface IncrementalKeyedSnapshot {
  readonly backend: string;
  readonly maxParallelism: number;
  /** state name → kind (`value`, `list`, `map`, `namespaced`), for every registered state. */
  readonly kinds: Record<string, string>;
  /** The checkpoint this is a delta against, or undefined when it holds the whole state. */
  readonly base: number | undefined;
  /** Key groups → their complete content (an empty record: the group is now empty). */
  readonly groups: ReadonlyMap<number, KeyGroupEntries>;
  /**
   * Per-key changes, applied after `groups`: a binary part (binary-state.ts, in chunks) with each changed key's
   * current value, or its removal (the encoding is a copy). With `base` undefined, everything not in
   * `groups` is here.
   */
  readonly changes?: readonly Uint8Array[];
  /**
   * More per-key changes, captured by reference (immutable values) and encoded after the cut, while
   * the job runs: they follow `changes` in the same delta (each key is in one of the two at most).
   */
  readonly deferredChanges?: DeferredStatePart;
  /** All timer queues, or undefined when no timer changed since `base`. */
  readonly timers: Record<string, Encoded> | undefined;
}
