import { describe, expect, it } from 'vitest';
import type { Namespace } from '../../src/state/state.ts';
import { HeapTimerQueue } from '../../src/state/timer-queue.ts';

/** A reference: live timers by id, polled in (time, insertion order). */
class ModelQueue {
  private readonly live = new Map<string, { time: number; key: string; namespace: Namespace; seq: number }>();
  private seq = 0;
  private id(time: number, key: string, ns: Namespace): string {
    return `${time}|${typeof ns}${ns}|${key}`;
  }
  add(time: number, key: string, namespace: Namespace): void {
    const id = this.id(time, key, namespace);
    if (!this.live.has(id)) this.live.set(id, { time, key, namespace, seq: this.seq++ });
  }
  remove(time: number, key: string, namespace: Namespace): void {
    this.live.delete(this.id(time, key, namespace));
  }
  poll(): string | undefined {
    let best: { time: number; key: string; namespace: Namespace; seq: number } | undefined;
    for (const t of this.live.values())
      if (best === undefined || t.time < best.time || (t.time === best.time && t.seq < best.seq)) best = t;
    if (best === undefined) return undefined;
    this.live.delete(this.id(best.time, best.key, best.namespace));
    return `${best.time}/${best.key}/${String(best.namespace)}`;
  }
  size(): number {
    return this.live.size;
  }
}

describe('HeapTimerQueue', () => {
  it('matches a reference queue under random adds, removes and polls (few and many timers per key)', () => {
    let seed = 42;
    const random = (n: number): number => {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      return (seed >>> 8) % n;
    };
    for (const keys of [50, 1]) {
      const queue = new HeapTimerQueue();
      const model = new ModelQueue();
      for (let step = 0; step < 4_000; step++) {
        const op = random(10);
        const time = random(300);
        const key = `k${random(keys)}`;
        const namespace: Namespace = random(2) === 0 ? time % 7 : `w${time % 5}`;
        if (op < 5) {
          queue.add({ time, key, keyRow: [key], namespace });
          model.add(time, key, namespace);
        } else if (op < 8) {
          queue.remove(time, key, namespace);
          model.remove(time, key, namespace);
        } else {
          const t = queue.poll();
          expect(t === undefined ? undefined : `${t.time}/${t.key}/${String(t.namespace)}`).toBe(
            model.poll(),
          );
        }
        expect(queue.size()).toBe(model.size());
      }
      for (let t = queue.poll(); t !== undefined; t = queue.poll()) {
        expect(`${t.time}/${t.key}/${String(t.namespace)}`).toBe(model.poll());
      }
      expect(model.size()).toBe(0);
    }
  });

  it('takes a removed timer out of the heap at once and keeps numeric and string namespaces apart', () => {
    const queue = new HeapTimerQueue();
    for (let i = 0; i < 1000; i++) {
      queue.add({ time: 5000 + i, key: 'bidder', keyRow: ['bidder'], namespace: 1 });
      queue.remove(5000 + i, 'bidder', 1);
    }
    expect(queue.size()).toBe(0);
    expect(queue.peek()).toBeUndefined();
    queue.add({ time: 10, key: 'a', keyRow: ['a'], namespace: 1 });
    queue.add({ time: 10, key: 'a', keyRow: ['a'], namespace: '1' });
    queue.add({ time: 10, key: 'a', keyRow: ['a'], namespace: -0 });
    queue.add({ time: 10, key: 'a', keyRow: ['a'], namespace: 0 });
    expect(queue.toSortedArray().map((t) => t.namespace)).toEqual([1, '1', -0]);
  });
});
