/**
 * Aggregate functions used by the runtime's aggregate operators. Accumulators are plain data
 * (objects, arrays, numbers, bigints, strings and runtime values) so that state backends can store
 * them; `accumulate`/`retract`/`merge` update the accumulator in place and return it.
 *
 * DISTINCT is not handled here: the aggregate operator keeps, per group and distinct aggregate, a
 * value → count map (valueKey of the argument) and calls accumulate only when a value's count goes
 * 0 → 1 and retract only when it goes 1 → 0, as Flink's DistinctAggCodeGen does. FILTER clauses are
 * likewise applied by the operator before calling accumulate/retract.
 */
import { FunctionSignatureError } from '../errors.ts';
import { formatType, type LogicalType } from '../types.ts';

export interface AggregateFunction<Acc = unknown> {
  readonly name: string;
  readonly argTypes: readonly LogicalType[];
  readonly resultType: LogicalType;
  /** Whether retract() is supported (all built-ins here are). */
  readonly retractable: boolean;
  createAccumulator(): Acc;
  accumulate(acc: Acc, ...args: unknown[]): Acc;
  retract(acc: Acc, ...args: unknown[]): Acc;
  merge(acc: Acc, other: Acc): Acc;
  getValue(acc: Acc): unknown;
}

export type AggregateFactory = (argTypes: readonly LogicalType[]) => AggregateFunction | string | undefined;

interface AggregateDefinition {
  readonly name: string;
  readonly signatures: readonly string[];
  readonly create: AggregateFactory;
}

const aggregates = new Map<string, AggregateDefinition>();

export function defineAggregate(
  name: string,
  signatures: readonly string[],
  create: AggregateFactory,
  ...aliases: string[]
): void {
  const def = { name, signatures, create };
  aggregates.set(name, def);
  for (const a of aliases) aggregates.set(a, def);
}

export const isAggregateFunction = (name: string): boolean => aggregates.has(name.toUpperCase());
export const aggregateNames = (): string[] =>
  [...new Set([...aggregates.values()].map((d) => d.name))].sort();

/** An aggregate for these argument types (COUNT(*) has none); throws listing accepted signatures. */
export function bindAggregate(name: string, argTypes: readonly LogicalType[]): AggregateFunction {
  const upper = name.toUpperCase();
  const def = aggregates.get(upper);
  if (!def)
    throw new FunctionSignatureError(
      name,
      argTypes.map(formatType),
      ['(no such aggregate function)'],
      `unknown aggregate ${name}`,
    );
  const fn = def.create(argTypes);
  if (fn === undefined || typeof fn === 'string') {
    throw new FunctionSignatureError(def.name, argTypes.map(formatType), def.signatures, fn);
  }
  return fn;
}
