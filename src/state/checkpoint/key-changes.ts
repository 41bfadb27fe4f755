/**
 * Which keys changed since the last incremental snapshot, per state: the bookkeeping behind per-key
 * delta checkpoints of the `hashmap`, `embedded` and `leveldb` backends.
 *
 * Two ways, chosen by the backend per state:
 * - a `ChangedKeys` cell: the state's write paths add the key to `cell.keys` (one Set.add). A capture
 *   swaps every cell's Set for a fresh one (the job thread never copies the Set) and keeps the
 *   swapped-out Sets as the changes of that pending checkpoint until it is confirmed, so the changes
 *   of a checkpoint that fails reach the next delta;
 * - an `EpochChanges` cell (the `hashmap` value and list states): every stored entry carries the
 *   epoch of its last write, every capture closes an epoch, and a delta is every entry stamped after
 *   its base's capture plus the keys removed since — so a failed checkpoint's changes are in the next
 *   delta by construction, and a write costs no Set insertion (which cost ~260 ns and a retained copy
 *   of the key per write at 100 000 keys).
 */

/** The keys of one state changed since the last capture; `keys` is undefined while not tracking. */
export interface ChangedKeys {
  keys: Set<string> | undefined;
}

/** The current change epoch: a write stamps its entry with it; every capture starts a new one. */
export interface ChangeEpoch {
  epoch: number;
}

/**
 * Change tracking by epoch, for a state whose stored entries carry the epoch of their last write
 * (the `hashmap` backend's value and list states): a write costs one integer store into an entry that
 * exists anyway, and a delta is every entry newer than its base's capture. Removed keys cannot carry
 * an epoch, so they go into `removed` (key → epoch of the removal; undefined while not tracking).
 */
export interface EpochChanges {
  readonly clock: ChangeEpoch;
  removed: Map<string, number> | undefined;
}

/** Keys to write for one delta: state name → changed keys (present ones get their value, others a tombstone). */
export type ChangedKeysByState = Map<string, Set<string>>;

interface PendingCapture {
  /** A full capture (everything): no delta can be taken across it against an earlier base. */
  readonly full: boolean;
  readonly changes: ChangedKeysByState;
  readonly timers: boolean;
  /** The epoch the capture closed: entries stamped later changed after it. */
  readonly epoch: number;
}

export class KeyChangeTracker {
  private readonly cells = new Map<string, ChangedKeys>();
  private readonly epochCells = new Map<string, EpochChanges>();
  /** Shared by every epoch-tracked state; starts at 1 so that 0 means "before everything". */
  readonly clock: ChangeEpoch = { epoch: 1 };
  private readonly pending = new Map<number, PendingCapture>();
  /** The checkpoint the backend's state was last confirmed equal to (a delta base), if any. */
  private baseline: number | undefined;
  /** The epoch `baseline`'s capture closed (entries stamped later are not in it). */
  private baselineEpoch = 0;
  private tracking: boolean;
  /** Nothing was ever captured and no state was restored: the changed keys are the whole state. */
  private sinceEmpty: boolean;
  /** A timer changed since the last capture. */
  timersChanged = false;
  /** Nothing is tracked until the next capture, which must then be full (see pauseUntilNextCapture). */
  private paused = false;

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

  /** The epoch cell of a state whose entries carry their write epoch (see EpochChanges). */
  epochCell(state: string): EpochChanges {
    let cell = this.epochCells.get(state);
    if (cell === undefined) {
      cell = { clock: this.clock, removed: this.tracking ? new Map() : undefined };
      this.epochCells.set(state, cell);
    }
    return cell;
  }

  /**
   * Starts capture `checkpointId` against `base`: the keys to write for a delta against it, or
   * `undefined` when only a full capture will do (no such base, or tracking began after it). Either
   * way the current changes are swapped out and tracking is on from here. For epoch-tracked states,
   * a delta holds the entries stamped after `sinceEpoch` and the keys removed after it.
   */
  capture(
    checkpointId: number,
    base: number | undefined,
  ): {
    readonly delta: ChangedKeysByState | undefined;
    readonly timersChanged: boolean;
    readonly sinceEpoch: number;
  } {
    const current: ChangedKeysByState = new Map();
    for (const [state, cell] of this.cells) {
      if (cell.keys !== undefined && cell.keys.size > 0) current.set(state, cell.keys);
      cell.keys = new Set();
    }
    const fromEmpty = this.sinceEmpty && base === undefined;
    let delta: ChangedKeysByState | undefined;
    let timersChanged = this.timersChanged;
    if (this.paused) delta = undefined;
    else if (fromEmpty) delta = current;
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
    // a delta from empty holds every entry; one against the baseline what was stamped after its capture
    const sinceEpoch = fromEmpty ? 0 : this.baselineEpoch;
    const epoch = this.clock.epoch++;
    this.pending.set(checkpointId, {
      full: delta === undefined,
      changes: current,
      timers: this.timersChanged,
      epoch,
    });
    this.tracking = true;
    this.sinceEmpty = false;
    this.paused = false;
    this.timersChanged = false;
    for (const cell of this.epochCells.values()) cell.removed ??= new Map();
    return { delta, timersChanged: delta === undefined || timersChanged, sinceEpoch };
  }

  /** Checkpoint `checkpointId` is durable: later deltas may build on it. */
  confirm(checkpointId: number): void {
    const confirmed = this.pending.get(checkpointId);
    if (confirmed === undefined) return;
    this.baseline = checkpointId;
    this.baselineEpoch = confirmed.epoch;
    for (const id of [...this.pending.keys()]) if (id <= checkpointId) this.pending.delete(id);
    // removals up to the new base are in it: no later delta needs them
    for (const cell of this.epochCells.values()) {
      if (cell.removed === undefined) continue;
      for (const [key, epoch] of cell.removed) if (epoch <= confirmed.epoch) cell.removed.delete(key);
    }
  }

  /** The state now equals checkpoint `checkpointId` (a whole restore): deltas start from it. */
  resetTo(checkpointId: number): void {
    this.baseline = checkpointId;
    this.baselineEpoch = this.clock.epoch++;
    this.pending.clear();
    this.sinceEmpty = false;
    this.paused = false;
    this.tracking = true;
    for (const cell of this.cells.values()) cell.keys = new Set();
    for (const cell of this.epochCells.values()) cell.removed = new Map();
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
    for (const cell of this.epochCells.values()) cell.removed = undefined;
  }

  /**
   * Stops tracking until the next capture, which will then be full. The `hashmap` backend calls it
   * when a delta held most of its keys: under such churn a full capture costs no more than a delta
   * (and restarts the chain, which would soon be compacted anyway), and the writes until then skip
   * the bookkeeping — one Set.add per write, the largest cost of incremental checkpoints there.
   */
  pauseUntilNextCapture(): void {
    this.paused = true;
    this.tracking = false;
    for (const cell of this.cells.values()) cell.keys = undefined;
    for (const cell of this.epochCells.values()) cell.removed = undefined;
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
