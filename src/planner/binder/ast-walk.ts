/** Walking expression ASTs: direct children (not descending into subqueries) and searches. */
import type { Expr, FunctionCall } from '../../sql/ast.ts';
import { AGGREGATE_FUNCTIONS } from './function-kinds.ts';

export function exprChildren(e: Expr): readonly Expr[] {
  switch (e.kind) {
    case 'UnaryExpr':
      return [e.operand];
    case 'BinaryExpr':
    case 'IsDistinctFromExpr':
      return [e.left, e.right];
    case 'IsExpr':
    case 'IsJsonExpr':
    case 'ExtractExpr':
    case 'FloorCeilExpr':
    case 'FieldAccess':
      return [e.operand];
    case 'BetweenExpr':
      return [e.operand, e.low, e.high];
    case 'LikeExpr':
      return [e.operand, e.pattern, ...(e.escape ? [e.escape] : [])];
    case 'InListExpr':
      return [e.operand, ...e.items];
    case 'InSubqueryExpr':
    case 'QuantifiedComparisonExpr':
      return [e.operand];
    case 'CaseExpr':
      return [
        ...(e.operand ? [e.operand] : []),
        ...e.whens.flatMap((w) => [w.when, w.then]),
        ...(e.else ? [e.else] : []),
      ];
    case 'CastExpr':
      return [e.operand];
    case 'NamedArgument':
      return [e.value];
    case 'FunctionCall':
      return [...e.args, ...(e.filter ? [e.filter] : []), ...(e.withinGroup ?? []).map((o) => o.expr)];
    case 'PositionExpr':
      return [e.needle, e.haystack, ...(e.from ? [e.from] : [])];
    case 'SubstringExpr':
      return [e.operand, e.from, ...(e.for ? [e.for] : [])];
    case 'TrimExpr':
      return [...(e.characters ? [e.characters] : []), e.operand];
    case 'OverlayExpr':
      return [e.operand, e.placing, e.from, ...(e.for ? [e.for] : [])];
    case 'JsonValueExpr':
    case 'JsonQueryExpr':
    case 'JsonExistsExpr':
      return [e.operand, e.path];
    case 'JsonObjectExpr':
      return e.entries.flatMap((kv) => [kv.key, kv.value]);
    case 'JsonArrayExpr':
      return e.items;
    case 'RowConstructor':
    case 'ArrayConstructor':
    case 'MapConstructor':
      return e.items;
    case 'ItemAccess':
      return [e.operand, e.index];
    default:
      return [];
  }
}

/** An aggregate call (not windowed with OVER): COUNT(x), SUM(DISTINCT y), JSON_OBJECTAGG(...). */
export function isAggregateCall(e: Expr): boolean {
  if (e.kind === 'FunctionCall') {
    if (e.over) return false;
    const name = e.name.parts.length === 1 ? e.name.parts[0]!.value.toUpperCase() : '';
    return AGGREGATE_FUNCTIONS.has(name);
  }
  return (e.kind === 'JsonObjectExpr' || e.kind === 'JsonArrayExpr') && e.aggregate;
}

export const isOverCall = (e: Expr): e is FunctionCall => e.kind === 'FunctionCall' && e.over !== undefined;

/**
 * Collects the outermost nodes matching `pred` (it does not look inside a match), in order.
 * OVER calls are not descended into unless `intoOver`.
 */
export function collect(e: Expr, pred: (e: Expr) => boolean, out: Expr[] = [], intoOver = false): Expr[] {
  if (pred(e)) {
    out.push(e);
    return out;
  }
  if (!intoOver && isOverCall(e)) return out;
  for (const c of exprChildren(e)) collect(c, pred, out, intoOver);
  return out;
}

export function contains(e: Expr, pred: (e: Expr) => boolean): boolean {
  return collect(e, pred, [], true).length > 0;
}

/** Splits `a AND b AND c` into its conjuncts. */
export function conjuncts(e: Expr): Expr[] {
  if (e.kind === 'BinaryExpr' && e.op === 'AND') return [...conjuncts(e.left), ...conjuncts(e.right)];
  return [e];
}
