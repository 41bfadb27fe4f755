/**
 * Keyed state in binary form (values as in binary-value.ts): what checkpoints capture and write.
 *
 * A **part** is a sequence of state blocks, `[state name][kind]` then entries, each `ENTRY key value`
 * or `REMOVED key` (a delta's tombstone), then `BLOCK_END`. Parts are applied in order, a later entry
 * of a key replacing an earlier one; one after the other they read as one part. A capture writes all
 * of its states into one part, so taking a copy of 100 000 accumulators is one pass of typed-array
 * writes; a part is held as the writer's chunks and written to its file chunk by chunk.
 *
 * A **file** is `TBS1`, a u32 length, a JSON header (the snapshot's small fields: backend, max
 * parallelism, timers), then one part.
 */

import { ValueReader, ValueWriter } from './binary-value.ts';
import { keyGroupOf } from './keys.ts';
import type { KeyedStateSnapshot } from './state.ts';
import { type Encoded, encodeValue } from './tagged-value.ts';

/** A removed key, as `forEachEntry` reports it. */
export const ABSENT: unique symbol = Symbol('absent');

/** Before an entry with a value, before a removed key, and after a block's last entry. */
const ENTRY = 1;
const REMOVED = 2;
const BLOCK_END = 0;

/** Writes state blocks into one part (a list of chunks, see ValueWriter). */
export class StatePartWriter {
  private readonly w: ValueWriter;
  private open = false;
  /** Entries written so far, in all blocks (deferred ones included). */
  total = 0;
  private readonly deferred: DeferredBlock[] = [];
  private deferredBlock: DeferredBlock | undefined;
  private stateName = '';
  private stateKind = '';

  constructor(firstChunkBytes?: number) {
    this.w = new ValueWriter(firstChunkBytes);
  }

  /** Starts the block of state `name`; entries follow until the next block or `finish`. */
  beginState(name: string, kind: string): void {
    this.endState();
    this.w.string(name);
    this.w.string(kind);
    this.open = true;
    this.stateName = name;
    this.stateKind = kind;
    this.deferredBlock = undefined;
  }

  /**
   * An entry whose encoding may wait until after the capture when its value is immutable (a string,
   * number, bigint, boolean or null: the reference is the copy); other values are encoded now, since
   * the job may mutate them as soon as it resumes. The deferred ones are `finishDeferred()`'s.
   */
  entryOrDefer(key: string, value: unknown): void {
    const mutable = (typeof value === 'object' && value !== null) || typeof value === 'function';
    if (mutable || typeof value === 'symbol') {
      this.entry(key, value);
      return;
    }
    let block = this.deferredBlock;
    if (block === undefined) {
      block = { name: this.stateName, kind: this.stateKind, keys: [], values: [] };
      this.deferredBlock = block;
      this.deferred.push(block);
    }
    block.keys.push(key);
    block.values.push(value);
    this.total++;
  }

  entry(key: string, value: unknown): void {
    this.w.byte(ENTRY);
    this.w.string(key);
    this.w.value(value);
    this.total++;
  }

  removed(key: string): void {
    this.w.byte(REMOVED);
    this.w.string(key);
    this.total++;
  }

  private endState(): void {
    if (this.open) this.w.byte(BLOCK_END);
    this.open = false;
  }

  finish(): Uint8Array[] {
    this.endState();
    return this.w.finish();
  }

  /** The entries `entryOrDefer` kept for later, or undefined when there are none. */
  finishDeferred(): DeferredStatePart | undefined {
    return this.deferred.length === 0 ? undefined : new DeferredStatePart(this.deferred);
  }
}

/** An incremental snapshot's `changes` and `deferredChanges` from a capture's writer (none when empty). */
export function partFields(part: StatePartWriter): {
  changes?: readonly Uint8Array[];
  deferredChanges?: DeferredStatePart;
} {
  if (part.total === 0) return {};
  const deferred = part.finishDeferred();
  return { changes: part.finish(), ...(deferred === undefined ? {} : { deferredChanges: deferred }) };
}

interface DeferredBlock {
  readonly name: string;
  readonly kind: string;
  readonly keys: string[];
  readonly values: unknown[];
}

/**
 * Entries captured by reference (immutable values only), encoded into a part after the capture: a
 * delta of 100 MB of strings costs the job a pause of one pass over its keys, and the encoding runs
 * in slices between batches while the checkpoint's files are written (writer.ts).
 */
export class DeferredStatePart {
  readonly entries: number;
  constructor(private readonly blocks: readonly DeferredBlock[]) {
    let n = 0;
    for (const b of blocks) n += b.keys.length;
    this.entries = n;
  }

  /** The whole part at once (tests and in-memory readers; a checkpoint writes `slices()`). */
  encodeNow(): Uint8Array[] {
    return [...this.slices(Number.POSITIVE_INFINITY)].filter((c) => c !== undefined);
  }

  /**
   * The part's chunks, encoded lazily, with `undefined` after every `perSlice` entries: where the
   * checkpoint writer lets the job run (this module stays synchronous, as the hot path must).
   */
  *slices(perSlice: number): Generator<Uint8Array | undefined> {
    for (const block of this.blocks) {
      let w = new ValueWriter();
      w.string(block.name);
      w.string(block.kind);
      const { keys, values } = block;
      for (let i = 0; i < keys.length; i++) {
        w.byte(ENTRY);
        w.string(keys[i]!);
        w.value(values[i]);
        if ((i + 1) % perSlice === 0 && i + 1 < keys.length) {
          yield* w.finish();
          yield undefined;
          w = new ValueWriter();
        }
      }
      w.byte(BLOCK_END);
      yield* w.finish();
    }
  }
}

/** One contiguous buffer of a part's chunks (restores only: captures never join them). */
function joined(part: Uint8Array | readonly Uint8Array[]): Uint8Array {
  if (part instanceof Uint8Array) return part;
  return part.length === 1 ? part[0]! : Buffer.concat(part);
}

/** Calls `onState` for every block and `onEntry` for every entry of `part`, in order. */
export function forEachEntry(
  part: Uint8Array | readonly Uint8Array[],
  onEntry: (state: string, key: string, value: unknown) => void,
  onState?: (state: string, kind: string) => void,
): void {
  const r = new ValueReader(joined(part));
  while (!r.atEnd()) {
    const state = r.string();
    const kind = r.string();
    onState?.(state, kind);
    for (let marker = r.byte(); marker !== BLOCK_END; marker = r.byte()) {
      const key = r.string();
      if (marker === REMOVED) onEntry(state, key, ABSENT);
      else if (marker === ENTRY) onEntry(state, key, r.value());
      else throw new Error(`Malformed binary state: bad entry marker ${marker} in state '${state}'`);
    }
  }
}

/** Parts (their chunks, in order) merged: state → kind and key → latest value (or ABSENT). */
export function mergeParts(
  chunks: readonly Uint8Array[],
): Map<string, { kind: string; entries: Map<string, unknown> }> {
  const states = new Map<string, { kind: string; entries: Map<string, unknown> }>();
  if (chunks.length === 0) return states;
  forEachEntry(
    chunks,
    (state, key, value) => states.get(state)!.entries.set(key, value),
    (state, kind) => {
      if (!states.has(state)) states.set(state, { kind, entries: new Map() });
    },
  );
  return states;
}

type TaggedStates = Record<string, Record<number, Encoded>>;

/** The tagged form (`KeyedStateSnapshot.states`) of tagged content with binary parts applied after it. */
export function toTaggedStates(
  tagged: TaggedStates,
  parts: readonly Uint8Array[],
  maxParallelism: number,
): TaggedStates {
  const out: Record<string, Record<string, unknown>> = {};
  for (const [name, byGroup] of Object.entries(tagged)) out[name] = { ...(byGroup as object) };
  for (const [name, { kind, entries }] of mergeParts(parts)) {
    const byGroup = (out[name] ??= { kind });
    for (const [group, list] of Object.entries(byGroup)) {
      if (group === 'kind') continue;
      byGroup[group] = (list as Encoded[][]).filter((entry) => !entries.has(entry[0] as string));
    }
    for (const [key, value] of entries) {
      if (value === ABSENT) continue;
      const group = String(keyGroupOf(key, maxParallelism));
      ((byGroup[group] ??= []) as Encoded[]).push([key, encodeValue(value)]);
    }
  }
  return out as unknown as TaggedStates;
}

/**
 * A snapshot whose entries are tagged content (`tagged`, e.g. key-group files) followed by binary
 * parts. Backends restore from `binary` directly; `states`, the tagged form other readers expect
 * (and JSON of the snapshot shows), is built from them only when read.
 */
export function binaryKeyedSnapshot(input: {
  readonly backend: string;
  readonly maxParallelism: number;
  readonly timers: Record<string, Encoded>;
  readonly tagged: TaggedStates;
  readonly parts: readonly Uint8Array[];
}): KeyedStateSnapshot {
  const { backend, maxParallelism, timers, tagged, parts } = input;
  let states: TaggedStates | undefined;
  const snapshot = { backend, maxParallelism } as KeyedStateSnapshot;
  Object.defineProperty(snapshot, 'states', {
    enumerable: true,
    get: () => {
      states ??= toTaggedStates(tagged, parts, maxParallelism);
      return states;
    },
  });
  Object.defineProperty(snapshot, 'timers', { enumerable: true, value: timers });
  Object.defineProperty(snapshot, 'binary', { enumerable: false, value: { tagged, parts } });
  return snapshot;
}

const MAGIC = 'TBS1';

/** Whether file content is a binary state file (else it is JSON, as format version 1 wrote). */
export function isBinaryStateFile(content: Uint8Array): boolean {
  return (
    content.length >= 8 &&
    content[0] === MAGIC.charCodeAt(0) &&
    content[1] === MAGIC.charCodeAt(1) &&
    content[2] === MAGIC.charCodeAt(2) &&
    content[3] === MAGIC.charCodeAt(3)
  );
}

/**
 * The pieces of a binary state file: magic, header length, header, then the parts (parts are block
 * sequences, so written one after the other they read back as one part applied in the same order).
 */
export function binaryStateFile(header: unknown, parts: readonly Uint8Array[]): Uint8Array[] {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const head = Buffer.alloc(8);
  head.write(MAGIC, 0, 'latin1');
  head.writeUInt32LE(json.length, 4);
  return [head, json, ...parts];
}

export function readBinaryStateFile(
  content: Uint8Array,
  where: string,
): { header: unknown; part: Uint8Array } {
  if (!isBinaryStateFile(content)) throw new Error(`State file ${where} is not a binary state file`);
  const view = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  const length = view.readUInt32LE(4);
  if (8 + length > content.length) throw new Error(`State file ${where} is truncated (its header is cut)`);
  const header: unknown = JSON.parse(view.toString('utf8', 8, 8 + length));
  return { header, part: content.subarray(8 + length) };
}
