/**
 * State size for metrics (`stateSize()`: keys and estimated bytes) on every backend, and the heap
 * backend's incremental TTL cleanup, which removes expired keys that are never accessed again.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EmbeddedKeyedStateBackend } from '../../src/state/embedded/backend.ts';
import { HeapKeyedStateBackend } from '../../src/state/heap-backend.ts';
import type { KeyedStateBackend, StateSize } from '../../src/state/state.ts';

const root = mkdtempSync(join(tmpdir(), 'tributary-state-size-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
type Factory = (clock?: () => number) => KeyedStateBackend;
const embedded =
  (cacheBytes: number): Factory =>
  (clock) =>
    new EmbeddedKeyedStateBackend({
      dir: join(root, `task${counter}`),
      operator: `op${counter++}`,
      cacheBytes,
      ...(clock ? { clock } : {}),
    });

const backends: [string, Factory][] = [
  ['hashmap', (clock) => new HeapKeyedStateBackend(clock ? { clock } : {})],
  ['embedded, large cache', embedded(64 * 1024 * 1024)],
  ['embedded, tiny cache', embedded(2000)],
];

const sizeOf = (b: KeyedStateBackend): StateSize => b.stateSize!();

describe.each(backends)('state size: %s', (_name, create) => {
  it('counts (state, key) entries as they are written and cleared', () => {
    const b = create();
    const v = b.valueState<string>({ name: 'v' });
    const m = b.mapState<string, number>({ name: 'm' });
    expect(sizeOf(b)).toEqual({ keys: 0, bytes: 0 });
    for (let i = 0; i < 200; i++) {
      b.setCurrentKey(`k${i}`, [i]);
      v.update(`value-${i}`);
      if (i % 2 === 0) {
        m.put('a', i);
        m.put('b', i);
      }
    }
    expect(sizeOf(b).keys).toBe(300);
    for (let i = 0; i < 200; i++) {
      b.setCurrentKey(`k${i}`, [i]);
      v.update(`again-${i}`); // overwrites (blind writes on the embedded backend) add no keys
    }
    expect(sizeOf(b).keys).toBe(300);
    for (let i = 0; i < 50; i++) {
      b.setCurrentKey(`k${i}`, [i]);
      v.clear();
    }
    b.setCurrentKey('k0', [0]);
    m.remove('a');
    expect(sizeOf(b).keys).toBe(250);
    m.remove('b'); // the key's last map entry: the key goes
    expect(sizeOf(b).keys).toBe(249);
    b.setCurrentKey('never-written', ['x']);
    v.clear(); // a blind clear of an absent key changes nothing
    expect(sizeOf(b).keys).toBe(249);
    b.dispose();
  });

  it('estimates bytes that grow with the values', () => {
    const b = create();
    const v = b.valueState<string>({ name: 'v' });
    for (let i = 0; i < 100; i++) {
      b.setCurrentKey(`k${i}`, [i]);
      v.update('x');
    }
    const small = sizeOf(b).bytes;
    expect(small).toBeGreaterThan(100 * 8);
    for (let i = 0; i < 100; i++) {
      b.setCurrentKey(`k${i}`, [i]);
      v.update('x'.repeat(1000));
    }
    const large = sizeOf(b).bytes;
    expect(large).toBeGreaterThan(small + 100 * 1500);
    expect(large).toBeLessThan(small + 100 * 3000);
    b.dispose();
  });

  it('keeps counting through a snapshot and a restore into a new backend', () => {
    const b = create();
    const v = b.valueState<number>({ name: 'v' });
    for (let i = 0; i < 40; i++) {
      b.setCurrentKey(`k${i}`, [i]);
      v.update(i);
    }
    const snapshot = b.snapshot();
    b.dispose();
    const restored = create();
    restored.restore(snapshot);
    expect(sizeOf(restored).keys).toBe(40);
    const v2 = restored.valueState<number>({ name: 'v' });
    restored.setCurrentKey('k40', [40]);
    v2.update(40);
    restored.setCurrentKey('k0', [0]);
    v2.clear();
    expect(sizeOf(restored).keys).toBe(40);
    restored.dispose();
  });
});

describe('heap backend: incremental TTL cleanup', () => {
  it('removes expired keys that are never accessed again, as other keys are accessed', () => {
    let now = 0;
    const b = new HeapKeyedStateBackend({ clock: () => now });
    const v = b.valueState<number>({ name: 'v', ttl: { ttlMs: 100 } });
    const m = b.mapState<string, number>({ name: 'm', ttl: { ttlMs: 100 } });
    for (let i = 0; i < 1000; i++) {
      b.setCurrentKey(`old${i}`, [i]);
      v.update(i);
      m.put('x', i);
    }
    expect(b.stateSize().keys).toBe(2000);
    now = 200;
    // 300 new keys: each access checks 5 entries of the state's cursor, so every old key is visited
    for (let i = 0; i < 300; i++) {
      b.setCurrentKey(`new${i}`, [i]);
      v.update(i);
      m.put('x', i);
    }
    expect(b.stateSize().keys).toBe(600);
    b.setCurrentKey('old1', [1]);
    expect(v.value()).toBeNull();
    expect(m.get('x')).toBeUndefined();
  });

  it('keeps live keys while cleaning, in value, list, map and namespaced state', () => {
    let now = 0;
    const b = new HeapKeyedStateBackend({ clock: () => now });
    const ttl = { ttlMs: 100 };
    const v = b.valueState<number>({ name: 'v', ttl });
    const l = b.listState<number>({ name: 'l', ttl });
    const m = b.mapState<string, number>({ name: 'm', ttl });
    const n = b.namespacedValueState<number>({ name: 'n', ttl });
    const write = (key: string, x: number): void => {
      b.setCurrentKey(key, [key]);
      v.update(x);
      l.add(x);
      m.put('e', x);
      n.update(1, x);
    };
    for (let i = 0; i < 50; i++) write(`live${i}`, i);
    for (let t = 10; t <= 500; t += 10) {
      now = t;
      // the live keys are rewritten every 10 ms, so cleanup (which passes over them) must keep them
      for (let i = 0; i < 50; i++) write(`live${i}`, t);
    }
    expect(b.stateSize().keys).toBe(200);
    b.setCurrentKey('live7', ['live7']);
    expect(v.value()).toBe(500);
    expect(l.get().length).toBeGreaterThan(0);
    expect(m.get('e')).toBe(500);
    expect(n.value(1)).toBe(500);
  });
});
