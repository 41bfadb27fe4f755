import { describe, expect, it } from 'vitest';
import { B } from '../../src/expr/bound.ts';
import '../../src/expr/functions/index.ts';
import { T } from '../../src/expr/types.ts';
import { calc } from '../../src/planner/physical/node-builders.ts';
import type { PhysicalNode } from '../../src/planner/physical/nodes.ts';

const INT = T.int();
const BOOL = T.boolean();
const schema = [
  { name: 'a', type: INT },
  { name: 'b', type: INT },
];
/** A stand-in input: only its schema and changelog matter to `calc`. */
const input = {
  kind: 'Values',
  rows: [],
  schema,
  changelogMode: { kinds: ['I'] },
  uniqueKeys: [],
  upsertKeys: [],
} as unknown as PhysicalNode;

const aOnly = [B.input(0, INT)];
const random = B.call('<', [B.call('RAND', [], T.double()), B.literal(0.5, T.double())], BOOL);
const positive = B.call('>', [B.input(1, INT), B.literal(0, INT)], BOOL);

describe('Calc merging', () => {
  it('merges a non-deterministic condition into a projection-only Calc below it', () => {
    const below = calc(input, [B.input(0, INT), B.input(1, INT)].reverse(), [...schema].reverse());
    const merged = calc(below, [B.input(1, INT)], [schema[0]!], random);
    expect(merged.kind).toBe('Calc');
    expect(merged.kind === 'Calc' && merged.input).toBe(input);
  });

  it('keeps it apart from a Calc with a condition of its own (which runs first)', () => {
    const below = calc(input, [B.input(0, INT), B.input(1, INT)].reverse(), [...schema].reverse(), positive);
    const top = calc(below, [B.input(1, INT)], [schema[0]!], random);
    expect(top.kind === 'Calc' && top.input).toBe(below);
  });

  it('merges deterministic Calcs, conditions joined', () => {
    const below = calc(input, aOnly, [schema[0]!], positive);
    const top = calc(below, aOnly, [schema[0]!], B.call('>', [B.input(0, INT), B.literal(1, INT)], BOOL));
    expect(top.kind === 'Calc' && top.input).toBe(input);
    expect(top.kind === 'Calc' && top.condition?.kind).toBe('call');
  });
});
