import { afterAll, beforeAll, expect, it } from 'vitest';
import { connect } from '../../src/index.ts';
import { DATAGEN, startTestGateway, type TestGateway } from '../gateway/helpers.ts';

/** Rows streamed; TRIBUTARY_BACKPRESSURE_ROWS=1000000 for the long run. */
const ROWS = Number(process.env.TRIBUTARY_BACKPRESSURE_ROWS ?? 200_000);
const MB = 1024 * 1024;

let gw: TestGateway;
beforeAll(async () => {
  gw = await startTestGateway({ resultBufferRows: 2000 });
});
afterAll(async () => {
  await gw.stop();
});

it(`a slow consumer of ${ROWS} rows holds memory flat (credits backpressure the statement)`, async () => {
  const window = 500;
  const c = await connect({ url: gw.url, creditWindow: window });
  await c.execute(DATAGEN(ROWS, 'big_gen'));
  const st = await c.execute('SELECT id, price, ts FROM big_gen');
  const samples: { at: number; rss: number; heap: number }[] = [];
  const sample = (): void => {
    const m = process.memoryUsage();
    samples.push({ at: seen, rss: m.rss, heap: m.heapUsed });
    // sampled during the consumer's pauses too, when undelivered rows would pile up
    maxBuffered = Math.max(maxBuffered, st.bufferedRows);
  };
  let seen = 0;
  let maxBuffered = 0;
  const timer = setInterval(sample, 100);
  const started = Date.now();
  for await (const change of st) {
    seen++;
    if (change.row[0] !== BigInt(seen)) throw new Error(`row ${seen} has id ${String(change.row[0])}`);
    maxBuffered = Math.max(maxBuffered, st.bufferedRows);
    // a slow consumer: pauses of 1.5 s at four points; the producer must wait, not pile up rows
    if (seen % Math.floor(ROWS / 4) === 0 && seen < ROWS) await new Promise((r) => setTimeout(r, 1500));
  }
  clearInterval(timer);
  sample();
  const seconds = (Date.now() - started) / 1000;
  expect(seen).toBe(ROWS);
  expect(maxBuffered).toBeLessThanOrEqual(window);
  const early = samples.filter((s) => s.at >= ROWS / 10 && s.at <= ROWS / 4);
  const baseRss = Math.max(...early.map((s) => s.rss));
  const peakRss = Math.max(...samples.map((s) => s.rss));
  const peakHeap = Math.max(...samples.map((s) => s.heap));
  process.stdout.write(
    `backpressure: ${ROWS} rows in ${seconds.toFixed(1)} s; client buffered ≤ ${maxBuffered} rows; ` +
      `RSS after 10–25%: ${(baseRss / MB).toFixed(0)} MB, peak ${(peakRss / MB).toFixed(0)} MB; ` +
      `peak main-thread heap ${(peakHeap / MB).toFixed(0)} MB\n`,
  );
  // flat: the second three quarters of the stream add no more than 64 MB to the process (gateway,
  // pool worker and client share it); an unbounded buffer of this many rows would add hundreds
  expect(peakRss - baseRss).toBeLessThan(64 * MB);
  await c.close();
}, 600_000);
