import { describe, expect, it } from 'vitest';
import {
  LateralSnapshotJoinOperator,
  type LateralSnapshotJoinSpec,
} from '../../src/runtime/operators/lateral-snapshot-join.ts';
import { OperatorHarness } from './operator-harness.ts';

// probe [pk, pv], build [bk, bv]; the load phase ends when the build watermark reaches 10
const spec: LateralSnapshotJoinSpec = {
  joinType: 'inner',
  leftKeyIndexes: [0],
  rightKeyIndexes: [0],
  leftArity: 2,
  rightArity: 2,
  loadCompletedMs: 10,
};
const harness = (s: Partial<LateralSnapshotJoinSpec> = {}): OperatorHarness =>
  new OperatorHarness(new LateralSnapshotJoinOperator({ ...spec, ...s }));

describe('LateralSnapshotJoinOperator', () => {
  it('buffers probe rows during the load phase and joins them at the flip', () => {
    const h = harness();
    h.push(0, ['a', 1]).push(1, ['a', 10]).watermark(1, 5).push(1, ['a', 11]).push(1, ['b', 20]);
    expect(h.changelog).toEqual([]);
    h.watermark(1, 10);
    expect(h.changelog).toEqual(['+I[a, 1, a, 10]', '+I[a, 1, a, 11]']);
  });

  it('joins later probe rows at once against the current build state, without re-emitting', () => {
    const h = harness({ joinType: 'left' });
    h.push(1, ['a', 10]).watermark(1, 10);
    h.push(0, ['a', 1]).push(0, ['z', 2]);
    h.push(1, ['a', 10], 3).push(1, ['a', 12]);
    h.push(0, ['a', 3]).end();
    expect(h.changelog).toEqual(['+I[a, 1, a, 10]', '+I[z, 2, null, null]', '+I[a, 3, a, 12]']);
  });

  it('applies retractions to the snapshot and evaluates the non-equi condition per pair', () => {
    const h = harness({ leftKeyIndexes: [], rightKeyIndexes: [], condition: (l, r) => l[1]! < r[1]! });
    h.push(1, ['a', 10]).push(1, ['a', 20]).push(1, ['a', 20], 1).push(1, ['a', 30], 2);
    h.push(0, ['p', 15]).end(); // end of input flips the operator
    expect(h.changelog).toEqual(['+I[p, 15, a, 30]']);
  });

  it('keeps the phase and buffered probe rows across a checkpoint', () => {
    const h = harness();
    h.push(0, ['a', 1]).push(1, ['a', 10]);
    const snapshot = h.operator.snapshotState(1);
    const restored = harness();
    restored.operator.restoreState(snapshot);
    restored.push(1, ['a', 11]).watermark(1, 10);
    expect(restored.changelog).toEqual(['+I[a, 1, a, 10]', '+I[a, 1, a, 11]']);
    const flipped = harness();
    flipped.operator.restoreState(restored.operator.snapshotState(2));
    flipped.push(0, ['a', 2]);
    expect(flipped.changelog).toEqual(['+I[a, 2, a, 10]', '+I[a, 2, a, 11]']);
  });
});
