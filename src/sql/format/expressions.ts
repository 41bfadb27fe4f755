/**
 * Expressions, parenthesised by precedence so that the text parses back to the same tree.
 *
 * Levels, loosest first (Calcite/Flink): OR < AND < NOT < comparison, IS, BETWEEN, LIKE, IN < || <
 * + - < * / % < unary + - < postfix ([i], .field) < atoms. The tree has no node for parentheses, so
 * adding them where the parser would not need them is harmless; the rules below add them generously
 * where dialects disagree (|| next to arithmetic, one comparison inside another, the operand of NOT).
 */
import type { BinaryOperator, Expr, UnaryExpr } from '../ast.ts';
import { argumentName, type FormatContext, identifier, qualifiedName, stringLiteral } from './context.ts';
import { functionLike, orderItem } from './functions.ts';
import { parenthesizedQuery } from './queries.ts';
import { intervalQualifier } from './types.ts';

/** Binding strength, loosest first. */
const Level = {
  NamedArgument: 0,
  Or: 1,
  And: 2,
  Not: 3,
  Comparison: 4,
  Concat: 5,
  Additive: 6,
  Multiplicative: 7,
  Unary: 8,
  Postfix: 9,
  Atom: 10,
} as const;
type Level = number;

function binaryLevel(op: BinaryOperator): Level {
  switch (op) {
    case 'OR':
      return Level.Or;
    case 'AND':
      return Level.And;
    case '||':
      return Level.Concat;
    case '+':
    case '-':
      return Level.Additive;
    case '*':
    case '/':
    case '%':
      return Level.Multiplicative;
    default:
      return Level.Comparison;
  }
}

function levelOf(e: Expr): Level {
  switch (e.kind) {
    case 'BinaryExpr':
      return binaryLevel(e.op);
    case 'UnaryExpr':
      return e.op === 'NOT' ? Level.Not : Level.Unary;
    case 'IsExpr':
    case 'IsJsonExpr':
    case 'IsDistinctFromExpr':
    case 'BetweenExpr':
    case 'LikeExpr':
    case 'InListExpr':
    case 'InSubqueryExpr':
    case 'QuantifiedComparisonExpr':
      return Level.Comparison;
    case 'NamedArgument':
      return Level.NamedArgument;
    case 'FieldAccess':
    case 'ItemAccess':
      return Level.Postfix;
    case 'NumericLiteral':
      // A literal the parser folded a sign into reads like a unary minus.
      return e.text.startsWith('-') || e.text.startsWith('+') ? Level.Unary : Level.Atom;
    default:
      return Level.Atom;
  }
}

/** `e`, in parentheses unless it binds at least as tightly as `minimum`. */
function operand(e: Expr, minimum: Level, ctx: FormatContext): string {
  const text = expr(e, ctx);
  return levelOf(e) >= minimum ? text : `(${text})`;
}

/** An operand of `||` or of arithmetic: mixing the two always gets parentheses (dialects differ). */
function arithmeticOperand(e: Expr, parent: Level, minimum: Level, ctx: FormatContext): string {
  const level = levelOf(e);
  const mixes =
    (parent === Level.Concat && (level === Level.Additive || level === Level.Multiplicative)) ||
    (parent !== Level.Concat && level === Level.Concat);
  const text = expr(e, ctx);
  return level >= minimum && !mixes ? text : `(${text})`;
}

/** Operands of comparison-level operators: anything at comparison level or looser is wrapped. */
function comparisonOperand(e: Expr, ctx: FormatContext): string {
  return operand(e, Level.Concat, ctx);
}

const not = (negated: boolean): string => (negated ? 'NOT ' : '');

export function expr(e: Expr, ctx: FormatContext): string {
  switch (e.kind) {
    case 'NumericLiteral':
      return e.text;
    case 'StringLiteral':
      return stringLiteral(e.value);
    case 'BinaryLiteral':
      return `X'${e.hex}'`;
    case 'BooleanLiteral':
      return e.value ? 'TRUE' : 'FALSE';
    case 'NullLiteral':
      return 'NULL';
    case 'DateTimeLiteral':
      return `${e.type} ${stringLiteral(e.value)}`;
    case 'IntervalLiteral':
      return `INTERVAL ${e.negative ? '-' : ''}${stringLiteral(e.value)} ${intervalQualifier(e.qualifier)}`;
    case 'ColumnRef':
      return e.parts.map((part) => identifier(part, ctx)).join('.');
    case 'Parameter':
      return '?';
    case 'UnaryExpr':
      return unary(e, ctx);
    case 'BinaryExpr': {
      const level = binaryLevel(e.op);
      if (level === Level.Comparison) {
        return `${comparisonOperand(e.left, ctx)} ${e.op} ${comparisonOperand(e.right, ctx)}`;
      }
      if (level === Level.Or || level === Level.And) {
        return `${operand(e.left, level, ctx)} ${e.op} ${operand(e.right, level + 1, ctx)}`;
      }
      const left = arithmeticOperand(e.left, level, level, ctx);
      return `${left} ${e.op} ${arithmeticOperand(e.right, level, level + 1, ctx)}`;
    }
    case 'IsExpr':
      return `${comparisonOperand(e.operand, ctx)} IS ${not(e.negated)}${e.test}`;
    case 'IsJsonExpr': {
      const type = e.jsonType === undefined ? '' : ` ${e.jsonType}`;
      return `${comparisonOperand(e.operand, ctx)} IS ${not(e.negated)}JSON${type}`;
    }
    case 'IsDistinctFromExpr':
      return `${comparisonOperand(e.left, ctx)} IS ${not(e.negated)}DISTINCT FROM ${comparisonOperand(e.right, ctx)}`;
    case 'BetweenExpr': {
      const keyword = `${not(e.negated)}BETWEEN${e.symmetric ? ' SYMMETRIC' : ''}`;
      const low = comparisonOperand(e.low, ctx);
      return `${comparisonOperand(e.operand, ctx)} ${keyword} ${low} AND ${comparisonOperand(e.high, ctx)}`;
    }
    case 'LikeExpr': {
      const escapeClause = e.escape === undefined ? '' : ` ESCAPE ${comparisonOperand(e.escape, ctx)}`;
      const pattern = comparisonOperand(e.pattern, ctx);
      return `${comparisonOperand(e.operand, ctx)} ${not(e.negated)}${e.operator} ${pattern}${escapeClause}`;
    }
    case 'InListExpr': {
      const items = e.items.map((item) => expr(item, ctx)).join(', ');
      return `${comparisonOperand(e.operand, ctx)} ${not(e.negated)}IN (${items})`;
    }
    case 'InSubqueryExpr':
      return `${comparisonOperand(e.operand, ctx)} ${not(e.negated)}IN ${parenthesizedQuery(e.query, ctx)}`;
    case 'QuantifiedComparisonExpr':
      return `${comparisonOperand(e.operand, ctx)} ${e.op} ${e.quantifier} ${parenthesizedQuery(e.query, ctx)}`;
    case 'ExistsExpr':
      return `EXISTS ${parenthesizedQuery(e.query, ctx)}`;
    case 'ScalarSubquery':
      return parenthesizedQuery(e.query, ctx);
    case 'CaseExpr': {
      const parts = ['CASE'];
      if (e.operand !== undefined) parts.push(expr(e.operand, ctx));
      for (const when of e.whens) parts.push(`WHEN ${expr(when.when, ctx)} THEN ${expr(when.then, ctx)}`);
      if (e.else !== undefined) parts.push(`ELSE ${expr(e.else, ctx)}`);
      parts.push('END');
      return parts.join(' ');
    }
    case 'NamedArgument':
      return `${argumentName(e.name)} => ${expr(e.value, ctx)}`;
    case 'TimeUnitArg':
      return e.unit;
    case 'TableArgument': {
      let text = `TABLE ${qualifiedName(e.name, ctx)}`;
      if (e.partitionBy.length > 0)
        text += ` PARTITION BY ${keyList(e.partitionBy.map((p) => expr(p, ctx)))}`;
      if (e.orderBy.length > 0) text += ` ORDER BY ${keyList(e.orderBy.map((o) => orderItem(o, ctx)))}`;
      return text;
    }
    case 'DescriptorExpr':
      return `DESCRIPTOR(${e.columns.map((c) => identifier(c, ctx)).join(', ')})`;
    case 'RowConstructor': {
      const items = e.items.map((item) => expr(item, ctx)).join(', ');
      return e.explicit ? `ROW(${items})` : `(${items})`;
    }
    case 'ArrayConstructor':
      return `ARRAY[${e.items.map((item) => expr(item, ctx)).join(', ')}]`;
    case 'MapConstructor':
      return `MAP[${e.items.map((item) => expr(item, ctx)).join(', ')}]`;
    case 'FieldAccess':
      return `${fieldAccessOperand(e.operand, ctx)}.${identifier(e.field, ctx)}`;
    case 'ItemAccess':
      return `${operand(e.operand, Level.Postfix, ctx)}[${expr(e.index, ctx)}]`;
    default:
      return functionLike(e, ctx);
  }
}

function unary(e: UnaryExpr, ctx: FormatContext): string {
  // NOT binds looser than comparisons, but `NOT (a = b)` reads unambiguously in every dialect.
  if (e.op === 'NOT') return `NOT ${operand(e.operand, Level.Concat, ctx)}`;
  // Requiring a postfix-level operand keeps `- -x` from printing as the comment `--x`.
  return `${e.op}${operand(e.operand, Level.Postfix, ctx)}`;
}

/**
 * `(x).field`: a plain name followed by `.field` would read back as a longer column name, so the
 * operand is always parenthesised (a scalar subquery already carries its parentheses).
 */
function fieldAccessOperand(e: Expr, ctx: FormatContext): string {
  const text = expr(e, ctx);
  return e.kind === 'ScalarSubquery' ? text : `(${text})`;
}

/** `k` for one key, `(k1, k2)` for several (TABLE t PARTITION BY ...). */
function keyList(texts: readonly string[]): string {
  return texts.length === 1 ? (texts[0] ?? '') : `(${texts.join(', ')})`;
}
