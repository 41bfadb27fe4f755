/**
 * The heap backend's timer queue: a binary min-heap on (time, insertion order) with a dedup index by
 * key. Each entry knows its heap position, so removing a timer takes it out of the heap at once (no
 * dead entries left behind) and finding a timer needs no id string: the index maps a timer's key
 * (already a string) to that key's timers, a short list compared by time and namespace, or once a key
 * has more than `LIST_LIMIT` timers (e.g. one per row time under a single key), lists by time.
 */

import type { Namespace, Timer, TimerQueue } from './state.ts';
import { decodeValue, type Encoded, encodeValue } from './tagged-value.ts';

interface Entry {
  readonly timer: Timer;
  readonly seq: number;
  /** Position in the heap array. */
  index: number;
}

/** Namespace identity as the former `n<number>` / `s<string>` ids had it (-0 is 0, NaN is NaN). */
function sameNamespace(a: Namespace, b: Namespace): boolean {
  return a === b || (typeof a === 'number' && typeof b === 'number' && Number.isNaN(a) && Number.isNaN(b));
}

const LIST_LIMIT = 8;

/** One key's timers: a list, or lists by time once there are many. */
type KeyTimers = Entry[] | Map<number, Entry[]>;

export class HeapTimerQueue implements TimerQueue {
  private heap: Entry[] = [];
  private readonly byKey = new Map<string, KeyTimers>();
  private seq = 0;

  add(timer: Timer): void {
    const { key, time } = timer;
    const timers = this.byKey.get(key);
    let list: Entry[] | undefined;
    if (timers === undefined) list = undefined;
    else if (Array.isArray(timers)) list = timers;
    else list = timers.get(time);
    if (list !== undefined && find(list, time, timer.namespace) >= 0) return;
    const entry: Entry = { timer, seq: this.seq++, index: this.heap.length };
    if (timers === undefined) this.byKey.set(key, [entry]);
    else if (list === undefined) (timers as Map<number, Entry[]>).set(time, [entry]);
    else {
      list.push(entry);
      if (list === timers && list.length > LIST_LIMIT) this.byKey.set(key, byTime(list));
    }
    this.heap.push(entry);
    this.siftUp(entry.index);
  }

  remove(time: number, key: string, namespace: Namespace): void {
    const timers = this.byKey.get(key);
    if (timers === undefined) return;
    const list = Array.isArray(timers) ? timers : timers.get(time);
    if (list === undefined) return;
    const at = find(list, time, namespace);
    if (at < 0) return;
    const entry = list[at]!;
    this.unlist(timers, list, at, key, time);
    this.removeAt(entry.index);
  }

  peek(): Timer | undefined {
    return this.heap[0]?.timer;
  }

  poll(): Timer | undefined {
    const top = this.heap[0];
    if (top === undefined) return undefined;
    const { key, time } = top.timer;
    const timers = this.byKey.get(key)!;
    const list = Array.isArray(timers) ? timers : timers.get(time)!;
    this.unlist(timers, list, list.indexOf(top), key, time);
    this.removeAt(0);
    return top.timer;
  }

  size(): number {
    return this.heap.length;
  }

  /** Live timers in firing order (for snapshots and tests). */
  toSortedArray(): Timer[] {
    return [...this.heap].sort(compare).map((e) => e.timer);
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

  /** Takes entry `at` out of `list`, one of `timers` (the key's index), dropping what empties. */
  private unlist(timers: KeyTimers, list: Entry[], at: number, key: string, time: number): void {
    list[at] = list[list.length - 1]!;
    list.pop();
    if (list.length > 0) return;
    if (Array.isArray(timers)) this.byKey.delete(key);
    else {
      timers.delete(time);
      if (timers.size === 0) this.byKey.delete(key);
    }
  }

  private removeAt(i: number): void {
    const heap = this.heap;
    const last = heap.pop()!;
    if (i >= heap.length) return;
    heap[i] = last;
    last.index = i;
    this.siftDown(i);
    this.siftUp(last.index);
  }

  private siftUp(i: number): void {
    const heap = this.heap;
    const item = heap[i]!;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      const p = heap[parent]!;
      if (compare(p, item) <= 0) break;
      heap[i] = p;
      p.index = i;
      i = parent;
    }
    heap[i] = item;
    item.index = i;
  }

  private siftDown(i: number): void {
    const heap = this.heap;
    const n = heap.length;
    const item = heap[i]!;
    for (;;) {
      let child = 2 * i + 1;
      if (child >= n) break;
      if (child + 1 < n && compare(heap[child + 1]!, heap[child]!) < 0) child++;
      const c = heap[child]!;
      if (compare(c, item) >= 0) break;
      heap[i] = c;
      c.index = i;
      i = child;
    }
    heap[i] = item;
    item.index = i;
  }
}

function find(list: readonly Entry[], time: number, namespace: Namespace): number {
  for (let i = 0; i < list.length; i++) {
    const t = list[i]!.timer;
    if (t.time === time && sameNamespace(t.namespace, namespace)) return i;
  }
  return -1;
}

function byTime(entries: readonly Entry[]): Map<number, Entry[]> {
  const index = new Map<number, Entry[]>();
  for (const e of entries) {
    const list = index.get(e.timer.time);
    if (list === undefined) index.set(e.timer.time, [e]);
    else list.push(e);
  }
  return index;
}

function compare(a: Entry, b: Entry): number {
  return a.timer.time - b.timer.time || a.seq - b.seq;
}
