/**
 * Timers of the `embedded` backend stay on the heap (like Flink's RocksDB backend with
 * `timer-service.factory: HEAP`): one timer per key and window is small next to the state it guards.
 * This queue reports every change so an incremental checkpoint rewrites the timers only when needed.
 */

import type { Namespace, Timer } from '../state.ts';
import { HeapTimerQueue } from '../timer-queue.ts';

export class ChangeTrackingTimerQueue extends HeapTimerQueue {
  constructor(private readonly onChange: () => void) {
    super();
  }

  override add(timer: Timer): void {
    this.onChange();
    super.add(timer);
  }

  override remove(time: number, key: string, namespace: Namespace): void {
    this.onChange();
    super.remove(time, key, namespace);
  }

  override poll(): Timer | undefined {
    const timer = super.poll();
    if (timer !== undefined) this.onChange();
    return timer;
  }
}
