/**
 * What Kafka and the Schema Registry cannot hold about a table — comments, the watermark, computed
 * and metadata columns, table options, the primary key — and the catalog's views and functions,
 * persisted in an embedded SQLite database (WAL journal, a `schema_migrations` table) under the
 * data directory. Entries are JSON documents keyed by (catalog, database, kind, name).
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

const MIGRATIONS: readonly string[] = [
  `CREATE TABLE catalog_objects (
     catalog TEXT NOT NULL, database TEXT NOT NULL, kind TEXT NOT NULL, name TEXT NOT NULL,
     document TEXT NOT NULL, updated_at INTEGER NOT NULL,
     PRIMARY KEY (catalog, database, kind, name))`,
];

export type ObjectKind = 'table' | 'view' | 'function';

export class MetadataStore {
  private readonly db: Database.Database;

  /** `dataDir` undefined keeps everything in memory (tests, `tributary check`). */
  constructor(dataDir?: string) {
    if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
    this.db = new Database(dataDir === undefined ? ':memory:' : join(dataDir, 'catalog-metadata.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.exec('CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY)');
    const applied = new Set(
      (this.db.prepare('SELECT version FROM schema_migrations').all() as { version: number }[]).map(
        (r) => r.version,
      ),
    );
    MIGRATIONS.forEach((sql, i) => {
      if (applied.has(i + 1)) return;
      this.db.transaction(() => {
        this.db.exec(sql);
        this.db.prepare('INSERT INTO schema_migrations (version) VALUES (?)').run(i + 1);
      })();
    });
  }

  get(catalog: string, database: string, kind: ObjectKind, name: string): unknown {
    const row = this.db
      .prepare(
        'SELECT document FROM catalog_objects WHERE catalog = ? AND database = ? AND kind = ? AND name = ?',
      )
      .get(catalog, database, kind, name) as { document: string } | undefined;
    return row === undefined ? undefined : JSON.parse(row.document);
  }

  put(catalog: string, database: string, kind: ObjectKind, name: string, document: unknown): void {
    this.db
      .prepare(
        `INSERT INTO catalog_objects (catalog, database, kind, name, document, updated_at) VALUES (?, ?, ?, ?, ?, ?)
         ON CONFLICT (catalog, database, kind, name) DO UPDATE SET document = excluded.document, updated_at = excluded.updated_at`,
      )
      .run(catalog, database, kind, name, JSON.stringify(document), Date.now());
  }

  delete(catalog: string, database: string, kind: ObjectKind, name: string): boolean {
    return (
      this.db
        .prepare('DELETE FROM catalog_objects WHERE catalog = ? AND database = ? AND kind = ? AND name = ?')
        .run(catalog, database, kind, name).changes > 0
    );
  }

  names(catalog: string, database: string, kind: ObjectKind): string[] {
    return (
      this.db
        .prepare(
          'SELECT name FROM catalog_objects WHERE catalog = ? AND database = ? AND kind = ? ORDER BY name',
        )
        .all(catalog, database, kind) as { name: string }[]
    ).map((r) => r.name);
  }

  close(): void {
    this.db.close();
  }
}
