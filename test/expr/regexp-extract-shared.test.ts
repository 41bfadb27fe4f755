import { describe, expect, it } from 'vitest';
import { compileScalar } from '../../src/expr/compile.ts';
import { evalContext } from '../../src/expr/functions/registry.ts';
import { B, call, int, str, T } from './helpers.ts';

describe('REGEXP_EXTRACT call sites sharing a literal pattern', () => {
  it('give each input its own match, whatever the other call site saw last', () => {
    const pattern = '(&|^)channel_id=([^&]*)';
    const url = B.input(0, T.string());
    const ctx = evalContext({});
    const first = compileScalar(call('REGEXP_EXTRACT', url, str(pattern), int(2)), ctx);
    const second = compileScalar(call('REGEXP_EXTRACT', url, str(pattern), int(1)), ctx);
    const inputs = ['a=1&channel_id=42', 'channel_id=7', 'x=1', 'b&channel_id=&c', 'channel_id=7'];
    for (const input of inputs) {
      const m = /(&|^)channel_id=([^&]*)/u.exec(input);
      expect(first([input])).toBe(m?.[2] ?? null);
      expect(second([input])).toBe(m?.[1] ?? null);
      expect(second(['no match here'])).toBeNull();
      expect(first([input])).toBe(m?.[2] ?? null);
    }
  });
});
