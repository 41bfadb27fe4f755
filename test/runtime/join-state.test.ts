import { describe, expect, it } from 'vitest';
import { createJoinRecordView, type JoinRecordView } from '../../src/runtime/operators/join-state.ts';
import { HeapKeyedStateBackend } from '../../src/state/heap-backend.ts';
import { serializeKeyRow } from '../../src/state/keys.ts';

type Model = Map<string, { count: number; associations: number }>;

function contents(view: JoinRecordView): Model {
  const out: Model = new Map();
  for (const r of view.records()) {
    const id = serializeKeyRow(r.row);
    expect(out.has(id), `row ${id} stored twice`).toBe(false);
    out.set(id, { count: r.count, associations: r.associations });
  }
  return out;
}

describe('join record view without a unique key (multiset)', () => {
  it('keeps counts and associations like a reference multiset, past the list-to-index switch', () => {
    const backend = new HeapKeyedStateBackend();
    const view = createJoinRecordView(backend, 'left-records', { kind: 'no-unique-key' }, 0);
    // 40 distinct rows per key (more than a list holds), including values equal only by SQL rules
    const pool: unknown[][] = [];
    for (let i = 0; i < 37; i++) pool.push([i % 5, `bid-${i}`, i * 0.5]);
    pool.push([0, 'z', 0], [0, 'z', -0], [0, 'z', Number.NaN]);
    let seed = 7;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    const models = new Map<string, Model>();
    for (let step = 0; step < 6000; step++) {
      const key = `k${random(3)}`;
      backend.setCurrentKey(key, [key]);
      const model = models.get(key) ?? new Map();
      models.set(key, model);
      // a fresh array each time: rows are found by value, not identity
      const row = [...pool[random(pool.length)]!];
      const id = serializeKeyRow(row);
      const op = random(10);
      if (op < 6) {
        const associations = random(4);
        view.add(row, associations);
        model.set(id, { count: (model.get(id)?.count ?? 0) + 1, associations });
      } else if (op < 9) {
        view.retract(row);
        const m = model.get(id);
        if (m !== undefined && m.count > 1) m.count--;
        else model.delete(id);
      } else {
        view.updateAssociations(row, 9);
        const m = model.get(id);
        if (m !== undefined) m.associations = 9;
      }
      if (step % 50 === 0) expect(contents(view)).toEqual(model);
    }
    for (const [key, model] of models) {
      backend.setCurrentKey(key, [key]);
      expect(contents(view)).toEqual(model);
    }

    // the state goes through a snapshot and back
    const restored = new HeapKeyedStateBackend();
    restored.restore(JSON.parse(JSON.stringify(backend.snapshot())));
    const restoredView = createJoinRecordView(restored, 'left-records', { kind: 'no-unique-key' }, 0);
    for (const [key, model] of models) {
      restored.setCurrentKey(key, [key]);
      expect(contents(restoredView)).toEqual(model);
    }
  });

  it('removes a join key entirely once its last row is retracted', () => {
    const backend = new HeapKeyedStateBackend();
    const view = createJoinRecordView(backend, 'right-records', { kind: 'no-unique-key' }, 0);
    backend.setCurrentKey('k', ['k']);
    for (let i = 0; i < 30; i++) view.add([i, 'x'], 0);
    for (let i = 0; i < 30; i++) view.retract([i, 'x']);
    expect(view.records()).toEqual([]);
    const groups = backend.snapshot().states['right-records-multiset'] ?? {};
    expect(Object.keys(groups).filter((k) => k !== 'kind')).toEqual([]);
  });
});

describe('join record view of an insert-only side (append-only)', () => {
  /** Copies per distinct row, summed over the records a probe visits. */
  function copies(view: JoinRecordView): Map<string, number> {
    const out = new Map<string, number>();
    for (const r of view.records()) {
      const id = serializeKeyRow(r.row);
      out.set(id, (out.get(id) ?? 0) + r.count);
    }
    return out;
  }

  it('visits every added copy, duplicates included, and moves state to and from the multiset view', () => {
    const backend = new HeapKeyedStateBackend();
    const multiset = createJoinRecordView(backend, 'left-records', { kind: 'no-unique-key' }, 0);
    backend.setCurrentKey('k', ['k']);
    // 40 rows with duplicates: the multiset view switches to its hashed form past 16 rows
    for (let i = 0; i < 40; i++) multiset.add([i % 25, 'x'], 0);
    const expected = new Map<string, number>();
    for (let i = 0; i < 40; i++) {
      const id = serializeKeyRow([i % 25, 'x']);
      expected.set(id, (expected.get(id) ?? 0) + 1);
    }

    const restored = new HeapKeyedStateBackend();
    restored.restore(JSON.parse(JSON.stringify(backend.snapshot())));
    const appendOnly = createJoinRecordView(restored, 'left-records', { kind: 'no-unique-key' }, 0, true);
    restored.setCurrentKey('k', ['k']);
    expect(copies(appendOnly)).toEqual(expected);
    for (let i = 0; i < 10; i++) {
      appendOnly.add([i, 'x'], 0);
      const id = serializeKeyRow([i, 'x']);
      expected.set(id, (expected.get(id) ?? 0) + 1);
    }
    expect(copies(appendOnly)).toEqual(expected);
    // equal rows stay separate records: nothing searched them
    expect(appendOnly.records().length).toBe(50 - 15);

    const back = new HeapKeyedStateBackend();
    back.restore(JSON.parse(JSON.stringify(restored.snapshot())));
    const multisetAgain = createJoinRecordView(back, 'left-records', { kind: 'no-unique-key' }, 0);
    back.setCurrentKey('k', ['k']);
    expect(copies(multisetAgain)).toEqual(expected);
    multisetAgain.retract([0, 'x']);
    expected.set(serializeKeyRow([0, 'x']), expected.get(serializeKeyRow([0, 'x']))! - 1);
    expect(copies(multisetAgain)).toEqual(expected);
  });

  it('still retracts exactly one copy, and refuses association updates (outer sides never use it)', () => {
    const backend = new HeapKeyedStateBackend();
    const view = createJoinRecordView(backend, 'right-records', { kind: 'no-unique-key' }, 0, true);
    backend.setCurrentKey('k', ['k']);
    view.add([1, 'a'], 0);
    view.add([1, 'a'], 0);
    view.retract([1, 'a']);
    expect(copies(view)).toEqual(new Map([[serializeKeyRow([1, 'a']), 1]]));
    view.retract([1, 'a']);
    expect(view.records()).toEqual([]);
    expect(() => view.updateAssociations([1, 'a'], 1)).toThrow(/does not track associations/);
  });
});
