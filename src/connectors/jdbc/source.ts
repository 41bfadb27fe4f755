/**
 * The jdbc connector as a bounded scan source (`SELECT * FROM dim`): one query over the requested
 * columns, read with a cursor, `scan.fetch-size` rows per batch, converted to the declared types.
 * The position (rows emitted) is checkpointed; a restored scan runs the query again and skips them.
 */

import { BatchBuilder, type Row } from '../../runtime/batch.ts';
import type { OperatorContext, OperatorSnapshot, Output } from '../../runtime/operator.ts';
import type { SourceOperator } from '../../runtime/task.ts';
import type { Encoded } from '../../state/tagged-value.ts';
import { checkTable, openForRead, quoteIdentifier, type SqliteDatabase } from './database.ts';
import type { JdbcColumn, JdbcConfig } from './options.ts';
import { fromSqlite } from './types.ts';

export class JdbcScanSource implements SourceOperator {
  private ctx!: OperatorContext;
  private output!: Output;
  private db: SqliteDatabase | undefined;
  private cursor: IterableIterator<unknown> | undefined;
  private emitted = 0;
  private skip = 0;
  private finished = false;

  constructor(
    private readonly config: JdbcConfig,
    /** The columns produced, in row order. */
    private readonly columns: readonly JdbcColumn[],
    readonly name = 'JdbcScan',
  ) {}

  open(ctx: OperatorContext): void {
    this.ctx = ctx;
    this.output = ctx.output;
    const db = openForRead(this.config);
    this.db = db;
    checkTable(db, this.config, this.columns);
  }

  private startCursor(): IterableIterator<unknown> {
    const select = this.columns.map((c) => quoteIdentifier(c.name)).join(', ');
    const stmt = this.db!.prepare(`SELECT ${select} FROM ${quoteIdentifier(this.config.tableName)}`)
      .raw(true)
      .safeIntegers(true);
    return stmt.iterate();
  }

  poll(): boolean {
    if (this.finished) return false;
    this.cursor ??= this.startCursor();
    const out = new BatchBuilder(this.config.scanFetchSize);
    while (out.length < this.config.scanFetchSize) {
      const next = this.cursor.next();
      if (next.done === true) {
        this.finishCursor();
        this.finished = true;
        this.emit(out);
        return false;
      }
      if (this.skip > 0) {
        this.skip--;
        continue;
      }
      out.add(this.convert(next.value as unknown[]));
    }
    this.emit(out);
    return true;
  }

  private emit(out: BatchBuilder): void {
    if (out.length === 0) return;
    this.emitted += out.length;
    this.output.emitBatch(out.build());
  }

  private convert(values: readonly unknown[]): Row {
    return this.columns.map((c, i) =>
      fromSqlite(values[i], c.type, `column '${c.name}' of SQLite table '${this.config.tableName}'`),
    );
  }

  snapshotState(checkpointId: number): OperatorSnapshot {
    const operator: Encoded = { emitted: this.emitted };
    return { checkpointId, keyed: this.ctx.backend.snapshot(), operator };
  }

  restoreState(snapshot: OperatorSnapshot): void {
    const s = snapshot.operator as { emitted: number };
    this.finishCursor();
    this.emitted = s.emitted;
    this.skip = s.emitted;
    this.finished = false;
  }

  private finishCursor(): void {
    this.cursor?.return?.();
    this.cursor = undefined;
  }

  close(): void {
    this.finishCursor();
    this.db?.close();
    this.db = undefined;
  }
}
