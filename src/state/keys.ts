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

function appendValue(parts: string[], value: unknown): void {
  if (value === null || value === undefined) {
    parts.push('N');
    return;
  }
  switch (typeof value) {
    case 'boolean':
      parts.push(value ? 'T' : 'F');
      return;
    case 'number':
      parts.push(Object.is(value, -0) ? 'D-0;' : `D${value};`);
      return;
    case 'bigint':
      parts.push(`B${value};`);
      return;
    case 'string':
      parts.push(`S${value.length}:`, value);
      return;
    default:
      break;
  }
  if (Array.isArray(value)) {
    parts.push('[');
    for (const v of value) appendValue(parts, v);
    parts.push(']');
  } else if (value instanceof Uint8Array) {
    parts.push(`X${Buffer.from(value).toString('hex')};`);
  } else if (value instanceof Map) {
    parts.push('{');
    for (const [k, v] of value) {
      appendValue(parts, k);
      appendValue(parts, v);
    }
    parts.push('}');
  } else if (typeof value === 'object') {
    parts.push('O{');
    const record = value as Record<string, unknown>;
    for (const name of Object.keys(record).sort()) {
      parts.push(`S${name.length}:`, name);
      appendValue(parts, record[name]);
    }
    parts.push('}');
  } else {
    throw new TypeError(`Cannot use a ${typeof value} as a state key`);
  }
}

/** Serialises the values of `row` at `indexes` (a grouping key) into the stable key string. */
export function serializeKey(row: readonly unknown[], indexes: readonly number[]): string {
  // Fast path for the most common single-column keys: no array of parts.
  if (indexes.length === 1) {
    const v = row[indexes[0]!];
    if (typeof v === 'string') return `S${v.length}:${v}`;
    if (typeof v === 'number' && !Object.is(v, -0)) return `D${v};`;
    if (typeof v === 'bigint') return `B${v};`;
    if (v === null || v === undefined) return 'N';
  }
  const parts: string[] = [];
  for (const i of indexes) appendValue(parts, row[i]);
  return parts.join('');
}

/** Serialises a whole key row (all its values). */
export function serializeKeyRow(keyRow: readonly unknown[]): string {
  const parts: string[] = [];
  for (const v of keyRow) appendValue(parts, v);
  return parts.join('');
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
