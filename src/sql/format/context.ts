/**
 * Shared pieces of the formatter: the layout context, identifier quoting and string literals.
 */
import { readFileSync } from 'node:fs';
import type { Identifier, Property, QualifiedName } from '../ast.ts';

export interface FormatOptions {
  /** Multi-line layout with 2-space indents (what SHOW CREATE TABLE prints); one line otherwise. */
  readonly pretty?: boolean;
  /**
   * `minimal` (default) quotes an identifier only when it must be quoted; `always` backticks every
   * identifier, as Flink's SHOW CREATE TABLE does.
   */
  readonly quoteIdentifiers?: 'minimal' | 'always';
}

/** Layout state threaded through every formatting function. */
export interface FormatContext {
  readonly pretty: boolean;
  /** Indentation level of the line the current construct starts on (pretty mode only). */
  readonly depth: number;
  readonly quoteAll: boolean;
}

export function contextFor(options: FormatOptions | undefined): FormatContext {
  return {
    pretty: options?.pretty ?? false,
    depth: 0,
    quoteAll: options?.quoteIdentifiers === 'always',
  };
}

/** The same context one indentation level deeper. */
export function nested(ctx: FormatContext): FormatContext {
  return { ...ctx, depth: ctx.depth + 1 };
}

/** The break between two clauses: a new line at the current depth when pretty, a space otherwise. */
export function lineBreak(ctx: FormatContext): string {
  return ctx.pretty ? `\n${'  '.repeat(ctx.depth)}` : ' ';
}

/** A break that is a new line when pretty and nothing at all otherwise (just inside brackets). */
export function softBreak(ctx: FormatContext): string {
  return ctx.pretty ? `\n${'  '.repeat(ctx.depth)}` : '';
}

/**
 * `KEYWORD item, item`. When pretty, a lone item stays on the keyword's line (`FROM orders`, a join
 * continuing below at the keyword's depth); several go one per line, one level deeper.
 */
export function clause<T>(
  keyword: string,
  ctx: FormatContext,
  items: readonly T[],
  format: (item: T, ctx: FormatContext) => string,
): string {
  const only = items.length === 1 ? items[0] : undefined;
  if (!ctx.pretty || only !== undefined) {
    return `${keyword} ${items.map((item) => format(item, ctx)).join(', ')}`;
  }
  const inner = nested(ctx);
  const texts = items.map((item) => format(item, inner));
  return `${keyword}${lineBreak(inner)}${texts.join(`,${lineBreak(inner)}`)}`;
}

/** `(a, b)` compact, or one item per line inside the parentheses when pretty. */
export function parenthesizedBlock(
  ctx: FormatContext,
  items: (inner: FormatContext) => readonly string[],
): string {
  const inner = nested(ctx);
  const texts = items(inner);
  if (!ctx.pretty || texts.length === 0) return `(${texts.join(', ')})`;
  return `(${lineBreak(inner)}${texts.join(`,${lineBreak(inner)}`)}${lineBreak(ctx)})`;
}

// ---------------------------------------------------------------------------------------------------
// Keywords
// ---------------------------------------------------------------------------------------------------

/** Reads one of grammar/keywords/*.txt: `#` comment lines, then one keyword per line. */
function loadKeywords(fileName: string): ReadonlySet<string> | undefined {
  try {
    const url = new URL(`../../../grammar/keywords/${fileName}`, import.meta.url);
    const words = new Set<string>();
    for (const line of readFileSync(url, 'utf8').split(/\r?\n/)) {
      const word = line.trim();
      if (word !== '' && !word.startsWith('#')) words.add(word.toUpperCase());
    }
    return words.size > 0 ? words : undefined;
  } catch {
    // Without the list we cannot tell which words are reserved; callers then quote every name.
    return undefined;
  }
}

const reservedKeywords = loadKeywords('reserved.txt');
// The lists overlap a little; a word listed as non-reserved is accepted bare, as the parser does.
const nonReservedKeywords = loadKeywords('non-reserved.txt') ?? new Set<string>();
const functionKeywords = loadKeywords('function-keywords.txt') ?? new Set<string>();

const PLAIN_IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** Whether `word` is a reserved keyword (unknown when the keyword list could not be read: yes). */
export function isReservedKeyword(word: string): boolean {
  const upper = word.toUpperCase();
  return reservedKeywords === undefined || (reservedKeywords.has(upper) && !nonReservedKeywords.has(upper));
}

/** `` `text` `` with embedded backticks doubled. */
export function backtick(text: string): string {
  return `\`${text.replaceAll('`', '``')}\``;
}

/** An identifier's text: bare when plain and not reserved, in backticks otherwise. */
export function identifierText(text: string, quoteAll: boolean): string {
  if (!quoteAll && PLAIN_IDENTIFIER.test(text) && !isReservedKeyword(text)) return text;
  return backtick(text);
}

export function identifier(id: Identifier, ctx: FormatContext): string {
  return identifierText(id.value, ctx.quoteAll);
}

export function identifierList(ids: readonly Identifier[], ctx: FormatContext): string {
  return ids.map((id) => identifier(id, ctx)).join(', ');
}

export function qualifiedName(name: QualifiedName, ctx: FormatContext): string {
  return name.parts.map((part) => identifier(part, ctx)).join('.');
}

/**
 * A function name: reserved words that the grammar allows as function names (COUNT, LEFT, UPPER,
 * CURRENT_TIMESTAMP...) stay bare, since quoting them would turn a built-in into a user function.
 */
export function functionName(name: QualifiedName): string {
  const only = name.parts.length === 1 ? name.parts[0] : undefined;
  if (
    only !== undefined &&
    PLAIN_IDENTIFIER.test(only.value) &&
    (functionKeywords.has(only.value.toUpperCase()) || !isReservedKeyword(only.value))
  ) {
    return only.value;
  }
  return name.parts.map((part) => identifierText(part.value, false)).join('.');
}

/**
 * The name before `=>` in a call: the grammar takes any bare word there, reserved or not
 * (`OFFSET => INTERVAL '1' MINUTE` in window TVFs), so only names that are not plain are quoted.
 */
export function argumentName(id: Identifier): string {
  return PLAIN_IDENTIFIER.test(id.value) ? id.value : backtick(id.value);
}

// ---------------------------------------------------------------------------------------------------
// Literals and properties
// ---------------------------------------------------------------------------------------------------

/** `'text'` with embedded quotes doubled. */
export function stringLiteral(value: string): string {
  return `'${value.replaceAll("'", "''")}'`;
}

export function property(p: Property): string {
  return `${stringLiteral(p.key)} = ${stringLiteral(p.value)}`;
}

/** `('k' = 'v', ...)`; one property per line when pretty, as SHOW CREATE TABLE prints WITH options. */
export function propertyList(properties: readonly Property[], ctx: FormatContext): string {
  return parenthesizedBlock(ctx, () => properties.map(property));
}
