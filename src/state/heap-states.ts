/**
 * The state classes of the `hashmap` backend (heap-backend.ts): one JavaScript Map per state, keyed by
 * the serialised key; TTL values as `{ v, t }` cells; incremental TTL cleanup. For per-key delta
 * checkpoints, value and list states without TTL stamp each entry with the change epoch of its write
 * (EpochCell); the others add the key to the state's `changed` Set on every write path.
 */

import type { ChangedKeys, EpochChanges } from './checkpoint/key-changes.ts';
import type { MapState, Namespace, NamespacedValueState, StateTtl, ValueState } from './state.ts';

/** The backend as its states see it: the current key. */
export interface CurrentKey {
  readonly key: string;
  /** Changes whenever the backend replaces entries wholesale (a restore): cells read before are stale. */
  readonly generation: number;
}

export interface TtlCell {
  v: unknown;
  t: number;
}

/**
 * How a value or list state without TTL stores a key's value: with the change epoch of its last write
 * (key-changes.ts, EpochChanges), so tracking changes for incremental checkpoints costs a write one
 * integer store instead of a Set insertion.
 */
export interface EpochCell {
  v: unknown;
  e: number;
}

/** Whether a state stores EpochCells (value and list states without TTL). */
export const storesEpochCells = (kind: StateKind, ttl: StateTtl | undefined): boolean =>
  ttl === undefined && (kind === 'value' || kind === 'list');

export type StateKind = 'value' | 'list' | 'map' | 'namespaced';

export interface Registered {
  readonly kind: StateKind;
  readonly ttl: StateTtl | undefined;
  readonly data: Map<string, unknown>;
  readonly cleanup: TtlCleanup | undefined;
  /** Keys written or removed since the last incremental capture (for per-key delta checkpoints). */
  readonly changed: ChangedKeys;
  /** The epoch and removed keys, for a state that stores EpochCells (`storesEpochCells`). */
  readonly epochs: EpochChanges;
}

/** Entries checked per access to a TTL state (Flink's `cleanupIncrementally(5, false)` default). */
const CLEANUP_ENTRIES_PER_ACCESS = 5;

const isExpired = (cell: TtlCell, ttl: StateTtl, now: number): boolean => now - cell.t >= ttl.ttlMs;

/**
 * Incremental TTL cleanup of one state: a cursor over its keys (a Map iterator stays valid across
 * deletes and sees later inserts); each step checks a few entries and drops the expired ones. For map
 * and namespaced state an entry is the key's sub-map: expired sub-entries go, an emptied key goes.
 * Call `step` before a state method looks the current key up, never while holding its sub-map.
 */
export class TtlCleanup {
  private cursor: Iterator<[string, unknown]> | undefined;
  constructor(
    private readonly data: Map<string, unknown>,
    private readonly ttl: StateTtl,
    private readonly nested: boolean,
    private readonly changed: ChangedKeys,
  ) {}

  step(now: number): void {
    const n = Math.min(CLEANUP_ENTRIES_PER_ACCESS, this.data.size);
    for (let i = 0; i < n; i++) {
      let next = this.cursor?.next();
      if (next === undefined || next.done === true) {
        this.cursor = this.data.entries();
        next = this.cursor.next();
        if (next.done === true) return;
      }
      const [key, value] = next.value;
      if (!this.nested) {
        if (isExpired(value as TtlCell, this.ttl, now)) {
          this.data.delete(key);
          this.changed.keys?.add(key);
        }
        continue;
      }
      const sub = value as Map<unknown, TtlCell>;
      for (const [k, cell] of sub) {
        if (!isExpired(cell, this.ttl, now)) continue;
        sub.delete(k);
        this.changed.keys?.add(key);
      }
      if (sub.size === 0) this.data.delete(key);
    }
  }
}

export function newCleanup(
  data: Map<string, unknown>,
  kind: StateKind,
  ttl: StateTtl | undefined,
  changed: ChangedKeys,
): TtlCleanup | undefined {
  return ttl === undefined
    ? undefined
    : new TtlCleanup(data, ttl, kind === 'map' || kind === 'namespaced', changed);
}

/**
 * A value state without TTL: EpochCells, rewritten in place (a write allocates nothing for a known key).
 * The read-modify-write of one key (`value()` then `update()`, what every aggregate and join does per
 * row) looks the key up once: `value()` leaves what it found for the next `update()` of the same key,
 * which uses it once, unless a clear or a restore (a new backend generation) came between.
 */
export class HeapValueState<T> implements ValueState<T> {
  private readKey: string | undefined;
  private readCell: EpochCell | undefined;
  private readGeneration = 0;
  constructor(
    private readonly backend: CurrentKey,
    private readonly data: Map<string, EpochCell>,
    private readonly epochs: EpochChanges,
  ) {}
  value(): T | null {
    const key = this.backend.key;
    const cell = this.data.get(key);
    this.readKey = key;
    this.readCell = cell;
    this.readGeneration = this.backend.generation;
    return cell === undefined ? null : (cell.v as T);
  }
  update(value: T): void {
    const key = this.backend.key;
    const cell =
      key === this.readKey && this.readGeneration === this.backend.generation
        ? this.readCell
        : this.data.get(key);
    this.readKey = undefined;
    this.readCell = undefined;
    if (cell === undefined) this.data.set(key, { v: value, e: this.epochs.clock.epoch });
    else {
      cell.v = value;
      cell.e = this.epochs.clock.epoch;
    }
  }
  clear(): void {
    const key = this.backend.key;
    this.readKey = undefined;
    this.readCell = undefined;
    if (this.data.delete(key)) this.epochs.removed?.set(key, this.epochs.clock.epoch);
  }
}

function readCell(cell: TtlCell | undefined, ttl: StateTtl, now: number): 'absent' | 'expired' | 'live' {
  if (cell === undefined) return 'absent';
  if (now - cell.t >= ttl.ttlMs) return 'expired';
  if (ttl.updateOnRead === true) cell.t = now;
  return 'live';
}

export class TtlValueState<T> implements ValueState<T> {
  private readonly data: Map<string, TtlCell>;
  private readonly changed: ChangedKeys;
  constructor(
    private readonly backend: CurrentKey,
    reg: Registered,
    private readonly ttl: StateTtl,
    private readonly clock: () => number,
    private readonly cleanup: TtlCleanup,
  ) {
    this.data = reg.data as Map<string, TtlCell>;
    this.changed = reg.changed;
  }
  value(): T | null {
    const now = this.clock();
    this.cleanup.step(now);
    const cell = this.data.get(this.backend.key);
    const status = readCell(cell, this.ttl, now);
    if (status === 'expired') this.data.delete(this.backend.key);
    // an expired value goes, a read with updateOnRead refreshes the cell's time: both are changes
    if (status === 'expired' || (status === 'live' && this.ttl.updateOnRead === true))
      this.changed.keys?.add(this.backend.key);
    return status === 'live' ? (cell!.v as T) : null;
  }
  update(value: T): void {
    const now = this.clock();
    this.cleanup.step(now);
    this.data.set(this.backend.key, { v: value, t: now });
    this.changed.keys?.add(this.backend.key);
  }
  clear(): void {
    if (this.data.delete(this.backend.key)) this.changed.keys?.add(this.backend.key);
  }
}

export class HeapMapState<K, V> implements MapState<K, V> {
  private readonly data: Map<string, Map<K, unknown>>;
  private readonly changed: ChangedKeys;
  constructor(
    private readonly backend: CurrentKey,
    reg: Registered & { readonly data: Map<string, Map<K, unknown>> },
    private readonly ttl: StateTtl | undefined,
    private readonly clock: () => number,
    private readonly cleanup: TtlCleanup | undefined,
  ) {
    this.data = reg.data;
    this.changed = reg.changed;
  }
  private map(create: boolean): Map<K, unknown> | undefined {
    this.cleanup?.step(this.clock());
    let m = this.data.get(this.backend.key);
    if (m === undefined && create) {
      m = new Map();
      this.data.set(this.backend.key, m);
    }
    return m;
  }
  get(key: K): V | undefined {
    const m = this.map(false);
    if (m === undefined) return undefined;
    const raw = m.get(key);
    if (this.ttl === undefined) return raw as V | undefined;
    const status = readCell(raw as TtlCell | undefined, this.ttl, this.clock());
    if (status === 'expired') this.remove(key);
    else if (status === 'live' && this.ttl.updateOnRead === true) this.changed.keys?.add(this.backend.key);
    return status === 'live' ? ((raw as TtlCell).v as V) : undefined;
  }
  put(key: K, value: V): void {
    this.map(true)!.set(key, this.ttl === undefined ? value : { v: value, t: this.clock() });
    this.changed.keys?.add(this.backend.key);
  }
  remove(key: K): void {
    const m = this.map(false);
    if (m === undefined) return;
    if (m.delete(key)) this.changed.keys?.add(this.backend.key);
    if (m.size === 0) this.data.delete(this.backend.key);
  }
  contains(key: K): boolean {
    return this.get(key) !== undefined;
  }
  *entries(): IterableIterator<[K, V]> {
    const m = this.map(false);
    if (m === undefined) return;
    const now = this.clock();
    for (const [k, raw] of [...m]) {
      if (this.ttl === undefined) yield [k, raw as V];
      else if (readCell(raw as TtlCell, this.ttl, now) === 'live') {
        if (this.ttl.updateOnRead === true) this.changed.keys?.add(this.backend.key);
        yield [k, (raw as TtlCell).v as V];
      } else {
        m.delete(k);
        this.changed.keys?.add(this.backend.key);
      }
    }
  }
  isEmpty(): boolean {
    for (const _ of this.entries()) return false;
    return true;
  }
  clear(): void {
    if (this.data.delete(this.backend.key)) this.changed.keys?.add(this.backend.key);
  }
}

export class HeapNamespacedValueState<T> implements NamespacedValueState<T> {
  private readonly data: Map<string, Map<Namespace, unknown>>;
  private readonly changed: ChangedKeys;
  constructor(
    private readonly backend: CurrentKey,
    reg: Registered & { readonly data: Map<string, Map<Namespace, unknown>> },
    private readonly ttl: StateTtl | undefined,
    private readonly clock: () => number,
    private readonly cleanup: TtlCleanup | undefined,
  ) {
    this.data = reg.data;
    this.changed = reg.changed;
  }
  value(namespace: Namespace): T | null {
    this.cleanup?.step(this.clock());
    const m = this.data.get(this.backend.key);
    if (m === undefined) return null;
    const raw = m.get(namespace);
    if (raw === undefined) return null;
    if (this.ttl === undefined) return raw as T;
    const status = readCell(raw as TtlCell, this.ttl, this.clock());
    if (status === 'expired') this.clear(namespace);
    else if (this.ttl.updateOnRead === true) this.changed.keys?.add(this.backend.key);
    return status === 'live' ? ((raw as TtlCell).v as T) : null;
  }
  update(namespace: Namespace, value: T): void {
    this.cleanup?.step(this.clock());
    let m = this.data.get(this.backend.key);
    if (m === undefined) {
      m = new Map();
      this.data.set(this.backend.key, m);
    }
    m.set(namespace, this.ttl === undefined ? value : { v: value, t: this.clock() });
    this.changed.keys?.add(this.backend.key);
  }
  clear(namespace: Namespace): void {
    const m = this.data.get(this.backend.key);
    if (m === undefined) return;
    if (m.delete(namespace)) this.changed.keys?.add(this.backend.key);
    if (m.size === 0) this.data.delete(this.backend.key);
  }
  *namespaces(): IterableIterator<Namespace> {
    const m = this.data.get(this.backend.key);
    if (m !== undefined) yield* [...m.keys()];
  }
}
