import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Job } from '../../src/runtime/job.ts';
import { GroupAggregateOperator } from '../../src/runtime/operators/group-aggregate.ts';
import { ChangelogCollector } from '../../src/runtime/operators/sink-collector.ts';
import { ValuesSource } from '../../src/runtime/operators/values-source.ts';
import { createStateBackend, parseMemorySize } from '../../src/state/backend-factory.ts';
import { EmbeddedKeyedStateBackend } from '../../src/state/embedded/backend.ts';
import { HeapKeyedStateBackend } from '../../src/state/heap-backend.ts';
import { countStar, formatterFor, sum } from '../runtime/helpers.ts';

const root = mkdtempSync(join(tmpdir(), 'tributary-spill-'));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('embedded backend spill', () => {
  it('keeps 20 MB of state correct through a 1 MB cache', () => {
    const cacheBytes = 1024 * 1024;
    const b = new EmbeddedKeyedStateBackend({ dir: join(root, 'big'), operator: 'agg', cacheBytes });
    const v = b.valueState<{ id: number; text: string; count: bigint }>({ name: 'v' });
    const keys = 20_000;
    const payload = (k: number, round: number) => `${round}:${k}:`.padEnd(500, 'x');
    for (let k = 0; k < keys; k++) {
      b.setCurrentKey(`key${k}`, [k]);
      v.update({ id: k, text: payload(k, 0), count: 1n });
    }
    expect(b.cacheUsage().bytes).toBeLessThanOrEqual(cacheBytes);
    // read-modify-write every key in a different order: nearly every read misses
    for (let i = 0; i < keys; i++) {
      const k = (i * 7919) % keys;
      b.setCurrentKey(`key${k}`, [k]);
      const old = v.value();
      expect(old?.id).toBe(k);
      v.update({ id: k, text: payload(k, 1), count: old!.count + 1n });
    }
    for (let k = 0; k < keys; k += 97) {
      b.setCurrentKey(`key${k}`, [k]);
      expect(v.value()).toEqual({ id: k, text: payload(k, 1), count: 2n });
    }
    expect(b.stats.misses).toBeGreaterThan(keys * 0.9);
    expect(b.stats.evictedEntries).toBeGreaterThan(keys);
    expect(b.cacheUsage().bytes).toBeLessThanOrEqual(cacheBytes);
    // the full snapshot holds everything (about 20 MB of JSON), not only what is cached
    const snap = b.snapshot();
    const count = Object.entries(snap.states.v!)
      .filter(([g]) => g !== 'kind')
      .flatMap(([, e]) => e as unknown[]).length;
    expect(count).toBe(keys);
    expect(JSON.stringify(snap).length).toBeGreaterThan(10_000_000);
    b.dispose();
  });

  it('runs a group aggregation through a Job with identical results to the heap backend', () => {
    const rows: unknown[][] = [];
    for (let i = 0; i < 6000; i++) rows.push([`k${(i * 31) % 1500}`, i % 100]);
    const run = (createBackend: (operator: string) => EmbeddedKeyedStateBackend | HeapKeyedStateBackend) => {
      const agg = new GroupAggregateOperator({
        keyIndexes: [0],
        calls: [
          { fn: countStar, argIndexes: [] },
          { fn: sum, argIndexes: [1] },
        ],
        generateUpdateBefore: true,
      });
      const collector = new ChangelogCollector({ formatField: formatterFor(['plain', 'plain', 'plain']) });
      const job = new Job({ clock: () => 0, createBackend });
      job.addSource('pipeline', new ValuesSource({ rows }), [agg, collector]);
      job.runToCompletion();
      return collector.changelog;
    };
    const heap = run(() => new HeapKeyedStateBackend());
    const embedded = run(
      (operator) =>
        new EmbeddedKeyedStateBackend({ dir: join(root, 'job'), operator, cacheBytes: 16 * 1024 }),
    );
    expect(heap.length).toBe(1500 + 2 * 4500); // +I per key, then -U/+U per further row
    expect(embedded).toEqual(heap);
  });

  it('is chosen by state.backend.type, with Flink memory sizes', () => {
    const scope = { statement: 'st 1', task: 'Group/Agg', operator: 'agg', dataDir: root };
    expect(createStateBackend({}, scope)).toBeInstanceOf(HeapKeyedStateBackend);
    const backend = createStateBackend(
      {
        'state.backend.type': 'embedded',
        'state.backend.embedded.cache-size': '2 mb',
        'pipeline.max-parallelism': '64',
      },
      scope,
    );
    expect(backend).toBeInstanceOf(EmbeddedKeyedStateBackend);
    expect((backend as EmbeddedKeyedStateBackend).cacheBytes).toBe(2 * 1024 * 1024);
    expect(backend.maxParallelism).toBe(64);
    backend.dispose();
    expect(() => createStateBackend({ 'state.backend.type': 'rocksdb' }, scope)).toThrow(/use 'embedded'/);
    expect(() =>
      createStateBackend({ 'state.backend.type': 'embedded' }, { ...scope, dataDir: undefined }),
    ).toThrow(/localdir/);
    expect(parseMemorySize('64m', 'x')).toBe(64 * 1024 * 1024);
    expect(() => parseMemorySize('lots', 'state.backend.embedded.cache-size')).toThrow(
      /Invalid memory size 'lots'/,
    );
  });
});
