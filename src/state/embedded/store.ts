/**
 * The spill store of a write-back cache backend, and its SQLite implementation (`embedded`).
 *
 * `SpillStore` is what the cache (backend.ts) needs from a store: point reads, batched writes with an
 * exact row-count delta, ordered scans of key-group ranges. Two implement it: this file's SQLite
 * table (`state.backend.type = 'embedded'`) and the LevelDB store of `../leveldb/` (`'leveldb'`).
 *
 * SQLite: one database per statement and task (`<dataDir>/state/<statement>/<task>/state.sqlite`),
 * one table per operator. better-sqlite3 is synchronous, so a cache miss is answered inside the
 * per-record loop without leaving the thread (docs/state.md compares it with the LevelDB store).
 *
 * Rows are keyed by (key group, state name, serialised key), so one key group is one contiguous range
 * of the primary key: snapshots and restores read and write whole key groups. Values are the JSON text
 * of the tagged encoding (tagged-value.ts). The database is a working copy, not the durable copy —
 * checkpoints are — so it runs without journal or fsync, and a backend starts from an empty table.
 */

import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import Database from 'better-sqlite3';

type Db = Database.Database;

/** A row as stored: key group, state name, serialised key, JSON value. */
export type StoredRow = [group: number, state: string, key: string, value: string];

const openStores = new Map<string, { db: Db; refs: number; tables: Set<string> }>();

/** Makes a name safe as one path segment (statement and task names come from users). */
export function pathSegment(name: string): string {
  const safe = name.replace(/[^A-Za-z0-9._-]/g, (c) => `%${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
  return safe === '' || safe === '.' || safe === '..' ? `%${safe}` : safe;
}

/** The directory holding a task's state database. */
export function taskStateDir(dataDir: string, statement: string, task: string): string {
  return join(dataDir, 'state', pathSegment(statement), pathSegment(task));
}

/** What the write-back cache needs from its store; every call is synchronous. */
export interface SpillStore {
  /** The stored JSON value of one (key group, state, key), or undefined. */
  get(group: number, state: string, key: string): string | undefined;
  /**
   * Writes puts and deletes as one batch. `probedPuts` are rows whose presence in the store is
   * unknown. Returns the change in the row count caused by the deletes and probed puts (for plain
   * puts the caller knows whether each one adds a row).
   */
  write(puts: readonly StoredRow[], deletes: readonly StoredRow[], probedPuts?: readonly StoredRow[]): number;
  /** Number of rows (a full count: for after a restore, not for every metrics read). */
  count(): number;
  /** Rows of key groups `start..end` (inclusive), ordered by group, then state, then key. */
  scan(start: number, end: number): IterableIterator<StoredRow>;
  /** Key groups holding at least one row. */
  groups(): number[];
  /** Drops the operator's rows and closes the database once no operator of the task uses it. */
  release(): void;
}

/** Opens a fresh, empty store for one operator in a task's state directory. */
export type SpillStoreOpener = (dir: string, operator: string) => SpillStore;

/** The SQLite spill store: one table of the task's database. */
export class StoreTable implements SpillStore {
  private readonly getStmt: Database.Statement<[number, string, string], string>;
  private readonly putStmt: Database.Statement<[number, string, string, string]>;
  private readonly insertNewStmt: Database.Statement<[number, string, string, string]>;
  private readonly updateStmt: Database.Statement<[string, number, string, string]>;
  private readonly countStmt: Database.Statement<[], number>;
  private readonly deleteStmt: Database.Statement<[number, string, string]>;
  private readonly scanStmt: Database.Statement<[number, number], StoredRow>;
  private readonly groupsStmt: Database.Statement<[], number>;
  private readonly writeTx: (
    puts: readonly StoredRow[],
    deletes: readonly StoredRow[],
    probedPuts: readonly StoredRow[],
  ) => number;
  private released = false;

  constructor(
    private readonly dir: string,
    private readonly db: Db,
    private readonly table: string,
  ) {
    db.exec(
      `CREATE TABLE IF NOT EXISTS ${table} (grp INTEGER NOT NULL, st TEXT NOT NULL, k TEXT NOT NULL, v TEXT NOT NULL, PRIMARY KEY (grp, st, k)) WITHOUT ROWID`,
    );
    db.exec(`DELETE FROM ${table}`);
    this.getStmt = db.prepare<[number, string, string], string>(
      `SELECT v FROM ${table} WHERE grp = ? AND st = ? AND k = ?`,
    );
    this.getStmt.pluck();
    this.putStmt = db.prepare(`INSERT OR REPLACE INTO ${table} (grp, st, k, v) VALUES (?, ?, ?, ?)`);
    this.insertNewStmt = db.prepare(`INSERT OR IGNORE INTO ${table} (grp, st, k, v) VALUES (?, ?, ?, ?)`);
    this.updateStmt = db.prepare(`UPDATE ${table} SET v = ? WHERE grp = ? AND st = ? AND k = ?`);
    this.countStmt = db.prepare<[], number>(`SELECT COUNT(*) FROM ${table}`);
    this.countStmt.pluck();
    this.deleteStmt = db.prepare(`DELETE FROM ${table} WHERE grp = ? AND st = ? AND k = ?`);
    this.scanStmt = db.prepare<[number, number], StoredRow>(
      `SELECT grp, st, k, v FROM ${table} WHERE grp BETWEEN ? AND ? ORDER BY grp, st, k`,
    );
    this.scanStmt.raw(true);
    this.groupsStmt = db.prepare<[], number>(`SELECT DISTINCT grp FROM ${table}`);
    this.groupsStmt.pluck();
    this.writeTx = db.transaction(
      (puts: readonly StoredRow[], deletes: readonly StoredRow[], probedPuts: readonly StoredRow[]) => {
        let delta = 0;
        for (const row of deletes) delta -= this.deleteStmt.run(row[0], row[1], row[2]).changes;
        for (const row of puts) this.putStmt.run(row[0], row[1], row[2], row[3]);
        for (const row of probedPuts) {
          if (this.insertNewStmt.run(row[0], row[1], row[2], row[3]).changes > 0) delta++;
          else this.updateStmt.run(row[3], row[0], row[1], row[2]);
        }
        return delta;
      },
    );
  }

  get(group: number, state: string, key: string): string | undefined {
    return this.getStmt.get(group, state, key);
  }

  /**
   * Writes puts and deletes in one transaction (the batched write-back of dirty cache entries).
   * `probedPuts` are rows whose presence in the store is unknown: written so that the change in the
   * row count is known. Returns that change for the deletes and probed puts (plain puts: the caller
   * knows whether each one adds a row).
   */
  write(
    puts: readonly StoredRow[],
    deletes: readonly StoredRow[],
    probedPuts: readonly StoredRow[] = [],
  ): number {
    if (puts.length + deletes.length + probedPuts.length === 0) return 0;
    return this.writeTx(puts, deletes, probedPuts);
  }

  /** Number of rows (a full count: for after a restore, not for every metrics read). */
  count(): number {
    return this.countStmt.get() ?? 0;
  }

  /** Rows of key groups `start..end` (inclusive) in primary-key order. */
  scan(start: number, end: number): IterableIterator<StoredRow> {
    return this.scanStmt.iterate(start, end);
  }

  /** Key groups holding at least one row. */
  groups(): number[] {
    return this.groupsStmt.all();
  }

  /** Drops the table and closes the database when no other operator of the task uses it. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.db.exec(`DROP TABLE IF EXISTS ${this.table}`);
    const open = openStores.get(this.dir);
    open?.tables.delete(this.table);
    if (open !== undefined && --open.refs === 0) {
      openStores.delete(this.dir);
      open.db.close();
    }
  }
}

/** Opens (or shares) the task's database and returns a fresh, empty table for one operator. */
export function openStoreTable(dir: string, operator: string): StoreTable {
  let open = openStores.get(dir);
  if (open === undefined) {
    mkdirSync(dir, { recursive: true });
    const db = new Database(join(dir, 'state.sqlite'));
    // A scratch working copy: durability comes from checkpoints, so no journal and no fsync.
    db.pragma('journal_mode = OFF');
    db.pragma('synchronous = OFF');
    db.pragma('temp_store = MEMORY');
    open = { db, refs: 0, tables: new Set() };
    openStores.set(dir, open);
  }
  const table = `op_${Buffer.from(operator, 'utf8').toString('hex')}`;
  if (open.tables.has(table)) {
    throw new Error(
      `Operator '${operator}' already has an open state backend in ${dir}; dispose it first or give each operator a unique name`,
    );
  }
  open.tables.add(table);
  open.refs++;
  return new StoreTable(dir, open.db, table);
}
