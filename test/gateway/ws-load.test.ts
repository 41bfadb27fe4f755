import { describe, expect, it } from 'vitest';
import { DEFAULT_LOAD, runWsLoad, summarize, type WsLoadOptions } from '../../bench/ws-load.ts';

/**
 * Many concurrent WebSocket clients against `tributary start` in a child process, each streaming a
 * bounded statement (a datagen sequence, so every row is checkable), some reading slowly. The full
 * size (100 clients, 10 slow) is `npm run bench:ws-load`; here the same harness runs smaller,
 * because every statement starts its own compute-pool worker thread (seconds of CPU each).
 */
const options: WsLoadOptions = {
  ...DEFAULT_LOAD,
  clients: 12,
  slowClients: 3,
  rows: 3000,
  // fewer CFUs than clients: statements queue in PENDING and must be served as others end
  maxCfu: 3,
  // smaller than a statement's rows: every statement fills its buffer and is paused by its reader
  resultBufferRows: 256,
  fastCredit: 500,
  slowCredit: 25,
  slowDelayMs: 10,
  timeoutMs: 840_000,
};

describe('WebSocket load', () => {
  it('streams every row exactly once to concurrent fast and slow clients with bounded server memory', async () => {
    const report = await runWsLoad(options);
    console.log(summarize(options, report));
    expect(report.outcomes).toHaveLength(options.clients);
    expect(report.outcomes.filter((o) => o.slow)).toHaveLength(options.slowClients);
    for (const o of report.outcomes) {
      const who = `client ${o.index} (${o.slow ? 'slow' : 'fast'}, ${o.statement})`;
      expect(o.endPhase, who).toBe('COMPLETED');
      expect(o.received, who).toBe(options.rows);
      expect(o.endRows, who).toBe(options.rows);
      expect(o.duplicates, who).toBe(0);
      expect(o.missing, who).toBe(0);
      expect(o.offsetGaps, who).toBe(0);
      expect(o.creditViolations, who).toBe(0);
      expect(o.maxBatch, who).toBeLessThanOrEqual(o.slow ? options.slowCredit : options.fastCredit);
    }
    // bounded: the process (gateway + at most maxCfu worker threads) stays well under what
    // buffering every statement's rows, or a worker per client, would need
    expect(report.serverPeakRssKiB).toBeGreaterThan(0);
    expect(report.serverPeakRssKiB / 1024).toBeLessThan(2048);
  }, 900_000);
});
