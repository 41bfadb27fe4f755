/**
 * Watermarks learnt per partition and merged by minimum, with idleness.
 *
 * `SOURCE_WATERMARK()` (Confluent Cloud's default strategy for `$rowtime`) is implemented by
 * `SourceWatermarkGenerator`: per partition, watermark = max timestamp seen − delay, where the
 * delay is learnt from the out-of-orderness observed in that partition:
 *   - out-of-orderness of a record = max timestamp seen before it − its timestamp (0 when in order);
 *   - during a warm-up of `warmupRecords` records the delay is `maxDelayMs` (nothing is known yet, so
 *     the watermark stays far behind and nothing is dropped as late);
 *   - afterwards the delay is the `percentile` (default 95th) of the last `window` out-of-orderness
 *     samples, clamped to [`minDelayMs`, `maxDelayMs`] (50 ms and 7 days by default).
 * A bounded-out-of-orderness generator with a fixed delay is available for explicit strategies.
 *
 * `PartitionWatermarks` keeps one generator per partition. The source's watermark is the minimum
 * over active partitions; a partition that received nothing for `idleTimeoutMs` of processing time
 * (when > 0) is idle and left out; when every partition is idle the source is idle. Finished
 * partitions (bounded scans) no longer hold the watermark back.
 */
import { MIN_WATERMARK } from '../../state/timers.ts';

export interface WatermarkGenerator {
  onEvent(timestamp: number): void;
  /** The current watermark (MIN_WATERMARK before any event). */
  currentWatermark(): number;
}

export interface SourceWatermarkSettings {
  readonly warmupRecords?: number;
  readonly percentile?: number;
  readonly window?: number;
  readonly minDelayMs?: number;
  readonly maxDelayMs?: number;
}

const SEVEN_DAYS = 7 * 24 * 3600 * 1000;

export class SourceWatermarkGenerator implements WatermarkGenerator {
  private maxTimestamp = Number.NEGATIVE_INFINITY;
  private count = 0;
  private readonly samples: Float64Array;
  private next = 0;
  private filled = 0;
  private delay: number;
  private readonly warmup: number;
  private readonly percentile: number;
  private readonly minDelay: number;
  private readonly maxDelay: number;

  constructor(settings: SourceWatermarkSettings = {}) {
    this.warmup = settings.warmupRecords ?? 1000;
    this.percentile = settings.percentile ?? 0.95;
    this.minDelay = settings.minDelayMs ?? 50;
    this.maxDelay = settings.maxDelayMs ?? SEVEN_DAYS;
    this.samples = new Float64Array(Math.max(1, settings.window ?? 5000));
    this.delay = this.maxDelay;
  }

  onEvent(timestamp: number): void {
    const lateness = this.maxTimestamp > timestamp ? this.maxTimestamp - timestamp : 0;
    if (timestamp > this.maxTimestamp) this.maxTimestamp = timestamp;
    this.samples[this.next] = lateness;
    this.next = (this.next + 1) % this.samples.length;
    if (this.filled < this.samples.length) this.filled++;
    this.count++;
    // re-estimating is a sort of the window: do it every 64 records, not per record
    if (this.count >= this.warmup && (this.count === this.warmup || this.count % 64 === 0)) this.estimate();
  }

  private estimate(): void {
    const sorted = this.samples.slice(0, this.filled).sort();
    const at = Math.min(sorted.length - 1, Math.ceil(this.percentile * sorted.length) - 1);
    const p = sorted[Math.max(0, at)] ?? 0;
    this.delay = Math.min(this.maxDelay, Math.max(this.minDelay, p));
  }

  /** The delay currently subtracted from the max timestamp. */
  currentDelay(): number {
    return this.delay;
  }

  currentWatermark(): number {
    if (this.maxTimestamp === Number.NEGATIVE_INFINITY) return MIN_WATERMARK;
    return this.maxTimestamp - this.delay;
  }
}

/** `WATERMARK FOR ts AS ts - INTERVAL ...`: max timestamp minus a fixed delay. */
export class BoundedOutOfOrdernessGenerator implements WatermarkGenerator {
  private maxTimestamp = Number.NEGATIVE_INFINITY;
  constructor(private readonly delayMs: number) {}
  onEvent(timestamp: number): void {
    if (timestamp > this.maxTimestamp) this.maxTimestamp = timestamp;
  }
  currentWatermark(): number {
    return this.maxTimestamp === Number.NEGATIVE_INFINITY ? MIN_WATERMARK : this.maxTimestamp - this.delayMs;
  }
}

interface PartitionState {
  readonly generator: WatermarkGenerator;
  lastActivity: number;
  finished: boolean;
}

export interface CombinedWatermark {
  /** Minimum over active partitions; MIN_WATERMARK when some active partition has seen nothing. */
  readonly watermark: number;
  readonly idle: boolean;
}

export class PartitionWatermarks {
  private readonly partitions = new Map<number, PartitionState>();

  constructor(
    private readonly createGenerator: () => WatermarkGenerator,
    private readonly idleTimeoutMs: number,
  ) {}

  addPartition(partition: number, now: number): void {
    if (!this.partitions.has(partition)) {
      this.partitions.set(partition, {
        generator: this.createGenerator(),
        lastActivity: now,
        finished: false,
      });
    }
  }

  onEvent(partition: number, timestamp: number, now: number): void {
    let state = this.partitions.get(partition);
    if (state === undefined) {
      this.addPartition(partition, now);
      state = this.partitions.get(partition)!;
    }
    state.generator.onEvent(timestamp);
    state.lastActivity = now;
  }

  /** The partition produced records (even without a rowtime): it is active. */
  touch(partition: number, now: number): void {
    const state = this.partitions.get(partition);
    if (state) state.lastActivity = now;
  }

  finish(partition: number): void {
    const state = this.partitions.get(partition);
    if (state) state.finished = true;
  }

  generator(partition: number): WatermarkGenerator | undefined {
    return this.partitions.get(partition)?.generator;
  }

  combined(now: number): CombinedWatermark {
    let min = Number.POSITIVE_INFINITY;
    let active = 0;
    for (const s of this.partitions.values()) {
      if (s.finished) continue;
      if (this.idleTimeoutMs > 0 && now - s.lastActivity >= this.idleTimeoutMs) continue;
      active++;
      const wm = s.generator.currentWatermark();
      if (wm < min) min = wm;
    }
    if (active === 0) return { watermark: MIN_WATERMARK, idle: this.partitions.size > 0 };
    return { watermark: min, idle: false };
  }
}
