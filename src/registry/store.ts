import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import type { SchemaReference, SchemaType } from './schemas/types.ts';

export interface SchemaRow {
  readonly id: number;
  readonly schemaType: SchemaType;
  readonly schema: string;
  readonly references: readonly SchemaReference[];
}

export interface VersionRow {
  readonly subject: string;
  readonly version: number;
  readonly schemaId: number;
  readonly deleted: boolean;
}

/** Ordered migrations; each runs once, recorded in schema_migrations. Append only. */
const MIGRATIONS: readonly string[] = [
  `CREATE TABLE schemas (
     id INTEGER PRIMARY KEY AUTOINCREMENT, -- AUTOINCREMENT: ids of deleted schemas are never reused
     schema_type TEXT NOT NULL,
     schema TEXT NOT NULL,
     fingerprint TEXT NOT NULL UNIQUE,
     references_json TEXT NOT NULL
   );
   CREATE TABLE subject_versions (
     subject TEXT NOT NULL,
     version INTEGER NOT NULL,
     schema_id INTEGER NOT NULL REFERENCES schemas(id),
     deleted INTEGER NOT NULL DEFAULT 0,
     PRIMARY KEY (subject, version)
   );
   CREATE INDEX subject_versions_by_schema ON subject_versions(schema_id);
   CREATE TABLE schema_references (
     schema_id INTEGER NOT NULL REFERENCES schemas(id),
     name TEXT NOT NULL,
     subject TEXT NOT NULL,
     version INTEGER NOT NULL
   );
   CREATE INDEX schema_references_by_target ON schema_references(subject, version);
   CREATE TABLE configs (subject TEXT PRIMARY KEY, compatibility TEXT NOT NULL);
   CREATE TABLE modes (subject TEXT PRIMARY KEY, mode TEXT NOT NULL);`,
];

/** Key under which the global config and mode are stored (subjects are never empty). */
export const GLOBAL = '';

interface RawSchema {
  id: number;
  schema_type: string;
  schema: string;
  references_json: string;
}
interface RawVersion {
  subject: string;
  version: number;
  schema_id: number;
  deleted: number;
}

export class RegistryStore {
  private readonly db: Database.Database;

  constructor(dataDir: string | undefined) {
    if (dataDir !== undefined) mkdirSync(dataDir, { recursive: true });
    this.db = new Database(dataDir === undefined ? ':memory:' : join(dataDir, 'registry.sqlite'));
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('foreign_keys = ON');
    this.migrate();
  }

  private migrate(): void {
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)',
    );
    const row = this.db.prepare('SELECT MAX(version) AS v FROM schema_migrations').get() as {
      v: number | null;
    };
    const applied = row.v ?? 0;
    MIGRATIONS.forEach((sql, index) => {
      const version = index + 1;
      if (version <= applied) return;
      this.db.transaction(() => {
        this.db.exec(sql);
        this.db
          .prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)')
          .run(version, new Date().toISOString());
      })();
    });
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn)();
  }

  close(): void {
    this.db.close();
  }

  schemaById(id: number): SchemaRow | undefined {
    const row = this.db.prepare('SELECT * FROM schemas WHERE id = ?').get(id) as RawSchema | undefined;
    return row && toSchema(row);
  }

  schemaByFingerprint(fingerprint: string): SchemaRow | undefined {
    const row = this.db.prepare('SELECT * FROM schemas WHERE fingerprint = ?').get(fingerprint) as
      | RawSchema
      | undefined;
    return row && toSchema(row);
  }

  insertSchema(
    schemaType: SchemaType,
    schema: string,
    fingerprint: string,
    references: readonly SchemaReference[],
    id?: number,
  ): number {
    const result = this.db
      .prepare(
        'INSERT INTO schemas (id, schema_type, schema, fingerprint, references_json) VALUES (?, ?, ?, ?, ?)',
      )
      .run(id ?? null, schemaType, schema, fingerprint, JSON.stringify(references));
    const newId = Number(result.lastInsertRowid);
    const insertRef = this.db.prepare(
      'INSERT INTO schema_references (schema_id, name, subject, version) VALUES (?, ?, ?, ?)',
    );
    for (const ref of references) insertRef.run(newId, ref.name, ref.subject, ref.version);
    return newId;
  }

  /** Drops a schema no subject-version points at any more (its id stays burnt). */
  deleteSchemaIfUnused(id: number): void {
    const used = this.db.prepare('SELECT 1 FROM subject_versions WHERE schema_id = ? LIMIT 1').get(id);
    if (used !== undefined) return;
    this.db.prepare('DELETE FROM schema_references WHERE schema_id = ?').run(id);
    this.db.prepare('DELETE FROM schemas WHERE id = ?').run(id);
  }

  versions(subject: string, includeDeleted: boolean): VersionRow[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM subject_versions WHERE subject = ? ${includeDeleted ? '' : 'AND deleted = 0'} ORDER BY version`,
      )
      .all(subject) as RawVersion[];
    return rows.map(toVersion);
  }

  maxVersion(subject: string): number {
    const row = this.db
      .prepare('SELECT MAX(version) AS v FROM subject_versions WHERE subject = ?')
      .get(subject) as {
      v: number | null;
    };
    return row.v ?? 0;
  }

  insertVersion(subject: string, version: number, schemaId: number): void {
    this.db
      .prepare('INSERT INTO subject_versions (subject, version, schema_id, deleted) VALUES (?, ?, ?, 0)')
      .run(subject, version, schemaId);
  }

  markDeleted(subject: string, version: number): void {
    this.db
      .prepare('UPDATE subject_versions SET deleted = 1 WHERE subject = ? AND version = ?')
      .run(subject, version);
  }

  deleteVersion(subject: string, version: number): void {
    this.db.prepare('DELETE FROM subject_versions WHERE subject = ? AND version = ?').run(subject, version);
  }

  subjects(includeDeleted: boolean, prefix: string): string[] {
    const rows = this.db
      .prepare(
        `SELECT DISTINCT subject FROM subject_versions
         WHERE substr(subject, 1, ?) = ? ${includeDeleted ? '' : 'AND deleted = 0'} ORDER BY subject`,
      )
      .all(prefix.length, prefix) as { subject: string }[];
    return rows.map((r) => r.subject);
  }

  hasAnyVersions(): boolean {
    return this.db.prepare('SELECT 1 FROM subject_versions LIMIT 1').get() !== undefined;
  }

  versionsOfSchema(id: number, includeDeleted: boolean): VersionRow[] {
    const rows = this.db
      .prepare(
        `SELECT * FROM subject_versions WHERE schema_id = ? ${includeDeleted ? '' : 'AND deleted = 0'}
         ORDER BY subject, version`,
      )
      .all(id) as RawVersion[];
    return rows.map(toVersion);
  }

  /** Ids of schemas, still registered under a live subject-version, that reference subject/version. */
  referencedBy(subject: string, version: number): number[] {
    const rows = this.db
      .prepare(
        `SELECT DISTINCT r.schema_id AS id FROM schema_references r
         WHERE r.subject = ? AND r.version = ?
           AND EXISTS (SELECT 1 FROM subject_versions v WHERE v.schema_id = r.schema_id AND v.deleted = 0)
         ORDER BY id`,
      )
      .all(subject, version) as { id: number }[];
    return rows.map((r) => r.id);
  }

  config(subject: string): string | undefined {
    const row = this.db.prepare('SELECT compatibility FROM configs WHERE subject = ?').get(subject) as
      | { compatibility: string }
      | undefined;
    return row?.compatibility;
  }

  setConfig(subject: string, compatibility: string): void {
    this.db
      .prepare(
        'INSERT INTO configs (subject, compatibility) VALUES (?, ?) ON CONFLICT(subject) DO UPDATE SET compatibility = excluded.compatibility',
      )
      .run(subject, compatibility);
  }

  deleteConfig(subject: string): void {
    this.db.prepare('DELETE FROM configs WHERE subject = ?').run(subject);
  }

  mode(subject: string): string | undefined {
    const row = this.db.prepare('SELECT mode FROM modes WHERE subject = ?').get(subject) as
      | { mode: string }
      | undefined;
    return row?.mode;
  }

  setMode(subject: string, mode: string): void {
    this.db
      .prepare(
        'INSERT INTO modes (subject, mode) VALUES (?, ?) ON CONFLICT(subject) DO UPDATE SET mode = excluded.mode',
      )
      .run(subject, mode);
  }

  deleteMode(subject: string): void {
    this.db.prepare('DELETE FROM modes WHERE subject = ?').run(subject);
  }
}

function toSchema(row: RawSchema): SchemaRow {
  return {
    id: row.id,
    schemaType: row.schema_type as SchemaType,
    schema: row.schema,
    references: JSON.parse(row.references_json) as SchemaReference[],
  };
}

function toVersion(row: RawVersion): VersionRow {
  return { subject: row.subject, version: row.version, schemaId: row.schema_id, deleted: row.deleted === 1 };
}
