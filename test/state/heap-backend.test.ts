import { describe, expect, it } from 'vitest';
import { HeapKeyedStateBackend } from '../../src/state/heap-backend.ts';
import { keyGroupOf, keyGroupRangeFor, murmur3, serializeKey } from '../../src/state/keys.ts';
import { decodeValue, encodeValue } from '../../src/state/tagged-value.ts';

describe('tagged values', () => {
  it('round-trips values plain JSON loses, through JSON text', () => {
    const value = [
      12345678901234567890n,
      new Uint8Array([0, 255, 7]),
      new Map<unknown, unknown>([
        ['a', 1n],
        [2, [null, -0]],
      ]),
      Number.NaN,
      Number.POSITIVE_INFINITY,
      -0,
      Object.freeze({ millis: 5, nanoOfMilli: 12 }),
      'text',
      true,
      null,
    ];
    const back = decodeValue(JSON.parse(JSON.stringify(encodeValue(value)))) as unknown[];
    expect(back).toEqual(value);
    expect(Object.is(back[5], -0)).toBe(true);
    expect(back[1]).toBeInstanceOf(Uint8Array);
    expect(Object.isFrozen(back[6])).toBe(true);
  });

  it('refuses functions and class instances', () => {
    expect(() => encodeValue(() => 1)).toThrow(/Cannot serialise a function/);
    expect(() => encodeValue(new Date())).toThrow(/class instance/);
  });
});

describe('keys', () => {
  it('serialises composite keys unambiguously and by SQL value', () => {
    expect(serializeKey(['ab', 'c'], [0, 1])).not.toBe(serializeKey(['a', 'bc'], [0, 1]));
    expect(serializeKey([1, null], [0, 1])).not.toBe(serializeKey([null, 1], [0, 1]));
    expect(serializeKey([1n], [0])).not.toBe(serializeKey([1], [0]));
    expect(serializeKey([new Uint8Array([1, 2])], [0])).toBe(serializeKey([new Uint8Array([1, 2])], [0]));
    expect(serializeKey(['x', 7, 'y'], [2, 0])).toBe(serializeKey(['y', 'x'], [0, 1]));
  });

  it('computes murmur3 and key groups', () => {
    // reference values of MurmurHash3_x86_32 with seed 0
    expect(murmur3('')).toBe(0);
    expect(murmur3('hello')).toBe(0x248bfa47);
    expect(murmur3('The quick brown fox jumps over the lazy dog')).toBe(0x2e4ff723);
    const g = keyGroupOf('S1:a');
    expect(g).toBeGreaterThanOrEqual(0);
    expect(g).toBeLessThan(128);
    expect(keyGroupRangeFor(0, 2)).toEqual({ start: 0, end: 63 });
    expect(keyGroupRangeFor(1, 2)).toEqual({ start: 64, end: 127 });
  });
});

describe('HeapKeyedStateBackend', () => {
  it('scopes value, list, map and namespaced state to the current key', () => {
    const b = new HeapKeyedStateBackend();
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
  });

  it('a read-modify-write of one key stays exact across clears, key switches and restores', () => {
    const backend = new HeapKeyedStateBackend();
    const state = backend.valueState<number>({ name: 'v' });
    const at = (key: string): number | null => {
      backend.setCurrentKey(key, [key]);
      return state.value();
    };
    backend.setCurrentKey('a', ['a']);
    expect(state.value()).toBeNull();
    state.update(1); // a new key after a read that found nothing
    expect(at('a')).toBe(1);
    state.update(2); // the cell the read found
    expect(at('a')).toBe(2);
    state.clear(); // a clear between the read and the write: the write makes a new entry
    state.update(3);
    expect(at('a')).toBe(3);
    backend.setCurrentKey('b', ['b']); // the read was of another key
    state.update(4);
    expect(at('a')).toBe(3);
    expect(at('b')).toBe(4);
    state.update(5); // a second write after one read goes to the map as well
    state.update(6);
    expect(at('b')).toBe(6);
    // a restore replaces every cell: a write after it must not land in a cell read before it
    const snapshot = backend.snapshot();
    expect(at('a')).toBe(3);
    backend.restore(snapshot);
    state.update(7);
    expect(at('a')).toBe(7);
    const restored = new HeapKeyedStateBackend();
    restored.restore(backend.snapshot());
    const back = restored.valueState<number>({ name: 'v' });
    restored.setCurrentKey('a', ['a']);
    expect(back.value()).toBe(7);
  });

  it('expires TTL state after ttlMs of no writes (reads do not refresh by default)', () => {
    let now = 0;
    const b = new HeapKeyedStateBackend({ clock: () => now });
    const v = b.valueState<string>({ name: 'v', ttl: { ttlMs: 100 } });
    const m = b.mapState<string, number>({ name: 'm', ttl: { ttlMs: 100 } });
    b.setCurrentKey('k', ['k']);
    v.update('x');
    m.put('a', 1);
    now = 99;
    expect(v.value()).toBe('x');
    m.put('b', 2);
    now = 100;
    expect(v.value()).toBeNull();
    expect(m.get('a')).toBeUndefined();
    expect([...m.entries()]).toEqual([['b', 2]]);
  });

  it('snapshots and restores all state and timers, optionally by key-group range', () => {
    const b = new HeapKeyedStateBackend();
    const v = b.valueState<unknown>({ name: 'v' });
    const m = b.mapState<string, unknown>({ name: 'm' });
    const timers = b.timerQueue('t');
    const keys = Array.from({ length: 50 }, (_, i) => `key${i}`);
    for (const [i, key] of keys.entries()) {
      b.setCurrentKey(key, [key]);
      v.update({ big: BigInt(i) * 10n ** 20n, bytes: new Uint8Array([i]) });
      m.put('x', [i, null]);
      timers.add({ time: i, key, keyRow: [key], namespace: i % 3 });
    }
    const snap = JSON.parse(JSON.stringify(b.snapshot()));
    const restored = new HeapKeyedStateBackend();
    restored.restore(snap);
    const v2 = restored.valueState<unknown>({ name: 'v' });
    const m2 = restored.mapState<string, unknown>({ name: 'm' });
    for (const [i, key] of keys.entries()) {
      restored.setCurrentKey(key, [key]);
      expect(v2.value()).toEqual({ big: BigInt(i) * 10n ** 20n, bytes: new Uint8Array([i]) });
      expect(m2.get('x')).toEqual([i, null]);
    }
    const t2 = restored.timerQueue('t');
    expect(t2.size()).toBe(50);
    expect(t2.poll()).toEqual({ time: 0, key: 'key0', keyRow: ['key0'], namespace: 0 });

    // rescaling: two subtasks each take their half of the key groups; together they hold everything
    const halves = [0, 1].map((subtask) => {
      const part = new HeapKeyedStateBackend();
      part.restore(snap, keyGroupRangeFor(subtask, 2));
      const pv = part.valueState<unknown>({ name: 'v' });
      return keys.filter((key) => {
        part.setCurrentKey(key, [key]);
        return pv.value() !== null;
      });
    });
    expect(halves[0]!.length + halves[1]!.length).toBe(50);
    expect(halves[0]!.every((k) => keyGroupOf(k) < 64)).toBe(true);
    expect(() => new HeapKeyedStateBackend({ maxParallelism: 256 }).restore(snap)).toThrow(/max parallelism/);
  });
});
