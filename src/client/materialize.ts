/**
 * The current state of a changelog: rows kept by upsert key (an upsert stream) or by the whole row
 * with a count (a retract stream, where equal rows may occur several times). Insertion order is kept,
 * so a view over the table stays stable as rows update in place.
 */
import type { Change } from './types.ts';
import { Decimal, SqlDate, SqlTime, SqlTimestamp, type SqlValue } from './values.ts';

/** A string that equal values share (Maps and byte arrays compare by content). */
export function valueKey(value: SqlValue): string {
  if (value === null) return 'n';
  if (typeof value === 'bigint') return `b${value}`;
  if (typeof value === 'string') return `s${JSON.stringify(value)}`;
  if (typeof value === 'number' || typeof value === 'boolean') return `v${String(value)}`;
  if (
    value instanceof Decimal ||
    value instanceof SqlDate ||
    value instanceof SqlTime ||
    value instanceof SqlTimestamp
  )
    return `t${value.toString()}`;
  if (value instanceof Uint8Array) return `x${Buffer.from(value).toString('hex')}`;
  if (value instanceof Map)
    return `m[${[...value].map(([k, v]) => `${valueKey(k)}=${valueKey(v)}`).join(',')}]`;
  return `a[${value.map(valueKey).join(',')}]`;
}

interface Entry {
  row: SqlValue[];
  count: number;
}

export class MaterializedTable {
  private readonly entries = new Map<string, Entry>();

  /** `keyColumns`: the upsert key's column indexes; empty = key by the whole row. */
  constructor(private readonly keyColumns: readonly number[] = []) {}

  private keyOf(row: readonly SqlValue[]): string {
    const parts = this.keyColumns.length > 0 ? this.keyColumns.map((i) => row[i] ?? null) : row;
    return parts.map(valueKey).join('|');
  }

  apply(change: Change<SqlValue[]>): void {
    const key = this.keyOf(change.row);
    const entry = this.entries.get(key);
    if (change.op === 0 || change.op === 2) {
      if (this.keyColumns.length > 0 || entry === undefined)
        this.entries.set(key, { row: change.row, count: 1 });
      else entry.count++;
      return;
    }
    if (entry === undefined) return;
    if (this.keyColumns.length > 0 || entry.count <= 1) this.entries.delete(key);
    else entry.count--;
  }

  get size(): number {
    let n = 0;
    for (const e of this.entries.values()) n += e.count;
    return n;
  }

  /** The current rows (a retract stream's duplicates repeated). */
  rows(): SqlValue[][] {
    const out: SqlValue[][] = [];
    for (const e of this.entries.values()) for (let i = 0; i < e.count; i++) out.push(e.row);
    return out;
  }
}
