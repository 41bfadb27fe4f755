/**
 * The token vocabulary of Tributary's Flink SQL dialect.
 *
 * Keyword classes come from grammar/keywords/*.txt: a reserved word is an identifier only in
 * backticks; a non-reserved word is a keyword where the grammar asks for it and an identifier
 * everywhere else (its token type carries the `Identifier` category). Only words the grammar uses get
 * their own token type; the other reserved words share `ReservedWord`, so the vocabulary stays small
 * and lookahead stays fast.
 */
import { readFileSync } from 'node:fs';
import { createToken, Lexer, type TokenType } from 'chevrotain';

function readKeywordList(file: string): Set<string> {
  const text = readFileSync(new URL(`../../grammar/keywords/${file}`, import.meta.url), 'utf8');
  const words = new Set<string>();
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line !== '' && !line.startsWith('#')) words.add(line.toUpperCase());
  }
  return words;
}

export const RESERVED_WORDS: ReadonlySet<string> = readKeywordList('reserved.txt');
export const NON_RESERVED_WORDS: ReadonlySet<string> = readKeywordList('non-reserved.txt');
export const FUNCTION_KEYWORDS: ReadonlySet<string> = readKeywordList('function-keywords.txt');

// --- categories ------------------------------------------------------------------------------------

/** Anything usable as a name: plain and quoted identifiers and every non-reserved keyword. */
export const Identifier = createToken({ name: 'Identifier', pattern: Lexer.NA });
/** What may name a function: identifiers plus reserved words such as COUNT, LEFT, YEAR. */
export const FunctionName = createToken({ name: 'FunctionName', pattern: Lexer.NA });
/** Every spelling of a time unit (YEAR, YEARS, MILLISECOND, DOW, ...). */
export const TimeUnitWord = createToken({ name: 'TimeUnitWord', pattern: Lexer.NA });
export const NumericLiteral = createToken({ name: 'NumericLiteral', pattern: Lexer.NA });
/** Any word at all, reserved or not: names of named arguments (`OFFSET => ...`). */
export const AnyWord = createToken({ name: 'AnyWord', pattern: Lexer.NA });

// --- literals and names ----------------------------------------------------------------------------

export const PlainIdentifier = createToken({
  name: 'PlainIdentifier',
  pattern: Lexer.NA,
  categories: [Identifier, FunctionName, AnyWord],
});
export const QuotedIdentifier = createToken({
  name: 'QuotedIdentifier',
  pattern: Lexer.NA,
  categories: [Identifier, FunctionName],
});
export const ReservedWord = createToken({ name: 'ReservedWord', pattern: Lexer.NA, categories: [AnyWord] });
export const IntegerLiteral = createToken({
  name: 'IntegerLiteral',
  pattern: Lexer.NA,
  categories: [NumericLiteral],
});
export const DecimalLiteral = createToken({
  name: 'DecimalLiteral',
  pattern: Lexer.NA,
  categories: [NumericLiteral],
});
export const StringLiteral = createToken({ name: 'StringLiteral', pattern: Lexer.NA });
export const UnicodeStringLiteral = createToken({ name: 'UnicodeStringLiteral', pattern: Lexer.NA });
export const BinaryStringLiteral = createToken({ name: 'BinaryStringLiteral', pattern: Lexer.NA });

// --- symbols ---------------------------------------------------------------------------------------

function symbol(name: string, label: string): TokenType {
  return createToken({ name, pattern: Lexer.NA, label });
}

export const LParen = symbol('LParen', "'('");
export const RParen = symbol('RParen', "')'");
export const LBracket = symbol('LBracket', "'['");
export const RBracket = symbol('RBracket', "']'");
export const LBrace = symbol('LBrace', "'{'");
export const RBrace = symbol('RBrace', "'}'");
export const Comma = symbol('Comma', "','");
export const Semicolon = symbol('Semicolon', "';'");
export const Dot = symbol('Dot', "'.'");
export const Star = symbol('Star', "'*'");
export const Plus = symbol('Plus', "'+'");
export const Minus = symbol('Minus', "'-'");
export const Slash = symbol('Slash', "'/'");
export const Percent = symbol('Percent', "'%'");
export const Concat = symbol('Concat', "'||'");
export const Pipe = symbol('Pipe', "'|'");
export const Caret = symbol('Caret', "'^'");
export const Dollar = symbol('Dollar', "'$'");
export const Equals = symbol('Equals', "'='");
export const NotEquals = symbol('NotEquals', "'<>'");
export const LessThan = symbol('LessThan', "'<'");
export const LessOrEqual = symbol('LessOrEqual', "'<='");
export const GreaterThan = symbol('GreaterThan', "'>'");
export const GreaterOrEqual = symbol('GreaterOrEqual', "'>='");
export const Arrow = symbol('Arrow', "'=>'");
export const Colon = symbol('Colon', "':'");
export const DoubleColon = symbol('DoubleColon', "'::'");
export const Question = symbol('Question', "'?'");
export const HintStart = symbol('HintStart', "'/*+'");
export const HintEnd = symbol('HintEnd', "'*/'");

// --- keywords --------------------------------------------------------------------------------------

/** Every keyword the grammar refers to by name. */
const GRAMMAR_KEYWORDS = [
  'ABSENT',
  'ADD',
  'AFTER',
  'ALL',
  'ALTER',
  'ANALYZE',
  'AND',
  'ANY',
  'ARRAY',
  'AS',
  'ASC',
  'ASYMMETRIC',
  'BEGIN',
  'BETWEEN',
  'BIGINT',
  'BINARY',
  'BOOLEAN',
  'BOTH',
  'BUCKETS',
  'BY',
  'BYTES',
  'CASCADE',
  'CASE',
  'CAST',
  'CATALOG',
  'CATALOGS',
  'CEIL',
  'CEILING',
  'CHANGELOG_MODE',
  'CHAR',
  'CHARACTER',
  'COLUMNS',
  'COMMENT',
  'CONDITIONAL',
  'CONSTRAINT',
  'CONSTRAINTS',
  'CREATE',
  'CROSS',
  'CUBE',
  'CURRENT',
  'DATABASE',
  'DATABASES',
  'DATE',
  'DEC',
  'DECIMAL',
  'DEFAULT',
  'DEFINE',
  'DESC',
  'DESCRIBE',
  'DESCRIPTOR',
  'DISTINCT',
  'DISTRIBUTED',
  'DISTRIBUTION',
  'DOUBLE',
  'DRAIN',
  'DROP',
  'ELSE',
  'EMPTY',
  'END',
  'ENFORCED',
  'ERROR',
  'ESCAPE',
  'ESTIMATED_COST',
  'EXCEPT',
  'EXCLUDING',
  'EXECUTE',
  'EXISTS',
  'EXPLAIN',
  'EXTENDED',
  'EXTRACT',
  'FALSE',
  'FETCH',
  'FILTER',
  'FIRST',
  'FLOAT',
  'FLOOR',
  'FOLLOWING',
  'FOR',
  'FROM',
  'FULL',
  'FUNCTION',
  'FUNCTIONS',
  'GENERATED',
  'GROUP',
  'GROUPING',
  'HASH',
  'HAVING',
  'IF',
  'IGNORE',
  'ILIKE',
  'IN',
  'INCLUDING',
  'INNER',
  'INSERT',
  'INT',
  'INTEGER',
  'INTERSECT',
  'INTERVAL',
  'INTO',
  'IS',
  'JAR',
  'JARS',
  'JAVA',
  'JOB',
  'JOBS',
  'JOIN',
  'JSON',
  'JSON_ARRAY',
  'JSON_ARRAYAGG',
  'JSON_EXECUTION_PLAN',
  'JSON_EXISTS',
  'JSON_OBJECT',
  'JSON_OBJECTAGG',
  'JSON_QUERY',
  'JSON_VALUE',
  'KEY',
  'LANGUAGE',
  'LAST',
  'LATERAL',
  'LEADING',
  'LEFT',
  'LIKE',
  'LIMIT',
  'LOAD',
  'LOCAL',
  'MAP',
  'MATCH',
  'MATCH_RECOGNIZE',
  'CLASSIFIER',
  'MATCH_NUMBER',
  'PREV',
  'TRANSLATE',
  'MEASURES',
  'METADATA',
  'MODIFY',
  'MODULE',
  'MODULES',
  'MULTISET',
  'NATURAL',
  'NEXT',
  'NOT',
  'NULL',
  'NULLS',
  'NUMERIC',
  'OBJECT',
  'OF',
  'OFFSET',
  'ON',
  'ONE',
  'ONLY',
  'OPTIONS',
  'OR',
  'ORDER',
  'ORDINALITY',
  'OUTER',
  'OVER',
  'OVERLAY',
  'OVERWRITE',
  'OVERWRITING',
  'PARTITION',
  'PARTITIONED',
  'PARTITIONS',
  'PAST',
  'PATTERN',
  'PER',
  'PLACING',
  'PLAN',
  'PLAN_ADVICE',
  'POSITION',
  'PRECEDING',
  'PRECISION',
  'PRIMARY',
  'PYTHON',
  'RANGE',
  'RAW',
  'REMOVE',
  'TRUNCATE',
  'REPLACE',
  'RENAME',
  'RESET',
  'RESPECT',
  'RESTRICT',
  'RETURNING',
  'RIGHT',
  'ROLLUP',
  'ROW',
  'ROWS',
  'SAVEPOINT',
  'SCALA',
  'SCALAR',
  'SELECT',
  'SET',
  'SETS',
  'SHOW',
  'SIMILAR',
  'SKIP',
  'SMALLINT',
  'SOME',
  'STATEMENT',
  'STOP',
  'STRING',
  'SUBSET',
  'SUBSTRING',
  'SYMMETRIC',
  'SYSTEM',
  'SYSTEM_TIME',
  'TABLE',
  'TABLES',
  'TEMPORARY',
  'THEN',
  'TIME',
  'TIMESTAMP',
  'TIMESTAMPADD',
  'TIMESTAMPDIFF',
  'TIMESTAMP_LTZ',
  'TINYINT',
  'TO',
  'TRAILING',
  'TRIM',
  'TRUE',
  'TRY_CAST',
  'UESCAPE',
  'UNBOUNDED',
  'UNCONDITIONAL',
  'UNION',
  'UNKNOWN',
  'UNLOAD',
  'UNNEST',
  'USE',
  'USER',
  'USING',
  'VALUE',
  'VALUES',
  'VARBINARY',
  'VARCHAR',
  'VARYING',
  'VIEW',
  'VIEWS',
  'VIRTUAL',
  'WATERMARK',
  'WATERMARKS',
  'WHEN',
  'WHERE',
  'WINDOW',
  'WITH',
  'WITHIN',
  'WITHOUT',
  'WRAPPER',
  'ZONE',
  // time units and their plural spellings
  'MILLENNIUM',
  'CENTURY',
  'DECADE',
  'YEAR',
  'YEARS',
  'QUARTER',
  'MONTH',
  'MONTHS',
  'WEEK',
  'DAY',
  'DAYS',
  'HOUR',
  'HOURS',
  'MINUTE',
  'MINUTES',
  'SECOND',
  'SECONDS',
  'MILLISECOND',
  'MICROSECOND',
  'NANOSECOND',
  'DOW',
  'DOY',
  'EPOCH',
  'ISODOW',
  'ISOYEAR',
] as const;

export type GrammarKeyword = (typeof GRAMMAR_KEYWORDS)[number];

const TIME_UNIT_WORDS = new Set<string>(GRAMMAR_KEYWORDS.slice(GRAMMAR_KEYWORDS.indexOf('MILLENNIUM')));

/** Whether `word` (upper case) may be written unquoted as a name. */
export function isReservedWord(word: string): boolean {
  return RESERVED_WORDS.has(word) && !NON_RESERVED_WORDS.has(word);
}

/** Reserved words Flink also calls as functions, beyond function-keywords.txt (MATCH_RECOGNIZE's, mostly). */
const EXTRA_FUNCTION_WORDS = new Set(['CLASSIFIER', 'MATCH_NUMBER', 'PREV', 'NEXT', 'TRANSLATE']);

function keywordToken(word: string): TokenType {
  const categories: TokenType[] = [AnyWord];
  if (!isReservedWord(word)) categories.push(Identifier, FunctionName);
  else if (FUNCTION_KEYWORDS.has(word) || EXTRA_FUNCTION_WORDS.has(word)) categories.push(FunctionName);
  if (TIME_UNIT_WORDS.has(word)) categories.push(TimeUnitWord);
  return createToken({ name: word, pattern: Lexer.NA, categories, label: word });
}

export const K = {} as Record<GrammarKeyword, TokenType>;
/** Upper-case word → its token type, for every word that is not a plain identifier. */
export const KEYWORD_TOKENS = new Map<string, TokenType>();
for (const word of GRAMMAR_KEYWORDS) {
  const type = keywordToken(word);
  K[word] = type;
  KEYWORD_TOKENS.set(word, type);
}
// Reserved function names the grammar has no special rule for (COUNT, UPPER, ...): callable, not names.
for (const word of FUNCTION_KEYWORDS) {
  if (!KEYWORD_TOKENS.has(word) && isReservedWord(word)) KEYWORD_TOKENS.set(word, keywordToken(word));
}

export const ALL_TOKENS: TokenType[] = [
  Identifier,
  FunctionName,
  TimeUnitWord,
  NumericLiteral,
  AnyWord,
  PlainIdentifier,
  QuotedIdentifier,
  ReservedWord,
  IntegerLiteral,
  DecimalLiteral,
  StringLiteral,
  UnicodeStringLiteral,
  BinaryStringLiteral,
  LParen,
  RParen,
  LBracket,
  RBracket,
  LBrace,
  RBrace,
  Comma,
  Semicolon,
  Dot,
  Star,
  Plus,
  Minus,
  Slash,
  Percent,
  Concat,
  Pipe,
  Caret,
  Dollar,
  Equals,
  NotEquals,
  LessThan,
  LessOrEqual,
  GreaterThan,
  GreaterOrEqual,
  Arrow,
  Colon,
  DoubleColon,
  Question,
  HintStart,
  HintEnd,
  ...new Set(KEYWORD_TOKENS.values()),
];
