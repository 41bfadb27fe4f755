/**
 * SEMI / ANTI join of two updating inputs (IN / EXISTS / NOT IN / NOT EXISTS), as Flink's
 * StreamingSemiAntiJoinOperator. Only left rows are emitted, unchanged in width.
 *
 * Left row: SEMI emits it (with its own kind) when it has a match on the right, ANTI when it has
 * none; it is stored (accumulate) or removed (retract) with its number of matches.
 * Right row accumulate: for each matching left row whose association count was 0, SEMI emits
 * the left row with the right row's kind (+I/+U), ANTI emits -D[left]; the count goes up by 1.
 * Right row retract: for each matching left row whose count was 1, SEMI emits the left row with
 * the right row's kind (-U/-D), ANTI emits +I[left]; the count goes down by 1.
 * A multiset record with n copies is emitted n times. Null equi-keys never match (unless
 * `filterNulls[i]` is false). NOT IN's null semantics come from the planner's condition
 * (`l = r OR l IS NULL OR r IS NULL`, usually with no equi-keys), exactly as Flink plans it.
 */

import { serializeKey } from '../../state/keys.ts';
import { type Batch, BatchBuilder, isAccumulate, type Row, RowKind } from '../batch.ts';
import { AbstractOperator, type OperatorContext } from '../operator.ts';
import {
  createJoinRecordView,
  hasFilteredNull,
  type JoinRecord,
  type JoinRecordView,
  type JoinStateLayout,
  keyRowOf,
} from './join-state.ts';
import type { JoinCondition } from './stream-join.ts';

export interface SemiAntiJoinSpec {
  readonly name?: string;
  readonly anti: boolean;
  readonly leftKeyIndexes: readonly number[];
  readonly rightKeyIndexes: readonly number[];
  readonly filterNulls?: readonly boolean[];
  readonly condition?: JoinCondition;
  readonly leftStateLayout?: JoinStateLayout;
  readonly rightStateLayout?: JoinStateLayout;
  readonly leftStateTtlMs?: number;
  readonly rightStateTtlMs?: number;
  /** The right input is insert-only (changelog mode [I]); the left keeps association counts. */
  readonly rightInsertOnly?: boolean;
}

const NO_UNIQUE: JoinStateLayout = { kind: 'no-unique-key' };

export class SemiAntiJoinOperator extends AbstractOperator {
  private leftView!: JoinRecordView;
  private rightView!: JoinRecordView;

  constructor(private readonly spec: SemiAntiJoinSpec) {
    super(spec.name ?? (spec.anti ? 'AntiJoin' : 'SemiJoin'), 2);
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    const s = this.spec;
    this.leftView = createJoinRecordView(
      ctx.backend,
      'left-records',
      s.leftStateLayout ?? NO_UNIQUE,
      s.leftStateTtlMs ?? 0,
    );
    this.rightView = createJoinRecordView(
      ctx.backend,
      'right-records',
      s.rightStateLayout ?? NO_UNIQUE,
      s.rightStateTtlMs ?? 0,
      s.rightInsertOnly === true,
    );
  }

  processBatch(input: number, batch: Batch): void {
    const out = new BatchBuilder(batch.length);
    const keyIndexes = input === 0 ? this.spec.leftKeyIndexes : this.spec.rightKeyIndexes;
    for (let i = 0; i < batch.length; i++) {
      const row = batch.rows[i]!;
      this.ctx.backend.setCurrentKey(serializeKey(row, keyIndexes), keyRowOf(row, keyIndexes));
      const nullKey = hasFilteredNull(row, keyIndexes, this.spec.filterNulls);
      if (input === 0) this.processLeft(row, batch.kinds[i]!, nullKey, out);
      else this.processRight(row, batch.kinds[i]!, nullKey, out);
    }
    if (out.length > 0) this.output.emitBatch(out.build());
  }

  private matches(view: JoinRecordView, test: (other: Row) => boolean, nullKey: boolean): JoinRecord[] {
    if (nullKey) return [];
    const found: JoinRecord[] = [];
    for (const rec of view.records()) if (test(rec.row)) found.push(rec);
    return found;
  }

  private processLeft(row: Row, kind: number, nullKey: boolean, out: BatchBuilder): void {
    const cond = this.spec.condition;
    const found = this.matches(this.rightView, (r) => cond === undefined || cond(row, r), nullKey);
    let n = 0;
    for (const m of found) n += m.count;
    if ((n === 0) === this.spec.anti) out.add(row, kind);
    if (isAccumulate(kind)) this.leftView.add(row, n);
    else this.leftView.retract(row);
  }

  private processRight(row: Row, kind: number, nullKey: boolean, out: BatchBuilder): void {
    const cond = this.spec.condition;
    const anti = this.spec.anti;
    const found = this.matches(this.leftView, (l) => cond === undefined || cond(l, row), nullKey);
    if (isAccumulate(kind)) {
      this.rightView.add(row, 0);
      for (const m of found) {
        if (m.associations === 0) {
          for (let c = 0; c < m.count; c++) out.add(m.row, anti ? RowKind.DELETE : kind);
        }
        this.leftView.updateAssociations(m.row, m.associations + 1);
      }
      return;
    }
    this.rightView.retract(row);
    for (const m of found) {
      if (m.associations === 1) {
        for (let c = 0; c < m.count; c++) out.add(m.row, anti ? RowKind.INSERT : kind);
      }
      this.leftView.updateAssociations(m.row, m.associations - 1);
    }
  }
}
