import { expect } from 'vitest';
import { B, type BoundExpr } from '../../src/expr/bound.ts';
import { compileScalar } from '../../src/expr/compile.ts';
import { bindCall, type ExprContext, evalContext } from '../../src/expr/functions/index.ts';
import { interpret } from '../../src/expr/interpret.ts';
import { type LogicalType, T } from '../../src/expr/types.ts';
import { formatValue } from '../../src/expr/values/format.ts';

export { B, bindCall, T };

/** A NOT NULL literal of the given type. */
export const lit = (value: unknown, type: LogicalType): BoundExpr =>
  B.literal(value, value === null ? { ...type, nullable: true } : { ...type, nullable: false });
export const str = (s: string | null) => lit(s, T.string());
export const int = (n: number | null) => lit(n, T.int());
export const big = (n: bigint | null) => lit(n, T.bigint());
export const dbl = (n: number | null) => lit(n, T.double());
export const dec = (text: string, p: number, s: number) => {
  const [i, f = ''] = text.replace('-', '').split('.');
  const unscaled = BigInt(i! + f.padEnd(s, '0')) * (text.startsWith('-') ? -1n : 1n);
  return lit(unscaled, T.decimal(p, s));
};
export const sym = (name: string) => B.symbol(name);
export const call = (name: string, ...args: BoundExpr[]) => bindCall(name, args);

const fixedClock: ExprContext = { currentMillis: () => Date.UTC(2024, 0, 15, 10, 30, 0) };

/** Evaluates compiled and interpreted; asserts they agree; returns the value. */
export function run(e: BoundExpr, row: readonly unknown[] = [], ctx: ExprContext = {}): unknown {
  const ec = evalContext({ ...fixedClock, ...ctx });
  const compiled = compileScalar(e, ec)(row);
  const interpreted = interpret(e, ec)(row);
  expect(formatValue(compiled, e.type)).toBe(formatValue(interpreted, e.type));
  return compiled;
}

/** The result as Flink's Row.toString prints it. */
export function show(e: BoundExpr, row: readonly unknown[] = [], ctx: ExprContext = {}): string {
  return formatValue(run(e, row, ctx), e.type);
}

/** Compiled evaluation only (for non-deterministic functions). */
export function runCompiled(e: BoundExpr, row: readonly unknown[] = [], ctx: ExprContext = {}): unknown {
  return compileScalar(e, evalContext({ ...fixedClock, ...ctx }))(row);
}
