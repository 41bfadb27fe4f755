/**
 * The checkpoint coordinator writes a snapshot while the job keeps processing, so a snapshot must be
 * a copy: changing state after it was taken — including mutating a value object in place, as
 * operators do with accumulators before calling update() — must not change what gets written.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { toTaggedStates } from '../../src/state/binary-state.ts';
import { EmbeddedKeyedStateBackend } from '../../src/state/embedded/backend.ts';
import { HeapKeyedStateBackend } from '../../src/state/heap-backend.ts';
import type { KeyedStateBackend } from '../../src/state/state.ts';

const root = mkdtempSync(join(tmpdir(), 'tributary-snapshot-copy-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function fill(b: KeyedStateBackend): { acc: { n: number; items: number[] } } {
  const value = b.valueState<{ n: number; items: number[] }>({ name: 'acc' });
  const list = b.listState<string>({ name: 'list' });
  const map = b.mapState<string, bigint>({ name: 'map' });
  const text = b.valueState<string>({ name: 'text' });
  b.setCurrentKey('k1', ['k1']);
  const acc = { n: 1, items: [1] };
  value.update(acc);
  list.add('a');
  map.put('x', 1n);
  // a string is captured by reference and encoded after the capture (binary-state.ts, entryOrDefer)
  text.update('first');
  return { acc };
}

function mutate(b: KeyedStateBackend, acc: { n: number; items: number[] }): void {
  const value = b.valueState<{ n: number; items: number[] }>({ name: 'acc' });
  const list = b.listState<string>({ name: 'list' });
  const map = b.mapState<string, bigint>({ name: 'map' });
  b.setCurrentKey('k1', ['k1']);
  acc.n = 2;
  acc.items.push(2);
  value.update(acc);
  b.valueState<string>({ name: 'text' }).update('second');
  list.add('b');
  map.put('x', 2n);
  b.setCurrentKey('k2', ['k2']);
  value.update({ n: 9, items: [] });
}

const backends: [string, () => KeyedStateBackend][] = [
  ['hashmap', () => new HeapKeyedStateBackend()],
  [
    'embedded (tiny cache)',
    () =>
      new EmbeddedKeyedStateBackend({
        dir: join(root, `db-${Math.random()}`),
        operator: 'op',
        cacheBytes: 600,
      }),
  ],
];

describe.each(backends)('%s snapshots are copies', (_name, create) => {
  it('snapshot() is unaffected by later writes and in-place mutation', () => {
    const b = create();
    const { acc } = fill(b);
    const snapshot = b.snapshot();
    const before = JSON.stringify(snapshot);
    mutate(b, acc);
    expect(JSON.stringify(snapshot)).toBe(before);
    const restored = create();
    restored.restore(snapshot);
    restored.setCurrentKey('k1', ['k1']);
    expect(restored.valueState<{ n: number }>({ name: 'acc' }).value()).toEqual({ n: 1, items: [1] });
    expect(restored.listState<string>({ name: 'list' }).get()).toEqual(['a']);
    restored.setCurrentKey('k2', ['k2']);
    expect(restored.valueState({ name: 'acc' }).value()).toBeNull();
    b.dispose();
    restored.dispose();
  });

  it('an incremental snapshot is unaffected by later writes', () => {
    const b = create();
    if (b.snapshotIncremental === undefined) return b.dispose();
    const { acc } = fill(b);
    const delta = b.snapshotIncremental(1, undefined);
    const changes = () =>
      toTaggedStates({}, [...(delta.changes ?? []), ...(delta.deferredChanges?.encodeNow() ?? [])], 128);
    const text = () => JSON.stringify([[...delta.groups], changes()]);
    const before = text();
    expect(before).toContain('k1');
    expect(before).toContain('first');
    mutate(b, acc);
    expect(text()).toBe(before);
    b.dispose();
  });
});
