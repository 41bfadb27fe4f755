import { describe, expect, it } from 'vitest';
import type { BoundExpr } from '../../src/expr/bound.ts';
import { compilePredicate, compileProjection, projectionSource } from '../../src/expr/compile.ts';
import { evalContext } from '../../src/expr/functions/index.ts';
import { interpret } from '../../src/expr/interpret.ts';
import { formatValue } from '../../src/expr/values/format.ts';
import { JavaRandom } from '../../src/expr/values/java-random.ts';
import { B, call, int, str, T } from './helpers.ts';

const name = B.input(0, T.string());
const n = B.input(1, T.int());
const lower = call('LOWER', name);
const occurrences = (text: string, needle: string): number => text.split(needle).length - 1;

describe('common subexpressions in compiled code', () => {
  it('computes a repeated call once across projection columns and CASE conditions', () => {
    const exprs: BoundExpr[] = [
      lower,
      B.caseWhen(
        [
          { when: call('=', lower, str('apple')), result: str('0') },
          { when: call('=', lower, str('pear')), result: str('1') },
        ],
        call('CONCAT', lower, str('!')),
        T.string(),
      ),
    ];
    const source = projectionSource(exprs);
    expect(occurrences(source, 'toLowerCase()')).toBe(1);
    const project = compileProjection(exprs);
    expect(project(['APPLE', 1])).toEqual(['apple', '0']);
    expect(project(['Pear', 1])).toEqual(['pear', '1']);
    expect(project(['Fig', 1])).toEqual(['fig', 'fig!']);
    expect(project([null, 1])).toEqual([null, null]);
  });

  it('does not reuse a value computed inside a branch after the branch', () => {
    // LOWER(name) first appears inside THEN; the ELSE and the second column must compute it again
    const inThen = B.caseWhen([{ when: call('>', n, int(0)), result: lower }], str('none'), T.string());
    const exprs: BoundExpr[] = [inThen, call('UPPER', lower)];
    const source = projectionSource(exprs);
    expect(occurrences(source, 'toLowerCase()')).toBe(2);
    const project = compileProjection(exprs);
    expect(project(['MiX', 1])).toEqual(['mix', 'MIX']);
    expect(project(['MiX', -1])).toEqual(['none', 'MIX']);
  });

  it('reuses the operands of earlier AND/OR conditions only where they were evaluated', () => {
    const lowerIsA = call('=', lower, str('a'));
    const predicate = call(
      'OR',
      call('AND', call('>', n, int(10)), lowerIsA),
      call('AND', call('<', n, int(0)), call('=', call('CHAR_LENGTH', lower), int(1))),
    );
    const test = compilePredicate(predicate);
    const ctx = evalContext();
    const reference = interpret(predicate, ctx);
    const random = new JavaRandom(7);
    const names = ['A', 'b', 'AB', null, 'a'];
    for (let i = 0; i < 500; i++) {
      const row = [
        names[random.nextInt(names.length)] ?? null,
        random.nextInt(5) === 0 ? null : random.nextInt(40) - 20,
      ];
      expect(test(row)).toBe(reference(row) === true);
    }
  });

  it('evaluates a non-deterministic function at each occurrence', () => {
    const uuid = call('UUID');
    const [a, b] = compileProjection([uuid, uuid])([]) as [string, string];
    expect(a).not.toBe(b);
    const rand = call('RAND');
    const source = projectionSource([call('+', rand, rand)]);
    expect(occurrences(source, '(k')).toBeGreaterThanOrEqual(2);
  });

  it('agrees with the interpreter on random rows for expressions with shared parts', () => {
    const shared = call('+', n, int(1));
    const exprs: BoundExpr[] = [
      call('*', shared, shared),
      B.caseWhen([{ when: call('IS NULL', shared), result: int(-1) }], call('-', shared, int(2)), T.int()),
      call('COALESCE', call('CHAR_LENGTH', lower), shared),
    ];
    const project = compileProjection(exprs);
    const ctx = evalContext();
    const references = exprs.map((e) => interpret(e, ctx));
    const random = new JavaRandom(11);
    for (let i = 0; i < 300; i++) {
      const row = [
        random.nextInt(4) === 0 ? null : 'Ab'.repeat(random.nextInt(3)),
        random.nextInt(4) === 0 ? null : random.nextInt(100),
      ];
      const got = project(row);
      exprs.forEach((e, j) => {
        expect(formatValue(got[j], e.type)).toBe(formatValue(references[j]!(row), e.type));
      });
    }
  });
});
