/**
 * The lookup join's partial cache (Flink's DefaultLookupCache, `'lookup.cache' = 'PARTIAL'`): the
 * dimension rows found per lookup key, at most `maxRows` keys (the least recently used key is evicted
 * first), each valid until `ttlMs` after it was loaded (expire-after-write) and `expireAfterAccessMs`
 * after it was last read (expire-after-access). Time is the job's processing time, handed in by the
 * operator, so tests drive expiry with a controllable clock. An empty result (a missing key) is kept
 * only with `cacheMissingKey` (Flink's default: true).
 *
 * Expired entries are found when their key is read again (as Guava's cache does), so `size` may
 * count entries that have expired but were not read since.
 */
import type { Row } from '../batch.ts';

export interface LookupCacheConfig {
  /** Most keys kept (Flink's max-rows counts cached keys, each with all its rows); unbounded when absent. */
  readonly maxRows?: number;
  /** Expire-after-write in milliseconds ('lookup.partial-cache.expire-after-write', legacy 'lookup.cache.ttl'). */
  readonly ttlMs?: number;
  /** Expire-after-access in milliseconds ('lookup.partial-cache.expire-after-access'). */
  readonly expireAfterAccessMs?: number;
  /** Cache empty results too (default true). */
  readonly cacheMissingKey?: boolean;
}

/**
 * Counters of a lookup join, readable by the runtime while the job runs (Flink's cache metrics
 * hitCount, missCount, loadCount, numLoadFailures, numCachedRecords).
 */
export class LookupJoinMetrics {
  /** Probe rows whose key was answered from the cache or by a load earlier in the same batch. */
  hits = 0;
  /** Keys that had to be loaded from the lookup source (one per distinct key and batch). */
  misses = 0;
  /** Keys loaded from the lookup source (equals `misses`; also counted without a cache). */
  loads = 0;
  /** Calls to the lookup source: one per probe batch that needed any load. */
  loadBatches = 0;
  /** Loads that failed (after the source's own retries). */
  loadFailures = 0;
  /** Keys dropped from the cache because it was full. */
  evictions = 0;
  /** Keys dropped from the cache because they expired (after write or after access). */
  expirations = 0;
  /** Keys in the cache now. */
  size = 0;
  /** Dimension rows in the cache now. */
  cachedRows = 0;
}

interface CacheEntry {
  readonly rows: readonly Row[];
  readonly loadedAt: number;
  accessedAt: number;
}

export class LookupCache {
  private readonly entries = new Map<string, CacheEntry>();

  constructor(
    readonly config: LookupCacheConfig,
    private readonly metrics: LookupJoinMetrics,
  ) {
    for (const [name, value] of Object.entries(config)) {
      if (typeof value === 'number' && !(value > 0)) {
        throw new RangeError(`Lookup cache option ${name} must be positive, got ${value}`);
      }
    }
  }

  private expired(entry: CacheEntry, now: number): boolean {
    const { ttlMs, expireAfterAccessMs } = this.config;
    if (ttlMs !== undefined && now - entry.loadedAt >= ttlMs) return true;
    return expireAfterAccessMs !== undefined && now - entry.accessedAt >= expireAfterAccessMs;
  }

  /** The cached rows of key `id`, or undefined when absent or expired (then it is dropped). */
  get(id: string, now: number): readonly Row[] | undefined {
    const entry = this.entries.get(id);
    if (entry === undefined) return undefined;
    if (this.expired(entry, now)) {
      this.remove(id, entry);
      this.metrics.expirations++;
      return undefined;
    }
    entry.accessedAt = now;
    // re-insert: Map iteration order is the recency order the eviction walks
    this.entries.delete(id);
    this.entries.set(id, entry);
    return entry.rows;
  }

  put(id: string, rows: readonly Row[], now: number): void {
    if (rows.length === 0 && this.config.cacheMissingKey === false) return;
    const previous = this.entries.get(id);
    if (previous !== undefined) this.remove(id, previous);
    this.entries.set(id, { rows, loadedAt: now, accessedAt: now });
    this.metrics.cachedRows += rows.length;
    const max = this.config.maxRows;
    if (max !== undefined) {
      while (this.entries.size > max) {
        const [oldest, entry] = this.entries.entries().next().value!;
        this.remove(oldest, entry);
        this.metrics.evictions++;
      }
    }
    this.metrics.size = this.entries.size;
  }

  private remove(id: string, entry: CacheEntry): void {
    this.entries.delete(id);
    this.metrics.cachedRows -= entry.rows.length;
    this.metrics.size = this.entries.size;
  }
}
