/**
 * The `hashmap` state backend: one JavaScript Map per state, keyed by the serialised key. With a TTL,
 * values are stored as `{ v, t }` cells (t = last write or read time from the backend's clock) and an
 * expired cell reads as absent and is removed on access (Flink's NeverReturnExpired). Keys that are
 * never accessed again are removed by incremental cleanup, as Flink's heap backend does by default:
 * every access to a TTL state also checks the next few entries of a cursor cycling over the state.
 */

import { KeyChangeTracker } from './checkpoint/key-changes.ts';
import { entryBytes } from './embedded/cache.ts';
import {
  HeapMapState,
  HeapNamespacedValueState,
  HeapValueState,
  newCleanup,
  type Registered,
  type StateKind,
  TtlValueState,
} from './heap-states.ts';
import { DEFAULT_MAX_PARALLELISM, keyGroupOf } from './keys.ts';
import { ListStateOverValue } from './list-over-value.ts';
import type {
  IncrementalKeyedSnapshot,
  KeyedStateBackend,
  KeyedStateSnapshot,
  KeyGroupEntries,
  ListState,
  MapState,
  Namespace,
  NamespacedValueState,
  StateDescriptor,
  StateSize,
  TimerQueue,
  ValueState,
} from './state.ts';
import { decodeValue, type Encoded, encodeValue } from './tagged-value.ts';
import { HeapTimerQueue } from './timer-queue.ts';

/** Entries per state whose size is measured to estimate a state's bytes. */
const SIZE_SAMPLE = 16;

export interface HeapBackendOptions {
  readonly maxParallelism?: number;
  /** Processing-time clock for TTL (defaults to Date.now). */
  readonly clock?: () => number;
}

export class HeapKeyedStateBackend implements KeyedStateBackend {
  readonly maxParallelism: number;
  /** Public for the state classes' fast path; operators use setCurrentKey. */
  key = '';
  private keyRow: readonly unknown[] = [];
  private readonly clock: () => number;
  private readonly states = new Map<string, Registered>();
  private readonly timers = new Map<string, HeapTimerQueue>();
  // Tracking starts with the first incremental capture, so a job without checkpoints pays nothing.
  private readonly changes = new KeyChangeTracker(false);

  constructor(options: HeapBackendOptions = {}) {
    this.maxParallelism = options.maxParallelism ?? DEFAULT_MAX_PARALLELISM;
    this.clock = options.clock ?? Date.now;
  }

  setCurrentKey(key: string, keyRow: readonly unknown[]): void {
    this.key = key;
    this.keyRow = keyRow;
  }

  currentKey(): string {
    return this.key;
  }

  currentKeyRow(): readonly unknown[] {
    return this.keyRow;
  }

  valueState<T>(desc: StateDescriptor): ValueState<T> {
    const reg = this.register(desc, 'value');
    return reg.ttl === undefined
      ? new HeapValueState<T>(this, reg.data as Map<string, T>, reg.changed)
      : new TtlValueState<T>(this, reg, reg.ttl, this.clock, reg.cleanup!);
  }

  listState<T>(desc: StateDescriptor): ListState<T> {
    const reg = this.register(desc, 'list');
    const cells =
      reg.ttl === undefined
        ? new HeapValueState<T[]>(this, reg.data as Map<string, T[]>, reg.changed)
        : new TtlValueState<T[]>(this, reg, reg.ttl, this.clock, reg.cleanup!);
    return new ListStateOverValue<T>(cells);
  }

  mapState<K, V>(desc: StateDescriptor): MapState<K, V> {
    const reg = this.register(desc, 'map');
    return new HeapMapState<K, V>(
      this,
      reg as Registered & { data: Map<string, Map<K, unknown>> },
      reg.ttl,
      this.clock,
      reg.cleanup,
    );
  }

  namespacedValueState<T>(desc: StateDescriptor): NamespacedValueState<T> {
    const reg = this.register(desc, 'namespaced');
    return new HeapNamespacedValueState<T>(
      this,
      reg as Registered & { data: Map<string, Map<Namespace, unknown>> },
      reg.ttl,
      this.clock,
      reg.cleanup,
    );
  }

  timerQueue(name: string): TimerQueue {
    let queue = this.timers.get(name);
    if (queue === undefined) {
      queue = new HeapTimerQueue();
      this.timers.set(name, queue);
    }
    return queue;
  }

  snapshot(): KeyedStateSnapshot {
    const states: Record<string, Record<number, Encoded>> = {};
    for (const [name, reg] of this.states) {
      const groups: Record<number, Encoded[]> = {};
      for (const [key, value] of reg.data) {
        const group = keyGroupOf(key, this.maxParallelism);
        (groups[group] ??= []).push([key, encodeValue(value)]);
      }
      states[name] = { kind: reg.kind, ...groups } as unknown as Record<number, Encoded>;
    }
    const timers: Record<string, Encoded> = {};
    for (const [name, queue] of this.timers) timers[name] = queue.encode();
    return { backend: 'hashmap', maxParallelism: this.maxParallelism, states, timers };
  }

  /**
   * A per-key delta against `baseCheckpointId` (the keys changed since, with copies of their values),
   * or every entry when no delta against it can be taken. Entries go out flat (no key groups): the
   * restore sorts them into groups, so the capture costs one encode per changed key and nothing more.
   */
  snapshotIncremental(checkpointId: number, baseCheckpointId: number | undefined): IncrementalKeyedSnapshot {
    const { delta } = this.changes.capture(checkpointId, baseCheckpointId);
    const changes: KeyGroupEntries = {};
    const kinds: Record<string, string> = {};
    for (const [name, reg] of this.states) {
      kinds[name] = reg.kind;
      const entries: Encoded[] = [];
      if (delta === undefined) {
        for (const [key, value] of reg.data) entries.push([key, encodeValue(value)]);
      } else {
        for (const key of delta.get(name) ?? []) {
          const value = reg.data.get(key);
          entries.push(value === undefined ? [key] : [key, encodeValue(value)]);
        }
      }
      if (entries.length > 0) changes[name] = entries;
    }
    const timers: Record<string, Encoded> = {};
    for (const [name, queue] of this.timers) timers[name] = queue.encode();
    return {
      backend: 'hashmap',
      maxParallelism: this.maxParallelism,
      kinds,
      base: delta === undefined ? undefined : baseCheckpointId,
      groups: new Map(),
      changes,
      timers,
    };
  }

  notifyCheckpointComplete(checkpointId: number): void {
    this.changes.confirm(checkpointId);
  }

  setIncrementalBaseline(checkpointId: number): void {
    this.changes.resetTo(checkpointId);
  }

  restore(snapshot: KeyedStateSnapshot, keyGroups?: { readonly start: number; readonly end: number }): void {
    if (snapshot.maxParallelism !== this.maxParallelism) {
      throw new Error(
        `Cannot restore state taken with max parallelism ${snapshot.maxParallelism} into a backend with ${this.maxParallelism}; keep max parallelism unchanged across restores`,
      );
    }
    const inRange = (group: number): boolean =>
      keyGroups === undefined || (group >= keyGroups.start && group <= keyGroups.end);
    for (const [name, byGroup] of Object.entries(snapshot.states)) {
      const { kind, ...groups } = byGroup as unknown as { kind: StateKind } & Record<string, Encoded[][]>;
      let reg = this.states.get(name);
      if (reg === undefined) {
        reg = { kind, ttl: undefined, data: new Map(), cleanup: undefined, changed: this.changes.cell(name) };
        this.states.set(name, reg);
      }
      for (const [group, entries] of Object.entries(groups)) {
        if (!inRange(Number(group))) continue;
        for (const entry of entries) reg.data.set(entry[0] as string, decodeValue(entry[1] ?? null));
      }
    }
    // Restored entries are not tracked as changes: only a whole restore from a checkpoint (which then
    // calls setIncrementalBaseline) may be the base of a delta.
    this.changes.invalidate();
    for (const [name, encoded] of Object.entries(snapshot.timers)) {
      const queue = this.timerQueue(name) as HeapTimerQueue;
      queue.restoreFrom(encoded, (key) => inRange(keyGroupOf(key, this.maxParallelism)));
    }
  }

  dispose(): void {
    this.states.clear();
    this.timers.clear();
  }

  /** Keys: the Maps' sizes (kept by the Maps); bytes: a sample of each state's entries, scaled up. */
  stateSize(): StateSize {
    let keys = 0;
    let bytes = 0;
    for (const reg of this.states.values()) {
      const size = reg.data.size;
      if (size === 0) continue;
      keys += size;
      let sampled = 0;
      let total = 0;
      for (const [key, value] of reg.data) {
        total += entryBytes(key, value);
        if (++sampled === SIZE_SAMPLE) break;
      }
      bytes += Math.round((total / sampled) * size);
    }
    return { keys, bytes };
  }

  private register(desc: StateDescriptor, kind: StateKind): Registered {
    const existing = this.states.get(desc.name);
    if (existing !== undefined) {
      if (existing.kind !== kind) {
        throw new Error(`State '${desc.name}' is a ${existing.kind} state and cannot be reopened as ${kind}`);
      }
      // A restore registers states before the operator opens them; adopt the TTL from the descriptor.
      if (existing.ttl === undefined && desc.ttl !== undefined) {
        const reg = {
          kind,
          ttl: desc.ttl,
          data: existing.data,
          cleanup: newCleanup(existing.data, kind, desc.ttl, existing.changed),
          changed: existing.changed,
        };
        this.states.set(desc.name, reg);
        return reg;
      }
      return existing;
    }
    const data = new Map<string, unknown>();
    const changed = this.changes.cell(desc.name);
    const reg: Registered = {
      kind,
      ttl: desc.ttl,
      data,
      cleanup: newCleanup(data, kind, desc.ttl, changed),
      changed,
    };
    this.states.set(desc.name, reg);
    return reg;
  }
}
