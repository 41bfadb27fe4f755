/**
 * Temporal joins against a versioned table (`JOIN versioned FOR SYSTEM_TIME AS OF probe.time`),
 * keyed by the versioned table's primary key (= the equi-key). Output rows are [...probe, ...build].
 *
 * Event time (Flink's TemporalRowTimeJoinOperator, `kind: 'event-time'`): probe rows and build-side
 * versions (the build side's changelog; a version is identified by its rowtime, a later row with the
 * same rowtime replaces it; -U rows are skipped, as Flink never asks this side for them) are
 * buffered. When the watermark passes, every buffered probe row with time <= watermark, in arrival
 * order, joins the latest version with time <= its own time: if that version is an
 * insert/update-after and `condition` holds, [probe + version] is emitted with the probe's kind;
 * otherwise a LEFT join emits [probe + nulls] and an INNER join nothing. Versions older than the
 * latest one at or before the watermark are then dropped.
 *
 * Processing time (`kind: 'processing-time'`, TemporalProcessTimeJoinOperator): the build side is kept
 * as its latest row per key (accumulate stores, retract removes); each probe row joins it at once.
 */

import { serializeKey } from '../../state/keys.ts';
import type { MapState, ValueState } from '../../state/state.ts';
import { TimerService } from '../../state/timers.ts';
import { type Batch, BatchBuilder, isAccumulate, type Row, RowKind } from '../batch.ts';
import { AbstractOperator, type OperatorContext } from '../operator.ts';
import { hasFilteredNull, joinRows, keyRowOf } from './join-state.ts';
import type { JoinCondition } from './stream-join.ts';

export interface TemporalJoinSpec {
  readonly name?: string;
  readonly kind: 'event-time' | 'processing-time';
  readonly joinType: 'inner' | 'left';
  /** Probe (left) key columns and build (right) primary-key columns. */
  readonly leftKeyIndexes: readonly number[];
  readonly rightKeyIndexes: readonly number[];
  readonly condition?: JoinCondition;
  readonly leftArity: number;
  readonly rightArity: number;
  /** Event time: the rowtime columns of both sides. */
  readonly leftTimeIndex?: number;
  readonly rightTimeIndex?: number;
  readonly stateTtlMs?: number;
}

interface Probe {
  row: Row;
  kind: number;
  seq: number;
}
type Version = [row: Row, kind: number];

export class TemporalJoinOperator extends AbstractOperator {
  private probes!: MapState<number, Probe>;
  private versions!: MapState<number, Version>;
  private latest!: ValueState<Row>;
  private timers!: TimerService;
  private seq = 0;
  private pending = new BatchBuilder(16);

  constructor(private readonly spec: TemporalJoinSpec) {
    super(spec.name ?? 'TemporalJoin', 2);
    if (
      spec.kind === 'event-time' &&
      (spec.leftTimeIndex === undefined || spec.rightTimeIndex === undefined)
    ) {
      throw new Error(
        'An event-time temporal join needs leftTimeIndex and rightTimeIndex (the rowtime columns)',
      );
    }
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    const ttl = (this.spec.stateTtlMs ?? 0) > 0 ? { ttl: { ttlMs: this.spec.stateTtlMs! } } : {};
    this.probes = ctx.backend.mapState<number, Probe>({ name: 'probe-rows', ...ttl });
    this.versions = ctx.backend.mapState<number, Version>({ name: 'versions', ...ttl });
    this.latest = ctx.backend.valueState<Row>({ name: 'latest-version', ...ttl });
    this.timers = new TimerService(ctx.backend, 'temporal-join-timers');
  }

  processBatch(input: number, batch: Batch): void {
    const s = this.spec;
    const isLeft = input === 0;
    const keyIndexes = isLeft ? s.leftKeyIndexes : s.rightKeyIndexes;
    for (let i = 0; i < batch.length; i++) {
      const row = batch.rows[i]!;
      const kind = batch.kinds[i]!;
      const nullKey = hasFilteredNull(row, keyIndexes, undefined);
      if (nullKey) {
        if (isLeft && s.joinType === 'left')
          this.pending.add(joinRows(row, null, s.leftArity, s.rightArity), kind);
        continue;
      }
      this.ctx.backend.setCurrentKey(serializeKey(row, keyIndexes), keyRowOf(row, keyIndexes));
      if (s.kind === 'processing-time') this.processProcTime(row, kind, isLeft);
      else {
        // Flink asks the versioned side for updates without -U (ONLY_UPDATE_AFTER): a version ends at
        // the next version or a delete. A -U reaching us anyway carries the old row and its old rowtime
        // (e.g. from a keep-last deduplication) and would wrongly end that version early: skip it.
        if (!isLeft && kind === RowKind.UPDATE_BEFORE) continue;
        const time = row[isLeft ? s.leftTimeIndex! : s.rightTimeIndex!] as number;
        if (isLeft) this.probes.put(this.seq, { row, kind, seq: this.seq++ });
        else this.versions.put(time, [row, kind]);
        this.timers.registerEventTimeTimer('t', time);
      }
    }
    this.flush();
  }

  private processProcTime(row: Row, kind: number, isLeft: boolean): void {
    const s = this.spec;
    if (!isLeft) {
      if (isAccumulate(kind)) this.latest.update(row);
      else this.latest.clear();
      return;
    }
    const version = this.latest.value();
    if (version !== null && (s.condition === undefined || s.condition(row, version))) {
      this.pending.add(joinRows(row, version, s.leftArity, s.rightArity), kind);
    } else if (s.joinType === 'left') this.pending.add(joinRows(row, null, s.leftArity, s.rightArity), kind);
  }

  protected override onWatermark(watermark: number): void {
    this.timers.advanceWatermark(watermark, () => this.emitUpTo(watermark));
    this.flush();
  }

  /** Joins the key's probe rows with time <= watermark and drops versions no longer needed. */
  private emitUpTo(watermark: number): void {
    const s = this.spec;
    const versions = [...this.versions.entries()].sort((a, b) => a[0] - b[0]);
    const ready = [...this.probes.entries()]
      .filter(([, p]) => (p.row[s.leftTimeIndex!] as number) <= watermark)
      .sort((a, b) => a[0] - b[0]);
    for (const [id, probe] of ready) {
      this.probes.remove(id);
      const t = probe.row[s.leftTimeIndex!] as number;
      let version: Version | undefined;
      for (const v of versions) {
        if (v[0] <= t) version = v[1];
        else break;
      }
      if (
        version !== undefined &&
        isAccumulate(version[1]) &&
        (s.condition === undefined || s.condition(probe.row, version[0]))
      ) {
        this.pending.add(joinRows(probe.row, version[0], s.leftArity, s.rightArity), probe.kind);
      } else if (s.joinType === 'left') {
        this.pending.add(joinRows(probe.row, null, s.leftArity, s.rightArity), probe.kind);
      }
    }
    // keep the latest version at or before the watermark and everything after it
    let keepFrom = -1;
    for (let i = 0; i < versions.length; i++) if (versions[i]![0] <= watermark) keepFrom = i;
    for (let i = 0; i < keepFrom; i++) this.versions.remove(versions[i]![0]);
    let next = Number.POSITIVE_INFINITY;
    for (const [, p] of this.probes.entries()) next = Math.min(next, p.row[s.leftTimeIndex!] as number);
    if (next !== Number.POSITIVE_INFINITY) this.timers.registerEventTimeTimer('t', next);
  }

  protected override snapshotOperatorState(): number {
    return this.seq;
  }

  protected override restoreOperatorState(state: unknown): void {
    if (typeof state === 'number') this.seq = state;
  }

  private flush(): void {
    if (this.pending.length > 0) this.output.emitBatch(this.pending.build());
  }
}
