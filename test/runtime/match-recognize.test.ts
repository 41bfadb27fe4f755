/**
 * MatchRecognizeOperator: event-time buffering and ordering, late rows, partitions, WITHIN timers,
 * processing time and checkpoints. Rows are `[key, time, value, seq]`; the pattern is
 * `DOWN{2,} UP` (falling values, then a rise) unless a test says otherwise.
 */
import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/runtime/batch.ts';
import type { NfaSpec, PatternRows } from '../../src/runtime/cep/pattern.ts';
import {
  MatchRecognizeOperator,
  type MatchRecognizeSpec,
} from '../../src/runtime/operators/match-recognize.ts';
import { OperatorHarness } from './operator-harness.ts';

const value = (r: Row): number => r[2] as number;
const last = (rows: readonly Row[], n = 0): Row | undefined => rows[rows.length - 1 - n];

const downUp: NfaSpec = {
  variables: ['DOWN', 'UP'],
  elements: [
    { variable: 0, min: 2, max: Number.POSITIVE_INFINITY, greedy: true },
    { variable: 1, min: 1, max: 1, greedy: false },
  ],
  conditions: [
    (r: PatternRows) => {
      const prev = last(r.rowsOf(0), 1);
      return prev === undefined || value(r.current) < value(prev);
    },
    (r: PatternRows) => value(r.current) > value(last(r.rowsOf(0))!),
  ],
  skip: { kind: 'past-last-row' },
};

/** Measures: first DOWN, last DOWN, UP values and MATCH_ROWTIME. */
const measures: MatchRecognizeSpec['measures'] = (m, env) => [
  value(m.rowsOf(0)[0]!),
  value(last(m.rowsOf(0))!),
  value(m.rowsOf(1)[0]!),
  env.time,
];

function harness(overrides: Partial<MatchRecognizeSpec> = {}): OperatorHarness {
  return new OperatorHarness(
    new MatchRecognizeOperator({
      partitionKeyIndexes: [0],
      timeIndex: 1,
      nfa: downUp,
      measures,
      ...overrides,
    }),
  );
}

describe('MatchRecognizeOperator (event time)', () => {
  it('buffers rows until the watermark and matches them in rowtime order', () => {
    const h = harness();
    h.push(0, ['k', 30, 8, 1]).push(0, ['k', 10, 10, 2]).push(0, ['k', 20, 9, 3]);
    expect(h.changelog).toEqual([]);
    h.push(0, ['k', 40, 12, 4]).watermark(0, 35);
    expect(h.changelog).toEqual([]); // UP (t=40) not yet released by the watermark
    h.watermark(0, 40);
    expect(h.changelog).toEqual(['+I[k, 10, 8, 12, 40]']);
  });

  it('drops rows at or behind the watermark and counts them', () => {
    const h = harness();
    h.push(0, ['k', 10, 10, 1]).watermark(0, 20).push(0, ['k', 20, 9, 2]).push(0, ['k', 15, 8, 3]);
    h.push(0, ['k', 30, 7, 4]).push(0, ['k', 40, 11, 5]).end();
    expect(h.metrics.numLateRecordsDropped).toBe(2);
    // without the late 9 and 8 the falling run is 10, 7
    expect(h.changelog).toEqual(['+I[k, 10, 7, 11, 40]']);
  });

  it('orders rows with the same rowtime by the secondary columns, then arrival', () => {
    const bySeq = (a: Row, b: Row): number => (a[3] as number) - (b[3] as number);
    const rows: Row[] = [
      ['k', 1, 10, 3],
      ['k', 1, 8, 2],
      ['k', 1, 9, 1],
    ];
    const plain = harness();
    for (const r of rows) plain.push(0, r);
    plain.end();
    expect(plain.changelog).toEqual(['+I[k, 10, 8, 9, 1]']);
    const ordered = harness({ compare: bySeq });
    for (const r of rows) ordered.push(0, r);
    ordered.end();
    expect(ordered.changelog).toEqual(['+I[k, 9, 8, 10, 1]']);
  });

  it('runs one automaton per partition key', () => {
    const h = harness();
    const rows: Row[] = [
      ['a', 1, 5, 0],
      ['b', 2, 9, 0],
      ['a', 3, 4, 0],
      ['b', 4, 8, 0],
      ['a', 5, 6, 0],
      ['b', 6, 7, 0],
      ['b', 7, 9, 0],
    ];
    for (const r of rows) h.push(0, r);
    h.end();
    expect(h.changelog.sort()).toEqual(['+I[a, 5, 4, 6, 5]', '+I[b, 9, 7, 9, 7]']);
  });

  it('WITHIN drops partial matches on the watermark, without further rows', () => {
    const h = harness({ nfa: { ...downUp, withinMs: 10 } });
    h.push(0, ['k', 0, 10, 0]).push(0, ['k', 5, 9, 0]).watermark(0, 5);
    h.watermark(0, 10); // the partial match started at 0 times out at 10
    h.push(0, ['k', 11, 12, 0]).end();
    expect(h.changelog).toEqual([]);
    const inTime = harness({ nfa: { ...downUp, withinMs: 10 } });
    inTime.push(0, ['k', 0, 10, 0]).push(0, ['k', 5, 9, 0]).push(0, ['k', 9, 12, 0]).end();
    expect(inTime.changelog).toEqual(['+I[k, 10, 9, 12, 9]']);
  });

  it('keeps partial matches across a checkpoint', () => {
    const h = harness();
    h.push(0, ['k', 1, 10, 0]).push(0, ['k', 2, 9, 0]).watermark(0, 2).push(0, ['k', 3, 8, 0]);
    const snapshot = h.operator.snapshotState(1);
    const restored = harness();
    restored.operator.restoreState(snapshot);
    restored.push(0, ['k', 4, 11, 0]).end();
    expect(restored.changelog).toEqual(['+I[k, 10, 8, 11, 4]']);
  });
});

describe('MatchRecognizeOperator (processing time)', () => {
  it('matches rows in arrival order and times out WITHIN on processing-time timers', () => {
    const spec = { partitionKeyIndexes: [0], nfa: { ...downUp, withinMs: 100 }, measures };
    const p = new OperatorHarness(new MatchRecognizeOperator(spec));
    p.now = 0;
    p.push(0, ['k', null, 10, 0]).push(0, ['k', null, 9, 0]);
    p.advanceTo(100);
    p.push(0, ['k', null, 12, 0]);
    expect(p.changelog).toEqual([]);
    p.push(0, ['k', null, 11, 0]).push(0, ['k', null, 13, 0]);
    expect(p.changelog).toEqual(['+I[k, 12, 11, 13, 100]']);
  });
});
