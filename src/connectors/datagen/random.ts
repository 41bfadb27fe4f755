/**
 * The datagen connector's pseudo-random source: xoshiro128** over four 32-bit words, fast in plain
 * number arithmetic (no bigint per draw) and small enough to checkpoint. Seeded through SplitMix32 so
 * any integer seed gives a well-mixed state.
 */

const U32 = 0x1_0000_0000;

export type RandomState = readonly [number, number, number, number];

function splitMix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

export class DatagenRandom {
  private a: number;
  private b: number;
  private c: number;
  private d: number;

  constructor(seed: number | RandomState) {
    if (typeof seed === 'number') {
      const hi = Math.floor(seed / U32);
      const mix = splitMix32((seed >>> 0) ^ Math.imul(hi | 0, 0x27d4eb2d));
      this.a = mix();
      this.b = mix();
      this.c = mix();
      this.d = mix();
      if ((this.a | this.b | this.c | this.d) === 0) this.a = 1;
    } else {
      [this.a, this.b, this.c, this.d] = seed;
    }
  }

  state(): RandomState {
    return [this.a, this.b, this.c, this.d];
  }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const result = Math.imul(rotl(Math.imul(this.b, 5), 7), 9) >>> 0;
    const t = this.b << 9;
    this.c ^= this.a;
    this.d ^= this.b;
    this.b ^= this.c;
    this.a ^= this.d;
    this.c ^= t;
    this.d = rotl(this.d, 11);
    return result;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  nextDouble(): number {
    return ((this.nextUint32() >>> 5) * 67108864 + (this.nextUint32() >>> 6)) / 9007199254740992;
  }

  nextBoolean(): boolean {
    return (this.nextUint32() & 1) === 1;
  }

  /** Uniform integer in [min, max] (inclusive), both safe integers. */
  nextIntBetween(min: number, max: number): number {
    const span = max - min + 1;
    if (span <= U32) {
      // rejection sampling keeps the distribution exactly uniform
      const limit = U32 - (U32 % span);
      let r = this.nextUint32();
      while (r >= limit) r = this.nextUint32();
      return min + (r % span);
    }
    return min + Math.floor(this.nextDouble() * span);
  }

  /** Uniform bigint in [min, max] (inclusive). */
  nextBigIntBetween(min: bigint, max: bigint): bigint {
    const span = max - min + 1n;
    const bits = span.toString(2).length;
    for (;;) {
      let r = 0n;
      for (let have = 0; have < bits; have += 32) r = (r << 32n) | BigInt(this.nextUint32());
      r &= (1n << BigInt(bits)) - 1n;
      if (r < span) return min + r;
    }
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A random seed when the table does not set one. */
export function randomSeed(): number {
  return Math.floor(Math.random() * Number.MAX_SAFE_INTEGER);
}
