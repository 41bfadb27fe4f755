/**
 * The operator at the end of a SELECT: appends every batch to the statement's result buffer. The
 * rows still buffered (not yet handed to the gateway) are part of its checkpointed state, as in
 * Flink's collect sink: a job restored from the checkpoint sends them again, so a crash between the
 * checkpoint and their delivery loses no result.
 */

import type { Batch, Row } from '../../runtime/batch.ts';
import { AbstractOperator } from '../../runtime/operator.ts';
import { decodeValue, type Encoded, encodeValue } from '../../state/tagged-value.ts';
import type { ChangeOp } from './types.ts';

/** The statement's buffer as the collector sees it. */
export interface ResultTarget {
  append(batch: Batch): void;
  /** Rows buffered and not yet taken. */
  pending(): { readonly ops: readonly ChangeOp[]; readonly rows: readonly Row[] };
  /** Puts rows restored from a checkpoint back in front of the buffer. */
  restorePending(ops: readonly ChangeOp[], rows: readonly Row[]): void;
}

export class ResultCollector extends AbstractOperator {
  constructor(private readonly target: ResultTarget) {
    super('CollectResult');
  }

  processBatch(_input: number, batch: Batch): void {
    this.target.append(batch);
  }

  protected override snapshotOperatorState(): Encoded {
    const { ops, rows } = this.target.pending();
    return rows.length === 0 ? null : { ops: [...ops], rows: encodeValue(rows) };
  }

  protected override restoreOperatorState(state: Encoded): void {
    if (state === null || typeof state !== 'object' || Array.isArray(state)) return;
    const ops = state.ops;
    const rows = decodeValue(state.rows ?? null);
    if (!Array.isArray(ops) || !Array.isArray(rows)) {
      throw new Error('The result collector state in this checkpoint is malformed (expected ops and rows)');
    }
    this.target.restorePending(ops as ChangeOp[], rows as Row[]);
  }
}
