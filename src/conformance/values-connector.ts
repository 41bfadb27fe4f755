/**
 * The `values` test connector as the conformance runner needs it (Flink's TestValuesTableFactory):
 * sources emit rows registered per table, in order, with their change kinds; sinks collect the
 * changelog as Row.toString strings. Options honoured: `changelog-mode` (source), and for sinks
 * `sink-insert-only` = 'true' and `sink-changelog-mode-enforced` (I / I,UA,D / I,UB,UA,D).
 *
 * Lookup tables (`lookup-table` = 'true', see the conformance README) are looked up instead of
 * streamed: while the probe sources are still emitting their before-restore rows, a lookup sees the
 * table's before-restore rows; afterwards the after-restore rows upserted into them by primary key.
 * To know which phase a lookup belongs to, sources then emit one row per batch and count the rows
 * handed out (a lookup join chained to its source runs while the source emits).
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

export class ValuesTestConnector implements ConnectorFactory {
  private readonly data = new Map<string, TableData>();
  /** Collectors created for sink tables, by table name. */
  readonly sinks = new Map<string, ChangelogCollector>();

  /** Rows emitted so far per source table (only counted when lookup tables exist). */
  private readonly emitted = new Map<string, number>();
  private readonly lookupTables = new Set<string>();

  setData(tableName: string, data: TableData): void {
    this.data.set(tableName, data);
  }

  /** Marks a table as a lookup table (read by lookup joins, not streamed). */
  markLookupTable(tableName: string): void {
    this.lookupTables.add(tableName);
  }

  private afterRestore(): boolean {
    for (const [name, count] of this.emitted) {
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
    if (this.lookupTables.size === 0)
      return new ValuesSource({ name: `Values(${name})`, rows, kinds: data.kinds });
    const inner = new ValuesSource({ name: `Values(${name})`, rows, kinds: data.kinds, batchSize: 1 });
    const counts = this.emitted;
    counts.set(name, 0);
    return {
      name: inner.name,
      open: (ctx) => inner.open(ctx),
      poll: () => {
        counts.set(name, (counts.get(name) ?? 0) + 1);
        return inner.poll();
      },
      snapshotState: (id) => inner.snapshotState(id),
      restoreState: (snapshot) => inner.restoreState(snapshot),
      close: () => inner.close(),
    };
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
