/**
 * The in-memory `values` connector for tests (after Flink's TestValuesTableFactory).
 *
 * Source: rows given in code are registered with `registerValuesData(rows, kinds?)`, which returns the
 * `data-id` a table names in its options; rows are in the table's physical column order and are
 * emitted with their change kinds (`changelog-mode` declares which kinds may appear: `I` by default,
 * e.g. `I,UB,UA,D`). Sink: every row arriving is recorded as a changelog string (`+I[1, abc]`), kept
 * per table name and read with `valuesSinkResults(name)`; as in Flink, the sink accepts only inserts
 * unless `sink-insert-only` = 'false' (or the table has a primary key: then it is an upsert sink).
 */
import type { CatalogTable } from '../../catalog/catalog.ts';
import type { LogicalType } from '../../expr/types.ts';
import { formatValue } from '../../expr/values/format.ts';
import type { Row } from '../../runtime/batch.ts';
import { ChangelogCollector } from '../../runtime/operators/sink-collector.ts';
import { ValuesSource } from '../../runtime/operators/values-source.ts';
import { ConnectorOptionError, ConnectorOptionReader, type ConnectorOptions } from '../options.ts';

interface ValuesData {
  readonly rows: readonly Row[];
  readonly kinds?: readonly number[];
}

const dataById = new Map<string, ValuesData>();
const sinkResults = new Map<string, ValuesSinkCollector[]>();
let nextDataId = 1;

/** Registers rows for a `values` source table; returns the `data-id` to put in its options. */
export function registerValuesData(rows: readonly Row[], kinds?: readonly number[]): string {
  if (kinds !== undefined && kinds.length !== rows.length) {
    throw new RangeError(`registerValuesData: ${rows.length} rows but ${kinds.length} kinds`);
  }
  const id = String(nextDataId++);
  dataById.set(id, { rows, kinds });
  return id;
}

/** The changelog every `values` sink named `tableName` recorded, in arrival order. */
export function valuesSinkResults(tableName: string): string[] {
  return (sinkResults.get(tableName) ?? []).flatMap((c) => c.changelog);
}

/** The final content of the `values` sinks named `tableName` (inserts and updates applied). */
export function valuesSinkMaterialized(tableName: string): string[] {
  return (sinkResults.get(tableName) ?? []).flatMap((c) => c.materialized());
}

/** Forgets registered data and recorded results (between tests). */
export function clearValuesConnector(): void {
  dataById.clear();
  sinkResults.clear();
}

export interface ValuesSourceConfig {
  readonly data: ValuesData;
  readonly changelogMode: string;
}

export function parseValuesSourceOptions(options: ConnectorOptions): ValuesSourceConfig {
  const reader = new ConnectorOptionReader('values', options);
  const id = reader.string('data-id');
  const changelogMode = reader.string('changelog-mode') ?? 'I';
  reader.boolean('bounded', true);
  reader.boolean('sink-insert-only', true);
  reader.checkUnknown();
  if (id === undefined) return { data: { rows: [] }, changelogMode };
  const data = dataById.get(id);
  if (data === undefined) {
    throw new ConnectorOptionError(
      `Option 'data-id' = '${id}' names no registered data; register rows with registerValuesData() first`,
    );
  }
  return { data, changelogMode };
}

/** The rows of a source table, projected to the requested physical columns. */
export function createValuesSource(
  table: CatalogTable,
  options: ConnectorOptions,
  columns: readonly number[],
  name?: string,
): ValuesSource {
  const { data } = parseValuesSourceOptions(options);
  const physical = table.columns.map((c, i) => (c.kind === 'physical' ? i : -1)).filter((i) => i >= 0);
  const projection = columns.map((c) => {
    const p = physical.indexOf(c);
    if (p < 0)
      throw new ConnectorOptionError(
        `Column '${table.columns[c]?.name}' is not a physical column; the values connector has no metadata`,
      );
    return p;
  });
  const identity = projection.length === physical.length && projection.every((p, i) => p === i);
  const rows = identity ? data.rows : data.rows.map((r) => projection.map((p) => r[p] ?? null));
  return new ValuesSource({ name: name ?? 'Values', rows, kinds: data.kinds });
}

export class ValuesSinkCollector extends ChangelogCollector {}

export function createValuesSink(
  tableName: string,
  options: ConnectorOptions,
  types: readonly LogicalType[],
  upsertKeyIndexes?: readonly number[],
): ValuesSinkCollector {
  parseValuesSourceOptions(options);
  const sink = new ValuesSinkCollector({
    name: `Values(${tableName})`,
    formatField: (value, i) => formatValue(value, types[i]!),
    upsertKeyIndexes,
  });
  const list = sinkResults.get(tableName) ?? [];
  list.push(sink);
  sinkResults.set(tableName, list);
  return sink;
}
