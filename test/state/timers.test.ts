import { describe, expect, it } from 'vitest';
import { HeapKeyedStateBackend } from '../../src/state/heap-backend.ts';
import { TimerService } from '../../src/state/timers.ts';

describe('TimerService', () => {
  it('fires event-time timers in time order, deduplicated, with the key set', () => {
    const b = new HeapKeyedStateBackend();
    const timers = new TimerService(b, 'w');
    const fired: string[] = [];
    for (const [key, time] of [
      ['a', 30],
      ['b', 10],
      ['a', 10],
      ['a', 10],
      ['c', 20],
    ] as const) {
      b.setCurrentKey(key, [key]);
      timers.registerEventTimeTimer('ns', time);
    }
    b.setCurrentKey('c', ['c']);
    timers.deleteEventTimeTimer('ns', 20);
    timers.advanceWatermark(15, (t) => fired.push(`${t.key}@${t.time}:${b.currentKey()}`));
    expect(fired).toEqual(['b@10:b', 'a@10:a']);
    expect(timers.currentWatermark()).toBe(15);
    timers.advanceWatermark(100, (t) => fired.push(`${t.key}@${t.time}`));
    expect(fired.slice(2)).toEqual(['a@30']);
    expect(timers.eventTimerCount()).toBe(0);
  });

  it('lets a callback register a timer that is already due (fires in the same advance)', () => {
    const b = new HeapKeyedStateBackend();
    const timers = new TimerService(b, 'w');
    b.setCurrentKey('k', ['k']);
    timers.registerEventTimeTimer(1, 5);
    const fired: number[] = [];
    timers.advanceWatermark(10, (t) => {
      fired.push(t.time);
      if (t.time === 5) timers.registerEventTimeTimer(2, 7);
    });
    expect(fired).toEqual([5, 7]);
  });

  it('keeps processing-time timers separate and reports the next one', () => {
    const b = new HeapKeyedStateBackend();
    const timers = new TimerService(b, 'w');
    b.setCurrentKey('k', ['k']);
    timers.registerProcessingTimeTimer('x', 50);
    timers.registerEventTimeTimer('x', 1);
    expect(timers.nextProcessingTime()).toBe(50);
    const fired: number[] = [];
    timers.advanceProcessingTime(49, (t) => fired.push(t.time));
    expect(fired).toEqual([]);
    timers.advanceProcessingTime(50, (t) => fired.push(t.time));
    expect(fired).toEqual([50]);
    expect(timers.eventTimerCount()).toBe(1);
  });
});
