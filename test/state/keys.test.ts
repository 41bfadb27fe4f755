import { describe, expect, it } from 'vitest';
import {
  hashKeyRow,
  keyRowsEqual,
  keyValuesEqual,
  serializeKey,
  serializeKeyRow,
} from '../../src/state/keys.ts';

describe('serializeKey', () => {
  it('keeps the documented encoding (state and key groups depend on it)', () => {
    expect(serializeKey([5, 'x'], [0])).toBe('D5;');
    expect(serializeKey([5, 'ab'], [1])).toBe('S2:ab');
    expect(serializeKey([-0], [0])).toBe('D-0;');
    expect(serializeKey([null, true, 3n, 'q'], [0, 1, 2, 3])).toBe('NTB3;S1:q');
    expect(serializeKeyRow([[1, null], new Uint8Array([1, 255]), new Map([['k', 2]])])).toBe(
      '[D1;N]X01ff;{S1:kD2;}',
    );
    expect(serializeKeyRow([{ b: 1, a: 'z' }, false, undefined])).toBe('O{S1:aS1:zS1:bD1;}FN');
  });
});

/** Values that look alike; equality must be exactly "same serialised text". */
const TRICKY: unknown[] = [
  0,
  -0,
  Number.NaN,
  1,
  1n,
  '1',
  'D1;',
  null,
  undefined,
  true,
  false,
  1.5,
  2 ** 40 + 0.25,
  2 ** 40 + 0.5,
  [1, 2],
  [1, [2]],
  [[1], 2],
  new Uint8Array([1, 2]),
  new Uint8Array([1, 3]),
  new Map([[1, 'a']]),
  new Map([[1, 'b']]),
  { millis: 5, nanoOfMilli: 1 },
  { millis: 5, nanoOfMilli: 2 },
  'x'.repeat(50),
  `${'x'.repeat(24)}y${'x'.repeat(25)}`,
];

describe('keyValuesEqual / hashKeyRow', () => {
  it('equal exactly when the serialised keys are equal, and equal rows hash alike', () => {
    for (const a of TRICKY) {
      for (const b of TRICKY) {
        const same = serializeKeyRow([a]) === serializeKeyRow([b]);
        expect(keyValuesEqual(a, b), `${String(a)} vs ${String(b)}`).toBe(same);
        expect(keyRowsEqual([7, a], [7, b])).toBe(same);
        if (same) expect(hashKeyRow([a, 'k'])).toBe(hashKeyRow([b, 'k']));
      }
    }
  });

  it('tells rows apart by length and spreads distinct rows over hashes', () => {
    expect(keyRowsEqual([1], [1, null])).toBe(false);
    const hashes = new Set<number>();
    for (let i = 0; i < 1000; i++) hashes.add(hashKeyRow([1000 + (i % 37), i * 1.5, `bidder-${i}`]));
    expect(hashes.size).toBeGreaterThan(990);
  });
});
