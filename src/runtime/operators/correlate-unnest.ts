/**
 * CROSS JOIN UNNEST(collection) [WITH ORDINALITY] and LEFT JOIN UNNEST(...) ON TRUE (Flink's
 * correlate over the built-in UNNEST table function). For each input row, the collection at
 * `collectionIndex` expands to one output row per element: [...input, ...element columns
 * (, ordinality)], with the input row's kind (a retraction retracts the same expansion).
 * - ARRAY<T>: one column per element; ARRAY<ROW<...>>: the row's fields as columns (`rowArity`);
 * - MAP<K, V>: two columns key, value, in the map's order;
 * - MULTISET<T>: each element repeated by its count.
 * WITH ORDINALITY appends the 1-based position (INT). A null or empty collection yields nothing,
 * or, for the LEFT variant, one row padded with nulls. An optional `condition` filters expansions.
 */

import { type Batch, BatchBuilder, type Row } from '../batch.ts';
import { AbstractOperator } from '../operator.ts';

export type UnnestKind =
  | { readonly kind: 'array' }
  | { readonly kind: 'array-of-rows'; readonly rowArity: number }
  | { readonly kind: 'map' }
  | { readonly kind: 'multiset' };

export interface CorrelateUnnestSpec {
  readonly name?: string;
  readonly collectionIndex: number;
  readonly collection: UnnestKind;
  readonly withOrdinality?: boolean;
  readonly left?: boolean;
  readonly condition?: (input: Row, element: Row) => boolean;
}

export class CorrelateUnnestOperator extends AbstractOperator {
  private readonly width: number;

  constructor(private readonly spec: CorrelateUnnestSpec) {
    super(spec.name ?? 'Correlate');
    const c = spec.collection;
    const columns = c.kind === 'map' ? 2 : c.kind === 'array-of-rows' ? c.rowArity : 1;
    this.width = columns + (spec.withOrdinality === true ? 1 : 0);
  }

  private elements(value: unknown): Row[] {
    if (value === null || value === undefined) return [];
    const c = this.spec.collection;
    const out: Row[] = [];
    if (c.kind === 'map') {
      for (const [k, v] of value as Map<unknown, unknown>) out.push([k, v]);
    } else if (c.kind === 'multiset') {
      for (const [e, n] of value as Map<unknown, number>) for (let i = 0; i < n; i++) out.push([e]);
    } else if (c.kind === 'array-of-rows') {
      for (const e of value as (Row | null)[])
        out.push(e === null ? new Array<unknown>(c.rowArity).fill(null) : e);
    } else {
      for (const e of value as unknown[]) out.push([e]);
    }
    if (this.spec.withOrdinality === true) return out.map((e, i) => [...e, i + 1]);
    return out;
  }

  processBatch(_input: number, batch: Batch): void {
    const { collectionIndex, condition, left } = this.spec;
    const out = new BatchBuilder(batch.length * 2);
    for (let i = 0; i < batch.length; i++) {
      const row = batch.rows[i]!;
      const kind = batch.kinds[i]!;
      let emitted = false;
      for (const e of this.elements(row[collectionIndex])) {
        if (condition !== undefined && !condition(row, e)) continue;
        out.add([...row, ...e], kind);
        emitted = true;
      }
      if (!emitted && left === true) out.add([...row, ...new Array<unknown>(this.width).fill(null)], kind);
    }
    if (out.length > 0) this.output.emitBatch(out.build());
  }
}
