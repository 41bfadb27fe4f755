/**
 * The `hashmap` state backend: one JavaScript Map per state, keyed by the serialised key. With a TTL,
 * values are stored as `{ v, t }` cells (t = last write or read time from the backend's clock) and an
 * expired cell reads as absent and is removed on access (Flink's NeverReturnExpired). Keys that are
 * never accessed again are removed by incremental cleanup, as Flink's heap backend does by default:
 * every access to a TTL state also checks the next few entries of a cursor cycling over the state.
 */

import { entryBytes } from './embedded/cache.ts';
import { DEFAULT_MAX_PARALLELISM, keyGroupOf } from './keys.ts';
import type {
  KeyedStateBackend,
  KeyedStateSnapshot,
  ListState,
  MapState,
  Namespace,
  NamespacedValueState,
  StateDescriptor,
  StateSize,
  StateTtl,
  TimerQueue,
  ValueState,
} from './state.ts';
import { decodeValue, type Encoded, encodeValue } from './tagged-value.ts';
import { HeapTimerQueue } from './timer-queue.ts';

interface TtlCell {
  v: unknown;
  t: number;
}

type StateKind = 'value' | 'list' | 'map' | 'namespaced';

interface Registered {
  readonly kind: StateKind;
  readonly ttl: StateTtl | undefined;
  readonly data: Map<string, unknown>;
  readonly cleanup: TtlCleanup | undefined;
}

/** Entries checked per access to a TTL state (Flink's `cleanupIncrementally(5, false)` default). */
const CLEANUP_ENTRIES_PER_ACCESS = 5;
/** Entries per state whose size is measured to estimate a state's bytes. */
const SIZE_SAMPLE = 16;

const isExpired = (cell: TtlCell, ttl: StateTtl, now: number): boolean => now - cell.t >= ttl.ttlMs;

/**
 * Incremental TTL cleanup of one state: a cursor over its keys (a Map iterator stays valid across
 * deletes and sees later inserts); each step checks a few entries and drops the expired ones. For map
 * and namespaced state an entry is the key's sub-map: expired sub-entries go, an emptied key goes.
 * Call `step` before a state method looks the current key up, never while holding its sub-map.
 */
class TtlCleanup {
  private cursor: Iterator<[string, unknown]> | undefined;
  constructor(
    private readonly data: Map<string, unknown>,
    private readonly ttl: StateTtl,
    private readonly nested: boolean,
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
        if (isExpired(value as TtlCell, this.ttl, now)) this.data.delete(key);
        continue;
      }
      const sub = value as Map<unknown, TtlCell>;
      for (const [k, cell] of sub) if (isExpired(cell, this.ttl, now)) sub.delete(k);
      if (sub.size === 0) this.data.delete(key);
    }
  }
}

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
      ? new HeapValueState<T>(this, reg.data as Map<string, T>)
      : new TtlValueState<T>(this, reg.data as Map<string, TtlCell>, reg.ttl, this.clock, reg.cleanup!);
  }

  listState<T>(desc: StateDescriptor): ListState<T> {
    const reg = this.register(desc, 'list');
    const inner = new HeapValueState<T[]>(this, reg.data as Map<string, T[]>);
    const cells =
      reg.ttl === undefined
        ? inner
        : new TtlValueState<T[]>(this, reg.data as Map<string, TtlCell>, reg.ttl, this.clock, reg.cleanup!);
    return new HeapListState<T>(cells);
  }

  mapState<K, V>(desc: StateDescriptor): MapState<K, V> {
    const reg = this.register(desc, 'map');
    return new HeapMapState<K, V>(
      this,
      reg.data as Map<string, Map<K, unknown>>,
      reg.ttl,
      this.clock,
      reg.cleanup,
    );
  }

  namespacedValueState<T>(desc: StateDescriptor): NamespacedValueState<T> {
    const reg = this.register(desc, 'namespaced');
    return new HeapNamespacedValueState<T>(
      this,
      reg.data as Map<string, Map<Namespace, unknown>>,
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
        reg = { kind, ttl: undefined, data: new Map(), cleanup: undefined };
        this.states.set(name, reg);
      }
      for (const [group, entries] of Object.entries(groups)) {
        if (!inRange(Number(group))) continue;
        for (const entry of entries) reg.data.set(entry[0] as string, decodeValue(entry[1] ?? null));
      }
    }
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
          cleanup: newCleanup(existing.data, kind, desc.ttl),
        };
        this.states.set(desc.name, reg);
        return reg;
      }
      return existing;
    }
    const data = new Map<string, unknown>();
    const reg: Registered = { kind, ttl: desc.ttl, data, cleanup: newCleanup(data, kind, desc.ttl) };
    this.states.set(desc.name, reg);
    return reg;
  }
}

function newCleanup(
  data: Map<string, unknown>,
  kind: StateKind,
  ttl: StateTtl | undefined,
): TtlCleanup | undefined {
  return ttl === undefined ? undefined : new TtlCleanup(data, ttl, kind === 'map' || kind === 'namespaced');
}

class HeapValueState<T> implements ValueState<T> {
  constructor(
    private readonly backend: HeapKeyedStateBackend,
    private readonly data: Map<string, T>,
  ) {}
  value(): T | null {
    const v = this.data.get(this.backend.key);
    return v === undefined ? null : v;
  }
  update(value: T): void {
    this.data.set(this.backend.key, value);
  }
  clear(): void {
    this.data.delete(this.backend.key);
  }
}

function readCell(cell: TtlCell | undefined, ttl: StateTtl, now: number): 'absent' | 'expired' | 'live' {
  if (cell === undefined) return 'absent';
  if (now - cell.t >= ttl.ttlMs) return 'expired';
  if (ttl.updateOnRead === true) cell.t = now;
  return 'live';
}

class TtlValueState<T> implements ValueState<T> {
  constructor(
    private readonly backend: HeapKeyedStateBackend,
    private readonly data: Map<string, TtlCell>,
    private readonly ttl: StateTtl,
    private readonly clock: () => number,
    private readonly cleanup: TtlCleanup,
  ) {}
  value(): T | null {
    const now = this.clock();
    this.cleanup.step(now);
    const cell = this.data.get(this.backend.key);
    const status = readCell(cell, this.ttl, now);
    if (status === 'expired') this.data.delete(this.backend.key);
    return status === 'live' ? (cell!.v as T) : null;
  }
  update(value: T): void {
    const now = this.clock();
    this.cleanup.step(now);
    this.data.set(this.backend.key, { v: value, t: now });
  }
  clear(): void {
    this.data.delete(this.backend.key);
  }
}

class HeapListState<T> implements ListState<T> {
  constructor(private readonly cells: ValueState<T[]>) {}
  get(): readonly T[] {
    return this.cells.value() ?? [];
  }
  add(value: T): void {
    const list = this.cells.value();
    if (list === null) this.cells.update([value]);
    else {
      list.push(value);
      this.cells.update(list);
    }
  }
  update(values: readonly T[]): void {
    if (values.length === 0) this.cells.clear();
    else this.cells.update([...values]);
  }
  clear(): void {
    this.cells.clear();
  }
}

class HeapMapState<K, V> implements MapState<K, V> {
  constructor(
    private readonly backend: HeapKeyedStateBackend,
    private readonly data: Map<string, Map<K, unknown>>,
    private readonly ttl: StateTtl | undefined,
    private readonly clock: () => number,
    private readonly cleanup: TtlCleanup | undefined,
  ) {}
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
    return status === 'live' ? ((raw as TtlCell).v as V) : undefined;
  }
  put(key: K, value: V): void {
    this.map(true)!.set(key, this.ttl === undefined ? value : { v: value, t: this.clock() });
  }
  remove(key: K): void {
    const m = this.map(false);
    if (m === undefined) return;
    m.delete(key);
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
      else if (readCell(raw as TtlCell, this.ttl, now) === 'live') yield [k, (raw as TtlCell).v as V];
      else m.delete(k);
    }
  }
  isEmpty(): boolean {
    for (const _ of this.entries()) return false;
    return true;
  }
  clear(): void {
    this.data.delete(this.backend.key);
  }
}

class HeapNamespacedValueState<T> implements NamespacedValueState<T> {
  constructor(
    private readonly backend: HeapKeyedStateBackend,
    private readonly data: Map<string, Map<Namespace, unknown>>,
    private readonly ttl: StateTtl | undefined,
    private readonly clock: () => number,
    private readonly cleanup: TtlCleanup | undefined,
  ) {}
  value(namespace: Namespace): T | null {
    this.cleanup?.step(this.clock());
    const m = this.data.get(this.backend.key);
    if (m === undefined) return null;
    const raw = m.get(namespace);
    if (raw === undefined) return null;
    if (this.ttl === undefined) return raw as T;
    const status = readCell(raw as TtlCell, this.ttl, this.clock());
    if (status === 'expired') this.clear(namespace);
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
  }
  clear(namespace: Namespace): void {
    const m = this.data.get(this.backend.key);
    if (m === undefined) return;
    m.delete(namespace);
    if (m.size === 0) this.data.delete(this.backend.key);
  }
  *namespaces(): IterableIterator<Namespace> {
    const m = this.data.get(this.backend.key);
    if (m !== undefined) yield* [...m.keys()];
  }
}
