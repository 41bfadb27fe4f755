/**
 * Records in flight: rows with change kinds, in batches, and the other stream elements (watermarks,
 * idleness, end of input) that travel between batches.
 */

export type Row = readonly unknown[];

/** Flink's RowKind, as the byte stored per row. */
export const RowKind = { INSERT: 0, UPDATE_BEFORE: 1, UPDATE_AFTER: 2, DELETE: 3 } as const;
export type RowKindValue = (typeof RowKind)[keyof typeof RowKind];

const KIND_SHORT = ['+I', '-U', '+U', '-D'] as const;

export function rowKindShortString(kind: number): string {
  const s = KIND_SHORT[kind];
  if (s === undefined) throw new RangeError(`Unknown row kind ${kind}; expected 0..3 (+I, -U, +U, -D)`);
  return s;
}

export function parseRowKind(short: string): RowKindValue {
  const i = KIND_SHORT.indexOf(short as (typeof KIND_SHORT)[number]);
  if (i < 0) throw new RangeError(`Unknown row kind '${short}'; expected +I, -U, +U or -D`);
  return i as RowKindValue;
}

/** Insert or update-after: the row adds to an aggregate (Flink's isAccumulateMsg). */
export const isAccumulate = (kind: number): boolean =>
  kind === RowKind.INSERT || kind === RowKind.UPDATE_AFTER;

/** A batch of rows; `kinds[i]` is the change kind of `rows[i]`; only the first `length` are valid. */
export interface Batch {
  readonly rows: Row[];
  readonly kinds: Uint8Array;
  readonly length: number;
}

const NO_KINDS = new Uint8Array(0);

/**
 * Grows rows and kinds together; `build()` hands out the batch and starts a fresh one. The kinds
 * array is allocated on the first `add`, not by `build()`: a typed array with an off-heap backing
 * store is costly, and most builders are built once and dropped.
 */
export class BatchBuilder {
  private rows: Row[] = [];
  private kinds: Uint8Array = NO_KINDS;
  private count = 0;

  constructor(private readonly initialCapacity = 256) {}

  get length(): number {
    return this.count;
  }

  add(row: Row, kind: number = RowKind.INSERT): void {
    if (this.count === this.kinds.length) {
      const grown = new Uint8Array(Math.max(this.initialCapacity, this.kinds.length * 2, 1));
      grown.set(this.kinds);
      this.kinds = grown;
    }
    this.kinds[this.count] = kind;
    this.rows.push(row);
    this.count++;
  }

  build(): Batch {
    const batch: Batch = { rows: this.rows, kinds: this.kinds, length: this.count };
    this.rows = [];
    this.kinds = NO_KINDS;
    this.count = 0;
    return batch;
  }
}

export function batchOf(rows: readonly Row[], kinds?: readonly number[]): Batch {
  const k = new Uint8Array(rows.length);
  if (kinds !== undefined) k.set(kinds);
  return { rows: [...rows], kinds: k, length: rows.length };
}

/** The elements of a stream between two operators. */
export type StreamElement =
  | { readonly kind: 'batch'; readonly batch: Batch }
  | { readonly kind: 'watermark'; readonly timestamp: number }
  /** Flink's WatermarkStatus: an idle input is left out of the minimum watermark until it is active. */
  | { readonly kind: 'idle'; readonly idle: boolean }
  | { readonly kind: 'end' };
