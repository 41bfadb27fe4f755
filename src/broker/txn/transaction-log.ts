/**
 * Durable transaction-coordinator state: a snapshot (`transactions.json`, rewritten atomically) plus
 * a journal (`transactions.journal`, one fsynced JSON line per changed transactional id). A change
 * costs one small append instead of rewriting every id — a two-phase-commit sink uses a new
 * transactional id per checkpoint, so the ids number in the thousands. Opening replays the journal
 * over the snapshot (a torn last line from a crash is ignored) and compacts both into a fresh
 * snapshot; the journal is compacted again once it outgrows the snapshot.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

export interface StoredState<M> {
  nextProducerId: number;
  transactions: Map<string, M>;
}

interface JournalLine<M> {
  /** The producer-id counter after the change. */
  readonly n: number;
  /** The transactional id changed (absent for a counter-only change). */
  readonly t?: string;
  /** Its state; absent when it was removed (expired). */
  readonly m?: M;
}

const MIN_COMPACTION_BYTES = 1 << 20;

export class TransactionLog<M> {
  private readonly snapshotPath: string;
  private readonly journalPath: string;
  private journalFd: number | undefined;
  private journalBytes = 0;
  private snapshotBytes = 0;

  constructor(dataDir: string) {
    this.snapshotPath = path.join(dataDir, 'transactions.json');
    this.journalPath = path.join(dataDir, 'transactions.journal');
  }

  /** Reads the snapshot and the journal, then compacts them; returns the state. */
  open(initialProducerId: number): StoredState<M> {
    const state: StoredState<M> = { nextProducerId: initialProducerId, transactions: new Map() };
    if (fs.existsSync(this.snapshotPath)) {
      const s = JSON.parse(fs.readFileSync(this.snapshotPath, 'utf8')) as {
        nextProducerId: number;
        transactions: Record<string, M>;
      };
      state.nextProducerId = s.nextProducerId;
      for (const [tid, meta] of Object.entries(s.transactions)) state.transactions.set(tid, meta);
    }
    if (fs.existsSync(this.journalPath)) {
      const lines = fs.readFileSync(this.journalPath, 'utf8').split('\n');
      for (const [i, line] of lines.entries()) {
        if (line === '') continue;
        let entry: JournalLine<M>;
        try {
          entry = JSON.parse(line) as JournalLine<M>;
        } catch (e) {
          if (i >= lines.length - 2) break; // the last line, torn by a crash mid-append
          throw new Error(`${this.journalPath}: line ${i + 1} is corrupt (${String(e)})`);
        }
        state.nextProducerId = Math.max(state.nextProducerId, entry.n);
        if (entry.t === undefined) continue;
        if (entry.m === undefined) state.transactions.delete(entry.t);
        else state.transactions.set(entry.t, entry.m);
      }
    }
    this.compact(state);
    return state;
  }

  /** Appends one change durably (fsync) and compacts when the journal outgrew the snapshot. */
  append(state: StoredState<M>, transactionalId?: string): void {
    const line: JournalLine<M> =
      transactionalId === undefined
        ? { n: state.nextProducerId }
        : { n: state.nextProducerId, t: transactionalId, m: state.transactions.get(transactionalId) };
    const bytes = Buffer.from(`${JSON.stringify(line)}\n`);
    this.journalFd ??= fs.openSync(this.journalPath, 'a');
    fs.writeSync(this.journalFd, bytes);
    fs.fsyncSync(this.journalFd);
    this.journalBytes += bytes.length;
    if (this.journalBytes > Math.max(MIN_COMPACTION_BYTES, 4 * this.snapshotBytes)) this.compact(state);
  }

  /** Writes the whole state as the snapshot (temp + fsync + rename), then empties the journal. */
  compact(state: StoredState<M>): void {
    const text = JSON.stringify({
      nextProducerId: state.nextProducerId,
      transactions: Object.fromEntries(state.transactions),
    });
    const tmp = `${this.snapshotPath}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    fs.writeSync(fd, text);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, this.snapshotPath);
    this.snapshotBytes = text.length;
    if (this.journalFd !== undefined) fs.closeSync(this.journalFd);
    this.journalFd = fs.openSync(this.journalPath, 'w');
    fs.fsyncSync(this.journalFd);
    this.journalBytes = 0;
  }

  close(): void {
    if (this.journalFd !== undefined) fs.closeSync(this.journalFd);
    this.journalFd = undefined;
  }
}
