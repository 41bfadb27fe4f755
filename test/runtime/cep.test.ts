/**
 * The MATCH_RECOGNIZE automaton on hand-made sequences: quantifiers, greedy vs reluctant, AFTER
 * MATCH SKIP strategies, WITHIN and the release order of matches. Rows are `[label, value]`.
 */
import { describe, expect, it } from 'vitest';
import type { Row } from '../../src/runtime/batch.ts';
import { Nfa } from '../../src/runtime/cep/nfa.ts';
import {
  type AfterMatchSkip,
  emptyNfaState,
  type MatchEvent,
  type PatternElement,
  type PatternRows,
  type VariableCondition,
} from '../../src/runtime/cep/pattern.ts';

interface Setup {
  readonly pattern: string;
  readonly conditions?: Record<string, VariableCondition>;
  readonly skip?: 'past' | 'next' | `first ${string}` | `last ${string}`;
  readonly withinMs?: number;
}

/** `A B+? C{2,3}`: space-separated variables with quantifiers (`*`, `+`, `?`, `{n}`, `{n,}`, `{n,m}`, `{,m}`, trailing `?` = reluctant). */
function compile(setup: Setup): Nfa {
  const variables: string[] = [];
  const elements: PatternElement[] = setup.pattern.split(' ').map((token) => {
    const m = /^([A-Z]+)(\*|\+|\?|\{(\d*)(,?)(\d*)\})?(\?)?$/.exec(token);
    if (!m) throw new Error(`bad token ${token}`);
    const [, name, q, lo, comma, hi, lazy] = m;
    variables.push(name!);
    let min = 1;
    let max = 1;
    if (q === '*') [min, max] = [0, Number.POSITIVE_INFINITY];
    else if (q === '+') [min, max] = [1, Number.POSITIVE_INFINITY];
    else if (q === '?') [min, max] = [0, 1];
    else if (q !== undefined) {
      min = lo === '' ? 0 : Number(lo);
      max = comma === '' ? min : hi === '' ? Number.POSITIVE_INFINITY : Number(hi);
    }
    const greedy = lazy === undefined && min !== max && !(min === 0 && max === 1);
    return { variable: variables.length - 1, min, max, greedy };
  });
  const index = (name: string): number => variables.indexOf(name);
  const skipText = setup.skip ?? 'past';
  const skip: AfterMatchSkip =
    skipText === 'past'
      ? { kind: 'past-last-row' }
      : skipText === 'next'
        ? { kind: 'to-next-row' }
        : {
            kind: skipText.startsWith('first') ? 'to-first' : 'to-last',
            variable: index(skipText.split(' ')[1]!),
          };
  const conditions = variables.map(
    (v) => setup.conditions?.[v] ?? ((r: PatternRows) => r.current[0] === v.toLowerCase()),
  );
  return new Nfa({
    variables,
    elements,
    conditions,
    skip,
    ...(setup.withinMs === undefined ? {} : { withinMs: setup.withinMs }),
  });
}

const text = (nfa: Nfa, events: readonly MatchEvent[]): string =>
  events.map((e) => `${nfa.spec.variables[e.variable]}${e.row[1]}`).join(' ');

/** Feeds rows (time = position unless given) and returns the released matches as text. */
function run(nfa: Nfa, rows: Row[], times?: number[]): string[] {
  const state = emptyNfaState();
  const out: string[] = [];
  rows.forEach((row, i) => {
    const t = times?.[i] ?? i;
    for (const m of nfa.advanceTime(state, t)) out.push(text(nfa, m));
    for (const m of nfa.process(state, row, t)) out.push(text(nfa, m));
  });
  for (const m of nfa.advanceTime(state, Number.MAX_SAFE_INTEGER)) out.push(text(nfa, m));
  return out;
}

/** Rows from `a1 b2 c3`: label letter and numeric value. */
const rows = (spec: string): Row[] => spec.split(' ').map((t) => [t[0], Number(t.slice(1))]);

const value = (r: Row): number => r[1] as number;
const price = (rowsOf: readonly Row[]): number => rowsOf.reduce((s, r) => s + value(r), 0);

describe('quantifiers', () => {
  it('matches a plain sequence with strict contiguity', () => {
    expect(run(compile({ pattern: 'A B C' }), rows('a1 b2 c3 a4 x5 b6 c7 a8 b9 c10'))).toEqual([
      'A1 B2 C3',
      'A8 B9 C10',
    ]);
  });

  it('{n} takes exactly n rows', () => {
    expect(run(compile({ pattern: 'A{2} B' }), rows('a1 b2 a3 a4 b5 a6 a7 a8 b9'))).toEqual([
      'A3 A4 B5',
      'A7 A8 B9',
    ]);
  });

  it('{n,} and + are greedy: the loop keeps rows its condition accepts', () => {
    expect(run(compile({ pattern: 'A{2,} B' }), rows('a1 b2 a3 a4 a5 b6'))).toEqual(['A3 A4 A5 B6']);
    expect(run(compile({ pattern: 'A+ B' }), rows('a1 a2 b3'))).toEqual(['A1 A2 B3']);
  });

  it('{n,m} stops taking at m; a greedy loop at its bound cannot let its rows pass on', () => {
    // a5 would satisfy A, so B's entry is closed for it (Flink's NOT(take) on the next state)
    expect(run(compile({ pattern: 'A{1,3} B' }), rows('a1 a2 a3 b4 a5 a6 a7 a8 b9'))).toEqual([
      'A1 A2 A3 B4',
      'A6 A7 A8 B9',
    ]);
  });

  it('{,m} and ? allow zero rows', () => {
    expect(run(compile({ pattern: 'A{,2} B' }), rows('b1 a2 b3 a4 a5 b6'))).toEqual([
      'B1',
      'A2 B3',
      'A4 A5 B6',
    ]);
    expect(run(compile({ pattern: 'A B? C' }), rows('a1 c2 a3 b4 c5'))).toEqual(['A1 C2', 'A3 B4 C5']);
  });

  it('* matches zero or more rows', () => {
    expect(run(compile({ pattern: 'A B* C' }), rows('a1 c2 a3 b4 b5 c6'))).toEqual(['A1 C2', 'A3 B4 B5 C6']);
  });

  it('reluctant quantifiers complete as early as possible (docs: B* vs B*?)', () => {
    const conditions = {
      A: (r: PatternRows) => value(r.current) > 10,
      B: (r: PatternRows) => value(r.current) < 15,
      C: (r: PatternRows) => value(r.current) > 12,
    };
    const input = rows('x10 x11 x12 x13 x14 x16');
    expect(run(compile({ pattern: 'A B* C', conditions }), input)).toEqual(['A11 B12 B13 B14 C16']);
    expect(run(compile({ pattern: 'A B*? C', conditions }), input)).toEqual(['A11 B12 C13', 'A14 C16']);
  });

  it('a reluctant loop at the end completes on its first row', () => {
    expect(run(compile({ pattern: 'A B+?' }), rows('a1 b2 b3 a4 b5'))).toEqual(['A1 B2', 'A4 B5']);
  });
});

describe('conditions see the match so far', () => {
  it('LAST(A.x, 1) and aggregates include the candidate row', () => {
    // A+ of increasing values, then B below the last A (the docs' output-mode example)
    const conditions = {
      A: (r: PatternRows) => {
        const a = r.rowsOf(0);
        return a.length < 2 || value(a[a.length - 1]!) > value(a[a.length - 2]!);
      },
      B: (r: PatternRows) => {
        const a = r.rowsOf(0);
        return value(r.current) < value(a[a.length - 1]!);
      },
    };
    expect(run(compile({ pattern: 'A+ B', conditions }), rows('x10 x12 x13 x11'))).toEqual([
      'A10 A12 A13 B11',
    ]);
  });
});

describe('AFTER MATCH SKIP (docs: A+ C with SUM(A.price) < 30)', () => {
  const conditions = { A: (r: PatternRows) => price(r.rowsOf(0)) < 30, C: () => true };
  const input = rows('x7 x9 x10 x5 x10 x7 x14');
  const sums = (ms: string[]): string[] => ms.map((m) => m.replace(/A/g, '').split(' C')[0]!);

  it('PAST LAST ROW', () => {
    expect(sums(run(compile({ pattern: 'A+ C', conditions }), input))).toEqual(['7 9 10', '10 7']);
  });

  it('TO NEXT ROW', () => {
    const out = run(compile({ pattern: 'A+ C', conditions, skip: 'next' }), input);
    expect(out).toEqual(['A7 A9 A10 C5', 'A9 A10 A5 C10', 'A10 A5 A10 C7', 'A5 A10 A7 C14', 'A10 A7 C14']);
  });

  it('TO LAST A', () => {
    const out = run(compile({ pattern: 'A+ C', conditions, skip: 'last A' }), input);
    expect(out).toEqual(['A7 A9 A10 C5', 'A10 A5 A10 C7', 'A10 A7 C14']);
  });

  it('TO FIRST A fails: it would restart where the match started', () => {
    expect(() => run(compile({ pattern: 'A+ C', conditions, skip: 'first A' }), input)).toThrow(
      'Could not skip to first element of a match.',
    );
  });

  it('TO FIRST of a variable without rows fails', () => {
    expect(() => run(compile({ pattern: 'A B? C', skip: 'first B' }), rows('a1 c2'))).toThrow(
      'Could not skip to B',
    );
  });

  it('TO FIRST B restarts at the first B row', () => {
    expect(run(compile({ pattern: 'A B+? C', skip: 'first B' }), rows('a1 b2 c3'))).toEqual(['A1 B2 C3']);
  });
});

describe('release order', () => {
  it('holds a match back while an earlier-started partial match is alive', () => {
    // A B* C with no skip pruning of the later start: the match starting at a2 completes first
    // (c4) but waits for the one starting at a1 (which completes at c6)
    const conditions = {
      A: (r: PatternRows) => r.current[0] === 'a',
      B: (r: PatternRows) => r.current[0] !== 'c' || value(r.current) < 5,
      C: (r: PatternRows) => r.current[0] === 'c' && (r.allRows()[0]![1] === 2 || value(r.current) > 5),
    };
    const state = emptyNfaState();
    const nfa = compile({ pattern: 'A B*? C', conditions, skip: 'next' });
    const released: string[][] = [];
    rows('a1 a2 b3 c4 b5 c6').forEach((row, i) => {
      released.push(nfa.process(state, row, i).map((m) => text(nfa, m)));
    });
    expect(released).toEqual([[], [], [], [], [], ['A1 B2 B3 B4 B5 C6', 'A2 B3 C4']]);
  });
});

describe('WITHIN', () => {
  it('drops partial matches once time - start reaches the bound', () => {
    const nfa = compile({ pattern: 'A B*? C', withinMs: 10 });
    expect(run(nfa, rows('a1 b2 c3'), [0, 5, 9])).toEqual(['A1 B2 C3']);
    expect(run(nfa, rows('a1 b2 c3'), [0, 5, 10])).toEqual([]);
  });

  it('releases matches that were waiting on a partial match that timed out', () => {
    const conditions = {
      A: (r: PatternRows) => r.current[0] === 'a',
      B: () => true,
      C: (r: PatternRows) => r.current[0] === 'c' && r.allRows()[0]![1] === 2,
    };
    const nfa = compile({ pattern: 'A B*? C', conditions, skip: 'next', withinMs: 100 });
    const state = emptyNfaState();
    for (const [i, row] of rows('a1 a2 c3').entries()) expect(nfa.process(state, row, i)).toEqual([]);
    expect(nfa.nextTimeout(state)).toBe(100);
    expect(nfa.advanceTime(state, 100).map((m) => text(nfa, m))).toEqual(['A2 C3']);
  });
});
