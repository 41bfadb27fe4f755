/**
 * A lookahead strategy that decides on the first token with one array lookup.
 *
 * Chevrotain's LL(k) functions test the alternatives' lookahead paths one by one, in order, with a
 * category-aware token matcher; for a large OR (`primary` has 18 alternatives, several of them
 * LL(2)) that is dozens of matcher calls per decision. This strategy takes the very same paths
 * (chevrotain's `getLookaheadPaths`) and indexes them by the concrete token type that can come
 * first: for each type it keeps only the paths whose first element matches it, in the original
 * order. When the first of those is one token long and no GATE is involved, the decision is a
 * constant; otherwise only the few remaining paths are tested, starting at the second token.
 * The choice is the one chevrotain's functions make: the first alternative, in order, with a path
 * matching the input (and a GATE that holds, if it has one).
 */
import {
  EOF,
  getLookaheadPaths,
  type IOrAlt,
  type IToken,
  LLkLookaheadStrategy,
  type LookaheadProductionType,
  type OptionalProductionType,
  type Rule,
  type TokenType,
} from 'chevrotain';
import { ALL_TOKENS } from '../tokens.ts';

/** A lookahead path with its first token already matched, and the alternative it leads to. */
interface Candidate {
  readonly alt: number;
  readonly rest: readonly TokenType[];
}

/** What a lookahead function sees of the parser (`LA` is protected in chevrotain's typings). */
interface TokenSource {
  LA(howMuch: number): IToken;
}

/** No alternative can start with this token type. */
const NONE = -1;
/** The candidates must be tested. */
const TEST = -2;

/**
 * For each concrete token type index: the alternative it decides (`decided`), or NONE, or TEST with
 * the paths that may start with it (`candidates`), in alternative order.
 */
interface FirstTokenTable {
  readonly decided: Int16Array;
  readonly candidates: (readonly Candidate[])[];
}

/** Every concrete token type the lexer produces (categories have no instances), plus EOF. */
const CONCRETE_TYPES: readonly TokenType[] = [...ALL_TOKENS.filter((t) => t.isParent !== true), EOF];
const TABLE_SIZE = Math.max(...CONCRETE_TYPES.map((t) => t.tokenTypeIdx ?? 0)) + 1;

/** Whether a token of type index `index` matches `type` (itself or one of its categories). */
function matchesIndex(index: number, type: TokenType): boolean {
  return type.tokenTypeIdx === index || (type.isParent === true && type.categoryMatchesMap?.[index] === true);
}

function buildTable(
  pathsPerAlt: readonly (readonly (readonly TokenType[])[])[],
  decide: boolean,
): FirstTokenTable {
  const decided = new Int16Array(TABLE_SIZE).fill(NONE);
  const candidates: (readonly Candidate[])[] = [];
  for (const type of CONCRETE_TYPES) {
    const index = type.tokenTypeIdx ?? 0;
    const found: Candidate[] = [];
    pathsPerAlt.forEach((paths, alt) => {
      for (const path of paths) {
        const first = path[0];
        if (first === undefined || matchesIndex(index, first)) {
          found.push({ alt, rest: first === undefined ? path : path.slice(1) });
        }
      }
    });
    const head = found[0];
    if (head === undefined) continue;
    if (decide && head.rest.length === 0) {
      decided[index] = head.alt;
    } else {
      decided[index] = TEST;
      candidates[index] = found;
    }
  }
  return { decided, candidates };
}

function restMatches(parser: TokenSource, rest: readonly TokenType[]): boolean {
  for (let i = 0; i < rest.length; i++) {
    if (!matchesIndex(parser.LA(i + 2).tokenTypeIdx, rest[i]!)) return false;
  }
  return true;
}

/** Where a production's lookahead failed on the input, and what the paths allowed there. */
export interface LookaheadFailure {
  /** How many input tokens some path matched before the failing one (0: the first token). */
  readonly depth: number;
  /** The token types the paths matching those tokens allow next, without any the input has there. */
  readonly expected: readonly TokenType[];
}

function productionKey(ruleName: string, prodType: string, occurrence: number): string {
  return `${ruleName}:${prodType}:${occurrence}`;
}

export class FirstTokenLookaheadStrategy extends LLkLookaheadStrategy {
  /**
   * Lookahead paths per production, kept for error messages: chevrotain would recompute them for
   * the failing production on every syntax error, which for a few alternations of this grammar
   * takes hundreds of milliseconds.
   */
  private readonly paths = new Map<string, readonly (readonly TokenType[])[]>();

  /**
   * Where the given OR (prodType `Alternation`) or repetition failed on the input at `parser`: an
   * LL(k) decision can fail on a later token than the first (`LATERAL UNNEST`: LATERAL starts
   * several alternatives, UNNEST continues none), and the error belongs there, expecting what the
   * alternatives allow after the tokens they matched; it never lists the token it rejects.
   */
  failureAt(
    parser: TokenSource,
    ruleName: string,
    prodType: LookaheadProductionType,
    occurrence: number,
  ): LookaheadFailure {
    let candidates = this.paths.get(productionKey(ruleName, prodType, occurrence)) ?? [];
    let depth = 0;
    for (;;) {
      const index = parser.LA(depth + 1).tokenTypeIdx;
      const matching = candidates.filter((p) => p.length > depth && matchesIndex(index, p[depth]!));
      // a path matched to its end means a GATE refused its alternative: report this token
      if (matching.length === 0 || matching.some((p) => p.length === depth + 1)) break;
      candidates = matching;
      depth++;
    }
    const index = parser.LA(depth + 1).tokenTypeIdx;
    const expected = new Set<TokenType>();
    for (const path of candidates) {
      const next = path[depth];
      if (next !== undefined && !matchesIndex(index, next)) expected.add(next);
    }
    return { depth, expected: [...expected] };
  }

  override buildLookaheadForAlternation(options: {
    prodOccurrence: number;
    rule: Rule;
    maxLookahead: number;
    hasPredicates: boolean;
    dynamicTokensEnabled: boolean;
  }): (orAlts?: IOrAlt<unknown>[]) => number | undefined {
    const paths = getLookaheadPaths({
      occurrence: options.prodOccurrence,
      rule: options.rule,
      prodType: 'Alternation',
      maxLookahead: options.maxLookahead,
    });
    this.paths.set(productionKey(options.rule.name, 'Alternation', options.prodOccurrence), paths.flat());
    const { hasPredicates } = options;
    // With GATEs, even a one-token path must have its alternative's GATE checked.
    const { decided, candidates } = buildTable(paths, !hasPredicates);
    return function (this: TokenSource, orAlts?: IOrAlt<unknown>[]): number | undefined {
      const index = this.LA(1).tokenTypeIdx;
      const decision = index < TABLE_SIZE ? decided[index]! : NONE;
      if (decision >= 0) return decision;
      if (decision === NONE) return undefined;
      for (const candidate of candidates[index]!) {
        if (hasPredicates) {
          const gate = orAlts?.[candidate.alt]?.GATE;
          if (gate !== undefined && gate.call(this) === false) continue;
        }
        if (restMatches(this, candidate.rest)) return candidate.alt;
      }
      return undefined;
    };
  }

  override buildLookaheadForOptional(options: {
    prodOccurrence: number;
    prodType: OptionalProductionType;
    rule: Rule;
    maxLookahead: number;
    dynamicTokensEnabled: boolean;
  }): () => boolean {
    // The paths of the production's inside (index 0) are those that tell it from what follows it.
    const [inside = []] = getLookaheadPaths({
      occurrence: options.prodOccurrence,
      rule: options.rule,
      prodType: options.prodType,
      maxLookahead: options.maxLookahead,
    });
    this.paths.set(productionKey(options.rule.name, options.prodType, options.prodOccurrence), inside);
    const { decided, candidates } = buildTable([inside], true);
    return function (this: TokenSource): boolean {
      const index = this.LA(1).tokenTypeIdx;
      const decision = index < TABLE_SIZE ? decided[index]! : NONE;
      if (decision >= 0) return true;
      if (decision === NONE) return false;
      for (const candidate of candidates[index]!) if (restMatches(this, candidate.rest)) return true;
      return false;
    };
  }
}
