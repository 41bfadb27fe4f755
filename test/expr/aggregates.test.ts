import { describe, expect, it } from 'vitest';
import { type AggregateFunction, aggregateNames, bindAggregate } from '../../src/expr/aggregates/index.ts';
import { formatType, type LogicalType, T } from '../../src/expr/types.ts';
import { formatValue } from '../../src/expr/values/format.ts';

function feed(fn: AggregateFunction, values: unknown[][], retract: unknown[][] = []): string {
  let acc = fn.createAccumulator();
  for (const v of values) acc = fn.accumulate(acc, ...v);
  for (const v of retract) acc = fn.retract(acc, ...v);
  // accumulators survive a JSON-ish round trip through structuredClone (what a state backend does)
  acc = structuredClone(acc);
  return formatValue(fn.getValue(acc), fn.resultType);
}
const agg = (name: string, ...types: LogicalType[]) => bindAggregate(name, types);
const col = (...xs: unknown[]) => xs.map((x) => [x]);

describe('result types follow Flink', () => {
  it.each([
    ['COUNT', [], 'BIGINT NOT NULL'],
    ['COUNT', [T.string()], 'BIGINT NOT NULL'],
    ['SUM', [T.int(false)], 'INT'],
    ['SUM', [T.decimal(10, 2)], 'DECIMAL(38, 2)'],
    ['SUM0', [T.bigint()], 'BIGINT NOT NULL'],
    ['AVG', [T.int()], 'INT'],
    ['AVG', [T.decimal(10, 2)], 'DECIMAL(38, 6)'],
    ['AVG', [T.double()], 'DOUBLE'],
    ['MIN', [T.string(false)], 'STRING'],
    ['MAX', [T.timestamp(3, false, 'rowtime')], 'TIMESTAMP(3) *ROWTIME*'],
    ['LISTAGG', [T.string()], 'STRING'],
    ['STDDEV_POP', [T.double()], 'DOUBLE'],
    ['VARIANCE', [T.int()], 'INT'],
    ['BOOL_AND', [T.boolean()], 'BOOLEAN'],
    ['COLLECT', [T.int()], 'MULTISET<INT NOT NULL> NOT NULL'],
  ] as const)('%s(%j) → %s', (name, types, text) => {
    expect(formatType(agg(name, ...types).resultType)).toBe(text);
  });
  it('rejects unsupported arguments with the signatures', () => {
    expect(() => agg('SUM', T.string())).toThrow(/Supported signatures: SUM\(<NUMERIC>\)/);
    expect(() => agg('NOPE', T.int())).toThrow(/unknown aggregate NOPE/);
    expect(aggregateNames()).toContain('STDDEV_SAMP');
  });
});

describe('accumulate / retract / merge', () => {
  it('COUNT and COUNT(*)', () => {
    expect(feed(agg('COUNT', T.int()), col(1, null, 3))).toBe('2');
    expect(feed(agg('COUNT'), [[], [], []], [[]])).toBe('2');
  });
  it('SUM wraps INT like Flink, becomes NULL when everything is retracted; SUM0 gives 0', () => {
    expect(feed(agg('SUM', T.int()), col(1, 2, null))).toBe('3');
    expect(feed(agg('SUM', T.int()), col(2147483647, 1))).toBe('-2147483648');
    expect(feed(agg('SUM', T.int()), col(5), col(5))).toBe('null');
    expect(feed(agg('SUM', T.int()), [])).toBe('null');
    expect(feed(agg('SUM0', T.int()), [])).toBe('0');
    expect(feed(agg('SUM', T.decimal(5, 2)), col(150n, 275n))).toBe('4.25');
    expect(feed(agg('SUM', T.double()), col(0.1, 0.2))).toBe('0.30000000000000004');
    expect(feed(agg('SUM', T.bigint()), col(1n, 2n), col(1n))).toBe('2');
  });
  it('AVG truncates integers and divides decimals with scale max(6, s)', () => {
    expect(feed(agg('AVG', T.int()), col(1, 2))).toBe('1');
    expect(feed(agg('AVG', T.int()), col(-1, -2))).toBe('-1');
    expect(feed(agg('AVG', T.bigint()), col(10n, 20n, 31n))).toBe('20');
    expect(feed(agg('AVG', T.double()), col(1, 2))).toBe('1.5');
    expect(feed(agg('AVG', T.decimal(10, 2)), col(100n, 200n, 200n))).toBe('1.666667');
    expect(feed(agg('AVG', T.int()), col(4, 8), col(8))).toBe('4');
    expect(feed(agg('AVG', T.int()), [])).toBe('null');
  });
  it('MIN / MAX survive retraction of the extreme', () => {
    const max = agg('MAX', T.int());
    expect(feed(max, col(3, 9, 9, 1), col(9))).toBe('9');
    expect(feed(max, col(3, 9, 1), col(9))).toBe('3');
    expect(feed(agg('MIN', T.string()), col('b', 'a', 'c'), col('a'))).toBe('b');
    expect(feed(agg('MIN', T.decimal(5, 2)), col(-100n, 5n))).toBe('-1.00');
    expect(feed(agg('MAX', T.int()), col(1), col(1))).toBe('null');
  });
  it('FIRST_VALUE / LAST_VALUE skip NULLs and retract', () => {
    expect(feed(agg('FIRST_VALUE', T.string()), col(null, 'a', 'b'))).toBe('a');
    expect(feed(agg('LAST_VALUE', T.string()), col('a', 'b', null))).toBe('b');
    expect(feed(agg('FIRST_VALUE', T.string()), col('a', 'b'), col('a'))).toBe('b');
    expect(feed(agg('LAST_VALUE', T.string()), col('a', 'b'), col('b'))).toBe('a');
  });
  it('LISTAGG with default and custom separators', () => {
    expect(feed(agg('LISTAGG', T.string()), col('a', null, 'b'))).toBe('a,b');
    expect(
      feed(agg('LISTAGG', T.string(), T.string()), [
        ['a', '|'],
        ['b', '|'],
      ]),
    ).toBe('a|b');
    expect(feed(agg('LISTAGG', T.string()), col('a', 'b', 'a'), col('a'))).toBe('b,a');
  });
  it('variance family', () => {
    const xs = col(2, 4, 4, 4, 5, 5, 7, 9);
    expect(feed(agg('STDDEV_POP', T.double()), xs)).toBe('2.0');
    expect(feed(agg('VAR_POP', T.double()), xs)).toBe('4.0');
    expect(feed(agg('VAR_SAMP', T.double()), col(1, 2, 3, 4))).toBe('1.6666666666666667');
    expect(feed(agg('STDDEV_SAMP', T.double()), col(1))).toBe('null');
    expect(feed(agg('STDDEV', T.int()), col(1, 2, 3, 4))).toBe('1');
    expect(feed(agg('VARIANCE', T.double()), col(1, 2, 3, 100), col(100))).toBe('1.0');
  });
  it('BOOL_AND / BOOL_OR / COLLECT', () => {
    expect(feed(agg('BOOL_AND', T.boolean()), col(true, null, false))).toBe('false');
    expect(feed(agg('BOOL_AND', T.boolean()), col(true, false), col(false))).toBe('true');
    expect(feed(agg('BOOL_OR', T.boolean()), col(null))).toBe('null');
    expect(feed(agg('COLLECT', T.string()), col('a', 'b', 'a', null), col('b'))).toBe('{a=2}');
  });
  it('merge combines partial accumulators', () => {
    for (const [name, type, left, right, expected] of [
      ['SUM', T.int(), [1, 2], [3], '6'],
      ['AVG', T.double(), [1], [2, 3], '2.0'],
      ['MAX', T.int(), [1, 7], [3], '7'],
      ['COUNT', T.int(), [1, null], [2], '2'],
      ['LISTAGG', T.string(), ['a'], ['b'], 'a,b'],
      ['STDDEV_POP', T.double(), [2, 4, 4, 4], [5, 5, 7, 9], '2.0'],
      ['COLLECT', T.int(), [1], [1, 2], '{1=2, 2=1}'],
    ] as const) {
      const fn = agg(name, type);
      let a = fn.createAccumulator();
      let b = fn.createAccumulator();
      for (const v of left) a = fn.accumulate(a, v);
      for (const v of right) b = fn.accumulate(b, v);
      expect(formatValue(fn.getValue(fn.merge(a, b)), fn.resultType), name).toBe(expected);
    }
  });
});
