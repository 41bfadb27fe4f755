/**
 * State TTL per operator kind, on a controllable processing-time clock (the harness's `now`): a key
 * idle for the TTL is forgotten, a key written within the TTL survives. TTL is Flink's: measured on
 * processing time from the last write (OnCreateAndWrite), expired state never returned.
 */
import { describe, expect, it } from 'vitest';
import { ChangelogNormalizeOperator } from '../../src/runtime/operators/changelog-normalize.ts';
import { DeduplicateOperator } from '../../src/runtime/operators/deduplicate.ts';
import { DeduplicateKeepFirstOperator } from '../../src/runtime/operators/deduplicate-keep-first.ts';
import { GroupAggregateOperator } from '../../src/runtime/operators/group-aggregate.ts';
import { RankOperator } from '../../src/runtime/operators/rank.ts';
import { StreamJoinOperator } from '../../src/runtime/operators/stream-join.ts';
import { countStar } from './helpers.ts';
import { OperatorHarness } from './operator-harness.ts';

const TTL = 1000;
const I = 0;
const D = 3;

/** Pushes `row` on `input` at processing time `at` and returns what the operator emitted for it. */
function at(h: OperatorHarness, time: number, row: unknown[], input = 0, kind = I): string[] {
  const before = h.changelog.length;
  h.advanceTo(time).push(input, row, kind);
  return h.changelog.slice(before);
}

describe('state TTL: regular join', () => {
  const join = (): OperatorHarness =>
    new OperatorHarness(
      new StreamJoinOperator({
        joinType: 'inner',
        leftKeyIndexes: [0],
        rightKeyIndexes: [0],
        leftArity: 2,
        rightArity: 2,
        leftStateTtlMs: TTL,
        rightStateTtlMs: TTL,
      }),
    );

  it('a side idle past the TTL no longer matches', () => {
    const h = join();
    expect(at(h, 0, ['k', 'l1'], 0)).toEqual([]);
    expect(at(h, 999, ['k', 'r1'], 1)).toEqual(['+I[k, l1, k, r1]']);
    // l1 was written at 0: gone at 1000; r1 (written at 999) still matches a new left row
    expect(at(h, 1000, ['k', 'r2'], 1)).toEqual([]);
    expect(at(h, 1500, ['k', 'l2'], 0)).toEqual(['+I[k, l2, k, r1]', '+I[k, l2, k, r2]']);
  });

  it('a row written again within the TTL survives past the first write’s expiry', () => {
    const h = join();
    at(h, 0, ['k', 'l1'], 0);
    at(h, 800, ['k', 'l1'], 0); // a second copy: the row's TTL restarts at 800
    expect(at(h, 1700, ['k', 'r'], 1)).toEqual(['+I[k, l1, k, r]', '+I[k, l1, k, r]']);
    expect(at(h, 1800, ['k', 'r'], 1)).toEqual([]);
  });
});

describe('state TTL: group aggregation', () => {
  const agg = (): OperatorHarness =>
    new OperatorHarness(
      new GroupAggregateOperator({
        keyIndexes: [0],
        calls: [{ fn: countStar, argIndexes: [] }],
        stateTtlMs: TTL,
      }),
    );

  it('restarts an idle key from zero with +I, and keeps a key updated within the TTL', () => {
    const h = agg();
    expect(at(h, 0, ['a'])).toEqual(['+I[a, 1]']);
    expect(at(h, 900, ['a'])).toEqual(['-U[a, 1]', '+U[a, 2]']);
    expect(at(h, 1800, ['a'])).toEqual(['-U[a, 2]', '+U[a, 3]']); // idle 900 ms < TTL: survives
    expect(at(h, 2800, ['a'])).toEqual(['+I[a, 1]']); // idle 1000 ms: forgotten, restarts
  });

  it('ignores a retraction for an expired key', () => {
    const h = agg();
    at(h, 0, ['a']);
    expect(at(h, 5000, ['a'], 0, D)).toEqual([]);
  });

  it('SELECT DISTINCT (no aggregate calls) re-emits a duplicate under TTL and forgets idle rows', () => {
    const h = new OperatorHarness(
      new GroupAggregateOperator({ keyIndexes: [0], calls: [], stateTtlMs: TTL }),
    );
    expect(at(h, 0, ['x'])).toEqual(['+I[x]']);
    // Flink sends the unchanged row again when a TTL is set, so downstream state is refreshed
    expect(at(h, 500, ['x'])).toEqual(['-U[x]', '+U[x]']);
    expect(at(h, 1499, ['x'])).toEqual(['-U[x]', '+U[x]']);
    expect(at(h, 2499, ['x'])).toEqual(['+I[x]']);
  });

  it('without a TTL a key is kept forever and an unchanged DISTINCT row is not re-sent', () => {
    const h = new OperatorHarness(new GroupAggregateOperator({ keyIndexes: [0], calls: [] }));
    expect(at(h, 0, ['x'])).toEqual(['+I[x]']);
    expect(at(h, 1_000_000, ['x'])).toEqual([]);
  });
});

describe('state TTL: Top-N', () => {
  const top1 = (): OperatorHarness =>
    new OperatorHarness(
      new RankOperator({
        partitionKeyIndexes: [0],
        compare: (a, b) => (b[1] as number) - (a[1] as number),
        rankEnd: 1,
        outputRankNumber: false,
        strategy: 'append',
        stateTtlMs: TTL,
      }),
    );

  it('forgets an idle partition: a lower row then ranks first', () => {
    const h = top1();
    expect(at(h, 0, ['p', 10])).toEqual(['+I[p, 10]']);
    expect(at(h, 500, ['p', 5])).toEqual([]); // within TTL: 10 still ranks first
    // the partition was last written at 0 (5 did not rank, nothing was written)
    expect(at(h, 1000, ['p', 3])).toEqual(['+I[p, 3]']);
  });

  it('keeps a partition written within the TTL', () => {
    const h = top1();
    at(h, 0, ['p', 10]);
    expect(at(h, 900, ['p', 20])).toEqual(['-D[p, 10]', '+I[p, 20]']);
    expect(at(h, 1800, ['p', 15])).toEqual([]);
  });
});

describe('state TTL: deduplication', () => {
  it('keep first row (processing time): duplicates do not refresh the TTL, expiry re-admits the key', () => {
    const h = new OperatorHarness(
      new DeduplicateOperator({ keyIndexes: [0], keep: 'first', stateTtlMs: TTL }),
    );
    expect(at(h, 0, ['k', 1])).toEqual(['+I[k, 1]']);
    expect(at(h, 600, ['k', 2])).toEqual([]);
    expect(at(h, 999, ['k', 3])).toEqual([]);
    expect(at(h, 1000, ['k', 4])).toEqual(['+I[k, 4]']);
  });

  it('keep last row: a key updated within the TTL survives, an idle one starts again with +I', () => {
    const h = new OperatorHarness(
      new DeduplicateOperator({ keyIndexes: [0], keep: 'last', stateTtlMs: TTL }),
    );
    expect(at(h, 0, ['k', 1])).toEqual(['+I[k, 1]']);
    expect(at(h, 900, ['k', 2])).toEqual(['-U[k, 1]', '+U[k, 2]']);
    expect(at(h, 1800, ['k', 3])).toEqual(['-U[k, 2]', '+U[k, 3]']);
    expect(at(h, 2800, ['k', 4])).toEqual(['+I[k, 4]']);
  });

  it('event-time keep last forgets an idle key', () => {
    const h = new OperatorHarness(
      new DeduplicateOperator({ keyIndexes: [0], keep: 'last', timeIndex: 1, stateTtlMs: TTL }),
    );
    expect(at(h, 0, ['k', 5])).toEqual(['+I[k, 5]']);
    expect(at(h, 100, ['k', 6])).toEqual(['-U[k, 5]', '+U[k, 6]']);
    expect(at(h, 1100, ['k', 7])).toEqual(['+I[k, 7]']);
  });

  it('DEDUPLICATE_KEEP_FIRST forgets a key after the TTL and re-emits it', () => {
    const h = new OperatorHarness(
      new DeduplicateKeepFirstOperator({ keyIndexes: [0], outputIndexes: [0, 1], stateTtlMs: TTL }),
    );
    expect(at(h, 0, ['k', 1])).toEqual(['+I[k, 1]']);
    expect(at(h, 999, ['k', 2])).toEqual([]);
    expect(at(h, 1000, ['k', 3])).toEqual(['+I[k, 3]']);
  });
});

describe('state TTL: changelog normalization', () => {
  const normalize = (): OperatorHarness =>
    new OperatorHarness(new ChangelogNormalizeOperator({ keyIndexes: [0], stateTtlMs: TTL }));

  it('forgets an idle key (its next upsert is +I) and keeps one written within the TTL', () => {
    const h = normalize();
    expect(at(h, 0, ['k', 1])).toEqual(['+I[k, 1]']);
    expect(at(h, 900, ['k', 2])).toEqual(['-U[k, 1]', '+U[k, 2]']);
    // an unchanged row is re-sent under TTL (Flink), refreshing this and downstream state
    expect(at(h, 1800, ['k', 2])).toEqual(['-U[k, 2]', '+U[k, 2]']);
    expect(at(h, 2800, ['k', 3])).toEqual(['+I[k, 3]']);
  });

  it('drops a delete for an expired key', () => {
    const h = normalize();
    at(h, 0, ['k', 1]);
    expect(at(h, 1000, ['k', 1], 0, D)).toEqual([]);
  });

  it('without a TTL an unchanged row is not re-sent', () => {
    const h = new OperatorHarness(new ChangelogNormalizeOperator({ keyIndexes: [0] }));
    at(h, 0, ['k', 1]);
    expect(at(h, 5000, ['k', 1])).toEqual([]);
  });
});
