/**
 * CI-size state-growth test (bench/state-growth.ts at 120k events; `npm run bench:state-growth` runs
 * 10 million): an unbounded regular join over an ever-growing key space keeps its state bounded with
 * `table.exec.state.ttl` and grows by one entry per event without it.
 */
import { describe, expect, it } from 'vitest';
import { type GrowthSample, runStateGrowth } from '../../bench/state-growth.ts';

const EVENTS = 120_000;
const TTL_MS = 5000;
const MS_PER_EVENT = 1;
/** Events a source emits per poll (datagen's batch): the slack between the sources and the join. */
const BATCH = 1024;

const keysAt = (samples: readonly GrowthSample[], events: number): number =>
  samples.find((s) => s.events >= events)!.stateKeys;

describe('state growth of a regular join', () => {
  it('with TTL the key count stays near TTL / processing time per event', async () => {
    const samples = await runStateGrowth({
      events: EVENTS,
      ttl: `${TTL_MS} ms`,
      msPerEvent: MS_PER_EVENT,
      reportEvery: 10_000,
    });
    const live = TTL_MS / MS_PER_EVENT; // one state entry per event, each idle after it arrives
    const steady = samples.filter((s) => s.events >= 2 * live);
    expect(steady.length).toBeGreaterThanOrEqual(8);
    for (const s of steady) {
      expect(s.stateKeys).toBeGreaterThanOrEqual(live - 2 * BATCH);
      expect(s.stateKeys).toBeLessThanOrEqual(live + 4 * BATCH);
      expect(s.stateBytes).toBeGreaterThan(0);
    }
    // bounded: the end looks like the middle
    expect(Math.abs(keysAt(samples, EVENTS) - keysAt(samples, EVENTS / 2))).toBeLessThanOrEqual(4 * BATCH);
  }, 120_000);

  it('without TTL every event leaves a state entry: the key count grows linearly', async () => {
    const samples = await runStateGrowth({
      events: EVENTS,
      ttl: undefined,
      msPerEvent: MS_PER_EVENT,
      reportEvery: 10_000,
    });
    for (const s of samples) {
      // events emitted by the sources but not yet through the join are at most a batch per source
      expect(s.stateKeys).toBeLessThanOrEqual(s.events);
      expect(s.stateKeys).toBeGreaterThanOrEqual(s.events - 2 * BATCH);
    }
    expect(samples.at(-1)!.stateKeys).toBe(EVENTS);
    const half = keysAt(samples, EVENTS / 2);
    expect(keysAt(samples, EVENTS) / half).toBeCloseTo(2, 1);
    expect(samples.at(-1)!.stateBytes).toBeGreaterThan(2 * keysAt(samples, EVENTS / 2) * 50);
  }, 120_000);
});
