/**
 * The filesystem connector as a lookup table (Flink's FileSystemLookupFunction): the whole path (a
 * file, or every file under a directory) is read once into a hash index keyed by the lookup key
 * fields, and read again once `lookup.join.cache.ttl` (default 60 min) has passed since the last load,
 * checked when a probe batch arrives. A row with a null key field is never found (a null key looks
 * nothing up), and every lookup is answered from memory, so the join's own cache is not used.
 */
import { readFileSync, statSync } from 'node:fs';
import type { CatalogTable } from '../../catalog/catalog.ts';
import { DecodeOutput, type DeserializationFormat } from '../../formats/index.ts';
import type { Row } from '../../runtime/batch.ts';
import type { BatchLookupSource } from '../../runtime/operators/lookup-join.ts';
import { serializeKeyRow } from '../../state/keys.ts';
import { ConnectorOptionError } from '../options.ts';
import { lineNumberOf, listFiles, splitLines } from './files.ts';
import type { FilesystemConfig } from './options.ts';
import { checkPathAllowed } from './sandbox.ts';

const NO_ROWS: readonly Row[] = [];

export interface FilesystemLookupOptions {
  /** For each dimension field, its index among the table's physical columns. */
  readonly fields: readonly number[];
  /** The fields (indices into `fields`) a lookup key gives values for, in key order. */
  readonly keyFields: readonly number[];
  /** Wall clock for the reload interval (epoch ms); Date.now by default. */
  readonly clock?: () => number;
}

export class FilesystemLookup implements BatchLookupSource {
  /** How many times the files were read (for tests and metrics). */
  loads = 0;
  private decoder: DeserializationFormat | undefined;
  private decoderError: unknown;
  private index = new Map<string, Row[]>();
  private loadedAt = Number.NEGATIVE_INFINITY;
  private readonly clock: () => number;

  constructor(
    private readonly config: FilesystemConfig,
    private readonly allowed: readonly string[],
    private readonly options: FilesystemLookupOptions,
  ) {
    this.clock = options.clock ?? Date.now;
    // The csv and json decoders are ready at once but handed out by a promise; it has settled by the
    // time a job opens (Job.run awaits its preparation first).
    config.format.openDecoder().then(
      (d) => {
        this.decoder = d;
      },
      (e: unknown) => {
        this.decoderError = e;
      },
    );
  }

  open(): void {
    this.reloadIfDue();
  }

  lookupBatch(keys: readonly (readonly unknown[])[]): readonly (readonly Row[])[] {
    this.reloadIfDue();
    return keys.map((key) => this.index.get(serializeKeyRow(key)) ?? NO_ROWS);
  }

  close(): void {
    this.index = new Map();
    this.loadedAt = Number.NEGATIVE_INFINITY;
  }

  private reloadIfDue(): void {
    const now = this.clock();
    if (now - this.loadedAt < this.config.lookupCacheTtlMs) return;
    this.index = this.load();
    this.loadedAt = now;
    this.loads++;
  }

  /** Reads every file of the path into a fresh index (the previous one stays until this succeeds). */
  private load(): Map<string, Row[]> {
    const decoder = this.decoder;
    if (decoder === undefined) {
      if (this.decoderError !== undefined) throw this.decoderError;
      throw new Error(
        `The ${this.config.formatName} decoder of lookup table '${this.config.declaredPath}' is not open yet; ` +
          'run the job with Job.run() (or await job.prepare() before opening it)',
      );
    }
    const stat = statSync(this.config.path, { throwIfNoEntry: false });
    if (stat === undefined) {
      throw new ConnectorOptionError(
        `Path '${this.config.declaredPath}' of the filesystem lookup table does not exist`,
      );
    }
    const files = stat.isDirectory() ? listFiles(this.config.path) : [this.config.path];
    const { fields, keyFields } = this.options;
    const index = new Map<string, Row[]>();
    const out = new DecodeOutput();
    for (const path of files) {
      const file = checkPathAllowed(path, this.allowed);
      const bytes = readFileSync(file);
      const { starts, ends } = splitLines(bytes);
      const values = starts.map((start, i) => bytes.subarray(start, ends[i]!));
      out.clear();
      if (decoder.decodeBatch(values, out) !== undefined) {
        throw new Error(
          `Format '${this.config.formatName}' needs asynchronous decoding, which a filesystem lookup table does not support`,
        );
      }
      const failed = out.errors[0];
      if (failed !== undefined) {
        throw new Error(
          `Failed to read '${file}' line ${lineNumberOf(bytes, starts[failed.index]!)}: ${failed.message}`,
        );
      }
      for (const physical of out.rows) {
        const row = fields.map((f) => physical[f] ?? null);
        const key = keyFields.map((k) => row[k]);
        if (key.some((v) => v === null)) continue;
        const id = serializeKeyRow(key);
        const rows = index.get(id);
        if (rows === undefined) index.set(id, [row]);
        else rows.push(row);
      }
    }
    return index;
  }
}

/** `columns` (indices into `table.columns`) as indices among the table's physical columns. */
export function physicalFieldsOf(table: CatalogTable, columns: readonly number[]): number[] {
  const physical = table.columns.flatMap((c, i) => (c.kind === 'physical' ? [i] : []));
  return columns.map((c) => {
    const p = physical.indexOf(c);
    if (p < 0) {
      throw new ConnectorOptionError(
        `A filesystem lookup table only provides physical columns, not '${table.columns[c]?.name ?? c}'`,
      );
    }
    return p;
  });
}
