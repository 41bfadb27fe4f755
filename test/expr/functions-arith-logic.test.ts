import { describe, expect, it } from 'vitest';
import { ExpressionError, FunctionSignatureError } from '../../src/expr/errors.ts';
import { formatType } from '../../src/expr/types.ts';
import { B, big, call, dbl, dec, int, lit, run, runCompiled, show, str, T } from './helpers.ts';

const nullInt = B.input(0, T.int());
const bool = (b: boolean | null) => lit(b, T.boolean());

describe('arithmetic', () => {
  it('wraps INT and BIGINT like Java', () => {
    expect(show(call('+', int(2147483647), int(1)))).toBe('-2147483648');
    expect(show(call('*', int(65536), int(65536)))).toBe('0');
    expect(show(call('-', big(-(2n ** 63n)), big(1n)))).toBe('9223372036854775807');
    expect(show(call('*', big(2n ** 62n), int(4)))).toBe('0');
    expect(show(call('NEGATE', int(-2147483648)))).toBe('-2147483648');
    expect(show(call('+', lit(127, T.tinyint()), lit(1, T.tinyint())))).toBe('-128');
  });
  it('types results like Flink', () => {
    expect(formatType(call('+', int(1), big(2n)).type)).toBe('BIGINT NOT NULL');
    expect(formatType(call('+', int(1), dbl(2)).type)).toBe('DOUBLE NOT NULL');
    expect(formatType(call('+', nullInt, int(2)).type)).toBe('INT');
    expect(formatType(call('/', int(7), int(2)).type)).toBe('INT NOT NULL');
    expect(formatType(call('MOD', big(7n), int(2)).type)).toBe('INT NOT NULL');
    expect(formatType(call('*', dec('1.5', 5, 1), dec('2.25', 5, 2)).type)).toBe('DECIMAL(11, 3) NOT NULL');
    expect(formatType(call('/', dec('1', 10, 2), int(3)).type)).toBe('DECIMAL(21, 13) NOT NULL');
    expect(formatType(call('+', dec('1', 10, 2), dbl(3)).type)).toBe('DOUBLE NOT NULL');
  });
  it('divides integers with truncation and fails on zero', () => {
    expect(show(call('/', int(7), int(2)))).toBe('3');
    expect(show(call('/', int(-7), int(2)))).toBe('-3');
    expect(show(call('MOD', int(-7), int(3)))).toBe('-1');
    expect(show(call('/', big(-7n), big(2n)))).toBe('-3');
    expect(() => run(call('/', int(1), int(0)))).toThrow(ExpressionError);
    expect(() => run(call('MOD', big(1n), big(0n)))).toThrow(/Division by zero/);
    expect(show(call('/', dbl(1), dbl(0)))).toBe('Infinity');
    expect(show(call('/', dbl(0), int(0)))).toBe('NaN');
  });
  it('computes DECIMAL exactly with overflow to NULL', () => {
    expect(show(call('+', dec('1.25', 5, 2), dec('2.5', 5, 1)))).toBe('3.75');
    expect(show(call('*', dec('1.5', 5, 1), dec('2.25', 5, 2)))).toBe('3.375');
    expect(show(call('/', dec('1', 10, 2), int(3)))).toBe('0.3333333333333');
    expect(show(call('+', dec('1', 10, 0), int(1)))).toBe('2');
    expect(show(call('MOD', dec('7.5', 5, 1), int(2)))).toBe('1.5');
    const huge = dec('99999999999999999999999999999999999999', 38, 0);
    const sum = call('+', huge, huge);
    expect(formatType(sum.type)).toBe('DECIMAL(38, 0) NOT NULL');
    expect(show(sum)).toBe('null');
    expect(() => run(call('/', dec('1', 5, 0), dec('0', 5, 0)))).toThrow(/Division by zero/);
  });
  it('propagates NULL', () => {
    expect(run(call('+', nullInt, int(1)), [null])).toBeNull();
    expect(run(call('+', nullInt, int(1)), [4])).toBe(5);
  });
  it('rejects bad operands with the accepted signatures', () => {
    expect(() => call('+', int(1), str('a'))).toThrow(FunctionSignatureError);
    expect(() => call('+', int(1), str('a'))).toThrow(/Supported signatures: <NUMERIC> \+ <NUMERIC>/);
    expect(() => call('NO_SUCH_FN', int(1))).toThrow(/unknown function NO_SUCH_FN/);
  });
});

describe('comparison', () => {
  it('compares across numeric types', () => {
    expect(run(call('=', int(1), dbl(1)))).toBe(true);
    expect(run(call('<', int(1), big(2n)))).toBe(true);
    expect(run(call('=', dec('1.50', 5, 2), dec('1.5', 5, 1)))).toBe(true);
    expect(run(call('>', dec('1.51', 5, 2), int(1)))).toBe(true);
    expect(run(call('=', dbl(Number.NaN), dbl(Number.NaN)))).toBe(false);
    expect(run(call('<>', str('a'), str('b')))).toBe(true);
    expect(run(call('<', str('B'), str('a')))).toBe(true);
    expect(run(call('=', lit(Date.UTC(2020, 0, 1), T.timestamp(3)), str('2020-01-01 00:00:00')))).toBe(true);
    expect(run(call('>=', lit(18262, T.date()), lit(18262, T.date())))).toBe(true);
    expect(run(call('=', nullInt, int(1)), [null])).toBeNull();
  });
  it('IS [NOT] DISTINCT FROM treats NULLs as equal', () => {
    const n = B.literal(null, T.int());
    expect(run(call('IS DISTINCT FROM', n, n))).toBe(false);
    expect(run(call('IS DISTINCT FROM', n, int(1)))).toBe(true);
    expect(run(call('IS NOT DISTINCT FROM', int(1), big(1n)))).toBe(true);
  });
  it('BETWEEN [SYMMETRIC] and IN follow three-valued logic', () => {
    expect(run(call('BETWEEN', int(5), int(1), int(10)))).toBe(true);
    expect(run(call('BETWEEN', int(5), int(10), int(1)))).toBe(false);
    expect(run(call('BETWEEN SYMMETRIC', int(5), int(10), int(1)))).toBe(true);
    expect(run(call('NOT BETWEEN', int(5), int(6), int(10)))).toBe(true);
    expect(run(call('BETWEEN', int(5), B.literal(null, T.int()), int(4)))).toBe(false);
    expect(run(call('BETWEEN', int(5), B.literal(null, T.int()), int(10)))).toBeNull();
    expect(run(call('IN', int(2), int(1), big(2n), int(3)))).toBe(true);
    expect(run(call('IN', int(4), int(1), B.literal(null, T.int())))).toBeNull();
    expect(run(call('NOT IN', int(4), int(1), int(2)))).toBe(true);
    expect(run(call('NOT IN', int(4), int(1), B.literal(null, T.int())))).toBeNull();
    expect(run(call('IN', str('b'), str('a'), str('b')))).toBe(true);
    expect(run(call('IN', nullInt, int(1)), [null])).toBeNull();
    const dynamic = call('IN', nullInt, int(1), B.input(1, T.int()));
    expect(run(dynamic, [7, 7])).toBe(true);
    expect(run(dynamic, [7, null])).toBeNull();
  });
});

describe('logic', () => {
  const t = bool(true);
  const f = bool(false);
  const n = bool(null);
  it('AND / OR / NOT are three-valued', () => {
    expect(run(call('AND', t, n))).toBeNull();
    expect(run(call('AND', f, n))).toBe(false);
    expect(run(call('AND', n, f))).toBe(false);
    expect(run(call('OR', t, n))).toBe(true);
    expect(run(call('OR', f, n))).toBeNull();
    expect(run(call('OR', f, f, t))).toBe(true);
    expect(run(call('NOT', n))).toBeNull();
    expect(run(call('NOT', t))).toBe(false);
  });
  it('short-circuits so the right side is not evaluated', () => {
    const boom = call('=', call('/', int(1), int(0)), int(1));
    expect(run(call('AND', f, boom))).toBe(false);
    expect(run(call('OR', t, boom))).toBe(true);
    expect(() => run(call('AND', t, boom))).toThrow(/Division by zero/);
  });
  it('IS predicates never return NULL', () => {
    expect(run(call('IS NULL', n))).toBe(true);
    expect(run(call('IS NOT NULL', int(1)))).toBe(true);
    expect(run(call('IS TRUE', n))).toBe(false);
    expect(run(call('IS NOT TRUE', n))).toBe(true);
    expect(run(call('IS FALSE', f))).toBe(true);
    expect(run(call('IS NOT FALSE', n))).toBe(true);
    expect(run(call('IS UNKNOWN', n))).toBe(true);
    expect(run(call('IS NOT UNKNOWN', t))).toBe(true);
  });
});

describe('conditional', () => {
  it('CASE, COALESCE, IF, IFNULL, NULLIF, GREATEST, LEAST', () => {
    const x = B.input(0, T.int());
    const kase = B.caseWhen(
      [{ when: call('>', x, int(10)), result: str('big') }],
      call('COALESCE', B.literal(null, T.string()), str('small')),
      T.string(),
    );
    expect(run(kase, [20])).toBe('big');
    expect(run(kase, [null])).toBe('small');
    const widened = call('COALESCE', x, big(5n));
    expect(formatType(widened.type)).toBe('BIGINT NOT NULL');
    expect(run(widened, [null])).toBe(5n);
    expect(run(widened, [3])).toBe(3n);
    expect(run(call('IF', call('>', x, int(0)), str('pos'), str('neg')), [1])).toBe('pos');
    expect(run(call('IF', call('>', x, int(0)), int(1), call('/', int(1), int(0))), [1])).toBe(1);
    expect(run(call('IFNULL', x, int(0)), [null])).toBe(0);
    expect(run(call('NULLIF', int(1), int(1)))).toBeNull();
    expect(run(call('NULLIF', int(1), int(2)))).toBe(1);
    expect(run(call('GREATEST', int(1), dbl(2.5), int(2)))).toBe(2.5);
    expect(run(call('LEAST', str('b'), str('a')))).toBe('a');
    expect(run(call('GREATEST', int(1), B.literal(null, T.int())))).toBeNull();
  });
});

describe('math', () => {
  it('ROUND / TRUNCATE / FLOOR / CEIL', () => {
    expect(show(call('ROUND', dbl(2.5)))).toBe('3.0');
    expect(show(call('ROUND', dbl(-2.5)))).toBe('-3.0');
    expect(show(call('ROUND', dbl(1.005), int(2)))).toBe('1.01');
    expect(show(call('ROUND', int(15), int(-1)))).toBe('20');
    const r = call('ROUND', dec('123.456', 6, 3), int(1));
    expect(formatType(r.type)).toBe('DECIMAL(5, 1) NOT NULL');
    expect(show(r)).toBe('123.5');
    expect(show(call('ROUND', dec('123.456', 6, 3), int(-1)))).toBe('120');
    expect(show(call('TRUNCATE', dbl(1.99), int(1)))).toBe('1.9');
    expect(show(call('TRUNCATE', dec('-1.99', 5, 2), int(1)))).toBe('-1.9');
    expect(show(call('FLOOR', dbl(-1.5)))).toBe('-2.0');
    expect(show(call('CEIL', dec('1.01', 5, 2)))).toBe('2');
    expect(show(call('FLOOR', dec('-1.01', 5, 2)))).toBe('-2');
    expect(show(call('CEILING', int(3)))).toBe('3');
  });
  it('elementary functions return DOUBLE', () => {
    expect(show(call('POWER', int(2), int(10)))).toBe('1024.0');
    expect(show(call('SQRT', int(16)))).toBe('4.0');
    expect(show(call('LN', call('E')))).toBe('1.0');
    expect(show(call('LOG10', int(1000)))).toBe('3.0');
    expect(show(call('LOG2', int(8)))).toBe('3.0');
    expect(show(call('LOG', int(2), int(8)))).toBe('3.0');
    expect(show(call('LOG', call('E')))).toBe('1.0');
    expect(show(call('EXP', int(0)))).toBe('1.0');
    expect(show(call('ABS', int(-3)))).toBe('3');
    expect(show(call('ABS', dec('-1.50', 5, 2)))).toBe('1.50');
    expect(show(call('SIGN', dbl(-2)))).toBe('-1.0');
    expect(show(call('SIGN', dec('-2.5', 5, 1)))).toBe('-1.0');
    expect(show(call('DEGREES', call('PI')))).toBe('180.0');
    expect(show(call('RADIANS', int(180)))).toBe('3.141592653589793');
    expect(show(call('SIN', int(0)))).toBe('0.0');
    expect(show(call('ATAN2', int(1), int(1)))).toBe('0.7853981633974483');
    expect(show(call('SQRT', int(-1)))).toBe('NaN');
  });
  it('RAND and RAND_INTEGER with a seed follow java.util.Random', () => {
    expect(run(call('RAND', int(0)))).toBe(0.730967787376657);
    expect(run(call('RAND_INTEGER', int(0), int(100)))).toBe(60);
    const unseeded = runCompiled(call('RAND')) as number;
    expect(unseeded).toBeGreaterThanOrEqual(0);
    expect(unseeded).toBeLessThan(1);
    const bounded = runCompiled(call('RAND_INTEGER', int(10))) as number;
    expect(Number.isInteger(bounded) && bounded >= 0 && bounded < 10).toBe(true);
  });
});
