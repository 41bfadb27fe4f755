/**
 * MATCH_RECOGNIZE: the clause list and row patterns (`A B+? (C | D){2,}`).
 */
import type {
  AfterMatchSkip,
  MatchRecognizeRef,
  MeasureDef,
  PatternDefinition,
  PatternQuantified,
  PatternTerm,
} from '../ast.ts';
import { clause, type FormatContext, identifier, identifierList, lineBreak, nested } from './context.ts';
import { expr } from './expressions.ts';
import { orderItem } from './functions.ts';
import { tableAlias, tableRef } from './queries.ts';

export function matchRecognize(m: MatchRecognizeRef, ctx: FormatContext): string {
  const inner = nested(ctx);
  const clauses: string[] = [];
  if (m.partitionBy.length > 0) {
    clauses.push(`PARTITION BY ${m.partitionBy.map((p) => expr(p, inner)).join(', ')}`);
  }
  if (m.orderBy.length > 0) clauses.push(`ORDER BY ${m.orderBy.map((o) => orderItem(o, inner)).join(', ')}`);
  if (m.measures.length > 0) {
    const measure = (d: MeasureDef, c: FormatContext) => `${expr(d.expr, c)} AS ${identifier(d.alias, c)}`;
    clauses.push(clause('MEASURES', inner, m.measures, measure));
  }
  // Printed even when it is the default ONE ROW PER MATCH, so the text states what the tree holds.
  clauses.push(`${m.rowsPerMatch === 'ONE' ? 'ONE ROW' : 'ALL ROWS'} PER MATCH`);
  if (m.afterMatchSkip !== undefined) clauses.push(afterMatchSkip(m.afterMatchSkip, inner));
  clauses.push(`PATTERN (${pattern(m.pattern, inner)})`);
  if (m.within !== undefined) clauses.push(`WITHIN ${expr(m.within, inner)}`);
  if (m.subsets.length > 0) {
    const subsets = m.subsets.map(
      (s) => `${identifier(s.name, inner)} = (${identifierList(s.variables, inner)})`,
    );
    clauses.push(`SUBSET ${subsets.join(', ')}`);
  }
  if (m.define.length > 0) {
    const definition = (d: PatternDefinition, c: FormatContext) =>
      `${identifier(d.variable, c)} AS ${expr(d.condition, c)}`;
    clauses.push(clause('DEFINE', inner, m.define, definition));
  }
  const body = ctx.pretty
    ? `${lineBreak(inner)}${clauses.join(lineBreak(inner))}${lineBreak(ctx)}`
    : clauses.join(' ');
  return `${tableRef(m.input, ctx)} MATCH_RECOGNIZE (${body})${tableAlias(m.alias, ctx)}`;
}

function afterMatchSkip(skip: AfterMatchSkip, ctx: FormatContext): string {
  const variable = skip.variable === undefined ? '' : identifier(skip.variable, ctx);
  switch (skip.to) {
    case 'PAST LAST ROW':
      return 'AFTER MATCH SKIP PAST LAST ROW';
    case 'NEXT ROW':
      return 'AFTER MATCH SKIP TO NEXT ROW';
    case 'FIRST':
      return `AFTER MATCH SKIP TO FIRST ${variable}`;
    case 'LAST':
      return `AFTER MATCH SKIP TO LAST ${variable}`;
    case 'VARIABLE':
      return `AFTER MATCH SKIP TO ${variable}`;
  }
}

/** A row pattern; groups are explicit nodes, so parentheses come only from PatternGroup. */
export function pattern(term: PatternTerm, ctx: FormatContext): string {
  switch (term.kind) {
    case 'PatternVariable':
      return identifier(term.name, ctx);
    case 'PatternConcat':
      return term.items.map((item) => pattern(item, ctx)).join(' ');
    case 'PatternAlternation':
      return term.items.map((item) => pattern(item, ctx)).join(' | ');
    case 'PatternGroup':
      return `(${pattern(term.pattern, ctx)})`;
    case 'PatternQuantified':
      return `${pattern(term.operand, ctx)}${quantifier(term)}${term.reluctant ? '?' : ''}`;
  }
}

function quantifier(q: PatternQuantified): string {
  switch (q.syntax) {
    case '*':
    case '+':
    case '?':
      return q.syntax;
    case 'braces':
      if (q.max === undefined) return `{${q.min},}`;
      if (q.max === q.min) return `{${q.min}}`;
      return `{${q.min},${q.max}}`;
  }
}
