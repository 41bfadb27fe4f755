/**
 * The `nexmark` source: the reference Nexmark stream as rows of Flink's `nexmark` table
 * (`event_type`, `person`, `auction`, `bid`; the absent sub-rows null). A poll generates one batch
 * with `NexmarkGenerator.nextBatch` — no per-event work beyond building the row — and the position
 * (the generator's event count and random state) is checkpointed. `events.num` bounds the stream;
 * `max-emit-speed = false` paces it to event time, and `nextPollTime()` tells the job when to wake.
 * Parallel subtasks each run their split of the generator.
 */
import type { Row } from '../../runtime/batch.ts';
import type { OperatorContext, OperatorSnapshot, Output } from '../../runtime/operator.ts';
import type { SourceOperator } from '../../runtime/task.ts';
import type { Encoded } from '../../state/tagged-value.ts';
import {
  createNexmarkBatch,
  type NexmarkBatch,
  type NexmarkEventRow,
  type NexmarkFieldSelection,
  NexmarkGenerator,
} from './generator.ts';
import type { NexmarkConfig } from './options.ts';

/** Events per poll: large enough to amortise the poll, small enough to keep the job responsive. */
export const NEXMARK_SOURCE_BATCH = 1024;

/** Change kinds of an insert-only batch: all +I (0). Shared, since no operator writes to `kinds`. */
const INSERT_KINDS = new Uint8Array(NEXMARK_SOURCE_BATCH);

/** Builds the produced row of one event from its kind and its own (person, auction or bid) row. */
type RowMaker = (kind: number, event: NexmarkEventRow) => Row;

/**
 * A row maker for a projection of `[event_type, person, auction, bid]`, generated once so each row is
 * one array literal (no per-row closure or intermediate four-column row).
 */
function rowMaker(projection: readonly number[]): RowMaker {
  const literal = (kind: number): string =>
    `[${projection.map((p) => (p === 0 ? String(kind) : p === kind + 1 ? 'event' : 'null')).join(', ')}]`;
  const body = `return kind === 2 ? ${literal(2)} : kind === 1 ? ${literal(1)} : ${literal(0)};`;
  return new Function('kind', 'event', body) as RowMaker;
}

interface NexmarkSourceState {
  readonly eventsSoFar: number;
  readonly random: readonly [number, number];
  readonly paced: boolean;
}

export class NexmarkSource implements SourceOperator {
  readonly name: string;
  readonly bounded: boolean;
  private ctx!: OperatorContext;
  private output!: Output;
  private generator!: NexmarkGenerator;
  private readonly batch: NexmarkBatch = createNexmarkBatch(NEXMARK_SOURCE_BATCH);
  private readonly makeRow: RowMaker;

  constructor(
    readonly config: NexmarkConfig,
    name = 'Nexmark',
    /**
     * For each produced column, its index in `[event_type, person, auction, bid]`; all four in
     * order when absent.
     */
    projection?: readonly number[],
    /** The ROW fields the query reads; the generator builds only those (all by default). */
    private readonly fields: NexmarkFieldSelection = {},
  ) {
    this.name = name;
    this.bounded = config.eventsNum > 0;
    this.makeRow = rowMaker(projection ?? [0, 1, 2, 3]);
  }

  open(ctx: OperatorContext): void {
    this.ctx = ctx;
    this.output = ctx.output;
    this.generator = new NexmarkGenerator(this.config, {
      subtask: ctx.subtaskIndex,
      parallelism: ctx.parallelism,
      clock: () => this.ctx.processingTime(),
      fields: this.fields,
    });
  }

  /** Events generated so far by this subtask. */
  get position(): number {
    return this.generator.eventCount;
  }

  /** Processing time at which the next poll can emit; 0 (due now) at full speed or when exhausted. */
  nextPollTime(): number {
    if (this.config.maxEmitSpeed || !this.generator.hasNext()) return 0;
    return this.generator.nextEventDueAt();
  }

  poll(): boolean {
    const generator = this.generator;
    if (!generator.hasNext()) return false;
    const batch = generator.nextBatch(NEXMARK_SOURCE_BATCH, this.batch);
    const n = batch.length;
    if (n > 0) {
      const { kinds, rows } = batch;
      const out = new Array<Row>(n);
      const makeRow = this.makeRow;
      for (let i = 0; i < n; i++) out[i] = makeRow(kinds[i]!, rows[i]!);
      this.output.emitBatch({ rows: out, kinds: INSERT_KINDS, length: n });
    }
    return generator.hasNext();
  }

  snapshotState(checkpointId: number): OperatorSnapshot {
    const s = this.generator.snapshot();
    const operator: Encoded = {
      eventsSoFar: s.eventsSoFar,
      random: [s.random[0], s.random[1]],
      paced: s.wallclockBaseTime >= 0,
    };
    return { checkpointId, keyed: this.ctx.backend.snapshot(), operator };
  }

  restoreState(snapshot: OperatorSnapshot): void {
    const s = snapshot.operator as unknown as NexmarkSourceState;
    const random: [number, number] = [s.random[0], s.random[1]];
    // Pacing resumes from now: the next event is due immediately, later ones at their event-time
    // distance from it (a restored job does not burst to catch up on the time it was down).
    this.generator.restore({ eventsSoFar: s.eventsSoFar, random, wallclockBaseTime: -1 });
    if (s.paced) {
      const now = this.ctx.processingTime();
      const lag = this.generator.nextEventTimestamp() - this.config.baseTime;
      this.generator.restore({ eventsSoFar: s.eventsSoFar, random, wallclockBaseTime: now - lag });
    }
  }

  close(): void {}
}
