/**
 * Messages between the operator thread and the LevelDB worker (worker.mjs, which mirrors these types).
 * Every request carries a sequence number; the worker answers each one, in order, with the same
 * number, then stores that number in the shared signal word and notifies (sync-worker.ts). Requests
 * are `{ seq, request }` objects, except point reads (GetRequest), which are kept small because they
 * are the per-record cost of a cache miss.
 */

import type { PackedKeys } from './key-codec.ts';

/** Slots of the Int32Array over the shared signal buffer. */
export const SIGNAL_REPLY = 0;
/** Incremented by the worker every HEARTBEAT_MS while its event loop runs. */
export const SIGNAL_HEARTBEAT = 1;
export const SIGNAL_SLOTS = 2;
export const HEARTBEAT_MS = 200;

export type LevelRequest =
  /** Opens the database fresh: leftovers of a crashed run are removed (checkpoints are the durable copy). */
  | { readonly op: 'open'; readonly cacheBytes: number; readonly writeBufferBytes: number }
  | {
      readonly op: 'write';
      readonly deletes: PackedKeys;
      readonly puts: PackedKeys;
      readonly putValues: readonly string[];
      /** Puts whose presence is unknown: probed first, so the row-count change is exact. */
      readonly probed: PackedKeys;
      readonly probedValues: readonly string[];
    }
  /** Up to `limit` rows in `[gte, lt)`, in key order. */
  | { readonly op: 'scan'; readonly gte: Uint8Array; readonly lt: Uint8Array; readonly limit: number }
  | { readonly op: 'count'; readonly gte: Uint8Array; readonly lt: Uint8Array }
  /** Distinct big-endian u32 values at byte `groupAt` of the keys in `[gte, lt)` (one seek per value). */
  | { readonly op: 'groups'; readonly gte: Uint8Array; readonly lt: Uint8Array; readonly groupAt: number }
  | { readonly op: 'clear'; readonly gte: Uint8Array; readonly lt: Uint8Array }
  /** Closes the database and deletes its directory (a scratch copy), then the worker ends. */
  | { readonly op: 'close' };

export interface ScanReply {
  readonly keys: PackedKeys;
  readonly values: readonly string[];
  /** The range may hold more rows after the last one returned. */
  readonly more: boolean;
}

export interface WriteReply {
  /** Change in the row count from deletes of existing rows and probed puts of new ones. */
  readonly delta: number;
}

/** The result type of each request. */
export interface LevelReplies {
  readonly open: null;
  readonly write: WriteReply;
  readonly scan: ScanReply;
  readonly count: number;
  readonly groups: number[];
  readonly clear: null;
  readonly close: null;
}

/**
 * A point read, the one request on the miss path, travels as a compact array: `[seq, key]` with the
 * key's bytes as a latin1 string, answered `[seq, value]` (an error is answered as a LevelReply).
 */
export type GetRequest = readonly [seq: number, key: string];
export type GetReply = readonly [seq: number, value: string | undefined];

export type LevelReply =
  | { readonly seq: number; readonly ok: true; readonly result: unknown }
  | { readonly seq: number; readonly ok: false; readonly message: string; readonly code: string | undefined };
