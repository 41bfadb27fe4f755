import { describe, expect, it } from 'vitest';
import type { Batch, Row } from '../../src/runtime/batch.ts';
import { OperatorMetrics, type Output } from '../../src/runtime/operator.ts';
import { CalcOperator } from '../../src/runtime/operators/calc.ts';
import { HeapKeyedStateBackend } from '../../src/state/heap-backend.ts';

function opened(op: CalcOperator): Batch[] {
  const batches: Batch[] = [];
  const output: Output = { emitBatch: (b) => batches.push(b), emitWatermark: () => {}, emitIdle: () => {} };
  op.open({
    operatorName: op.name,
    subtaskIndex: 0,
    parallelism: 1,
    backend: new HeapKeyedStateBackend({ clock: () => 0 }),
    output,
    metrics: new OperatorMetrics(),
    processingTime: () => 0,
    scheduleProcessingTime: () => {},
  });
  return batches;
}

const batch = (rows: Row[], kinds: number[]): Batch => ({
  rows,
  kinds: Uint8Array.from(kinds),
  length: rows.length,
});
const pairs = (b: Batch): [number, Row][] =>
  Array.from({ length: b.length }, (_, i) => [b.kinds[i]!, b.rows[i]!]);

describe('CalcOperator', () => {
  it('filters and projects, keeping each row kind (a -U/+U pair stays a pair)', () => {
    const op = new CalcOperator({
      predicate: (r) => (r[0] as number) > 1,
      projection: (r) => [(r[0] as number) * 10, r[1]],
    });
    const out = opened(op);
    op.processBatch(
      0,
      batch(
        [
          [1, 'a'],
          [2, 'b'],
          [3, 'c'],
          [4, 'd'],
        ],
        [0, 1, 2, 3],
      ),
    );
    expect(out).toHaveLength(1);
    expect(out[0]!.rows).toHaveLength(3);
    expect(pairs(out[0]!)).toEqual([
      [1, [20, 'b']],
      [2, [30, 'c']],
      [3, [40, 'd']],
    ]);
  });

  it('emits nothing when no row passes, and passes a batch through without expressions', () => {
    const none = new CalcOperator({ predicate: () => false });
    const noneOut = opened(none);
    none.processBatch(0, batch([[1]], [0]));
    expect(noneOut).toEqual([]);
    const identity = new CalcOperator({});
    const identityOut = opened(identity);
    const input = batch([[1], [2]], [0, 3]);
    identity.processBatch(0, input);
    expect(identityOut[0]).toBe(input);
  });

  it('treats a predicate result other than true (NULL) as filtered out', () => {
    const op = new CalcOperator({ predicate: (r) => r[0] as boolean });
    const out = opened(op);
    op.processBatch(0, batch([[true], [null], [false], [true]], [0, 0, 0, 2]));
    expect(pairs(out[0]!)).toEqual([
      [0, [true]],
      [2, [true]],
    ]);
  });

  it('keeps the kinds of consecutive batches apart (insert-only and mixed, filtered or not)', () => {
    const filtered = new CalcOperator({ predicate: (r) => r[0] !== 0 });
    const out = opened(filtered);
    filtered.processBatch(0, batch([[1], [0], [2]], [0, 0, 0]));
    filtered.processBatch(0, batch([[3], [0], [4]], [3, 0, 1]));
    filtered.processBatch(0, batch([[5]], [0]));
    expect(out.map(pairs)).toEqual([
      [
        [0, [1]],
        [0, [2]],
      ],
      [
        [3, [3]],
        [1, [4]],
      ],
      [[0, [5]]],
    ]);
    const projected = new CalcOperator({ projection: (r) => [r[0], r[0]] });
    const projectedOut = opened(projected);
    projected.processBatch(0, batch([[1], [2]], [2, 3]));
    projected.processBatch(0, batch([[3]], [0]));
    expect(projectedOut.map(pairs)).toEqual([
      [
        [2, [1, 1]],
        [3, [2, 2]],
      ],
      [[0, [3, 3]]],
    ]);
  });

  it('handles batches larger than its scratch space', () => {
    const op = new CalcOperator({ predicate: (r) => (r[0] as number) % 3 === 0 });
    const out = opened(op);
    const n = 5000;
    const rows = Array.from({ length: n }, (_, i) => [i]);
    op.processBatch(
      0,
      batch(
        rows,
        rows.map((_, i) => (i % 2 === 0 ? 0 : 2)),
      ),
    );
    const b = out[0]!;
    expect(b.length).toBe(Math.ceil(n / 3));
    for (let i = 0; i < b.length; i++) {
      expect(b.rows[i]).toEqual([i * 3]);
      expect(b.kinds[i]).toBe((i * 3) % 2 === 0 ? 0 : 2);
    }
  });
});
