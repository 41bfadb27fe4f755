import { describe, expect, it } from 'vitest';
import type { BoundExpr } from '../../src/expr/bound.ts';
import {
  compilePredicate,
  compileProjection,
  compileScalar,
  projectionSource,
} from '../../src/expr/compile.ts';
import { evalContext } from '../../src/expr/functions/index.ts';
import { interpret } from '../../src/expr/interpret.ts';
import type { LogicalType } from '../../src/expr/types.ts';
import { formatValue } from '../../src/expr/values/format.ts';
import { JavaRandom } from '../../src/expr/values/java-random.ts';
import { B, call, int, lit, str, T } from './helpers.ts';

const schema: LogicalType[] = [
  T.int(),
  T.bigint(false),
  T.double(),
  T.decimal(10, 2),
  T.string(),
  T.boolean(),
  T.timestamp(3, false),
  T.int(false),
];

function randomRow(r: JavaRandom): unknown[] {
  const maybe = (v: unknown) => (r.nextInt(5) === 0 ? null : v);
  return [
    maybe(r.nextInt(200) - 100),
    BigInt(r.nextInt(2000) - 1000),
    maybe((r.nextInt(2000) - 1000) / 8),
    maybe(BigInt(r.nextInt(200000) - 100000)),
    maybe(['', 'a', 'abc', 'Zebra', 'a%b', '😀x'][r.nextInt(6)]),
    maybe(r.nextInt(2) === 0),
    Date.UTC(2024, 0, 1) + r.nextInt(1_000_000) * 1000,
    r.nextInt(10) - 5,
  ];
}

/** Random well-typed expressions over the schema, with literals, nulls, CASE and casts. */
function randomExpr(r: JavaRandom, want: 'num' | 'bool' | 'str', depth: number): BoundExpr {
  const input = (i: number) => B.input(i, schema[i]!);
  if (depth <= 0 || r.nextInt(4) === 0) {
    if (want === 'num')
      return [input(0), input(1), input(2), input(3), input(7), int(r.nextInt(20) - 10)][r.nextInt(6)]!;
    if (want === 'bool')
      return [input(5), lit(r.nextInt(2) === 0, T.boolean()), B.literal(null, T.boolean())][r.nextInt(3)]!;
    return [input(4), str('ab'), B.literal(null, T.string())][r.nextInt(3)]!;
  }
  const sub = (w: 'num' | 'bool' | 'str') => randomExpr(r, w, depth - 1);
  if (want === 'num') {
    const pick = r.nextInt(8);
    if (pick < 4) return call(['+', '-', '*', '/'][pick]!, sub('num'), sub('num'));
    if (pick === 4) return call('CHAR_LENGTH', sub('str'));
    if (pick === 5) return call('COALESCE', sub('num'), sub('num'));
    if (pick === 6) return B.cast(sub('num'), T.bigint(), 'try_cast');
    const result = sub('num');
    const otherwise = sub('num');
    const common = call('COALESCE', result, otherwise).type;
    return B.caseWhen([{ when: sub('bool'), result }], otherwise, { ...common, nullable: true });
  }
  if (want === 'bool') {
    const pick = r.nextInt(7);
    if (pick < 2) return call(['=', '<'][pick]!, sub('num'), sub('num'));
    if (pick === 2) return call(['AND', 'OR'][r.nextInt(2)]!, sub('bool'), sub('bool'));
    if (pick === 3) return call('NOT', sub('bool'));
    if (pick === 4) return call('IS NULL', sub('num'));
    if (pick === 5) return call('LIKE', sub('str'), str('a%'));
    return call('IN', sub('num'), int(1), int(2), B.literal(null, T.int()));
  }
  const pick = r.nextInt(4);
  if (pick === 0) return call('UPPER', sub('str'));
  if (pick === 1) return call('CONCAT', sub('str'), sub('str'));
  if (pick === 2) return B.cast(sub('num'), T.string());
  return call('IF', sub('bool'), sub('str'), sub('str'));
}

function outcome(fn: () => unknown, type: LogicalType): string {
  try {
    return formatValue(fn(), type);
  } catch (e) {
    return `error: ${(e as Error).message}`;
  }
}

describe('compiled code agrees with the interpreter', () => {
  it('on random expressions and rows', () => {
    const r = new JavaRandom(7);
    const ctx = evalContext({ timeZone: 'Asia/Shanghai' });
    let compared = 0;
    for (let i = 0; i < 300; i++) {
      const want = (['num', 'bool', 'str'] as const)[i % 3];
      const e = randomExpr(r, want!, 4);
      const compiled = compileScalar(e, ctx);
      const interpreted = interpret(e, ctx);
      for (let j = 0; j < 20; j++) {
        const row = randomRow(r);
        expect(outcome(() => compiled(row), e.type)).toBe(outcome(() => interpreted(row), e.type));
        compared++;
      }
    }
    expect(compared).toBe(6000);
  });
});

describe('compilation shape', () => {
  it('emits null checks only for nullable inputs', () => {
    const notNull = call('+', B.input(7, T.int(false)), int(1));
    const nullable = call('+', B.input(0, T.int()), int(1));
    expect(projectionSource([notNull])).not.toContain('=== null');
    expect(projectionSource([nullable])).toContain('f0 === null');
    expect(projectionSource([notNull])).toContain('((f7 + (1)) | 0)');
  });
  it('hoists literal regexes: one RegExp per call site', () => {
    const like = call('LIKE', B.input(4, T.string()), str('a%'));
    const pred = compilePredicate(like);
    expect(pred(['', 0n, 0, 0n, 'abc'])).toBe(true);
    expect(pred(['', 0n, 0, 0n, 'xbc'])).toBe(false);
    expect(pred(['', 0n, 0, 0n, null])).toBe(false);
  });
  it('predicates treat NULL as false', () => {
    const p = compilePredicate(call('>', B.input(0, T.int()), int(0)));
    expect([p([1]), p([0]), p([null])]).toEqual([true, false, false]);
  });
  it('projects many columns in one function', () => {
    const project = compileProjection([
      B.input(1, T.bigint(false)),
      call('UPPER', B.input(4, T.string())),
      call('COALESCE', B.input(0, T.int()), int(-1)),
      B.cast(B.input(4, T.string()), T.int(), 'try_cast'),
    ]);
    expect(project([null, 5n, 0, 0n, '12'])).toEqual([5n, '12', -1, 12]);
    expect(project([3, 5n, 0, 0n, 'x'])).toEqual([5n, 'X', 3, null]);
  });
  it('evaluates CASE branches lazily', () => {
    const x = B.input(0, T.int(false));
    const e = B.caseWhen(
      [{ when: call('=', x, int(0)), result: int(0) }],
      call('/', int(10), x),
      T.int(false),
    );
    const f = compileScalar(e);
    expect(f([0])).toBe(0);
    expect(f([5])).toBe(2);
  });
  it('CURRENT_TIMESTAMP is read per record with the per-record clock', () => {
    let now = 1000;
    const f = compileScalar(call('CURRENT_TIMESTAMP'), { currentMillis: () => now });
    expect(f([])).toBe(1000);
    now = 2000;
    expect(f([])).toBe(2000);
    const fixed = compileScalar(call('CURRENT_TIMESTAMP'), { clock: 'query-start', queryStartMillis: 5 });
    expect(fixed([])).toBe(5);
  });
});
