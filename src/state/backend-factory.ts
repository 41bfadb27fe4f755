/**
 * Chooses the keyed state backend from Flink-style configuration:
 *
 *   state.backend.type                   hashmap (default) | leveldb | embedded
 *   state.backend.leveldb.cache-size     write-back cache budget per operator (default 64 mb)
 *   state.backend.leveldb.localdir       where LevelDB databases live (default: the scope's dataDir)
 *   state.backend.embedded.cache-size    the same for `embedded` (SQLite spill store)
 *   state.backend.embedded.localdir
 *   pipeline.max-parallelism             number of key groups (default 128)
 *
 * `leveldb` and `embedded` are one write-back cache over two stores (LevelDB in a worker thread, or
 * SQLite on the operator thread); docs/state.md has the measured trade-off. `rocksdb` is refused with
 * a pointer to both.
 */

import { EmbeddedKeyedStateBackend } from './embedded/backend.ts';
import { taskStateDir } from './embedded/store.ts';
import { HeapKeyedStateBackend } from './heap-backend.ts';
import { DEFAULT_MAX_PARALLELISM } from './keys.ts';
import { LevelDbKeyedStateBackend } from './leveldb/backend.ts';
import type { KeyedStateBackend } from './state.ts';

export type StateConfig = Readonly<Record<string, string | undefined>>;

export type StateBackendType = 'hashmap' | 'leveldb' | 'embedded';

export interface StateBackendScope {
  readonly statement: string;
  readonly task: string;
  readonly operator: string;
  /** The server's data directory; spill databases go to `<dataDir>/state/<statement>/<task>/`. */
  readonly dataDir?: string;
  readonly clock?: () => number;
}

const UNITS: Record<string, number> = {
  '': 1,
  b: 1,
  bytes: 1,
  k: 1024,
  kb: 1024,
  kib: 1024,
  m: 1024 ** 2,
  mb: 1024 ** 2,
  mib: 1024 ** 2,
  g: 1024 ** 3,
  gb: 1024 ** 3,
  gib: 1024 ** 3,
};

/** Parses a Flink MemorySize (`64mb`, `64 m`, `1 gb`, `1048576`); units are powers of 1024. */
export function parseMemorySize(text: string, option: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([a-zA-Z]*)\s*$/.exec(text);
  const unit = UNITS[(match?.[2] ?? '').toLowerCase()];
  if (match === null || unit === undefined) {
    throw new Error(`Invalid memory size '${text}' for '${option}'; write e.g. '64 mb', '512kb' or '1gb'`);
  }
  return Math.floor(Number(match[1]) * unit);
}

function parsePositiveInt(text: string, option: string): number {
  const n = Number(text.trim());
  if (!Number.isInteger(n) || n <= 0)
    throw new Error(`Invalid value '${text}' for '${option}'; expected a positive integer`);
  return n;
}

export function stateBackendType(config: StateConfig): StateBackendType {
  const type = (config['state.backend.type'] ?? 'hashmap').trim().toLowerCase();
  if (type === 'hashmap' || type === 'leveldb' || type === 'embedded') return type;
  if (type === 'rocksdb') {
    throw new Error(
      "state.backend.type 'rocksdb' is not available; for state larger than memory use 'embedded' (a write-back cache over SQLite) or 'leveldb' (the same cache over LevelDB), or 'hashmap' for state in memory",
    );
  }
  throw new Error(`Unknown state.backend.type '${type}'; expected 'hashmap', 'leveldb' or 'embedded'`);
}

export function maxParallelismOf(config: StateConfig): number {
  const text = config['pipeline.max-parallelism'];
  return text === undefined ? DEFAULT_MAX_PARALLELISM : parsePositiveInt(text, 'pipeline.max-parallelism');
}

/** Creates the backend for one operator of one task of one statement. */
export function createStateBackend(config: StateConfig, scope: StateBackendScope): KeyedStateBackend {
  const maxParallelism = maxParallelismOf(config);
  const clock = scope.clock;
  const type = stateBackendType(config);
  if (type === 'hashmap') return new HeapKeyedStateBackend({ maxParallelism, clock });
  const localdir = `state.backend.${type}.localdir`;
  const dataDir = config[localdir] ?? scope.dataDir;
  if (dataDir === undefined) {
    throw new Error(
      `state.backend.type '${type}' needs a directory: set '${localdir}' or start the server with a data directory`,
    );
  }
  const cacheSize = `state.backend.${type}.cache-size`;
  const cacheText = config[cacheSize];
  const options = {
    dir: taskStateDir(dataDir, scope.statement, scope.task),
    operator: scope.operator,
    maxParallelism,
    clock,
    ...(cacheText === undefined ? {} : { cacheBytes: parseCacheSize(cacheText, cacheSize) }),
  };
  return type === 'leveldb' ? new LevelDbKeyedStateBackend(options) : new EmbeddedKeyedStateBackend(options);
}

function parseCacheSize(text: string, option: string): number {
  const bytes = parseMemorySize(text, option);
  if (bytes <= 0) throw new Error(`Invalid value '${text}' for '${option}'; the cache needs a positive size`);
  return bytes;
}
