/**
 * One conformance suite for every keyed state backend: the heap backend, and each spilling backend
 * (`embedded` over SQLite, `leveldb` over LevelDB in a worker thread) with a cache large enough to hold
 * everything and with a cache so small that nearly every access misses and every write is evicted
 * (the write-back path and the store are exercised all the time). Snapshots of every backend are
 * restored into every other one.
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedKeyedStateBackend } from '../../src/state/embedded/backend.ts';
import { HeapKeyedStateBackend } from '../../src/state/heap-backend.ts';
import { keyGroupOf, keyGroupRangeFor } from '../../src/state/keys.ts';
import { LevelDbKeyedStateBackend } from '../../src/state/leveldb/backend.ts';
import type { KeyedStateBackend } from '../../src/state/state.ts';
import { TimerService } from '../../src/state/timers.ts';

const root = mkdtempSync(join(tmpdir(), 'tributary-conformance-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
interface Options {
  readonly maxParallelism?: number;
  readonly clock?: () => number;
}
type Factory = (options?: Options) => KeyedStateBackend;

const embedded =
  (cacheBytes: number): Factory =>
  (options = {}) =>
    new EmbeddedKeyedStateBackend({
      dir: join(root, `task${counter}`),
      operator: `op${counter++}`,
      cacheBytes,
      ...options,
    });

const leveldb =
  (cacheBytes: number): Factory =>
  (options = {}) =>
    new LevelDbKeyedStateBackend({
      dir: join(root, `task${counter}`),
      operator: `op${counter++}`,
      cacheBytes,
      ...options,
    });

const backends: [string, Factory][] = [
  ['hashmap', (options = {}) => new HeapKeyedStateBackend(options)],
  ['embedded, large cache', embedded(64 * 1024 * 1024)],
  ['embedded, tiny cache', embedded(600)],
  ['leveldb, large cache', leveldb(64 * 1024 * 1024)],
  ['leveldb, tiny cache', leveldb(600)],
];

describe.each(backends)('keyed state backend conformance: %s', (_name, create) => {
  it('scopes value, list, map and namespaced state to the current key', () => {
    const b = create();
    const v = b.valueState<number>({ name: 'v' });
    const l = b.listState<string>({ name: 'l' });
    const m = b.mapState<string, bigint>({ name: 'm' });
    const n = b.namespacedValueState<string>({ name: 'n' });
    b.setCurrentKey('k1', ['k1']);
    v.update(1);
    l.add('a');
    l.add('b');
    m.put('x', 1n);
    n.update(10, 'w10');
    n.update(20, 'w20');
    b.setCurrentKey('k2', ['k2']);
    expect(v.value()).toBeNull();
    expect(l.get()).toEqual([]);
    expect(m.isEmpty()).toBe(true);
    expect([...n.namespaces()]).toEqual([]);
    v.update(2);
    b.setCurrentKey('k1', ['k1']);
    expect(v.value()).toBe(1);
    expect(l.get()).toEqual(['a', 'b']);
    expect(m.get('x')).toBe(1n);
    expect([...n.namespaces()]).toEqual([10, 20]);
    n.clear(10);
    expect(n.value(10)).toBeNull();
    expect(n.value(20)).toBe('w20');
    m.remove('x');
    expect(m.contains('x')).toBe(false);
    b.dispose();
  });

  it('keeps many keys through updates, clears and list/map growth', () => {
    const b = create();
    const v = b.valueState<{ n: bigint; tag: string }>({ name: 'v' });
    const l = b.listState<number>({ name: 'l' });
    const m = b.mapState<number, string>({ name: 'm' });
    for (let round = 0; round < 3; round++) {
      for (let k = 0; k < 300; k++) {
        b.setCurrentKey(`key${k}`, [k]);
        const old = v.value();
        v.update({ n: (old?.n ?? 0n) + BigInt(k), tag: `t${round}` });
        l.add(round);
        m.put(round, `r${round}k${k}`);
        if (k % 7 === 0 && round === 1) {
          v.clear();
          l.clear();
          m.remove(0);
        }
      }
    }
    for (let k = 0; k < 300; k++) {
      b.setCurrentKey(`key${k}`, [k]);
      const cleared = k % 7 === 0;
      expect(v.value()).toEqual({ n: cleared ? BigInt(k) : 3n * BigInt(k), tag: 't2' });
      expect(l.get()).toEqual(cleared ? [2] : [0, 1, 2]);
      expect([...m.entries()]).toEqual(
        cleared
          ? [
              [1, `r1k${k}`],
              [2, `r2k${k}`],
            ]
          : [0, 1, 2].map((r) => [r, `r${r}k${k}`]),
      );
    }
    b.dispose();
  });

  it('expires TTL state after ttlMs of no writes (reads do not refresh by default)', () => {
    let now = 0;
    const b = create({ clock: () => now });
    const v = b.valueState<string>({ name: 'v', ttl: { ttlMs: 100 } });
    const m = b.mapState<string, number>({ name: 'm', ttl: { ttlMs: 100 } });
    const r = b.valueState<string>({ name: 'r', ttl: { ttlMs: 100, updateOnRead: true } });
    b.setCurrentKey('k', ['k']);
    v.update('x');
    m.put('a', 1);
    r.update('y');
    now = 60;
    expect(r.value()).toBe('y');
    now = 99;
    expect(v.value()).toBe('x');
    m.put('b', 2);
    now = 100;
    expect(v.value()).toBeNull();
    expect(r.value()).toBe('y');
    expect(m.get('a')).toBeUndefined();
    expect([...m.entries()]).toEqual([['b', 2]]);
    now = 199;
    expect(r.value()).toBe('y');
    now = 299;
    expect(r.value()).toBeNull();
    b.dispose();
  });

  it('refuses to reopen a state as another kind', () => {
    const b = create();
    b.valueState({ name: 's' });
    expect(() => b.listState({ name: 's' })).toThrow(/is a value state/);
    b.dispose();
  });

  it('fires timers in order with the key set, and keeps them in snapshots', () => {
    const b = create();
    const timers = new TimerService(b, 'w');
    const v = b.valueState<string>({ name: 'v' });
    for (const [key, time] of [
      ['a', 30],
      ['b', 10],
      ['a', 10],
      ['c', 20],
    ] as const) {
      b.setCurrentKey(key, [key]);
      v.update(`value-${key}`);
      timers.registerEventTimeTimer('ns', time);
    }
    const restored = create();
    restored.restore(JSON.parse(JSON.stringify(b.snapshot())));
    const rt = new TimerService(restored, 'w');
    const rv = restored.valueState<string>({ name: 'v' });
    const fired: string[] = [];
    rt.advanceWatermark(25, (t) => fired.push(`${t.key}@${t.time}:${rv.value()}`));
    expect(fired).toEqual(['b@10:value-b', 'a@10:value-a', 'c@20:value-c']);
    b.dispose();
    restored.dispose();
  });

  it('snapshots and restores all state, optionally by key-group range, into either backend', () => {
    const b = create();
    const v = b.valueState<unknown>({ name: 'v' });
    const m = b.mapState<string, unknown>({ name: 'm' });
    const keys = Array.from({ length: 50 }, (_, i) => `key${i}`);
    for (const [i, key] of keys.entries()) {
      b.setCurrentKey(key, [key]);
      v.update({ big: BigInt(i) * 10n ** 20n, bytes: new Uint8Array([i]) });
      m.put('x', [i, null]);
    }
    const snap = JSON.parse(JSON.stringify(b.snapshot()));
    for (const [, target] of backends) {
      const restored = target();
      restored.restore(snap);
      const v2 = restored.valueState<unknown>({ name: 'v' });
      const m2 = restored.mapState<string, unknown>({ name: 'm' });
      for (const [i, key] of keys.entries()) {
        restored.setCurrentKey(key, [key]);
        expect(v2.value()).toEqual({ big: BigInt(i) * 10n ** 20n, bytes: new Uint8Array([i]) });
        expect(m2.get('x')).toEqual([i, null]);
      }
      restored.dispose();
    }
    const halves = [0, 1].map((subtask) => {
      const part = create();
      part.restore(snap, keyGroupRangeFor(subtask, 2));
      const pv = part.valueState<unknown>({ name: 'v' });
      const present = keys.filter((key) => {
        part.setCurrentKey(key, [key]);
        return pv.value() !== null;
      });
      part.dispose();
      return present;
    });
    expect(halves[0]!.length + halves[1]!.length).toBe(50);
    expect(halves[0]!.every((k) => keyGroupOf(k) < 64)).toBe(true);
    const other = create({ maxParallelism: 256 });
    expect(() => other.restore(snap)).toThrow(/max parallelism/);
    other.dispose();
    b.dispose();
  });
});
