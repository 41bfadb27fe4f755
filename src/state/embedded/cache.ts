/**
 * The write-back cache of the `embedded` backend: decoded values per (state, key), an intrusive
 * doubly linked LRU list (a hit costs a few pointer moves, no Map churn) and a running estimate of the
 * bytes held. Entries are created on a miss (loaded from the store, or absent) or by a blind write.
 */

import type { ChangedKeys } from '../checkpoint/key-changes.ts';

export interface CachedState {
  readonly name: string;
  readonly entries: Map<string, CacheEntry>;
  /** Keys written since the last incremental capture (see checkpoint/key-changes.ts). */
  readonly changed: ChangedKeys;
}

export interface CacheEntry {
  readonly state: CachedState;
  readonly key: string;
  readonly group: number;
  /** The decoded value (a TTL cell when the state has a TTL); undefined = absent. */
  value: unknown;
  /** Differs from the stored row and must be written back before eviction or a snapshot. */
  dirty: boolean;
  /** The store may hold a row for this key (so clearing it must write a delete). */
  stored: boolean;
  /** `stored` is known, not assumed (a blind write does not read the store); for the key count. */
  storedKnown: boolean;
  bytes: number;
  prev: CacheEntry | undefined;
  next: CacheEntry | undefined;
}

/** Fixed per-entry overhead: the entry object, its Map slot and the key's string header. */
const ENTRY_OVERHEAD = 120;
/** Containers larger than this are estimated from a sample of their first elements. */
const SAMPLE = 8;

/**
 * A cheap estimate of a value's heap footprint, O(1) in the size of large lists and maps (it samples
 * their first elements) so that appending to a long list does not cost a full walk on every update.
 */
export function estimateBytes(value: unknown, depth = 0): number {
  if (value === null || value === undefined) return 8;
  switch (typeof value) {
    case 'boolean':
    case 'number':
      return 8;
    case 'bigint':
      return 24;
    case 'string':
      return 16 + 2 * value.length;
    default:
      break;
  }
  if (depth > 4) return 64;
  if (value instanceof Uint8Array) return 48 + value.byteLength;
  if (Array.isArray(value)) return 32 + sampled(value, value.length, depth);
  if (value instanceof Map) return 64 + sampled(value.entries(), value.size, depth, 16);
  if (value instanceof Set) return 64 + sampled(value.values(), value.size, depth, 8);
  let total = 32;
  for (const field of Object.values(value as Record<string, unknown>))
    total += 16 + estimateBytes(field, depth + 1);
  return total;
}

function sampled(items: Iterable<unknown>, size: number, depth: number, perItem = 0): number {
  let total = 0;
  let seen = 0;
  for (const item of items) {
    if (seen === SAMPLE) break;
    total += perItem + estimateBytes(item, depth + 1);
    seen++;
  }
  return seen === 0 ? 0 : Math.round((total / seen) * size);
}

export function entryBytes(key: string, value: unknown): number {
  return ENTRY_OVERHEAD + 2 * key.length + (value === undefined ? 0 : estimateBytes(value));
}

/** LRU order over all entries of one backend: `head` is the most recently used. */
export class LruList {
  head: CacheEntry | undefined;
  tail: CacheEntry | undefined;
  bytes = 0;
  count = 0;

  pushFront(entry: CacheEntry): void {
    entry.prev = undefined;
    entry.next = this.head;
    if (this.head !== undefined) this.head.prev = entry;
    this.head = entry;
    if (this.tail === undefined) this.tail = entry;
    this.bytes += entry.bytes;
    this.count++;
  }

  touch(entry: CacheEntry): void {
    if (this.head === entry) return;
    this.unlink(entry);
    this.pushFront(entry);
  }

  unlink(entry: CacheEntry): void {
    if (entry.prev !== undefined) entry.prev.next = entry.next;
    else this.head = entry.next;
    if (entry.next !== undefined) entry.next.prev = entry.prev;
    else this.tail = entry.prev;
    entry.prev = undefined;
    entry.next = undefined;
    this.bytes -= entry.bytes;
    this.count--;
  }

  resize(entry: CacheEntry, bytes: number): void {
    this.bytes += bytes - entry.bytes;
    entry.bytes = bytes;
  }

  clear(): void {
    this.head = undefined;
    this.tail = undefined;
    this.bytes = 0;
    this.count = 0;
  }
}
