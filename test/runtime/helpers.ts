/**
 * Test support: small accumulator functions with Flink's semantics for the types used in the tests
 * (src/expr/aggregates is the production source of these), a Row.toString field formatter, the
 * conformance data reader, and a one-pipeline job builder.
 */

import { readFileSync } from 'node:fs';
import { javaDoubleToString } from '../../src/expr/values/java-numbers.ts';
import type { AccumulatorFunction } from '../../src/runtime/aggregation.ts';
import type { Row } from '../../src/runtime/batch.ts';
import { Job } from '../../src/runtime/job.ts';
import type { Operator } from '../../src/runtime/operator.ts';
import type { ChangelogCollector } from '../../src/runtime/operators/sink-collector.ts';
import type { SourceOperator } from '../../src/runtime/task.ts';

export const countStar: AccumulatorFunction<bigint> = {
  name: 'COUNT(*)',
  createAccumulator: () => 0n,
  accumulate: (acc) => acc + 1n,
  retract: (acc) => acc - 1n,
  merge: (a, b) => a + b,
  getValue: (acc) => acc,
};

export const count: AccumulatorFunction<bigint> = {
  name: 'COUNT',
  createAccumulator: () => 0n,
  accumulate: (acc, args) => (args[0] === null ? acc : acc + 1n),
  retract: (acc, args) => (args[0] === null ? acc : acc - 1n),
  merge: (a, b) => a + b,
  getValue: (acc) => acc,
};

interface SumAcc {
  sum: number | bigint;
  n: number;
}

/** SUM over INT (number) or BIGINT (bigint): null when no non-null input. */
export const sum: AccumulatorFunction<SumAcc> = {
  name: 'SUM',
  createAccumulator: () => ({ sum: 0, n: 0 }),
  accumulate: (acc, args) => {
    const v = args[0];
    if (v === null) return acc;
    return { sum: acc.n === 0 ? (v as number) : (acc.sum as number) + (v as number), n: acc.n + 1 };
  },
  retract: (acc, args) => {
    const v = args[0];
    if (v === null) return acc;
    return { sum: (acc.sum as number) - (v as number), n: acc.n - 1 };
  },
  merge: (a, b) =>
    b.n === 0 ? a : a.n === 0 ? b : { sum: (a.sum as number) + (b.sum as number), n: a.n + b.n },
  getValue: (acc) => (acc.n === 0 ? null : acc.sum),
};

/** AVG over an integer type: the integer quotient (Flink keeps the argument type). */
export const avgIntegral: AccumulatorFunction<SumAcc> = {
  name: 'AVG',
  createAccumulator: () => ({ sum: 0n, n: 0 }),
  accumulate: (acc, args) =>
    args[0] === null ? acc : { sum: (acc.sum as bigint) + BigInt(args[0] as number), n: acc.n + 1 },
  retract: (acc, args) =>
    args[0] === null ? acc : { sum: (acc.sum as bigint) - BigInt(args[0] as number), n: acc.n - 1 },
  getValue: (acc) => (acc.n === 0 ? null : Number((acc.sum as bigint) / BigInt(acc.n))),
};

/** MIN with retraction: value → count, as Flink's MinWithRetractAggFunction keeps it. */
export const minWithRetract: AccumulatorFunction<Map<string, number>> = {
  name: 'MIN',
  createAccumulator: () => new Map(),
  accumulate: (acc, args) => {
    const v = args[0];
    if (typeof v === 'string') acc.set(v, (acc.get(v) ?? 0) + 1);
    return acc;
  },
  retract: (acc, args) => {
    const v = args[0];
    if (typeof v === 'string') {
      const n = (acc.get(v) ?? 0) - 1;
      if (n <= 0) acc.delete(v);
      else acc.set(v, n);
    }
    return acc;
  },
  getValue: (acc) => {
    let min: string | null = null;
    for (const k of acc.keys()) if (min === null || k < min) min = k;
    return min;
  },
};

export type FieldType = 'ts' | 'double' | 'plain';

/** Row.toString formatting for the field types used in these tests. */
export function formatterFor(types: readonly FieldType[]): (value: unknown, index: number) => string {
  return (value, index) => {
    if (value === null) return 'null';
    const type = types[index] ?? 'plain';
    if (type === 'ts') return localDateTimeString(value as number);
    if (type === 'double') return javaDoubleToString(value as number);
    return String(value);
  };
}

/** Java LocalDateTime.toString of epoch millis read as UTC wall-clock time. */
export function localDateTimeString(millis: number): string {
  const iso = new Date(millis).toISOString(); // 2020-10-10T00:00:05.000Z
  const date = iso.slice(0, 10);
  const hm = iso.slice(11, 16);
  const seconds = iso.slice(17, 19);
  const ms = iso.slice(20, 23);
  if (ms !== '000') return `${date}T${hm}:${seconds}.${ms}`;
  if (seconds !== '00') return `${date}T${hm}:${seconds}`;
  return `${date}T${hm}`;
}

/** 'YYYY-MM-DD HH:MM:SS' read as UTC wall-clock time → epoch millis (TO_TIMESTAMP). */
export function parseTimestamp(text: string): number {
  return Date.parse(`${text.replace(' ', 'T')}Z`);
}

export interface ConformanceRow {
  readonly kind: string;
  readonly values: unknown[];
  readonly types?: (string | null)[];
}
export interface ConformanceCase {
  readonly id: string;
  readonly statements: string[];
  readonly sources: { name: string; rows: ConformanceRow[] }[];
  readonly sinks: { name: string; expected: string[] | null }[];
}

export function conformanceCases(file: string): ConformanceCase[] {
  const url = new URL(`../../../shared/conformance/flink/${file}`, import.meta.url);
  return (JSON.parse(readFileSync(url, 'utf8')) as { cases: ConformanceCase[] }).cases;
}

/** Builds and runs source → chain → collector as one task; returns the collector. */
export function runPipeline(
  source: SourceOperator,
  chain: readonly Operator[],
  collector: ChangelogCollector,
): { collector: ChangelogCollector; job: Job } {
  const job = new Job({ clock: () => 0 });
  job.addSource('pipeline', source, [...chain, collector]);
  job.runToCompletion();
  return { collector, job };
}

export const sorted = (xs: readonly string[]): string[] => [...xs].sort();

export type { Row };
