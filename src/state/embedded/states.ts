/**
 * Value, list, map and namespaced state over the write-back cache. Semantics match the heap backend
 * exactly (the same conformance suite runs against both): a list or map is one cache entry per key,
 * TTL values are `{ v, t }` cells, expired values read as absent and are removed. Every mutation goes
 * through `write`, which marks the entry dirty; reads never write except to drop an expired value or
 * refresh a TTL timestamp (`updateOnRead`).
 */

import type { MapState, Namespace, NamespacedValueState, StateTtl, ValueState } from '../state.ts';
import type { CachedState, CacheEntry } from './cache.ts';

export interface CacheAccess {
  /** The current key's entry, loaded from the store on a miss (synchronously). */
  lookup(state: CachedState): CacheEntry;
  /** The current key's entry for a blind overwrite: a miss creates it without reading the store. */
  lookupForWrite(state: CachedState): CacheEntry;
  /** Sets the entry's value (undefined = delete) and marks it dirty. */
  write(entry: CacheEntry, value: unknown): void;
}

interface TtlCell {
  v: unknown;
  t: number;
}

function readCell(cell: TtlCell | undefined, ttl: StateTtl, now: number): 'absent' | 'expired' | 'live' {
  if (cell === undefined) return 'absent';
  if (now - cell.t >= ttl.ttlMs) return 'expired';
  return 'live';
}

export class CachedValueState<T> implements ValueState<T> {
  constructor(
    private readonly cache: CacheAccess,
    private readonly state: CachedState,
  ) {}
  value(): T | null {
    const v = this.cache.lookup(this.state).value;
    return v === undefined ? null : (v as T);
  }
  update(value: T): void {
    this.cache.write(this.cache.lookupForWrite(this.state), value);
  }
  clear(): void {
    const entry = this.cache.lookupForWrite(this.state);
    if (entry.value !== undefined || entry.stored) this.cache.write(entry, undefined);
  }
}

export class CachedTtlValueState<T> implements ValueState<T> {
  constructor(
    private readonly cache: CacheAccess,
    private readonly state: CachedState,
    private readonly ttl: StateTtl,
    private readonly clock: () => number,
  ) {}
  value(): T | null {
    const entry = this.cache.lookup(this.state);
    const cell = entry.value as TtlCell | undefined;
    const now = this.clock();
    const status = readCell(cell, this.ttl, now);
    if (status === 'expired') this.cache.write(entry, undefined);
    if (status !== 'live') return null;
    if (this.ttl.updateOnRead === true) this.cache.write(entry, { v: cell!.v, t: now });
    return cell!.v as T;
  }
  update(value: T): void {
    this.cache.write(this.cache.lookupForWrite(this.state), { v: value, t: this.clock() });
  }
  clear(): void {
    const entry = this.cache.lookupForWrite(this.state);
    if (entry.value !== undefined || entry.stored) this.cache.write(entry, undefined);
  }
}

/**
 * A per-key Map of sub-keys (map keys or namespaces) with optional TTL per sub-key: the shared
 * machinery of map state and namespaced value state.
 */
class CachedSubMap<S> {
  constructor(
    private readonly cache: CacheAccess,
    private readonly state: CachedState,
    private readonly ttl: StateTtl | undefined,
    private readonly clock: () => number,
  ) {}

  get(sub: S): unknown {
    const entry = this.cache.lookup(this.state);
    const m = entry.value as Map<S, unknown> | undefined;
    if (m === undefined) return undefined;
    const raw = m.get(sub);
    if (this.ttl === undefined || raw === undefined) return raw;
    const now = this.clock();
    const cell = raw as TtlCell;
    if (readCell(cell, this.ttl, now) === 'expired') {
      this.remove(sub);
      return undefined;
    }
    if (this.ttl.updateOnRead === true) {
      m.set(sub, { v: cell.v, t: now });
      this.cache.write(entry, m);
    }
    return cell.v;
  }

  set(sub: S, value: unknown): void {
    const entry = this.cache.lookup(this.state);
    const m = (entry.value as Map<S, unknown> | undefined) ?? new Map<S, unknown>();
    m.set(sub, this.ttl === undefined ? value : { v: value, t: this.clock() });
    this.cache.write(entry, m);
  }

  remove(sub: S): void {
    const entry = this.cache.lookup(this.state);
    const m = entry.value as Map<S, unknown> | undefined;
    if (m === undefined || !m.has(sub)) return;
    m.delete(sub);
    this.cache.write(entry, m.size === 0 ? undefined : m);
  }

  *live(): IterableIterator<[S, unknown]> {
    const entry = this.cache.lookup(this.state);
    const m = entry.value as Map<S, unknown> | undefined;
    if (m === undefined) return;
    const now = this.clock();
    // Changes are written as they happen: a consumer may stop iterating early (isEmpty).
    for (const [sub, raw] of [...m]) {
      if (this.ttl === undefined) yield [sub, raw];
      else if (readCell(raw as TtlCell, this.ttl, now) === 'live') {
        if (this.ttl.updateOnRead === true) {
          m.set(sub, { v: (raw as TtlCell).v, t: now });
          this.cache.write(entry, m);
        }
        yield [sub, (raw as TtlCell).v];
      } else {
        m.delete(sub);
        this.cache.write(entry, m.size === 0 ? undefined : m);
      }
    }
  }

  /** Sub-keys present under the current key, expired or not (as the heap backend reports them). */
  *keys(): IterableIterator<S> {
    const m = this.cache.lookup(this.state).value as Map<S, unknown> | undefined;
    if (m !== undefined) yield* [...m.keys()];
  }

  clear(): void {
    const entry = this.cache.lookupForWrite(this.state);
    if (entry.value !== undefined || entry.stored) this.cache.write(entry, undefined);
  }
}

export class CachedMapState<K, V> implements MapState<K, V> {
  private readonly sub: CachedSubMap<K>;
  constructor(cache: CacheAccess, state: CachedState, ttl: StateTtl | undefined, clock: () => number) {
    this.sub = new CachedSubMap<K>(cache, state, ttl, clock);
  }
  get(key: K): V | undefined {
    return this.sub.get(key) as V | undefined;
  }
  put(key: K, value: V): void {
    this.sub.set(key, value);
  }
  remove(key: K): void {
    this.sub.remove(key);
  }
  contains(key: K): boolean {
    return this.sub.get(key) !== undefined;
  }
  entries(): IterableIterator<[K, V]> {
    return this.sub.live() as IterableIterator<[K, V]>;
  }
  isEmpty(): boolean {
    for (const _ of this.sub.live()) return false;
    return true;
  }
  clear(): void {
    this.sub.clear();
  }
}

export class CachedNamespacedValueState<T> implements NamespacedValueState<T> {
  private readonly sub: CachedSubMap<Namespace>;
  constructor(cache: CacheAccess, state: CachedState, ttl: StateTtl | undefined, clock: () => number) {
    this.sub = new CachedSubMap<Namespace>(cache, state, ttl, clock);
  }
  value(namespace: Namespace): T | null {
    const v = this.sub.get(namespace);
    return v === undefined ? null : (v as T);
  }
  update(namespace: Namespace, value: T): void {
    this.sub.set(namespace, value);
  }
  clear(namespace: Namespace): void {
    this.sub.remove(namespace);
  }
  *namespaces(): IterableIterator<Namespace> {
    yield* this.sub.keys();
  }
}
