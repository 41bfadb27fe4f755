/**
 * Turns chevrotain's recognition failures into SqlErrors a person can act on:
 * `Unexpected keyword 'FORM'; expected FROM, WHERE, ...` with a position, an `expected` list in words
 * and a hint for misspelt keywords and reserved words used as names.
 */
import { EOF, type IRecognitionException, type IToken, type TokenType } from 'chevrotain';
import type { Position, Span } from './ast.ts';
import { SqlError } from './errors.ts';
import { editDistance, lastExpectation, tokenSpan } from './parser/base.ts';

export { editDistance };

import * as T from './tokens.ts';

const MAX_EXPECTED = 6;

/** Tokens that can start an expression: when several are expected, say "an expression" instead. */
const EXPRESSION_STARTERS = new Set<TokenType>([
  T.NumericLiteral,
  T.IntegerLiteral,
  T.DecimalLiteral,
  T.StringLiteral,
  T.UnicodeStringLiteral,
  T.BinaryStringLiteral,
  T.Question,
  T.K.CASE,
  T.K.CAST,
  T.K.EXISTS,
  T.K.INTERVAL,
  T.K.TRUE,
  T.K.FALSE,
  T.K.NULL,
  T.Minus,
  T.Plus,
  T.K.NOT,
  T.FunctionName,
]);

const TYPE_STARTERS = new Set<TokenType>([
  T.K.INT,
  T.K.INTEGER,
  T.K.BIGINT,
  T.K.VARCHAR,
  T.K.STRING,
  T.K.BOOLEAN,
  T.K.DECIMAL,
  T.K.TIMESTAMP,
  T.K.DOUBLE,
  T.K.ROW,
  T.K.MAP,
]);

/** Clause keywords a misspelling is most likely meant to be. */
const CLAUSE_KEYWORDS = [
  'SELECT',
  'FROM',
  'WHERE',
  'GROUP',
  'ORDER',
  'HAVING',
  'LIMIT',
  'JOIN',
  'INSERT',
  'INTO',
  'CREATE',
  'TABLE',
  'VIEW',
  'WITH',
  'VALUES',
  'UNION',
  'WINDOW',
  'PARTITION',
  'BY',
  'DISTINCT',
];

const NAME_RULE_WORDS: Record<string, string> = {
  columnDefinition: 'a column name',
  tableElement: 'a column name',
  selectItem: 'an expression',
};

function wordFor(type: TokenType): string {
  if (type === EOF) return 'end of input';
  if (type === T.Identifier || type === T.PlainIdentifier || type === T.QuotedIdentifier) return 'a name';
  if (type === T.FunctionName) return 'a function name';
  if (type === T.StringLiteral) return 'a string';
  if (type === T.IntegerLiteral) return 'an integer';
  if (type === T.NumericLiteral || type === T.DecimalLiteral) return 'a number';
  if (type === T.TimeUnitWord) return 'a time unit';
  if (type === T.HintStart) return 'a hint';
  if (type === T.Semicolon) return "';'";
  return type.LABEL ?? type.name;
}

/** The expected token types, in words: deduplicated, summarised and capped. */
export function describeExpected(types: readonly TokenType[], ruleName: string): string[] {
  const words: string[] = [];
  const add = (w: string) => {
    if (!words.includes(w)) words.push(w);
  };
  const exprCount = types.filter((t) => EXPRESSION_STARTERS.has(t)).length;
  const typeCount = types.filter((t) => TYPE_STARTERS.has(t)).length;
  if (typeCount >= 3) add('a data type');
  if (exprCount >= 3) add('an expression');
  for (const t of types) {
    if (typeCount >= 3 && (TYPE_STARTERS.has(t) || isTypeKeyword(t))) continue;
    if (exprCount >= 3 && (EXPRESSION_STARTERS.has(t) || isExpressionKeyword(t))) continue;
    if (t === T.Identifier && NAME_RULE_WORDS[ruleName] !== undefined) add(NAME_RULE_WORDS[ruleName]);
    else add(wordFor(t));
  }
  if (words.length > MAX_EXPECTED) return [...words.slice(0, MAX_EXPECTED), '...'];
  return words;
}

const TYPE_WORDS = new Set([
  'TINYINT',
  'SMALLINT',
  'FLOAT',
  'DATE',
  'TIME',
  'BYTES',
  'CHAR',
  'CHARACTER',
  'VARBINARY',
  'BINARY',
  'DEC',
  'NUMERIC',
  'TIMESTAMP_LTZ',
  'ARRAY',
  'MULTISET',
  'NULL',
  'Identifier',
]);
function isTypeKeyword(t: TokenType): boolean {
  return TYPE_WORDS.has(t.name);
}

const EXPRESSION_WORDS = new Set([
  'DATE',
  'TIME',
  'TIMESTAMP',
  'TIMESTAMP_LTZ',
  'ROW',
  'ARRAY',
  'MAP',
  'EXTRACT',
  'FLOOR',
  'CEIL',
  'CEILING',
  'POSITION',
  'SUBSTRING',
  'TRIM',
  'OVERLAY',
  'TIMESTAMPADD',
  'TIMESTAMPDIFF',
  'JSON_VALUE',
  'JSON_QUERY',
  'JSON_EXISTS',
  'JSON_OBJECT',
  'JSON_OBJECTAGG',
  'JSON_ARRAY',
  'JSON_ARRAYAGG',
  'TRY_CAST',
  'LParen',
  'Identifier',
  'UnicodeStringLiteral',
  'BinaryStringLiteral',
]);
function isExpressionKeyword(t: TokenType): boolean {
  return EXPRESSION_WORDS.has(t.name);
}

function closestKeyword(word: string, candidates: Iterable<string>): string | undefined {
  const upper = word.toUpperCase();
  if (upper.length < 2) return undefined;
  let best: string | undefined;
  let bestDistance = 3;
  for (const kw of candidates) {
    if (kw === upper || Math.abs(kw.length - upper.length) > 2) continue;
    const dist = editDistance(upper, kw);
    if (dist < bestDistance && dist <= Math.max(1, Math.floor(kw.length / 3))) {
      best = kw;
      bestDistance = dist;
    }
  }
  return best;
}

function describeToken(tok: IToken): string {
  const t = tok.tokenType;
  if (t === EOF) return 'end of input';
  if (t === T.PlainIdentifier || t === T.QuotedIdentifier) return `identifier '${tok.image}'`;
  if (t === T.IntegerLiteral || t === T.DecimalLiteral) return `number '${tok.image}'`;
  if (t === T.StringLiteral || t === T.UnicodeStringLiteral || t === T.BinaryStringLiteral)
    return `string '${tok.image}'`;
  if (/^[A-Za-z_]/.test(tok.image)) return `keyword '${tok.image.toUpperCase()}'`;
  return `symbol '${tok.image}'`;
}

/** Builds the SqlError for the first recognition failure of a parse. */
export function recognitionError(
  err: IRecognitionException,
  tokens: readonly IToken[],
  endOfInput: Position,
): SqlError {
  const tok = err.token;
  const atEnd = tok.tokenType === EOF || Number.isNaN(tok.startOffset);
  const span: Span = atEnd ? { start: endOfInput, end: endOfInput } : tokenSpan(tok);
  const { expected: expectedTypes, ruleName, notAllInputParsed } = lastExpectation();
  const expected = notAllInputParsed ? ["';'", 'end of input'] : describeExpected(expectedTypes, ruleName);
  let message = `Unexpected ${describeToken(atEnd ? { ...tok, tokenType: EOF } : tok)}`;
  if (expected.length > 0) message += `; expected ${expected.join(', ')}`;

  let hint: string | undefined;
  const expectedKeywords = expectedTypes
    .filter((t) => t.LABEL !== undefined && /^[A-Z_]+$/.test(t.LABEL))
    .map((t) => t.LABEL!);
  const wantsName = expectedTypes.some((t) => t === T.Identifier || t === T.FunctionName);
  const isWord = !atEnd && /^[A-Za-z_]/.test(tok.image);
  const upper = tok.image.toUpperCase();
  const index = atEnd ? tokens.length : tokens.indexOf(tok);
  const previous = index > 0 ? tokens[index - 1] : undefined;
  if (tok.tokenType === T.K.UNNEST && previous?.tokenType === T.K.LATERAL) {
    // Calcite's grammar has no LATERAL before UNNEST (PostgreSQL's form): UNNEST sees the tables before it
    hint =
      'UNNEST can already use the columns of the tables before it; drop LATERAL: CROSS JOIN UNNEST(t.arr) AS u(x), or LEFT JOIN UNNEST(t.arr) AS u(x) ON TRUE';
  } else if (isWord && wantsName && tok.tokenType !== T.PlainIdentifier && T.isReservedWord(upper)) {
    hint = `\`${tok.image}\` is a reserved keyword; quote it with backticks`;
  } else if (tok.tokenType === T.PlainIdentifier || (isWord && !T.isReservedWord(upper))) {
    const guess = closestKeyword(tok.image, expectedKeywords) ?? closestKeyword(tok.image, CLAUSE_KEYWORDS);
    if (guess !== undefined) hint = `did you mean ${guess}?`;
  }
  if (hint === undefined) {
    // A misspelt keyword is often swallowed as an alias; the failure then comes one token later.
    if (previous !== undefined && previous.tokenType === T.PlainIdentifier) {
      const guess = closestKeyword(previous.image, CLAUSE_KEYWORDS);
      if (guess !== undefined) hint = `did you mean ${guess}? ('${previous.image}' was read as a name)`;
    }
  }
  return new SqlError({ code: 'SYNTAX', message, span, expected, ...(hint === undefined ? {} : { hint }) });
}
