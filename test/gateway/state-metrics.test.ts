/**
 * Per-operator state size in the gateway: a running statement's operator metrics sample carries
 * `stateKeys` / `stateSizeBytes` (what `/statements/{name}/plan` shows), and Prometheus `/metrics`
 * exports them as `flink_taskmanager_job_task_operator_stateKeys` / `..._stateSizeBytes`.
 */
import { describe, expect, it } from 'vitest';
import { CatalogManager } from '../../src/catalog/catalog-manager.ts';
import { EngineSession } from '../../src/gateway/engine/session.ts';
import { GatewayMetrics } from '../../src/gateway/metrics.ts';
import type { ComputePool } from '../../src/gateway/pools/compute-pool.ts';
import { LiveStatement } from '../../src/gateway/statements/live.ts';
import { parseRestartStrategy } from '../../src/gateway/statements/restart-strategy.ts';

describe('state size in gateway metrics', () => {
  it('samples keys and bytes per operator while the job runs, and exports them to Prometheus', async () => {
    const session = new EngineSession({ catalogs: new CatalogManager() });
    const rows = Array.from({ length: 200 }, (_, i) => `('k${i % 40}', ${i})`).join(', ');
    const prepared = await session.prepare(`SELECT k, SUM(v) FROM (VALUES ${rows}) AS t(k, v) GROUP BY k`);
    if (prepared.kind !== 'job') throw new Error('expected a job');
    // a one-row result buffer pauses the job with its state in place while nothing is taken
    const running = session.start(prepared, { bufferRows: 1 });
    let sample = running.operatorMetrics();
    for (let i = 0; i < 100 && !sample.some((m) => m.stateKeys > 0); i++) {
      await new Promise((r) => setTimeout(r, 10));
      sample = running.operatorMetrics();
    }
    const agg = sample.find((m) => m.operator === 'GroupAggregate');
    expect(agg?.stateKeys).toBeGreaterThan(0);
    expect(agg?.stateSizeBytes).toBeGreaterThan(agg!.stateKeys * 50);
    expect(sample.find((m) => m.operator === 'Values')).toMatchObject({ stateKeys: 0, stateSizeBytes: 0 });

    const live = new LiveStatement(
      'default',
      'sums',
      { name: 'pool' } as ComputePool, // not used by metrics
      prepared,
      session.config,
      parseRestartStrategy({}),
      16,
    );
    live.recordMetrics(sample);
    const metrics = new GatewayMetrics({ pools: () => [], live: () => [live], statement: () => undefined });
    const text = await metrics.registry.metrics();
    const keys = new RegExp(
      `flink_taskmanager_job_task_operator_stateKeys\\{[^}]*statement="sums"[^}]*operator="GroupAggregate"\\} ${agg!.stateKeys}\\n`,
    );
    expect(text).toMatch(keys);
    expect(text).toMatch(
      /flink_taskmanager_job_task_operator_stateSizeBytes\{[^}]*operator="GroupAggregate"\} [1-9]/,
    );

    // drain one result batch at a time; while a batch waits the job is paused with its state in place,
    // and once the last input row has been aggregated every group (40) is in state
    let most = 0;
    while (running.state === 'RUNNING') {
      if (running.buffered > 0) {
        const now = running.operatorMetrics().find((m) => m.operator === 'GroupAggregate');
        most = Math.max(most, now?.stateKeys ?? 0);
        running.take(1000);
      }
      await new Promise((r) => setTimeout(r, 1));
    }
    expect(most).toBe(40);
    running.cancel();
    await running.done;
  });
});
