/**
 * The `values` test connector as the conformance runner needs it (Flink's TestValuesTableFactory):
 * sources emit rows registered per table, in order, with their change kinds; sinks collect the
 * changelog as Row.toString strings. Options honoured: `changelog-mode` (source), and for sinks
 * `sink-insert-only` = 'true' and `sink-changelog-mode-enforced` (I / I,UA,D / I,UB,UA,D).
 */
import type { CatalogTable } from '../catalog/catalog.ts';
import { formatValue } from '../expr/values/format.ts';
import { type ChangelogMode, INSERT_ONLY, parseChangelogMode } from '../planner/physical/changelog-mode.ts';
import type {
  ConnectorFactory,
  ConnectorTable,
  SinkOptions,
  SourceOptions,
} from '../planner/physical/connectors.ts';
import type { SinkAcceptance } from '../planner/physical/nodes.ts';
import type { Row } from '../runtime/batch.ts';
import type { Operator } from '../runtime/operator.ts';
import { ChangelogCollector } from '../runtime/operators/sink-collector.ts';
import { ValuesSource } from '../runtime/operators/values-source.ts';
import type { SourceOperator } from '../runtime/task.ts';

export interface TableData {
  /** Values of the physical columns, then of the metadata columns, per row. */
  readonly rows: readonly Row[];
  readonly kinds: readonly number[];
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

  setData(tableName: string, data: TableData): void {
    this.data.set(tableName, data);
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
    return new ValuesSource({ name: `Values(${table.path.name})`, rows, kinds: data.kinds });
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
