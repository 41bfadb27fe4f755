import { describe, expect, it } from 'vitest';
import { parseDatagenOptions } from '../../src/connectors/datagen/options.ts';
import { createDatagenSource, DatagenSource } from '../../src/connectors/datagen/source.ts';
import { T } from '../../src/expr/types.ts';
import { type OperatorContext, OperatorMetrics } from '../../src/runtime/operator.ts';
import { HeapKeyedStateBackend } from '../../src/state/heap-backend.ts';
import { drain, tableOf } from './helpers.ts';

const NOW = Date.UTC(2024, 0, 1, 12, 0, 0);
const fixedClock = (): number => NOW;
/** A clock a second further on every read, so rate limiting never holds a test back. */
function advancingClock(): () => number {
  let t = NOW;
  return () => (t += 1000);
}

function rowsOf(
  columns: Parameters<typeof tableOf>[0],
  options: Record<string, string>,
  clock = advancingClock(),
) {
  const table = tableOf(columns, { connector: 'datagen', ...options });
  return drain(createDatagenSource(table, table.options), Object.values(columns), clock);
}

function errorOf(columns: Parameters<typeof tableOf>[0], options: Record<string, string>): string {
  try {
    parseDatagenOptions(tableOf(columns), { connector: 'datagen', ...options });
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a validation error');
}

describe('datagen', () => {
  it('is deterministic for a seed and differs between seeds', () => {
    const cols = { a: T.int(), b: T.string(), c: T.double(), d: T.bigint() };
    const one = rowsOf(cols, { seed: '5', 'number-of-rows': '50' }).changelog;
    const two = rowsOf(cols, { seed: '5', 'number-of-rows': '50' }).changelog;
    const other = rowsOf(cols, { seed: '6', 'number-of-rows': '50' }).changelog;
    expect(one).toHaveLength(50);
    expect(one).toEqual(two);
    expect(one).not.toEqual(other);
  });

  it('counts a sequence from start to end and ends the source with it', () => {
    const { rows } = rowsOf(
      { id: T.bigint(), n: T.int(), s: T.string() },
      {
        'fields.id.kind': 'sequence',
        'fields.id.start': '10',
        'fields.id.end': '14',
        'fields.n.kind': 'sequence',
        'fields.n.start': '-2',
        'fields.n.end': '100',
        'fields.s.kind': 'sequence',
        'fields.s.start': '7',
        'fields.s.end': '1000',
      },
    );
    expect(rows.map((r) => r[0])).toEqual([10n, 11n, 12n, 13n, 14n]);
    expect(rows.map((r) => r[1])).toEqual([-2, -1, 0, 1, 2]);
    expect(rows.map((r) => r[2])).toEqual(['7', '8', '9', '10', '11']);
  });

  it('stops at number-of-rows before a longer sequence ends', () => {
    const { rows } = rowsOf(
      { id: T.int() },
      { 'number-of-rows': '3', 'fields.id.kind': 'sequence', 'fields.id.start': '1', 'fields.id.end': '9' },
    );
    expect(rows.map((r) => r[0])).toEqual([1, 2, 3]);
  });

  it('keeps random numbers within min and max', () => {
    const { rows } = rowsOf(
      { i: T.int(), b: T.bigint(), d: T.double(), m: T.decimal(6, 2), t: T.tinyint() },
      {
        seed: '1',
        'number-of-rows': '500',
        'fields.i.min': '-3',
        'fields.i.max': '3',
        'fields.b.min': '100',
        'fields.b.max': '102',
        'fields.d.min': '0.5',
        'fields.d.max': '0.75',
        'fields.m.min': '1.50',
        'fields.m.max': '2',
      },
    );
    const ints = new Set(rows.map((r) => r[0]));
    expect([...ints].sort()).toEqual([-1, -2, -3, 0, 1, 2, 3].sort());
    expect(new Set(rows.map((r) => r[1]))).toEqual(new Set([100n, 101n, 102n]));
    for (const r of rows) {
      expect(r[2]).toBeGreaterThanOrEqual(0.5);
      expect(r[2]).toBeLessThanOrEqual(0.75);
      expect(r[3]).toBeGreaterThanOrEqual(150n);
      expect(r[3]).toBeLessThanOrEqual(200n);
      expect(r[4]).toBeGreaterThanOrEqual(-128);
      expect(r[4]).toBeLessThanOrEqual(127);
    }
  });

  it('generates strings of the configured length, variable with var-len, and CHAR(n) of n', () => {
    const { rows } = rowsOf(
      { s: T.string(), v: T.varchar(20), c: T.char(4), short: T.varchar(8), bin: T.bytes() },
      {
        seed: '2',
        'number-of-rows': '200',
        'fields.s.length': '12',
        'fields.v.var-len': 'true',
        'fields.bin.length': '3',
      },
    );
    const vLengths = new Set<number>();
    for (const r of rows) {
      expect(r[0]).toMatch(/^[0-9a-f]{12}$/);
      vLengths.add((r[1] as string).length);
      expect((r[1] as string).length).toBeLessThanOrEqual(20);
      expect(r[2]).toMatch(/^[0-9a-f]{4}$/);
      expect((r[3] as string).length).toBe(8);
      expect(r[4]).toBeInstanceOf(Uint8Array);
      expect((r[4] as Uint8Array).length).toBe(3);
    }
    expect(vLengths.size).toBeGreaterThan(5);
    expect(Math.min(...vLengths)).toBeGreaterThanOrEqual(1);
  });

  it('applies null-rate', () => {
    const all = rowsOf({ a: T.int() }, { seed: '3', 'number-of-rows': '20', 'fields.a.null-rate': '1' }).rows;
    expect(all.every((r) => r[0] === null)).toBe(true);
    const half = rowsOf(
      { a: T.int() },
      { seed: '3', 'number-of-rows': '1000', 'fields.a.null-rate': '0.5' },
    ).rows;
    const nulls = half.filter((r) => r[0] === null).length;
    expect(nulls).toBeGreaterThan(400);
    expect(nulls).toBeLessThan(600);
  });

  it('generates timestamps up to max-past before now, and the current date and time', () => {
    const { rows } = rowsOf(
      { ts: T.timestamp(3), ltz: T.timestampLtz(6), d: T.date(), t: T.time() },
      { seed: '4', 'number-of-rows': '100', 'fields.ts.max-past': '10 s' },
      fixedClock,
    );
    const spread = new Set<number>();
    for (const r of rows) {
      const ts = r[0] as number;
      expect(ts).toBeLessThanOrEqual(NOW);
      expect(ts).toBeGreaterThanOrEqual(NOW - 10_000);
      spread.add(ts);
      expect(r[1]).toEqual({ millis: NOW, nanoOfMilli: 0 });
      expect(r[2]).toBe(19723);
      expect(r[3]).toBe(12 * 3_600_000);
    }
    expect(spread.size).toBeGreaterThan(50);
  });

  it('generates collections and rows with nested options', () => {
    const { rows } = rowsOf(
      {
        arr: T.array(T.int()),
        m: T.map(T.string(), T.boolean()),
        ms: T.multiset(T.int()),
        r: T.row([
          ['x', T.int()],
          ['y', T.string()],
        ]),
      },
      {
        seed: '9',
        'number-of-rows': '20',
        'fields.arr.length': '4',
        'fields.arr.element.min': '1',
        'fields.arr.element.max': '2',
        'fields.m.length': '2',
        'fields.m.key.length': '10',
        'fields.ms.element.min': '5',
        'fields.ms.element.max': '5',
        'fields.r.x.min': '7',
        'fields.r.x.max': '7',
        'fields.r.y.length': '2',
      },
    );
    for (const r of rows) {
      const arr = r[0] as number[];
      expect(arr).toHaveLength(4);
      expect(arr.every((v) => v === 1 || v === 2)).toBe(true);
      expect((r[1] as Map<string, boolean>).size).toBe(2);
      expect(r[2]).toEqual(new Map([[5, 3]]));
      expect((r[3] as unknown[])[0]).toBe(7);
      expect((r[3] as unknown[])[1]).toMatch(/^[0-9a-f]{2}$/);
    }
  });

  it('names the option and the field in validation errors', () => {
    expect(errorOf({ a: T.int() }, { 'fields.a.min': '5', 'fields.a.max': '1' })).toMatch(
      /'fields\.a\.min'.*field 'a'/,
    );
    expect(errorOf({ a: T.int() }, { 'fields.a.min': 'x' })).toMatch(
      /'fields\.a\.min' of field 'a' must be a INT value/,
    );
    expect(errorOf({ a: T.int() }, { 'fields.a.kind': 'sequence', 'fields.a.end': '3' })).toMatch(
      /'fields\.a\.start'.*field 'a'/,
    );
    expect(errorOf({ a: T.int() }, { 'fields.a.kind': 'zigzag' })).toMatch(
      /'fields\.a\.kind' of field 'a' must be 'random' or 'sequence'/,
    );
    expect(errorOf({ c: T.char(3) }, { 'fields.c.var-len': 'true' })).toMatch(
      /'fields\.c\.var-len' of field 'c'/,
    );
    expect(errorOf({ v: T.varchar(5) }, { 'fields.v.length': '9' })).toMatch(
      /field 'v'.*'fields\.v\.length'/,
    );
    expect(errorOf({ b: T.boolean() }, { 'fields.b.kind': 'sequence' })).toMatch(
      /Field 'b' of type BOOLEAN does not support the sequence generator/,
    );
    expect(errorOf({ a: T.int() }, { 'fields.zz.min': '1' })).toMatch(
      /'fields\.zz\.min' refers to a field the table does not have/,
    );
    expect(errorOf({ s: T.string() }, { 'fields.s.min': '1' })).toMatch(
      /Unsupported options[\s\S]*fields\.s\.min/,
    );
    expect(errorOf({ a: T.int() }, { 'fields.a.null-rate': '2' })).toMatch(
      /'fields\.a\.null-rate' of field 'a'/,
    );
    expect(errorOf({ a: T.int() }, { 'rows-per-second': '0' })).toMatch(
      /'rows-per-second' must be between 1/,
    );
    expect(errorOf({ t: T.timestamp(3) }, { 'fields.t.max-past': 'soon' })).toMatch(
      /'fields\.t\.max-past' must be a duration/,
    );
  });
});

/** A context for driving a source by hand with a settable clock. */
function manualContext(now: { t: number }, emitted: number[]): OperatorContext {
  return {
    operatorName: 'datagen',
    subtaskIndex: 0,
    parallelism: 1,
    backend: new HeapKeyedStateBackend({ clock: () => now.t }),
    output: { emitBatch: (b) => emitted.push(b.length), emitWatermark: () => {}, emitIdle: () => {} },
    metrics: new OperatorMetrics(),
    processingTime: () => now.t,
    scheduleProcessingTime: () => {},
  };
}

describe('datagen rate limiting', () => {
  it('emits a batch at a time and waits for the wall clock between batches', () => {
    const table = tableOf({ a: T.int() });
    const source = new DatagenSource(
      parseDatagenOptions(table, { connector: 'datagen', 'rows-per-second': '200', seed: '1' }),
    );
    const now = { t: 1_000_000 };
    const emitted: number[] = [];
    source.open(manualContext(now, emitted));
    expect(source.poll()).toBe(true);
    expect(emitted).toEqual([10]); // a twentieth of a second's worth
    expect(source.poll()).toBe(true);
    expect(emitted).toEqual([10]); // budget spent: nothing until the clock moves
    expect(source.nextPollTime()).toBe(now.t + 50);
    now.t += 49;
    source.poll();
    expect(emitted).toEqual([10]);
    now.t += 1;
    source.poll();
    expect(emitted).toEqual([10, 10]);
    now.t += 1000; // 1050 ms after the start: 10 + 210 rows allowed, still a batch per poll
    for (let i = 0; i < 30; i++) source.poll();
    expect(emitted.reduce((a, b) => a + b, 0)).toBe(220);
  });

  it('restores its position and random state from a snapshot', () => {
    const table = tableOf({ id: T.int(), v: T.int() });
    const options = {
      connector: 'datagen',
      seed: '11',
      'number-of-rows': '40',
      'rows-per-second': '200',
      'fields.id.kind': 'sequence',
      'fields.id.start': '1',
      'fields.id.end': '40',
    };
    const full = drain(
      new DatagenSource(parseDatagenOptions(table, options)),
      [T.int(), T.int()],
      advancingClock(),
    ).changelog;
    expect(full).toHaveLength(40);

    const now = { t: 0 };
    const first = new DatagenSource(parseDatagenOptions(table, options));
    first.open(manualContext(now, []));
    first.poll();
    first.poll();
    now.t += 50;
    first.poll();
    expect(first.position).toBe(20);
    const snapshot = first.snapshotState(1);
    const restored = new DatagenSource(parseDatagenOptions(table, options));
    const rest = drain(
      {
        name: 'restored',
        open: (ctx) => {
          restored.open(ctx);
          restored.restoreState(snapshot);
        },
        poll: () => restored.poll(),
        snapshotState: (id) => restored.snapshotState(id),
        restoreState: (s) => restored.restoreState(s),
        close: () => restored.close(),
      },
      [T.int(), T.int()],
      advancingClock(),
    ).changelog;
    expect(rest).toEqual(full.slice(20));
  });
});
