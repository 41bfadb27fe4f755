/**
 * The heap backend's timer queue: a binary min-heap on (time, insertion order) with a dedup index.
 * Removal is lazy: a heap entry is live only while the index still maps its id to that very entry, so
 * removing and re-adding a timer never fires it twice.
 */

import type { Namespace, Timer, TimerQueue } from './state.ts';
import { decodeValue, type Encoded, encodeValue } from './tagged-value.ts';

interface Entry {
  readonly timer: Timer;
  readonly seq: number;
}

const timerId = (time: number, key: string, namespace: Namespace): string =>
  `${time}|${typeof namespace === 'number' ? 'n' : 's'}${namespace}|${key}`;

export class HeapTimerQueue implements TimerQueue {
  private heap: Entry[] = [];
  private readonly live = new Map<string, Entry>();
  private seq = 0;

  add(timer: Timer): void {
    const id = timerId(timer.time, timer.key, timer.namespace);
    if (this.live.has(id)) return;
    const entry: Entry = { timer, seq: this.seq++ };
    this.live.set(id, entry);
    this.heap.push(entry);
    this.siftUp(this.heap.length - 1);
  }

  remove(time: number, key: string, namespace: Namespace): void {
    this.live.delete(timerId(time, key, namespace));
  }

  peek(): Timer | undefined {
    this.dropDead();
    return this.heap[0]?.timer;
  }

  poll(): Timer | undefined {
    this.dropDead();
    const top = this.heap[0];
    if (top === undefined) return undefined;
    this.popTop();
    this.live.delete(timerId(top.timer.time, top.timer.key, top.timer.namespace));
    return top.timer;
  }

  size(): number {
    return this.live.size;
  }

  /** Live timers in firing order (for snapshots and tests). */
  toSortedArray(): Timer[] {
    return [...this.live.values()].sort(compare).map((e) => e.timer);
  }

  encode(): Encoded {
    return this.toSortedArray().map((t) => [t.time, t.key, encodeValue(t.keyRow), encodeValue(t.namespace)]);
  }

  restoreFrom(encoded: Encoded, accept: (key: string) => boolean): void {
    for (const item of encoded as Encoded[][]) {
      const key = item[1] as string;
      if (!accept(key)) continue;
      this.add({
        time: item[0] as number,
        key,
        keyRow: decodeValue(item[2] ?? null) as unknown[],
        namespace: decodeValue(item[3] ?? null) as Namespace,
      });
    }
  }

  private dropDead(): void {
    while (this.heap.length > 0) {
      const top = this.heap[0]!;
      const id = timerId(top.timer.time, top.timer.key, top.timer.namespace);
      if (this.live.get(id) === top) return;
      this.popTop();
    }
  }

  private popTop(): void {
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
  }

  private siftUp(i: number): void {
    const heap = this.heap;
    const item = heap[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (compare(heap[parent]!, item) <= 0) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = item;
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    const n = heap.length;
    const item = heap[i]!;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && compare(heap[child + 1]!, heap[child]!) < 0) child++;
      if (compare(heap[child]!, item) >= 0) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = item;
  }
}

function compare(a: Entry, b: Entry): number {
  return a.timer.time - b.timer.time || a.seq - b.seq;
}
