import { describe, expect, it } from 'vitest';
import { B, call, lit, run, str, T } from './helpers.ts';

describe('IN over a constant list of strings', () => {
  const channel = B.input(0, T.string());
  const big = ['apple', 'google', 'facebook', 'baidu'].map((s) => lit(s, T.char(s.length)));

  it('matches a string column against CHAR and VARCHAR literals', () => {
    expect(run(call('IN', channel, ...big), ['google'])).toBe(true);
    expect(run(call('IN', channel, ...big), ['channel-7'])).toBe(false);
    expect(run(call('IN', channel, str('a'), str('b')), ['b'])).toBe(true);
    expect(run(call('NOT IN', channel, ...big), ['baidu'])).toBe(false);
    expect(run(call('NOT IN', channel, ...big), ['Baidu'])).toBe(true);
  });

  it('is NULL for a NULL operand, and for a miss when the list holds NULL', () => {
    expect(run(call('IN', channel, ...big), [null])).toBeNull();
    expect(run(call('IN', channel, str('a'), str(null)), ['z'])).toBeNull();
    expect(run(call('IN', channel, str('a'), str(null)), ['a'])).toBe(true);
    expect(run(call('NOT IN', channel, str('a'), str(null)), ['z'])).toBeNull();
  });
});
