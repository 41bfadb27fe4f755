/**
 * The root of the parser class chain (base → types → expressions → special-functions → windows →
 * primary → queries → tables → table-elements → ddl → alter → utility → statements): shared helpers
 * for spans and names, and the small rules every area uses.
 *
 * Rules build AST nodes directly in embedded actions. Code that looks inside a sub-result runs in
 * `this.ACTION(...)`, because during chevrotain's grammar-recording phase sub-rules return
 * placeholders.
 */
import {
  type DSLMethodOptsWithErr,
  EarlyExitException,
  EmbeddedActionsParser,
  EOF,
  type IOrAlt,
  type IParserErrorMessageProvider,
  type IToken,
  type LookaheadProductionType,
  type ManySepMethodOpts,
  NoViableAltException,
  type TokenType,
} from 'chevrotain';
import type { Identifier, Position, Property, QualifiedName, Span } from '../ast.ts';
import { SqlError } from '../errors.ts';
import * as T from '../tokens.ts';
import { FirstTokenLookaheadStrategy } from './lookahead.ts';

/** What the failed match expected, recorded by the message provider for the error builder. */
export interface ExpectationRecord {
  expected: TokenType[];
  ruleName: string;
  notAllInputParsed: boolean;
}

const expectation: ExpectationRecord = { expected: [], ruleName: '', notAllInputParsed: false };

function record(expected: TokenType[], ruleName: string, notAll = false): string {
  expectation.expected = expected;
  expectation.ruleName = ruleName;
  expectation.notAllInputParsed = notAll;
  return 'syntax error';
}

// No-viable-alternative and early-exit errors do not reach these two builders: ParserBase raises
// them itself from cached first-token sets (see raiseNoAltException below).
const messageProvider: IParserErrorMessageProvider = {
  buildMismatchTokenMessage: ({ expected, ruleName }) => record([expected], ruleName),
  buildNotAllInputParsedMessage: ({ ruleName }) => record([EOF], ruleName, true),
  buildNoViableAltMessage: ({ ruleName }) => record([], ruleName),
  buildEarlyExitMessage: ({ ruleName }) => record([], ruleName),
};

/** Chevrotain internals that ParserBase's error raisers use (present at run time, not in the typings). */
interface ChevrotainErrorInternals {
  getCurrRuleFullName(): string;
  SAVE_ERROR(error: Error): Error;
}

/** Chevrotain's numeric production kinds for early exits (AT_LEAST_ONE, AT_LEAST_ONE_SEP). */
const EARLY_EXIT_PRODUCTIONS: Record<number, LookaheadProductionType> = {
  2: 'RepetitionMandatory',
  3: 'RepetitionMandatoryWithSeparator',
};

export function lastExpectation(): ExpectationRecord {
  return expectation;
}

// Alternative and option objects are built through these helpers rather than written as literals
// (`{ ALT: () => ... }`): tsx compiles with esbuild's keepNames, which wraps every function stored
// in an object property in a `__name(...)` call (Object.defineProperty) each time the literal is
// evaluated, i.e. on every rule invocation. A function passed as an argument is not named, so it
// is not wrapped; that alone doubled the parser's throughput.

/** An OR alternative. */
export function alt<R>(ALT: () => R): IOrAlt<R> {
  return { ALT };
}

/** An OR alternative taken only when `GATE` holds. */
export function gatedAlt<R>(GATE: () => boolean, ALT: () => R): IOrAlt<R> {
  return { GATE, ALT };
}

/** An OPTION / MANY body entered only when `GATE` holds. */
export function gated<R>(GATE: () => boolean, DEF: () => R): DSLMethodOptsWithErr<R> {
  return { GATE, DEF };
}

/** A MANY_SEP / AT_LEAST_ONE_SEP body with its separator. */
export function separated(SEP: TokenType, DEF: () => void): ManySepMethodOpts<void> {
  return { SEP, DEF };
}

/** Damerau–Levenshtein distance (adjacent swaps cost 1), small strings only. */
export function editDistance(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) d.push([i]);
  for (let j = 0; j <= b.length; j++) d[0]![j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let v = Math.min(d[i - 1]![j]! + 1, d[i]![j - 1]! + 1, d[i - 1]![j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        v = Math.min(v, d[i - 2]![j - 2]! + 1);
      d[i]![j] = v;
    }
  }
  return d[a.length]![b.length]!;
}

export function startOf(tok: IToken): Position {
  return { offset: tok.startOffset, line: tok.startLine ?? 1, column: tok.startColumn ?? 1 };
}

export function endOf(tok: IToken): Position {
  return {
    offset: (tok.endOffset ?? tok.startOffset) + 1,
    line: tok.endLine ?? 1,
    column: (tok.endColumn ?? 0) + 1,
  };
}

export function tokenSpan(tok: IToken): Span {
  return { start: startOf(tok), end: endOf(tok) };
}

export function identifierFromToken(tok: IToken): Identifier {
  const quoted = tok.tokenType === T.QuotedIdentifier;
  return {
    kind: 'Identifier',
    value: quoted ? String(tok.payload) : tok.image,
    quoted,
    span: tokenSpan(tok),
  };
}

export function syntaxError(message: string, span: Span, hint?: string, expected?: string[]): SqlError {
  return new SqlError({
    code: 'SYNTAX',
    message,
    span,
    ...(hint === undefined ? {} : { hint }),
    ...(expected === undefined ? {} : { expected }),
  });
}

export abstract class ParserBase extends EmbeddedActionsParser {
  /** Number of `?` parameters seen in the current statement. */
  protected parameterCount = 0;

  private readonly lookahead: FirstTokenLookaheadStrategy;
  /** The input as the lookahead strategy reads it (`LA` is protected). */
  private readonly tokenSource = { LA: (howMuch: number): IToken => this.LA(howMuch) };

  /**
   * `validateGrammar` runs chevrotain's grammar checks (ambiguities, left recursion, duplicate
   * occurrence indexes) when the grammar is analysed: seconds of work, so the product skips them and
   * test/sql/grammar.test.ts builds one validated instance.
   */
  constructor(validateGrammar = false) {
    const lookahead = new FirstTokenLookaheadStrategy({ maxLookahead: 3 });
    super(T.ALL_TOKENS, {
      maxLookahead: 3,
      lookaheadStrategy: lookahead,
      errorMessageProvider: messageProvider,
      skipValidations: !validateGrammar,
    });
    this.lookahead = lookahead;
  }

  // Chevrotain's own versions of the next two recompute the failing production's lookahead paths
  // (up to maxLookahead tokens deep) on every error: hundreds of milliseconds for alternations such
  // as comparisonSuffix. The strategy cached those paths; the error goes to the first token they
  // cannot continue with (lookahead.ts, failureAt).

  /** Overrides chevrotain's: raised when no alternative of an OR matches. */
  raiseNoAltException(occurrence: number): never {
    const internals = this as unknown as ChevrotainErrorInternals;
    const ruleName = internals.getCurrRuleFullName();
    const failure = this.lookahead.failureAt(this.tokenSource, ruleName, 'Alternation', occurrence);
    record([...failure.expected], ruleName);
    const at = failure.depth + 1;
    throw internals.SAVE_ERROR(new NoViableAltException('syntax error', this.LA(at), this.LA(at - 1)));
  }

  /** Overrides chevrotain's: raised when an AT_LEAST_ONE(_SEP) matches no first iteration. */
  raiseEarlyExitException(occurrence: number, prodType: number): never {
    const internals = this as unknown as ChevrotainErrorInternals;
    const ruleName = internals.getCurrRuleFullName();
    const production = EARLY_EXIT_PRODUCTIONS[prodType] ?? 'RepetitionMandatory';
    const failure = this.lookahead.failureAt(this.tokenSource, ruleName, production, occurrence);
    record([...failure.expected], ruleName);
    const at = failure.depth + 1;
    throw internals.SAVE_ERROR(new EarlyExitException('syntax error', this.LA(at), this.LA(at - 1)));
  }

  /** Resets per-statement state; call before each parse. */
  prepare(tokens: IToken[]): void {
    this.parameterCount = 0;
    this.input = tokens;
  }

  /** The span from `start` to the last consumed token. */
  protected spanFrom(start: IToken): Span {
    const last = this.LA(0);
    return { start: startOf(start), end: endOf(last.tokenType === EOF ? start : last) };
  }

  protected spanBetween(start: Span, end: Span): Span {
    return { start: start.start, end: end.end };
  }

  /** Throws a syntax error at `tok` (used for rules Flink enforces beyond the grammar). */
  protected fail(tok: IToken, message: string, hint?: string): never {
    throw syntaxError(message, tokenSpan(tok), hint);
  }

  public identifier = this.RULE('identifier', (): Identifier => {
    const tok = this.CONSUME(T.Identifier);
    return this.ACTION(() => identifierFromToken(tok));
  });

  public qualifiedName = this.RULE('qualifiedName', (): QualifiedName => {
    const start = this.LA(1);
    const parts: Identifier[] = [this.SUBRULE(this.identifier)];
    this.MANY(() => {
      this.CONSUME(T.Dot);
      parts.push(this.SUBRULE2(this.identifier));
    });
    return this.ACTION(() => ({ kind: 'QualifiedName', parts, span: this.spanFrom(start) }));
  });

  /** `(a, b, c)`. */
  public identifierList = this.RULE('identifierList', (): Identifier[] => {
    const ids: Identifier[] = [];
    this.CONSUME(T.LParen);
    this.AT_LEAST_ONE_SEP(separated(T.Comma, () => ids.push(this.SUBRULE(this.identifier))));
    this.CONSUME(T.RParen);
    return ids;
  });

  /** A character string literal; adjacent literals concatenate (`'a' 'b'` is `'ab'`). */
  public stringValue = this.RULE('stringValue', (): string => {
    let value = '';
    this.AT_LEAST_ONE(() => {
      const tok = this.CONSUME(T.StringLiteral);
      this.ACTION(() => {
        value += String(tok.payload);
      });
    });
    return value;
  });

  public integerValue = this.RULE('integerValue', (): number => {
    const tok = this.CONSUME(T.IntegerLiteral);
    return this.ACTION(() => Number.parseInt(tok.image, 10));
  });

  public property = this.RULE('property', (): Property => {
    const start = this.LA(1);
    const key = this.SUBRULE(this.stringValue);
    this.CONSUME(T.Equals);
    const value = this.SUBRULE2(this.stringValue);
    return this.ACTION(() => ({ kind: 'Property', key, value, span: this.spanFrom(start) }));
  });

  /** `('k' = 'v', ...)`, possibly empty. */
  public propertyList = this.RULE('propertyList', (): Property[] => {
    const props: Property[] = [];
    this.CONSUME(T.LParen);
    this.MANY_SEP(separated(T.Comma, () => props.push(this.SUBRULE(this.property))));
    this.CONSUME(T.RParen);
    return props;
  });

  /** `COMMENT 'text'`. */
  public commentClause = this.RULE('commentClause', (): string => {
    this.CONSUME(T.K.COMMENT);
    return this.SUBRULE(this.stringValue);
  });

  /** `IF NOT EXISTS`. */
  public ifNotExists = this.RULE('ifNotExists', (): boolean => {
    this.CONSUME(T.K.IF);
    this.CONSUME(T.K.NOT);
    this.CONSUME(T.K.EXISTS);
    return true;
  });

  /** `IF EXISTS`. */
  public ifExists = this.RULE('ifExists', (): boolean => {
    this.CONSUME(T.K.IF);
    this.CONSUME(T.K.EXISTS);
    return true;
  });
}
