/**
 * The SQL formatter: syntax tree → canonical Flink SQL text, for SHOW CREATE TABLE, EXPLAIN, view
 * definitions stored in catalogs and error messages. Parsing the output yields the same tree again,
 * spans and `quoted` flags aside (see ../ast-equal.ts).
 */
import type { DataType, Expr, Identifier, QualifiedName, Query, Statement } from '../ast.ts';
import { contextFor, type FormatOptions, identifier, qualifiedName } from './context.ts';
import { expr } from './expressions.ts';
import { query } from './queries.ts';
import { statement } from './statements.ts';
import { dataType } from './types.ts';

export type { FormatOptions } from './context.ts';

export function formatStatement(stmt: Statement, options?: FormatOptions): string {
  return statement(stmt, contextFor(options));
}

export function formatQuery(q: Query, options?: FormatOptions): string {
  return query(q, contextFor(options));
}

export function formatExpr(e: Expr, options?: FormatOptions): string {
  return expr(e, contextFor(options));
}

export function formatDataType(t: DataType, options?: FormatOptions): string {
  return dataType(t, contextFor(options));
}

export function formatIdentifier(id: Identifier, options?: FormatOptions): string {
  return identifier(id, contextFor(options));
}

export function formatQualifiedName(name: QualifiedName, options?: FormatOptions): string {
  return qualifiedName(name, contextFor(options));
}
