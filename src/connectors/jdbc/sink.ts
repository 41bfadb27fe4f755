/**
 * The jdbc connector as a sink. With a primary key it is an upsert sink (Flink's JDBC upsert mode):
 * +I/+U run `INSERT ... ON CONFLICT (pk) DO UPDATE SET ...`, -D runs `DELETE ... WHERE pk = ?`, and
 * -U is skipped (the +U that follows replaces the row). Without a primary key it appends (the planner
 * only connects insert-only input). Each batch is written in one transaction, retried on a fresh
 * connection up to `sink.max-retries` times. The table is created when missing (database.ts).
 */
import type { Batch, Row } from '../../runtime/batch.ts';
import { RowKind } from '../../runtime/batch.ts';
import { AbstractOperator, type OperatorContext } from '../../runtime/operator.ts';
import { ConnectorOptionError } from '../options.ts';
import {
  checkTable,
  createTableIfMissing,
  openForWrite,
  quoteIdentifier,
  type SqliteDatabase,
  type SqliteStatement,
  withRetries,
} from './database.ts';
import type { JdbcConfig } from './options.ts';
import { toSqlite } from './types.ts';

interface SinkStatements {
  readonly write: SqliteStatement;
  readonly remove: SqliteStatement | undefined;
  readonly apply: (rows: readonly Row[], kinds: Uint8Array, count: number) => void;
}

export class JdbcSink extends AbstractOperator {
  private db: SqliteDatabase | undefined;
  private statements: SinkStatements | undefined;
  /** Rows upserted or inserted, and rows deleted, so far. */
  rowsWritten = 0;
  rowsDeleted = 0;

  /**
   * @param primaryKey indices of the key columns among `config.columns` (upsert mode); append when absent
   */
  constructor(
    private readonly config: JdbcConfig,
    private readonly primaryKey: readonly number[] | undefined,
    name = 'JdbcSink',
  ) {
    super(name);
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    this.connect();
  }

  private connect(): void {
    const db = openForWrite(this.config);
    try {
      createTableIfMissing(db, this.config);
      checkTable(db, this.config, this.config.columns);
      this.statements = this.prepare(db);
    } catch (e) {
      db.close();
      throw e;
    }
    this.db = db;
  }

  private prepare(db: SqliteDatabase): SinkStatements {
    const { columns, tableName } = this.config;
    const table = quoteIdentifier(tableName);
    const names = columns.map((c) => quoteIdentifier(c.name));
    let insert = `INSERT INTO ${table} (${names.join(', ')}) VALUES (${names.map(() => '?').join(', ')})`;
    const key = this.primaryKey;
    let remove: SqliteStatement | undefined;
    if (key !== undefined && key.length > 0) {
      const keyNames = key.map((i) => names[i]!);
      const others = names.filter((_, i) => !key.includes(i));
      insert +=
        others.length === 0
          ? ` ON CONFLICT (${keyNames.join(', ')}) DO NOTHING`
          : ` ON CONFLICT (${keyNames.join(', ')}) DO UPDATE SET ${others.map((n) => `${n} = excluded.${n}`).join(', ')}`;
      remove = db.prepare(`DELETE FROM ${table} WHERE ${keyNames.map((n) => `${n} = ?`).join(' AND ')}`);
    }
    let write: SqliteStatement;
    try {
      write = db.prepare(insert);
    } catch (e) {
      if (e instanceof Error && /ON CONFLICT clause does not match/i.test(e.message)) {
        const pk = key!.map((i) => columns[i]!.name).join(', ');
        throw new ConnectorOptionError(
          `SQLite table '${tableName}' has no PRIMARY KEY or UNIQUE constraint on (${pk}), which the upsert sink needs; add a unique index on those columns, or write to a new table (the sink creates it with the key)`,
        );
      }
      throw e;
    }
    const types = columns.map((c) => c.type);
    const keyTypes = key?.map((i) => types[i]!) ?? [];
    const apply = db.transaction((rows: readonly Row[], kinds: Uint8Array, count: number) => {
      for (let i = 0; i < count; i++) {
        const row = rows[i]!;
        const kind = kinds[i]!;
        if (kind === RowKind.INSERT || kind === RowKind.UPDATE_AFTER) {
          write.run(...row.map((v, c) => toSqlite(v, types[c]!)));
          this.rowsWritten++;
        } else if (kind === RowKind.DELETE && remove !== undefined) {
          remove.run(...key!.map((c, k) => toSqlite(row[c], keyTypes[k]!)));
          this.rowsDeleted++;
        }
      }
    });
    return { write, remove, apply };
  }

  processBatch(_input: number, batch: Batch): void {
    const before = { written: this.rowsWritten, deleted: this.rowsDeleted };
    withRetries(
      this.config.sinkMaxRetries,
      `Writing to SQLite table '${this.config.tableName}'`,
      () => {
        // the failed transaction rolled back: count its rows again on the retry
        this.rowsWritten = before.written;
        this.rowsDeleted = before.deleted;
        this.disconnect();
      },
      () => {
        if (this.db === undefined) this.connect();
        this.statements!.apply(batch.rows, batch.kinds, batch.length);
      },
    );
  }

  private disconnect(): void {
    this.statements = undefined;
    this.db?.close();
    this.db = undefined;
  }

  override close(): void {
    try {
      this.disconnect();
    } finally {
      super.close();
    }
  }
}
