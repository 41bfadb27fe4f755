/**
 * Turns fetched records into rows of the requested columns: key and value bytes go through their
 * formats a chunk at a time (one await only when a registry format meets an unknown schema id),
 * metadata columns come from each record's envelope. Records that fail to decode are handled by
 * `error-handling.mode`: fail the statement (naming partition, offset and cause), skip and count, or
 * write the raw record with the error to a dead-letter topic.
 */
import { DecodeOutput, type DeserializationFormat } from '../../formats/index.ts';
import type { FetchedRecord } from './client.ts';
import type { RawChunk } from './fetcher.ts';
import { metadataValue, type RecordEnvelope } from './metadata.ts';
import type { ColumnSource, ErrorHandlingMode } from './options.ts';

export interface DecodedChunk {
  readonly partition: number;
  readonly rows: unknown[][];
  readonly kinds: number[];
  readonly nextOffset: bigint;
  readonly finished: boolean;
  /** Records in the chunk (decoded or not), for buffer accounting. */
  readonly recordCount: number;
}

/** A record that could not be decoded, as written to the dead-letter topic. */
export interface FailedRecord {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly timestamp: number;
  readonly key: Buffer | null;
  readonly value: Buffer | null;
  readonly headers: Readonly<Record<string, Buffer | Buffer[] | undefined>>;
  readonly message: string;
}

export class RecordDecodeError extends Error {
  constructor(
    readonly topic: string,
    readonly partition: number,
    readonly offset: bigint,
    readonly reason: string,
  ) {
    super(
      `Failed to deserialize the record at topic '${topic}', partition ${partition}, offset ${offset}: ${reason}. ` +
        `Set 'error-handling.mode' = 'ignore' to skip such records or 'log' to write them to a dead-letter topic.`,
    );
    this.name = 'RecordDecodeError';
  }
}

export interface RecordDecoderOptions {
  readonly topic: string;
  readonly keyDecoder: DeserializationFormat | undefined;
  readonly valueDecoder: DeserializationFormat;
  readonly keyWidth: number;
  readonly valueWidth: number;
  /** Sources of the produced columns, in output order. */
  readonly columns: readonly ColumnSource[];
  readonly upsert: boolean;
  readonly errorHandling: ErrorHandlingMode;
  /** Where `log` mode sends failed records (awaited before the chunk is handed on). */
  readonly deadLetter: (records: readonly FailedRecord[]) => Promise<void>;
}

const envelopeOf = (topic: string, partition: number, r: FetchedRecord): RecordEnvelope => ({
  topic,
  partition,
  offset: BigInt(r.offset),
  timestamp: Number(r.timestamp),
  timestampType: r.batchContext?.timestampType ?? 0,
  headers: r.headers,
  leaderEpoch: r.batchContext?.partitionLeaderEpoch,
});

export class RecordDecoder {
  /** Records skipped by `ignore` or `log` mode. */
  skipped = 0;
  private readonly keyOut = new DecodeOutput();
  private readonly valueOut = new DecodeOutput();

  constructor(private readonly o: RecordDecoderOptions) {}

  async decode(chunk: RawChunk): Promise<DecodedChunk> {
    const { records, partition } = chunk;
    const o = this.o;
    const keyOut = this.keyOut;
    const valueOut = this.valueOut;
    keyOut.clear();
    valueOut.clear();
    if (o.keyDecoder !== undefined) {
      const pending = o.keyDecoder.decodeBatch(
        records.map((r) => r.key),
        keyOut,
      );
      if (pending) await pending;
    }
    const pending = o.valueDecoder.decodeBatch(
      records.map((r) => r.value),
      valueOut,
    );
    if (pending) await pending;

    const errors = new Map<number, string>();
    for (const e of keyOut.errors) errors.set(e.index, `key: ${e.message}`);
    for (const e of valueOut.errors) if (!errors.has(e.index)) errors.set(e.index, `value: ${e.message}`);
    const keyRows = new Array<unknown[] | undefined>(records.length);
    for (let i = 0; i < keyOut.rows.length; i++) keyRows[keyOut.sources[i]!] = keyOut.rows[i];
    if (o.keyDecoder !== undefined) {
      records.forEach((r, i) => {
        if (r.key !== null && keyRows[i] === undefined && !errors.has(i))
          errors.set(i, 'key: the key format produced no row');
      });
    }
    if (errors.size > 0) await this.handleErrors(partition, records, errors);

    const rows: unknown[][] = [];
    const kinds: number[] = [];
    const emit = (
      i: number,
      keyRow: unknown[] | undefined,
      valueRow: unknown[] | undefined,
      kind: number,
    ): void => {
      const r = records[i]!;
      let envelope: RecordEnvelope | undefined;
      const row = o.columns.map((c): unknown => {
        if (c.kind === 'key') return keyRow?.[c.index] ?? null;
        if (c.kind === 'value') return valueRow?.[c.index] ?? null;
        if (c.kind === 'metadata') {
          envelope ??= envelopeOf(o.topic, partition, r);
          return metadataValue(c.key, envelope);
        }
        return null;
      });
      rows.push(row);
      kinds.push(kind);
    };
    let v = 0;
    for (let i = 0; i < records.length; i++) {
      if (errors.has(i)) {
        while (v < valueOut.rows.length && valueOut.sources[v] === i) v++;
        continue;
      }
      const keyRow = keyRows[i];
      let produced = false;
      while (v < valueOut.rows.length && valueOut.sources[v] === i) {
        const kind = valueOut.kinds[v]!;
        emit(i, keyRow, valueOut.rows[v], kind);
        produced = true;
        v++;
      }
      // a tombstone deletes its key in upsert mode; elsewhere it carries no row
      if (!produced && o.upsert && records[i]!.value === null) emit(i, keyRow, undefined, 3);
    }
    return {
      partition,
      rows,
      kinds,
      nextOffset: chunk.nextOffset,
      finished: chunk.finished,
      recordCount: records.length,
    };
  }

  private async handleErrors(
    partition: number,
    records: readonly FetchedRecord[],
    errors: Map<number, string>,
  ): Promise<void> {
    const o = this.o;
    if (o.errorHandling === 'fail') {
      const [index, message] = [...errors][0]!;
      throw new RecordDecodeError(o.topic, partition, BigInt(records[index]!.offset), message);
    }
    this.skipped += errors.size;
    if (o.errorHandling === 'log') {
      const failed: FailedRecord[] = [...errors].map(([i, message]) => {
        const r = records[i]!;
        return {
          topic: o.topic,
          partition,
          offset: BigInt(r.offset),
          timestamp: Number(r.timestamp),
          key: r.key,
          value: r.value,
          headers: r.headers,
          message,
        };
      });
      await o.deadLetter(failed);
    }
  }
}
