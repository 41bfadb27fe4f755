/**
 * Large state with the `leveldb` backend, CI size (bench/large-state.ts; `npm run bench:large-state`
 * runs it bigger): a GROUP BY over many keys through the SQL path (SET 'state.backend.type' =
 * 'leveldb', a 2 MB cache) with state over ten times the cache. The changelog must equal the hashmap
 * backend's, and the live heap must not grow with the state — it does with the hashmap backend.
 */

import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { expect, it } from 'vitest';
import { runLargeState } from '../../bench/large-state.ts';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

const MB = 1024 * 1024;
const CACHE_BYTES = 2 * MB;

it('aggregates state over 10x its cache through the SQL path, identical to hashmap, heap bounded', async () => {
  const options = { keys: 40_000, rows: 80_000, cacheSize: '2 mb', padLength: 256, gc };
  const level = await runLargeState({ ...options, backend: 'leveldb' });
  const heap = await runLargeState({ ...options, backend: 'hashmap' });
  const mb = (n: number): string => `${(n / MB).toFixed(1)} MB`;
  const growth = (r: typeof level): number => r.liveHeap!.at95 - r.liveHeap!.at25;
  process.stdout.write(
    `large state: leveldb ${(level.elapsedMs / 1000).toFixed(1)} s, ${level.stateKeys} keys, ~${mb(level.stateBytes)} estimated, ` +
      `${mb(level.peakDiskBytes)} on disk, RSS ${mb(level.rssBeforeBytes)} → peak ${mb(level.peakRssBytes)}, live heap +${mb(growth(level))}; ` +
      `hashmap ${(heap.elapsedMs / 1000).toFixed(1)} s, live heap +${mb(growth(heap))}\n`,
  );
  expect(level.changes).toBeGreaterThan(options.keys);
  expect(level.digest).toBe(heap.digest);
  expect(level.changes).toBe(heap.changes);
  // the state-size metric (sampled between batches, so up to a batch behind) counts one entry per group
  expect(level.stateKeys).toBeLessThanOrEqual(level.groups);
  expect(level.stateKeys).toBeGreaterThan(0.9 * level.groups);
  expect(level.stateBytes).toBeGreaterThan(10 * CACHE_BYTES);
  expect(level.peakDiskBytes).toBeGreaterThan(CACHE_BYTES);
  // Between 25% and 95% of the input the state more than doubles; with LevelDB the heap holds only
  // the cache (and a Bloom filter of ~1 byte per key), with hashmap all of it.
  expect(growth(heap)).toBeGreaterThan(4 * CACHE_BYTES);
  expect(growth(level)).toBeLessThan(2 * CACHE_BYTES);
}, 300_000);
