/**
 * The record-format contract: a format turns Kafka record bytes into rows (arrays of field values in the
 * runtime representation, see docs/architecture.md) and back, a whole batch at a time. Opening a format
 * may be asynchronous (fetching or registering schemas); decoding and encoding a batch are synchronous,
 * except that a registry-backed decoder awaits once per batch when it meets a schema id it has not seen.
 */
import type { RowType } from '../expr/types.ts';

/** Change kinds as in a batch: 0 = +I, 1 = -U, 2 = +U, 3 = -D. */
export type ChangeKind = 0 | 1 | 2 | 3;
export const INSERT: ChangeKind = 0;
export const UPDATE_BEFORE: ChangeKind = 1;
export const UPDATE_AFTER: ChangeKind = 2;
export const DELETE: ChangeKind = 3;

export type Row = unknown[];

/** One record that could not be decoded; the rest of the batch still decodes. */
export interface RecordError {
  /** Index of the record in the batch passed to decodeBatch. */
  readonly index: number;
  /** Readable cause, including the position inside the record where the format knows it. */
  readonly message: string;
}

/** Collects a batch's decoded rows; `sources[i]` is the index of the record that produced `rows[i]`. */
export class DecodeOutput {
  readonly rows: Row[] = [];
  readonly kinds: ChangeKind[] = [];
  readonly sources: number[] = [];
  readonly errors: RecordError[] = [];

  push(row: Row, kind: ChangeKind, source: number): void {
    this.rows.push(row);
    this.kinds.push(kind);
    this.sources.push(source);
  }

  fail(index: number, message: string): void {
    this.errors.push({ index, message });
  }

  clear(): void {
    this.rows.length = 0;
    this.kinds.length = 0;
    this.sources.length = 0;
    this.errors.length = 0;
  }
}

/** A failure inside one record; `position` is a byte or character offset when known. */
export class FormatError extends Error {
  constructor(
    message: string,
    readonly position?: number,
  ) {
    super(message);
    this.name = 'FormatError';
  }
}

/** Invalid format options or a row type the format cannot represent; raised when the format is created. */
export class FormatOptionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'FormatOptionError';
  }
}

export interface DeserializationFormat {
  /** True for changelog formats (debezium-*), which emit -U/+U/-D as well as +I. */
  readonly producesChangelog: boolean;
  /**
   * Decodes `values` into `out`. A null value (a tombstone) produces no row unless the format gives null
   * a meaning (raw). Returns a promise only when the batch needs something fetched first (an unknown
   * schema id); callers write `const p = f.decodeBatch(v, out); if (p) await p;`.
   */
  decodeBatch(values: readonly (Uint8Array | null)[], out: DecodeOutput): Promise<void> | undefined;
}

export interface SerializationFormat {
  /** Encodes one message per row (null where the format encodes a null, e.g. raw with a null field). */
  encodeBatch(rows: readonly Row[], kinds?: readonly ChangeKind[]): (Uint8Array | null)[];
}

/** Where the format is used: registry formats derive subject names from these. */
export interface FormatContext {
  readonly topic?: string;
  readonly isKey?: boolean;
}

/** A validated format: options checked and the row type accepted, ready to open either direction. */
export interface Format {
  readonly name: string;
  readonly rowType: RowType;
  readonly producesChangelog: boolean;
  openDecoder(context?: FormatContext): Promise<DeserializationFormat>;
  openEncoder(context?: FormatContext): Promise<SerializationFormat>;
}

/** Runs decodeBatch and awaits it only when it asks to. */
export async function decodeAll(
  format: DeserializationFormat,
  values: readonly (Uint8Array | null)[],
): Promise<DecodeOutput> {
  const out = new DecodeOutput();
  const pending = format.decodeBatch(values, out);
  if (pending) await pending;
  return out;
}

/** Formats a caught value as a readable cause. */
export function describeError(e: unknown): string {
  if (e instanceof FormatError && e.position !== undefined) return `${e.message} (at position ${e.position})`;
  return e instanceof Error ? e.message : String(e);
}
