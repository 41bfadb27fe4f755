/**
 * The Kafka sink. Rows arrive in the sink table's persisted-column order; the key columns go through
 * the key format, the value columns through the value format, a whole batch at a time, and the
 * records go to a writer (sink-writer.ts) without awaiting anything per record or per batch: a send
 * failure fails the next batch, checkpoint or `flush()`.
 *
 * Change kinds: insert-only tables take +I; upsert tables (`changelog.mode` = 'upsert') write +I/+U
 * as values and -D as a tombstone (null value) for the key, and drop -U; retract tables write every
 * kind with its value (the value format decides how, e.g. debezium-json).
 *
 * Delivery guarantee (`sink.delivery-guarantee`): `at-least-once` (idempotent producer, acks=all; a
 * checkpoint waits for every acknowledgement), `none` (acks=1), or `exactly-once` (Kafka transactions
 * committed by checkpoints: sink-exactly-once.ts). The checkpoint hooks delegate to the writer.
 */
import type { Message } from 'kafkajs';
import type { CatalogTable } from '../../catalog/catalog.ts';
import type { ChangeKind, Row as FormatRow, SerializationFormat } from '../../formats/index.ts';
import type { Batch, Row } from '../../runtime/batch.ts';
import { AbstractOperator, type OperatorContext } from '../../runtime/operator.ts';
import type { Encoded } from '../../state/tagged-value.ts';
import { ConnectorOptionError } from '../options.ts';
import { kafkaFor } from './client.ts';
import type { KafkaTableConfig } from './options.ts';
import { RecordPartitioner } from './partitioner.ts';
import { type ExactlyOnceStats, ExactlyOnceWriter } from './sink-exactly-once.ts';
import { TransactionClient } from './sink-transaction-client.ts';
import { ProducerWriter, type SinkWriter } from './sink-writer.ts';

/** Kafka's default transaction.timeout.ms ceiling on brokers (transaction.max.timeout.ms). */
const DEFAULT_TRANSACTION_TIMEOUT_MS = 900_000;

export class KafkaSink extends AbstractOperator {
  private keyEncoder: SerializationFormat | undefined;
  private valueEncoder: SerializationFormat | undefined;
  private writer: SinkWriter | undefined;
  private partitionCount = 0;
  private readyPromise: Promise<void> | undefined;
  private readonly pendingRows: { row: Row; kind: number }[] = [];
  private restoredState: Encoded | undefined;
  private subtaskIndex = 0;
  private exactlyOnceStats: ExactlyOnceStats | undefined;
  private error: unknown;
  private partitioner!: RecordPartitioner;
  /** Position in the arriving row of each key-format field, value-format field, and writable metadata. */
  private readonly keyPositions: number[];
  private readonly valuePositions: number[];
  private readonly headersPosition: number | undefined;
  private readonly timestampPosition: number | undefined;
  private lastCheckpointId = 0;
  private ended = false;
  private shutdownPromise: Promise<void> | undefined;
  recordsSent = 0;

  constructor(
    table: CatalogTable,
    private readonly config: KafkaTableConfig,
    name = `KafkaSink(${config.topic})`,
  ) {
    super(name);
    // persisted columns: physical and non-virtual metadata, in declaration order
    const persisted: number[] = [];
    table.columns.forEach((c, i) => {
      if (c.kind === 'physical' || (c.kind === 'metadata' && !c.virtual)) persisted.push(i);
    });
    const positionOf = (i: number): number => persisted.indexOf(i);
    this.keyPositions = config.keyColumns.map(positionOf);
    this.valuePositions = config.valueColumns.map(positionOf);
    const metaPosition = (key: string): number | undefined => {
      const i = table.columns.findIndex(
        (c) => c.kind === 'metadata' && !c.virtual && (c.key ?? c.name) === key,
      );
      return i < 0 ? undefined : positionOf(i);
    };
    this.headersPosition = metaPosition('headers');
    this.timestampPosition = metaPosition('timestamp');
  }

  ready(): Promise<void> {
    this.readyPromise ??= this.start();
    return this.readyPromise;
  }

  private async start(): Promise<void> {
    const c = this.config;
    const [keyEncoder, valueEncoder] = await Promise.all([
      c.keyFormat?.openEncoder({ topic: c.topic, isKey: true }),
      c.valueFormat.openEncoder({ topic: c.topic, isKey: false }),
    ]);
    const kafka = kafkaFor(c.properties);
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { topics } = await admin.fetchTopicMetadata({ topics: [c.topic] });
      this.partitionCount = topics[0]?.partitions.length ?? 0;
    } finally {
      await admin.disconnect();
    }
    if (this.partitionCount === 0) throw new Error(`Topic '${c.topic}' has no partitions; create it first`);
    const writer = this.createWriter();
    await writer.start();
    if (this.restoredState !== undefined) writer.restore(this.restoredState);
    this.keyEncoder = keyEncoder;
    this.valueEncoder = valueEncoder;
    this.writer = writer;
    if (this.pendingRows.length > 0) {
      const rows = this.pendingRows.splice(0);
      this.write(
        rows.map((r) => r.row),
        rows.map((r) => r.kind),
      );
    }
  }

  private createWriter(): SinkWriter {
    const c = this.config;
    const kafka = kafkaFor(c.properties);
    if (c.deliveryGuarantee === 'exactly-once') {
      const timeout = c.properties['transaction.timeout.ms'] ?? String(DEFAULT_TRANSACTION_TIMEOUT_MS);
      if (!/^\d+$/.test(timeout.trim()) || Number(timeout) <= 0) {
        throw new ConnectorOptionError(
          `Option 'properties.transaction.timeout.ms' must be a positive number of milliseconds, got '${timeout}'`,
        );
      }
      const client = new TransactionClient(kafka, c.topic, Number(timeout));
      // ready() may run before open(): the subtask index is read when the first transaction begins
      const writer = new ExactlyOnceWriter(client, {
        topic: c.topic,
        prefix: c.transactionalIdPrefix!,
        subtask: () => this.subtaskIndex,
        transactionTimeoutMs: Number(timeout),
      });
      this.exactlyOnceStats = writer.stats;
      return writer;
    }
    const atLeastOnce = c.deliveryGuarantee === 'at-least-once';
    const producer = kafka.producer({
      idempotent: atLeastOnce,
      maxInFlightRequests: atLeastOnce ? 5 : undefined,
      allowAutoTopicCreation: false,
    });
    return new ProducerWriter(producer, c.topic, atLeastOnce ? -1 : 1);
  }

  /** The exactly-once writer's counters (committed, recovered, fenced, lost); undefined otherwise. */
  get transactionStats(): ExactlyOnceStats | undefined {
    return this.exactlyOnceStats;
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    this.subtaskIndex = ctx.subtaskIndex;
    this.partitioner = new RecordPartitioner(this.config.partitioner, ctx.subtaskIndex);
    this.ready().catch((e: unknown) => {
      this.error ??= e;
    });
  }

  processBatch(_input: number, batch: Batch): void {
    if (this.error !== undefined) throw this.error;
    const rows = batch.length === batch.rows.length ? batch.rows : batch.rows.slice(0, batch.length);
    const kinds = Array.from(batch.kinds.subarray(0, batch.length));
    if (this.writer === undefined) {
      for (let i = 0; i < rows.length; i++) this.pendingRows.push({ row: rows[i]!, kind: kinds[i]! });
      return;
    }
    this.write(rows, kinds);
  }

  private write(allRows: readonly Row[], allKinds: readonly number[]): void {
    const upsert = this.config.changelogMode === 'upsert';
    const rows: Row[] = [];
    const kinds: ChangeKind[] = [];
    allRows.forEach((row, i) => {
      const kind = allKinds[i]! as ChangeKind;
      if (upsert && kind === 1) return;
      if (this.config.changelogMode === 'append' && kind !== 0) {
        throw new Error(
          `Table '${this.config.topic}' is append-only ('changelog.mode' = 'append') but received an update or delete; declare a PRIMARY KEY or set 'changelog.mode' = 'upsert'`,
        );
      }
      rows.push(row);
      kinds.push(kind);
    });
    if (rows.length === 0) return;
    const pick = (positions: readonly number[]) =>
      rows.map((r): FormatRow => positions.map((p) => r[p] ?? null));
    const keys = this.keyEncoder?.encodeBatch(pick(this.keyPositions), kinds);
    const tombstone = (i: number): boolean => upsert && kinds[i] === 3;
    const valueRows = pick(this.valuePositions);
    const values = this.valueEncoder!.encodeBatch(valueRows, kinds);
    const messages: Message[] = rows.map((row, i) => {
      const key = keys?.[i] ?? null;
      const message: Message = {
        key: key === null ? null : Buffer.from(key.buffer, key.byteOffset, key.byteLength),
        value: tombstone(i) ? null : toBuffer(values[i] ?? null),
        partition: this.partitioner.partition(key, this.partitionCount),
      };
      if (this.timestampPosition !== undefined && typeof row[this.timestampPosition] === 'number') {
        message.timestamp = String(row[this.timestampPosition]);
      }
      if (this.headersPosition !== undefined && row[this.headersPosition] instanceof Map) {
        const headers: Record<string, Buffer> = {};
        for (const [k, v] of row[this.headersPosition] as Map<string, Uint8Array | null>) {
          if (v !== null) headers[k] = Buffer.from(v);
        }
        message.headers = headers;
      }
      return message;
    });
    this.recordsSent += messages.length;
    this.writer!.write(messages);
  }

  /** Flink's prepareSnapshotPreBarrier: acknowledged (at-least-once) or pre-committed (exactly-once). */
  async prepareCheckpoint(checkpointId: number): Promise<void> {
    await this.ready();
    if (this.error !== undefined) throw this.error;
    await this.writer!.prepareCheckpoint(checkpointId);
  }

  protected override snapshotOperatorState(): Encoded {
    if (this.writer === undefined) {
      throw new Error(`${this.name}: snapshot before the sink is ready; await prepareCheckpoint first`);
    }
    return this.writer.snapshot(this.lastCheckpointId);
  }

  override snapshotState(checkpointId: number) {
    this.lastCheckpointId = checkpointId;
    return super.snapshotState(checkpointId);
  }

  protected override restoreOperatorState(state: Encoded): void {
    if (this.writer === undefined) this.restoredState = state;
    else this.writer.restore(state);
  }

  async notifyCheckpointComplete(checkpointId: number): Promise<void> {
    await this.writer?.notifyCheckpointComplete(checkpointId);
  }

  async notifyCheckpointAborted(checkpointId: number): Promise<void> {
    await this.writer?.notifyCheckpointAborted(checkpointId);
  }

  override finish(): void {
    this.ended = true;
    this.writer?.endOfInput();
  }

  /**
   * Resolves when every record handed to the sink so far is acknowledged — and, exactly-once, after
   * the end of input, committed — or rejects with a send failure.
   */
  async flush(): Promise<void> {
    await this.ready();
    if (this.ended) this.writer!.endOfInput();
    await this.writer!.flush();
  }

  override close(): void {
    super.close();
    void this.shutdown();
  }

  /**
   * Ends the writer (exactly-once: commits after the end of input, else aborts the open transaction)
   * and disconnects; every call awaits the same shutdown (close() starts it, runners await it).
   */
  shutdown(): Promise<void> {
    this.shutdownPromise ??= (async () => {
      await this.readyPromise?.catch(() => undefined);
      await this.writer?.shutdown();
    })();
    return this.shutdownPromise;
  }
}

function toBuffer(bytes: Uint8Array | null): Buffer | null {
  return bytes === null ? null : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
