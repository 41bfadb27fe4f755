/**
 * Top-N (Flink's AppendOnlyTopNFunction / RetractableTopNFunction / UpdatableTopNFunction):
 * `ROW_NUMBER() | RANK() | DENSE_RANK() OVER (PARTITION BY keys ORDER BY compare)` filtered to ranks
 * `rankStart..rankEnd`, per partition. Rows with equal sort keys keep their arrival order.
 *
 * Each input row updates the partition's sorted rows; the operator then compares the ranked rows
 * before and after and emits the difference:
 * - with the rank column (`outputRankNumber`, appended as BIGINT): ROW_NUMBER compares position by
 *   position: a changed position emits -U[old, r] +U[new, r] (the retract strategy, Flink's
 *   RetractableTopNFunction, emits -D/+I instead), a new position +I[new, r], a vanished one
 *   -D[old, r]; RANK/DENSE_RANK compare (row, rank) pairs: a row whose rank changed -U/+U, new +I,
 *   gone -D;
 * - without it: rows leaving the range -D, rows entering +I (deletes first).
 * Strategies: `append` (insert-only input; only rows that can still rank are kept), `retract`
 * (-U/-D remove one equal row), `update` (rows identified by `uniqueKeyIndexes`: an accumulate
 * replaces the row with the same unique key). State TTL applies to the partition's rows.
 */

import { serializeKey } from '../../state/keys.ts';
import type { ValueState } from '../../state/state.ts';
import { valuesEqual } from '../aggregation.ts';
import { type Batch, BatchBuilder, isAccumulate, type Row, RowKind } from '../batch.ts';
import { AbstractOperator, type OperatorContext } from '../operator.ts';
import { keyRowOf } from './join-state.ts';

export type RankFunction = 'row_number' | 'rank' | 'dense_rank';

export interface RankSpec {
  readonly name?: string;
  readonly partitionKeyIndexes: readonly number[];
  readonly compare: (a: Row, b: Row) => number;
  readonly rankFunction?: RankFunction;
  readonly rankStart?: number;
  readonly rankEnd: number;
  readonly outputRankNumber: boolean;
  readonly strategy: 'append' | 'retract' | 'update';
  readonly uniqueKeyIndexes?: readonly number[];
  readonly stateTtlMs?: number;
}

interface Ranked {
  row: Row;
  rank: number;
}

export class RankOperator extends AbstractOperator {
  private rows!: ValueState<Row[]>;
  private readonly rankFunction: RankFunction;
  private readonly rankStart: number;

  constructor(private readonly spec: RankSpec) {
    super(spec.name ?? 'Rank');
    this.rankFunction = spec.rankFunction ?? 'row_number';
    this.rankStart = spec.rankStart ?? 1;
    if (spec.strategy === 'update' && spec.uniqueKeyIndexes === undefined) {
      throw new Error('The update Top-N strategy needs uniqueKeyIndexes (the input upsert key)');
    }
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    const ttl = (this.spec.stateTtlMs ?? 0) > 0 ? { ttl: { ttlMs: this.spec.stateTtlMs! } } : {};
    this.rows = ctx.backend.valueState<Row[]>({ name: 'rank-rows', ...ttl });
  }

  processBatch(_input: number, batch: Batch): void {
    const out = new BatchBuilder(batch.length * 2);
    const keys = this.spec.partitionKeyIndexes;
    for (let i = 0; i < batch.length; i++) {
      const row = batch.rows[i]!;
      this.ctx.backend.setCurrentKey(serializeKey(row, keys), keyRowOf(row, keys));
      const rows = this.rows.value() ?? [];
      const before = this.ranked(rows);
      if (!this.apply(rows, row, batch.kinds[i]!)) continue;
      if (
        this.spec.strategy === 'append' &&
        this.rankFunction === 'row_number' &&
        rows.length > this.spec.rankEnd
      ) {
        const dropped = rows[this.spec.rankEnd];
        rows.length = this.spec.rankEnd;
        // a row that cannot rank changes nothing: no write, so it does not refresh the state TTL
        if (dropped === row) continue;
      }
      if (rows.length === 0) this.rows.clear();
      else this.rows.update(rows);
      this.emitDiff(before, this.ranked(rows), out);
    }
    if (out.length > 0) this.output.emitBatch(out.build());
  }

  /** Applies one change to the sorted rows; false when nothing changed. */
  private apply(rows: Row[], row: Row, kind: number): boolean {
    const { compare, uniqueKeyIndexes } = this.spec;
    const uk = uniqueKeyIndexes;
    if (uk !== undefined && this.spec.strategy === 'update') {
      const id = serializeKey(row, uk);
      const at = rows.findIndex((r) => serializeKey(r, uk) === id);
      if (at >= 0) rows.splice(at, 1);
      else if (!isAccumulate(kind)) return false;
    } else if (!isAccumulate(kind)) {
      const at = rows.findIndex((r) => valuesEqual(r, row));
      if (at < 0) return false;
      rows.splice(at, 1);
      return true;
    }
    if (!isAccumulate(kind)) return true;
    let at = rows.length;
    while (at > 0 && compare(rows[at - 1]!, row) > 0) at--;
    rows.splice(at, 0, row);
    return true;
  }

  private ranked(rows: readonly Row[]): Ranked[] {
    const { compare, rankEnd } = this.spec;
    const out: Ranked[] = [];
    let rank = 0;
    let dense = 0;
    for (let i = 0; i < rows.length; i++) {
      const peer = i > 0 && compare(rows[i - 1]!, rows[i]!) === 0;
      if (!peer) {
        rank = i + 1;
        dense++;
      }
      const r = this.rankFunction === 'row_number' ? i + 1 : this.rankFunction === 'rank' ? rank : dense;
      if (r > rankEnd) break;
      if (r >= this.rankStart) out.push({ row: rows[i]!, rank: r });
    }
    return out;
  }

  private withRank(e: Ranked): Row {
    return this.spec.outputRankNumber ? [...e.row, BigInt(e.rank)] : e.row;
  }

  private emitDiff(before: Ranked[], after: Ranked[], out: BatchBuilder): void {
    const retract = this.spec.strategy === 'retract';
    const [ub, ua] = retract
      ? [RowKind.DELETE, RowKind.INSERT]
      : [RowKind.UPDATE_BEFORE, RowKind.UPDATE_AFTER];
    if (this.spec.outputRankNumber && this.rankFunction === 'row_number') {
      for (let i = 0; i < Math.max(before.length, after.length); i++) {
        const o = before[i];
        const n = after[i];
        if (o !== undefined && n !== undefined) {
          if (o.row === n.row) continue;
          out.add(this.withRank(o), ub);
          out.add(this.withRank(n), ua);
        } else if (n !== undefined) out.add(this.withRank(n), RowKind.INSERT);
        else if (o !== undefined) out.add(this.withRank(o), RowKind.DELETE);
      }
      return;
    }
    const rankOf = (list: Ranked[], row: Row): number | undefined => list.find((e) => e.row === row)?.rank;
    if (this.spec.outputRankNumber) {
      for (const o of before) {
        const r = rankOf(after, o.row);
        if (r === undefined) out.add(this.withRank(o), RowKind.DELETE);
        else if (r !== o.rank) {
          out.add(this.withRank(o), ub);
          out.add(this.withRank({ row: o.row, rank: r }), ua);
        }
      }
      for (const n of after)
        if (rankOf(before, n.row) === undefined) out.add(this.withRank(n), RowKind.INSERT);
      return;
    }
    for (const o of before) if (rankOf(after, o.row) === undefined) out.add(o.row, RowKind.DELETE);
    for (const n of after) if (rankOf(before, n.row) === undefined) out.add(n.row, RowKind.INSERT);
  }
}
