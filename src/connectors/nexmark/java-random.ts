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
const TWO_24 = 16_777_216;
const CHAR_A = 97;
const SPACE = 32;

const LITTLE_ENDIAN = new Uint8Array(Uint16Array.of(1).buffer)[0] === 1;
/**
 * For r in (-676, 676) at r + 675: the two characters `'a' + r % 26`, `'a' + trunc(r / 26)` as one
 * 16-bit unit in the platform's byte order (first character at the lower address).
 */
const LETTER_PAIRS: Uint16Array = (() => {
  const table = new Uint16Array(1351);
  for (let r = -675; r <= 675; r++) {
    const first = CHAR_A + ((r % 26) | 0);
    const second = CHAR_A + ((r / 26) | 0);
    table[r + 675] = LITTLE_ENDIAN ? first | (second << 8) : (first << 8) | second;
  }
  return table;
})();

/** The longest jump `advance` takes at once; longer skips take several. */
const MAX_JUMP = 256;
/**
 * For k = 0 … MAX_JUMP, the affine map of k steps, `state → A_k * state + C_k (mod 2^48)`, as four
 * 24-bit halves per k: [A_k low, A_k high, C_k low, C_k high].
 */
const JUMPS: Float64Array = (() => {
  const table = new Float64Array((MAX_JUMP + 1) * 4);
  const mask48 = (1n << 48n) - 1n;
  let a = 1n;
  let c = 0n;
  for (let k = 0; k <= MAX_JUMP; k++) {
    table[k * 4] = Number(a & 0xffffffn);
    table[k * 4 + 1] = Number(a >> 24n);
    table[k * 4 + 2] = Number(c & 0xffffffn);
    table[k * 4 + 3] = Number(c >> 24n);
    a = (a * 0x5deece66dn) & mask48;
    c = (c * 0x5deece66dn + 0xbn) & mask48;
  }
  return table;
})();

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

  /**
   * Advances the state by `steps` draws at once (as `steps` calls of `nextInt()` would), by the
   * precomputed affine jump `state * A^steps + C_steps`: skipping an unread string costs one step.
   */
  advance(steps: number): void {
    let left = steps;
    while (left > 0) {
      const k = Math.min(left, MAX_JUMP);
      left -= k;
      const j = k * 4;
      const al = JUMPS[j]!;
      const ah = JUMPS[j + 1]!;
      const lo = this.lo;
      const product = lo * al; // < 2^48: exact in a double
      const productLow = product % TWO_24;
      const lowSum = productLow + JUMPS[j + 2]!;
      const carry = (product - productLow) / TWO_24 + (lowSum >= TWO_24 ? 1 : 0);
      this.hi = (carry + Math.imul(this.hi, al) + Math.imul(lo, ah) + JUMPS[j + 3]!) & MASK_24;
      this.lo = lowSum & MASK_24;
    }
  }

  /**
   * Draws `ceil(length / 6)` `nextInt()`s and writes the reference's `nextExactString` characters
   * (`'a' + rnd % 26`, then `rnd /= 26`, six per draw, Java's signed arithmetic) to `out[0…length)`.
   * `pairs` must view the same memory as `out` (from an even offset): whole draws are written as
   * three two-character pairs from a table, since `rnd % 676` gives two characters at once. The state
   * stays in locals for the whole loop.
   */
  fillExactLetters(out: Uint8Array, pairs: Uint16Array, length: number): void {
    let hi = this.hi;
    let lo = this.lo;
    let i = 0;
    const whole = length - (length % 6);
    while (i < length) {
      const lo0 = lo & 0xfff;
      const lo1 = lo >>> 12;
      const low = lo0 * MULTIPLIER_LO_LOW12 + ADDEND;
      const middle = lo0 * MULTIPLIER_LO_HIGH12 + lo1 * MULTIPLIER_LO_LOW12 + (low >>> 12);
      const carry = lo1 * MULTIPLIER_LO_HIGH12 + (middle >>> 12);
      hi = (Math.imul(hi, MULTIPLIER_LO) + Math.imul(lo, MULTIPLIER_HI) + carry) & MASK_24;
      lo = ((middle & 0xfff) << 12) | (low & 0xfff);
      let rnd = (hi << 8) | (lo >>> 16);
      if (i < whole) {
        // Truncating division composes (trunc(trunc(x/26)/26) = trunc(x/676)), so the signed
        // remainder mod 676 holds exactly the next two characters, for negative draws too.
        const at = i >> 1;
        const first = (rnd % 676) | 0;
        rnd = (rnd / 676) | 0;
        const second = (rnd % 676) | 0;
        rnd = (rnd / 676) | 0;
        pairs[at] = LETTER_PAIRS[first + 675]!;
        pairs[at + 1] = LETTER_PAIRS[second + 675]!;
        pairs[at + 2] = LETTER_PAIRS[((rnd % 676) | 0) + 675]!;
        i += 6;
      } else {
        while (i < length) {
          out[i++] = CHAR_A + ((rnd % 26) | 0);
          rnd = (rnd / 26) | 0;
        }
      }
    }
    this.hi = hi;
    this.lo = lo;
  }

  /**
   * The reference's random-letters loop of `nextString`: per character `nextInt(13) == 0 ? special :
   * 'a' + nextInt(26)`, drawn exactly as Java draws them (rejection loops included). Writes to
   * `out[0…length)` when given; returns the length after Java's `trim()` (only `special` can be
   * trimmed, and only when it is a control or space character).
   */
  letters(out: Uint8Array | null, length: number, special: number): number {
    let hi = this.hi;
    let lo = this.lo;
    let first = -1;
    let last = -1;
    const trims = special <= SPACE;
    for (let i = 0; i < length; i++) {
      let bound = 13;
      let code = special;
      // Two bounded draws at most: nextInt(13), then nextInt(26) unless it was 0.
      for (let d = 0; d < 2; d++) {
        let r = 0;
        for (;;) {
          const lo0 = lo & 0xfff;
          const lo1 = lo >>> 12;
          const low = lo0 * MULTIPLIER_LO_LOW12 + ADDEND;
          const middle = lo0 * MULTIPLIER_LO_HIGH12 + lo1 * MULTIPLIER_LO_LOW12 + (low >>> 12);
          const carry = lo1 * MULTIPLIER_LO_HIGH12 + (middle >>> 12);
          hi = (Math.imul(hi, MULTIPLIER_LO) + Math.imul(lo, MULTIPLIER_HI) + carry) & MASK_24;
          lo = ((middle & 0xfff) << 12) | (low & 0xfff);
          const u = (hi << 7) | (lo >>> 17);
          r = u % bound;
          if (u - r + bound - 1 < TWO_31) break;
        }
        if (d === 0) {
          if (r === 0) break;
          bound = 26;
        } else {
          code = CHAR_A + r;
        }
      }
      if (out !== null) out[i] = code;
      if (!trims || code !== special) {
        if (first < 0) first = i;
        last = i;
      }
    }
    this.hi = hi;
    this.lo = lo;
    return first < 0 ? 0 : last - first + 1;
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
