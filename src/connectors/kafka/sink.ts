/**
 * The Kafka sink. Rows arrive in the sink table's persisted-column order; the key columns go through
 * the key format, the value columns through the value format, a whole batch at a time, and the batch
 * leaves in one `producer.send` (nothing awaits per record or per batch: sends are tracked and their
 * failures fail the next batch or `flush()`).
 *
 * Change kinds: insert-only tables take +I; upsert tables (`changelog.mode` = 'upsert') write +I/+U
 * as values and -D as a tombstone (null value) for the key, and drop -U; retract tables write every
 * kind with its value (the value format decides how, e.g. debezium-json).
 *
 * Delivery guarantee: at-least-once — `flush()` resolves once every record sent so far is
 * acknowledged (acks=all, idempotent producer), and is what a checkpoint must await before it
 * completes. Exactly-once will replace the producer by a transactional one per checkpoint
 * (`sink.transactional-id-prefix` + subtask + checkpoint id): begin on the first write after a
 * checkpoint, flush at the barrier, commit when the checkpoint completes, abort lingering ones on
 * restore.
 */
import type { Message, Producer } from 'kafkajs';
import type { CatalogTable } from '../../catalog/catalog.ts';
import type { ChangeKind, Row as FormatRow, SerializationFormat } from '../../formats/index.ts';
import type { Batch, Row } from '../../runtime/batch.ts';
import { AbstractOperator, type OperatorContext } from '../../runtime/operator.ts';
import { kafkaFor } from './client.ts';
import type { KafkaTableConfig } from './options.ts';
import { RecordPartitioner } from './partitioner.ts';

export class KafkaSink extends AbstractOperator {
  private keyEncoder: SerializationFormat | undefined;
  private valueEncoder: SerializationFormat | undefined;
  private producer: Producer | undefined;
  private partitionCount = 0;
  private readyPromise: Promise<void> | undefined;
  private readonly pendingRows: { row: Row; kind: number }[] = [];
  private readonly inFlight = new Set<Promise<unknown>>();
  private error: unknown;
  private partitioner!: RecordPartitioner;
  /** Position in the arriving row of each key-format field, value-format field, and writable metadata. */
  private readonly keyPositions: number[];
  private readonly valuePositions: number[];
  private readonly headersPosition: number | undefined;
  private readonly timestampPosition: number | undefined;
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
    const producer = kafka.producer({
      idempotent: c.deliveryGuarantee !== 'none',
      maxInFlightRequests: c.deliveryGuarantee !== 'none' ? 5 : undefined,
      allowAutoTopicCreation: false,
    });
    await producer.connect();
    this.keyEncoder = keyEncoder;
    this.valueEncoder = valueEncoder;
    this.producer = producer;
    if (this.pendingRows.length > 0) {
      const rows = this.pendingRows.splice(0);
      this.write(
        rows.map((r) => r.row),
        rows.map((r) => r.kind),
      );
    }
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    this.partitioner = new RecordPartitioner(this.config.partitioner, ctx.subtaskIndex);
    this.ready().catch((e: unknown) => {
      this.error ??= e;
    });
  }

  processBatch(_input: number, batch: Batch): void {
    if (this.error !== undefined) throw this.error;
    const rows = batch.length === batch.rows.length ? batch.rows : batch.rows.slice(0, batch.length);
    const kinds = Array.from(batch.kinds.subarray(0, batch.length));
    if (this.producer === undefined) {
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
    const sent = this.producer!.send({
      topic: this.config.topic,
      messages,
      acks: this.config.deliveryGuarantee === 'none' ? 1 : -1,
    });
    this.recordsSent += messages.length;
    this.inFlight.add(sent);
    sent.then(
      () => this.inFlight.delete(sent),
      (e: unknown) => {
        this.inFlight.delete(sent);
        this.error ??= e;
      },
    );
  }

  /** Resolves when every record handed to the sink so far is acknowledged; rejects on a send failure. */
  async flush(): Promise<void> {
    await this.ready();
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    if (this.error !== undefined) throw this.error;
  }

  override close(): void {
    super.close();
    void this.shutdown();
  }

  /** Flushes and disconnects the producer. */
  async shutdown(): Promise<void> {
    await this.readyPromise?.catch(() => undefined);
    while (this.inFlight.size > 0) await Promise.allSettled([...this.inFlight]);
    await this.producer?.disconnect().catch(() => undefined);
    this.producer = undefined;
  }
}

function toBuffer(bytes: Uint8Array | null): Buffer | null {
  return bytes === null ? null : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
