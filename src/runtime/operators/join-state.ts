/**
 * Per-join-key record state of one join input, in the three layouts of Flink's JoinRecordStateViews /
 * OuterJoinRecordStateViews, chosen by the planner from the input's unique keys:
 * - `join-key-contains-unique-key`: at most one live row per join key (one value);
 * - `unique-key`: rows by their unique key (a map; an update replaces the row with that key);
 * - `no-unique-key`: a multiset (row → count); retracting removes one copy. An insert-only input
 *   whose association counts nobody reads (`appendOnly`) keeps a key's rows as a plain list instead.
 * Each record also carries its number of associations (matched rows on the other side), which the
 * outer side of a join and the left side of a semi/anti join need. The backend's current key must be
 * set to the join key before any call.
 */

import { hashKeyRow, keyRowsEqual, serializeKey, serializeKeyRow } from '../../state/keys.ts';
import type { KeyedStateBackend, MapState, StateTtl, ValueState } from '../../state/state.ts';
import type { Row } from '../batch.ts';

export type JoinStateLayout =
  | { readonly kind: 'join-key-contains-unique-key' }
  | { readonly kind: 'unique-key'; readonly uniqueKeyIndexes: readonly number[] }
  | { readonly kind: 'no-unique-key' };

/** A stored record: the row (kind erased), how many copies, and its number of associations. */
export interface JoinRecord {
  row: Row;
  count: number;
  associations: number;
}

export interface JoinRecordView {
  /** Adds one copy of `row` with `associations` (a copy of a known row takes the new number). */
  add(row: Row, associations: number): void;
  /** Removes one copy of `row` (by unique key, or the value itself); unknown rows are ignored. */
  retract(row: Row): void;
  /** The live records (each carries its copy count); valid until the view is next changed. */
  records(): readonly JoinRecord[];
  /** Sets the association count of a stored record. */
  updateAssociations(row: Row, associations: number): void;
}

const allIndexes = (row: Row): string => serializeKeyRow(row);

/**
 * `appendOnly`: the input never retracts (changelog mode [I]) and the side is not outer, so no
 * record is ever looked up by its row — only a `no-unique-key` layout without TTL uses it.
 */
export function createJoinRecordView(
  backend: KeyedStateBackend,
  name: string,
  layout: JoinStateLayout,
  stateTtlMs: number,
  appendOnly = false,
): JoinRecordView {
  const ttl: StateTtl | undefined = stateTtlMs > 0 ? { ttlMs: stateTtlMs } : undefined;
  const desc = { name, ...(ttl !== undefined ? { ttl } : {}) };
  switch (layout.kind) {
    case 'join-key-contains-unique-key':
      return new SingleRecordView(backend.valueState<JoinRecord>(desc));
    case 'unique-key': {
      const indexes = layout.uniqueKeyIndexes;
      return new KeyedRecordsView(
        backend.mapState<string, JoinRecord>(desc),
        (row) => serializeKey(row, indexes),
        false,
      );
    }
    case 'no-unique-key':
      // With TTL each row keeps its own write time, so rows stay one entry each (keyed by their
      // text); without, a join key's rows are one value and need no key string per row.
      if (ttl !== undefined) {
        return new KeyedRecordsView(backend.mapState<string, JoinRecord>(desc), allIndexes, true);
      }
      return appendOnly
        ? new AppendOnlyRecordsView(backend.valueState<StoredRecords>({ name: `${name}-multiset` }))
        : new MultisetRecordsView(backend.valueState<StoredRecords>({ name: `${name}-multiset` }));
  }
}

class SingleRecordView implements JoinRecordView {
  constructor(private readonly state: ValueState<JoinRecord>) {}
  add(row: Row, associations: number): void {
    this.state.update({ row, count: 1, associations });
  }
  retract(_row: Row): void {
    this.state.clear();
  }
  records(): readonly JoinRecord[] {
    const r = this.state.value();
    return r === null ? [] : [r];
  }
  updateAssociations(_row: Row, associations: number): void {
    const r = this.state.value();
    if (r !== null) this.state.update({ row: r.row, count: 1, associations });
  }
}

class KeyedRecordsView implements JoinRecordView {
  constructor(
    private readonly state: MapState<string, JoinRecord>,
    private readonly keyOf: (row: Row) => string,
    private readonly counted: boolean,
  ) {}
  add(row: Row, associations: number): void {
    const key = this.keyOf(row);
    const existing = this.counted ? this.state.get(key) : undefined;
    const count = existing === undefined ? 1 : existing.count + 1;
    this.state.put(key, { row, count, associations });
  }
  retract(row: Row): void {
    const key = this.keyOf(row);
    const existing = this.state.get(key);
    if (existing === undefined) return;
    if (this.counted && existing.count > 1) this.state.put(key, { ...existing, count: existing.count - 1 });
    else this.state.remove(key);
  }
  records(): readonly JoinRecord[] {
    const out: JoinRecord[] = [];
    for (const [, r] of this.state.entries()) out.push(r);
    return out;
  }
  updateAssociations(row: Row, associations: number): void {
    const key = this.keyOf(row);
    const existing = this.state.get(key);
    if (existing !== undefined) this.state.put(key, { ...existing, associations });
  }
}

/**
 * Rows of one join key as a multiset without a key string per row: a list of distinct rows with copy
 * counts (found by `keyRowsEqual`), which becomes buckets by `hashKeyRow` once it passes
 * `LIST_LIMIT` rows so that adding stays O(1) for keys with many rows. One value per join key, so a
 * key with one row costs one small array. Records are changed in place and the value written back
 * (snapshots copy values, so that is safe).
 */
type StoredRecords = JoinRecord[] | Map<number, JoinRecord[]>;

const LIST_LIMIT = 16;

class MultisetRecordsView implements JoinRecordView {
  constructor(private readonly state: ValueState<StoredRecords>) {}
  add(row: Row, associations: number): void {
    const stored = this.state.value();
    if (stored === null) {
      this.state.update([{ row, count: 1, associations }]);
      return;
    }
    const bucket = Array.isArray(stored) ? stored : bucketOf(stored, hashKeyRow(row), true);
    const existing = findRecord(bucket, row);
    if (existing === undefined) bucket.push({ row, count: 1, associations });
    else {
      existing.row = row;
      existing.count++;
      existing.associations = associations;
    }
    this.state.update(Array.isArray(stored) && stored.length > LIST_LIMIT ? indexByHash(stored) : stored);
  }
  retract(row: Row): void {
    const stored = this.state.value();
    if (stored === null) return;
    const hash = Array.isArray(stored) ? 0 : hashKeyRow(row);
    const bucket = Array.isArray(stored) ? stored : bucketOf(stored, hash, false);
    const existing = findRecord(bucket, row);
    if (existing === undefined) return;
    if (existing.count > 1) existing.count--;
    else {
      bucket.splice(bucket.indexOf(existing), 1);
      if (!Array.isArray(stored) && bucket.length === 0) stored.delete(hash);
      if (Array.isArray(stored) ? stored.length === 0 : stored.size === 0) {
        this.state.clear();
        return;
      }
    }
    this.state.update(stored);
  }
  records(): readonly JoinRecord[] {
    const stored = this.state.value();
    return stored === null ? NO_RECORDS : flatten(stored);
  }
  updateAssociations(row: Row, associations: number): void {
    const stored = this.state.value();
    if (stored === null) return;
    const bucket = Array.isArray(stored) ? stored : bucketOf(stored, hashKeyRow(row), false);
    const existing = findRecord(bucket, row);
    if (existing === undefined) return;
    existing.associations = associations;
    this.state.update(stored);
  }
}

const NO_RECORDS: readonly JoinRecord[] = [];

/**
 * Rows of one join key from an insert-only input that is not an outer side: nothing retracts a row
 * or changes its association count, so adding needs no equality search and no hash bucket, only a
 * push (for Nexmark q7 that search and the buckets were a quarter of the join's time). Equal rows
 * are separate records of count 1, which a probe visits as often as one record of count n. The value
 * has the multiset view's list form (and reads its hashed form), so a savepoint moves between them.
 */
class AppendOnlyRecordsView implements JoinRecordView {
  constructor(private readonly state: ValueState<StoredRecords>) {}
  add(row: Row, associations: number): void {
    const stored = this.state.value();
    const record = { row, count: 1, associations };
    if (stored === null) this.state.update([record]);
    else if (Array.isArray(stored)) {
      stored.push(record);
      this.state.update(stored);
    } else this.state.update([...flatten(stored), record]);
  }
  retract(row: Row): void {
    // An insert-only input sends none; still exact if one comes: one copy goes.
    const stored = this.state.value();
    if (stored === null) return;
    const list = flatten(stored);
    const existing = findRecord(list, row);
    if (existing === undefined) return;
    if (existing.count > 1) existing.count--;
    else list.splice(list.indexOf(existing), 1);
    if (list.length === 0) this.state.clear();
    else this.state.update(list);
  }
  records(): readonly JoinRecord[] {
    const stored = this.state.value();
    if (stored === null) return NO_RECORDS;
    return Array.isArray(stored) ? stored : flatten(stored);
  }
  updateAssociations(): void {
    throw new Error(
      'An append-only join state does not track associations: open an outer side with appendOnly = false',
    );
  }
}

function flatten(stored: StoredRecords): JoinRecord[] {
  if (Array.isArray(stored)) return stored;
  const out: JoinRecord[] = [];
  for (const bucket of stored.values()) for (const r of bucket) out.push(r);
  return out;
}

function bucketOf(index: Map<number, JoinRecord[]>, hash: number, create: boolean): JoinRecord[] {
  let bucket = index.get(hash);
  if (bucket === undefined) {
    bucket = [];
    if (create) index.set(hash, bucket);
  }
  return bucket;
}

function indexByHash(records: readonly JoinRecord[]): Map<number, JoinRecord[]> {
  const index = new Map<number, JoinRecord[]>();
  for (const r of records) bucketOf(index, hashKeyRow(r.row), true).push(r);
  return index;
}

function findRecord(bucket: readonly JoinRecord[], row: Row): JoinRecord | undefined {
  for (let i = 0; i < bucket.length; i++) if (keyRowsEqual(bucket[i]!.row, row)) return bucket[i];
  return undefined;
}

/** True when some equi-key column that filters nulls (`=`, not IS NOT DISTINCT FROM) is null. */
export function hasFilteredNull(
  row: Row,
  keyIndexes: readonly number[],
  filterNulls: readonly boolean[] | undefined,
): boolean {
  for (let i = 0; i < keyIndexes.length; i++) {
    if ((filterNulls === undefined || filterNulls[i] !== false) && row[keyIndexes[i]!] === null) return true;
  }
  return false;
}

export function keyRowOf(row: Row, keyIndexes: readonly number[]): unknown[] {
  const key = new Array<unknown>(keyIndexes.length);
  for (let i = 0; i < keyIndexes.length; i++) key[i] = row[keyIndexes[i]!];
  return key;
}

/** Joined output row: left fields then right fields; a null side is padded with `arity` nulls. */
export function joinRows(left: Row | null, right: Row | null, leftArity: number, rightArity: number): Row {
  const out = new Array<unknown>(leftArity + rightArity).fill(null);
  if (left !== null) for (let i = 0; i < leftArity; i++) out[i] = left[i];
  if (right !== null) for (let i = 0; i < rightArity; i++) out[leftArity + i] = right[i];
  return out;
}
