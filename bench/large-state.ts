/**
 * Large state with the `leveldb` backend (`npm run bench:large-state`), in two parts:
 *
 * 1. Miss cost: the time of one cache miss answered by each spill store — better-sqlite3 on the
 *    operator thread, LevelDB through the worker round trip (present keys, uniform random order),
 *    and a LevelDB miss for a key never written (answered by the Bloom filter, no round trip); then
 *    value-state get + put through each backend with a 2 MB cache (misses plus batched write-back).
 * 2. A GROUP BY over many keys through the SQL path (SET 'state.backend.type', datagen → query
 *    result) with a cache of a few MB and state many times that: the changelog's digest must equal the
 *    hashmap backend's; reported are the state size (keys, estimated bytes, LevelDB bytes on disk), the
 *    process RSS, the live heap after a full GC at 25% and 95% of the input, and the throughput. Each
 *    backend runs in a child process of its own (so one run's heap does not inflate another's RSS);
 *    the spilling ones with a V8 heap limit (`--spill-heap-mb`, default 256) below the state size.
 *
 *   npm run bench:large-state [-- --keys 500000 --rows 1500000 --cache '16 mb' --pad 64
 *     --backends leveldb,embedded,hashmap --spill-heap-mb 256 --skip-miss --skip-update]
 *
 * test/state/leveldb-large-state.test.ts runs part 2 in CI size.
 */

import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { CatalogManager } from '../src/catalog/catalog-manager.ts';
import { EngineSession } from '../src/gateway/engine/session.ts';
import { EmbeddedKeyedStateBackend } from '../src/state/embedded/backend.ts';
import { openStoreTable, type SpillStore } from '../src/state/embedded/store.ts';
import { LevelDbKeyedStateBackend } from '../src/state/leveldb/backend.ts';
import { openLevelStore } from '../src/state/leveldb/store.ts';

export type LargeStateBackend = 'hashmap' | 'leveldb' | 'embedded';

export interface LargeStateOptions {
  readonly backend: LargeStateBackend;
  /** Distinct grouping keys (drawn uniformly at random). */
  readonly keys: number;
  /** Input rows. */
  readonly rows: number;
  /** `state.backend.<type>.cache-size` (Flink memory size). */
  readonly cacheSize: string;
  /** Characters of the random string each row carries (MAX(pad) keeps one per key in state). */
  readonly padLength: number;
  readonly seed?: number;
  /** Where the spill database goes (a fresh temporary directory when absent). */
  readonly dataDir?: string;
  /**
   * A full garbage collection (`--expose-gc`'s `gc`): with it, the live heap is measured when the
   * aggregate has taken 25% and 95% of the rows; its growth in between is what the state costs the heap.
   */
  readonly gc?: () => void;
}

export interface LargeStateResult {
  readonly backend: LargeStateBackend;
  /** SHA-256 of the changelog (`op` and row, in order). */
  readonly digest: string;
  readonly changes: number;
  /** Insertions in the changelog: one per distinct key. */
  readonly groups: number;
  readonly elapsedMs: number;
  readonly rssBeforeBytes: number;
  readonly peakRssBytes: number;
  /** The aggregate's state at its largest sample: stored entries and their estimated bytes. */
  readonly stateKeys: number;
  readonly stateBytes: number;
  /** Largest size of the statement's state directory seen during the run (0 for hashmap). */
  readonly peakDiskBytes: number;
  /** Live heap after a full GC at 25% and 95% of the input (only with `gc`). */
  readonly liveHeap: { readonly at25: number; readonly at95: number } | undefined;
}

function directoryBytes(dir: string): number {
  let total = 0;
  let entries: string[];
  try {
    entries = readdirSync(dir);
  } catch {
    return 0; // not created yet, or removed while closing
  }
  for (const name of entries) {
    const path = join(dir, name);
    try {
      const stat = statSync(path);
      total += stat.isDirectory() ? directoryBytes(path) : stat.size;
    } catch {
      // a LevelDB file compacted away between readdir and stat
    }
  }
  return total;
}

function digestValue(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? `${value}n` : value;
}

/** Runs `SELECT k, COUNT(*), SUM(v), MAX(pad) FROM events GROUP BY k` over datagen rows. */
export async function runLargeState(options: LargeStateOptions): Promise<LargeStateResult> {
  const dataDir = options.dataDir ?? mkdtempSync(join(tmpdir(), 'tributary-large-state-'));
  const session = new EngineSession({ catalogs: new CatalogManager() });
  try {
    if (options.backend !== 'hashmap') {
      await session.prepare(`SET 'state.backend.type' = '${options.backend}'`);
      await session.prepare(`SET 'state.backend.${options.backend}.cache-size' = '${options.cacheSize}'`);
    }
    await session.prepare(`
      CREATE TABLE events (k BIGINT, v INT, pad STRING) WITH (
        'connector' = 'datagen', 'number-of-rows' = '${options.rows}', 'rows-per-second' = '1000000000',
        'seed' = '${options.seed ?? 42}',
        'fields.k.min' = '1', 'fields.k.max' = '${options.keys}',
        'fields.v.min' = '0', 'fields.v.max' = '1000',
        'fields.pad.length' = '${options.padLength}')`);
    const prepared = await session.prepare(
      'SELECT k, COUNT(*) AS n, SUM(v) AS total, MAX(pad) AS top FROM events GROUP BY k',
    );
    if (prepared.kind !== 'job') throw new Error('the large-state query did not plan to a job');
    const statementKey = `large-state-${options.backend}`;
    const rssBeforeBytes = process.memoryUsage().rss;
    let peakRssBytes = rssBeforeBytes;
    let peakDiskBytes = 0;
    let stateKeys = 0;
    let stateBytes = 0;
    const stateDir = join(dataDir, 'state');
    const started = performance.now();
    const running = session.start(prepared, { bufferRows: 4096, checkpointing: { statementKey, dataDir } });
    const hash = createHash('sha256');
    let changes = 0;
    let groups = 0;
    let lastSample = 0;
    const liveHeap: number[] = [];
    const liveHeapAt = [0.25, 0.95];
    // State metrics after every pull (the job is paused between batches, so the last sample is close
    // to the final state); disk and RSS every half second.
    const sampleState = (): void => {
      const agg = running.operatorMetrics().find((m) => m.operator === 'GroupAggregate');
      if (agg === undefined) return;
      if (agg.stateKeys >= stateKeys) {
        stateKeys = agg.stateKeys;
        stateBytes = agg.stateSizeBytes;
      }
      const at = liveHeapAt[liveHeap.length];
      if (options.gc !== undefined && at !== undefined && agg.numRecordsIn >= at * options.rows) {
        options.gc();
        liveHeap.push(process.memoryUsage().heapUsed);
      }
    };
    const sample = (): void => {
      peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss);
      if (options.backend !== 'hashmap') peakDiskBytes = Math.max(peakDiskBytes, directoryBytes(stateDir));
    };
    for (;;) {
      const batch = await running.pull(4096);
      if (batch.rows.length === 0) break;
      for (let i = 0; i < batch.rows.length; i++) {
        hash.update(`${batch.ops[i]}|${JSON.stringify(batch.rows[i], digestValue)}\n`);
      }
      changes += batch.rows.length;
      for (const op of batch.ops) if (op === 0) groups++;
      sampleState();
      if (performance.now() - lastSample > 500) {
        sample();
        lastSample = performance.now();
      }
    }
    await running.done;
    if (running.state !== 'FINISHED') throw running.error ?? new Error(`the query ended ${running.state}`);
    peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss);
    return {
      backend: options.backend,
      digest: hash.digest('hex'),
      changes,
      groups,
      elapsedMs: performance.now() - started,
      rssBeforeBytes,
      peakRssBytes,
      stateKeys,
      stateBytes,
      peakDiskBytes,
      liveHeap: liveHeap.length === 2 ? { at25: liveHeap[0]!, at95: liveHeap[1]! } : undefined,
    };
  } finally {
    if (options.dataDir === undefined) rmSync(dataDir, { recursive: true, force: true });
  }
}

export interface MissCost {
  readonly store: string;
  readonly microsPerRead: number;
}

/**
 * Point reads of present keys in a scrambled order straight from each store (what one cache miss
 * costs), and LevelDB reads of keys never written. Both stores hold the same rows.
 */
export function measureMissCost(rows = 200_000, reads = 50_000, valueBytes = 100): MissCost[] {
  const root = mkdtempSync(join(tmpdir(), 'tributary-miss-cost-'));
  const value = JSON.stringify('x'.repeat(valueBytes - 2));
  const key = (i: number): string => `S8:${String(i).padStart(8, '0')}`;
  const group = (i: number): number => i % 128;
  const fill = (store: SpillStore): void => {
    for (let from = 0; from < rows; from += 10_000) {
      const batch: [number, string, string, string][] = [];
      for (let i = from; i < Math.min(rows, from + 10_000); i++) batch.push([group(i), 'acc', key(i), value]);
      store.write(batch, []);
    }
  };
  const time = (store: SpillStore, present: boolean): number => {
    let seed = 12345;
    const start = performance.now();
    for (let n = 0; n < reads; n++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const i = present ? seed % rows : rows + (seed % rows);
      const found = store.get(group(i), 'acc', key(i));
      if ((found !== undefined) !== present) throw new Error(`miss-cost read of ${key(i)} went wrong`);
    }
    return ((performance.now() - start) * 1000) / reads;
  };
  const sqlite = openStoreTable(join(root, 'sqlite'), 'op');
  const level = openLevelStore(join(root, 'level'), 'op');
  try {
    fill(sqlite);
    fill(level);
    const results: MissCost[] = [];
    // interleaved rounds: both stores see the same machine load
    for (let round = 0; round < 3; round++) {
      results.push({ store: 'embedded (SQLite), present key', microsPerRead: time(sqlite, true) });
      results.push({ store: 'leveldb (worker round trip), present key', microsPerRead: time(level, true) });
      results.push({ store: 'embedded (SQLite), key never written', microsPerRead: time(sqlite, false) });
      results.push({ store: 'leveldb, key never written (Bloom filter)', microsPerRead: time(level, false) });
    }
    return results;
  } finally {
    sqlite.release();
    level.release();
    rmSync(root, { recursive: true, force: true });
  }
}

/**
 * Value-state read-modify-write through each backend with a cache far smaller than the state (uniform
 * random keys): the per-record cost of a miss plus the batched write-back of evicted entries.
 */
export function measureUpdateCost(keys = 200_000, ops = 100_000, cacheBytes = 2 * 1024 * 1024): MissCost[] {
  const root = mkdtempSync(join(tmpdir(), 'tributary-update-cost-'));
  const keyText = Array.from({ length: keys }, (_, i) => `S8:${String(i).padStart(8, '0')}`);
  const run = (name: string, backend: EmbeddedKeyedStateBackend): MissCost => {
    const v = backend.valueState<{ count: number; label: string }>({ name: 'acc' });
    for (let i = 0; i < keys; i++) {
      backend.setCurrentKey(keyText[i]!, [i]);
      v.update({ count: 0, label: `label-${i}`.padEnd(100, '-') });
    }
    backend.flush();
    let seed = 12345;
    const start = performance.now();
    for (let i = 0; i < ops; i++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const k = seed % keys;
      backend.setCurrentKey(keyText[k]!, [k]);
      const acc = v.value()!;
      v.update({ count: acc.count + 1, label: acc.label });
    }
    const micros = ((performance.now() - start) * 1000) / ops;
    backend.dispose();
    return { store: name, microsPerRead: micros };
  };
  try {
    const results: MissCost[] = [];
    for (let round = 0; round < 2; round++) {
      const dir = join(root, `r${round}`);
      results.push(run('embedded', new EmbeddedKeyedStateBackend({ dir, operator: 'op', cacheBytes })));
      results.push(run('leveldb', new LevelDbKeyedStateBackend({ dir, operator: 'op', cacheBytes })));
    }
    return results;
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}

const mb = (bytes: number): string => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function argValue(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const child = argValue(args, '--child');
  const options = {
    keys: Number(argValue(args, '--keys') ?? 500_000),
    rows: Number(argValue(args, '--rows') ?? 1_500_000),
    cacheSize: argValue(args, '--cache') ?? '16 mb',
    padLength: Number(argValue(args, '--pad') ?? 64),
  };
  if (child !== undefined) {
    const gc = (globalThis as { gc?: () => void }).gc;
    const result = await runLargeState({ ...options, backend: child as LargeStateBackend, gc });
    process.stdout.write(`RESULT ${JSON.stringify(result)}\n`);
    return;
  }
  if (!args.includes('--skip-miss')) {
    console.log('miss cost: 200 000 rows of 100 B per store, 50 000 point reads per round, scrambled order');
    const costs = measureMissCost();
    for (const store of [...new Set(costs.map((c) => c.store))]) {
      const rounds = costs.filter((c) => c.store === store).map((c) => c.microsPerRead);
      console.log(
        `  ${store.padEnd(44)} ${median(rounds).toFixed(1).padStart(7)} µs per read (rounds: ${rounds.map((r) => r.toFixed(1)).join(', ')})`,
      );
    }
  }
  if (!args.includes('--skip-update')) {
    console.log(
      '\nvalue state get + put through the backend: 200 000 keys of ~250 B, 2 MB cache, uniform random',
    );
    const costs = measureUpdateCost();
    for (const store of ['embedded', 'leveldb']) {
      const rounds = costs.filter((c) => c.store === store).map((c) => c.microsPerRead);
      console.log(
        `  ${store.padEnd(10)} ${median(rounds).toFixed(1).padStart(7)} µs per get + put (rounds: ${rounds.map((r) => r.toFixed(1)).join(', ')})`,
      );
    }
  }
  console.log(
    `\nGROUP BY over ${options.keys.toLocaleString('en-US')} keys, ${options.rows.toLocaleString('en-US')} rows, cache ${options.cacheSize}, pad ${options.padLength} chars`,
  );
  const results: LargeStateResult[] = [];
  const backends = (argValue(args, '--backends') ?? 'leveldb,hashmap').split(',') as LargeStateBackend[];
  // The spilling backends run with a heap limit far below the state: state larger than the heap
  // must work. The hashmap run gets the default limit (it needs the state on the heap).
  const spillHeapMb = Number(argValue(args, '--spill-heap-mb') ?? 256);
  for (const backend of backends) {
    const heapLimit = backend === 'hashmap' ? [] : [`--max-old-space-size=${spillHeapMb}`];
    const run = spawnSync(
      process.execPath,
      [
        ...process.execArgv,
        '--expose-gc',
        ...heapLimit,
        fileURLToPath(import.meta.url),
        ...args,
        '--child',
        backend,
      ],
      { encoding: 'utf8', maxBuffer: 1 << 24, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const line = run.stdout.split('\n').find((l) => l.startsWith('RESULT '));
    if (run.status !== 0 || line === undefined)
      throw new Error(`the ${backend} run failed (exit ${run.status})`);
    const r = JSON.parse(line.slice('RESULT '.length)) as LargeStateResult;
    results.push(r);
    const heap =
      r.liveHeap === undefined ? '' : `, live heap ${mb(r.liveHeap.at25)} → ${mb(r.liveHeap.at95)}`;
    console.log(
      `  ${backend.padEnd(8)} ${(r.elapsedMs / 1000).toFixed(1).padStart(7)} s  ${Math.round(
        options.rows / (r.elapsedMs / 1000),
      )
        .toLocaleString('en-US')
        .padStart(
          9,
        )} rows/s  state ${r.stateKeys.toLocaleString('en-US')} keys, ~${mb(r.stateBytes)} estimated, ${mb(r.peakDiskBytes)} on disk  RSS ${mb(r.rssBeforeBytes)} → peak ${mb(r.peakRssBytes)}${heap}  digest ${r.digest.slice(0, 12)}`,
    );
  }
  const first = results[0]!;
  const same = results.every((r) => r.digest === first.digest && r.changes === first.changes);
  console.log(
    `  results identical across ${backends.join(', ')}: ${same ? 'yes' : 'NO'} (${first.changes.toLocaleString('en-US')} changes)`,
  );
  if (!same) process.exitCode = 1;
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e: unknown) => {
    console.error(e);
    process.exit(1);
  });
}
