/**
 * MATCH_RECOGNIZE ... ONE ROW PER MATCH (Flink's CepOperator running the SQL pattern): per partition
 * key an NFA (src/runtime/cep) over the key's rows in order; one +I row per released match.
 *
 * - Event time (`timeIndex`): rows are buffered per key until the watermark reaches their rowtime,
 *   then fed in (rowtime, `compare`, arrival) order. A row at or behind the watermark on arrival is
 *   late: dropped and counted (Flink's CepOperator: `timestamp <= currentWatermark`). Null rowtimes
 *   are dropped. Before the rows of each rowtime, and at the watermark, WITHIN timeouts are applied;
 *   a timer at the oldest partial match's timeout keeps them firing without new rows.
 * - Processing time (no `timeIndex`): rows are fed on arrival with the processing time as their
 *   time; WITHIN timeouts also fire on processing-time timers.
 *
 * State per key: the buffered rows (by rowtime) and the NFA state (partial and pending matches as
 * plain data). Output: `[...partition key values, ...measures]`, insert-only.
 */

import { serializeKey } from '../../state/keys.ts';
import type { MapState, ValueState } from '../../state/state.ts';
import { TimerService } from '../../state/timers.ts';
import type { Batch } from '../batch.ts';
import { BatchBuilder, isAccumulate, type Row, RowKind } from '../batch.ts';
import { Nfa } from '../cep/nfa.ts';
import {
  emptyNfaState,
  type MatchEvent,
  type NfaSpec,
  type NfaState,
  type PatternRows,
} from '../cep/pattern.ts';
import { AbstractOperator, type OperatorContext } from '../operator.ts';
import { keyRowOf } from './join-state.ts';

/** What a measure may read besides the match's rows. */
export interface MeasureEnv {
  /** Time of the match's last row (its rowtime, or processing time on arrival): MATCH_ROWTIME(). */
  readonly time: number;
  /** MATCH_PROCTIME(). */
  readonly processingTime: number;
}

export interface MatchRecognizeSpec {
  readonly name?: string;
  readonly partitionKeyIndexes: readonly number[];
  /** The rowtime column of ORDER BY; absent when ordered by processing time. */
  readonly timeIndex?: number;
  /** Orders rows with the same rowtime (the secondary ORDER BY columns); ties keep arrival order. */
  readonly compare?: (a: Row, b: Row) => number;
  readonly nfa: NfaSpec;
  /** The measures of one match, in MEASURES order. */
  readonly measures: (match: PatternRows, env: MeasureEnv) => unknown[];
}

const TIMER = 'match';

export class MatchRecognizeOperator extends AbstractOperator {
  private readonly nfa: Nfa;
  private buffer!: MapState<number, Row[]>;
  private nfaState!: ValueState<NfaState>;
  /** The earliest pending event-time timer of the key (one timer per key, not per rowtime). */
  private nextTimer!: ValueState<number>;
  private timers!: TimerService;
  private out = new BatchBuilder(16);

  constructor(private readonly spec: MatchRecognizeSpec) {
    super(spec.name ?? 'Match');
    this.nfa = new Nfa(spec.nfa);
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    this.buffer = ctx.backend.mapState<number, Row[]>({ name: 'match-buffer' });
    this.nfaState = ctx.backend.valueState<NfaState>({ name: 'match-nfa' });
    this.nextTimer = ctx.backend.valueState<number>({ name: 'match-next-timer' });
    this.timers = new TimerService(ctx.backend, 'match-timers');
  }

  processBatch(_input: number, batch: Batch): void {
    const { partitionKeyIndexes: keys, timeIndex } = this.spec;
    for (let i = 0; i < batch.length; i++) {
      if (!isAccumulate(batch.kinds[i]!)) {
        throw new Error(`${this.name} accepts insert-only input (MATCH_RECOGNIZE); got a retraction`);
      }
      const row = batch.rows[i]!;
      this.ctx.backend.setCurrentKey(serializeKey(row, keys), keyRowOf(row, keys));
      if (timeIndex === undefined) {
        this.processInArrivalOrder(row);
        continue;
      }
      const t = row[timeIndex];
      if (t === null || t === undefined) continue;
      const time = t as number;
      if (time <= this.currentWatermark()) {
        this.ctx.metrics.numLateRecordsDropped++;
        continue;
      }
      const rows = this.buffer.get(time) ?? [];
      rows.push(row);
      this.buffer.put(time, rows);
      this.requestTimer(time);
    }
    this.flush();
  }

  protected override onWatermark(watermark: number): void {
    this.timers.advanceWatermark(watermark, () => this.drainKey(watermark));
    this.flush();
  }

  override onProcessingTime(time: number): void {
    this.timers.advanceProcessingTime(time, () => {
      const state = this.nfaState.value();
      if (state === null) return;
      this.emitAll(this.nfa.advanceTime(state, time));
      this.save(state, false);
    });
    this.flush();
  }

  /** Arms an event-time timer for the current key unless one at or before `time` is pending. */
  private requestTimer(time: number): void {
    const pending = this.nextTimer.value();
    if (pending !== null && pending <= time) return;
    this.timers.registerEventTimeTimer(TIMER, time);
    this.nextTimer.update(time);
  }

  /** Event time: feeds the current key's buffered rows up to the watermark, in order. */
  private drainKey(watermark: number): void {
    this.nextTimer.clear();
    const state = this.nfaState.value() ?? emptyNfaState();
    const due: number[] = [];
    let later = Number.POSITIVE_INFINITY;
    for (const [time] of this.buffer.entries()) {
      if (time <= watermark) due.push(time);
      else later = Math.min(later, time);
    }
    if (later !== Number.POSITIVE_INFINITY) this.requestTimer(later);
    due.sort((a, b) => a - b);
    const compare = this.spec.compare;
    for (const time of due) {
      const rows = this.buffer.get(time)!;
      this.buffer.remove(time);
      this.emitAll(this.nfa.advanceTime(state, time));
      const ordered =
        compare === undefined || rows.length < 2
          ? rows
          : rows
              .map((row, i) => ({ row, i }))
              .sort((a, b) => compare(a.row, b.row) || a.i - b.i)
              .map((x) => x.row);
      for (const row of ordered) this.emitAll(this.nfa.process(state, row, time));
    }
    this.emitAll(this.nfa.advanceTime(state, watermark));
    this.save(state, true);
  }

  private processInArrivalOrder(row: Row): void {
    const state = this.nfaState.value() ?? emptyNfaState();
    const now = this.ctx.processingTime();
    this.emitAll(this.nfa.advanceTime(state, now));
    this.emitAll(this.nfa.process(state, row, now));
    this.save(state, false);
  }

  /** Stores the key's NFA state (or clears it) and arms the timer for its next WITHIN timeout. */
  private save(state: NfaState, eventTime: boolean): void {
    if (this.nfa.isEmpty(state)) this.nfaState.clear();
    else this.nfaState.update(state);
    const timeout = this.nfa.nextTimeout(state);
    if (timeout === undefined) return;
    if (eventTime) this.requestTimer(timeout);
    else {
      this.timers.registerProcessingTimeTimer(TIMER, timeout);
      this.ctx.scheduleProcessingTime(timeout);
    }
  }

  private emitAll(matches: readonly (readonly MatchEvent[])[]): void {
    if (matches.length === 0) return;
    const keys = this.spec.partitionKeyIndexes;
    const processingTime = this.ctx.processingTime();
    for (const events of matches) {
      const time = events[events.length - 1]!.time;
      const measures = this.spec.measures(this.nfa.matchRows(events), { time, processingTime });
      this.out.add([...keyRowOf(events[0]!.row, keys), ...measures], RowKind.INSERT);
    }
  }

  private flush(): void {
    if (this.out.length > 0) this.output.emitBatch(this.out.build());
  }
}
