/**
 * The `hashmap` state backend: one JavaScript Map per state, keyed by the serialised key. With a TTL,
 * values are stored as `{ v, t }` cells (t = last write or read time from the backend's clock) and an
 * expired cell reads as absent and is removed on access (Flink's NeverReturnExpired). Keys that are
 * never accessed again are removed by incremental cleanup, as Flink's heap backend does by default:
 * every access to a TTL state also checks the next few entries of a cursor cycling over the state.
 */

import { ABSENT, binaryKeyedSnapshot, forEachEntry, partFields, StatePartWriter } from './binary-state.ts';
import { KeyChangeTracker } from './checkpoint/key-changes.ts';
import { entryBytes } from './embedded/cache.ts';
import {
  type EpochCell,
  HeapMapState,
  HeapNamespacedValueState,
  HeapValueState,
  newCleanup,
  type Registered,
  type StateKind,
  storesEpochCells,
  TtlValueState,
} from './heap-states.ts';
import { DEFAULT_MAX_PARALLELISM, keyGroupOf } from './keys.ts';
import { ListStateOverValue } from './list-over-value.ts';
import type {
  IncrementalKeyedSnapshot,
  KeyedStateBackend,
  KeyedStateSnapshot,
  ListState,
  MapState,
  Namespace,
  NamespacedValueState,
  StateDescriptor,
  StateSize,
  TimerQueue,
  ValueState,
} from './state.ts';
import { decodeValue, type Encoded } from './tagged-value.ts';
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
  /** Bumped by every restore, so a state's cell read before it is not written after it. */
  generation = 0;
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
      ? new HeapValueState<T>(this, reg.data as Map<string, EpochCell>, reg.epochs)
      : new TtlValueState<T>(this, reg, reg.ttl, this.clock, reg.cleanup!);
  }

  listState<T>(desc: StateDescriptor): ListState<T> {
    const reg = this.register(desc, 'list');
    const cells =
      reg.ttl === undefined
        ? new HeapValueState<T[]>(this, reg.data as Map<string, EpochCell>, reg.epochs)
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

  /**
   * Every entry, copied into one binary part (binary-state.ts): the tagged form `states` is built
   * from it only if someone reads it, so a checkpoint never allocates a tagged tree per entry.
   */
  snapshot(): KeyedStateSnapshot {
    const part = new StatePartWriter();
    const tagged: Record<string, Record<number, Encoded>> = {};
    for (const [name, reg] of this.states) {
      tagged[name] = { kind: reg.kind } as unknown as Record<number, Encoded>;
      part.beginState(name, reg.kind);
      const cells = storesEpochCells(reg.kind, reg.ttl);
      for (const [key, value] of reg.data) part.entry(key, cells ? (value as EpochCell).v : value);
    }
    return binaryKeyedSnapshot({
      backend: 'hashmap',
      maxParallelism: this.maxParallelism,
      timers: this.encodeTimers(),
      tagged,
      parts: part.finish(),
    });
  }

  /**
   * A per-key delta against `baseCheckpointId` (the keys changed since, with copies of their values),
   * or every entry when no delta against it can be taken. Entries go out flat (no key groups): the
   * restore sorts them into groups, so the capture costs one encode per changed key and nothing more.
   */
  snapshotIncremental(checkpointId: number, baseCheckpointId: number | undefined): IncrementalKeyedSnapshot {
    const { delta, sinceEpoch } = this.changes.capture(checkpointId, baseCheckpointId);
    const kinds: Record<string, string> = {};
    const part = new StatePartWriter();
    for (const [name, reg] of this.states) {
      kinds[name] = reg.kind;
      const cells = storesEpochCells(reg.kind, reg.ttl);
      if (delta === undefined) {
        part.beginState(name, reg.kind);
        for (const [key, value] of reg.data) part.entryOrDefer(key, cells ? (value as EpochCell).v : value);
        continue;
      }
      if (cells) {
        this.captureEpochDelta(part, name, reg, sinceEpoch);
        continue;
      }
      const keys = delta.get(name);
      if (keys === undefined) continue;
      part.beginState(name, reg.kind);
      const data = reg.data;
      for (const key of keys) {
        const value = data.get(key);
        if (value === undefined) part.removed(key);
        else part.entryOrDefer(key, value);
      }
    }
    if (delta !== undefined) {
      let keys = 0;
      for (const reg of this.states.values()) keys += reg.data.size;
      // most keys changed: the next capture will be full (it costs no more than such a delta and
      // restarts the chain), and map and namespaced states skip their Set insertions until then
      if (part.total * 2 >= keys) this.changes.pauseUntilNextCapture();
    }
    return {
      backend: 'hashmap',
      maxParallelism: this.maxParallelism,
      kinds,
      base: delta === undefined ? undefined : baseCheckpointId,
      groups: new Map(),
      ...partFields(part),
      timers: this.encodeTimers(),
    };
  }

  /**
   * The delta of a state of EpochCells: one pass over its entries comparing integers (no Set was
   * filled while the job ran), then the keys removed since the base that are still absent.
   */
  private captureEpochDelta(part: StatePartWriter, name: string, reg: Registered, sinceEpoch: number): void {
    let begun = false;
    for (const [key, value] of reg.data) {
      const cell = value as EpochCell;
      if (cell.e <= sinceEpoch) continue;
      if (!begun) part.beginState(name, reg.kind);
      begun = true;
      part.entryOrDefer(key, cell.v);
    }
    const removed = reg.epochs.removed;
    if (removed === undefined) return;
    for (const [key, epoch] of removed) {
      if (epoch <= sinceEpoch || reg.data.has(key)) continue;
      if (!begun) part.beginState(name, reg.kind);
      begun = true;
      part.removed(key);
    }
  }

  private encodeTimers(): Record<string, Encoded> {
    const timers: Record<string, Encoded> = {};
    for (const [name, queue] of this.timers) timers[name] = queue.encode();
    return timers;
  }

  notifyCheckpointComplete(checkpointId: number): void {
    this.changes.confirm(checkpointId);
  }

  setIncrementalBaseline(checkpointId: number): void {
    this.changes.resetTo(checkpointId);
  }

  restore(snapshot: KeyedStateSnapshot, keyGroups?: { readonly start: number; readonly end: number }): void {
    this.generation++;
    if (snapshot.maxParallelism !== this.maxParallelism) {
      throw new Error(
        `Cannot restore state taken with max parallelism ${snapshot.maxParallelism} into a backend with ${this.maxParallelism}; keep max parallelism unchanged across restores`,
      );
    }
    const inRange = (group: number): boolean =>
      keyGroups === undefined || (group >= keyGroups.start && group <= keyGroups.end);
    const binary = snapshot.binary;
    for (const [name, byGroup] of Object.entries(binary?.tagged ?? snapshot.states)) {
      const { kind, ...groups } = byGroup as unknown as { kind: StateKind } & Record<string, Encoded[][]>;
      const reg = this.restoredState(name, kind);
      for (const [group, entries] of Object.entries(groups)) {
        if (!inRange(Number(group))) continue;
        for (const entry of entries) this.put(reg, entry[0] as string, decodeValue(entry[1] ?? null));
      }
    }
    if (binary !== undefined && binary.parts.length > 0) {
      let reg: Registered | undefined;
      forEachEntry(
        binary.parts,
        (_state, key, value) => {
          if (!inRange(keyGroupOf(key, this.maxParallelism))) return;
          if (value === ABSENT) reg!.data.delete(key);
          else this.put(reg!, key, value);
        },
        (state, kind) => {
          reg = this.restoredState(state, kind as StateKind);
        },
      );
    }
    // Restored entries are not tracked as changes: only a whole restore from a checkpoint (which then
    // calls setIncrementalBaseline) may be the base of a delta.
    this.changes.invalidate();
    for (const [name, encoded] of Object.entries(snapshot.timers)) {
      const queue = this.timerQueue(name) as HeapTimerQueue;
      queue.restoreFrom(encoded, (key) => inRange(keyGroupOf(key, this.maxParallelism)));
    }
  }

  /** Stores a restored value as the state keeps it (an EpochCell or as it is). */
  private put(reg: Registered, key: string, value: unknown): void {
    const cell: EpochCell = { v: value, e: this.changes.clock.epoch };
    reg.data.set(key, storesEpochCells(reg.kind, reg.ttl) ? cell : value);
  }

  /** The state a restore adds entries to (registered with `kind` if the operator has not opened it yet). */
  private restoredState(name: string, kind: StateKind): Registered {
    let reg = this.states.get(name);
    if (reg === undefined) {
      reg = {
        kind,
        ttl: undefined,
        data: new Map(),
        cleanup: undefined,
        changed: this.changes.cell(name),
        epochs: this.changes.epochCell(name),
      };
      this.states.set(name, reg);
    }
    return reg;
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
      const cells = storesEpochCells(reg.kind, reg.ttl);
      for (const [key, value] of reg.data) {
        total += entryBytes(key, cells ? (value as EpochCell).v : value);
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
        // the restored values are `{ v, t }` cells a TTL state stores as they are, not in EpochCells
        if (storesEpochCells(kind, undefined))
          for (const [key, cell] of existing.data) existing.data.set(key, (cell as EpochCell).v);
        const reg = {
          kind,
          ttl: desc.ttl,
          data: existing.data,
          cleanup: newCleanup(existing.data, kind, desc.ttl, existing.changed),
          changed: existing.changed,
          epochs: existing.epochs,
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
      epochs: this.changes.epochCell(desc.name),
    };
    this.states.set(desc.name, reg);
    return reg;
  }
}
