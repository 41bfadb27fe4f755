import { describe, expect, it } from 'vitest';
import { JavaRandom } from '../../src/expr/values/java-random.ts';
import { call, int, run, str } from './helpers.ts';

describe('SPLIT_INDEX', () => {
  it('gives the parts of String.split, also when consecutive calls share a string', () => {
    const random = new JavaRandom(5);
    const alphabet = ['a', 'b', '/', '//', 'ab'];
    for (let i = 0; i < 300; i++) {
      let text = '';
      const pieces = random.nextInt(8);
      for (let k = 0; k < pieces; k++) text += alphabet[random.nextInt(alphabet.length)];
      for (const separator of ['/', '//', 'ab', 'b/']) {
        const parts = text.split(separator);
        for (let index = 0; index <= parts.length + 1; index++) {
          const got = run(call('SPLIT_INDEX', str(text), str(separator), int(index)));
          expect(got).toBe(parts[index] ?? null);
        }
      }
    }
  });

  it('answers null for a negative index or an empty separator', () => {
    expect(run(call('SPLIT_INDEX', str('a/b'), str('/'), int(-1)))).toBeNull();
    expect(run(call('SPLIT_INDEX', str('a/b'), str(''), int(0)))).toBeNull();
  });
});
