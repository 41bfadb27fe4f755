import { describe, expect, it } from 'vitest';
import { RowKind } from '../../src/runtime/batch.ts';
import { DeduplicateKeepFirstOperator } from '../../src/runtime/operators/deduplicate-keep-first.ts';
import { FromChangelogOperator } from '../../src/runtime/operators/from-changelog.ts';
import { ToChangelogOperator } from '../../src/runtime/operators/to-changelog.ts';
import { OperatorHarness } from './operator-harness.ts';

const DEFAULT_CODES = ['INSERT', 'UPDATE_BEFORE', 'UPDATE_AFTER', 'DELETE'];

describe('ToChangelogOperator', () => {
  it('turns every row kind into an insert carrying its op code', () => {
    const h = new OperatorHarness(
      new ToChangelogOperator({
        opCodes: DEFAULT_CODES,
        includeOpColumn: true,
        partitionKeyIndexes: [],
        restIndexes: [0, 1],
      }),
    );
    h.push(0, ['a', 1], RowKind.INSERT)
      .push(0, ['a', 1], RowKind.UPDATE_BEFORE)
      .push(0, ['a', 2], RowKind.UPDATE_AFTER)
      .push(0, ['a', 2], RowKind.DELETE);
    expect(h.changelog).toEqual([
      '+I[INSERT, a, 1]',
      '+I[UPDATE_BEFORE, a, 1]',
      '+I[UPDATE_AFTER, a, 2]',
      '+I[DELETE, a, 2]',
    ]);
  });

  it('puts partition keys first, drops unmapped kinds and nulls non-key columns of partial deletes', () => {
    const h = new ToChangelogOperator({
      opCodes: ['C', null, 'C', 'D'],
      includeOpColumn: true,
      partitionKeyIndexes: [1],
      restIndexes: [0, 2],
      deleteKeepIndexes: [1],
    });
    const harness = new OperatorHarness(h);
    harness
      .push(0, ['Alice', 'EU', 10], RowKind.INSERT)
      .push(0, ['Alice', 'EU', 10], RowKind.UPDATE_BEFORE)
      .push(0, ['Alice', 'EU', 30], RowKind.UPDATE_AFTER)
      .push(0, ['Alice', 'EU', 30], RowKind.DELETE);
    expect(harness.changelog).toEqual([
      '+I[EU, C, Alice, 10]',
      '+I[EU, C, Alice, 30]',
      '+I[EU, D, null, null]',
    ]);
  });

  it('can leave the op column out', () => {
    const h = new OperatorHarness(
      new ToChangelogOperator({
        opCodes: DEFAULT_CODES,
        includeOpColumn: false,
        partitionKeyIndexes: [],
        restIndexes: [0],
      }),
    );
    h.push(0, [7], RowKind.DELETE);
    expect(h.changelog).toEqual(['+I[7]']);
  });
});

describe('FromChangelogOperator', () => {
  const op = () =>
    new FromChangelogOperator({
      opIndex: 1,
      opName: 'op',
      kindsByCode: new Map([
        ['c', RowKind.INSERT],
        ['r', RowKind.INSERT],
        ['ub', RowKind.UPDATE_BEFORE],
        ['ua', RowKind.UPDATE_AFTER],
        ['d', RowKind.DELETE],
      ]),
      outputIndexes: [0, 2],
    });

  it('emits each row without the op column with the mapped kind', () => {
    const h = new OperatorHarness(op());
    for (const [code, name] of [
      ['c', 'A'],
      ['r', 'B'],
      ['ub', 'A'],
      ['ua', 'A2'],
      ['d', 'B'],
    ]) {
      h.push(0, [1, code, name]);
    }
    expect(h.changelog).toEqual(['+I[1, A]', '+I[1, B]', '-U[1, A]', '+U[1, A2]', '-D[1, B]']);
  });

  it('fails on an unknown or NULL op code', () => {
    expect(() => new OperatorHarness(op()).push(0, [1, 'x', 'A'])).toThrow(
      /unknown op code 'x' in column 'op'/,
    );
    expect(() => new OperatorHarness(op()).push(0, [1, null, 'A'])).toThrow(/'op' is NULL/);
  });
});

describe('DeduplicateKeepFirstOperator', () => {
  it('keeps the first insert per key; retractions neither emit nor mark a key as seen', () => {
    const h = new OperatorHarness(
      new DeduplicateKeepFirstOperator({ keyIndexes: [0], outputIndexes: [0, 1] }),
    );
    h.push(0, ['Vas', 'logout'], RowKind.DELETE)
      .push(0, ['Bob', 'x'], RowKind.UPDATE_BEFORE)
      .push(0, ['Bob', 'click'], RowKind.UPDATE_AFTER)
      .push(0, ['Vas', 'login'])
      .push(0, ['Vas', 'again'])
      .push(0, ['Bob', 'again']);
    expect(h.changelog).toEqual(['+I[Bob, click]', '+I[Vas, login]']);
  });

  it('treats the whole input as one group without keys', () => {
    const h = new OperatorHarness(new DeduplicateKeepFirstOperator({ keyIndexes: [], outputIndexes: [0] }));
    h.push(0, ['a']).push(0, ['b']);
    expect(h.changelog).toEqual(['+I[a]']);
  });

  it('forgets keys after the state TTL', () => {
    const h = new OperatorHarness(
      new DeduplicateKeepFirstOperator({ keyIndexes: [0], outputIndexes: [0, 1], stateTtlMs: 1000 }),
    );
    h.push(0, ['k', 1]);
    h.now = 500;
    h.push(0, ['k', 2]);
    h.now = 1500;
    h.push(0, ['k', 3]);
    expect(h.changelog).toEqual(['+I[k, 1]', '+I[k, 3]']);
  });

  it('on event time emits the earliest row per key when the watermark passes it, dropping late rows', () => {
    const h = new OperatorHarness(
      new DeduplicateKeepFirstOperator({ keyIndexes: [0], outputIndexes: [0, 1], timeIndex: 2 }),
    );
    h.push(0, ['A', 'second', 30]).push(0, ['A', 'first', 10]).push(0, ['A', 'tie', 10]);
    h.push(0, ['B', 'b', 50]);
    expect(h.changelog).toEqual([]);
    h.watermark(0, 20);
    expect(h.changelog).toEqual(['+I[A, first, 10]']);
    h.push(0, ['C', 'late', 5]).push(0, ['A', 'after', 40]);
    h.end();
    expect(h.changelog).toEqual(['+I[A, first, 10]', '+I[B, b, 50]']);
    expect(h.metrics.numLateRecordsDropped).toBe(1);
  });

  it('keeps a pending event-time candidate across a snapshot', () => {
    const spec = { keyIndexes: [0], outputIndexes: [0, 1], timeIndex: 2 };
    const before = new OperatorHarness(new DeduplicateKeepFirstOperator(spec));
    before.push(0, ['Bob', 'first', 5]).watermark(0, 4);
    const snapshot = before.operator.snapshotState(1);
    const after = new OperatorHarness(new DeduplicateKeepFirstOperator(spec));
    after.operator.restoreState(snapshot);
    after.push(0, ['Bob', 'later', 100]).watermark(0, 99);
    expect(before.changelog).toEqual([]);
    expect(after.changelog).toEqual(['+I[Bob, first, 5]']);
  });
});
