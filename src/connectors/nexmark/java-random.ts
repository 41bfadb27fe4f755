/**
 * Bit-exact port of `java.util.Random` (the 48-bit linear congruential generator of the JDK), so that
 * the Nexmark generator draws exactly the values the reference Java generator draws for the same seed.
 *
 * The 48-bit state is kept as two 24-bit halves in small integers, and one step is computed with
 * 12-bit partial products and 32-bit multiplies only, so the hot path stays in V8's integer arithmetic
 * and never allocates a BigInt.
 */

const MASK_24 = 0xffffff;
/** The JDK multiplier 0x5DEECE66D split into its bits above bit 24 and two 12-bit pieces below. */
const MULTIPLIER_HI = 0x5de;
const MULTIPLIER_LO = 0xece66d;
const MULTIPLIER_LO_HIGH12 = 0xece;
const MULTIPLIER_LO_LOW12 = 0x66d;
const ADDEND = 0xb;
const TWO_31 = 2_147_483_648;
const DOUBLE_UNIT = 1 / 9_007_199_254_740_992; // 2^-53
const TWO_27 = 134_217_728;

export class JavaRandom {
  private hi = 0;
  private lo = 0;

  constructor(seed: bigint | number) {
    this.setSeed(seed);
  }

  /** `Random.setSeed(long)`: the seed is scrambled with the multiplier and truncated to 48 bits. */
  setSeed(seed: bigint | number): void {
    const scrambled = BigInt.asUintN(48, BigInt(seed) ^ 0x5deece66dn);
    this.hi = Number(scrambled >> 24n);
    this.lo = Number(scrambled & 0xffffffn);
  }

  /** The 48-bit state as [high 24 bits, low 24 bits], for checkpoints. */
  getState(): [number, number] {
    return [this.hi, this.lo];
  }

  /** Restores a state returned by `getState()` (no scrambling, unlike `setSeed`). */
  setState(state: readonly [number, number]): void {
    const [hi, lo] = state;
    if (!Number.isInteger(hi) || !Number.isInteger(lo) || hi < 0 || lo < 0 || hi > MASK_24 || lo > MASK_24) {
      throw new RangeError(`JavaRandom.setState: expected two 24-bit integers, got [${hi}, ${lo}]`);
    }
    this.hi = hi;
    this.lo = lo;
  }

  /** Advances the state; returns `state >>> 17` (the JDK's `next(31)`), always in [0, 2^31). */
  next31(): number {
    this.step();
    return (this.hi << 7) | (this.lo >>> 17);
  }

  /** The JDK's `nextInt()`: `next(32)` as a signed 32-bit integer. */
  nextInt(): number {
    this.step();
    return (this.hi << 8) | (this.lo >>> 16);
  }

  /** The JDK's `nextInt(bound)` including its rejection loop, so the draw count matches Java's. */
  nextIntBounded(bound: number): number {
    if (!(bound > 0) || bound > 0x7fffffff || !Number.isInteger(bound)) {
      throw new RangeError(`JavaRandom.nextIntBounded: bound must be a positive int, got ${bound}`);
    }
    let r = this.next31();
    const m = bound - 1;
    if ((bound & m) === 0) {
      // Power of two: (bound * (long) r) >> 31, exact here because bound only shifts r.
      return Math.floor((r * bound) / TWO_31);
    }
    // Java: for (int u = r; u - (r = u % bound) + m < 0; u = next(31)); — "< 0" is int overflow.
    let u = r;
    r = u % bound;
    while (u - r + m >= TWO_31) {
      u = this.next31();
      r = u % bound;
    }
    return r;
  }

  /** The JDK's `nextLong()`: `((long) next(32) << 32) + next(32)`. Allocates; off the hot path. */
  nextLong(): bigint {
    const high = this.nextInt();
    const low = this.nextInt();
    return BigInt.asIntN(64, (BigInt(high) << 32n) + BigInt(low));
  }

  /** The JDK's `nextDouble()`: 53 random bits from `next(26)` and `next(27)`. */
  nextDouble(): number {
    this.step();
    const a = (this.hi << 2) | (this.lo >>> 22); // next(26)
    this.step();
    const b = (this.hi << 3) | (this.lo >>> 21); // next(27)
    return (a * TWO_27 + b) * DOUBLE_UNIT;
  }

  /** state = (state * 0x5DEECE66D + 0xB) mod 2^48, computed on the two 24-bit halves. */
  private step(): void {
    const lo = this.lo;
    // lo * MULTIPLIER_LO + ADDEND from 12-bit pieces: its low 24 bits and the carry into the high half.
    const lo0 = lo & 0xfff;
    const lo1 = lo >>> 12;
    const low = lo0 * MULTIPLIER_LO_LOW12 + ADDEND;
    const middle = lo0 * MULTIPLIER_LO_HIGH12 + lo1 * MULTIPLIER_LO_LOW12 + (low >>> 12);
    const carry = lo1 * MULTIPLIER_LO_HIGH12 + (middle >>> 12);
    this.lo = ((middle & 0xfff) << 12) | (low & 0xfff);
    // Only the low 24 bits of the high half survive, so 32-bit multiplies are enough here.
    this.hi = (Math.imul(this.hi, MULTIPLIER_LO) + Math.imul(lo, MULTIPLIER_HI) + carry) & MASK_24;
  }
}

/**
 * The reference's `LongGenerator.nextLong(random, n)`: a uniform int below `n` when `n` fits an int,
 * otherwise `Math.abs(random.nextLong() % n)` (skewed, as in the reference).
 */
export function nextLongBelow(random: JavaRandom, n: number): number {
  if (n < 0x7fffffff) return random.nextIntBounded(n);
  const remainder = random.nextLong() % BigInt(n);
  return Number(remainder < 0n ? -remainder : remainder);
}
