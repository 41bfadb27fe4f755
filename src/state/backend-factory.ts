/**
 * Chooses the keyed state backend from Flink-style configuration:
 *
 *   state.backend.type                   hashmap (default) | embedded
 *   state.backend.embedded.cache-size    write-back cache budget per operator (default 64 mb)
 *   state.backend.embedded.localdir      where spill databases live (default: the scope's dataDir)
 *   pipeline.max-parallelism             number of key groups (default 128)
 *
 * `rocksdb` and `leveldb` are refused with a pointer to `embedded`: the disk backend spills to SQLite,
 * not to an LSM tree, and the name says so (docs/state.md explains why).
 */

import { EmbeddedKeyedStateBackend } from './embedded/backend.ts';
import { taskStateDir } from './embedded/store.ts';
import { HeapKeyedStateBackend } from './heap-backend.ts';
import { DEFAULT_MAX_PARALLELISM } from './keys.ts';
import type { KeyedStateBackend } from './state.ts';

export type StateConfig = Readonly<Record<string, string | undefined>>;

export type StateBackendType = 'hashmap' | 'embedded';

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
  if (type === 'hashmap' || type === 'embedded') return type;
  if (type === 'rocksdb' || type === 'leveldb') {
    throw new Error(
      `state.backend.type '${type}' is not available; use 'embedded' for state larger than memory (a write-back cache over a SQLite spill store) or 'hashmap'`,
    );
  }
  throw new Error(`Unknown state.backend.type '${type}'; expected 'hashmap' or 'embedded'`);
}

export function maxParallelismOf(config: StateConfig): number {
  const text = config['pipeline.max-parallelism'];
  return text === undefined ? DEFAULT_MAX_PARALLELISM : parsePositiveInt(text, 'pipeline.max-parallelism');
}

/** Creates the backend for one operator of one task of one statement. */
export function createStateBackend(config: StateConfig, scope: StateBackendScope): KeyedStateBackend {
  const maxParallelism = maxParallelismOf(config);
  const clock = scope.clock;
  if (stateBackendType(config) === 'hashmap') return new HeapKeyedStateBackend({ maxParallelism, clock });
  const dataDir = config['state.backend.embedded.localdir'] ?? scope.dataDir;
  if (dataDir === undefined) {
    throw new Error(
      "state.backend.type 'embedded' needs a directory: set 'state.backend.embedded.localdir' or start the server with a data directory",
    );
  }
  const cacheText = config['state.backend.embedded.cache-size'];
  return new EmbeddedKeyedStateBackend({
    dir: taskStateDir(dataDir, scope.statement, scope.task),
    operator: scope.operator,
    maxParallelism,
    clock,
    ...(cacheText === undefined
      ? {}
      : { cacheBytes: parseMemorySize(cacheText, 'state.backend.embedded.cache-size') }),
  });
}
