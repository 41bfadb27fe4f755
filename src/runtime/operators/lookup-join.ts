/**
 * Lookup join (`JOIN dim FOR SYSTEM_TIME AS OF probe.proc_time`, Flink's LookupJoinRunner): each probe
 * row's key (`keyIndexes`, or a compiled `keyOf` for computed keys) is looked up in the dimension
 * table; the rows passing `condition` (the non-equi part and post-filters) are joined:
 * [...probe, ...dim] with the probe's kind. A LEFT join emits [probe + nulls] when nothing matches; a
 * key with a null looks nothing up.
 *
 * Lookups are batched and synchronous: the distinct keys of a probe batch that the cache cannot answer
 * go to the source in one `lookupBatch` call (a plain `lookup(key)` function is called per distinct
 * key), so nothing awaits per record. With a cache (the spec's, else the source's own
 * configuration) results are kept per key: see lookup-cache.ts. `lookupMetrics` counts hits, misses, loads,
 * evictions and the cache size for the runtime to report.
 *
 * With `materialize` (Flink's KeyedLookupJoinWrapper, planned for an updating probe under
 * 'table.optimizer.non-deterministic-update.strategy' = 'TRY_RESOLVE'), the dimension rows each probe
 * row joined are kept in keyed state under the probe's upsert key (or the whole row), so a later
 * -U/-D of that row retracts exactly what was emitted, even when the dimension table has changed
 * since; a fresh lookup could return other rows and leave the sink's earlier rows behind.
 */

import { serializeKey, serializeKeyRow } from '../../state/keys.ts';
import type { ValueState } from '../../state/state.ts';
import { type Batch, BatchBuilder, isAccumulate, type Row } from '../batch.ts';
import { AbstractOperator, type OperatorContext } from '../operator.ts';
import { joinRows, keyRowOf } from './join-state.ts';
import { LookupCache, type LookupCacheConfig, LookupJoinMetrics } from './lookup-cache.ts';

export type { LookupCacheConfig } from './lookup-cache.ts';
export { LookupJoinMetrics } from './lookup-cache.ts';

/** Synchronous lookup of the dimension rows whose key fields equal `key`. */
export type LookupFunction = (key: readonly unknown[]) => readonly Row[];

/** A lookup source answering many keys per call (e.g. one SQL query per probe batch). */
export interface BatchLookupSource {
  /** The dimension rows of each key, in the order of `keys` (distinct, without nulls). */
  lookupBatch(keys: readonly (readonly unknown[])[]): readonly (readonly Row[])[];
  /** The connector's cache options ('lookup.cache' = 'PARTIAL'); no cache when absent. */
  readonly cache?: LookupCacheConfig;
  /** Called when the operator opens (e.g. to open a database connection). */
  open?(): void;
  /** Called when the operator closes. */
  close?(): void;
}

export type LookupSource = LookupFunction | BatchLookupSource;

export interface LookupJoinSpec {
  readonly name?: string;
  readonly joinType: 'inner' | 'left';
  readonly keyIndexes?: readonly number[];
  readonly keyOf?: (probe: Row) => unknown[];
  readonly lookup: LookupSource;
  readonly condition?: (probe: Row, dim: Row) => boolean;
  readonly probeArity: number;
  readonly dimArity: number;
  /** Overrides the source's own cache configuration. */
  readonly cache?: LookupCacheConfig;
  /** Keep joined rows per probe key so retractions retract what was emitted (see above). */
  readonly materialize?: {
    /** The probe's upsert key; the whole probe row when absent. */
    readonly keyIndexes?: readonly number[];
    readonly stateTtlMs?: number;
  };
}

export class LookupJoinOperator extends AbstractOperator {
  /** Lookup and cache counters (not the task's OperatorMetrics), for the runtime to report. */
  readonly lookupMetrics = new LookupJoinMetrics();
  private readonly cache: LookupCache | undefined;
  private readonly source: BatchLookupSource;
  private joined: ValueState<Row[]> | undefined;

  constructor(private readonly spec: LookupJoinSpec) {
    super(spec.name ?? 'LookupJoin');
    if (spec.keyIndexes === undefined && spec.keyOf === undefined) {
      throw new Error('A lookup join needs keyIndexes or keyOf to build the lookup key from the probe row');
    }
    const lookup = spec.lookup;
    this.source =
      typeof lookup === 'function' ? { lookupBatch: (keys) => keys.map((k) => lookup(k)) } : lookup;
    const cacheConfig = spec.cache ?? this.source.cache;
    this.cache = cacheConfig === undefined ? undefined : new LookupCache(cacheConfig, this.lookupMetrics);
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    const m = this.spec.materialize;
    if (m !== undefined) {
      const ttl = (m.stateTtlMs ?? 0) > 0 ? { ttl: { ttlMs: m.stateTtlMs! } } : {};
      this.joined = ctx.backend.valueState<Row[]>({ name: 'lookup-joined-rows', ...ttl });
    }
    this.source.open?.();
  }

  private keyOf(row: Row): unknown[] {
    if (this.spec.keyOf !== undefined) return this.spec.keyOf(row);
    return this.spec.keyIndexes!.map((i) => row[i]);
  }

  /**
   * The dimension rows per distinct key id of the rows that need a lookup; `ids[i]` is row i's key
   * id, undefined when it looks nothing up (a null in the key, or a materialized retraction).
   */
  private resolve(batch: Batch): { ids: (string | undefined)[]; found: Map<string, readonly Row[]> } {
    const ids: (string | undefined)[] = new Array(batch.length);
    const found = new Map<string, readonly Row[]>();
    const missing = new Map<string, readonly unknown[]>();
    const now = this.ctx.processingTime();
    for (let i = 0; i < batch.length; i++) {
      if (this.joined !== undefined && !isAccumulate(batch.kinds[i]!)) continue;
      const key = this.keyOf(batch.rows[i]!);
      if (key.some((v) => v === null || v === undefined)) continue;
      const id = serializeKeyRow(key);
      ids[i] = id;
      if (found.has(id) || missing.has(id)) {
        if (this.cache !== undefined) this.lookupMetrics.hits++;
        continue;
      }
      const cached = this.cache?.get(id, now);
      if (cached !== undefined) {
        this.lookupMetrics.hits++;
        found.set(id, cached);
      } else missing.set(id, key);
    }
    if (missing.size > 0) this.load(missing, found, now);
    return { ids, found };
  }

  private load(
    missing: Map<string, readonly unknown[]>,
    found: Map<string, readonly Row[]>,
    now: number,
  ): void {
    const keys = [...missing.values()];
    this.lookupMetrics.loadBatches++;
    let results: readonly (readonly Row[])[];
    try {
      results = this.source.lookupBatch(keys);
    } catch (e) {
      this.lookupMetrics.loadFailures++;
      throw e;
    }
    if (results.length !== keys.length) {
      throw new Error(
        `Lookup source of '${this.name}' answered ${results.length} results for ${keys.length} keys; it must return one list of rows per key`,
      );
    }
    let i = 0;
    for (const id of missing.keys()) {
      const rows = results[i++]!;
      this.lookupMetrics.loads++;
      if (this.cache !== undefined) {
        this.lookupMetrics.misses++;
        this.cache.put(id, rows, now);
      }
      found.set(id, rows);
    }
  }

  processBatch(_input: number, batch: Batch): void {
    const { ids, found } = this.resolve(batch);
    const out = new BatchBuilder(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const row = batch.rows[i]!;
      const kind = batch.kinds[i]!;
      if (this.joined !== undefined) {
        this.processMaterialized(row, kind, ids[i], found, out);
        continue;
      }
      const id = ids[i];
      this.emitJoined(row, kind, id === undefined ? [] : found.get(id)!, out);
    }
    if (out.length > 0) this.output.emitBatch(out.build());
  }

  /** Emits the matches of `dims` (after the condition); returns them. */
  private emitJoined(row: Row, kind: number, dims: readonly Row[], out: BatchBuilder): Row[] {
    const { condition, probeArity, dimArity, joinType } = this.spec;
    const matched: Row[] = [];
    for (const dim of dims) {
      if (condition !== undefined && !condition(row, dim)) continue;
      matched.push(dim);
      out.add(joinRows(row, dim, probeArity, dimArity), kind);
    }
    if (matched.length === 0 && joinType === 'left') out.add(joinRows(row, null, probeArity, dimArity), kind);
    return matched;
  }

  private processMaterialized(
    row: Row,
    kind: number,
    id: string | undefined,
    found: ReadonlyMap<string, readonly Row[]>,
    out: BatchBuilder,
  ): void {
    const keyIndexes = this.spec.materialize!.keyIndexes;
    if (keyIndexes === undefined) this.ctx.backend.setCurrentKey(serializeKeyRow(row), row);
    else this.ctx.backend.setCurrentKey(serializeKey(row, keyIndexes), keyRowOf(row, keyIndexes));
    const state = this.joined!;
    if (isAccumulate(kind)) {
      const matched = this.emitJoined(row, kind, id === undefined ? [] : found.get(id)!, out);
      state.update(matched);
      return;
    }
    // a retraction: emit what this key joined (state lost, e.g. by TTL: only a LEFT join's null row)
    const stored = state.value();
    const { probeArity, dimArity, joinType } = this.spec;
    for (const dim of stored ?? []) out.add(joinRows(row, dim, probeArity, dimArity), kind);
    if ((stored === null || stored.length === 0) && joinType === 'left') {
      out.add(joinRows(row, null, probeArity, dimArity), kind);
    }
    state.clear();
  }

  /** The cache stays readable after close, so its final counters can still be reported. */
  override close(): void {
    try {
      this.source.close?.();
    } finally {
      super.close();
    }
  }
}
