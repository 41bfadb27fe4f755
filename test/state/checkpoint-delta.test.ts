/**
 * Per-key delta checkpoints: each backend tracks the keys changed since its last capture, an
 * incremental checkpoint writes only those (values or tombstones) as one delta file chained to its
 * base, the chain is rewritten whole when it grows too long, and a restore replays base + deltas.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ABSENT, mergeParts } from '../../src/state/binary-state.ts';
import { KeyChangeTracker } from '../../src/state/checkpoint/key-changes.ts';
import type { IncrementalKeyedStateHandle } from '../../src/state/checkpoint/metadata.ts';
import { restoreOperator } from '../../src/state/checkpoint/restore.ts';
import { CheckpointStorage } from '../../src/state/checkpoint/storage.ts';
import { EmbeddedKeyedStateBackend } from '../../src/state/embedded/backend.ts';
import { HeapKeyedStateBackend } from '../../src/state/heap-backend.ts';
import { LevelDbKeyedStateBackend } from '../../src/state/leveldb/backend.ts';
import type { KeyedStateBackend, KeyedStateSnapshot } from '../../src/state/state.ts';
import type { Encoded } from '../../src/state/tagged-value.ts';

const root = mkdtempSync(join(tmpdir(), 'tributary-delta-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));
let counter = 0;
const fresh = (name: string) => join(root, `${name}-${counter++}`);

const BACKENDS: Record<string, (cacheBytes?: number) => KeyedStateBackend> = {
  hashmap: () => new HeapKeyedStateBackend(),
  embedded: (cacheBytes = 64 * 1024 * 1024) =>
    new EmbeddedKeyedStateBackend({ dir: fresh('db'), operator: 'op', cacheBytes }),
  leveldb: (cacheBytes = 64 * 1024 * 1024) =>
    new LevelDbKeyedStateBackend({ dir: fresh('db'), operator: 'op', cacheBytes }),
};

const KEYS = 600;

/** Writes every kind of state for `keys`, with values depending on `round`. */
function write(b: KeyedStateBackend, keys: Iterable<number>, round: number): void {
  const value = b.valueState<{ n: number; big: bigint }>({ name: 'value' });
  const list = b.listState<string>({ name: 'list' });
  const map = b.mapState<string, number>({ name: 'map' });
  const windows = b.namespacedValueState<number>({ name: 'windows' });
  for (const k of keys) {
    b.setCurrentKey(`key${k}`, [k]);
    value.update({ n: round * 1000 + k, big: BigInt(k) * 10n ** 20n });
    list.add(`r${round}`);
    map.put(`m${round % 3}`, k + round);
    windows.update(round % 2, k * round);
  }
}

function remove(b: KeyedStateBackend, keys: Iterable<number>): void {
  const value = b.valueState<unknown>({ name: 'value' });
  const map = b.mapState<string, number>({ name: 'map' });
  const windows = b.namespacedValueState<number>({ name: 'windows' });
  for (const k of keys) {
    b.setCurrentKey(`key${k}`, [k]);
    value.clear();
    map.remove('m0');
    windows.clear(0);
  }
}

/** A snapshot with each group's entries sorted by key and empty groups dropped, to compare backends. */
function normalized(snapshot: KeyedStateSnapshot): Record<string, Record<string, Encoded[]>> {
  const out: Record<string, Record<string, Encoded[]>> = {};
  for (const [name, byGroup] of Object.entries(snapshot.states)) {
    const { kind: _kind, ...groups } = byGroup as unknown as Record<string, Encoded[][]>;
    const state: Record<string, Encoded[]> = {};
    for (const [group, entries] of Object.entries(groups)) {
      if (entries.length === 0) continue;
      state[group] = [...entries].sort((a, b) => String(a[0]).localeCompare(String(b[0])));
    }
    if (Object.keys(state).length > 0) out[name] = state;
  }
  return out;
}

const range = (from: number, to: number) => Array.from({ length: to - from }, (_, i) => from + i);

function keyedHandle(storage: CheckpointStorage): IncrementalKeyedStateHandle {
  const handle = storage.latest()?.metadata.operators.op?.keyed;
  if (handle?.type !== 'incremental') throw new Error('expected an incremental handle');
  return handle;
}

async function expectRestoresTo(storage: CheckpointStorage, source: KeyedStateBackend): Promise<void> {
  const expected = normalized(source.snapshot());
  for (const make of Object.values(BACKENDS)) {
    const target = make();
    await restoreOperator(storage.latest()!, 'op', target);
    expect(normalized(target.snapshot())).toEqual(expected);
    target.dispose();
  }
}

describe.each(Object.keys(BACKENDS))('per-key delta checkpoints: %s backend', (name) => {
  const make = BACKENDS[name]!;

  it('writes only the changed keys and restores base + deltas into every backend', async () => {
    const storage = await CheckpointStorage.open({ dir: fresh('chk'), statement: 's', incremental: true });
    const b = make();
    write(b, range(0, KEYS), 0);
    const first = await storage.checkpoint({
      checkpointId: 1,
      operators: [{ operatorId: 'op', backend: b }],
    });
    write(b, [3, 4, 5], 1);
    remove(b, [7, 8]);
    const second = await storage.checkpoint({
      checkpointId: 2,
      operators: [{ operatorId: 'op', backend: b }],
    });
    expect(second.bytesWritten).toBeLessThan(first.bytesWritten / 20);
    expect(keyedHandle(storage).deltas?.length).toBeGreaterThanOrEqual(1);
    await expectRestoresTo(storage, b);
    // nothing changed: the checkpoint writes no state file at all and restores the same
    const third = await storage.checkpoint({
      checkpointId: 3,
      operators: [{ operatorId: 'op', backend: b }],
    });
    expect(third.bytesWritten).toBeLessThan(200);
    await expectRestoresTo(storage, b);
    b.dispose();
  });

  it('continues the chain after a restore, and carries a failed checkpoint into the next delta', async () => {
    const dir = fresh('chk');
    const storage = await CheckpointStorage.open({ dir, statement: 's', incremental: true });
    const b = make();
    write(b, range(0, KEYS), 0);
    await storage.checkpoint({ checkpointId: 1, operators: [{ operatorId: 'op', backend: b }] });
    write(b, [10], 1);
    const broken = {
      backend: 'hashmap',
      maxParallelism: 128,
      states: { x: { kind: 'value', 0: [['k', 1n]] } },
      timers: {},
    };
    await expect(
      storage.checkpoint({
        checkpointId: 2,
        operators: [
          { operatorId: 'op', backend: b },
          { operatorId: 'bad', keyed: broken as never },
        ],
      }),
    ).rejects.toThrow(/BigInt/);
    write(b, [11], 1);
    await storage.checkpoint({ checkpointId: 3, operators: [{ operatorId: 'op', backend: b }] });
    await expectRestoresTo(storage, b);

    const restored = make();
    await restoreOperator(storage.latest()!, 'op', restored);
    remove(restored, [12]);
    const next = await storage.checkpoint({
      checkpointId: 4,
      operators: [{ operatorId: 'op', backend: restored }],
    });
    expect(next.bytesWritten).toBeLessThan(2000);
    remove(b, [12]);
    await expectRestoresTo(storage, b);
    for (const x of [b, restored]) x.dispose();
  });

  it('rewrites the chain whole once its deltas outweigh the base', async () => {
    const storage = await CheckpointStorage.open({ dir: fresh('chk'), statement: 's', incremental: true });
    const b = make();
    const deltaFiles: number[] = [];
    for (let round = 0; round < 5; round++) {
      write(b, range(0, KEYS), round); // every key changes every time
      await storage.checkpoint({ checkpointId: round + 1, operators: [{ operatorId: 'op', backend: b }] });
      deltaFiles.push(keyedHandle(storage).deltas?.length ?? 0);
    }
    // grows while the deltas weigh at most the base, then starts over with a full rewrite
    expect(deltaFiles.slice(0, 2)).toEqual([1, 2]);
    expect(Math.max(...deltaFiles)).toBeLessThanOrEqual(3);
    expect(deltaFiles.slice(2).some((n) => n <= 1)).toBe(true);
    await expectRestoresTo(storage, b);
    b.dispose();
  });
});

describe('per-key delta checkpoints of a spilling backend', () => {
  it('reads changed keys that were evicted since from the store', async () => {
    const storage = await CheckpointStorage.open({ dir: fresh('chk'), statement: 's', incremental: true });
    const b = BACKENDS.embedded!(20_000);
    write(b, range(0, KEYS), 0);
    await storage.checkpoint({ checkpointId: 1, operators: [{ operatorId: 'op', backend: b }] });
    write(b, range(0, 40), 1);
    remove(b, range(40, 50));
    write(b, range(100, KEYS), 0); // touches many other keys: the changed ones are evicted
    expect((b as EmbeddedKeyedStateBackend).cacheUsage().bytes).toBeLessThan(25_000);
    await storage.checkpoint({ checkpointId: 2, operators: [{ operatorId: 'op', backend: b }] });
    await expectRestoresTo(storage, b);
    b.dispose();
  });
});

describe('KeyChangeTracker', () => {
  it('after a pause tracks nothing until the next capture, which is full, then deltas again', () => {
    const tracker = new KeyChangeTracker(false);
    const cell = tracker.cell('s');
    tracker.capture(1, undefined);
    tracker.confirm(1);
    cell.keys?.add('a');
    expect([...(tracker.capture(2, 1).delta?.get('s') ?? [])]).toEqual(['a']);
    tracker.confirm(2);
    tracker.pauseUntilNextCapture();
    expect(cell.keys).toBeUndefined();
    expect(tracker.cell('t').keys).toBeUndefined();
    expect(tracker.capture(3, 2).delta).toBeUndefined(); // a usable base, but untracked writes: full
    tracker.confirm(3);
    cell.keys?.add('b');
    expect([...(tracker.capture(4, 3).delta?.get('s') ?? [])]).toEqual(['b']);
  });

  it('deltas against the confirmed base, including unconfirmed captures since', () => {
    const tracker = new KeyChangeTracker(false);
    const cell = tracker.cell('s');
    cell.keys?.add('ignored'); // not tracking before the first capture
    expect(tracker.capture(1, undefined).delta).toBeUndefined();
    tracker.confirm(1);
    cell.keys?.add('a');
    expect([...(tracker.capture(2, 1).delta?.get('s') ?? [])]).toEqual(['a']); // 2 never confirmed
    cell.keys?.add('b');
    expect([...(tracker.capture(3, 1).delta?.get('s') ?? [])].sort()).toEqual(['a', 'b']);
    tracker.confirm(3);
    expect(tracker.capture(4, 3).delta?.get('s')).toBeUndefined();
    expect(tracker.capture(5, 2).delta).toBeUndefined(); // not the base: full
    cell.keys?.add('c');
    expect(tracker.capture(6, 3).delta).toBeUndefined(); // 5 was full and is not confirmed
  });

  it('from empty: the first capture is the delta of everything written', () => {
    const tracker = new KeyChangeTracker(true);
    tracker.cell('s').keys?.add('a');
    expect([...(tracker.capture(1, undefined).delta?.get('s') ?? [])]).toEqual(['a']);
    const stopped = new KeyChangeTracker(true);
    stopped.cell('s').keys?.add('a');
    stopped.stopTrackingFromEmpty();
    expect(stopped.capture(1, undefined).delta).toBeUndefined();
  });
});

describe('hashmap value and list states: change tracking by epoch', () => {
  /** The keys (value or null for a tombstone) of state `s` in an incremental snapshot. */
  function deltaOf(b: HeapKeyedStateBackend, id: number, base: number | undefined): Map<string, unknown> {
    const snapshot = b.snapshotIncremental(id, base);
    expect(snapshot.base).toBe(base);
    const parts = [...(snapshot.changes ?? []), ...(snapshot.deferredChanges?.encodeNow() ?? [])];
    const out = new Map<string, unknown>();
    for (const [key, value] of mergeParts(parts).get('s')?.entries ?? [])
      out.set(key, value === ABSENT ? null : value);
    return out;
  }

  it('deltas hold the writes and removals since the confirmed base, failed captures included', () => {
    const b = new HeapKeyedStateBackend();
    const s = b.valueState<string>({ name: 's' });
    const at = (key: string) => b.setCurrentKey(key, [key]);
    // keys no delta touches: a delta of most keys would make the next capture full (pauseUntilNextCapture)
    const keys = ['a', 'b', 'c', ...Array.from({ length: 10 }, (_, i) => `other${i}`)];
    for (const key of keys) {
      at(key);
      s.update(`${key}0`);
    }
    expect(deltaOf(b, 1, undefined).size).toBe(13); // no base yet: everything
    b.notifyCheckpointComplete(1);
    expect(deltaOf(b, 2, 1).size).toBe(0);
    b.notifyCheckpointComplete(2);
    at('a');
    s.update('a1');
    at('b');
    s.clear();
    expect(deltaOf(b, 3, 2)).toEqual(
      new Map([
        ['a', 'a1'],
        ['b', null],
      ]),
    ); // 3 never completes: its changes belong to the next delta against 2
    at('c');
    s.clear();
    at('b');
    s.update('b1'); // removed, then written again: an entry, not a tombstone
    expect(deltaOf(b, 4, 2)).toEqual(
      new Map([
        ['a', 'a1'],
        ['b', 'b1'],
        ['c', null],
      ]),
    );
    b.notifyCheckpointComplete(4);
    at('d');
    s.update('d0');
    expect(deltaOf(b, 5, 4)).toEqual(new Map([['d', 'd0']]));
    b.dispose();
  });

  it('a restore before the operator opens its state with a TTL keeps the TTL cells as they were', () => {
    const ttl = { ttlMs: 60_000 };
    let now = 1_000;
    const source = new HeapKeyedStateBackend({ clock: () => now });
    source.setCurrentKey('k', ['k']);
    source.valueState<string>({ name: 's', ttl }).update('kept');
    const restored = new HeapKeyedStateBackend({ clock: () => now });
    restored.restore(source.snapshot());
    restored.setIncrementalBaseline(7);
    restored.setCurrentKey('k', ['k']);
    const state = restored.valueState<string>({ name: 's', ttl });
    expect(state.value()).toBe('kept');
    now += 60_000;
    expect(state.value()).toBeNull();
    source.dispose();
    restored.dispose();
  });
});
