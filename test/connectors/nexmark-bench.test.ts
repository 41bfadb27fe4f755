import { describe, expect, it } from 'vitest';
import { canonicalRow, MeasuredChecksum, TableChecksum } from '../../bench/nexmark/checksum.ts';
import { nexmarkDdl, queryScript, runEngineScript } from '../../bench/nexmark/engine.ts';
import { kafkaSourceDdl, preloadScript } from '../../bench/nexmark/kafka.ts';
import { LIMITS } from '../../bench/nexmark/limits.ts';
import { parseScript } from '../../src/sql/index.ts';

describe('nexmark harness checksums', () => {
  it('hashes a row in place exactly as its canonical text', () => {
    const rows: unknown[][] = [
      [1n, -2n, 2n ** 70n, -(2n ** 64n), 0n],
      [0, -0, 7, -123456789, 2 ** 53 - 1, 2 ** 31, -(2 ** 31) - 5, 1.5, -0.25, 1e21, Number.NaN],
      ['', 'abc', 'ä€😀', null, undefined, true, false],
      [[1n, 'x', null], [], { millis: 5, nanoOfMilli: 3 }, new Uint8Array([1, 2])],
    ];
    for (const row of rows) {
      const inPlace = new TableChecksum();
      inPlace.addRow(row, 1);
      const fromText = new TableChecksum();
      fromText.add(canonicalRow(row), 1);
      expect(inPlace.hex()).toBe(fromText.hex());
    }
  });

  it('adds and retracts to the same table checksum in any order', () => {
    const a = new TableChecksum();
    a.addRow([1n, 'x'], 1);
    a.addRow([2n, 'y'], 1);
    a.addRow([3n, 'z'], 1);
    a.addRow([2n, 'y'], -1);
    const b = new TableChecksum();
    b.addRow([3n, 'z'], 1);
    b.addRow([1n, 'x'], 1);
    expect(a.hex()).toBe(b.hex());
    expect(a.rows).toBe(2);
    const measured = new MeasuredChecksum();
    for (let i = 0; i < 3000; i++) measured.addRow([BigInt(i)], 1);
    for (let i = 0; i < 3000; i++) if (i !== 7) measured.addRow([BigInt(i)], -1);
    measured.flush();
    const one = new TableChecksum();
    one.addRow([7n], 1);
    expect(measured.checksum.hex()).toBe(one.hex());
  });
});

describe('nexmark queries against their limits', () => {
  // the engine's final table equals the hand-written loop's over the same 4,000 events
  for (const query of ['q0', 'q1', 'q2', 'q13', 'q21', 'q22']) {
    it(`${query}: engine and limit agree`, async () => {
      const events = 4000;
      const run = await runEngineScript(nexmarkDdl(events) + queryScript(query), false);
      const sink = run.sinks[0]!;
      const limit = new MeasuredChecksum();
      LIMITS[query]!(events, limit);
      limit.flush();
      expect(sink.checksum.rows).toBeGreaterThan(0);
      expect(sink.checksum.hex()).toBe(limit.checksum.hex());
      expect(run.sinkCpuUs).toBeGreaterThan(0);
      expect(run.sinkCpuUs).toBeLessThanOrEqual(run.cpuUs);
    });
  }
});

describe('the kafka source variant', () => {
  const services = { bootstrap: '127.0.0.1:9', registryUrl: 'http://127.0.0.1:8' };

  it('replaces only the nexmark table options with a bounded kafka scan of Avro records', () => {
    const ddl = kafkaSourceDdl(1234, services);
    const { statements, errors } = parseScript(ddl);
    expect(errors).toEqual([]);
    // ddl.sql's mini-batch SETs, the table and the three views
    expect(statements.map((st) => st.kind)).toEqual([
      'SetStatement',
      'SetStatement',
      'SetStatement',
      'CreateTable',
      'CreateView',
      'CreateView',
      'CreateView',
    ]);
    expect(ddl).toContain("'topic' = 'nexmark-1234'");
    expect(ddl).toContain("'scan.bounded.mode' = 'latest-offset'");
    expect(ddl).toContain("'value.format' = 'avro-confluent'");
    expect(ddl).toContain('WATERMARK FOR dateTime');
    expect(ddl).not.toContain("'connector' = 'nexmark'");
  });

  it('preloads from the generator into a sink table of the physical columns', () => {
    const script = preloadScript(1234, services);
    const { statements, errors } = parseScript(script);
    expect(errors).toEqual([]);
    expect(statements).toHaveLength(3);
    expect(script).toContain("'events.num' = '1234'");
    const sink = script.slice(script.indexOf('CREATE TABLE nexmark_topic'));
    expect(sink).not.toContain('dateTime AS');
    expect(sink).toContain("'connector' = 'kafka'");
  });
});
