/**
 * Queries: WITH, SELECT, set operations, VALUES, ORDER BY / LIMIT / FETCH, and FROM-clause table
 * references. A nested `Query` node stands for a parenthesised query, so it is printed in parentheses
 * exactly where it occurs.
 */
import type {
  CommonTableExpr,
  GroupingElement,
  Hint,
  JoinRef,
  Query,
  QueryBody,
  SelectItem,
  SelectQuery,
  SetOperation,
  TableAlias,
  TableRef,
} from '../ast.ts';
import {
  clause,
  type FormatContext,
  identifier,
  identifierList,
  lineBreak,
  nested,
  property,
  qualifiedName,
} from './context.ts';
import { expr } from './expressions.ts';
import { functionLike, namedWindow, orderItem } from './functions.ts';
import { matchRecognize } from './match-recognize.ts';

export function query(q: Query, ctx: FormatContext): string {
  const parts: string[] = [];
  if (q.with.length > 0) parts.push(`WITH ${q.with.map((cte) => commonTableExpr(cte, ctx)).join(', ')}`);
  parts.push(queryBody(q.body, ctx));
  if (q.orderBy.length > 0) parts.push(clause('ORDER BY', ctx, q.orderBy, orderItem));
  if (q.fetchSyntax) {
    if (q.offset !== undefined) parts.push(`OFFSET ${expr(q.offset, ctx)} ROWS`);
    if (q.limit !== undefined) parts.push(`FETCH FIRST ${expr(q.limit, ctx)} ROWS ONLY`);
  } else {
    if (q.limit !== undefined) parts.push(`LIMIT ${expr(q.limit, ctx)}`);
    if (q.offset !== undefined) parts.push(`OFFSET ${expr(q.offset, ctx)}`);
  }
  return parts.join(lineBreak(ctx));
}

/** `(query)`; when pretty the query starts on its own line one level deeper. */
export function parenthesizedQuery(q: Query, ctx: FormatContext): string {
  if (!ctx.pretty) return `(${query(q, ctx)})`;
  const inner = nested(ctx);
  return `(${lineBreak(inner)}${query(q, inner)}${lineBreak(ctx)})`;
}

function commonTableExpr(cte: CommonTableExpr, ctx: FormatContext): string {
  const columns = cte.columns.length > 0 ? ` (${identifierList(cte.columns, ctx)})` : '';
  return `${identifier(cte.name, ctx)}${columns} AS ${parenthesizedQuery(cte.query, ctx)}`;
}

export function queryBody(body: QueryBody, ctx: FormatContext): string {
  switch (body.kind) {
    case 'Query':
      return parenthesizedQuery(body, ctx);
    case 'SelectQuery':
      return select(body, ctx);
    case 'SetOperation':
      return setOperation(body, ctx);
    case 'ValuesQuery':
      return clause('VALUES', ctx, body.rows, expr);
  }
}

const setLevel = (op: SetOperation['op']): number => (op === 'INTERSECT' ? 2 : 1);

/** INTERSECT binds tighter than UNION and EXCEPT; all three associate to the left. */
function setOperation(s: SetOperation, ctx: FormatContext): string {
  const level = setLevel(s.op);
  const left = setOperand(s.left, level, ctx);
  const right = setOperand(s.right, level + 1, ctx);
  return `${left}${lineBreak(ctx)}${s.op}${s.all ? ' ALL' : ''}${lineBreak(ctx)}${right}`;
}

function setOperand(body: QueryBody, minimum: number, ctx: FormatContext): string {
  if (body.kind === 'SetOperation' && setLevel(body.op) < minimum) {
    // Only a hand-built tree gets here (a parsed one has a Query node for the parentheses).
    const text = setOperation(body, ctx.pretty ? nested(ctx) : ctx);
    return ctx.pretty ? `(${lineBreak(nested(ctx))}${text}${lineBreak(ctx)})` : `(${text})`;
  }
  return queryBody(body, ctx);
}

function select(s: SelectQuery, ctx: FormatContext): string {
  let head = 'SELECT';
  if (s.hints.length > 0) head += ` ${hints(s.hints, ctx)}`;
  if (s.quantifier !== undefined) head += ` ${s.quantifier}`;
  const parts = [clause(head, ctx, s.items, selectItem)];
  const from = s.from;
  if (from !== undefined) parts.push(clause('FROM', ctx, [from], tableRef));
  const where = s.where;
  if (where !== undefined) parts.push(clause('WHERE', ctx, [where], expr));
  if (s.groupBy.length > 0) {
    parts.push(clause('GROUP BY', ctx, s.groupBy, groupingElement));
  }
  const having = s.having;
  if (having !== undefined) parts.push(clause('HAVING', ctx, [having], expr));
  if (s.windows.length > 0) parts.push(clause('WINDOW', ctx, s.windows, namedWindow));
  return parts.join(lineBreak(ctx));
}

function selectItem(item: SelectItem, ctx: FormatContext): string {
  if (item.kind === 'SelectStar') {
    return [...item.qualifier.map((part) => identifier(part, ctx)), '*'].join('.');
  }
  const text = expr(item.expr, ctx);
  return item.alias === undefined ? text : `${text} AS ${identifier(item.alias, ctx)}`;
}

function groupingElement(g: GroupingElement, ctx: FormatContext): string {
  switch (g.kind) {
    case 'GroupingList':
      return `(${g.items.map((item) => expr(item, ctx)).join(', ')})`;
    case 'GroupingSets':
      return `GROUPING SETS (${g.sets.map((set) => groupingElement(set, ctx)).join(', ')})`;
    case 'Rollup':
      return `ROLLUP (${g.items.map((item) => groupingElement(item, ctx)).join(', ')})`;
    case 'Cube':
      return `CUBE (${g.items.map((item) => groupingElement(item, ctx)).join(', ')})`;
    default:
      return expr(g, ctx);
  }
}

/** `/*+ OPTIONS('k' = 'v'), BROADCAST(t) *\/`. */
export function hints(list: readonly Hint[], ctx: FormatContext): string {
  const texts = list.map((hint) => {
    const name = identifier(hint.name, ctx);
    if (hint.options.length > 0) return `${name}(${hint.options.map(property).join(', ')})`;
    if (hint.args.length > 0) return `${name}(${identifierList(hint.args, ctx)})`;
    return name;
  });
  return `/*+ ${texts.join(', ')} */`;
}

export function tableAlias(alias: TableAlias | undefined, ctx: FormatContext): string {
  if (alias === undefined) return '';
  const columns = alias.columns.length > 0 ? ` (${identifierList(alias.columns, ctx)})` : '';
  return ` AS ${identifier(alias.name, ctx)}${columns}`;
}

export function tableRef(ref: TableRef, ctx: FormatContext): string {
  switch (ref.kind) {
    case 'TableName': {
      let text = qualifiedName(ref.name, ctx);
      if (ref.hints.length > 0) text += ` ${hints(ref.hints, ctx)}`;
      if (ref.systemTime !== undefined) text += ` FOR SYSTEM_TIME AS OF ${expr(ref.systemTime.asOf, ctx)}`;
      return text + tableAlias(ref.alias, ctx);
    }
    case 'SubqueryRef':
      return `${ref.lateral ? 'LATERAL ' : ''}${parenthesizedQuery(ref.query, ctx)}${tableAlias(ref.alias, ctx)}`;
    case 'TableFunctionRef':
      return `${ref.lateral ? 'LATERAL ' : ''}TABLE(${functionLike(ref.call, ctx)})${tableAlias(ref.alias, ctx)}`;
    case 'UnnestRef': {
      const items = ref.items.map((item) => expr(item, ctx)).join(', ');
      const ordinality = ref.withOrdinality ? ' WITH ORDINALITY' : '';
      return `UNNEST(${items})${ordinality}${tableAlias(ref.alias, ctx)}`;
    }
    case 'JoinRef':
      return join(ref, ctx);
    case 'MatchRecognizeRef':
      return matchRecognize(ref, ctx);
  }
}

/** Joins associate to the left; a join on the right-hand side is parenthesised. */
function join(j: JoinRef, ctx: FormatContext): string {
  const left = tableRef(j.left, ctx);
  const right = j.right.kind === 'JoinRef' ? `(${tableRef(j.right, ctx)})` : tableRef(j.right, ctx);
  if (j.comma) return `${left},${lineBreak(ctx)}${right}`;
  let keyword = j.natural ? 'NATURAL ' : '';
  keyword += j.joinType;
  if (j.outer) keyword += ' OUTER';
  let text = `${left}${lineBreak(ctx)}${keyword} JOIN ${right}`;
  if (j.condition?.kind === 'JoinOn') text += ` ON ${expr(j.condition.condition, ctx)}`;
  if (j.condition?.kind === 'JoinUsing') text += ` USING (${identifierList(j.condition.columns, ctx)})`;
  return text;
}
