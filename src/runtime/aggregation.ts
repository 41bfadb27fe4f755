/**
 * Aggregate calls over keyed accumulators, shared by the group, window and session aggregates.
 *
 * An aggregate function is an accumulator function (the shape of src/expr/aggregates):
 * `createAccumulator / accumulate / retract / merge / getValue`, each returning the (possibly new)
 * accumulator so immutable scalars (a bigint COUNT) and mutable objects both work. Arguments are
 * passed as an array that the caller reuses between calls: a function must not keep it.
 *
 * Per group the operator keeps an `AccumulatorRow`: one accumulator per call, a hidden record count
 * (Flink's count1 / RecordCounter: the group is gone when it reaches 0) and, for DISTINCT calls, a map
 * from the serialised argument values to [count, args]: a value reaches the function only on its first
 * occurrence and is retracted from it only when its last occurrence is retracted. FILTER (WHERE ...)
 * is a boolean column: the call sees the row only when that column is TRUE.
 */

import type { AggregateFunction } from '../expr/aggregates/aggregate.ts';
import { type Comparator, comparatorFor } from '../expr/values/compare.ts';
import { serializeKey } from '../state/keys.ts';
import type { Row } from './batch.ts';

export interface AccumulatorFunction<Acc = unknown> {
  readonly name?: string;
  createAccumulator(): Acc;
  accumulate(acc: Acc, args: readonly unknown[]): Acc;
  retract?(acc: Acc, args: readonly unknown[]): Acc;
  merge?(acc: Acc, other: Acc): Acc;
  getValue(acc: Acc): unknown;
  /**
   * A cheaper equivalent for input that is never retracted (window and session aggregates): MIN and
   * MAX then keep only the extreme instead of every value with its count.
   */
  readonly insertOnly?: AccumulatorFunction;
}

/**
 * Adapts one of src/expr's aggregate functions (variadic `accumulate(acc, ...args)`) to the array
 * form used here. `constants` are appended to every call's arguments (LISTAGG's separator).
 */
export function fromAggregateFunction(
  fn: AggregateFunction,
  constants: readonly unknown[] = [],
): AccumulatorFunction {
  const withConstants =
    constants.length === 0
      ? (args: readonly unknown[]): readonly unknown[] => args
      : (args: readonly unknown[]): readonly unknown[] => [...args, ...constants];
  return {
    name: fn.name,
    createAccumulator: () => fn.createAccumulator(),
    accumulate: (acc, args) => {
      const a = withConstants(args);
      return a.length === 0
        ? fn.accumulate(acc)
        : a.length === 1
          ? fn.accumulate(acc, a[0])
          : fn.accumulate(acc, ...a);
    },
    ...(fn.retractable
      ? {
          retract: (acc: unknown, args: readonly unknown[]) => {
            const a = withConstants(args);
            return a.length === 0
              ? fn.retract(acc)
              : a.length === 1
                ? fn.retract(acc, a[0])
                : fn.retract(acc, ...a);
          },
        }
      : {}),
    merge: (acc, other) => fn.merge(acc, other),
    getValue: (acc) => fn.getValue(acc),
    ...insertOnlyVariant(fn),
  };
}

function insertOnlyVariant(fn: AggregateFunction): { insertOnly?: AccumulatorFunction } {
  const arg = fn.argTypes[0];
  if ((fn.name !== 'MIN' && fn.name !== 'MAX') || fn.argTypes.length !== 1 || arg === undefined) return {};
  if (arg.kind === 'MAP' || arg.kind === 'MULTISET') return {};
  // a group aggregate's state written before it used this variant holds the retractable form
  const upgrade = (acc: unknown): unknown => (isRetractableExtreme(acc) ? fn.getValue(acc) : acc);
  return { insertOnly: extremeOnly(fn.name, comparatorFor(arg), upgrade) };
}

/** The retractable MIN / MAX accumulator (sorted values with counts), never a SQL value. */
const isRetractableExtreme = (acc: unknown): boolean =>
  typeof acc === 'object' &&
  acc !== null &&
  !Array.isArray(acc) &&
  !(acc instanceof Uint8Array) &&
  Array.isArray((acc as { entries?: unknown }).entries);

/**
 * MIN / MAX without retraction (Flink's MaxAggFunction beside MaxWithRetractAggFunction): the
 * accumulator is the extreme so far (null before any value). Of values that compare equal the first
 * one stays, as in the retractable form. `upgrade` reads an accumulator of the retractable form.
 */
function extremeOnly(
  name: 'MIN' | 'MAX',
  cmp: Comparator,
  upgrade: (acc: unknown) => unknown,
): AccumulatorFunction {
  const sign = name === 'MAX' ? 1 : -1;
  const better = (acc: unknown, v: unknown): unknown =>
    v === null || v === undefined ? acc : acc === null || sign * cmp(v, acc) > 0 ? v : acc;
  return {
    name,
    createAccumulator: () => null,
    accumulate: (acc, args) => better(upgrade(acc), args[0]),
    merge: (acc, other) => better(upgrade(acc), upgrade(other)),
    getValue: upgrade,
  };
}

export interface AggregateCall {
  readonly fn: AccumulatorFunction;
  /** Input columns passed as arguments (empty for COUNT(*)). */
  readonly argIndexes: readonly number[];
  /** A BOOLEAN input column; the call only sees rows where it is TRUE. */
  readonly filterIndex?: number;
  readonly distinct?: boolean;
}

export interface AccumulatorRow {
  accs: unknown[];
  /** Rows accumulated minus rows retracted. */
  count: number;
  /** Per call: distinct values → [occurrences, argument values]; null for non-distinct calls. */
  distinct: (Map<string, [number, unknown[]]> | null)[];
}

export class AggregateHandle {
  readonly calls: readonly AggregateCall[];
  private readonly args: unknown[][];
  /** 0..n-1 per call: the positions to serialise a distinct key from the argument array. */
  private readonly argPositions: number[][];

  /** Shared by every accumulator row when no call is DISTINCT (never written then). */
  private readonly noDistinct: readonly null[] | undefined;
  /**
   * Per call: the first DISTINCT call with the same arguments (its own index when it is the first).
   * Calls such as `COUNT(DISTINCT bidder) FILTER (...)` over one column share one key string per row.
   */
  private readonly distinctKeyOwner: readonly number[];
  /** This row's distinct keys by owning call (see `distinctKey`), reused from row to row. */
  private readonly rowKeys: (string | undefined)[];

  /** `insertOnly`: the input is never retracted, so calls may use their `insertOnly` variant. */
  constructor(calls: readonly AggregateCall[], insertOnly = false) {
    this.calls = insertOnly ? calls.map(withInsertOnlyFunction) : calls;
    this.args = calls.map((c) => new Array<unknown>(c.argIndexes.length));
    this.argPositions = calls.map((c) => c.argIndexes.map((_, i) => i));
    this.noDistinct = calls.some((c) => c.distinct === true) ? undefined : calls.map(() => null);
    const sameArgs = (a: AggregateCall, b: AggregateCall): boolean =>
      a.argIndexes.length === b.argIndexes.length && a.argIndexes.every((x, i) => x === b.argIndexes[i]);
    this.rowKeys = new Array<string | undefined>(calls.length);
    this.distinctKeyOwner = calls.map((c, i) =>
      c.distinct === true ? calls.findIndex((o) => o.distinct === true && sameArgs(o, c)) : i,
    );
  }

  /**
   * The distinct key of call `c`'s arguments, serialised once per row for all calls with the same
   * arguments: `keys` holds this row's keys by owning call (reset by the caller per row).
   */
  private distinctKey(c: number, args: unknown[], keys: (string | undefined)[]): string {
    const owner = this.distinctKeyOwner[c]!;
    let key = keys[owner];
    if (key === undefined) {
      key = serializeKey(args, this.argPositions[c]!);
      keys[owner] = key;
    }
    return key;
  }

  /** Every call supports retraction (needed for updating input). */
  supportsRetract(): boolean {
    return this.calls.every((c) => c.fn.retract !== undefined);
  }

  create(): AccumulatorRow {
    const calls = this.calls;
    const accs = new Array<unknown>(calls.length);
    for (let c = 0; c < calls.length; c++) accs[c] = calls[c]!.fn.createAccumulator();
    return {
      accs,
      count: 0,
      distinct:
        (this.noDistinct as (Map<string, [number, unknown[]]> | null)[] | undefined) ??
        calls.map((c) => (c.distinct === true ? new Map() : null)),
    };
  }

  accumulate(acc: AccumulatorRow, row: Row): void {
    acc.count++;
    const keys = this.rowKeys;
    if (this.noDistinct === undefined) keys.fill(undefined);
    for (let c = 0; c < this.calls.length; c++) {
      const call = this.calls[c]!;
      if (call.filterIndex !== undefined && row[call.filterIndex] !== true) continue;
      const args = this.fillArgs(c, row);
      const seen = acc.distinct[c];
      if (seen != null) {
        const key = this.distinctKey(c, args, keys);
        const entry = seen.get(key);
        if (entry !== undefined) {
          entry[0]++;
          continue;
        }
        seen.set(key, [1, [...args]]);
      }
      acc.accs[c] = call.fn.accumulate(acc.accs[c], args);
    }
  }

  retract(acc: AccumulatorRow, row: Row): void {
    acc.count--;
    const keys = this.rowKeys;
    if (this.noDistinct === undefined) keys.fill(undefined);
    for (let c = 0; c < this.calls.length; c++) {
      const call = this.calls[c]!;
      if (call.filterIndex !== undefined && row[call.filterIndex] !== true) continue;
      const args = this.fillArgs(c, row);
      const seen = acc.distinct[c];
      if (seen != null) {
        const key = this.distinctKey(c, args, keys);
        const entry = seen.get(key);
        if (entry === undefined) continue;
        if (entry[0] > 1) {
          entry[0]--;
          continue;
        }
        seen.delete(key);
      }
      const retract = call.fn.retract;
      if (retract === undefined) {
        throw new Error(
          `Aggregate ${call.fn.name ?? `#${c}`} cannot retract; the planner must use its retractable variant for updating input`,
        );
      }
      acc.accs[c] = retract.call(call.fn, acc.accs[c], args);
    }
  }

  /** Merges `other` into `acc` (session windows). */
  merge(acc: AccumulatorRow, other: AccumulatorRow): void {
    acc.count += other.count;
    for (let c = 0; c < this.calls.length; c++) {
      const call = this.calls[c]!;
      const seen = acc.distinct[c];
      const otherSeen = other.distinct[c];
      if (seen != null && otherSeen != null) {
        for (const [key, entry] of otherSeen) {
          const mine = seen.get(key);
          if (mine !== undefined) mine[0] += entry[0];
          else {
            seen.set(key, [entry[0], entry[1]]);
            acc.accs[c] = call.fn.accumulate(acc.accs[c], entry[1]);
          }
        }
        continue;
      }
      const merge = call.fn.merge;
      if (merge === undefined) {
        throw new Error(
          `Aggregate ${call.fn.name ?? `#${c}`} cannot merge accumulators, which session windows need`,
        );
      }
      acc.accs[c] = merge.call(call.fn, acc.accs[c], other.accs[c]);
    }
  }

  /** Writes the aggregate values into `out` starting at `offset`. */
  writeValues(acc: AccumulatorRow, out: unknown[], offset: number): void {
    for (let c = 0; c < this.calls.length; c++) out[offset + c] = this.calls[c]!.fn.getValue(acc.accs[c]);
  }

  private fillArgs(c: number, row: Row): unknown[] {
    const args = this.args[c]!;
    const idx = this.calls[c]!.argIndexes;
    for (let i = 0; i < idx.length; i++) args[i] = row[idx[i]!];
    return args;
  }
}

function withInsertOnlyFunction(call: AggregateCall): AggregateCall {
  const variant = call.fn.insertOnly;
  // A DISTINCT call sees each value once anyway; the variant suits it too.
  return variant === undefined ? call : { ...call, fn: variant };
}

/** SQL-value equality for change suppression (bigint, bytes, arrays, maps, plain objects). */
export function valuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') {
    return typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b);
  }
  if (Array.isArray(a) || a instanceof Uint8Array) {
    const bb = b as ArrayLike<unknown>;
    const aa = a as ArrayLike<unknown>;
    if (!(Array.isArray(b) || b instanceof Uint8Array) || aa.length !== bb.length) return false;
    for (let i = 0; i < aa.length; i++) if (!valuesEqual(aa[i], bb[i])) return false;
    return true;
  }
  if (a instanceof Map) {
    if (!(b instanceof Map) || a.size !== b.size) return false;
    for (const [k, v] of a) if (!b.has(k) || !valuesEqual(v, b.get(k))) return false;
    return true;
  }
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  for (const k of ka) {
    if (!valuesEqual((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k])) return false;
  }
  return true;
}
