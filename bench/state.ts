/**
 * State backend benchmark (`npm run bench:state`):
 *  1. value-state read-modify-write throughput, heap vs embedded, with cache-hit mixes set by the
 *     cache size relative to the working set (all hits, about half, almost all misses);
 *  2. checkpoint duration for about 100 MB of state: full vs incremental (first and after 1% changed).
 */

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CheckpointStorage } from '../src/state/checkpoint/storage.ts';
import { EmbeddedKeyedStateBackend } from '../src/state/embedded/backend.ts';
import { HeapKeyedStateBackend } from '../src/state/heap-backend.ts';
import type { KeyedStateBackend } from '../src/state/state.ts';

const root = mkdtempSync(join(tmpdir(), 'tributary-bench-state-'));
let dbCounter = 0;
const embedded = (cacheBytes: number) =>
  new EmbeddedKeyedStateBackend({ dir: join(root, `db${dbCounter++}`), operator: 'op', cacheBytes });

interface Acc {
  count: number;
  sum: number;
  label: string;
}

function throughput(name: string, backend: KeyedStateBackend, keys: number, ops: number): void {
  const v = backend.valueState<Acc>({ name: 'acc' });
  const keyStrings = Array.from({ length: keys }, (_, i) => `S8:${String(i).padStart(8, '0')}`);
  for (let i = 0; i < keys; i++) {
    backend.setCurrentKey(keyStrings[i]!, [i]);
    v.update({ count: 0, sum: 0, label: `label-${i}`.padEnd(100, '-') });
  }
  backend.flush?.();
  const stats = backend instanceof EmbeddedKeyedStateBackend ? { ...backend.stats } : undefined;
  // uniform random keys (a fixed LCG so every run touches the same sequence)
  let seed = 12345;
  const start = performance.now();
  for (let i = 0; i < ops; i++) {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    const k = seed % keys;
    backend.setCurrentKey(keyStrings[k]!, [k]);
    const acc = v.value()!;
    v.update({ count: acc.count + 1, sum: acc.sum + i, label: acc.label });
  }
  const ms = performance.now() - start;
  let hitRate = '100%';
  if (backend instanceof EmbeddedKeyedStateBackend && stats !== undefined) {
    const hits = backend.stats.hits - stats.hits;
    const misses = backend.stats.misses - stats.misses;
    hitRate = `${((100 * hits) / (hits + misses)).toFixed(0)}%`;
  }
  const perSec = Math.round((ops / ms) * 1000);
  console.log(
    `${name.padEnd(34)} hit ${hitRate.padStart(4)}  ${perSec.toLocaleString('en-US').padStart(10)} get+put/s  (${((ms * 1000) / ops).toFixed(2)} µs/op)`,
  );
  backend.dispose();
}

async function checkpoints(): Promise<void> {
  const keys = 100_000;
  const fill = (b: KeyedStateBackend, from: number, to: number, round: number) => {
    const v = b.valueState<string>({ name: 'v' });
    for (let k = from; k < to; k++) {
      b.setCurrentKey(`key${k}`, [k]);
      v.update(`${round}:${k}:`.padEnd(1000, 'x'));
    }
  };
  const time = async (label: string, run: () => Promise<{ bytesWritten: number }>) => {
    const start = performance.now();
    const { bytesWritten } = await run();
    const ms = performance.now() - start;
    console.log(
      `${label.padEnd(46)} ${ms.toFixed(0).padStart(6)} ms  ${(bytesWritten / 1e6).toFixed(1).padStart(6)} MB written`,
    );
  };

  const heap = new HeapKeyedStateBackend();
  fill(heap, 0, keys, 0);
  const heapStorage = await CheckpointStorage.open({ dir: join(root, 'chk-heap'), statement: 'bench' });
  await time('hashmap, full', () =>
    heapStorage.checkpoint({ checkpointId: 1, operators: [{ operatorId: 'op', backend: heap }] }),
  );
  heap.dispose();

  const full = embedded(64 * 1024 * 1024);
  fill(full, 0, keys, 0);
  const fullStorage = await CheckpointStorage.open({ dir: join(root, 'chk-full'), statement: 'bench' });
  await time('embedded, full', () =>
    fullStorage.checkpoint({ checkpointId: 1, operators: [{ operatorId: 'op', backend: full }] }),
  );
  full.dispose();

  const inc = embedded(64 * 1024 * 1024);
  fill(inc, 0, keys, 0);
  const incStorage = await CheckpointStorage.open({
    dir: join(root, 'chk-inc'),
    statement: 'bench',
    incremental: true,
  });
  await time('embedded, incremental #1 (everything new)', () =>
    incStorage.checkpoint({ checkpointId: 1, operators: [{ operatorId: 'op', backend: inc }] }),
  );
  fill(inc, 0, keys / 100, 1);
  await time('embedded, incremental #2 (1% of keys changed)', () =>
    incStorage.checkpoint({ checkpointId: 2, operators: [{ operatorId: 'op', backend: inc }] }),
  );
  // 1% of keys packed in few key groups is the best case; spread over all groups it is the worst
  const v = inc.valueState<string>({ name: 'v' });
  for (let k = 0; k < 64; k++) {
    inc.setCurrentKey(`key${k * 1000}`, [k]);
    v.update('changed'.padEnd(1000, 'y'));
  }
  await time('embedded, incremental #3 (64 keys changed)', () =>
    incStorage.checkpoint({ checkpointId: 3, operators: [{ operatorId: 'op', backend: inc }] }),
  );
  inc.dispose();
}

console.log('value state read-modify-write, 200 000 keys (~130 B values), 1 000 000 uniform random ops');
const KEYS = 200_000;
const OPS = 1_000_000;
throughput('hashmap', new HeapKeyedStateBackend(), KEYS, OPS);
throughput('embedded, 256 MB cache', embedded(256 * 1024 * 1024), KEYS, OPS);
throughput('embedded, 32 MB cache', embedded(32 * 1024 * 1024), KEYS, OPS);
throughput('embedded, 2 MB cache', embedded(2 * 1024 * 1024), KEYS, OPS / 4);
console.log('\ncheckpoint of 100 000 keys × 1 000 B values (~100 MB)');
await checkpoints();
rmSync(root, { recursive: true, force: true });
