/**
 * Bound expressions: the typed IR the planner's binder produces and the compiler consumes. Values
 * inside literals use the runtime representation of their type (docs/architecture.md).
 */
import type { LogicalType } from './types.ts';

/** A column of the input row. */
export interface InputRef {
  readonly kind: 'input';
  readonly index: number;
  readonly type: LogicalType;
}
export interface Literal {
  readonly kind: 'literal';
  readonly value: unknown;
  readonly type: LogicalType;
}
/** A function or operator call; `name` is the canonical upper-case name or operator symbol. */
export interface Call {
  readonly kind: 'call';
  readonly name: string;
  readonly args: readonly BoundExpr[];
  readonly type: LogicalType;
}
export interface Cast {
  readonly kind: 'cast';
  readonly operand: BoundExpr;
  readonly type: LogicalType;
  readonly mode: 'cast' | 'try_cast';
}
export interface CaseWhen {
  readonly kind: 'case';
  readonly branches: readonly { readonly when: BoundExpr; readonly result: BoundExpr }[];
  readonly otherwise: BoundExpr;
  readonly type: LogicalType;
}
/** `row.field`: a field of a ROW value by position. */
export interface FieldAccess {
  readonly kind: 'field';
  readonly operand: BoundExpr;
  readonly index: number;
  readonly type: LogicalType;
}
/** `arr[i]` (1-based) or `map[key]`. */
export interface ItemAccess {
  readonly kind: 'item';
  readonly operand: BoundExpr;
  readonly key: BoundExpr;
  readonly type: LogicalType;
}
/**
 * A keyword argument that is not a value: time units (`YEAR`), TRIM sides (`BOTH`), JSON behaviours
 * (`NULL_ON_EMPTY`), or a data type (JSON_VALUE ... RETURNING INT) in `returning`.
 */
export interface SymbolArg {
  readonly kind: 'symbol';
  readonly name: string;
  readonly returning?: LogicalType;
  readonly type: LogicalType;
}

export type BoundExpr = InputRef | Literal | Call | Cast | CaseWhen | FieldAccess | ItemAccess | SymbolArg;

const SYMBOL_TYPE: LogicalType = { kind: 'NULL', nullable: true };

export const B = {
  input: (index: number, type: LogicalType): InputRef => ({ kind: 'input', index, type }),
  literal: (value: unknown, type: LogicalType): Literal => ({ kind: 'literal', value, type }),
  call: (name: string, args: readonly BoundExpr[], type: LogicalType): Call => ({
    kind: 'call',
    name,
    args,
    type,
  }),
  cast: (operand: BoundExpr, type: LogicalType, mode: 'cast' | 'try_cast' = 'cast'): Cast => ({
    kind: 'cast',
    operand,
    type,
    mode,
  }),
  caseWhen: (
    branches: readonly { readonly when: BoundExpr; readonly result: BoundExpr }[],
    otherwise: BoundExpr,
    type: LogicalType,
  ): CaseWhen => ({ kind: 'case', branches, otherwise, type }),
  field: (operand: BoundExpr, index: number, type: LogicalType): FieldAccess => ({
    kind: 'field',
    operand,
    index,
    type,
  }),
  item: (operand: BoundExpr, key: BoundExpr, type: LogicalType): ItemAccess => ({
    kind: 'item',
    operand,
    key,
    type,
  }),
  symbol: (name: string, returning?: LogicalType): SymbolArg =>
    returning
      ? { kind: 'symbol', name, returning, type: SYMBOL_TYPE }
      : { kind: 'symbol', name, type: SYMBOL_TYPE },
} as const;

/** Direct children in evaluation order. */
export function childrenOf(e: BoundExpr): readonly BoundExpr[] {
  switch (e.kind) {
    case 'call':
      return e.args;
    case 'cast':
    case 'field':
      return [e.operand];
    case 'item':
      return [e.operand, e.key];
    case 'case':
      return [...e.branches.flatMap((b) => [b.when, b.result]), e.otherwise];
    default:
      return [];
  }
}

/** Rebuilds `e` bottom-up, replacing any node for which `fn` returns a new node. */
export function transform(e: BoundExpr, fn: (node: BoundExpr) => BoundExpr | undefined): BoundExpr {
  let rebuilt: BoundExpr;
  switch (e.kind) {
    case 'call': {
      const args = e.args.map((a) => transform(a, fn));
      rebuilt = args.every((a, i) => a === e.args[i]) ? e : { ...e, args };
      break;
    }
    case 'cast':
    case 'field': {
      const operand = transform(e.operand, fn);
      rebuilt = operand === e.operand ? e : { ...e, operand };
      break;
    }
    case 'item': {
      const operand = transform(e.operand, fn);
      const key = transform(e.key, fn);
      rebuilt = operand === e.operand && key === e.key ? e : { ...e, operand, key };
      break;
    }
    case 'case': {
      const branches = e.branches.map((b) => ({
        when: transform(b.when, fn),
        result: transform(b.result, fn),
      }));
      const otherwise = transform(e.otherwise, fn);
      const same =
        otherwise === e.otherwise &&
        branches.every((b, i) => b.when === e.branches[i]!.when && b.result === e.branches[i]!.result);
      rebuilt = same ? e : { ...e, branches, otherwise };
      break;
    }
    default:
      rebuilt = e;
  }
  return fn(rebuilt) ?? rebuilt;
}

/** Visits every node depth-first (parents before children). */
export function visit(e: BoundExpr, fn: (node: BoundExpr) => void): void {
  fn(e);
  for (const c of childrenOf(e)) visit(c, fn);
}

/** Input columns an expression reads, ascending. */
export function inputsOf(e: BoundExpr): number[] {
  const set = new Set<number>();
  visit(e, (n) => {
    if (n.kind === 'input') set.add(n.index);
  });
  return [...set].sort((a, b) => a - b);
}
