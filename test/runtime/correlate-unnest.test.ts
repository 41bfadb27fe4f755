import { describe, expect, it } from 'vitest';
import { CorrelateUnnestOperator } from '../../src/runtime/operators/correlate-unnest.ts';
import { loadCases, OperatorHarness, source } from './operator-harness.ts';

const cases = loadCases('CorrelateTestPrograms.json');

describe('CorrelateUnnestOperator against CorrelateTestPrograms', () => {
  for (const [id, collection, convert, project] of [
    ['CORRELATE_CROSS_JOIN_UNNEST', { kind: 'array-of-rows', rowArity: 1 }, (v: unknown) => v, [0, 2]],
    ['CORRELATE_CROSS_JOIN_UNNEST_PRIMITIVE_ARRAY', { kind: 'array' }, (v: unknown) => v, [0, 2]],
    [
      'CORRELATE_CROSS_JOIN_UNNEST_MAP',
      { kind: 'map' },
      (v: unknown) => new Map(Object.entries(v as object)),
      [0, 2, 3],
    ],
  ] as const) {
    const c = cases.get(id);
    (c ? it : it.skip)(id, () => {
      const h = new OperatorHarness(new CorrelateUnnestOperator({ collectionIndex: 1, collection }));
      for (const r of source(c!, 'source_t')) h.push(0, [r.values[0], convert(r.values[1])]);
      expect(h.rows.map(({ row }) => `+I[${project.map((i) => row[i]).join(', ')}]`)).toEqual(
        c!.sinks[0]!.expected,
      );
    });
  }
});

describe('CorrelateUnnestOperator', () => {
  it('WITH ORDINALITY, MULTISET counts, LEFT JOIN ... ON TRUE padding, kinds kept', () => {
    const ord = new OperatorHarness(
      new CorrelateUnnestOperator({
        collectionIndex: 0,
        collection: { kind: 'array' },
        withOrdinality: true,
      }),
    );
    ord.push(0, [['x', 'y']], 3);
    expect(ord.changelog).toEqual(['-D[x,y, x, 1]', '-D[x,y, y, 2]']);
    const multiset = new OperatorHarness(
      new CorrelateUnnestOperator({ collectionIndex: 0, collection: { kind: 'multiset' } }),
    );
    multiset.push(0, [new Map([['a', 2]])]);
    expect(multiset.rows.map((r) => r.row[1])).toEqual(['a', 'a']);
    const left = new OperatorHarness(
      new CorrelateUnnestOperator({ collectionIndex: 1, collection: { kind: 'map' }, left: true }),
    );
    left.push(0, [1, null]).push(0, [2, new Map()]);
    expect(left.changelog).toEqual(['+I[1, null, null, null]', '+I[2, {}, null, null]']);
  });
});
