/**
 * Calc: a compiled predicate and/or projection per row. Change kinds pass through unchanged, so a
 * filtered -U/+U pair stays a pair whenever both halves pass (as Flink's Calc does).
 *
 * Each operator gets its own batch loop, generated once with `new Function`: V8 keeps type feedback
 * per generated function, so the predicate and projection calls in it stay monomorphic and are
 * inlined into the loop, where one shared loop would see every Calc's functions and call them
 * through a megamorphic site.
 */

import type { Batch, Row } from '../batch.ts';
import { AbstractOperator } from '../operator.ts';

export interface CalcSpec {
  readonly name?: string;
  readonly predicate?: (row: Row) => boolean;
  readonly projection?: (row: Row) => Row;
}

/**
 * Filters and projects `rows[0, n)` into `outRows`/`outKinds` from index 0; returns how many rows
 * passed, or that count as a negative number minus one when some passing row was not an insert.
 */
type CalcLoop = (
  rows: readonly Row[],
  kinds: Uint8Array,
  n: number,
  outRows: Row[],
  outKinds: Uint8Array,
) => number;

function calcLoop(
  filtered: boolean,
  projected: boolean,
): (predicate: unknown, projection: unknown) => CalcLoop {
  const body = `return function calcLoop(rows, kinds, n, outRows, outKinds) {
  let count = 0;
  let updates = 0;
  for (let i = 0; i < n; i++) {
    const row = rows[i];
    ${filtered ? 'if (predicate(row) !== true) continue;' : ''}
    const kind = kinds[i];
    updates |= kind;
    outKinds[count] = kind;
    outRows[count++] = ${projected ? 'projection(row)' : 'row'};
  }
  return updates === 0 ? count : -count - 1;
};`;
  return new Function('predicate', 'projection', body) as (
    predicate: unknown,
    projection: unknown,
  ) => CalcLoop;
}

/** All-insert kinds shared by every insert-only output batch (batches are never mutated once emitted). */
let insertKinds = new Uint8Array(1024);

function insertKindsFor(length: number): Uint8Array {
  if (length > insertKinds.length) insertKinds = new Uint8Array(Math.max(length, insertKinds.length * 2));
  return insertKinds;
}

export class CalcOperator extends AbstractOperator {
  private readonly loop: CalcLoop | undefined;
  private readonly filtered: boolean;
  private scratchKinds = new Uint8Array(0);

  constructor(spec: CalcSpec) {
    super(spec.name ?? 'Calc');
    const { predicate, projection } = spec;
    this.filtered = predicate !== undefined;
    this.loop =
      predicate === undefined && projection === undefined
        ? undefined
        : calcLoop(predicate !== undefined, projection !== undefined)(predicate, projection);
  }

  processBatch(_input: number, batch: Batch): void {
    const loop = this.loop;
    const n = batch.length;
    if (loop === undefined || n === 0) {
      this.output.emitBatch(batch);
      return;
    }
    if (this.scratchKinds.length < n) this.scratchKinds = new Uint8Array(Math.max(n, 256));
    const rows = new Array<Row>(n);
    const result = loop(batch.rows, batch.kinds, n, rows, this.scratchKinds);
    const count = result < 0 ? -result - 1 : result;
    if (count === 0) return;
    if (count < n) rows.length = count;
    let kinds: Uint8Array;
    if (result >= 0) kinds = insertKindsFor(count);
    else if (!this.filtered)
      kinds = batch.kinds; // one output row per input row: the same kinds
    else kinds = this.scratchKinds.slice(0, count);
    this.output.emitBatch({ rows, kinds, length: count });
  }
}
