import { expect, it } from 'vitest';
import { measureBackpressure } from './backpressure-run.ts';

/**
 * Rows streamed. The 1-million-row run is `npm run bench:client-backpressure` (bench/client-backpressure.ts,
 * the same measurement); TRIBUTARY_BACKPRESSURE_ROWS=1000000 runs it here.
 */
const ROWS = Number(process.env.TRIBUTARY_BACKPRESSURE_ROWS ?? 300_000);
const MB = 1024 * 1024;
const WINDOW = 500;

it(`a slow consumer of ${ROWS} rows holds server and client memory flat`, async () => {
  const r = await measureBackpressure({ rows: ROWS, window: WINDOW, resultBufferRows: 2000 });
  const mb = (n: number): string => `${(n / MB).toFixed(1)} MB`;
  process.stdout.write(
    `backpressure: ${ROWS} rows in ${r.seconds.toFixed(1)} s; client buffered ≤ ${r.clientMaxBuffered} rows; ` +
      `server RSS ${mb(r.server.base)} → peak ${mb(r.server.peak)}, live heap ${mb(r.server.liveHeap.at25)} → ${mb(r.server.liveHeap.at95)}; ` +
      `client RSS ${mb(r.client.base)} → peak ${mb(r.client.peak)}, live heap ${mb(r.client.liveHeap.at25)} → ${mb(r.client.liveHeap.at95)}\n`,
  );
  expect(r.rows).toBe(ROWS);
  // the client never holds more than its credit window
  expect(r.clientMaxBuffered).toBeLessThanOrEqual(WINDOW);
  // what is still referenced after a full GC does not grow with the rows streamed between 25% and
  // 95% (70% of the rows: tens of MB if rows were retained anywhere on the path)
  expect(r.server.liveHeap.at95 - r.server.liveHeap.at25).toBeLessThan(4 * MB);
  expect(r.client.liveHeap.at95 - r.client.liveHeap.at25).toBeLessThan(4 * MB);
  // and resident memory, which also moves with GC timing and the pool worker's own heap, stays flat
  expect(r.server.peak - r.server.base).toBeLessThan(64 * MB);
  expect(r.client.peak - r.client.base).toBeLessThan(48 * MB);
}, 600_000);
