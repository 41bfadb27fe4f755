/** Test support: a CatalogTable from column types, and a one-source job that collects Row.toString strings. */
import type { CatalogTable } from '../../src/catalog/catalog.ts';
import type { LogicalType } from '../../src/expr/types.ts';
import { formatValue } from '../../src/expr/values/format.ts';
import type { Row } from '../../src/runtime/batch.ts';
import { Job } from '../../src/runtime/job.ts';
import { ChangelogCollector } from '../../src/runtime/operators/sink-collector.ts';
import type { SourceOperator } from '../../src/runtime/task.ts';

export function tableOf(
  columns: Record<string, LogicalType>,
  options: Record<string, string> = {},
): CatalogTable {
  return {
    kind: 'table',
    columns: Object.entries(columns).map(([name, type]) => ({ kind: 'physical', name, type })),
    partitionKeys: [],
    options,
  };
}

/** Runs a bounded source to its end; returns the raw rows and the `+I[...]` strings. */
export function drain(
  source: SourceOperator,
  types: readonly LogicalType[],
  clock?: () => number,
): { rows: Row[]; changelog: string[] } {
  const rows: Row[] = [];
  const collector = new ChangelogCollector({ formatField: (v, i) => formatValue(v, types[i]!) });
  const original = collector.processBatch.bind(collector);
  collector.processBatch = (input, batch) => {
    for (let i = 0; i < batch.length; i++) rows.push(batch.rows[i]!);
    original(input, batch);
  };
  const job = new Job(clock === undefined ? {} : { clock });
  job.addSource('source', source, [collector]);
  job.runToCompletion();
  job.close();
  return { rows, changelog: collector.changelog };
}
