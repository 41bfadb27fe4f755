/**
 * LATERAL SNAPSHOT join (Flink 2.x `JOIN LATERAL SNAPSHOT(input => TABLE b, on_time => DESCRIPTOR(t),
 * load_completed_time => x)`). Input 0 is the probe side, input 1 the build side (the snapshot).
 *
 * Load phase: build changes are applied to a keyed multiset of build rows; probe rows are buffered.
 * When the build side's watermark reaches `loadCompletedMs` (or at end of input) the operator flips
 * to the join phase: it joins the buffered probe rows in arrival order, then joins every later probe
 * row at once against the build rows current at that moment. Build changes keep updating the state
 * but never re-emit earlier results (like a lookup). Output: [...probe, ...build] with the probe's
 * kind; a LEFT join pads a probe row without a match.
 */

import { serializeKey } from '../../state/keys.ts';
import type { MapState } from '../../state/state.ts';
import { type Batch, BatchBuilder, isAccumulate, type Row } from '../batch.ts';
import { AbstractOperator, type OperatorContext } from '../operator.ts';
import { hasFilteredNull, joinRows, keyRowOf } from './join-state.ts';
import type { JoinCondition } from './stream-join.ts';

export interface LateralSnapshotJoinSpec {
  readonly name?: string;
  readonly joinType: 'inner' | 'left';
  readonly leftKeyIndexes: readonly number[];
  readonly rightKeyIndexes: readonly number[];
  /** Per key pair: false for IS NOT DISTINCT FROM (null matches null). */
  readonly filterNulls?: readonly boolean[];
  readonly condition?: JoinCondition;
  readonly leftArity: number;
  readonly rightArity: number;
  /** The build-side watermark (epoch ms) that ends the load phase. */
  readonly loadCompletedMs: number;
}

/** The key under which buffered probe rows live (one list for the whole operator). */
const BUFFER_KEY = '\u0000lateral-snapshot-probe-buffer';

type Counted = [row: Row, count: number];
type Buffered = [row: Row, kind: number];

export class LateralSnapshotJoinOperator extends AbstractOperator {
  private buildRows!: MapState<string, Counted>;
  private probeBuffer!: MapState<number, Buffered>;
  private loaded = false;
  private seq = 0;
  private readonly allRightColumns: number[];
  private pending = new BatchBuilder(16);

  constructor(private readonly spec: LateralSnapshotJoinSpec) {
    super(spec.name ?? 'LateralSnapshotJoin', 2);
    this.allRightColumns = Array.from({ length: spec.rightArity }, (_, i) => i);
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    this.buildRows = ctx.backend.mapState<string, Counted>({ name: 'snapshot-rows' });
    this.probeBuffer = ctx.backend.mapState<number, Buffered>({ name: 'probe-buffer' });
  }

  processBatch(input: number, batch: Batch): void {
    for (let i = 0; i < batch.length; i++) {
      const row = batch.rows[i]!;
      const kind = batch.kinds[i]!;
      if (input === 1) this.applyBuild(row, kind);
      else if (this.loaded) this.probe(row, kind);
      else {
        this.ctx.backend.setCurrentKey(BUFFER_KEY, []);
        this.probeBuffer.put(this.seq++, [row, kind]);
      }
    }
    this.flush();
  }

  override processWatermark(input: number, timestamp: number): void {
    if (input === 1 && timestamp >= this.spec.loadCompletedMs) this.flip();
    super.processWatermark(input, timestamp);
  }

  override finish(): void {
    this.flip();
  }

  private applyBuild(row: Row, kind: number): void {
    const s = this.spec;
    this.ctx.backend.setCurrentKey(serializeKey(row, s.rightKeyIndexes), keyRowOf(row, s.rightKeyIndexes));
    const id = serializeKey(row, this.allRightColumns);
    const count = this.buildRows.get(id)?.[1] ?? 0;
    const next = count + (isAccumulate(kind) ? 1 : -1);
    if (next > 0) this.buildRows.put(id, [row, next]);
    else this.buildRows.remove(id);
  }

  /** Ends the load phase: joins the buffered probe rows in arrival order. */
  private flip(): void {
    if (this.loaded) return;
    this.loaded = true;
    this.ctx.backend.setCurrentKey(BUFFER_KEY, []);
    const buffered = [...this.probeBuffer.entries()].sort((a, b) => a[0] - b[0]);
    this.probeBuffer.clear();
    for (const [, [row, kind]] of buffered) this.probe(row, kind);
    this.flush();
  }

  private probe(row: Row, kind: number): void {
    const s = this.spec;
    let matched = false;
    if (!hasFilteredNull(row, s.leftKeyIndexes, s.filterNulls)) {
      this.ctx.backend.setCurrentKey(serializeKey(row, s.leftKeyIndexes), keyRowOf(row, s.leftKeyIndexes));
      for (const [, [build, count]] of this.buildRows.entries()) {
        if (s.condition !== undefined && !s.condition(row, build)) continue;
        matched = true;
        const joined = joinRows(row, build, s.leftArity, s.rightArity);
        for (let c = 0; c < count; c++) this.pending.add(joined, kind);
      }
    }
    if (!matched && s.joinType === 'left')
      this.pending.add(joinRows(row, null, s.leftArity, s.rightArity), kind);
  }

  protected override snapshotOperatorState(): [boolean, number] {
    return [this.loaded, this.seq];
  }

  protected override restoreOperatorState(state: unknown): void {
    if (Array.isArray(state) && typeof state[0] === 'boolean' && typeof state[1] === 'number') {
      this.loaded = state[0];
      this.seq = state[1];
    }
  }

  private flush(): void {
    if (this.pending.length > 0) this.output.emitBatch(this.pending.build());
  }
}
