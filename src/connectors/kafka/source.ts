/**
 * The Kafka source. `ready()` opens the key/value decoders, resolves every partition's start and
 * stop offsets and starts the fetch loop (fetcher.ts) in the background; decoded chunks wait in a
 * queue that `poll()` — synchronous, as the runtime requires — drains one chunk per call. The
 * source owns its offsets: they are its checkpointed state, no consumer group is joined and nothing
 * is committed. With a per-partition watermark (SOURCE_WATERMARK()), each partition's generator sees
 * its own records and the emitted watermark is the minimum over active partitions (watermarks.ts).
 * A bounded scan ends when every partition reached its stop offset.
 */
import type { Admin, Producer } from 'kafkajs';
import { BatchBuilder } from '../../runtime/batch.ts';
import type { OperatorContext, OperatorSnapshot, Output } from '../../runtime/operator.ts';
import type { SourceOperator } from '../../runtime/task.ts';
import type { Encoded } from '../../state/tagged-value.ts';
import { MIN_WATERMARK } from '../../state/timers.ts';
import { kafkaFor } from './client.ts';
import { PartitionFetcher, type RawChunk } from './fetcher.ts';
import { partitionsOf, resolveRanges } from './offsets.ts';
import type { KafkaTableConfig } from './options.ts';
import { type DecodedChunk, type FailedRecord, RecordDecoder } from './record-decoder.ts';
import { PartitionWatermarks, type WatermarkGenerator } from './watermarks.ts';

/** Rows one `poll()` gathers from the queued chunks before it emits them. */
const MAX_POLL_ROWS = 4096;

export interface SourceWatermarkSpec {
  /** Index of the rowtime column in the produced row; its values are epoch milliseconds. */
  readonly rowtimeIndex: number;
  readonly createGenerator: () => WatermarkGenerator;
}

export interface KafkaSourceSpec {
  readonly config: KafkaTableConfig;
  /** Table column indexes to produce, in order. */
  readonly columns: readonly number[];
  readonly name?: string;
  readonly watermark?: SourceWatermarkSpec;
}

export class KafkaSource implements SourceOperator {
  readonly name: string;
  private ctx!: OperatorContext;
  private output!: Output;
  private readyPromise: Promise<void> | undefined;
  private started = false;
  private fetchDone = false;
  private error: unknown;
  private readonly queue: DecodedChunk[] = [];
  private fetcher: PartitionFetcher | undefined;
  private decoder: RecordDecoder | undefined;
  private admin: Admin | undefined;
  private deadLetterProducer: Producer | undefined;
  private discoveryTimer: NodeJS.Timeout | undefined;
  /** Next offset to read per partition, counting only emitted records: the checkpointed position. */
  private readonly positions = new Map<number, bigint>();
  private restoredPositions: Map<number, bigint> | undefined;
  private readonly watermarks: PartitionWatermarks | undefined;
  private lastWatermark = MIN_WATERMARK;
  private idle = false;
  private closed = false;
  private recordsAvailable: (() => void) | undefined;

  constructor(private readonly spec: KafkaSourceSpec) {
    this.name = spec.name ?? `KafkaSource(${spec.config.topic})`;
    this.watermarks = spec.watermark
      ? new PartitionWatermarks(spec.watermark.createGenerator, spec.config.idleTimeoutMs)
      : undefined;
  }

  /** Records skipped by error handling (`ignore` / `log`). */
  get skippedRecords(): number {
    return this.decoder?.skipped ?? 0;
  }

  /** The per-partition watermarks (for metrics and tests). */
  get partitionWatermarks(): PartitionWatermarks | undefined {
    return this.watermarks;
  }

  ready(): Promise<void> {
    this.readyPromise ??= this.start();
    return this.readyPromise;
  }

  private async start(): Promise<void> {
    const c = this.spec.config;
    const kafka = kafkaFor(c.properties);
    const [keyDecoder, valueDecoder] = await Promise.all([
      c.keyFormat?.openDecoder({ topic: c.topic, isKey: true }),
      c.valueFormat.openDecoder({ topic: c.topic, isKey: false }),
    ]);
    this.decoder = new RecordDecoder({
      topic: c.topic,
      keyDecoder,
      valueDecoder,
      keyWidth: c.keyColumns.length,
      valueWidth: c.valueColumns.length,
      columns: this.spec.columns.map((i) => c.columnSources[i] ?? { kind: 'other' }),
      upsert: c.changelogMode === 'upsert',
      errorHandling: c.errorHandling,
      deadLetter: (records) => this.writeDeadLetters(records),
    });
    this.admin = kafka.admin();
    await this.admin.connect();
    const partitions = await partitionsOf(this.admin, c.topic);
    const ranges = await resolveRanges(this.admin, c.topic, partitions, c.startup, c.bounded, c.groupId);
    const fetcher = new PartitionFetcher(
      this.admin,
      kafka,
      { topic: c.topic },
      (chunk) => this.deliver(chunk),
      (e) => {
        this.error ??= e;
      },
    );
    const now = Date.now();
    for (const range of ranges) {
      fetcher.assign(range);
      this.positions.set(range.partition, range.start);
      this.watermarks?.addPartition(range.partition, now);
    }
    for (const p of fetcher.initiallyFinished()) this.watermarks?.finish(p);
    if (this.restoredPositions) {
      fetcher.reset(this.restoredPositions);
      for (const [p, o] of this.restoredPositions) this.positions.set(p, o);
    }
    this.fetcher = fetcher;
    await fetcher.start();
    this.started = true;
    void fetcher.finished().then(() => {
      this.fetchDone = true;
    });
    if (c.bounded.mode === 'unbounded' && c.discoveryIntervalMs > 0) {
      this.discoveryTimer = setInterval(() => void this.discoverPartitions(), c.discoveryIntervalMs);
      this.discoveryTimer.unref();
    }
  }

  /** New partitions of the topic are read from their earliest offset (as Flink does). */
  async discoverPartitions(): Promise<void> {
    if (this.closed || this.admin === undefined || this.fetcher === undefined) return;
    try {
      const c = this.spec.config;
      const fresh = (await partitionsOf(this.admin, c.topic)).filter((p) => !this.fetcher!.isAssigned(p));
      if (fresh.length === 0) return;
      const ranges = await resolveRanges(
        this.admin,
        c.topic,
        fresh,
        { mode: 'earliest-offset' },
        { mode: 'unbounded' },
        undefined,
      );
      for (const r of ranges) {
        this.fetcher.assign(r);
        this.positions.set(r.partition, r.start);
        this.watermarks?.addPartition(r.partition, Date.now());
      }
    } catch (e) {
      this.error ??= e;
    }
  }

  /** `listener` runs whenever a decoded chunk is queued, so a runner waiting for `nextPollTime()` can poll at once. */
  onRecordsAvailable(listener: () => void): void {
    this.recordsAvailable = listener;
  }

  private async deliver(chunk: RawChunk): Promise<void> {
    const decoded = await this.decoder!.decode(chunk);
    this.queue.push(decoded);
    this.recordsAvailable?.();
  }

  private async writeDeadLetters(records: readonly FailedRecord[]): Promise<void> {
    const c = this.spec.config;
    if (this.deadLetterProducer === undefined) {
      const kafka = kafkaFor(c.properties);
      const admin = this.admin!;
      const existing = await admin.listTopics();
      if (!existing.includes(c.errorLogTarget)) {
        await admin.createTopics({ topics: [{ topic: c.errorLogTarget, numPartitions: 1 }] });
      }
      this.deadLetterProducer = kafka.producer({ allowAutoTopicCreation: false });
      await this.deadLetterProducer.connect();
    }
    await this.deadLetterProducer.send({
      topic: c.errorLogTarget,
      messages: records.map((r) => ({
        key: r.key,
        value: JSON.stringify({
          error_timestamp: Date.now(),
          error_message: r.message,
          topic: r.topic,
          partition: r.partition,
          offset: r.offset.toString(),
          timestamp: r.timestamp,
          key: r.key === null ? null : r.key.toString('base64'),
          value: r.value === null ? null : r.value.toString('base64'),
        }),
        headers: Object.fromEntries(
          Object.entries(r.headers).filter((e): e is [string, Buffer | Buffer[]] => e[1] !== undefined),
        ),
      })),
    });
  }

  open(ctx: OperatorContext): void {
    this.ctx = ctx;
    this.output = ctx.output;
    this.ready().catch((e: unknown) => {
      this.error ??= e;
    });
  }

  poll(): boolean {
    if (this.error !== undefined) throw this.error;
    if (!this.started) return true;
    const now = this.ctx.processingTime();
    // Every chunk queued by now leaves as one batch (up to MAX_POLL_ROWS): a job that fell behind
    // catches up with fewer, larger batches, so downstream per-batch costs (result hand-off,
    // WebSocket frames) do not grow with the number of fetches.
    let polled = 0;
    let batch: BatchBuilder | undefined;
    while (this.queue.length > 0 && (polled === 0 || (batch?.length ?? 0) < MAX_POLL_ROWS)) {
      const chunk = this.queue.shift()!;
      polled++;
      this.fetcher!.buffered -= chunk.recordCount;
      this.positions.set(chunk.partition, chunk.nextOffset);
      if (chunk.rows.length > 0) {
        batch ??= new BatchBuilder(chunk.rows.length);
        for (let i = 0; i < chunk.rows.length; i++) batch.add(chunk.rows[i]!, chunk.kinds[i]);
      }
      if (this.watermarks !== undefined) {
        const rowtime = this.spec.watermark!.rowtimeIndex;
        for (const row of chunk.rows) {
          const ts = row[rowtime];
          if (typeof ts === 'number') this.watermarks.onEvent(chunk.partition, ts, now);
        }
        this.watermarks.touch(chunk.partition, now);
        if (chunk.finished) this.watermarks.finish(chunk.partition);
      }
    }
    if (batch !== undefined) this.output.emitBatch(batch.build());
    this.emitWatermark(now);
    return !(polled === 0 && this.fetchDone && this.queue.length === 0);
  }

  private emitWatermark(now: number): void {
    if (this.watermarks === undefined) return;
    const { watermark, idle } = this.watermarks.combined(now);
    if (idle !== this.idle) {
      this.idle = idle;
      this.output.emitIdle(idle);
    }
    if (!idle && watermark > this.lastWatermark) {
      this.lastWatermark = watermark;
      this.ctx.metrics.currentOutputWatermark = watermark;
      this.output.emitWatermark(watermark);
    }
  }

  /** For the embedded runner: when nothing is buffered, come back shortly instead of spinning. */
  nextPollTime(): number {
    const now = Date.now();
    if (this.error !== undefined || this.queue.length > 0 || this.fetchDone) return now;
    return this.watermarks !== undefined && this.spec.config.idleTimeoutMs > 0 ? now + 5 : now + 2;
  }

  snapshotState(checkpointId: number): OperatorSnapshot {
    const operator: Encoded = { positions: [...this.positions].map(([p, o]) => [p, o.toString()]) };
    return { checkpointId, keyed: this.ctx.backend.snapshot(), operator };
  }

  restoreState(snapshot: OperatorSnapshot): void {
    const s = snapshot.operator as { positions: [number, string][] };
    const positions = new Map(s.positions.map(([p, o]) => [p, BigInt(o)] as const));
    this.queue.length = 0;
    if (this.fetcher) {
      this.fetcher.buffered = 0;
      this.fetcher.reset(positions);
      for (const [p, o] of positions) this.positions.set(p, o);
    } else this.restoredPositions = positions;
  }

  close(): void {
    this.closed = true;
    if (this.discoveryTimer) clearInterval(this.discoveryTimer);
    void this.shutdown();
  }

  /** Stops fetching and disconnects; `close()` starts this without waiting. */
  async shutdown(): Promise<void> {
    this.closed = true;
    if (this.discoveryTimer) clearInterval(this.discoveryTimer);
    await this.readyPromise?.catch(() => undefined);
    await this.fetcher?.stop().catch(() => undefined);
    await this.deadLetterProducer?.disconnect().catch(() => undefined);
    await this.admin?.disconnect().catch(() => undefined);
  }
}
