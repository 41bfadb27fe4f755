/**
 * LevelDB key layout of the spill store. One database per task holds every operator of the task, so a
 * key starts with the operator's prefix; then the key group (big-endian, so a key group — and a range
 * of them — is one contiguous key range), then the state name and the serialised key:
 *
 *   [u16 operator length][operator utf8][u32 key group][state utf8][0x00][key utf8]
 *
 * The length-prefixed operator name keeps one operator's range free of another's ("a" is not a prefix
 * of "ab"); the 0x00 after the state name orders rows by (group, state, key) byte-wise, exactly as the
 * SQLite store's primary key does, so both stores scan in the same order.
 */

import type { StoredRow } from '../embedded/store.ts';

/** Keys of a batch packed into one buffer: key i is `bytes[ends[i-1] ?? 0 .. ends[i]]`. */
export interface PackedKeys {
  readonly bytes: Uint8Array;
  readonly ends: Uint32Array;
}

const GROUP_BYTES = 4;

/** The prefix of every key of one operator. */
export function operatorPrefix(operator: string): Buffer {
  const name = Buffer.from(operator, 'utf8');
  if (name.length > 0xffff)
    throw new Error(`Operator name '${operator.slice(0, 40)}…' is too long for a state key`);
  const prefix = Buffer.alloc(2 + name.length);
  prefix.writeUInt16BE(name.length, 0);
  name.copy(prefix, 2);
  return prefix;
}

/** Checked once per state name: a 0x00 inside it would make the layout ambiguous. */
export function checkStateName(state: string): void {
  if (state.includes('\u0000')) {
    throw new Error(`State name ${JSON.stringify(state)} contains a NUL character; rename the state`);
  }
}

function rowKeyLength(prefix: Uint8Array, state: string, key: string): number {
  return prefix.length + GROUP_BYTES + Buffer.byteLength(state, 'utf8') + 1 + Buffer.byteLength(key, 'utf8');
}

function writeRowKey(target: Buffer, at: number, prefix: Uint8Array, row: StoredRowKey): number {
  target.set(prefix, at);
  at += prefix.length;
  target.writeUInt32BE(row[0], at);
  at += GROUP_BYTES;
  at += target.write(row[1], at, 'utf8');
  target[at++] = 0;
  return at + target.write(row[2], at, 'utf8');
}

type StoredRowKey = readonly [group: number, state: string, key: string, ...unknown[]];

let scratch = Buffer.allocUnsafe(1024);

/**
 * One row's key as a latin1 string (one character per byte): a string is the cheapest thing to post
 * to the worker (a typed array in a message costs several times more to clone), and the worker turns
 * it back into bytes with `Buffer.from(text, 'latin1')`.
 */
export function rowKeyText(prefix: Uint8Array, group: number, state: string, key: string): string {
  const length = rowKeyLength(prefix, state, key);
  if (length > scratch.length) scratch = Buffer.allocUnsafe(Math.max(length, 2 * scratch.length));
  writeRowKey(scratch, 0, prefix, [group, state, key]);
  return scratch.toString('latin1', 0, length);
}

/** The keys of many rows in one buffer. */
export function packRowKeys(prefix: Uint8Array, rows: readonly StoredRowKey[]): PackedKeys {
  const ends = new Uint32Array(rows.length);
  let total = 0;
  for (const [i, row] of rows.entries()) {
    total += rowKeyLength(prefix, row[1], row[2]);
    ends[i] = total;
  }
  const bytes = Buffer.from(new ArrayBuffer(total));
  let at = 0;
  for (const row of rows) at = writeRowKey(bytes, at, prefix, row);
  return { bytes, ends };
}

/** The first key of key group `group` of an operator (`group` may be one past the last group). */
export function groupStart(prefix: Uint8Array, group: number): Uint8Array {
  const bytes = Buffer.from(new ArrayBuffer(prefix.length + GROUP_BYTES));
  bytes.set(prefix, 0);
  bytes.writeUInt32BE(group, prefix.length);
  return bytes;
}

/** The smallest key greater than every key starting with `prefix`. */
export function prefixEnd(prefix: Uint8Array): Uint8Array {
  const end = Uint8Array.from(prefix);
  for (let i = end.length - 1; i >= 0; i--) {
    if (end[i]! < 0xff) {
      end[i]!++;
      return end.subarray(0, i + 1);
    }
  }
  throw new Error('A key prefix of only 0xff bytes has no end');
}

/** The smallest key greater than `key` (scans resume after the last key they returned). */
export function keyAfter(key: Uint8Array): Uint8Array {
  const next = new Uint8Array(key.length + 1);
  next.set(key, 0);
  return next;
}

/** Decodes packed keys (of one operator) and their values into stored rows. */
export function unpackRows(prefixLength: number, keys: PackedKeys, values: readonly string[]): StoredRow[] {
  const bytes = Buffer.from(keys.bytes.buffer, keys.bytes.byteOffset, keys.bytes.byteLength);
  const rows: StoredRow[] = new Array(values.length);
  let start = 0;
  let lastState = '';
  let lastStateBytes: Buffer | undefined;
  for (let i = 0; i < values.length; i++) {
    const end = keys.ends[i]!;
    const groupAt = start + prefixLength;
    const group = bytes.readUInt32BE(groupAt);
    const stateAt = groupAt + GROUP_BYTES;
    const nul = bytes.indexOf(0, stateAt);
    if (nul < 0 || nul >= end) throw new Error('A LevelDB state key has no state-name terminator');
    // rows of one state come together: decode the name once per run
    const stateBytes = bytes.subarray(stateAt, nul);
    if (lastStateBytes === undefined || !stateBytes.equals(lastStateBytes)) {
      lastState = stateBytes.toString('utf8');
      lastStateBytes = stateBytes;
    }
    rows[i] = [group, lastState, bytes.toString('utf8', nul + 1, end), values[i]!];
    start = end;
  }
  return rows;
}

/** The key group of a key of an operator (for `groups()` answers). */
export function groupOfKey(prefixLength: number, key: Uint8Array): number {
  return Buffer.from(key.buffer, key.byteOffset, key.byteLength).readUInt32BE(prefixLength);
}
