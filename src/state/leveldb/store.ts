/**
 * The LevelDB spill store (`state.backend.type = 'leveldb'`): one LevelDB database per statement and
 * task, `<dir>/leveldb` under the task's state directory, served by one worker thread (worker.mjs)
 * and shared by the task's operators, each under its own key prefix (key-codec.ts). Calls are
 * synchronous (sync-worker.ts), so the write-back cache in front of it works exactly as with SQLite.
 *
 * The worker starts on the first call that needs the database: a store nothing was written to
 * answers every read itself (it starts empty), so operators that never spill cost no thread. A Bloom
 * filter of the pairs written answers most misses of new keys without a round trip (bloom.ts).
 */

import { join } from 'node:path';
import type { SpillStore, StoredRow } from '../embedded/store.ts';
import { GrowingBloomFilter } from './bloom.ts';
import {
  checkStateName,
  groupStart,
  keyAfter,
  operatorPrefix,
  packRowKeys,
  prefixEnd,
  rowKeyText,
  unpackRows,
} from './key-codec.ts';
import type { WriteReply } from './protocol.ts';
import { SyncLevelWorker } from './sync-worker.ts';

/** LevelDB's own block cache per database (uncompressed blocks; outside the JS heap). */
export const LEVELDB_BLOCK_CACHE_BYTES = 8 * 1024 * 1024;
/** LevelDB's memtable size per database (up to two are in memory while one is flushed). */
export const LEVELDB_WRITE_BUFFER_BYTES = 4 * 1024 * 1024;
/** Rows per scan round trip. */
const SCAN_CHUNK = 4096;

/** The LevelDB directory inside a task's state directory. */
export function levelDbDir(taskDir: string): string {
  return join(taskDir, 'leveldb');
}

/**
 * One task's database: the operators with a store in it, and the worker, which runs while at least
 * one of them holds rows. A store that never wrote (a source's, say) neither starts nor keeps it.
 */
class TaskDatabase {
  private worker: SyncLevelWorker | undefined;
  /** Operators with an open store (a name is unique per task). */
  readonly operators = new Set<string>();
  /** Stores that have written rows and are not released. */
  private holders = 0;

  constructor(readonly dir: string) {}

  /** The worker; opening the database (fresh, see worker.mjs) when it is not open. */
  connection(): SyncLevelWorker {
    if (this.worker === undefined) {
      const worker = new SyncLevelWorker(this.dir);
      try {
        worker.call({
          op: 'open',
          cacheBytes: LEVELDB_BLOCK_CACHE_BYTES,
          writeBufferBytes: LEVELDB_WRITE_BUFFER_BYTES,
        });
      } catch (e) {
        worker.close();
        throw e;
      }
      this.worker = worker;
    }
    return this.worker;
  }

  hold(): void {
    this.holders++;
  }

  /**
   * A store that held rows is released: its range is cleared, or, by the last holder, the database
   * is closed and its directory removed (the worker does both before it answers) and the thread ends.
   */
  letGo(gte: Uint8Array, lt: Uint8Array): void {
    if (--this.holders > 0) {
      this.connection().call({ op: 'clear', gte, lt });
      return;
    }
    const worker = this.worker;
    this.worker = undefined;
    worker?.close();
  }
}

const openDatabases = new Map<string, TaskDatabase>();

const EMPTY_ROWS: readonly StoredRow[] = [];

export class LevelSpillStore implements SpillStore {
  private readonly prefix: Uint8Array;
  private readonly end: Uint8Array;
  private readonly knownStates = new Set<string>();
  private readonly written = new GrowingBloomFilter();
  /** Rows were written: until then the store is empty and no read needs the worker. */
  private holding = false;
  private released = false;
  /** Reads that crossed to the worker, and reads answered "absent" here (empty store, Bloom filter). */
  readonly reads = { roundTrips: 0, answeredLocally: 0 };

  constructor(
    private readonly database: TaskDatabase,
    private readonly operator: string,
  ) {
    this.prefix = operatorPrefix(operator);
    this.end = prefixEnd(this.prefix);
  }

  /** Bytes of the Bloom filter of written keys (memory beside the cache budget). */
  get filterBytes(): number {
    return this.written.bytes;
  }

  get(group: number, state: string, key: string): string | undefined {
    if (!this.holding || !this.written.mightContain(state, key)) {
      this.reads.answeredLocally++;
      return undefined;
    }
    this.reads.roundTrips++;
    return this.database.connection().get(rowKeyText(this.prefix, group, state, key));
  }

  write(
    puts: readonly StoredRow[],
    deletes: readonly StoredRow[],
    probedPuts: readonly StoredRow[] = [],
  ): number {
    for (const row of puts) this.remember(row);
    for (const row of probedPuts) this.remember(row);
    if (!this.holding) {
      // Nothing stored yet: the deletes have nothing to remove and every probed put adds a row.
      const rows = probedPuts.length === 0 ? puts : [...puts, ...probedPuts];
      if (rows.length === 0) return 0;
      this.database.hold();
      this.holding = true;
      this.writeRows(rows, EMPTY_ROWS, EMPTY_ROWS);
      return probedPuts.length;
    }
    if (puts.length + deletes.length + probedPuts.length === 0) return 0;
    return this.writeRows(puts, deletes, probedPuts).delta;
  }

  count(): number {
    if (!this.holding) return 0;
    return this.database.connection().call({ op: 'count', gte: this.prefix, lt: this.end });
  }

  *scan(start: number, end: number): IterableIterator<StoredRow> {
    if (!this.holding) return;
    const lt = groupStart(this.prefix, end + 1);
    let gte = groupStart(this.prefix, start);
    for (;;) {
      const chunk = this.database.connection().call({ op: 'scan', gte, lt, limit: SCAN_CHUNK });
      yield* unpackRows(this.prefix.length, chunk.keys, chunk.values);
      if (!chunk.more || chunk.values.length === 0) return;
      const lastStart = chunk.keys.ends[chunk.values.length - 2] ?? 0;
      gte = keyAfter(chunk.keys.bytes.subarray(lastStart, chunk.keys.ends[chunk.values.length - 1]));
    }
  }

  groups(): number[] {
    if (!this.holding) return [];
    return this.database
      .connection()
      .call({ op: 'groups', gte: this.prefix, lt: this.end, groupAt: this.prefix.length });
  }

  /** Drops the operator's rows; the last store holding rows closes the database and its worker. */
  release(): void {
    if (this.released) return;
    this.released = true;
    const db = this.database;
    try {
      if (this.holding) db.letGo(this.prefix, this.end);
    } finally {
      this.holding = false;
      db.operators.delete(this.operator);
      if (db.operators.size === 0) openDatabases.delete(db.dir);
    }
  }

  private writeRows(
    puts: readonly StoredRow[],
    deletes: readonly StoredRow[],
    probed: readonly StoredRow[],
  ): WriteReply {
    return this.database.connection().call({
      op: 'write',
      deletes: packRowKeys(this.prefix, deletes),
      puts: packRowKeys(this.prefix, puts),
      putValues: puts.map((r) => r[3]),
      probed: packRowKeys(this.prefix, probed),
      probedValues: probed.map((r) => r[3]),
    });
  }

  private remember(row: StoredRow): void {
    if (!this.knownStates.has(row[1])) {
      checkStateName(row[1]);
      this.knownStates.add(row[1]);
    }
    this.written.add(row[1], row[2]);
  }
}

/**
 * A fresh, empty store for one operator of the task whose state directory is `taskDir`. The task's
 * database and worker are shared by its operators and closed when the last one is released.
 */
export function openLevelStore(taskDir: string, operator: string): LevelSpillStore {
  const dir = levelDbDir(taskDir);
  let db = openDatabases.get(dir);
  if (db === undefined) {
    db = new TaskDatabase(dir);
    openDatabases.set(dir, db);
  }
  if (db.operators.has(operator)) {
    throw new Error(
      `Operator '${operator}' already has an open state backend in ${dir}; dispose it first or give each operator a unique name`,
    );
  }
  db.operators.add(operator);
  // A released operator's rows were cleared, and a database that was closed starts empty, so a new
  // store of an operator starts empty without a round trip.
  return new LevelSpillStore(db, operator);
}
