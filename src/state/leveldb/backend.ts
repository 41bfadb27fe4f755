/**
 * The `leveldb` state backend: the write-back cache of the `embedded` backend (hits stay synchronous
 * and in memory; spills are batched, one LevelDB `batch()` per eviction round) over the LevelDB store
 * of store.ts instead of SQLite. Snapshots are the shared format: they restore into the heap and
 * embedded backends, and theirs into this one.
 */

import { type EmbeddedBackendOptions, EmbeddedKeyedStateBackend } from '../embedded/backend.ts';
import { openLevelStore } from './store.ts';

export type LevelDbBackendOptions = Omit<EmbeddedBackendOptions, 'openStore' | 'backendName'>;

export class LevelDbKeyedStateBackend extends EmbeddedKeyedStateBackend {
  /** `dir` is the task's state directory (see `taskStateDir`); the database is `<dir>/leveldb`. */
  constructor(options: LevelDbBackendOptions) {
    super({ ...options, openStore: openLevelStore, backendName: 'leveldb' });
  }
}
