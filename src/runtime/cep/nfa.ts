/**
 * The pattern-matching automaton, following Flink CEP's NFA for the patterns Flink SQL compiles
 * (a sequence of quantified variables with strict contiguity):
 *
 * - Every row is offered to the start state and to each partial match. From a partial match waiting
 *   at element i with c rows taken, the row may be TAKEN by element i (c < max and its condition
 *   holds) or the match may PROCEED past element i without consuming (c >= min) and try the next
 *   element with the same row. Both branches are kept (reluctant quantifiers and ambiguity branch).
 * - A greedy loop blocks every transition out of the element after it while the row also satisfies
 *   the loop's condition (Flink adds `NOT(take)` to the following state's edges), so the loop keeps
 *   the row.
 * - A match is complete when a take reaches the end of the pattern, directly or through elements
 *   that may be skipped (Flink's findFinalStateAfterProceed); reaching the end without consuming a
 *   row is not a match.
 * - Completed matches are released in the order of their first rows, and only once no partial
 *   match that started earlier is still alive (Flink's skip-strategy handling). Releasing a match
 *   prunes partial and pending matches according to AFTER MATCH SKIP.
 * - WITHIN: `advanceTime(t)` drops partial matches with t - start >= within (no timeout output).
 */
import type { Row } from '../batch.ts';
import {
  EventRows,
  type MatchEvent,
  type NfaSpec,
  type NfaState,
  type PartialMatch,
  type PatternRows,
} from './pattern.ts';

const START: PartialMatch = { element: 0, count: 0, events: [] };

const startSeq = (events: readonly MatchEvent[]): number => events[0]!.seq;

export class Nfa {
  constructor(readonly spec: NfaSpec) {}

  /** Offers one row (its partition's next row in order); returns the matches it releases. */
  process(state: NfaState, row: Row, time: number): (readonly MatchEvent[])[] {
    const event: MatchEvent = { seq: state.nextSeq++, time, variable: -1, row };
    const partial: PartialMatch[] = [];
    const found: (readonly MatchEvent[])[] = [];
    this.step(START, event, partial, found);
    for (const pm of state.partial) this.step(pm, event, partial, found);
    state.partial = partial;
    return this.release(state, found);
  }

  /** Event (or processing) time reached `time`: drops timed-out partial matches (WITHIN). */
  advanceTime(state: NfaState, time: number): (readonly MatchEvent[])[] {
    const within = this.spec.withinMs;
    if (within === undefined) return [];
    const before = state.partial.length;
    state.partial = state.partial.filter((pm) => time - pm.events[0]!.time < within);
    return state.partial.length === before ? [] : this.release(state, []);
  }

  /** When the oldest partial match times out (WITHIN), or undefined. */
  nextTimeout(state: NfaState): number | undefined {
    const within = this.spec.withinMs;
    if (within === undefined || state.partial.length === 0) return undefined;
    let earliest = Number.POSITIVE_INFINITY;
    for (const pm of state.partial) earliest = Math.min(earliest, pm.events[0]!.time);
    return earliest + within;
  }

  isEmpty(state: NfaState): boolean {
    return state.partial.length === 0 && state.completed.length === 0;
  }

  /** The rows of a released match, by variable. */
  matchRows(events: readonly MatchEvent[]): PatternRows {
    return new EventRows(events, events[events.length - 1]!.row, false);
  }

  private step(
    pm: PartialMatch,
    event: MatchEvent,
    partial: PartialMatch[],
    found: (readonly MatchEvent[])[],
  ): void {
    const view = new EventRows(pm.events, event.row, true);
    this.visit(pm, event, view, pm.element, pm.count, partial, found);
  }

  /** The transitions of `pm` at (element i, c rows taken) for `event`: take, then proceed. */
  private visit(
    pm: PartialMatch,
    event: MatchEvent,
    view: EventRows,
    i: number,
    c: number,
    partial: PartialMatch[],
    found: (readonly MatchEvent[])[],
  ): void {
    const { elements } = this.spec;
    if (i === elements.length) return; // the end reached without consuming the row: no match
    if (c === 0 && this.blockedByGreedy(i, view)) return;
    const element = elements[i]!;
    if (c < element.max && this.accepts(element.variable, view)) {
      const taken: MatchEvent = {
        seq: event.seq,
        time: event.time,
        variable: element.variable,
        row: event.row,
      };
      const events = [...pm.events, taken];
      const full = c + 1 === element.max;
      const next = full ? i + 1 : i;
      const count = full ? 0 : c + 1;
      if (next === elements.length) found.push(events);
      else {
        partial.push({ element: next, count, events });
        if (this.reachesEnd(next, count, view)) found.push(events);
      }
    }
    if (c >= element.min) this.visit(pm, event, view, i + 1, 0, partial, found);
  }

  /** Whether the pattern can be completed from (i, c) by skipping the remaining elements. */
  private reachesEnd(i: number, c: number, view: EventRows): boolean {
    const { elements } = this.spec;
    for (let j = i, count = c; ; j++, count = 0) {
      if (j === elements.length) return true;
      if (count === 0 && this.blockedByGreedy(j, view)) return false;
      if (count < elements[j]!.min) return false;
    }
  }

  /** Element `i`'s entry is closed while the greedy loop before it still accepts the row. */
  private blockedByGreedy(i: number, view: EventRows): boolean {
    const previous = i > 0 ? this.spec.elements[i - 1] : undefined;
    return previous?.greedy === true && this.accepts(previous.variable, view);
  }

  private accepts(variable: number, view: EventRows): boolean {
    const condition = this.spec.conditions[variable];
    if (condition === undefined) return true;
    view.defining = variable;
    return condition(view) === true;
  }

  /** Releases completed matches in start order while no earlier-started partial match is alive. */
  private release(state: NfaState, found: (readonly MatchEvent[])[]): (readonly MatchEvent[])[] {
    if (found.length > 0) {
      state.completed.push(...found);
      state.completed.sort((a, b) => startSeq(a) - startSeq(b));
    }
    const released: (readonly MatchEvent[])[] = [];
    while (state.completed.length > 0) {
      const match = state.completed[0]!;
      let earliestPartial = Number.POSITIVE_INFINITY;
      for (const pm of state.partial) earliestPartial = Math.min(earliestPartial, startSeq(pm.events));
      if (startSeq(match) > earliestPartial) break;
      state.completed.shift();
      const prune = this.pruning(match);
      state.partial = state.partial.filter((pm) => !prune(startSeq(pm.events)));
      state.completed = state.completed.filter((m) => !prune(startSeq(m)));
      released.push(match);
    }
    return released;
  }

  /** AFTER MATCH SKIP: which partial matches (by the seq of their first row) a match discards. */
  private pruning(match: readonly MatchEvent[]): (start: number) => boolean {
    const skip = this.spec.skip;
    switch (skip.kind) {
      case 'past-last-row': {
        const last = match[match.length - 1]!.seq;
        return (start) => start <= last;
      }
      case 'to-next-row': {
        const first = match[0]!.seq;
        return (start) => start <= first;
      }
      case 'to-first':
      case 'to-last': {
        const name = this.spec.variables[skip.variable] ?? String(skip.variable);
        const rows = match.filter((e) => e.variable === skip.variable);
        const target = skip.kind === 'to-first' ? rows[0] : rows[rows.length - 1];
        if (target === undefined) {
          throw new Error(`Could not skip to ${name}. No such element in the found match`);
        }
        if (target.seq === match[0]!.seq) throw new Error('Could not skip to first element of a match.');
        return (start) => start < target.seq;
      }
    }
  }
}
