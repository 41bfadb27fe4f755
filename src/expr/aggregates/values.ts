/** MIN, MAX, FIRST_VALUE, LAST_VALUE, LISTAGG and COLLECT, all retractable. */
import { isCharacterKind, type LogicalType, T, withNullability } from '../types.ts';
import { comparatorFor, valueKey } from '../values/compare.ts';
import { type AggregateFunction, defineAggregate } from './aggregate.ts';

/**
 * Sorted distinct values with their multiplicities, so a retracted extreme can be replaced.
 * Accumulated values wait unsorted in `pending` and are merged in one sort when the accumulator is
 * read, retracted from or merged (or when `pending` outgrows `entries`): inserting each value into the
 * sorted array would move half of it per value, quadratic for a window with many distinct values.
 */
interface SortedCountsAcc {
  entries: [unknown, number][];
  /** Accumulated values not yet in `entries` (absent in accumulators written before it existed). */
  pending?: unknown[];
}

/** Pending values merged at once, at least (a batch amortises the sort and the merge). */
const MIN_PENDING_FLUSH = 1024;

function extreme(name: 'MIN' | 'MAX', argTypes: readonly LogicalType[]): AggregateFunction | undefined {
  const arg = argTypes[0];
  if (argTypes.length !== 1 || !arg || arg.kind === 'MAP' || arg.kind === 'MULTISET') return undefined;
  const cmp = comparatorFor(arg);
  const find = (entries: [unknown, number][], v: unknown): { index: number; found: boolean } => {
    let lo = 0;
    let hi = entries.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      const c = cmp(entries[mid]![0], v);
      if (c === 0) return { index: mid, found: true };
      if (c < 0) lo = mid + 1;
      else hi = mid;
    }
    return { index: lo, found: false };
  };
  const add = (acc: SortedCountsAcc, v: unknown, n: number): void => {
    const { index, found } = find(acc.entries, v);
    if (found) {
      const e = acc.entries[index]!;
      e[1] += n;
      if (e[1] === 0) acc.entries.splice(index, 1);
    } else if (n > 0) {
      acc.entries.splice(index, 0, [v, n]);
    }
  };
  /** Sorts the pending values and merges them into `entries` (equal values add their counts). */
  const flush = (acc: SortedCountsAcc): SortedCountsAcc => {
    const pending = acc.pending;
    if (pending === undefined || pending.length === 0) return acc;
    acc.pending = [];
    if (pending.length === 1) {
      add(acc, pending[0], 1);
      return acc;
    }
    pending.sort(cmp);
    const old = acc.entries;
    const merged: [unknown, number][] = [];
    let i = 0;
    let j = 0;
    while (i < old.length || j < pending.length) {
      const c = i === old.length ? 1 : j === pending.length ? -1 : cmp(old[i]![0], pending[j]);
      let entry: [unknown, number];
      if (c < 0) entry = old[i++]!;
      else if (c > 0) entry = [pending[j++], 1];
      else {
        entry = old[i++]!;
        entry[1]++;
        j++;
      }
      while (j < pending.length && cmp(entry[0], pending[j]) === 0) {
        entry[1]++;
        j++;
      }
      merged.push(entry);
    }
    acc.entries = merged;
    return acc;
  };
  const fn: AggregateFunction<SortedCountsAcc> = {
    name,
    argTypes,
    resultType: withNullability(arg, true),
    retractable: true,
    createAccumulator: () => ({ entries: [], pending: [] }),
    accumulate: (acc, v) => {
      if (v === null || v === undefined) return acc;
      const pending = (acc.pending ??= []);
      pending.push(v);
      if (pending.length >= MIN_PENDING_FLUSH && pending.length > acc.entries.length) flush(acc);
      return acc;
    },
    retract: (acc, v) => {
      if (v !== null && v !== undefined) add(flush(acc), v, -1);
      return acc;
    },
    merge: (acc, o) => {
      flush(acc);
      for (const [v, n] of flush(o).entries) add(acc, v, n);
      return acc;
    },
    getValue: (acc) => {
      const { entries } = flush(acc);
      const e = name === 'MIN' ? entries[0] : entries[entries.length - 1];
      return e ? e[0] : null;
    },
  };
  return fn as AggregateFunction;
}
defineAggregate('MIN', ['MIN(<COMPARABLE>)'], (a) => extreme('MIN', a));
defineAggregate('MAX', ['MAX(<COMPARABLE>)'], (a) => extreme('MAX', a));

/** Non-null values in arrival order with a sequence number, so retraction can remove one. */
interface OrderedAcc {
  next: number;
  values: [unknown, number][];
}

function firstLast(
  name: 'FIRST_VALUE' | 'LAST_VALUE',
  argTypes: readonly LogicalType[],
): AggregateFunction | undefined {
  const arg = argTypes[0];
  if (argTypes.length !== 1 || !arg) return undefined;
  const key = (v: unknown) => valueKey(v, arg);
  const fn: AggregateFunction<OrderedAcc> = {
    name,
    argTypes,
    resultType: withNullability(arg, true),
    retractable: true,
    createAccumulator: () => ({ next: 0, values: [] }),
    accumulate: (acc, v) => {
      if (v !== null && v !== undefined) acc.values.push([v, acc.next++]);
      return acc;
    },
    retract: (acc, v) => {
      if (v === null || v === undefined) return acc;
      const k = key(v);
      // FIRST_VALUE gives up the earliest occurrence of the value, LAST_VALUE the latest
      if (name === 'FIRST_VALUE') {
        const i = acc.values.findIndex(([x]) => key(x) === k);
        if (i >= 0) acc.values.splice(i, 1);
      } else {
        for (let i = acc.values.length - 1; i >= 0; i--) {
          if (key(acc.values[i]![0]) === k) {
            acc.values.splice(i, 1);
            break;
          }
        }
      }
      return acc;
    },
    merge: (acc, o) => {
      for (const [v] of o.values) acc.values.push([v, acc.next++]);
      return acc;
    },
    getValue: (acc) => {
      const e = name === 'FIRST_VALUE' ? acc.values[0] : acc.values[acc.values.length - 1];
      return e ? e[0] : null;
    },
  };
  return fn as AggregateFunction;
}
defineAggregate('FIRST_VALUE', ['FIRST_VALUE(<ANY>)'], (a) => firstLast('FIRST_VALUE', a));
defineAggregate('LAST_VALUE', ['LAST_VALUE(<ANY>)'], (a) => firstLast('LAST_VALUE', a));

interface ListAggAcc {
  values: string[];
  separator: string;
}
defineAggregate('LISTAGG', ['LISTAGG(<STRING>)', 'LISTAGG(<STRING>, <STRING> separator)'], (argTypes) => {
  if (argTypes.length < 1 || argTypes.length > 2 || !argTypes.every((t) => isCharacterKind(t.kind)))
    return undefined;
  const fn: AggregateFunction<ListAggAcc> = {
    name: 'LISTAGG',
    argTypes,
    resultType: T.string(true),
    retractable: true,
    createAccumulator: () => ({ values: [], separator: ',' }),
    accumulate: (acc, v, sep) => {
      if (typeof sep === 'string') acc.separator = sep;
      if (v !== null && v !== undefined) acc.values.push(v as string);
      return acc;
    },
    retract: (acc, v) => {
      const i = acc.values.indexOf(v as string);
      if (i >= 0) acc.values.splice(i, 1);
      return acc;
    },
    merge: (acc, o) => {
      acc.values.push(...o.values);
      return acc;
    },
    getValue: (acc) => (acc.values.length === 0 ? null : acc.values.join(acc.separator)),
  };
  return fn as AggregateFunction;
});

/** COLLECT: a MULTISET of the non-null values, kept as [value, count] pairs by value key. */
interface CollectAcc {
  entries: Record<string, [unknown, number]>;
}
defineAggregate('COLLECT', ['COLLECT(<ANY>)'], (argTypes) => {
  const arg = argTypes[0];
  if (argTypes.length !== 1 || !arg) return undefined;
  const add = (acc: CollectAcc, v: unknown, n: number) => {
    const k = valueKey(v, arg);
    const e = acc.entries[k];
    if (e) {
      e[1] += n;
      if (e[1] <= 0) delete acc.entries[k];
    } else if (n > 0) acc.entries[k] = [v, n];
  };
  const fn: AggregateFunction<CollectAcc> = {
    name: 'COLLECT',
    argTypes,
    resultType: T.multiset(withNullability(arg, false), false),
    retractable: true,
    createAccumulator: () => ({ entries: {} }),
    accumulate: (acc, v) => {
      if (v !== null && v !== undefined) add(acc, v, 1);
      return acc;
    },
    retract: (acc, v) => {
      if (v !== null && v !== undefined) add(acc, v, -1);
      return acc;
    },
    merge: (acc, o) => {
      for (const [v, n] of Object.values(o.entries)) add(acc, v, n);
      return acc;
    },
    getValue: (acc) => new Map(Object.values(acc.entries)),
  };
  return fn as AggregateFunction;
});
