import { describe, expect, it } from 'vitest';
import { childrenOf, inputsOf, transform, visit } from '../../src/expr/bound.ts';
import { FunctionSignatureError } from '../../src/expr/errors.ts';
import { functionNames } from '../../src/expr/functions/index.ts';
import { B, call, int, str, T } from './helpers.ts';

describe('bound expression helpers', () => {
  const x = B.input(2, T.int());
  const y = B.input(0, T.int());
  const e = B.caseWhen(
    [{ when: call('>', x, int(1)), result: call('+', x, y) }],
    B.item(call('ARRAY', y), int(1), T.int()),
    T.int(),
  );

  it('lists children and inputs', () => {
    expect(childrenOf(e)).toHaveLength(3);
    expect(inputsOf(e)).toEqual([0, 2]);
    const kinds: string[] = [];
    visit(e, (n) => kinds.push(n.kind));
    expect(kinds[0]).toBe('case');
    expect(kinds.filter((k) => k === 'input')).toHaveLength(4);
  });
  it('transforms bottom-up and keeps untouched subtrees', () => {
    const shifted = transform(e, (n) => (n.kind === 'input' ? B.input(n.index + 10, n.type) : undefined));
    expect(inputsOf(shifted)).toEqual([10, 12]);
    const same = transform(e, () => undefined);
    expect(same).toBe(e);
  });
});

describe('function catalog', () => {
  it('names every built-in', () => {
    const names = functionNames();
    for (const n of [
      '+',
      'LIKE',
      'JSON_VALUE',
      'TIMESTAMPDIFF',
      'RAND_INTEGER',
      'SPLIT_INDEX',
      'CARDINALITY',
      'IS JSON',
    ]) {
      expect(names).toContain(n);
    }
    expect(names.length).toBeGreaterThan(120);
  });
  it('signature errors carry the function, argument types and signatures', () => {
    try {
      call('SUBSTRING', int(1), str('x'));
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(FunctionSignatureError);
      const e = err as FunctionSignatureError;
      expect(e.functionName).toBe('SUBSTRING');
      expect(e.argumentTypes).toEqual(['INT NOT NULL', 'STRING NOT NULL']);
      expect(e.signatures[0]).toContain('SUBSTRING(<STRING> FROM <INTEGER>');
      expect(e.code).toBe('INVALID_FUNCTION_ARGUMENTS');
    }
  });
});
