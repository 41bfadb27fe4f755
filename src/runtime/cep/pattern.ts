/**
 * The compiled form of a MATCH_RECOGNIZE pattern as the NFA runs it. Flink SQL patterns are a
 * sequence of distinct variables, each with a quantifier, with strict contiguity between and within
 * them (Flink's `next()` / `consecutive()`); groups and alternations are rejected by the planner.
 *
 * Conditions and measures see the rows of a (partial) match through `PatternRows`; the planner
 * compiles DEFINE and MEASURES expressions into functions over it.
 */
import type { Row } from '../batch.ts';

export interface PatternElement {
  /** Index of the pattern variable in `NfaSpec.variables`. */
  readonly variable: number;
  readonly min: number;
  /** Upper bound; `Number.POSITIVE_INFINITY` for `*`, `+` and `{n,}`. */
  readonly max: number;
  /**
   * A greedy loop (Flink's GREEDY quantifier property, set for `*`, `+`, `{n,}`, `{n,m}` with n < m
   * unless reluctant): the pattern moves past it only on rows its own condition rejects.
   */
  readonly greedy: boolean;
}

export type AfterMatchSkip =
  | { readonly kind: 'past-last-row' }
  | { readonly kind: 'to-next-row' }
  | { readonly kind: 'to-first' | 'to-last'; readonly variable: number };

/**
 * The rows a condition or measure may navigate. In DEFINE, `current` is the candidate row and it is
 * counted among the rows of the variable being defined (and of the whole match); in MEASURES,
 * `current` is the last row of the match.
 */
export interface PatternRows {
  readonly current: Row;
  /** Rows mapped to a pattern variable, in input order. */
  rowsOf(variable: number): readonly Row[];
  /** Every row of the match so far, in input order. */
  allRows(): readonly Row[];
}

export type VariableCondition = (rows: PatternRows) => boolean;

export interface NfaSpec {
  readonly variables: readonly string[];
  readonly elements: readonly PatternElement[];
  /** Per variable; undefined = no DEFINE (always true). */
  readonly conditions: readonly (VariableCondition | undefined)[];
  readonly skip: AfterMatchSkip;
  /** WITHIN: a partial match is dropped once time - (time of its first row) >= withinMs. */
  readonly withinMs?: number;
}

/** One row of a match: its position in the partition's processing order, time and variable. */
export interface MatchEvent {
  readonly seq: number;
  readonly time: number;
  readonly variable: number;
  readonly row: Row;
}

/** A partial match waiting at `element` with `count` rows already taken by that element. */
export interface PartialMatch {
  readonly element: number;
  readonly count: number;
  readonly events: readonly MatchEvent[];
}

/** Per partition key; plain data so state backends can snapshot it. */
export interface NfaState {
  nextSeq: number;
  partial: PartialMatch[];
  /** Matches found but held back until no partial match that started earlier can still complete. */
  completed: (readonly MatchEvent[])[];
}

export const emptyNfaState = (): NfaState => ({ nextSeq: 0, partial: [], completed: [] });

/** Reads rows per variable out of a list of match events (plus a candidate row in DEFINE). */
export class EventRows implements PatternRows {
  private readonly byVariable = new Map<number, Row[]>();
  private all: Row[] | undefined;
  /** DEFINE: the variable the candidate is tested for (-1 in MEASURES). */
  defining = -1;

  constructor(
    private readonly events: readonly MatchEvent[],
    readonly current: Row,
    private readonly candidate: boolean,
  ) {}

  rowsOf(variable: number): readonly Row[] {
    let rows = this.byVariable.get(variable);
    if (rows === undefined) {
      rows = [];
      for (const e of this.events) if (e.variable === variable) rows.push(e.row);
      this.byVariable.set(variable, rows);
    }
    return this.candidate && variable === this.defining ? [...rows, this.current] : rows;
  }

  allRows(): readonly Row[] {
    this.all ??= this.events.map((e) => e.row);
    return this.candidate ? [...this.all, this.current] : this.all;
  }
}
