import { describe, expect, it } from 'vitest';
import {
  createNexmarkBatch,
  JavaRandom,
  type NexmarkFieldSelection,
  NexmarkGenerator,
  nexmarkFieldSelection,
  parseNexmarkOptions,
} from '../../src/connectors/nexmark/index.ts';
import { nextExtra, nextString, skipExtra, skipString } from '../../src/connectors/nexmark/strings.ts';

describe('skipping random draws', () => {
  it('advance(k) leaves the state k nextInt() calls would', () => {
    for (const seed of [0n, 42n, -7n, 123_456_789_012n]) {
      for (const k of [0, 1, 2, 6, 255, 256, 257, 1000]) {
        const stepped = new JavaRandom(seed);
        stepped.nextDouble(); // start from an arbitrary state
        const jumped = new JavaRandom(seed);
        jumped.nextDouble();
        for (let i = 0; i < k; i++) stepped.nextInt();
        jumped.advance(k);
        expect(jumped.getState()).toEqual(stepped.getState());
        expect(jumped.nextInt()).toBe(stepped.nextInt());
      }
    }
  });

  it('skipString draws what nextString draws and returns its trimmed length', () => {
    const built = new JavaRandom(9n);
    const skipped = new JavaRandom(9n);
    let trimmed = 0;
    for (let i = 0; i < 20_000; i++) {
      const max = 5 + (i % 100);
      const special = i % 2 === 0 ? 32 : 95;
      const text = nextString(built, max, special);
      if (text.length < 3 && special === 32) trimmed++;
      expect(skipString(skipped, max, special)).toBe(text.length);
      expect(skipped.getState()).toEqual(built.getState());
    }
    expect(trimmed).toBeGreaterThan(0); // some strings were trimmed, so trimming is exercised
  });

  it('skipExtra draws what nextExtra draws', () => {
    const built = new JavaRandom(3n);
    const skipped = new JavaRandom(3n);
    for (let i = 0; i < 5_000; i++) {
      const current = i % 300;
      nextExtra(built, current, 200);
      skipExtra(skipped, current, 200);
      expect(skipped.getState()).toEqual(built.getState());
    }
  });
});

describe('generator field selection', () => {
  const options = { 'events.num': '10000' };
  const selections: NexmarkFieldSelection[] = [
    { person: [6], auction: [5], bid: [0, 1, 2, 5, 6] },
    { person: [], auction: [], bid: [3] },
    { person: [0, 1, 2, 3, 4, 5], auction: [1, 2, 3, 4, 6, 7, 9], bid: [4] },
  ];

  it('builds the selected fields exactly as the full generator, with the same stream after', () => {
    for (const fields of selections) {
      const full = new NexmarkGenerator(parseNexmarkOptions(options));
      const partial = new NexmarkGenerator(parseNexmarkOptions(options), { fields });
      const a = createNexmarkBatch(500);
      const b = createNexmarkBatch(500);
      let placeholders = 0;
      const mismatches: string[] = [];
      while (full.hasNext()) {
        full.nextBatch(500, a);
        partial.nextBatch(500, b);
        expect(b.length).toBe(a.length);
        expect(b.kinds).toEqual(a.kinds);
        for (let i = 0; i < a.length; i++) {
          const kind = a.kinds[i]!;
          const selected = [fields.person, fields.auction, fields.bid][kind]!;
          const fullRow = a.rows[i]!;
          const partialRow = b.rows[i]!;
          fullRow.forEach((value, f) => {
            if (selected.includes(f)) {
              if (partialRow[f] !== value) mismatches.push(`event ${i} kind ${kind} field ${f}`);
            } else if (partialRow[f] !== value) placeholders++;
          });
        }
        expect(mismatches).toEqual([]);
        expect(partial.snapshot()).toEqual(full.snapshot());
      }
      expect(placeholders).toBeGreaterThan(0);
    }
  });

  it('maps the produced columns and their read fields to a selection per event kind', () => {
    // [event_type, person, auction, bid] with person and auction read only for dateTime.
    expect(nexmarkFieldSelection(undefined, [undefined, [6], [5], undefined])).toEqual({
      person: [6],
      auction: [5],
    });
    // Only event_type and bid produced: nothing of person or auction is built.
    expect(nexmarkFieldSelection([0, 3], [undefined, [0, 2]])).toEqual({
      person: [],
      auction: [],
      bid: [0, 2],
    });
    expect(nexmarkFieldSelection([3, 1], undefined)).toEqual({ auction: [] });
  });
});
