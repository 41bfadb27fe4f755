import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runScript } from '../../src/cli/commands/run.ts';
import { clearValuesConnector, valuesSinkResults } from '../../src/connectors/index.ts';
import {
  BID,
  createNexmarkBatch,
  NexmarkGenerator,
  NexmarkSource,
  parseNexmarkOptions,
} from '../../src/connectors/nexmark/index.ts';
import type { Batch } from '../../src/runtime/batch.ts';
import type { OperatorContext, OperatorSnapshot, Output } from '../../src/runtime/operator.ts';
import { OperatorMetrics } from '../../src/runtime/operator.ts';
import { HeapKeyedStateBackend } from '../../src/state/heap-backend.ts';

const DDL = readFileSync(join(import.meta.dirname, '../../sql-examples/nexmark/ddl.sql'), 'utf8');

/** ddl.sql with its `events.num` (and optionally more options) replaced. */
function ddlWith(events: number, extra = ''): string {
  const replaced = DDL.replace(/'events\.num' = '\d+'/, `'events.num' = '${events}'${extra}`);
  expect(replaced).not.toBe(DDL);
  return replaced;
}

async function run(script: string): Promise<{ code: number; out: string }> {
  let out = '';
  const code = await runScript(script, {
    stdout: (t) => void (out += t),
    stderr: (t) => void (out += t),
    catalogsDir: null,
  });
  return { code, out };
}

const BID_SINK = `
CREATE TABLE bids_out (auction BIGINT, bidder BIGINT, price BIGINT, dateTime TIMESTAMP(3))
  WITH ('connector' = 'values', 'sink-insert-only' = 'true');
INSERT INTO bids_out SELECT auction, bidder, price, dateTime FROM bid;
`;

afterEach(() => clearValuesConnector());

describe('nexmark connector through SQL', () => {
  it('emits exactly the bids of the bounded stream, equal to the generator', async () => {
    const { code, out } = await run(ddlWith(5000) + BID_SINK);
    expect(out).not.toContain('ERROR');
    expect(code).toBe(0);
    const rows = valuesSinkResults('bids_out');

    const generator = new NexmarkGenerator(
      parseNexmarkOptions({ 'first-event.rate': '10000000', 'events.num': '5000' }),
    );
    const expected: string[] = [];
    const batch = createNexmarkBatch(512);
    while (generator.hasNext()) {
      generator.nextBatch(512, batch);
      for (let i = 0; i < batch.length; i++) {
        if (batch.kinds[i] !== BID) continue;
        const bid = batch.rows[i]!;
        expected.push(`${bid[0]}|${bid[1]}|${bid[2]}`);
      }
    }
    // 46 of every 50 events are bids
    expect(expected.length).toBe(4600);
    expect(rows).toHaveLength(4600);
    const got = rows.map((r) => {
      const m = /^\+I\[(\d+), (\d+), (\d+), /.exec(r);
      return m ? `${m[1]}|${m[2]}|${m[3]}` : r;
    });
    expect(got).toEqual(expected);
  });

  it('is deterministic for a seed and differs between seeds', async () => {
    const query = (seed: string): string => ddlWith(2000, `,\n    'random.seed' = '${seed}'`) + BID_SINK;
    await run(query('7'));
    const one = valuesSinkResults('bids_out');
    clearValuesConnector();
    await run(query('7'));
    const two = valuesSinkResults('bids_out');
    clearValuesConnector();
    await run(query('8'));
    const other = valuesSinkResults('bids_out');
    expect(one.length).toBe(1840);
    expect(two).toEqual(one);
    expect(other).toHaveLength(one.length);
    expect(other).not.toEqual(one);
  });

  it('counts the events of each type over the whole table', async () => {
    const fixed = `${ddlWith(10_000)}
CREATE TABLE counts (event_type INT, n BIGINT)
  WITH ('connector' = 'values', 'sink-insert-only' = 'false');
INSERT INTO counts SELECT event_type, COUNT(*) FROM nexmark GROUP BY event_type;
`;
    const { code, out } = await run(fixed);
    expect(out).not.toContain('ERROR');
    expect(code).toBe(0);
    const finals = new Map<string, string>();
    for (const r of valuesSinkResults('counts')) {
      const m = /^[+-][IUD]\[(\d), (\d+)\]$/.exec(r);
      if (m && (r.startsWith('+I') || r.startsWith('+U'))) finals.set(m[1]!, m[2]!);
    }
    expect(Object.fromEntries(finals)).toEqual({ '0': '200', '1': '600', '2': '9200' });
  });

  it('rejects an unknown option and a table without the nexmark columns', async () => {
    const bad = await run(`${ddlWith(10, `,\n    'events.number' = '5'`)}\nSELECT * FROM bid;`);
    expect(bad.code).toBe(1);
    expect(bad.out).toContain("Unsupported nexmark option 'events.number'");
    const wrong = await run(
      "CREATE TABLE t (x INT) WITH ('connector' = 'nexmark', 'events.num' = '5');\nSELECT * FROM t;",
    );
    expect(wrong.code).toBe(1);
    expect(wrong.out).toContain("cannot produce column 'x'");
  });
});

describe('nexmark source checkpoints', () => {
  function openSource(
    collected: string[],
    options: Record<string, string> = { 'events.num': '5000' },
    clock: () => number = () => 0,
  ): { source: NexmarkSource; ctx: OperatorContext } {
    const output: Output = {
      emitBatch: (b: Batch) => {
        for (let i = 0; i < b.length; i++) {
          const row = b.rows[i]!;
          const sub = row[Number(row[0]) + 1] as readonly unknown[];
          collected.push(`${row[0]}:${String(sub[0])}:${String(sub[1])}`);
        }
      },
      emitWatermark: () => {},
      emitIdle: () => {},
    };
    const source = new NexmarkSource(parseNexmarkOptions(options));
    const ctx: OperatorContext = {
      operatorName: 'nexmark',
      subtaskIndex: 0,
      parallelism: 1,
      backend: new HeapKeyedStateBackend(),
      output,
      metrics: new OperatorMetrics(),
      processingTime: clock,
      scheduleProcessingTime: () => {},
    };
    source.open(ctx);
    return { source, ctx };
  }

  it('resumes from a snapshot at the same position with the same events', () => {
    const all: string[] = [];
    const { source } = openSource(all);
    while (source.poll()) {}
    expect(all).toHaveLength(5000);

    const before: string[] = [];
    const first = openSource(before).source;
    first.poll();
    first.poll();
    const snapshot: OperatorSnapshot = first.snapshotState(1);
    const after: string[] = [];
    const restored = openSource(after).source;
    restored.restoreState(snapshot);
    expect(restored.position).toBe(before.length);
    while (restored.poll()) {}
    expect([...before, ...after]).toEqual(all);
    expect(restored.poll()).toBe(false);
  });

  it('paces emission to event time when max-emit-speed is false', () => {
    const emitted: string[] = [];
    let now = 1_000_000;
    const { source } = openSource(
      emitted,
      { 'events.num': '100', 'first-event.rate': '1000', 'max-emit-speed': 'false' },
      () => now,
    );
    // one event per millisecond of event time, the first due 1 ms after the first poll
    source.poll();
    expect(emitted).toHaveLength(0);
    expect(source.nextPollTime()).toBe(now + 1);
    now += 10;
    source.poll();
    expect(emitted).toHaveLength(10);
    expect(source.nextPollTime()).toBe(now + 1);
    now += 1000;
    while (source.poll()) {}
    expect(emitted).toHaveLength(100);
  });
});
