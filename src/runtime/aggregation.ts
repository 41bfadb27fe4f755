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

/**
 * One distinct value of the DISTINCT calls that share an argument list: per call of that group, how
 * often the value was seen passing the call's filter, and the argument values (for merging).
 */
export type DistinctEntry = [counts: number[], args: unknown[]];

/** The layout of `AccumulatorRow.distinct` (see there); absent in state written before it. */
const SHARED_DISTINCT = 2;

export interface AccumulatorRow {
  accs: unknown[];
  /** Rows accumulated minus rows retracted. */
  count: number;
  /**
   * Per call: at the first DISTINCT call of each argument list, the distinct values of every DISTINCT
   * call with those arguments (Flink's DistinctInfo: one map per argument list, a count per filter);
   * null at other calls. State written before the sharing (a map of `[occurrences, arguments]` per
   * DISTINCT call) is converted on first use.
   */
  distinct: (Map<string, DistinctEntry> | null)[];
  distinctLayout?: number;
}

export class AggregateHandle {
  readonly calls: readonly AggregateCall[];
  private readonly args: unknown[][];
  /** 0..n-1 per call: the positions to serialise a distinct key from the argument array. */
  private readonly argPositions: number[][];

  /** Shared by every accumulator row when no call is DISTINCT (never written then). */
  private readonly noDistinct: readonly null[] | undefined;
  /** Per DISTINCT call: the first DISTINCT call with the same arguments (the group's owner). */
  private readonly owner: readonly number[];
  /** Per DISTINCT call: its position in its group's counts; per owner: the group's size. */
  private readonly slot: readonly number[];
  private readonly groupSize: readonly number[];
  /** This row's entry per owner (a row looks each group's value up once), reset per row. */
  private readonly rowEntries: (DistinctEntry | undefined)[];

  /** `insertOnly`: the input is never retracted, so calls may use their `insertOnly` variant. */
  constructor(calls: readonly AggregateCall[], insertOnly = false) {
    this.calls = insertOnly ? calls.map(withInsertOnlyFunction) : calls;
    this.args = calls.map((c) => new Array<unknown>(c.argIndexes.length));
    this.argPositions = calls.map((c) => c.argIndexes.map((_, i) => i));
    this.noDistinct = calls.some((c) => c.distinct === true) ? undefined : calls.map(() => null);
    const sameArgs = (a: AggregateCall, b: AggregateCall): boolean =>
      a.argIndexes.length === b.argIndexes.length && a.argIndexes.every((x, i) => x === b.argIndexes[i]);
    this.owner = calls.map((c, i) =>
      c.distinct === true ? calls.findIndex((o) => o.distinct === true && sameArgs(o, c)) : i,
    );
    const sizes = calls.map(() => 0);
    this.slot = calls.map((c, i) => (c.distinct === true ? sizes[this.owner[i]!]!++ : 0));
    this.groupSize = sizes;
    this.rowEntries = new Array<DistinctEntry | undefined>(calls.length);
  }

  /** Every call supports retraction (needed for updating input). */
  supportsRetract(): boolean {
    return this.calls.every((c) => c.fn.retract !== undefined);
  }

  create(): AccumulatorRow {
    const calls = this.calls;
    const accs = new Array<unknown>(calls.length);
    for (let c = 0; c < calls.length; c++) accs[c] = calls[c]!.fn.createAccumulator();
    if (this.noDistinct !== undefined) {
      return { accs, count: 0, distinct: this.noDistinct as (Map<string, DistinctEntry> | null)[] };
    }
    return {
      accs,
      count: 0,
      distinct: calls.map((c, i) => (c.distinct === true && this.owner[i] === i ? new Map() : null)),
      distinctLayout: SHARED_DISTINCT,
    };
  }

  accumulate(acc: AccumulatorRow, row: Row): void {
    acc.count++;
    if (this.noDistinct === undefined) this.startRow(acc);
    for (let c = 0; c < this.calls.length; c++) {
      const call = this.calls[c]!;
      if (call.filterIndex !== undefined && row[call.filterIndex] !== true) continue;
      const args = this.fillArgs(c, row);
      if (call.distinct === true) {
        const entry = this.entry(acc, c, args, true)!;
        // only the first occurrence (for this call's filter) reaches the aggregate
        if (entry[0][this.slot[c]!]!++ > 0) continue;
      }
      acc.accs[c] = call.fn.accumulate(acc.accs[c], args);
    }
  }

  retract(acc: AccumulatorRow, row: Row): void {
    acc.count--;
    if (this.noDistinct === undefined) this.startRow(acc);
    for (let c = 0; c < this.calls.length; c++) {
      const call = this.calls[c]!;
      if (call.filterIndex !== undefined && row[call.filterIndex] !== true) continue;
      const args = this.fillArgs(c, row);
      if (call.distinct === true) {
        const entry = this.entry(acc, c, args, false);
        const slot = this.slot[c]!;
        if (entry === undefined || entry[0][slot] === 0) continue;
        if (--entry[0][slot]! > 0) continue;
        // the last occurrence for this call: the value goes when no call of the group has it
        if (entry[0].every((n) => n === 0)) {
          acc.distinct[this.owner[c]!]!.delete(serializeKey(args, this.argPositions[c]!));
        }
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
    if (this.noDistinct === undefined) {
      this.upgrade(acc);
      this.upgrade(other);
    }
    for (let c = 0; c < this.calls.length; c++) {
      const call = this.calls[c]!;
      if (call.distinct === true) continue;
      const merge = call.fn.merge;
      if (merge === undefined) {
        throw new Error(
          `Aggregate ${call.fn.name ?? `#${c}`} cannot merge accumulators, which session windows need`,
        );
      }
      acc.accs[c] = merge.call(call.fn, acc.accs[c], other.accs[c]);
    }
    for (let o = 0; o < this.calls.length; o++) {
      const theirs = other.distinct[o];
      const seen = acc.distinct[o];
      if (theirs == null || seen == null) continue;
      for (const [key, [counts, args]] of theirs) {
        let mine = seen.get(key);
        if (mine === undefined) {
          mine = [new Array<number>(counts.length).fill(0), args];
          seen.set(key, mine);
        }
        for (let c = o; c < this.calls.length; c++) {
          if (this.calls[c]!.distinct !== true || this.owner[c] !== o) continue;
          const slot = this.slot[c]!;
          if (counts[slot]! > 0 && mine[0][slot] === 0) {
            acc.accs[c] = this.calls[c]!.fn.accumulate(acc.accs[c], args);
          }
          mine[0][slot]! += counts[slot]!;
        }
      }
    }
  }

  /** Per row: converts state of the older layout, and forgets the previous row's entries. */
  private startRow(acc: AccumulatorRow): void {
    this.upgrade(acc);
    this.rowEntries.fill(undefined);
  }

  /**
   * Call `c`'s entry for `args`: looked up (and with `create`, made) once per row for its group;
   * undefined when absent and not created.
   */
  private entry(acc: AccumulatorRow, c: number, args: unknown[], create: boolean): DistinctEntry | undefined {
    const owner = this.owner[c]!;
    let entry = this.rowEntries[owner];
    if (entry !== undefined) return entry;
    const seen = acc.distinct[owner]!;
    const key = serializeKey(args, this.argPositions[c]!);
    entry = seen.get(key);
    if (entry === undefined && create) {
      entry = [new Array<number>(this.groupSize[owner]!).fill(0), [...args]];
      seen.set(key, entry);
    }
    this.rowEntries[owner] = entry;
    return entry;
  }

  /** State written before DISTINCT calls shared their values: one `[occurrences, args]` map each. */
  private upgrade(acc: AccumulatorRow): void {
    if (acc.distinctLayout === SHARED_DISTINCT) return;
    const old = acc.distinct as unknown as (Map<string, [number, unknown[]]> | null | undefined)[];
    const shared: (Map<string, DistinctEntry> | null)[] = this.calls.map(() => null);
    for (let c = 0; c < this.calls.length; c++) {
      if (this.calls[c]!.distinct !== true) continue;
      const o = this.owner[c]!;
      const target = (shared[o] ??= new Map());
      for (const [key, [n, args]] of old[c] ?? []) {
        let entry = target.get(key);
        if (entry === undefined) {
          entry = [new Array<number>(this.groupSize[o]!).fill(0), args];
          target.set(key, entry);
        }
        entry[0][this.slot[c]!] = n;
      }
    }
    acc.distinct = shared;
    acc.distinctLayout = SHARED_DISTINCT;
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
