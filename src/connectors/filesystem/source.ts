/**
 * The bounded filesystem source: reads every file once (a single file, or all files under a
 * directory in name order, skipping hidden `.`/`_` files as Flink does), one record per line, decodes
 * a batch of lines per poll through the format, and ends. Files are re-checked against the sandbox
 * one by one, so a link inside an allowed directory cannot lead out of it.
 */
import { readFileSync, statSync } from 'node:fs';
import { DecodeOutput, type DeserializationFormat } from '../../formats/index.ts';
import { BatchBuilder } from '../../runtime/batch.ts';
import type { OperatorContext, OperatorSnapshot, Output } from '../../runtime/operator.ts';
import type { SourceOperator } from '../../runtime/task.ts';
import type { Encoded } from '../../state/tagged-value.ts';
import { ConnectorOptionError } from '../options.ts';
import { lineNumberOf, listFiles, splitLines } from './files.ts';
import type { FilesystemConfig } from './options.ts';
import { checkPathAllowed } from './sandbox.ts';

const LINES_PER_BATCH = 1024;

export class FilesystemSource implements SourceOperator {
  readonly name: string;
  readonly bounded = true;
  private ctx!: OperatorContext;
  private output!: Output;
  private decoder: DeserializationFormat | undefined;
  private decoderPromise: Promise<void> | undefined;
  private files: string[] = [];
  private fileIndex = 0;
  private current: { file: string; bytes: Buffer; starts: number[]; ends: number[] } | undefined;
  private line = 0;
  private readonly decoded = new DecodeOutput();

  constructor(
    private readonly config: FilesystemConfig,
    private readonly allowed: readonly string[],
    /** For each produced column, its index in the physical row (the table's physical columns). */
    private readonly projection: readonly number[] | undefined,
    name = 'FilesystemSource',
  ) {
    this.name = name;
  }

  /** Opens the format's decoder; a runner awaits this before running the job. */
  ready(): Promise<void> {
    this.decoderPromise ??= this.config.format.openDecoder().then((d) => {
      this.decoder = d;
    });
    return this.decoderPromise;
  }

  open(ctx: OperatorContext): void {
    this.ctx = ctx;
    this.output = ctx.output;
    void this.ready();
    const stat = statSync(this.config.path, { throwIfNoEntry: false });
    if (stat === undefined) {
      throw new ConnectorOptionError(
        `Path '${this.config.declaredPath}' of the filesystem source does not exist`,
      );
    }
    this.files = stat.isDirectory() ? listFiles(this.config.path) : [this.config.path];
  }

  private nextFile(): boolean {
    while (this.fileIndex < this.files.length) {
      const file = checkPathAllowed(this.files[this.fileIndex++]!, this.allowed);
      const bytes = readFileSync(file);
      const { starts, ends } = splitLines(bytes);
      if (starts.length === 0) continue;
      this.current = { file, bytes, starts, ends };
      this.line = 0;
      return true;
    }
    return false;
  }

  poll(): boolean {
    // the decoder of json/csv opens in a microtask: until then there is nothing to do yet
    if (this.decoder === undefined) return true;
    if (this.current === undefined || this.line >= this.current.starts.length) {
      if (!this.nextFile()) return false;
    }
    const cur = this.current!;
    const end = Math.min(cur.starts.length, this.line + LINES_PER_BATCH);
    const values: Uint8Array[] = [];
    for (let i = this.line; i < end; i++) values.push(cur.bytes.subarray(cur.starts[i]!, cur.ends[i]!));
    const first = this.line;
    this.line = end;
    const out = this.decoded;
    out.clear();
    const pending = this.decoder.decodeBatch(values, out);
    if (pending !== undefined) {
      throw new Error(
        `Format '${this.config.formatName}' needs asynchronous decoding, which the filesystem source does not support`,
      );
    }
    if (out.errors.length > 0) {
      const err = out.errors[0]!;
      throw new Error(
        `Failed to read '${cur.file}' line ${lineNumberOf(cur.bytes, cur.starts[first + err.index]!)}: ${err.message}`,
      );
    }
    const batch = new BatchBuilder(out.rows.length);
    const projection = this.projection;
    for (let i = 0; i < out.rows.length; i++) {
      const row = out.rows[i]!;
      batch.add(projection === undefined ? row : projection.map((p) => row[p] ?? null), out.kinds[i]);
    }
    this.output.emitBatch(batch.build());
    return true;
  }

  snapshotState(checkpointId: number): OperatorSnapshot {
    const operator: Encoded = { fileIndex: this.fileIndex, line: this.line };
    return { checkpointId, keyed: this.ctx.backend.snapshot(), operator };
  }

  restoreState(snapshot: OperatorSnapshot): void {
    const s = snapshot.operator as { fileIndex: number; line: number };
    if (s.fileIndex > 0) {
      this.fileIndex = s.fileIndex - 1;
      this.nextFile();
      this.line = s.line;
    }
  }

  close(): void {
    this.current = undefined;
  }
}
