/**
 * Regular (unbounded) join of two updating inputs: INNER / LEFT / RIGHT / FULL, as Flink's
 * StreamingJoinOperator. Both inputs are keyed by their equi-join key; each side's rows live in a
 * JoinRecordView (layout chosen by the planner from unique keys) with the number of associations
 * per row on an outer side. Output rows are [...left, ...right]; a missing side is all nulls.
 *
 * Per input row (its kind erased to +I when stored):
 * - accumulate (+I/+U), matches = other-side rows with the same key passing `condition`:
 *   - input side outer, no match: +I[row + nulls]; stored with 0 associations;
 *   - otherwise, per match: when the other side is outer and the match had 0 associations,
 *     -D[nulls + other] first; then +I[row + other] (an inner join keeps the input kind, +I or +U);
 *     the match's associations + 1; the row is stored with associations = number of matches;
 * - retract (-U/-D): the row is removed from state; no match: -D[row + nulls] when the input side is
 *   outer; otherwise per match -D[row + other] when the input side is outer, else the input kind (-U
 *   or -D: the inner side of an outer join forwards it too, as Flink does), then,
 *   when the other side is outer and that was the match's last association, +I[nulls + other];
 *   the match's associations - 1.
 * A multiset record with n copies is visited n times (as Flink does), its association count is shared.
 * Null equi-key values never match (per key column, unless `filterNulls[i]` is false: IS NOT DISTINCT
 * FROM). State TTL (`stateTtlMs`) expires rows of both sides after their last write.
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
  joinRows,
  keyRowOf,
} from './join-state.ts';

export type JoinType = 'inner' | 'left' | 'right' | 'full';

/** A compiled non-equi join condition over (left row, right row). */
export type JoinCondition = (left: Row, right: Row) => boolean;

export interface StreamJoinSpec {
  readonly name?: string;
  readonly joinType: JoinType;
  readonly leftKeyIndexes: readonly number[];
  readonly rightKeyIndexes: readonly number[];
  /** Per key column: false for IS NOT DISTINCT FROM (null matches null); default true. */
  readonly filterNulls?: readonly boolean[];
  readonly condition?: JoinCondition;
  readonly leftArity: number;
  readonly rightArity: number;
  readonly leftStateLayout?: JoinStateLayout;
  readonly rightStateLayout?: JoinStateLayout;
  /** Per side state TTL in ms (STATE_TTL hint / table.exec.state.ttl); 0 = forever. */
  readonly leftStateTtlMs?: number;
  readonly rightStateTtlMs?: number;
  /** Per side: the input is insert-only (changelog mode [I]), so rows are never retracted. */
  readonly leftInsertOnly?: boolean;
  readonly rightInsertOnly?: boolean;
}

const NO_UNIQUE: JoinStateLayout = { kind: 'no-unique-key' };
const NO_RECORDS: readonly JoinRecord[] = [];

export class StreamJoinOperator extends AbstractOperator {
  private readonly leftOuter: boolean;
  private readonly rightOuter: boolean;
  private leftView!: JoinRecordView;
  private rightView!: JoinRecordView;

  constructor(private readonly spec: StreamJoinSpec) {
    super(spec.name ?? 'Join', 2);
    if (spec.leftKeyIndexes.length !== spec.rightKeyIndexes.length) {
      throw new Error(
        `Join keys differ in length (left ${spec.leftKeyIndexes.length}, right ${spec.rightKeyIndexes.length}); pass one index per equi-join pair`,
      );
    }
    this.leftOuter = spec.joinType === 'left' || spec.joinType === 'full';
    this.rightOuter = spec.joinType === 'right' || spec.joinType === 'full';
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    const s = this.spec;
    this.leftView = createJoinRecordView(
      ctx.backend,
      'left-records',
      s.leftStateLayout ?? NO_UNIQUE,
      s.leftStateTtlMs ?? 0,
      s.leftInsertOnly === true && !this.leftOuter,
    );
    this.rightView = createJoinRecordView(
      ctx.backend,
      'right-records',
      s.rightStateLayout ?? NO_UNIQUE,
      s.rightStateTtlMs ?? 0,
      s.rightInsertOnly === true && !this.rightOuter,
    );
  }

  processBatch(input: number, batch: Batch): void {
    const out = new BatchBuilder(batch.length * 2);
    const inputIsLeft = input === 0;
    const keyIndexes = inputIsLeft ? this.spec.leftKeyIndexes : this.spec.rightKeyIndexes;
    for (let i = 0; i < batch.length; i++) {
      const row = batch.rows[i]!;
      this.ctx.backend.setCurrentKey(serializeKey(row, keyIndexes), keyRowOf(row, keyIndexes));
      this.processRow(
        row,
        batch.kinds[i]!,
        inputIsLeft,
        hasFilteredNull(row, keyIndexes, this.spec.filterNulls),
        out,
      );
    }
    if (out.length > 0) this.output.emitBatch(out.build());
  }

  private processRow(
    row: Row,
    kind: number,
    inputIsLeft: boolean,
    nullKey: boolean,
    out: BatchBuilder,
  ): void {
    const { leftArity, rightArity, condition } = this.spec;
    const inputView = inputIsLeft ? this.leftView : this.rightView;
    const otherView = inputIsLeft ? this.rightView : this.leftView;
    const inputIsOuter = inputIsLeft ? this.leftOuter : this.rightOuter;
    const otherIsOuter = inputIsLeft ? this.rightOuter : this.leftOuter;
    const innerJoin = !this.leftOuter && !this.rightOuter;
    // Without a condition the other side's records are the matches as they are (no copy per row).
    const others = nullKey ? NO_RECORDS : otherView.records();
    let matches = others;
    if (condition !== undefined && others.length > 0) {
      const passing: JoinRecord[] = [];
      for (const rec of others) {
        if (inputIsLeft ? condition(row, rec.row) : condition(rec.row, row)) passing.push(rec);
      }
      matches = passing;
    }
    let matchCount = 0;
    for (const m of matches) matchCount += m.count;

    if (isAccumulate(kind)) {
      if (inputIsOuter && matches.length === 0) {
        out.add(joinedRow(inputIsLeft, row, null, leftArity, rightArity), RowKind.INSERT);
        inputView.add(row, 0);
        return;
      }
      const outKind = innerJoin ? kind : RowKind.INSERT;
      for (const m of matches) {
        for (let c = 0; c < m.count; c++) {
          if (otherIsOuter && m.associations === 0)
            out.add(joinedRow(!inputIsLeft, m.row, null, leftArity, rightArity), RowKind.DELETE);
          out.add(joinedRow(inputIsLeft, row, m.row, leftArity, rightArity), outKind);
        }
        if (otherIsOuter) otherView.updateAssociations(m.row, m.associations + 1);
      }
      inputView.add(row, matchCount);
      return;
    }

    inputView.retract(row);
    if (matches.length === 0) {
      if (inputIsOuter) out.add(joinedRow(inputIsLeft, row, null, leftArity, rightArity), RowKind.DELETE);
      return;
    }
    // Flink forwards -U/-D from a side that is not outer (even in an outer join); only an outer side
    // retracts its joined rows with -D, since its +U comes back as +I (or null-padded).
    const retractKind = inputIsOuter ? RowKind.DELETE : kind;
    for (const m of matches) {
      for (let c = 0; c < m.count; c++) {
        out.add(joinedRow(inputIsLeft, row, m.row, leftArity, rightArity), retractKind);
        if (otherIsOuter && m.associations === 1)
          out.add(joinedRow(!inputIsLeft, m.row, null, leftArity, rightArity), RowKind.INSERT);
      }
      if (otherIsOuter) otherView.updateAssociations(m.row, m.associations - 1);
    }
  }
}

/**
 * The output row for an input row and a match (or null), the input being on the left or right. A
 * module function, not a closure per row: that cost an allocation (and, under esbuild's keepNames, a
 * defineProperty call) per row.
 */
function joinedRow(
  inputIsLeft: boolean,
  input: Row,
  other: Row | null,
  leftArity: number,
  rightArity: number,
): Row {
  return inputIsLeft
    ? joinRows(input, other, leftArity, rightArity)
    : joinRows(other, input, leftArity, rightArity);
}
