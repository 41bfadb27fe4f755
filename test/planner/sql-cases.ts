/**
 * Runs SQL end to end on the conformance runner's values connector: source tables with changelog
 * rows, one sink, and the sink's expected changelog (a multiset of Flink `Row.toString` strings) or
 * expected final contents. A failure reports the runner's diff.
 */
import { expect } from 'vitest';
import type { ConformanceCase, SourceRow } from '../../src/conformance/cases.ts';
import { runCase } from '../../src/conformance/run-case.ts';

export interface TableSpec {
  readonly name: string;
  readonly columns: readonly string[];
  readonly primaryKey?: readonly string[];
  readonly options?: Readonly<Record<string, string>>;
  /** `['+I', [1, 'a']]` ... */
  readonly rows?: readonly (readonly [string, readonly unknown[]])[];
  readonly beforeRestoreRows?: number;
}

export interface SqlCase {
  readonly sources: readonly TableSpec[];
  readonly sink: TableSpec;
  readonly sql: string | readonly string[];
  readonly config?: Readonly<Record<string, string>>;
  /** The sink's changelog, as a multiset. */
  readonly changelog?: readonly string[];
  /** The sink's final contents (changelog applied). */
  readonly materialized?: readonly string[];
}

const row = ([kind, values]: readonly [string, readonly unknown[]]): SourceRow => ({ kind, values });

export function conformanceCase(c: SqlCase): ConformanceCase {
  const table = (t: TableSpec) => ({
    name: t.name,
    columns: t.primaryKey
      ? [...t.columns, `PRIMARY KEY (${t.primaryKey.join(', ')}) NOT ENFORCED`]
      : t.columns,
    primaryKey: t.primaryKey ?? null,
    partitionKeys: [],
    options: t.options ?? {},
  });
  return {
    id: 'Test.CASE',
    description: '',
    config: c.config ?? {},
    sources: c.sources.map((s) => ({
      ...table(s),
      rows: (s.rows ?? []).map(row),
      ...(s.beforeRestoreRows === undefined ? {} : { beforeRestoreRows: s.beforeRestoreRows }),
    })),
    sinks: [
      { ...table(c.sink), expected: c.changelog ?? null, expectedMaterialized: c.materialized ?? null },
    ],
    statements: typeof c.sql === 'string' ? [c.sql] : c.sql,
    skip: null,
  };
}

/** Runs the case; fails with the runner's diff unless the sink got what `c` expects. */
export async function expectSql(c: SqlCase): Promise<void> {
  const result = await runCase(conformanceCase(c), { timeoutMs: 20_000 });
  expect(result.status, result.detail).toBe('passed');
}
