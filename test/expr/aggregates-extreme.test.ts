import { describe, expect, it } from 'vitest';
import { bindAggregate } from '../../src/expr/aggregates/index.ts';
import { T } from '../../src/expr/types.ts';
import { JavaRandom } from '../../src/expr/values/java-random.ts';

/** MIN and MAX keep accumulated values pending and merge them when read, retracted or merged. */
describe('MIN / MAX accumulators', () => {
  it('agree with a plain multiset under random accumulate, retract, merge and reads', () => {
    for (const name of ['MIN', 'MAX'] as const) {
      const fn = bindAggregate(name, [T.bigint()]);
      const random = new JavaRandom(name === 'MIN' ? 3 : 4);
      let acc = fn.createAccumulator();
      const present = new Map<bigint, number>();
      const expected = (): bigint | null => {
        const keys = [...present.keys()];
        if (keys.length === 0) return null;
        return keys.reduce((a, b) => ((name === 'MIN' ? b < a : b > a) ? b : a));
      };
      // a long run of accumulates first: pending grows past the sorted entries and is merged in bulk
      for (let i = 0; i < 5000; i++) {
        const v = BigInt(random.nextInt(3000));
        acc = fn.accumulate(acc, v);
        present.set(v, (present.get(v) ?? 0) + 1);
      }
      expect(fn.getValue(acc)).toBe(expected());
      for (let step = 0; step < 6000; step++) {
        const op = random.nextInt(100);
        if (op < 70) {
          // many distinct values and some repeats, so pending outgrows the sorted entries often
          const v = BigInt(random.nextInt(op < 10 ? 20 : 5000));
          acc = fn.accumulate(acc, v);
          present.set(v, (present.get(v) ?? 0) + 1);
        } else if (op < 85 && present.size > 0) {
          const keys = [...present.keys()];
          const v = keys[random.nextInt(keys.length)]!;
          acc = fn.retract(acc, v);
          const left = present.get(v)! - 1;
          if (left === 0) present.delete(v);
          else present.set(v, left);
        } else if (op < 88) {
          const other = fn.createAccumulator();
          for (let i = 0; i < 50; i++) {
            const v = BigInt(random.nextInt(6000) - 500);
            fn.accumulate(other, v);
            present.set(v, (present.get(v) ?? 0) + 1);
          }
          acc = fn.merge(acc, other);
        } else if (op < 92) {
          acc = fn.accumulate(acc, null);
        } else {
          expect(fn.getValue(acc)).toBe(expected());
        }
      }
      expect(fn.getValue(acc)).toBe(expected());
    }
  });

  it('reads accumulators without pending values (written before pending existed)', () => {
    const max = bindAggregate('MAX', [T.int()]);
    const old = { entries: [[1, 1] as [unknown, number], [5, 2] as [unknown, number]] };
    expect(max.getValue(max.retract(old, 5))).toBe(5);
    expect(max.getValue(max.retract(old, 5))).toBe(1);
    expect(max.getValue(max.accumulate(old, 3))).toBe(3);
  });
});
