/**
 * The `leveldb` backend as configured (Flink's keys) and its snapshots: chosen by
 * `state.backend.type`, its database under `<dir>/state/<statement>/<task>/leveldb`, and state spilled
 * far past a tiny cache snapshotting to exactly what the SQLite-backed `embedded` backend writes and
 * restoring into the heap backend and back.
 */

import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { createStateBackend, stateBackendType } from '../../src/state/backend-factory.ts';
import { EmbeddedKeyedStateBackend } from '../../src/state/embedded/backend.ts';
import { HeapKeyedStateBackend } from '../../src/state/heap-backend.ts';
import { LevelDbKeyedStateBackend } from '../../src/state/leveldb/backend.ts';
import type { KeyedStateBackend, KeyedStateSnapshot } from '../../src/state/state.ts';

const root = mkdtempSync(join(tmpdir(), 'tributary-leveldb-backend-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const KEYS = 3000;

function fill(b: KeyedStateBackend): void {
  const v = b.valueState<{ n: bigint; text: string }>({ name: 'v' });
  const l = b.listState<number>({ name: 'l' });
  const m = b.mapState<string, Uint8Array>({ name: 'm' });
  for (let k = 0; k < KEYS; k++) {
    b.setCurrentKey(`S${String(k).length}:${k}`, [String(k)]);
    v.update({ n: BigInt(k) * 10n ** 18n, text: `key ${k} `.padEnd(120, '.') });
    if (k % 3 === 0) for (let i = 0; i < 4; i++) l.add(k + i);
    if (k % 5 === 0) m.put(`m${k}`, new Uint8Array([k & 255, 7]));
  }
}

function check(b: KeyedStateBackend): void {
  const v = b.valueState<{ n: bigint; text: string }>({ name: 'v' });
  const l = b.listState<number>({ name: 'l' });
  const m = b.mapState<string, Uint8Array>({ name: 'm' });
  for (let k = KEYS - 1; k >= 0; k -= 7) {
    b.setCurrentKey(`S${String(k).length}:${k}`, [String(k)]);
    expect(v.value()).toEqual({ n: BigInt(k) * 10n ** 18n, text: `key ${k} `.padEnd(120, '.') });
    expect(l.get()).toEqual(k % 3 === 0 ? [k, k + 1, k + 2, k + 3] : []);
    expect(m.get(`m${k}`)).toEqual(k % 5 === 0 ? new Uint8Array([k & 255, 7]) : undefined);
  }
}

const withoutBackendName = (s: KeyedStateSnapshot): unknown => ({ ...s, backend: undefined });

describe('leveldb state backend', () => {
  it('is chosen by state.backend.type with its cache size and directory', () => {
    const scope = { statement: 'st 1', task: 'Group/Agg', operator: 'agg', dataDir: join(root, 'data') };
    const backend = createStateBackend(
      {
        'state.backend.type': 'LevelDB',
        'state.backend.leveldb.cache-size': '3 mb',
        'state.backend.embedded.cache-size': '1 kb', // the other backend's option: not read
        'pipeline.max-parallelism': '64',
      },
      scope,
    );
    expect(backend).toBeInstanceOf(LevelDbKeyedStateBackend);
    expect((backend as LevelDbKeyedStateBackend).cacheBytes).toBe(3 * 1024 * 1024);
    expect(backend.maxParallelism).toBe(64);
    backend.setCurrentKey('k', ['k']);
    backend.valueState<number>({ name: 'v' }).update(1);
    backend.flush?.();
    expect(existsSync(join(root, 'data', 'state', 'st%201', 'Group%2fAgg', 'leveldb', 'LOCK'))).toBe(true);
    backend.dispose();

    const local = createStateBackend(
      { 'state.backend.type': 'leveldb', 'state.backend.leveldb.localdir': join(root, 'local') },
      { ...scope, dataDir: undefined },
    );
    expect((local as LevelDbKeyedStateBackend).cacheBytes).toBe(64 * 1024 * 1024);
    local.setCurrentKey('k', ['k']);
    local.valueState<number>({ name: 'v' }).update(1);
    local.flush?.();
    expect(existsSync(join(root, 'local', 'state', 'st%201', 'Group%2fAgg', 'leveldb'))).toBe(true);
    local.dispose();

    expect(stateBackendType({ 'state.backend.type': 'embedded' })).toBe('embedded');
    expect(() =>
      createStateBackend({ 'state.backend.type': 'leveldb' }, { ...scope, dataDir: undefined }),
    ).toThrow(/'leveldb' needs a directory: set 'state.backend.leveldb.localdir'/);
    expect(() =>
      createStateBackend(
        { 'state.backend.type': 'leveldb', 'state.backend.leveldb.cache-size': '0 mb' },
        scope,
      ),
    ).toThrow(/'state.backend.leveldb.cache-size'; the cache needs a positive size/);
    expect(() =>
      createStateBackend(
        { 'state.backend.type': 'leveldb', 'state.backend.leveldb.cache-size': 'big' },
        scope,
      ),
    ).toThrow(/Invalid memory size 'big' for 'state.backend.leveldb.cache-size'/);
    expect(() => stateBackendType({ 'state.backend.type': 'rocksdb' })).toThrow(/'leveldb'.*'hashmap'/);
    expect(() => stateBackendType({ 'state.backend.type': 'memory' })).toThrow(
      /expected 'hashmap', 'leveldb' or 'embedded'/,
    );
  });

  it('spills far past a tiny cache; its snapshot equals the embedded one and restores into heap and back', () => {
    const level = new LevelDbKeyedStateBackend({
      dir: join(root, 'snap'),
      operator: 'op',
      cacheBytes: 8 * 1024,
    });
    const embedded = new EmbeddedKeyedStateBackend({
      dir: join(root, 'snap'),
      operator: 'op',
      cacheBytes: 8 * 1024,
    });
    fill(level);
    fill(embedded);
    expect(level.cacheUsage().bytes).toBeLessThanOrEqual(8 * 1024);
    expect(level.stats.evictedEntries).toBeGreaterThan(KEYS);
    check(level);
    const snapshot = level.snapshot();
    expect(snapshot.backend).toBe('leveldb');
    // same rows in the same order: the key layout sorts as SQLite's primary key does
    expect(JSON.stringify(withoutBackendName(snapshot))).toBe(
      JSON.stringify(withoutBackendName(embedded.snapshot())),
    );
    const wire = JSON.parse(JSON.stringify(snapshot)) as KeyedStateSnapshot;
    const heap = new HeapKeyedStateBackend();
    heap.restore(wire);
    check(heap);
    const back = new LevelDbKeyedStateBackend({
      dir: join(root, 'back'),
      operator: 'op',
      cacheBytes: 8 * 1024,
    });
    back.restore(JSON.parse(JSON.stringify(heap.snapshot())) as KeyedStateSnapshot);
    expect(back.stateSize().keys).toBe(level.stateSize().keys);
    check(back);
    for (const b of [level, embedded, heap, back]) b.dispose();
  });
});
