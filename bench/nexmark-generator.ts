/**
 * Throughput of the Nexmark generator on one core: events/s for the default mix (1 person : 3
 * auctions : 46 bids) and for each kind alone, filling reused batches of BATCH events. Prints the
 * median of RUNS runs of EVENTS events each, per wall-clock second and per CPU second of this process
 * (the second is the steadier figure on a shared machine; GC threads count towards it).
 *   npm run bench:nexmark-generator        (EVENTS=1000000 RUNS=3 BATCH=1024 by default)
 */
import {
  createNexmarkBatch,
  DEFAULT_NEXMARK_CONFIG,
  type NexmarkConfig,
  NexmarkGenerator,
} from '../src/connectors/nexmark/index.ts';

const EVENTS = Number(process.env.EVENTS ?? 1_000_000);
const RUNS = Number(process.env.RUNS ?? 3);
const BATCH = Number(process.env.BATCH ?? 1024);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function measure(label: string, config: NexmarkConfig): void {
  const rates: number[] = [];
  const cpuRates: number[] = [];
  const batch = createNexmarkBatch(BATCH);
  // Warm-up so the JIT has compiled the per-kind paths before timing.
  new NexmarkGenerator(config).nextBatch(BATCH, batch);
  for (let run = 0; run < RUNS; run++) {
    const generator = new NexmarkGenerator({ ...config, seed: BigInt(run) });
    let produced = 0;
    let checksum = 0;
    const cpu0 = process.cpuUsage();
    const t0 = process.hrtime.bigint();
    while (produced < EVENTS) {
      generator.nextBatch(Math.min(BATCH, EVENTS - produced), batch);
      produced += batch.length;
      checksum += batch.timestamps[batch.length - 1]!;
    }
    const seconds = Number(process.hrtime.bigint() - t0) / 1e9;
    const cpu = process.cpuUsage(cpu0);
    cpuRates.push(produced / ((cpu.user + cpu.system) / 1e6));
    if (checksum === 0) throw new Error('bench: generator produced nothing');
    rates.push(produced / seconds);
  }
  const wall = median(rates) / 1e6;
  const cpu = median(cpuRates) / 1e6;
  console.log(
    `${label.padEnd(24)} ${wall.toFixed(2)} M events/s wall, ${cpu.toFixed(2)} M events/CPU-s  (median of ${RUNS} x ${EVENTS})`,
  );
}

measure('default mix (1:3:46)', DEFAULT_NEXMARK_CONFIG);
measure('bids only (0:0:1)', {
  ...DEFAULT_NEXMARK_CONFIG,
  personProportion: 0,
  auctionProportion: 0,
  bidProportion: 1,
});
measure('persons only (1:0:0)', {
  ...DEFAULT_NEXMARK_CONFIG,
  personProportion: 1,
  auctionProportion: 0,
  bidProportion: 0,
});
measure('auctions only (0:1:0)', {
  ...DEFAULT_NEXMARK_CONFIG,
  personProportion: 0,
  auctionProportion: 1,
  bidProportion: 0,
});
