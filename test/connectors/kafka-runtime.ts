/** Test support for the kafka connector: a collecting sink operator and a job from a source to it. */
import type { CatalogColumn, CatalogTable } from '../../src/catalog/catalog.ts';
import type { LogicalType } from '../../src/expr/types.ts';
import type { Batch, Row } from '../../src/runtime/batch.ts';
import { Job } from '../../src/runtime/job.ts';
import { AbstractOperator, type Operator } from '../../src/runtime/operator.ts';
import type { SourceOperator } from '../../src/runtime/task.ts';
import { runJob } from './kafka-env.ts';

export class CollectingSink extends AbstractOperator {
  readonly rows: Row[] = [];
  readonly kinds: number[] = [];
  readonly watermarks: number[] = [];
  readonly idle: boolean[] = [];
  constructor() {
    super('Collect');
  }
  processBatch(_input: number, batch: Batch): void {
    for (let i = 0; i < batch.length; i++) {
      this.rows.push(batch.rows[i]!);
      this.kinds.push(batch.kinds[i]!);
    }
  }
  override processWatermark(input: number, timestamp: number): void {
    this.watermarks.push(timestamp);
    super.processWatermark(input, timestamp);
  }
  override processIdle(input: number, idle: boolean): void {
    this.idle.push(idle);
    super.processIdle(input, idle);
  }
}

export async function collect(
  source: SourceOperator,
  operators: readonly Operator[] = [],
): Promise<CollectingSink> {
  const sink = new CollectingSink();
  const job = new Job();
  job.addSource('source', source, [...operators, sink]);
  try {
    await runJob(job);
  } finally {
    job.close();
    await (source as { shutdown?: () => Promise<void> }).shutdown?.();
  }
  return sink;
}

export const physical = (name: string, type: LogicalType): CatalogColumn => ({
  kind: 'physical',
  name,
  type,
});
export const metadata = (name: string, type: LogicalType, key?: string, virtual = true): CatalogColumn => ({
  kind: 'metadata',
  name,
  type,
  virtual,
  ...(key === undefined ? {} : { key }),
});

export function kafkaTable(
  columns: readonly CatalogColumn[],
  options: Record<string, string>,
  primaryKey?: string[],
): CatalogTable {
  return {
    kind: 'table',
    columns,
    partitionKeys: [],
    options: { connector: 'kafka', ...options },
    ...(primaryKey ? { primaryKey: { name: 'pk', columns: primaryKey } } : {}),
  };
}
