/**
 * The `values` test connector as the conformance runner needs it (Flink's TestValuesTableFactory):
 * sources emit rows registered per table, in order, with their change kinds; sinks collect the
 * changelog as Row.toString strings. Options honoured: `changelog-mode` and
 * `source.produces-delete-by-key` (source), and for sinks `sink-insert-only` = 'true',
 * `sink-changelog-mode-enforced` (I / I,UA,D / I,UB,UA,D) and `sink.supports-delete-by-key`. A
 * table declaring `WATERMARK FOR ts AS SOURCE_WATERMARK()` gets its rowtime as the watermark after
 * each row.
 *
 * Lookup tables (`lookup-table` = 'true', see the conformance README) are looked up instead of
 * streamed: while the probe sources are still emitting their before-restore rows, a lookup sees the
 * table's before-restore rows; afterwards the after-restore rows upserted into them by primary key.
 * To know which phase a lookup belongs to, sources count the rows handed out (a lookup join chained
 * to its source runs while the source emits).
 *
 * Sources emit one row per poll (the runner interleaves them, flink-order.ts). A source with
 * after-restore rows stops after its before-restore rows until the runner restores (`RestoreGate`).
 */
import type { CatalogTable } from '../catalog/catalog.ts';
import { formatValue } from '../expr/values/format.ts';
import { type ChangelogMode, INSERT_ONLY, parseChangelogMode } from '../planner/physical/changelog-mode.ts';
import type {
  ConnectorFactory,
  ConnectorTable,
  LookupFunction,
  LookupOptions,
  SinkOptions,
  SourceOptions,
} from '../planner/physical/connectors.ts';
import type { SinkAcceptance } from '../planner/physical/nodes.ts';
import type { Row } from '../runtime/batch.ts';
import type { Operator } from '../runtime/operator.ts';
import { ChangelogCollector } from '../runtime/operators/sink-collector.ts';
import { ValuesSource } from '../runtime/operators/values-source.ts';
import type { SourceOperator } from '../runtime/task.ts';
import { serializeKeyRow } from '../state/keys.ts';
import type { RestoreGate } from './flink-order.ts';

export interface TableData {
  /** Values of the physical columns, then of the metadata columns, per row. */
  readonly rows: readonly Row[];
  readonly kinds: readonly number[];
  /** Rows produced before the (simulated) restore; lookup tables switch contents there. */
  readonly beforeRestoreRows?: number;
}

/** Position of each table column in a data row: physical columns first, then metadata columns. */
export function dataPositions(table: CatalogTable): Map<number, number> {
  const out = new Map<number, number>();
  let next = 0;
  table.columns.forEach((c, i) => {
    if (c.kind === 'physical') out.set(i, next++);
  });
  table.columns.forEach((c, i) => {
    if (c.kind === 'metadata') out.set(i, next++);
  });
  return out;
}

export class ValuesTestConnector implements ConnectorFactory, RestoreGate {
  private readonly data = new Map<string, TableData>();
  /** Collectors created for sink tables, by table name. */
  readonly sinks = new Map<string, ChangelogCollector>();

  /** Rows emitted so far by each source, with its table (a table scanned twice has two). */
  private readonly emitted: { readonly table: string; count: number }[] = [];
  private readonly lookupTables = new Set<string>();
  /** Per source with after-restore rows: whether it now waits at its restore point. */
  private readonly splitSources: (() => boolean)[] = [];
  private restored = false;

  setData(tableName: string, data: TableData): void {
    this.data.set(tableName, data);
  }

  /** Marks a table as a lookup table (read by lookup joins, not streamed). */
  markLookupTable(tableName: string): void {
    this.lookupTables.add(tableName);
  }

  private afterRestore(): boolean {
    if (this.restored) return true;
    for (const { table: name, count } of this.emitted) {
      const before = this.data.get(name)?.beforeRestoreRows;
      if (before !== undefined && count > before) return true;
    }
    return false;
  }

  createLookup(table: ConnectorTable, options: LookupOptions): LookupFunction {
    const data = this.data.get(table.path.name) ?? { rows: [], kinds: [] };
    const positions = dataPositions(table.table);
    const pick = options.columns.map((c) => positions.get(c) ?? -1);
    const project = (r: Row): Row => pick.map((p) => (p < 0 ? null : (r[p] ?? null)));
    const pkNames = table.table.primaryKey?.columns ?? [];
    const pk = pkNames.map((n) => options.columns.findIndex((c) => table.table.columns[c]!.name === n));
    const identity = (r: Row): string =>
      pk.length > 0 && pk.every((i) => i >= 0) ? serializeKeyRow(pk.map((i) => r[i])) : serializeKeyRow(r);
    const apply = (into: Map<string, Row>, from: number, to: number): Map<string, Row> => {
      for (let i = from; i < to; i++) {
        const row = project(data.rows[i]!);
        const kind = data.kinds[i] ?? 0;
        if (kind === 1 || kind === 3) into.delete(identity(row));
        else into.set(identity(row), row);
      }
      return into;
    };
    const split = data.beforeRestoreRows ?? data.rows.length;
    const before = [...apply(new Map(), 0, split).values()];
    const after = [...apply(apply(new Map(), 0, split), split, data.rows.length).values()];
    const keyFields = options.keyFields;
    return (key) => {
      if (key.some((v) => v === null)) return [];
      const wanted = serializeKeyRow(key);
      const rows = this.afterRestore() ? after : before;
      return rows.filter((r) => serializeKeyRow(keyFields.map((f) => r[f])) === wanted);
    };
  }

  sourceChangelogMode(table: ConnectorTable): ChangelogMode {
    const mode = table.options['changelog-mode'];
    return mode === undefined ? INSERT_ONLY : parseChangelogMode(mode);
  }

  /** `source.produces-delete-by-key` = 'true': -D rows hold the key and nulls. */
  sourceDeletesByKey(table: ConnectorTable): boolean {
    return table.options['source.produces-delete-by-key'] === 'true';
  }

  /** `sink.supports-delete-by-key` = 'true': the sink deletes by primary key alone. */
  sinkAcceptsDeletesByKey(table: ConnectorTable): boolean {
    return table.options['sink.supports-delete-by-key'] === 'true';
  }

  /** `WATERMARK FOR ts AS SOURCE_WATERMARK()`: the source emits its rowtime as the watermark. */
  sourceGeneratesWatermarks(table: ConnectorTable): boolean {
    return isSourceWatermarked(table);
  }

  sinkAcceptance(table: ConnectorTable): SinkAcceptance {
    const enforced = table.options['sink-changelog-mode-enforced'];
    if (enforced !== undefined) {
      const mode = parseChangelogMode(enforced);
      if (mode.kinds.length === 1) return 'insert-only';
      return mode.kinds.includes('UB') ? 'all' : 'upsert';
    }
    if (table.options['sink-insert-only'] === 'true') return 'insert-only';
    return table.table.primaryKey ? 'upsert' : 'all';
  }

  createSource(table: ConnectorTable, options: SourceOptions): SourceOperator {
    const data = this.data.get(table.path.name) ?? { rows: [], kinds: [] };
    const positions = dataPositions(table.table);
    const pick = options.columns.map((c) => positions.get(c) ?? -1);
    const rows = data.rows.map((r) => pick.map((p) => (p < 0 ? null : (r[p] ?? null))));
    const name = table.path.name;
    // one row per poll: the runner interleaves sources row by row, as Flink's threads do
    const rowtime = isSourceWatermarked(table)
      ? options.fields.findIndex((f) => f.name === table.table.watermark?.rowtimeColumn)
      : -1;
    const inner = new ValuesSource({
      name: `Values(${name})`,
      rows,
      kinds: data.kinds,
      batchSize: 1,
      ...(rowtime < 0 ? {} : { watermark: (row: Row) => toEpochMillis(row[rowtime]) }),
    });
    const emitted = { table: name, count: 0 };
    this.emitted.push(emitted);
    const before = data.beforeRestoreRows;
    const waitsForRestore = (): boolean =>
      before !== undefined && !this.restored && emitted.count >= before && before < rows.length;
    if (before !== undefined && before < rows.length) this.splitSources.push(waitsForRestore);
    return {
      name: inner.name,
      // a source waiting at its restore point is never due until the runner restores
      nextPollTime: () => (waitsForRestore() ? Number.POSITIVE_INFINITY : Number.NEGATIVE_INFINITY),
      open: (ctx) => inner.open(ctx),
      poll: () => {
        emitted.count++;
        return inner.poll();
      },
      snapshotState: (id) => inner.snapshotState(id),
      restoreState: (snapshot) => inner.restoreState(snapshot),
      close: () => inner.close(),
    };
  }

  /** True while a source waits at its before-restore rows (RestoreGate). */
  restorePending(): boolean {
    return this.splitSources.some((waits) => waits());
  }

  /** The simulated restore: sources go on with their after-restore rows (RestoreGate). */
  restore(): void {
    this.restored = true;
  }

  createSink(table: ConnectorTable, options: SinkOptions): Operator {
    const types = options.fields.map((f) => f.type);
    const collector = new ChangelogCollector({
      name: `Sink(${table.path.name})`,
      formatField: (value, i) => formatValue(value, types[i]!),
      ...(options.primaryKey ? { upsertKeyIndexes: options.primaryKey } : {}),
    });
    this.sinks.set(table.path.name, collector);
    return collector;
  }
}

const isSourceWatermarked = (table: ConnectorTable): boolean =>
  /^\s*SOURCE_WATERMARK\s*\(\s*\)\s*$/i.test(table.table.watermark?.exprText ?? '');

/** A TIMESTAMP / TIMESTAMP_LTZ value as epoch milliseconds (null stays null). */
function toEpochMillis(value: unknown): number | null {
  if (typeof value === 'number') return value;
  if (value !== null && typeof value === 'object' && 'millis' in value)
    return (value as { millis: number }).millis;
  return null;
}
