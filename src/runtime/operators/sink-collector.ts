/**
 * Sinks that collect results in memory (tests, the gateway's result buffers, conformance runs).
 *
 * `ChangelogCollector` records every row as Flink's Row.toString: `+I[v1, v2]`, values formatted by
 * the given field formatter (src/expr's formatter in production) and joined by ", ".
 * With `upsertKeyIndexes` it behaves as an upsert sink with that primary key: -U rows are dropped
 * (updates arrive as +U without -U, as Flink's upsert sinks see them) and `materialized()` holds the
 * last row per key. Without a key, `materialized()` is the multiset of rows (+I/+U add, -U/-D remove).
 */

import { serializeKey } from '../../state/keys.ts';
import { type Batch, type Row, RowKind, rowKindShortString } from '../batch.ts';
import { AbstractOperator } from '../operator.ts';

export type FieldFormatter = (value: unknown, fieldIndex: number) => string;

export interface SinkCollectorSpec {
  readonly name?: string;
  readonly formatField: FieldFormatter;
  readonly upsertKeyIndexes?: readonly number[];
}

export class ChangelogCollector extends AbstractOperator {
  readonly changelog: string[] = [];
  readonly watermarks: number[] = [];
  private readonly upsert = new Map<string, Row>();
  private readonly multiset = new Map<string, { row: Row; count: number }>();
  ended = false;

  constructor(private readonly spec: SinkCollectorSpec) {
    super(spec.name ?? 'Collect');
  }

  formatRow(row: Row): string {
    const parts = new Array<string>(row.length);
    for (let i = 0; i < row.length; i++) parts[i] = this.spec.formatField(row[i], i);
    return `[${parts.join(', ')}]`;
  }

  processBatch(_input: number, batch: Batch): void {
    const keys = this.spec.upsertKeyIndexes;
    for (let i = 0; i < batch.length; i++) {
      const row = batch.rows[i]!;
      const kind = batch.kinds[i]!;
      if (keys !== undefined) {
        if (kind === RowKind.UPDATE_BEFORE) continue;
        const key = serializeKey(row, keys);
        if (kind === RowKind.DELETE) this.upsert.delete(key);
        else this.upsert.set(key, row);
      } else {
        const key = serializeKey(
          row,
          row.map((_, j) => j),
        );
        const entry = this.multiset.get(key);
        if (kind === RowKind.INSERT || kind === RowKind.UPDATE_AFTER) {
          if (entry === undefined) this.multiset.set(key, { row, count: 1 });
          else entry.count++;
        } else if (entry !== undefined) {
          if (--entry.count === 0) this.multiset.delete(key);
        }
      }
      this.changelog.push(rowKindShortString(kind) + this.formatRow(row));
    }
  }

  protected override onWatermark(watermark: number): void {
    this.watermarks.push(watermark);
  }

  override finish(): void {
    this.ended = true;
  }

  /** The sink table's final content as `+I[...]` strings. */
  materialized(): string[] {
    const out: string[] = [];
    if (this.spec.upsertKeyIndexes !== undefined) {
      for (const row of this.upsert.values()) out.push(`+I${this.formatRow(row)}`);
    } else {
      for (const { row, count } of this.multiset.values()) {
        for (let i = 0; i < count; i++) out.push(`+I${this.formatRow(row)}`);
      }
    }
    return out;
  }
}

/** Discards everything (the `blackhole` connector), counting rows. */
export class BlackholeSink extends AbstractOperator {
  rows = 0;
  constructor(name = 'Blackhole') {
    super(name);
  }
  processBatch(_input: number, batch: Batch): void {
    this.rows += batch.length;
  }
}
