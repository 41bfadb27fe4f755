/**
 * The filesystem sink: append-only (the planner only connects insert-only inputs, see the factory's
 * sink acceptance), one record per line. When `path` is a directory (it exists as one, ends with a
 * separator, or has no file extension) each run writes a new part file `part-<id>-<subtask>-0.<ext>`
 * into it, first as a hidden `.…inprogress` file renamed when the sink finishes or closes, so readers
 * never see half-written files; when `path` names a file, that file is replaced.
 * Writes are synchronous, one write per batch.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import { basename, dirname, extname, join, sep } from 'node:path';
import type { Row as FormatRow, SerializationFormat } from '../../formats/index.ts';
import type { Batch, Row } from '../../runtime/batch.ts';
import { AbstractOperator, type OperatorContext } from '../../runtime/operator.ts';
import { ConnectorOptionError } from '../options.ts';
import type { FilesystemConfig } from './options.ts';

const NEWLINE = Buffer.from('\n');

export class FilesystemSink extends AbstractOperator {
  private encoder: SerializationFormat | undefined;
  private encoderPromise: Promise<void> | undefined;
  /** Rows that arrived before the encoder opened (only when no runner awaited `ready`). */
  private pending: Row[] = [];
  private fd: number | undefined;
  private tempPath = '';
  private finalPath = '';
  rowsWritten = 0;

  constructor(
    private readonly config: FilesystemConfig,
    name = 'FilesystemSink',
  ) {
    super(name);
  }

  /** Opens the format's encoder; a runner awaits this before running the job. */
  ready(): Promise<void> {
    this.encoderPromise ??= this.config.format.openEncoder().then((e) => {
      this.encoder = e;
    });
    return this.encoderPromise;
  }

  /** The file the sink writes (final name), known once opened. */
  get outputPath(): string {
    return this.finalPath;
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    void this.ready();
    const { path, declaredPath, formatName } = this.config;
    const stat = statSync(path, { throwIfNoEntry: false });
    const isDirectory =
      stat?.isDirectory() ??
      (declaredPath.endsWith('/') || declaredPath.endsWith(sep) || extname(path) === '');
    if (isDirectory) {
      mkdirSync(path, { recursive: true });
      const id = `${Date.now().toString(36)}-${randomBytes(4).toString('hex')}`;
      const name = `part-${id}-${ctx.subtaskIndex}-0.${formatName}`;
      this.finalPath = join(path, name);
      this.tempPath = join(path, `.${name}.inprogress`);
    } else {
      if (stat !== undefined && !stat.isFile()) {
        throw new ConnectorOptionError(
          `Path '${declaredPath}' of the filesystem sink is neither a file nor a directory`,
        );
      }
      mkdirSync(dirname(path), { recursive: true });
      this.finalPath = path;
      this.tempPath = join(dirname(path), `.${basename(path)}.inprogress`);
    }
    this.fd = openSync(this.tempPath, 'w');
  }

  processBatch(_input: number, batch: Batch): void {
    if (this.encoder === undefined) {
      for (let i = 0; i < batch.length; i++) this.pending.push(batch.rows[i]!);
      return;
    }
    this.flushPending();
    this.write(batch.length === batch.rows.length ? batch.rows : batch.rows.slice(0, batch.length));
  }

  private flushPending(): void {
    if (this.pending.length === 0 || this.encoder === undefined) return;
    const rows = this.pending;
    this.pending = [];
    this.write(rows);
  }

  private write(rows: readonly Row[]): void {
    const encoded = this.encoder!.encodeBatch(rows as FormatRow[]);
    const parts: Uint8Array[] = [];
    for (const bytes of encoded) {
      if (bytes === null) continue;
      parts.push(bytes, NEWLINE);
    }
    if (parts.length > 0) writeSync(this.fd!, Buffer.concat(parts));
    this.rowsWritten += rows.length;
  }

  override finish(): void {
    if (this.pending.length > 0 && this.encoder === undefined) {
      throw new Error(
        `Filesystem sink '${this.name}': the ${this.config.formatName} encoder was not ready at end of input`,
      );
    }
    this.flushPending();
    this.commit();
  }

  /** Closes the file and moves it to its final name. */
  private commit(): void {
    if (this.fd === undefined) return;
    closeSync(this.fd);
    this.fd = undefined;
    renameSync(this.tempPath, this.finalPath);
  }

  override close(): void {
    this.flushPending();
    this.commit();
    super.close();
  }
}
