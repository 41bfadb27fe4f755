/**
 * The crash test (bench/crash-test.ts) in CI size: a server killed with SIGKILL three times while two
 * checkpointed statements write through exactly-once Kafka sinks; the sinks must hold exactly the
 * crash-free results. `npm run test:crash` runs the long version (20 kills).
 */
import { describe, expect, it } from 'vitest';
import { formatReport, runCrashTest } from '../../bench/crash-test.ts';

describe('crash test', () => {
  it('keeps exactly-once results across three SIGKILLs of the server', async () => {
    const report = await runCrashTest({
      kills: 3,
      records: 4000,
      rate: 400,
      customers: 10,
      minGapSeconds: 0.5,
      maxGapSeconds: 3,
      seed: 7,
      keepData: false,
      deliveryGuarantee: 'exactly-once',
      log: (line) => console.log(`[crash-test] ${line}`),
    });
    console.log(formatReport(report));
    expect(report.killsSurvived).toBe(3);
    expect(report.expectedWindows).toBeGreaterThan(0);
    expect(report.problems).toEqual([]);
  }, 900_000);
});
