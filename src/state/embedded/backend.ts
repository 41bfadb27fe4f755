/**
 * The `embedded` state backend: state larger than memory. A write-back cache (LRU by estimated bytes)
 * serves every read and write synchronously; a miss reads one row from the task's spill store
 * (`SpillStore`, synchronous: SQLite here, LevelDB for the `leveldb` backend, ../leveldb/); dirty
 * entries are written back in one transaction per eviction round
 * (down to 75% of the budget, so the cost is amortised over many entries), on `flush()` and before
 * every snapshot. Snapshots are heap-compatible (`snapshot()` returns the very format the heap
 * backend restores, and vice versa); `snapshotIncremental` returns only the key groups written since
 * the base checkpoint, which the checkpoint storage turns into shared, reference-counted files.
 */

import { ABSENT, mergeParts, partFields, StatePartWriter } from '../binary-state.ts';
import { KeyChangeTracker } from '../checkpoint/key-changes.ts';
import { DEFAULT_MAX_PARALLELISM, keyGroupOf } from '../keys.ts';
import { ListStateOverValue } from '../list-over-value.ts';
import type {
  IncrementalKeyedSnapshot,
  KeyedStateBackend,
  KeyedStateSnapshot,
  KeyGroupEntries,
  ListState,
  MapState,
  NamespacedValueState,
  StateDescriptor,
  StateSize,
  StateTtl,
  TimerQueue,
  ValueState,
} from '../state.ts';
import { decodeValue, type Encoded, encodeValue } from '../tagged-value.ts';
import { type CachedState, type CacheEntry, entryBytes, LruList } from './cache.ts';
import {
  type CacheAccess,
  CachedMapState,
  CachedNamespacedValueState,
  CachedTtlValueState,
  CachedValueState,
} from './states.ts';
import { openStoreTable, type SpillStore, type SpillStoreOpener, type StoredRow } from './store.ts';
import { ChangeTrackingTimerQueue } from './timer-queue.ts';

export const DEFAULT_CACHE_BYTES = 64 * 1024 * 1024;
/** An eviction round frees the cache down to this share of the budget. */
const EVICT_TO = 0.75;
/** Rows per write transaction when restoring. */
const RESTORE_CHUNK = 10_000;

type StateKind = 'value' | 'list' | 'map' | 'namespaced';

interface StateTable extends CachedState {
  kind: StateKind;
  ttl: StateTtl | undefined;
}

export interface EmbeddedBackendOptions {
  /** The task's state directory (see `taskStateDir`); shared by the task's operators. */
  readonly dir: string;
  /** Unique within the task; names the operator's table. */
  readonly operator: string;
  readonly maxParallelism?: number;
  /** Cache budget in estimated bytes (default 64 MiB). */
  readonly cacheBytes?: number;
  readonly clock?: () => number;
  /** The spill store (default: the SQLite table of store.ts; `../leveldb/` passes its LevelDB store). */
  readonly openStore?: SpillStoreOpener;
  /** `backend` of the snapshots this backend writes (the format is the same for every backend). */
  readonly backendName?: string;
}

export interface EmbeddedBackendStats {
  hits: number;
  misses: number;
  evictedEntries: number;
  writtenRows: number;
}

/** One write-back round: rows to write, and how many rows it adds that the caller knows of. */
interface WriteBack {
  readonly puts: StoredRow[];
  readonly deletes: StoredRow[];
  /** Puts of entries written blind (unknown whether the store holds the row). */
  readonly probed: StoredRow[];
  added: number;
}

const newWriteBack = (): WriteBack => ({ puts: [], deletes: [], probed: [], added: 0 });

export class EmbeddedKeyedStateBackend implements KeyedStateBackend, CacheAccess {
  readonly maxParallelism: number;
  readonly cacheBytes: number;
  readonly stats: EmbeddedBackendStats = { hits: 0, misses: 0, evictedEntries: 0, writtenRows: 0 };
  private key = '';
  private keyRow: readonly unknown[] = [];
  private readonly clock: () => number;
  private readonly store: SpillStore;
  private readonly backendName: string;
  private readonly lru = new LruList();
  private readonly dirty = new Set<CacheEntry>();
  private readonly states = new Map<string, StateTable>();
  private readonly timers = new Map<string, ChangeTrackingTimerQueue>();
  // Keys written since the last incremental capture. Tracked from the start: the first checkpoint
  // is then a delta from empty, read from the cache instead of a scan of the store.
  private readonly changes = new KeyChangeTracker(true);
  /** Rows in the store, kept exact at every write-back (the `stateKeys` metric after a flush). */
  private storedRows = 0;

  constructor(options: EmbeddedBackendOptions) {
    this.maxParallelism = options.maxParallelism ?? DEFAULT_MAX_PARALLELISM;
    this.cacheBytes = options.cacheBytes ?? DEFAULT_CACHE_BYTES;
    this.clock = options.clock ?? Date.now;
    this.store = (options.openStore ?? openStoreTable)(options.dir, options.operator);
    this.backendName = options.backendName ?? 'embedded';
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

  /** Estimated bytes and entries held by the cache. */
  cacheUsage(): { readonly bytes: number; readonly entries: number } {
    return { bytes: this.lru.bytes, entries: this.lru.count };
  }

  valueState<T>(desc: StateDescriptor): ValueState<T> {
    const table = this.register(desc, 'value');
    return table.ttl === undefined
      ? new CachedValueState<T>(this, table)
      : new CachedTtlValueState<T>(this, table, table.ttl, this.clock);
  }

  listState<T>(desc: StateDescriptor): ListState<T> {
    const table = this.register(desc, 'list');
    const cells =
      table.ttl === undefined
        ? new CachedValueState<T[]>(this, table)
        : new CachedTtlValueState<T[]>(this, table, table.ttl, this.clock);
    return new ListStateOverValue<T>(cells);
  }

  mapState<K, V>(desc: StateDescriptor): MapState<K, V> {
    const table = this.register(desc, 'map');
    return new CachedMapState<K, V>(this, table, table.ttl, this.clock);
  }

  namespacedValueState<T>(desc: StateDescriptor): NamespacedValueState<T> {
    const table = this.register(desc, 'namespaced');
    return new CachedNamespacedValueState<T>(this, table, table.ttl, this.clock);
  }

  timerQueue(name: string): TimerQueue {
    return this.trackedTimerQueue(name);
  }

  lookup(state: CachedState): CacheEntry {
    const key = this.key;
    const hit = state.entries.get(key);
    if (hit !== undefined) {
      this.stats.hits++;
      this.lru.touch(hit);
      return hit;
    }
    this.stats.misses++;
    const group = keyGroupOf(key, this.maxParallelism);
    const raw = this.store.get(group, state.name, key);
    const value = raw === undefined ? undefined : decodeValue(JSON.parse(raw) as Encoded);
    return this.insert(state, key, group, value, raw !== undefined, true);
  }

  lookupForWrite(state: CachedState): CacheEntry {
    const key = this.key;
    const hit = state.entries.get(key);
    if (hit !== undefined) {
      this.lru.touch(hit);
      return hit;
    }
    // Unknown whether the store holds a row: treat it as stored so a later clear writes a delete.
    return this.insert(state, key, keyGroupOf(key, this.maxParallelism), undefined, true, false);
  }

  write(entry: CacheEntry, value: unknown): void {
    let target = entry;
    if (entry.state.entries.get(entry.key) !== entry) {
      // Evicted since it was looked up (a caller iterating a map touched other keys meanwhile).
      const resident = entry.state.entries.get(entry.key);
      target = resident ?? this.insert(entry.state, entry.key, entry.group, undefined, true, false);
    }
    target.value = value;
    if (!target.dirty) {
      target.dirty = true;
      this.dirty.add(target);
    }
    target.state.changed.keys?.add(target.key);
    this.lru.resize(target, entryBytes(target.key, value));
    if (this.lru.bytes > this.cacheBytes) this.evict();
  }

  /** Writes every dirty entry to the store in one transaction; entries stay cached, clean. */
  flush(): void {
    if (this.dirty.size === 0) return;
    const w = newWriteBack();
    for (const entry of this.dirty) this.collect(entry, w);
    this.writeBack(w);
    this.dirty.clear();
  }

  /**
   * Keys: the store's row count after a flush (kept exact incrementally, no scan); bytes: that count
   * times the average estimated size of the cached entries.
   */
  stateSize(): StateSize {
    this.flush();
    const keys = this.storedRows;
    const perEntry = this.lru.count === 0 ? 0 : this.lru.bytes / this.lru.count;
    return { keys, bytes: Math.round(keys * perEntry) };
  }

  snapshot(): KeyedStateSnapshot {
    this.flush();
    const states: Record<string, Record<string, unknown>> = {};
    for (const [name, table] of this.states) states[name] = { kind: table.kind };
    for (const [group, name, key, value] of this.store.scan(0, this.maxParallelism - 1)) {
      const byGroup = (states[name] ??= { kind: 'value' });
      ((byGroup[group] ??= []) as Encoded[]).push([key, JSON.parse(value) as Encoded]);
    }
    return {
      backend: this.backendName,
      maxParallelism: this.maxParallelism,
      states: states as unknown as Record<string, Record<number, Encoded>>,
      timers: this.encodeTimers(),
    };
  }

  /**
   * A per-key delta against `baseCheckpointId`: every key written since, with a copy of its current
   * value — taken from the cache when the entry is resident (no flush, no store read), from the store
   * when it was evicted since. Without a usable base: the whole state, from the cache for a backend
   * that has tracked every write since it was empty, else flushed and scanned from the store.
   */
  snapshotIncremental(checkpointId: number, baseCheckpointId: number | undefined): IncrementalKeyedSnapshot {
    const { delta, timersChanged } = this.changes.capture(checkpointId, baseCheckpointId);
    const kinds: Record<string, string> = {};
    for (const [name, table] of this.states) kinds[name] = table.kind;
    const snapshot = {
      backend: this.backendName,
      maxParallelism: this.maxParallelism,
      kinds,
      base: baseCheckpointId !== undefined && delta !== undefined ? baseCheckpointId : undefined,
      timers: timersChanged ? this.encodeTimers() : undefined,
    };
    if (delta === undefined) return { ...snapshot, groups: this.scanGroups() };
    const part = new StatePartWriter();
    for (const [name, keys] of delta) {
      const table = this.states.get(name);
      if (table === undefined) continue;
      part.beginState(name, table.kind);
      for (const key of keys) {
        const resident = table.entries.get(key);
        let value: unknown;
        if (resident !== undefined) value = resident.value;
        else {
          const raw = this.store.get(keyGroupOf(key, this.maxParallelism), name, key);
          value = raw === undefined ? undefined : decodeValue(JSON.parse(raw) as Encoded);
        }
        if (value === undefined) part.removed(key);
        else part.entryOrDefer(key, value);
      }
    }
    return { ...snapshot, groups: new Map(), ...partFields(part) };
  }

  /** Every non-empty key group's content, from the store (after a flush). */
  private scanGroups(): Map<number, KeyGroupEntries> {
    this.flush();
    const content = new Map<number, KeyGroupEntries>();
    let group = -1;
    let entries: KeyGroupEntries = {};
    for (const [g, name, key, value] of this.store.scan(0, this.maxParallelism - 1)) {
      if (g !== group) {
        group = g;
        entries = {};
        content.set(g, entries);
      }
      (entries[name] ??= []).push([key, JSON.parse(value) as Encoded]);
    }
    return content;
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
    // Restored rows go straight to the store; drop cached copies so reads see them.
    this.flush();
    this.dropCache();
    let rows: StoredRow[] = [];
    const binary = snapshot.binary;
    for (const [name, byGroup] of Object.entries(binary?.tagged ?? snapshot.states)) {
      const { kind, ...groups } = byGroup as unknown as { kind: StateKind } & Record<string, Encoded[][]>;
      this.restoredState(name, kind);
      for (const [groupText, entries] of Object.entries(groups)) {
        const group = Number(groupText);
        if (!inRange(group)) continue;
        for (const entry of entries) {
          rows.push([group, name, entry[0] as string, JSON.stringify(entry[1] ?? null)]);
          if (rows.length === RESTORE_CHUNK) {
            this.store.write(rows, []);
            rows = [];
          }
        }
      }
    }
    this.store.write(rows, []);
    // binary parts: merged first (a later entry of a key wins), then written after the tagged content
    for (const [name, { kind, entries }] of mergeParts(binary?.parts ?? [])) {
      this.restoredState(name, kind as StateKind);
      const puts: StoredRow[] = [];
      const deletes: StoredRow[] = [];
      for (const [key, value] of entries) {
        const group = keyGroupOf(key, this.maxParallelism);
        if (!inRange(group)) continue;
        if (value === ABSENT) deletes.push([group, name, key, '']);
        else puts.push([group, name, key, JSON.stringify(encodeValue(value))]);
        if (puts.length + deletes.length >= RESTORE_CHUNK) {
          this.store.write(puts.splice(0), deletes.splice(0));
        }
      }
      this.store.write(puts, deletes);
    }
    this.storedRows = this.store.count();
    for (const [name, encoded] of Object.entries(snapshot.timers)) {
      this.trackedTimerQueue(name).restoreFrom(encoded, (key) =>
        inRange(keyGroupOf(key, this.maxParallelism)),
      );
    }
    // Restored rows are no tracked changes: only a whole restore from a checkpoint (which then calls
    // setIncrementalBaseline) may be the base of a delta.
    this.changes.invalidate();
  }

  dispose(): void {
    this.dropCache();
    this.storedRows = 0;
    this.states.clear();
    this.timers.clear();
    this.store.release();
  }

  private restoredState(name: string, kind: StateKind): void {
    if (this.states.has(name)) return;
    const changed = this.changes.cell(name);
    this.states.set(name, { name, kind, ttl: undefined, entries: new Map(), changed });
  }

  private trackedTimerQueue(name: string): ChangeTrackingTimerQueue {
    let queue = this.timers.get(name);
    if (queue === undefined) {
      queue = new ChangeTrackingTimerQueue(() => {
        this.changes.timersChanged = true;
      });
      this.timers.set(name, queue);
    }
    return queue;
  }

  private encodeTimers(): Record<string, Encoded> {
    const timers: Record<string, Encoded> = {};
    for (const [name, queue] of this.timers) timers[name] = queue.encode();
    return timers;
  }

  private insert(
    state: CachedState,
    key: string,
    group: number,
    value: unknown,
    stored: boolean,
    storedKnown: boolean,
  ): CacheEntry {
    const entry: CacheEntry = {
      state,
      key,
      group,
      value,
      dirty: false,
      stored,
      storedKnown,
      bytes: entryBytes(key, value),
      prev: undefined,
      next: undefined,
    };
    state.entries.set(key, entry);
    this.lru.pushFront(entry);
    if (this.lru.bytes > this.cacheBytes) this.evict();
    return entry;
  }

  /** Drops least recently used entries (never the most recent one) down to EVICT_TO of the budget. */
  private evict(): void {
    this.changes.stopTrackingFromEmpty();
    const target = this.cacheBytes * EVICT_TO;
    const w = newWriteBack();
    while (this.lru.bytes > target) {
      const victim = this.lru.tail;
      if (victim === undefined || victim === this.lru.head) break;
      if (victim.dirty) {
        this.collect(victim, w);
        this.dirty.delete(victim);
      }
      this.lru.unlink(victim);
      victim.state.entries.delete(victim.key);
      this.stats.evictedEntries++;
    }
    this.writeBack(w);
  }

  private writeBack(w: WriteBack): void {
    this.storedRows += w.added + this.store.write(w.puts, w.deletes, w.probed);
    this.stats.writtenRows += w.puts.length + w.deletes.length + w.probed.length;
  }

  private collect(entry: CacheEntry, w: WriteBack): void {
    const row: StoredRow = [entry.group, entry.state.name, entry.key, ''];
    if (entry.value === undefined) {
      // the store counts deleted rows, so a delete of a row that may not exist is exact too
      if (entry.stored) w.deletes.push(row);
      entry.stored = false;
    } else {
      row[3] = JSON.stringify(encodeValue(entry.value));
      if (!entry.storedKnown) w.probed.push(row);
      else {
        w.puts.push(row);
        if (!entry.stored) w.added++;
      }
      entry.stored = true;
    }
    entry.storedKnown = true;
    entry.dirty = false;
  }

  private dropCache(): void {
    for (const table of this.states.values()) table.entries.clear();
    this.dirty.clear();
    this.lru.clear();
  }

  private register(desc: StateDescriptor, kind: StateKind): StateTable {
    const existing = this.states.get(desc.name);
    if (existing !== undefined) {
      if (existing.kind !== kind) {
        throw new Error(`State '${desc.name}' is a ${existing.kind} state and cannot be reopened as ${kind}`);
      }
      // A restore registers states before the operator opens them; adopt the TTL from the descriptor.
      if (existing.ttl === undefined && desc.ttl !== undefined) existing.ttl = desc.ttl;
      return existing;
    }
    const table: StateTable = {
      name: desc.name,
      kind,
      ttl: desc.ttl,
      entries: new Map(),
      changed: this.changes.cell(desc.name),
    };
    this.states.set(desc.name, table);
    return table;
  }
}
