/**
 * The jdbc connector as a lookup table: all keys of a probe batch are answered by one prepared query,
 * `SELECT cols FROM t WHERE k IN (?, ?, ...)` (`(k1, k2) IN (VALUES (?, ?), ...)` for composite keys).
 * Statements are prepared once per key-count bucket (1, 2, 4, ... 256 keys, padded by repeating a
 * key), so a job prepares at most nine of them; batches with more keys run a bucket per 256 keys.
 * Rows read back are converted to the declared column types and handed to the key that matches
 * them. A failing query is retried `lookup.max-retries` times on a fresh connection.
 */

import type { Row } from '../../runtime/batch.ts';
import type { BatchLookupSource, LookupCacheConfig } from '../../runtime/operators/lookup-join.ts';
import { serializeKeyRow } from '../../state/keys.ts';
import {
  checkTable,
  openForRead,
  quoteIdentifier,
  type SqliteDatabase,
  type SqliteStatement,
  withRetries,
} from './database.ts';
import type { JdbcColumn, JdbcConfig } from './options.ts';
import { fromSqlite, normalizeKeyValue, toSqlite } from './types.ts';

const MAX_KEYS_PER_QUERY = 256;

export class JdbcLookup implements BatchLookupSource {
  readonly cache?: LookupCacheConfig;
  /** Queries run against SQLite (one per bucket of keys), for tests and metrics. */
  queries = 0;
  private db: SqliteDatabase | undefined;
  private readonly statements = new Map<number, SqliteStatement>();
  private readonly keyColumns: readonly JdbcColumn[];

  /**
   * @param columns the dimension fields produced, in row order
   * @param keyFields the fields (indices into `columns`) a key gives values for, in key order
   */
  constructor(
    private readonly config: JdbcConfig,
    private readonly columns: readonly JdbcColumn[],
    private readonly keyFields: readonly number[],
  ) {
    if (config.lookupCache !== undefined) this.cache = config.lookupCache;
    this.keyColumns = keyFields.map((f) => columns[f]!);
  }

  open(): void {
    if (this.db !== undefined) return;
    const db = openForRead(this.config);
    try {
      checkTable(db, this.config, this.columns);
    } catch (e) {
      db.close();
      throw e;
    }
    this.db = db;
  }

  private statementFor(bucket: number): SqliteStatement {
    let stmt = this.statements.get(bucket);
    if (stmt !== undefined) return stmt;
    const select = this.columns.map((c) => quoteIdentifier(c.name)).join(', ');
    const table = quoteIdentifier(this.config.tableName);
    const arity = this.keyColumns.length;
    let where: string;
    if (arity === 1) {
      where = `${quoteIdentifier(this.keyColumns[0]!.name)} IN (${new Array(bucket).fill('?').join(', ')})`;
    } else {
      const tuple = `(${new Array(arity).fill('?').join(', ')})`;
      const columns = this.keyColumns.map((c) => quoteIdentifier(c.name)).join(', ');
      where = `(${columns}) IN (VALUES ${new Array(bucket).fill(tuple).join(', ')})`;
    }
    stmt = this.db!.prepare(`SELECT ${select} FROM ${table} WHERE ${where}`).raw(true).safeIntegers(true);
    this.statements.set(bucket, stmt);
    return stmt;
  }

  lookupBatch(keys: readonly (readonly unknown[])[]): readonly (readonly Row[])[] {
    const results: Row[][] = keys.map(() => []);
    const byKey = new Map<string, number>();
    keys.forEach((key, i) => {
      byKey.set(serializeKeyRow(key.map((v, k) => normalizeKeyValue(v, this.keyColumns[k]!.type))), i);
    });
    for (let start = 0; start < keys.length; start += MAX_KEYS_PER_QUERY) {
      const chunk = keys.slice(start, start + MAX_KEYS_PER_QUERY);
      let bucket = 1;
      while (bucket < chunk.length) bucket *= 2;
      const params: unknown[] = [];
      for (let i = 0; i < bucket; i++) {
        const key = chunk[Math.min(i, chunk.length - 1)]!;
        for (let k = 0; k < key.length; k++) params.push(toSqlite(key[k], this.keyColumns[k]!.type));
      }
      const raw = withRetries(
        this.config.lookupMaxRetries,
        `Lookup in SQLite table '${this.config.tableName}'`,
        () => this.closeConnection(),
        () => {
          this.open();
          this.queries++;
          return this.statementFor(bucket).all(...params) as unknown[][];
        },
      );
      for (const values of raw) {
        const row = this.convert(values);
        const index = byKey.get(serializeKeyRow(this.keyFields.map((f) => row[f])));
        // a row the database matched but the engine would not (e.g. a NOCASE column) is dropped
        if (index !== undefined) results[index]!.push(row);
      }
    }
    return results;
  }

  private convert(values: readonly unknown[]): Row {
    return this.columns.map((c, i) =>
      fromSqlite(values[i], c.type, `column '${c.name}' of SQLite table '${this.config.tableName}'`),
    );
  }

  private closeConnection(): void {
    this.statements.clear();
    this.db?.close();
    this.db = undefined;
  }

  close(): void {
    this.closeConnection();
  }
}
