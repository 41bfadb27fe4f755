import { describe, expect, it } from 'vitest';
import { JavaRandom } from '../../src/connectors/nexmark/java-random.ts';
import { nextExactString, nextExtra, nextString } from '../../src/connectors/nexmark/strings.ts';

/** java.util.Random written directly from the JDK's definition with BigInt arithmetic. */
class BigIntJavaRandom {
  private seed: bigint;
  constructor(seed: bigint) {
    this.seed = BigInt.asUintN(48, seed ^ 0x5deece66dn);
  }
  next(bits: number): number {
    this.seed = BigInt.asUintN(48, this.seed * 0x5deece66dn + 0xbn);
    return Number(BigInt.asIntN(32, this.seed >> BigInt(48 - bits)));
  }
  nextIntBounded(bound: number): number {
    let r = this.next(31);
    const m = bound - 1;
    if ((bound & m) === 0) return Number((BigInt(bound) * BigInt(r)) >> 31n);
    for (let u = r; ((u - (r = u % bound) + m) | 0) < 0; u = this.next(31));
    return r;
  }
}

describe('JavaRandom', () => {
  it('reproduces published java.util.Random outputs', () => {
    const zero = new JavaRandom(0);
    expect(Array.from({ length: 10 }, () => zero.nextInt())).toEqual([
      -1155484576, -723955400, 1033096058, -1690734402, -1557280266, 1327362106, -1930858313, 502539523,
      -1728529858, -938301587,
    ]);
    const fortyTwo = new JavaRandom(42);
    expect([fortyTwo.nextInt(), fortyTwo.nextInt(), fortyTwo.nextInt()]).toEqual([
      -1170105035, 234785527, -1360544799,
    ]);
    const bounded = new JavaRandom(42);
    expect([bounded.nextIntBounded(10), bounded.nextIntBounded(10), bounded.nextIntBounded(10)]).toEqual([
      0, 3, 8,
    ]);
    expect(new JavaRandom(0).nextIntBounded(16)).toBe(11);
    expect(new JavaRandom(0).nextIntBounded(10)).toBe(0);
    const doubles = new JavaRandom(0);
    expect([doubles.nextDouble(), doubles.nextDouble(), doubles.nextDouble()]).toEqual([
      0.730967787376657, 0.24053641567148587, 0.6374174253501083,
    ]);
    const longs = new JavaRandom(0);
    expect([longs.nextLong(), longs.nextLong(), longs.nextLong()]).toEqual([
      -4962768465676381896n,
      4437113781045784766n,
      -6688467811848818630n,
    ]);
  });

  it('matches a BigInt LCG for many seeds, bounds and draws', () => {
    const seeds = [0n, 1n, -1n, 42n, 123456789n, -9223372036854775808n, 9223372036854775807n, 0x5deece66dn];
    const bounds = [1, 2, 3, 7, 10, 13, 26, 100, 1000, 10_000, 1 << 30, 0x7fffffff, 1_500_000_001];
    for (const seed of seeds) {
      const fast = new JavaRandom(seed);
      const reference = new BigIntJavaRandom(seed);
      for (let i = 0; i < 2000; i++) {
        const bound = bounds[i % bounds.length]!;
        if (i % 3 === 0) expect(fast.nextInt()).toBe(reference.next(32));
        else expect(fast.nextIntBounded(bound)).toBe(reference.nextIntBounded(bound));
      }
    }
  });

  it('round-trips its state', () => {
    const a = new JavaRandom(99);
    for (let i = 0; i < 17; i++) a.nextInt();
    const b = new JavaRandom(0);
    b.setState(a.getState());
    expect(Array.from({ length: 5 }, () => b.nextInt())).toEqual(
      Array.from({ length: 5 }, () => a.nextInt()),
    );
    expect(() => b.setState([1 << 24, 0])).toThrow(/24-bit/);
  });

  it('rejects bounds Java rejects', () => {
    expect(() => new JavaRandom(1).nextIntBounded(0)).toThrow(/positive int/);
  });
});

/** The reference's nextExactString, written as directly as possible. */
function exactStringReference(random: JavaRandom, length: number): string {
  let out = '';
  let rnd = 0;
  let n = 0;
  while (length-- > 0) {
    if (n === 0) {
      rnd = random.nextInt();
      n = 6;
    }
    out += String.fromCharCode(97 + (rnd % 26));
    rnd = (rnd / 26) | 0;
    n--;
  }
  return out;
}

describe('nexmark strings', () => {
  it('nextExactString equals the direct port, including characters below a for negative draws', () => {
    const fast = new JavaRandom(5);
    const slow = new JavaRandom(5);
    let sawBelowA = false;
    for (let i = 0; i < 3000; i++) {
      const length = i % 211;
      const s = nextExactString(fast, length);
      expect(s).toBe(exactStringReference(slow, length));
      if (/[^a-z]/.test(s)) sawBelowA = true;
    }
    expect(sawBelowA).toBe(true);
  });

  it('nextString is 3 to max-1 letters or specials, trimmed', () => {
    const random = new JavaRandom(11);
    for (let i = 0; i < 2000; i++) {
      const s = nextString(random, 20);
      expect(s.length).toBeLessThan(20);
      expect(s).toMatch(/^([a-z][a-z ]*[a-z]|[a-z]?)$/);
      const url = nextString(random, 5, 95);
      expect(url).toMatch(/^[a-z_]{3,4}$/);
    }
  });

  it('nextExtra pads to the average within ±20% and returns "" when already too large', () => {
    const random = new JavaRandom(3);
    let total = 0;
    for (let i = 0; i < 5000; i++) {
      const extra = nextExtra(random, 32, 100);
      expect(extra.length).toBeGreaterThanOrEqual(54);
      expect(extra.length).toBeLessThan(82);
      total += extra.length;
    }
    expect(Math.abs(total / 5000 - 68)).toBeLessThan(1);
    expect(nextExtra(random, 101, 100)).toBe('');
  });
});
