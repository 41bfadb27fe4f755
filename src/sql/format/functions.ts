/**
 * Function calls and the special-syntax built-ins (CAST, EXTRACT, TRIM, JSON_*...), window
 * specifications and ORDER BY items.
 */
import type {
  Expr,
  FrameBound,
  FunctionCall,
  JsonBehavior,
  NamedWindow,
  OrderItem,
  WindowFrame,
  WindowSpec,
} from '../ast.ts';
import { type FormatContext, functionName, identifier } from './context.ts';
import { expr } from './expressions.ts';
import { dataType } from './types.ts';

/** The expressions that look like function calls; everything else is in expressions.ts. */
export type FunctionLikeExpr = Extract<
  Expr,
  {
    kind:
      | 'FunctionCall'
      | 'CastExpr'
      | 'ExtractExpr'
      | 'FloorCeilExpr'
      | 'PositionExpr'
      | 'SubstringExpr'
      | 'TrimExpr'
      | 'OverlayExpr'
      | 'JsonValueExpr'
      | 'JsonQueryExpr'
      | 'JsonExistsExpr'
      | 'JsonObjectExpr'
      | 'JsonArrayExpr';
  }
>;

export function functionLike(e: FunctionLikeExpr, ctx: FormatContext): string {
  const x = (operand: Expr): string => expr(operand, ctx);
  switch (e.kind) {
    case 'FunctionCall':
      return functionCall(e, ctx);
    case 'CastExpr':
      return `${e.safe ? 'TRY_CAST' : 'CAST'}(${x(e.operand)} AS ${dataType(e.type, ctx)})`;
    case 'ExtractExpr':
      return `EXTRACT(${e.unit} FROM ${x(e.operand)})`;
    case 'FloorCeilExpr':
      return `${e.fn}(${x(e.operand)} TO ${e.unit})`;
    case 'PositionExpr':
      return `POSITION(${x(e.needle)} IN ${x(e.haystack)}${e.from === undefined ? '' : ` FROM ${x(e.from)}`})`;
    case 'SubstringExpr':
      return `SUBSTRING(${x(e.operand)} FROM ${x(e.from)}${e.for === undefined ? '' : ` FOR ${x(e.for)}`})`;
    case 'TrimExpr':
      // TRIM(s) is recorded as BOTH without characters; print it back in that short form.
      if (e.side === 'BOTH' && e.characters === undefined) return `TRIM(${x(e.operand)})`;
      return `TRIM(${e.side} ${e.characters === undefined ? '' : `${x(e.characters)} `}FROM ${x(e.operand)})`;
    case 'OverlayExpr': {
      const length = e.for === undefined ? '' : ` FOR ${x(e.for)}`;
      return `OVERLAY(${x(e.operand)} PLACING ${x(e.placing)} FROM ${x(e.from)}${length})`;
    }
    case 'JsonValueExpr': {
      let text = `JSON_VALUE(${x(e.operand)}, ${x(e.path)}`;
      if (e.returning !== undefined) text += ` RETURNING ${dataType(e.returning, ctx)}`;
      return `${text}${jsonBehaviors(e.onEmpty, e.onError, ctx)})`;
    }
    case 'JsonQueryExpr': {
      let text = `JSON_QUERY(${x(e.operand)}, ${x(e.path)}`;
      if (e.returning !== undefined) text += ` RETURNING ${dataType(e.returning, ctx)}`;
      // WITHOUT ARRAY WRAPPER is the default and is left implicit.
      if (e.wrapper !== 'WITHOUT') text += ` ${e.wrapper} ARRAY WRAPPER`;
      return `${text}${jsonBehaviors(e.onEmpty, e.onError, ctx)})`;
    }
    case 'JsonExistsExpr':
      return `JSON_EXISTS(${x(e.operand)}, ${x(e.path)}${jsonBehaviors(undefined, e.onError, ctx)})`;
    case 'JsonObjectExpr': {
      const entries = e.entries.map((entry) => `KEY ${x(entry.key)} VALUE ${x(entry.value)}`);
      const name = e.aggregate ? 'JSON_OBJECTAGG' : 'JSON_OBJECT';
      return `${name}(${withClauses(entries.join(', '), e.onNull === 'NULL' ? '' : 'ABSENT ON NULL')})`;
    }
    case 'JsonArrayExpr': {
      const items = e.items.map(x).join(', ');
      const order =
        e.orderBy.length > 0 ? ` ORDER BY ${e.orderBy.map((o) => orderItem(o, ctx)).join(', ')}` : '';
      const name = e.aggregate ? 'JSON_ARRAYAGG' : 'JSON_ARRAY';
      return `${name}(${withClauses(items + order, e.onNull === 'ABSENT' ? '' : 'NULL ON NULL')})`;
    }
  }
}

/**
 * Arguments followed by an ON NULL clause. The clause is printed only when it is not the default
 * (NULL ON NULL for JSON_OBJECT, ABSENT ON NULL for JSON_ARRAY), which also keeps the empty calls
 * `JSON_OBJECT()` and `JSON_ARRAY()` short.
 */
function withClauses(args: string, onNull: string): string {
  if (onNull === '') return args;
  return args === '' ? onNull : `${args} ${onNull}`;
}

function jsonBehaviors(
  onEmpty: JsonBehavior | undefined,
  onError: JsonBehavior | undefined,
  ctx: FormatContext,
): string {
  let text = '';
  if (onEmpty !== undefined) text += ` ${jsonBehavior(onEmpty, ctx)} ON EMPTY`;
  if (onError !== undefined) text += ` ${jsonBehavior(onError, ctx)} ON ERROR`;
  return text;
}

function jsonBehavior(b: JsonBehavior, ctx: FormatContext): string {
  if (b.behavior === 'DEFAULT') return `DEFAULT ${b.default === undefined ? 'NULL' : expr(b.default, ctx)}`;
  return b.behavior;
}

function functionCall(call: FunctionCall, ctx: FormatContext): string {
  const name = functionName(call.name);
  let text = name;
  if (!call.noParens) {
    const args = call.star ? '*' : call.args.map((arg) => expr(arg, ctx)).join(', ');
    text += `(${call.distinct ? 'DISTINCT ' : ''}${args})`;
  }
  if (call.nullTreatment !== undefined) text += ` ${call.nullTreatment}`;
  if (call.withinGroup !== undefined) {
    text += ` WITHIN GROUP (ORDER BY ${call.withinGroup.map((o) => orderItem(o, ctx)).join(', ')})`;
  }
  if (call.filter !== undefined) text += ` FILTER (WHERE ${expr(call.filter, ctx)})`;
  if (call.over !== undefined) {
    text += ` OVER ${call.over.kind === 'Identifier' ? identifier(call.over, ctx) : windowSpec(call.over, ctx)}`;
  }
  return text;
}

export function orderItem(item: OrderItem, ctx: FormatContext): string {
  let text = expr(item.expr, ctx);
  if (item.direction !== undefined) text += ` ${item.direction}`;
  if (item.nulls !== undefined) text += ` NULLS ${item.nulls}`;
  return text;
}

/** `(w PARTITION BY a ORDER BY ts ROWS BETWEEN 2 PRECEDING AND CURRENT ROW)`. */
export function windowSpec(spec: WindowSpec, ctx: FormatContext): string {
  const parts: string[] = [];
  if (spec.baseWindow !== undefined) parts.push(identifier(spec.baseWindow, ctx));
  if (spec.partitionBy.length > 0) {
    parts.push(`PARTITION BY ${spec.partitionBy.map((p) => expr(p, ctx)).join(', ')}`);
  }
  if (spec.orderBy.length > 0)
    parts.push(`ORDER BY ${spec.orderBy.map((o) => orderItem(o, ctx)).join(', ')}`);
  if (spec.frame !== undefined) parts.push(windowFrame(spec.frame, ctx));
  return `(${parts.join(' ')})`;
}

export function namedWindow(w: NamedWindow, ctx: FormatContext): string {
  return `${identifier(w.name, ctx)} AS ${windowSpec(w.spec, ctx)}`;
}

function windowFrame(frame: WindowFrame, ctx: FormatContext): string {
  if (frame.end === undefined) return `${frame.unit} ${frameBound(frame.start, ctx)}`;
  return `${frame.unit} BETWEEN ${frameBound(frame.start, ctx)} AND ${frameBound(frame.end, ctx)}`;
}

function frameBound(bound: FrameBound, ctx: FormatContext): string {
  if (bound.offset === undefined || (bound.bound !== 'PRECEDING' && bound.bound !== 'FOLLOWING')) {
    return bound.bound;
  }
  return `${expr(bound.offset, ctx)} ${bound.bound}`;
}
