/**
 * Builders for hand-made syntax trees in the formatter tests (spans are all zero: the formatter
 * never reads them).
 */
import type {
  BinaryOperator,
  ColumnRef,
  DataType,
  Expr,
  FunctionCall,
  Identifier,
  Node,
  NumericLiteral,
  QualifiedName,
  Query,
  QueryBody,
  SelectItem,
  SelectQuery,
  Span,
  StringLiteral,
  TableName,
  TableRef,
} from '../../src/sql/ast.ts';

const zero = { offset: 0, line: 1, column: 1 };
export const span: Span = { start: zero, end: zero };

type NodeOf<K extends Node['kind']> = Extract<Node, { kind: K }>;

/** Any node: `node('IsExpr', { operand, test: 'NULL', negated: false })`. */
export function node<K extends Node['kind']>(kind: K, fields: Omit<NodeOf<K>, 'kind' | 'span'>): NodeOf<K> {
  return { kind, span, ...fields } as unknown as NodeOf<K>;
}

export const id = (value: string, quoted = false): Identifier => node('Identifier', { value, quoted });
export const name = (...parts: string[]): QualifiedName =>
  node('QualifiedName', { parts: parts.map((p) => id(p)) });
export const col = (...parts: string[]): ColumnRef => node('ColumnRef', { parts: parts.map((p) => id(p)) });
export const num = (text: string): NumericLiteral => node('NumericLiteral', { text, approximate: false });
export const str = (value: string): StringLiteral => node('StringLiteral', { value });
export const bin = (op: BinaryOperator, left: Expr, right: Expr): Expr =>
  node('BinaryExpr', { op, left, right });

export function call(
  fn: string,
  args: Expr[],
  extra: Partial<Omit<FunctionCall, 'kind' | 'span'>> = {},
): FunctionCall {
  return node('FunctionCall', {
    name: name(fn),
    args,
    distinct: false,
    star: false,
    noParens: false,
    ...extra,
  });
}

export function simpleType(typeName: 'INT' | 'STRING' | 'BIGINT' | 'BYTES', nullable = true): DataType {
  return node('SimpleType', { name: typeName, nullable });
}

export function item(e: Expr, alias?: string): SelectItem {
  return node('SelectExpr', alias === undefined ? { expr: e } : { expr: e, alias: id(alias) });
}

export function table(...parts: string[]): TableName {
  return node('TableName', { name: name(...parts), hints: [] });
}

export function select(
  items: SelectItem[],
  from?: TableRef,
  extra: Partial<Omit<SelectQuery, 'kind' | 'span'>> = {},
) {
  const fields: Omit<SelectQuery, 'kind' | 'span'> = { hints: [], items, groupBy: [], windows: [], ...extra };
  return node('SelectQuery', from === undefined ? fields : { ...fields, from });
}

export function query(body: QueryBody, extra: Partial<Omit<Query, 'kind' | 'span'>> = {}): Query {
  return node('Query', { with: [], body, orderBy: [], fetchSyntax: false, ...extra });
}
