/**
 * The built-in scalar function catalog. Each function declares its accepted signatures, how its
 * return type follows from the argument types, whether it is deterministic, and its implementation
 * (a closure specialised once per call site). Hot operators may also provide inline JavaScript.
 */
import type { BoundExpr, Call } from '../bound.ts';
import { FunctionSignatureError } from '../errors.ts';
import { formatType, type LogicalType, withNullability } from '../types.ts';
import { JavaRandom } from '../values/java-random.ts';
import { type TimeZone, timeZone } from '../values/timezone.ts';

/** Implementation over non-null arguments (or all arguments when `nulls` is 'handled'). */
export type ScalarImpl = (...args: unknown[]) => unknown;

/** Typed implementations are stored under the uniform ScalarImpl signature. */
export const impl = <F extends (...args: never[]) => unknown>(f: F): ScalarImpl => f as unknown as ScalarImpl;

/** What expression evaluation may depend on beyond the row. */
export interface EvalContext {
  readonly zone: TimeZone;
  /** Epoch millis used by CURRENT_TIMESTAMP, NOW, CURRENT_DATE ... (see ExprContext.clock). */
  now(): number;
  /** A Java-compatible generator for a seed, or an unseeded one. */
  random(seed?: number | bigint): JavaRandom | { nextDouble(): number; nextInt(bound: number): number };
  /** The operator's current watermark in epoch millis, or null before the first one. */
  currentWatermark(): number | null;
}

export interface ExprContext {
  /** Session time zone (`table.local-time-zone`), default UTC. */
  readonly timeZone?: string;
  /**
   * 'per-record' (Flink streaming: CURRENT_TIMESTAMP etc. read the clock for every record) or
   * 'query-start' (Flink batch: one value for the whole query, `queryStartMillis`).
   */
  readonly clock?: 'per-record' | 'query-start';
  readonly queryStartMillis?: number;
  /** Clock override for tests. */
  readonly currentMillis?: () => number;
  /** Supplied by the runtime for CURRENT_WATERMARK(rowtime); without it the function yields NULL. */
  readonly currentWatermark?: () => number | null;
}

const mathRandom = {
  nextDouble: () => Math.random(),
  nextInt: (bound: number) => Math.floor(Math.random() * bound),
};

export function evalContext(ctx: ExprContext = {}): EvalContext {
  const zone = timeZone(ctx.timeZone ?? 'UTC');
  const read = ctx.currentMillis ?? Date.now;
  const start = ctx.queryStartMillis ?? read();
  const now = ctx.clock === 'query-start' ? () => start : read;
  return {
    zone,
    now,
    random: (seed) => (seed === undefined ? mathRandom : new JavaRandom(seed)),
    currentWatermark: ctx.currentWatermark ?? (() => null),
  };
}

export interface ScalarFunction {
  readonly name: string;
  /** Accepted signatures in words, shown when no signature matches. */
  readonly signatures: readonly string[];
  /** False for RAND, UUID, NOW ...: they must not be folded or deduplicated. */
  readonly deterministic?: boolean;
  /** 'strict' (default): NULL in any value argument gives NULL without calling the implementation. */
  readonly nulls?: 'strict' | 'handled';
  /**
   * The result type for these arguments, or undefined / a reason string when they are not accepted.
   * For strict functions the registry makes the result nullable when any argument is.
   */
  infer(args: readonly BoundExpr[]): LogicalType | string | undefined;
  implement(call: Call, ctx: EvalContext): ScalarImpl;
  /** JavaScript for the call over non-null argument expressions, when it can be inlined. */
  inline?(call: Call, args: readonly string[]): string | undefined;
}

const registry = new Map<string, ScalarFunction>();

export function defineFunction(fn: ScalarFunction, ...aliases: string[]): void {
  registry.set(fn.name, fn);
  for (const a of aliases) registry.set(a, fn);
}

export function lookupFunction(name: string): ScalarFunction | undefined {
  return registry.get(name.toUpperCase()) ?? registry.get(name);
}

export function functionNames(): string[] {
  return [...new Set([...registry.values()].map((f) => f.name))].sort();
}

const argTypeText = (a: BoundExpr): string => (a.kind === 'symbol' ? a.name : formatType(a.type));

/** Types a call: returns the Call node or throws FunctionSignatureError listing the signatures. */
export function bindCall(name: string, args: readonly BoundExpr[]): Call {
  const fn = lookupFunction(name);
  if (!fn)
    throw new FunctionSignatureError(
      name,
      args.map(argTypeText),
      ['(no such function)'],
      `unknown function ${name}`,
    );
  const inferred = fn.infer(args);
  if (inferred === undefined || typeof inferred === 'string') {
    throw new FunctionSignatureError(fn.name, args.map(argTypeText), fn.signatures, inferred);
  }
  const anyNullable = args.some((a) => a.kind !== 'symbol' && a.type.nullable);
  const type =
    (fn.nulls ?? 'strict') === 'strict' && anyNullable ? withNullability(inferred, true) : inferred;
  return { kind: 'call', name: fn.name, args, type };
}

export function requireFunction(name: string): ScalarFunction {
  const fn = lookupFunction(name);
  if (!fn) throw new FunctionSignatureError(name, [], ['(no such function)'], `unknown function ${name}`);
  return fn;
}

/** Argument helpers for infer(). */
export const valueArgs = (args: readonly BoundExpr[]): BoundExpr[] => args.filter((a) => a.kind !== 'symbol');
export const symbolName = (a: BoundExpr | undefined): string | undefined =>
  a?.kind === 'symbol' ? a.name : undefined;
export const literalValue = (a: BoundExpr | undefined): unknown =>
  a?.kind === 'literal' ? a.value : undefined;
export const isLiteral = (a: BoundExpr | undefined): boolean => a?.kind === 'literal';
