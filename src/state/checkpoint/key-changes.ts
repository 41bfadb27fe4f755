/**
 * Which keys changed since the last incremental snapshot, per state: the bookkeeping behind per-key
 * delta checkpoints of the `hashmap`, `embedded` and `leveldb` backends.
 *
 * Each state holds a `ChangedKeys` cell; its write paths add the key to `cell.keys` (one Set.add).
 * A capture swaps every cell's Set for a fresh one (the job thread never copies the Set) and keeps the
 * swapped-out Sets as the changes of that pending checkpoint until it is confirmed, so the changes of
 * a checkpoint that fails reach the next delta.
 */

/** The keys of one state changed since the last capture; `keys` is undefined while not tracking. */
export interface ChangedKeys {
  keys: Set<string> | undefined;
}

/** Keys to write for one delta: state name → changed keys (present ones get their value, others a tombstone). */
export type ChangedKeysByState = Map<string, Set<string>>;

interface PendingCapture {
  /** A full capture (everything): no delta can be taken across it against an earlier base. */
  readonly full: boolean;
  readonly changes: ChangedKeysByState;
  readonly timers: boolean;
}

export class KeyChangeTracker {
  private readonly cells = new Map<string, ChangedKeys>();
  private readonly pending = new Map<number, PendingCapture>();
  /** The checkpoint the backend's state was last confirmed equal to (a delta base), if any. */
  private baseline: number | undefined;
  private tracking: boolean;
  /** Nothing was ever captured and no state was restored: the changed keys are the whole state. */
  private sinceEmpty: boolean;
  /** A timer changed since the last capture. */
  timersChanged = false;

  /**
   * `trackFromStart`: record changes from the first write (so the first capture can be a delta from
   * empty); otherwise tracking starts with the first capture, and writes before it cost nothing.
   */
  constructor(trackFromStart: boolean) {
    this.tracking = trackFromStart;
    this.sinceEmpty = trackFromStart;
  }

  /** The cell a state adds its changed keys to. */
  cell(state: string): ChangedKeys {
    let cell = this.cells.get(state);
    if (cell === undefined) {
      cell = { keys: this.tracking ? new Set() : undefined };
      this.cells.set(state, cell);
    }
    return cell;
  }

  /**
   * Starts capture `checkpointId` against `base`: the keys to write for a delta against it, or
   * `undefined` when only a full capture will do (no such base, or tracking began after it). Either
   * way the current changes are swapped out and tracking is on from here.
   */
  capture(
    checkpointId: number,
    base: number | undefined,
  ): { readonly delta: ChangedKeysByState | undefined; readonly timersChanged: boolean } {
    const current: ChangedKeysByState = new Map();
    for (const [state, cell] of this.cells) {
      if (cell.keys !== undefined && cell.keys.size > 0) current.set(state, cell.keys);
      cell.keys = new Set();
    }
    const fromEmpty = this.sinceEmpty && base === undefined;
    let delta: ChangedKeysByState | undefined;
    let timersChanged = this.timersChanged;
    if (fromEmpty) delta = current;
    else if (base !== undefined && base === this.baseline) {
      const unconfirmed = [...this.pending].filter(([id]) => id > base).map(([, p]) => p);
      if (unconfirmed.some((p) => p.full)) delta = undefined;
      else if (unconfirmed.length === 0) delta = current;
      else {
        // Failed or unconfirmed captures since the base: their changes belong to this delta too.
        delta = new Map();
        for (const p of unconfirmed) {
          mergeInto(delta, p.changes);
          timersChanged ||= p.timers;
        }
        mergeInto(delta, current);
      }
    }
    this.pending.set(checkpointId, {
      full: delta === undefined,
      changes: current,
      timers: this.timersChanged,
    });
    this.tracking = true;
    this.sinceEmpty = false;
    this.timersChanged = false;
    return { delta, timersChanged: delta === undefined || timersChanged };
  }

  /** Checkpoint `checkpointId` is durable: later deltas may build on it. */
  confirm(checkpointId: number): void {
    if (!this.pending.has(checkpointId)) return;
    this.baseline = checkpointId;
    for (const id of [...this.pending.keys()]) if (id <= checkpointId) this.pending.delete(id);
  }

  /** The state now equals checkpoint `checkpointId` (a whole restore): deltas start from it. */
  resetTo(checkpointId: number): void {
    this.baseline = checkpointId;
    this.pending.clear();
    this.sinceEmpty = false;
    this.tracking = true;
    for (const cell of this.cells.values()) cell.keys = new Set();
    this.timersChanged = false;
  }

  /**
   * Gives up tracking from empty before the first capture (a spilling backend calls it when it first
   * evicts: the first capture will scan its store then, and remembering every key ever written would
   * hold memory the cache budget does not count).
   */
  stopTrackingFromEmpty(): void {
    if (!this.sinceEmpty) return;
    this.sinceEmpty = false;
    this.tracking = false;
    for (const cell of this.cells.values()) cell.keys = undefined;
  }

  /** State was added by a restore that is no delta base: the next capture must be full. */
  invalidate(): void {
    this.baseline = undefined;
    this.sinceEmpty = false;
  }
}

function mergeInto(target: ChangedKeysByState, source: ChangedKeysByState): void {
  for (const [state, keys] of source) {
    const into = target.get(state);
    if (into === undefined) target.set(state, new Set(keys));
    else for (const k of keys) into.add(k);
  }
}
