/**
 * The SQLite side of the jdbc connector: opening the database file (better-sqlite3, synchronous),
 * checking that the table and the declared columns exist, creating a sink's table when it is
 * missing, quoting identifiers, and retrying statements that fail on the database (e.g. SQLITE_BUSY
 * while another connection writes) after reopening the connection, as Flink's JDBC connector does.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { ConnectorOptionError } from '../options.ts';
import type { JdbcColumn, JdbcConfig } from './options.ts';
import { sqliteColumnType } from './types.ts';

export type SqliteDatabase = Database.Database;
export type SqliteStatement = Database.Statement<unknown[], unknown>;

/** How long a statement waits for another connection's lock before failing with SQLITE_BUSY. */
const BUSY_TIMEOUT_MS = 1000;

/** `"name"`, with embedded quotes doubled: every table and column name is quoted this way. */
export const quoteIdentifier = (name: string): string => `"${name.replaceAll('"', '""')}"`;

/** Opens the database for reading (lookups, scans): the file must exist. */
export function openForRead(config: JdbcConfig): SqliteDatabase {
  if (!existsSync(config.databasePath)) {
    throw new ConnectorOptionError(
      `SQLite database '${config.databasePath}' (url '${config.url}') does not exist; create it first, e.g. by an INSERT INTO a jdbc table with this url (the sink creates the file and the table)`,
    );
  }
  return new Database(config.databasePath, { fileMustExist: true, timeout: BUSY_TIMEOUT_MS });
}

/** Opens (creating when missing) the database for writing; WAL, so open readers do not block writes. */
export function openForWrite(config: JdbcConfig): SqliteDatabase {
  mkdirSync(dirname(config.databasePath), { recursive: true });
  const db = new Database(config.databasePath, { timeout: BUSY_TIMEOUT_MS });
  db.pragma('journal_mode = WAL');
  return db;
}

interface SqliteColumnInfo {
  readonly name: string;
  readonly type: string;
  readonly pk: number;
}

function tableColumns(db: SqliteDatabase, table: string): SqliteColumnInfo[] {
  return db.prepare(`PRAGMA table_info(${quoteIdentifier(table)})`).all() as SqliteColumnInfo[];
}

/** Checks that `columns` exist in the SQLite table; errors name what is missing and what is there. */
export function checkTable(db: SqliteDatabase, config: JdbcConfig, columns: readonly JdbcColumn[]): void {
  const existing = tableColumns(db, config.tableName);
  if (existing.length === 0) {
    throw new ConnectorOptionError(
      `SQLite table '${config.tableName}' does not exist in '${config.databasePath}'; check 'table-name', or create the table (an INSERT INTO the jdbc table creates it)`,
    );
  }
  const names = new Set(existing.map((c) => c.name.toLowerCase()));
  const missing = columns.filter((c) => !names.has(c.name.toLowerCase()));
  if (missing.length > 0) {
    throw new ConnectorOptionError(
      `SQLite table '${config.tableName}' has no column ${missing.map((c) => `'${c.name}'`).join(', ')}; its columns are ${existing.map((c) => c.name).join(', ')}. Declare the Flink table with those names.`,
    );
  }
}

/**
 * Creates the sink's table when it does not exist (a convenience beyond Flink, whose JDBC sink needs
 * the table beforehand): columns typed by their SQLite affinity, NOT NULL as declared, and the
 * primary key, which upserts need as their conflict target.
 */
export function createTableIfMissing(db: SqliteDatabase, config: JdbcConfig): void {
  const columns = config.columns.map(
    (c) => `${quoteIdentifier(c.name)} ${sqliteColumnType(c.type)}${c.type.nullable ? '' : ' NOT NULL'}`,
  );
  if (config.primaryKey !== undefined && config.primaryKey.length > 0) {
    columns.push(`PRIMARY KEY (${config.primaryKey.map(quoteIdentifier).join(', ')})`);
  }
  db.exec(`CREATE TABLE IF NOT EXISTS ${quoteIdentifier(config.tableName)} (${columns.join(', ')})`);
}

/** A failure of SQLite itself (busy, locked, I/O), as opposed to a value the connector refused. */
export const isSqliteError = (e: unknown): boolean => e instanceof Database.SqliteError;

/**
 * Runs `attempt`; when it fails on the database, drops the connection (`disconnect`; the next attempt
 * connects afresh) and tries again, up to `maxRetries` more times. Errors that are not SQLite's (bad
 * values) are thrown at once.
 */
export function withRetries<R>(
  maxRetries: number,
  what: string,
  disconnect: () => void,
  attempt: () => R,
): R {
  for (let retry = 0; ; retry++) {
    try {
      return attempt();
    } catch (e) {
      if (!isSqliteError(e)) throw e;
      if (retry >= maxRetries) {
        const message = e instanceof Error ? e.message : String(e);
        throw new Error(
          `${what} failed after ${retry + 1} attempt${retry === 0 ? '' : 's'}: ${message} (raise the connector's max-retries option if the database is busy)`,
          { cause: e },
        );
      }
      disconnect();
    }
  }
}
