/**
 * The gateway's SQLite database (better-sqlite3, WAL): environments, compute pools, statements, API
 * keys and the DDL replayed into in-memory catalogs on start-up. Schema changes are numbered
 * migrations recorded in `migrations`, applied in order inside a transaction.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

export type Db = Database.Database;

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE environments (name TEXT PRIMARY KEY, doc TEXT NOT NULL);
   CREATE TABLE compute_pools (environment TEXT NOT NULL, name TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (environment, name));
   CREATE TABLE statements (environment TEXT NOT NULL, name TEXT NOT NULL, created TEXT NOT NULL, phase TEXT NOT NULL, doc TEXT NOT NULL, PRIMARY KEY (environment, name));
   CREATE INDEX statements_by_created ON statements (environment, created, name);
   CREATE TABLE api_keys (id TEXT PRIMARY KEY, doc TEXT NOT NULL);
   CREATE TABLE catalog_ddl (seq INTEGER PRIMARY KEY AUTOINCREMENT, environment TEXT NOT NULL, sql TEXT NOT NULL, properties TEXT NOT NULL);`,
];

export function openDatabase(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'gateway.db'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('foreign_keys = ON');
  migrate(db);
  return db;
}

function migrate(db: Db): void {
  db.exec('CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)');
  const row = db.prepare('SELECT MAX(version) AS v FROM migrations').get() as { v: number | null };
  const current = row.v ?? 0;
  MIGRATIONS.forEach((sql, i) => {
    const version = i + 1;
    if (version <= current) return;
    db.transaction(() => {
      db.exec(sql);
      db.prepare('INSERT INTO migrations (version, applied_at) VALUES (?, ?)').run(
        version,
        new Date().toISOString(),
      );
    })();
  });
}
