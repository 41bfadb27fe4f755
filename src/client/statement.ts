/**
 * A statement's result stream on the client: decoded changes in offset order under credit-based flow
 * control. At most `window` rows are ever granted beyond what the consumer has taken, so a slow
 * consumer holds at most one window in memory and backpressures the statement on the server. The
 * offsets of received rows make re-attaching after a reconnect exact: no row lost, none repeated.
 */
import { MaterializedTable } from './materialize.ts';
import { type Change, type ChangeOp, ClientError, type Column, type StatementTraits } from './types.ts';
import { decodeRow, type SqlValue } from './values.ts';

export type Row = SqlValue[];

/** What a statement needs from its connection. */
export interface StatementChannel {
  send(message: Record<string, unknown>): void;
}

export type Phase = 'PENDING' | 'RUNNING' | 'COMPLETED' | 'STOPPED' | 'FAILED' | string;

export class Statement implements AsyncIterable<Change<Row>> {
  /** Result columns with their wire types (empty for statements without results). */
  columns: readonly Column[] = [];
  phase: Phase;
  private readonly batches: Change<Row>[][] = [];
  /** Offset of the next row the server will send. */
  private received = 0;
  /** Offset of the next row the consumer will take. */
  private consumed = 0;
  /** Rows before this offset were granted. */
  private granted: number;
  private ended = false;
  private failure: ClientError | undefined;
  private cancelling = false;
  private waiter: (() => void) | undefined;
  private readonly endWaiters: (() => void)[] = [];
  /** Statements that completed at submission stream no credit-controlled rows. */
  private readonly streaming: boolean;

  constructor(
    /** The statement resource's name (`GET /v1/environments/{env}/statements/{name}`). */
    readonly name: string,
    readonly traits: StatementTraits,
    phase: Phase,
    private channel: StatementChannel,
    private readonly window: number,
  ) {
    this.phase = phase;
    this.streaming = phase !== 'COMPLETED' && phase !== 'FAILED' && phase !== 'STOPPED';
    this.granted = window;
  }

  get schema(): readonly Column[] {
    return this.columns;
  }
  get isEnded(): boolean {
    return this.ended;
  }
  /** Rows received and held for the consumer (never more than the credit window). */
  get bufferedRows(): number {
    return this.received - this.consumed;
  }
  get rowsReceived(): number {
    return this.received;
  }

  // ---- called by the connection -------------------------------------------------------------

  /** @internal */
  onRows(offset: number, changes: readonly { op: ChangeOp; row: unknown[] }[]): void {
    const skip = this.received - offset;
    if (skip < 0) {
      this.fail(
        new ClientError({
          code: 'PROTOCOL',
          message: `Rows from offset ${offset} arrived, expected ${this.received}`,
        }),
        this.name,
      );
      return;
    }
    if (skip >= changes.length) return;
    const types = this.columns.map((c) => c.type);
    const fresh = changes.slice(skip);
    this.received = offset + changes.length;
    if (this.cancelling) {
      this.consumed = this.received;
      return;
    }
    this.batches.push(fresh.map((c) => ({ op: c.op, row: decodeRow(c.row, types) })));
    this.wake();
  }

  /** @internal */
  onEnd(phase: Phase): void {
    this.phase = phase;
    this.finish();
  }

  /** @internal */
  fail(error: ClientError, _statement?: string): void {
    if (this.ended) return;
    this.failure = error;
    this.phase = 'FAILED';
    this.finish();
  }

  /** @internal The message that resumes this stream on a new connection. */
  attachMessage(channel: StatementChannel): Record<string, unknown> | undefined {
    this.channel = channel;
    if (this.ended || !this.streaming) return undefined;
    return {
      type: 'attach',
      statement: this.name,
      offset: this.received,
      credit: Math.max(0, this.granted - this.received),
    };
  }

  private finish(): void {
    this.ended = true;
    this.wake();
    for (const w of this.endWaiters.splice(0)) w();
  }

  private wake(): void {
    const w = this.waiter;
    this.waiter = undefined;
    w?.();
  }

  /**
   * Re-grants credit once the consumer has taken a quarter of the window; acknowledges what it has
   * taken. The server drops rows from its result buffer (10,000 rows by default) only when they are
   * acknowledged, and stops its job when that buffer is full: acknowledging every half window of
   * 20,000 rows let the buffer fill, so the job stopped for an acknowledgement's round trip at every
   * boundary, and the rows produced meanwhile waited for it.
   */
  private replenish(): void {
    if (!this.streaming || this.ended) return;
    const outstanding = this.granted - this.consumed;
    if (outstanding > (this.window * 3) / 4) return;
    const rows = this.window - outstanding;
    this.granted += rows;
    this.channel.send({ type: 'credit', statement: this.name, rows, ack: this.consumed });
  }

  // ---- consumer API ---------------------------------------------------------------------------

  /** The next batch of changes as it arrived; undefined once the statement ended. */
  async nextBatch(): Promise<Change<Row>[] | undefined> {
    for (;;) {
      const batch = this.batches.shift();
      if (batch !== undefined) {
        this.consumed += batch.length;
        this.replenish();
        return batch;
      }
      if (this.ended) {
        if (this.failure !== undefined && !this.cancelling) throw this.failure;
        return undefined;
      }
      await new Promise<void>((r) => {
        this.waiter = r;
      });
    }
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Change<Row>> {
    let finished = false;
    try {
      for (;;) {
        const batch = await this.nextBatch();
        if (batch === undefined) {
          finished = true;
          return;
        }
        yield* batch;
      }
    } finally {
      // leaving a loop early (break, throw) stops a statement that still runs
      if (!finished && !this.ended) await this.close();
    }
  }

  /** Every change of a bounded statement. */
  async toArray(): Promise<Change<Row>[]> {
    if (!this.traits.isBounded)
      throw new ClientError({
        code: 'UNBOUNDED',
        message: `Statement ${this.name} is unbounded: toArray() would never return; iterate it or use materialize()`,
      });
    const out: Change<Row>[] = [];
    for await (const c of this) out.push(c);
    return out;
  }

  /**
   * Snapshots of the result table as changes arrive (one per received batch): rows kept by the
   * statement's upsert key, or by the whole row for retract streams.
   */
  async *materialize(): AsyncGenerator<Row[]> {
    const table = new MaterializedTable(this.traits.upsertColumns);
    for (;;) {
      const batch = await this.nextBatch();
      if (batch === undefined) return;
      for (const c of batch) table.apply(c);
      yield table.rows();
    }
  }

  /** Resolves when the statement's stream has ended (completed, stopped or failed). */
  whenEnded(): Promise<void> {
    if (this.ended) return Promise.resolve();
    return new Promise((r) => this.endWaiters.push(r));
  }

  /** Stops the statement on the server (phase STOPPED) and ends its stream; buffered rows are dropped. */
  async cancel(): Promise<void> {
    if (this.ended) return;
    this.cancelling = true;
    this.batches.length = 0;
    this.consumed = this.received;
    this.channel.send({ type: 'cancel', statement: this.name });
    // the server's stream sends its `end` only when it has credit to drain the remaining rows
    if (this.streaming) {
      this.granted += 1_000_000;
      this.channel.send({ type: 'credit', statement: this.name, rows: 1_000_000, ack: this.consumed });
    }
    this.wake();
    await this.whenEnded();
  }

  /** Stops consuming: cancels the statement if it still runs. */
  close(): Promise<void> {
    return this.cancel();
  }
}
