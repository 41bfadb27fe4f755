/**
 * The datagen source. Rows are generated a batch at a time; `rows-per-second` is enforced against
 * the processing-time clock per batch, never per record: a poll emits as many rows as the rate allows
 * (up to one batch, a twentieth of a second's worth), or nothing when the budget is spent, and
 * `nextPollTime()` says when the next batch is due so a runner can sleep until then.
 * The position and the generator state are checkpointed.
 */
import type { CatalogTable } from '../../catalog/catalog.ts';
import { BatchBuilder } from '../../runtime/batch.ts';
import type { OperatorContext, OperatorSnapshot, Output } from '../../runtime/operator.ts';
import type { SourceOperator } from '../../runtime/task.ts';
import type { Encoded } from '../../state/tagged-value.ts';
import type { ConnectorOptions } from '../options.ts';
import { type DatagenConfig, parseDatagenOptions } from './options.ts';
import { DatagenRandom, type RandomState } from './random.ts';

const MAX_BATCH = 1024;

export class DatagenSource implements SourceOperator {
  readonly name: string;
  readonly bounded: boolean;
  private ctx!: OperatorContext;
  private output!: Output;
  private rng: DatagenRandom;
  private emitted = 0;
  /** Rate accounting restarts at open and restore: rows allowed = batch + elapsed × rate. */
  private rateStart = 0;
  private rateBase = 0;
  private readonly batchSize: number;
  private nextDue = 0;

  constructor(
    readonly config: DatagenConfig,
    name = 'Datagen',
    /** For each produced column, its index among the generated (physical) columns; all when absent. */
    private readonly projection?: readonly number[],
  ) {
    this.name = name;
    this.bounded = config.totalRows !== undefined;
    this.rng = new DatagenRandom(config.seed);
    this.batchSize = Math.max(1, Math.min(MAX_BATCH, Math.ceil(config.rowsPerSecond / 20)));
  }

  open(ctx: OperatorContext): void {
    this.ctx = ctx;
    this.output = ctx.output;
    this.rateStart = ctx.processingTime();
    this.rateBase = this.emitted;
  }

  /** Rows generated so far. */
  get position(): number {
    return this.emitted;
  }

  /** Processing time at which the next poll can emit; at or before now when it can emit already. */
  nextPollTime(): number {
    return this.nextDue;
  }

  poll(): boolean {
    const { totalRows, rowsPerSecond, generators } = this.config;
    const remaining = totalRows === undefined ? Number.POSITIVE_INFINITY : totalRows - this.emitted;
    if (remaining <= 0) return false;
    const now = this.ctx.processingTime();
    const allowed =
      this.rateBase + this.batchSize + Math.floor(((now - this.rateStart) * rowsPerSecond) / 1000);
    // a whole batch or nothing: the budget is checked per batch, never per row
    const n = Math.min(this.batchSize, remaining);
    if (allowed - this.emitted < n) {
      this.nextDue =
        this.rateStart +
        Math.ceil(((this.emitted + n - this.rateBase - this.batchSize) * 1000) / rowsPerSecond);
      return true;
    }
    const out = new BatchBuilder(n);
    const width = generators.length;
    for (let r = 0; r < n; r++) {
      const index = this.emitted + r;
      const row = new Array<unknown>(width);
      for (let f = 0; f < width; f++) {
        const g = generators[f]!;
        row[f] = g.kind === 'random' ? g.next(this.rng, now) : g.valueAt(index);
      }
      out.add(this.projection === undefined ? row : this.projection.map((p) => row[p]));
    }
    this.emitted += n;
    this.nextDue = now;
    this.output.emitBatch(out.build());
    return this.emitted < (totalRows ?? Number.POSITIVE_INFINITY);
  }

  snapshotState(checkpointId: number): OperatorSnapshot {
    const operator: Encoded = { emitted: this.emitted, rng: [...this.rng.state()] };
    return { checkpointId, keyed: this.ctx.backend.snapshot(), operator };
  }

  restoreState(snapshot: OperatorSnapshot): void {
    const s = snapshot.operator as { emitted: number; rng: number[] };
    this.emitted = s.emitted;
    this.rng = new DatagenRandom(s.rng as unknown as RandomState);
    this.rateStart = this.ctx.processingTime();
    this.rateBase = this.emitted;
  }

  close(): void {}
}

export function createDatagenSource(
  table: CatalogTable,
  options: ConnectorOptions,
  name?: string,
  projection?: readonly number[],
): DatagenSource {
  return new DatagenSource(parseDatagenOptions(table, options), name, projection);
}
