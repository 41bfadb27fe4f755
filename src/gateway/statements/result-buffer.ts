/**
 * A statement's bounded server-side result buffer. Rows carry offsets from 0 (across the restarts
 * of the statement: a restarted run appends to the same buffer); reading from offset N
 * acknowledges every row before N, which frees room. The buffer never holds more than `capacity`
 * unacknowledged rows: it grants the worker credit only for free room, so when nobody reads the
 * worker stops sending and its job pauses (backpressure), nothing is dropped.
 */
import type { ChangeBatch, ChangeOp } from '../engine/types.ts';
import type { JsonValue } from '../engine/wire.ts';

export interface ResultSlice {
  readonly from: number;
  readonly next: number;
  readonly data: { op: ChangeOp; row: JsonValue[] }[];
  /** No rows will ever follow `next`. */
  readonly complete: boolean;
}

export class ResultBuffer {
  private base = 0;
  private ops: ChangeOp[] = [];
  private rows: JsonValue[][] = [];
  private ended = false;
  private waiters = new Set<() => void>();
  /** Credit granted to the producer and not yet used. */
  private outstanding = 0;

  constructor(
    readonly capacity: number,
    /** Grants the producer credit for `rows` more rows. */
    private readonly grant: (rows: number) => void,
  ) {}

  /**
   * A new run (a restart or a resume) produces into this buffer: rows and offsets carry on, so a
   * reader continues across the restart, and the new producer gets credit afresh (`replenish`).
   */
  reopen(): void {
    this.ended = false;
    this.outstanding = 0;
  }

  get end(): number {
    return this.base + this.rows.length;
  }
  get start(): number {
    return this.base;
  }
  get isEnded(): boolean {
    return this.ended;
  }

  /** Gives the producer credit for the free room (call once the producer exists). */
  replenish(): void {
    const free = this.capacity - this.rows.length - this.outstanding;
    if (free > 0 && !this.ended) {
      this.outstanding += free;
      this.grant(free);
    }
  }

  append(batch: ChangeBatch): void {
    this.outstanding = Math.max(0, this.outstanding - batch.rows.length);
    for (let i = 0; i < batch.rows.length; i++) {
      this.ops.push(batch.ops[i]!);
      this.rows.push(batch.rows[i]!);
    }
    this.wakeAll();
  }

  finish(): void {
    this.ended = true;
    this.wakeAll();
  }

  /** Drops rows before `offset` (the client has them) and lets the producer refill the room. */
  acknowledge(offset: number): void {
    const n = Math.min(Math.max(0, offset - this.base), this.rows.length);
    if (n === 0) return;
    this.ops = this.ops.slice(n);
    this.rows = this.rows.slice(n);
    this.base += n;
    this.replenish();
  }

  /** Rows from `from` (at most `max`); `from` below the retained start is an error the caller reports. */
  read(from: number, max: number): ResultSlice {
    const start = Math.max(from, this.base) - this.base;
    const stop = Math.min(this.rows.length, start + max);
    const data: ResultSlice['data'] = [];
    for (let i = start; i < stop; i++) data.push({ op: this.ops[i]!, row: this.rows[i]! });
    const next = this.base + stop;
    return { from, next, data, complete: this.ended && next >= this.end };
  }

  /** Resolves when rows beyond `offset` exist, the buffer ended, or `ms` passed. */
  wait(offset: number, ms: number): Promise<void> {
    if (this.end > offset || this.ended || ms <= 0) return Promise.resolve();
    return new Promise((resolve) => {
      const done = (): void => {
        clearTimeout(timer);
        this.waiters.delete(done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      this.waiters.add(done);
    });
  }

  private wakeAll(): void {
    for (const w of [...this.waiters]) w();
  }
}
