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
