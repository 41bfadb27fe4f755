/**
 * Event-time and processing-time timers per key and namespace (Flink's InternalTimerService). The
 * queues live in the state backend, so they are part of every snapshot. Timers are deduplicated by
 * (time, key, namespace) and fire in time order; before a timer fires, the backend's current key is
 * set to the timer's key so the callback reads that key's state.
 */

import type { KeyedStateBackend, Namespace, Timer, TimerQueue } from './state.ts';

export const MIN_WATERMARK = Number.MIN_SAFE_INTEGER;
/** End of input: Flink's Long.MAX_VALUE watermark. */
export const MAX_WATERMARK = Number.MAX_SAFE_INTEGER;

export type TimerCallback = (timer: Timer) => void;

export class TimerService {
  private readonly eventTimers: TimerQueue;
  private readonly processingTimers: TimerQueue;
  private watermark = MIN_WATERMARK;

  constructor(
    private readonly backend: KeyedStateBackend,
    name: string,
  ) {
    this.eventTimers = backend.timerQueue(`${name}/event`);
    this.processingTimers = backend.timerQueue(`${name}/processing`);
  }

  currentWatermark(): number {
    return this.watermark;
  }

  registerEventTimeTimer(namespace: Namespace, time: number): void {
    this.eventTimers.add({
      time,
      key: this.backend.currentKey(),
      keyRow: this.backend.currentKeyRow(),
      namespace,
    });
  }

  deleteEventTimeTimer(namespace: Namespace, time: number): void {
    this.eventTimers.remove(time, this.backend.currentKey(), namespace);
  }

  registerProcessingTimeTimer(namespace: Namespace, time: number): void {
    this.processingTimers.add({
      time,
      key: this.backend.currentKey(),
      keyRow: this.backend.currentKeyRow(),
      namespace,
    });
  }

  deleteProcessingTimeTimer(namespace: Namespace, time: number): void {
    this.processingTimers.remove(time, this.backend.currentKey(), namespace);
  }

  /** The earliest pending processing-time timer (for scheduling a wake-up), or undefined. */
  nextProcessingTime(): number | undefined {
    return this.processingTimers.peek()?.time;
  }

  /** Fires, in order, every event-time timer at or before `watermark`. */
  advanceWatermark(watermark: number, fire: TimerCallback): void {
    this.watermark = watermark;
    drain(this.eventTimers, watermark, this.backend, fire);
  }

  /** Fires, in order, every processing-time timer at or before `time`. */
  advanceProcessingTime(time: number, fire: TimerCallback): void {
    drain(this.processingTimers, time, this.backend, fire);
  }

  eventTimerCount(): number {
    return this.eventTimers.size();
  }
}

function drain(queue: TimerQueue, upTo: number, backend: KeyedStateBackend, fire: TimerCallback): void {
  for (;;) {
    const next = queue.peek();
    if (next === undefined || next.time > upTo) return;
    queue.poll();
    backend.setCurrentKey(next.key, next.keyRow);
    fire(next);
  }
}
