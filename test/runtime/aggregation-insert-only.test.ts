import { describe, expect, it } from 'vitest';
import '../../src/expr/aggregates/index.ts';
import { bindAggregate } from '../../src/expr/aggregates/aggregate.ts';
import { T } from '../../src/expr/types.ts';
import {
  type AccumulatorFunction,
  type AggregateCall,
  AggregateHandle,
  fromAggregateFunction,
} from '../../src/runtime/aggregation.ts';

function run(fn: AccumulatorFunction, values: readonly unknown[]): unknown {
  let acc = fn.createAccumulator();
  for (const v of values) acc = fn.accumulate(acc, [v]);
  return fn.getValue(acc);
}

describe('insert-only MIN / MAX', () => {
  const cases = [
    { type: T.bigint(), values: [5n, null, -3n, 12n, 12n, 7n] },
    { type: T.double(), values: [0, -0, 2.5, Number.NaN, -1e9, null] },
    { type: T.varchar(10), values: ['pear', null, 'apple', 'zoo', 'Zebra'] },
    { type: T.double(), values: [null, null] },
  ];
  for (const name of ['MIN', 'MAX']) {
    it(`${name} gives what the retractable ${name} gives, also merged`, () => {
      for (const { type, values } of cases) {
        const full = fromAggregateFunction(bindAggregate(name, [type]));
        const fast = full.insertOnly;
        expect(fast, `${name}(${type.kind}) has an insert-only variant`).toBeDefined();
        if (fast === undefined) continue;
        expect(fast.retract).toBeUndefined();
        expect(run(fast, values)).toEqual(run(full, values));
        // merge two halves (session windows merge accumulators)
        let a = fast.createAccumulator();
        let b = fast.createAccumulator();
        values.forEach((v, i) => {
          if (i % 2 === 0) a = fast.accumulate(a, [v]);
          else b = fast.accumulate(b, [v]);
        });
        expect(fast.getValue(fast.merge!(a, b))).toEqual(run(full, values));
      }
    });
  }

  it('is used only by a handle told its input is insert-only', () => {
    const max = fromAggregateFunction(bindAggregate('MAX', [T.bigint()]));
    const calls: AggregateCall[] = [{ fn: max, argIndexes: [0] }];
    expect(new AggregateHandle(calls).calls[0]!.fn).toBe(max);
    expect(new AggregateHandle(calls).supportsRetract()).toBe(true);
    const insertOnly = new AggregateHandle(calls, true);
    expect(insertOnly.calls[0]!.fn).toBe(max.insertOnly);
    const acc = insertOnly.create();
    for (const v of [3n, 9n, null, 4n]) insertOnly.accumulate(acc, [v]);
    const out: unknown[] = [];
    insertOnly.writeValues(acc, out, 0);
    expect(out).toEqual([9n]);
    expect(fromAggregateFunction(bindAggregate('SUM', [T.bigint()])).insertOnly).toBeUndefined();
  });
});

describe('a group aggregate over insert-only input', () => {
  it('reads state of the retractable form (written before it used the insert-only MIN / MAX)', () => {
    for (const name of ['MIN', 'MAX']) {
      for (const { type, values } of [
        { type: T.bigint(), values: [5n, -3n, 12n, 7n] },
        { type: T.varchar(10), values: ['pear', 'apple', 'zoo'] },
        {
          type: T.timestamp(9),
          values: [
            Object.freeze({ millis: 5, nanoOfMilli: 1 }),
            Object.freeze({ millis: 5, nanoOfMilli: 2 }),
          ],
        },
      ]) {
        const full = fromAggregateFunction(bindAggregate(name, [type]));
        const calls: AggregateCall[] = [{ fn: full, argIndexes: [0] }];
        const before = new AggregateHandle(calls);
        const acc = before.create();
        for (const v of values.slice(0, 2)) before.accumulate(acc, [v]);
        // the restored accumulator row goes on in the insert-only handle
        const after = new AggregateHandle(calls, true);
        const restored = JSON.parse(JSON.stringify({ ...acc, accs: [] })) as typeof acc;
        restored.accs = [...acc.accs];
        for (const v of values.slice(2)) after.accumulate(restored, [v]);
        const out: unknown[] = [];
        after.writeValues(restored, out, 0);
        expect(out, `${name}(${type.kind})`).toEqual([run(full, values)]);
      }
    }
  });
});
