/**
 * Stable key serialisation and key groups.
 *
 * A key (one or more grouping values) is serialised to a string that is equal for equal SQL values
 * and different otherwise; the string is what state maps are keyed by. Encoding, per value:
 *   null → `N`; true/false → `T`/`F`; number → `D<Number.toString>` (`-0` kept apart from `0`,
 *   matching Java's Double.equals); bigint → `B<decimal>`; string → `S<length>:<chars>`;
 *   Uint8Array → `X<hex>`; array (ROW/ARRAY) → `[` elements `]`; Map (MAP/MULTISET) → `{` k v … `}`
 *   in insertion order; plain object (e.g. PreciseTimestamp) → `O{` name value … `}` sorted by name.
 * Numbers, bigints and bytes end with `;` and strings carry their length, so the concatenation of a
 * composite key's values is unambiguous.
 *
 * Key groups partition keyed state for rescaling and checkpoints:
 * `keyGroup = murmur3_32(utf8(serialisedKey)) mod maxParallelism` (default 128, as Flink).
 */

export const DEFAULT_MAX_PARALLELISM = 128;

/** The encoding of one value (see the header); composite keys concatenate these in one pass. */
function valueText(value: unknown): string {
  if (value === null || value === undefined) return 'N';
  switch (typeof value) {
    case 'boolean':
      return value ? 'T' : 'F';
    case 'number':
      return Object.is(value, -0) ? 'D-0;' : `D${value};`;
    case 'bigint':
      return `B${value};`;
    case 'string':
      return `S${value.length}:${value}`;
    default:
      break;
  }
  if (Array.isArray(value)) {
    let text = '[';
    for (const v of value) text += valueText(v);
    return `${text}]`;
  }
  if (value instanceof Uint8Array) return `X${Buffer.from(value).toString('hex')};`;
  if (value instanceof Map) {
    let text = '{';
    for (const [k, v] of value) text += valueText(k) + valueText(v);
    return `${text}}`;
  }
  if (typeof value === 'object') {
    let text = 'O{';
    const record = value as Record<string, unknown>;
    for (const name of Object.keys(record).sort())
      text += `S${name.length}:${name}${valueText(record[name])}`;
    return `${text}}`;
  }
  throw new TypeError(`Cannot use a ${typeof value} as a state key`);
}

/** Serialises the values of `row` at `indexes` (a grouping key) into the stable key string. */
export function serializeKey(row: readonly unknown[], indexes: readonly number[]): string {
  if (indexes.length === 1) return valueText(row[indexes[0]!]);
  let text = '';
  for (let i = 0; i < indexes.length; i++) text += valueText(row[indexes[i]!]);
  return text;
}

/** Serialises a whole key row (all its values). */
export function serializeKeyRow(keyRow: readonly unknown[]): string {
  let text = '';
  for (let i = 0; i < keyRow.length; i++) text += valueText(keyRow[i]);
  return text;
}

/**
 * True when `a` and `b` serialise to the same key text (see the header), without building it:
 * numbers compare with Object.is (NaN = NaN, -0 ≠ 0), null equals undefined, a number never equals
 * a bigint. Used to find a stored row among the few that share a `hashKeyRow` bucket.
 */
export function keyValuesEqual(a: unknown, b: unknown): boolean {
  if (a === b) return typeof a !== 'number' || a !== 0 || Object.is(a, b);
  if (a === null || a === undefined) return b === null || b === undefined;
  if (typeof a !== 'object' || typeof b !== 'object' || b === null) {
    return typeof a === 'number' && Number.isNaN(a) && typeof b === 'number' && Number.isNaN(b);
  }
  if (Array.isArray(a)) {
    if (!Array.isArray(b) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (!keyValuesEqual(a[i], b[i])) return false;
    return true;
  }
  if (a instanceof Uint8Array) {
    if (!(b instanceof Uint8Array) || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
    return true;
  }
  // Maps and other objects are rare in rows: compare their encodings.
  return valueText(a) === valueText(b);
}

/** True when two rows have equal values at every position (`serializeKeyRow` equality). */
export function keyRowsEqual(a: readonly unknown[], b: readonly unknown[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (!keyValuesEqual(a[i], b[i])) return false;
  return true;
}

const HASH_MULTIPLIER = 0x9e3779b1;

function mix(h: number, k: number): number {
  return Math.imul((h ^ k) + 0x6b43a9b5, HASH_MULTIPLIER) ^ (h >>> 15);
}

/** A cheap hash of one value, equal for `keyValuesEqual` values; long strings are sampled. */
function valueHash(value: unknown): number {
  if (value === null || value === undefined) return 0x3c6ef372;
  switch (typeof value) {
    case 'number':
      // The integer part and the fraction: every double that differs in either differs here.
      return Number.isNaN(value)
        ? 0x7ff8
        : (mix(value | 0, ((value % 1) * 0x40000000) | 0) ^ (value / 4294967296)) | 0;
    case 'string': {
      // Up to 16 characters from each end and the length: cheap for ~100-character padding
      // strings; rows differing only in the middle share a bucket and are told apart by equality.
      const n = value.length;
      let h = n;
      if (n <= 32) for (let i = 0; i < n; i++) h = mix(h, value.charCodeAt(i));
      else {
        for (let i = 0; i < 16; i++) h = mix(h, value.charCodeAt(i));
        for (let i = n - 16; i < n; i++) h = mix(h, value.charCodeAt(i));
      }
      return h;
    }
    case 'boolean':
      return value ? 0x1b873593 : 0x2545f491;
    case 'bigint':
      return Number(BigInt.asIntN(32, value)) ^ 0x5bd1e995;
    default:
      break;
  }
  if (Array.isArray(value)) return hashKeyRow(value);
  // Other objects (bytes, maps, timestamps with nanoseconds) share one hash; equality separates them.
  return 0x68e31da4;
}

/** A 32-bit hash of a row's values, consistent with `keyRowsEqual` (not stable across versions). */
export function hashKeyRow(row: readonly unknown[]): number {
  let h = row.length;
  for (let i = 0; i < row.length; i++) h = mix(h, valueHash(row[i]));
  return h >>> 0;
}

/** MurmurHash3 x86 32-bit of the UTF-8 bytes of `text` (seed 0). */
export function murmur3(text: string, seed = 0): number {
  const bytes = Buffer.from(text, 'utf8');
  let h = seed >>> 0;
  const n = bytes.length;
  const blocks = n & ~3;
  for (let i = 0; i < blocks; i += 4) {
    let k = bytes[i]! | (bytes[i + 1]! << 8) | (bytes[i + 2]! << 16) | (bytes[i + 3]! << 24);
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  let k = 0;
  const tail = n & 3;
  if (tail === 3) k ^= bytes[blocks + 2]! << 16;
  if (tail >= 2) k ^= bytes[blocks + 1]! << 8;
  if (tail >= 1) {
    k ^= bytes[blocks]!;
    k = Math.imul(k, 0xcc9e2d51);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, 0x1b873593);
    h ^= k;
  }
  h ^= n;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

export function keyGroupOf(serializedKey: string, maxParallelism = DEFAULT_MAX_PARALLELISM): number {
  return murmur3(serializedKey) % maxParallelism;
}

/** The key groups a subtask owns, as Flink's KeyGroupRangeAssignment computes them. */
export function keyGroupRangeFor(
  subtaskIndex: number,
  parallelism: number,
  maxParallelism = DEFAULT_MAX_PARALLELISM,
): { readonly start: number; readonly end: number } {
  const start = Math.floor((subtaskIndex * maxParallelism + parallelism - 1) / parallelism);
  const end = Math.floor(((subtaskIndex + 1) * maxParallelism - 1) / parallelism);
  return { start, end };
}
