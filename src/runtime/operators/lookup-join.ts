/**
 * Lookup join (`JOIN dim FOR SYSTEM_TIME AS OF probe.proc_time`, Flink's LookupJoinRunner): each probe
 * row's key (`keyIndexes`, or a compiled `keyOf` for computed keys) is passed to a synchronous
 * `lookup(key) => rows`; the rows passing `condition` (the non-equi part and post-filters) are joined:
 * [...probe, ...dim] with the probe's kind. A LEFT join emits [probe + nulls] when nothing matches; a
 * null key looks nothing up. With `cache`, results (also empty ones) are kept per key up to
 * `maxRows` keys (least recently used evicted) and for `ttlMs` after they were loaded (processing time).
 */

import { serializeKeyRow } from '../../state/keys.ts';
import { type Batch, BatchBuilder, type Row } from '../batch.ts';
import { AbstractOperator } from '../operator.ts';
import { joinRows } from './join-state.ts';

export interface LookupJoinSpec {
  readonly name?: string;
  readonly joinType: 'inner' | 'left';
  readonly keyIndexes?: readonly number[];
  readonly keyOf?: (probe: Row) => unknown[];
  readonly lookup: (key: readonly unknown[]) => readonly Row[];
  readonly condition?: (probe: Row, dim: Row) => boolean;
  readonly probeArity: number;
  readonly dimArity: number;
  readonly cache?: { readonly maxRows: number; readonly ttlMs?: number };
}

interface CacheEntry {
  rows: readonly Row[];
  loadedAt: number;
}

export class LookupJoinOperator extends AbstractOperator {
  private readonly cache = new Map<string, CacheEntry>();
  /** Lookups that reached the lookup function (cache misses). */
  lookups = 0;

  constructor(private readonly spec: LookupJoinSpec) {
    super(spec.name ?? 'LookupJoin');
    if (spec.keyIndexes === undefined && spec.keyOf === undefined) {
      throw new Error('A lookup join needs keyIndexes or keyOf to build the lookup key from the probe row');
    }
  }

  private keyOf(row: Row): unknown[] {
    if (this.spec.keyOf !== undefined) return this.spec.keyOf(row);
    return this.spec.keyIndexes!.map((i) => row[i]);
  }

  private fetch(key: unknown[]): readonly Row[] {
    const cacheSpec = this.spec.cache;
    if (cacheSpec === undefined) {
      this.lookups++;
      return this.spec.lookup(key);
    }
    const id = serializeKeyRow(key);
    const now = this.ctx.processingTime();
    const hit = this.cache.get(id);
    if (hit !== undefined && (cacheSpec.ttlMs === undefined || now - hit.loadedAt < cacheSpec.ttlMs)) {
      this.cache.delete(id);
      this.cache.set(id, hit);
      return hit.rows;
    }
    this.lookups++;
    const rows = this.spec.lookup(key);
    this.cache.delete(id);
    this.cache.set(id, { rows, loadedAt: now });
    while (this.cache.size > cacheSpec.maxRows) this.cache.delete(this.cache.keys().next().value!);
    return rows;
  }

  processBatch(_input: number, batch: Batch): void {
    const { condition, probeArity, dimArity, joinType } = this.spec;
    const out = new BatchBuilder(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const row = batch.rows[i]!;
      const kind = batch.kinds[i]!;
      const key = this.keyOf(row);
      const rows = key.some((v) => v === null) ? [] : this.fetch(key);
      let matched = false;
      for (const dim of rows) {
        if (condition !== undefined && !condition(row, dim)) continue;
        matched = true;
        out.add(joinRows(row, dim, probeArity, dimArity), kind);
      }
      if (!matched && joinType === 'left') out.add(joinRows(row, null, probeArity, dimArity), kind);
    }
    if (out.length > 0) this.output.emitBatch(out.build());
  }
}
