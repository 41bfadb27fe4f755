/**
 * A growing Bloom filter over the (state, key) pairs an operator has written to its LevelDB store.
 * A cache miss for a pair the filter has never seen is answered "absent" on the operator thread,
 * without a round trip to the worker: first accesses of new keys (every new group of a GROUP BY,
 * every new join key) are the most common misses. Deletes are not removed (a stale bit costs one
 * round trip, never a wrong answer). The filter grows by adding a filter of twice the capacity when
 * the newest one is full (a scalable Bloom filter), at about 1.2 bytes per distinct pair.
 */

/** Bits per element and probes for about a 1% false-positive rate per filter. */
const BITS_PER_ELEMENT = 10;
const PROBES = 7;
const FIRST_CAPACITY = 1 << 14;

interface Filter {
  readonly bits: Uint32Array;
  readonly bitCount: number;
  readonly capacity: number;
  size: number;
}

function newFilter(capacity: number): Filter {
  const bitCount = capacity * BITS_PER_ELEMENT;
  return { bits: new Uint32Array(Math.ceil(bitCount / 32)), bitCount, capacity, size: 0 };
}

/** Two independent 32-bit hashes of `state \0 key` (FNV-1a and a multiplicative mix of the code units). */
function hashes(state: string, key: string, out: Uint32Array): void {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  const mix = (c: number): void => {
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995);
    h2 ^= h2 >>> 15;
  };
  for (let i = 0; i < state.length; i++) mix(state.charCodeAt(i));
  mix(0);
  for (let i = 0; i < key.length; i++) mix(key.charCodeAt(i));
  out[0] = h1 >>> 0;
  out[1] = (h2 | 1) >>> 0; // odd: the probe sequence h1 + i·h2 does not collapse
}

function has(filter: Filter, h1: number, h2: number): boolean {
  for (let i = 0; i < PROBES; i++) {
    const at = ((h1 + Math.imul(i, h2)) >>> 0) % filter.bitCount;
    if ((filter.bits[at >>> 5]! & (1 << (at & 31))) === 0) return false;
  }
  return true;
}

export class GrowingBloomFilter {
  private readonly filters: Filter[] = [newFilter(FIRST_CAPACITY)];
  private readonly hash = new Uint32Array(2);

  /** Adds a pair; one already (probably) present is not counted again, so rewrites do not grow it. */
  add(state: string, key: string): void {
    if (this.mightContain(state, key)) return;
    const h1 = this.hash[0]!;
    const h2 = this.hash[1]!;
    let filter = this.filters[this.filters.length - 1]!;
    if (filter.size >= filter.capacity) {
      filter = newFilter(filter.capacity * 2);
      this.filters.push(filter);
    }
    for (let i = 0; i < PROBES; i++) {
      const at = ((h1 + Math.imul(i, h2)) >>> 0) % filter.bitCount;
      filter.bits[at >>> 5]! |= 1 << (at & 31);
    }
    filter.size++;
  }

  /** False: the pair was certainly never added. True: it probably was. */
  mightContain(state: string, key: string): boolean {
    hashes(state, key, this.hash);
    const h1 = this.hash[0]!;
    const h2 = this.hash[1]!;
    for (const filter of this.filters) if (has(filter, h1, h2)) return true;
    return false;
  }

  /** Bytes held by the filter bits. */
  get bytes(): number {
    let total = 0;
    for (const f of this.filters) total += f.bits.byteLength;
    return total;
  }
}
