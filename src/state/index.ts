export {
  createStateBackend,
  maxParallelismOf,
  parseMemorySize,
  type StateBackendScope,
  type StateBackendType,
  type StateConfig,
  stateBackendType,
} from './backend-factory.ts';
export {
  DEFAULT_CACHE_BYTES,
  type EmbeddedBackendOptions,
  EmbeddedKeyedStateBackend,
} from './embedded/backend.ts';
export { taskStateDir } from './embedded/store.ts';
export { type HeapBackendOptions, HeapKeyedStateBackend } from './heap-backend.ts';
export {
  DEFAULT_MAX_PARALLELISM,
  keyGroupOf,
  keyGroupRangeFor,
  murmur3,
  serializeKey,
  serializeKeyRow,
} from './keys.ts';
export type * from './state.ts';
export { decodeValue, type Encoded, encodeValue } from './tagged-value.ts';
export { HeapTimerQueue } from './timer-queue.ts';
export { MAX_WATERMARK, MIN_WATERMARK, type TimerCallback, TimerService } from './timers.ts';
