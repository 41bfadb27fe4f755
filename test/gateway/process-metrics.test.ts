/**
 * `/metrics` carries the process's own metrics (prom-client's defaults: CPU, RSS, heap, GC pauses,
 * event-loop lag), collected once per process however many gateways it runs.
 */
import { describe, expect, it } from 'vitest';
import { GatewayMetrics } from '../../src/gateway/metrics.ts';

const noSources = { pools: () => [], live: () => [], statement: () => undefined };

/** The value of an unlabelled sample `name` in Prometheus text. */
function sample(text: string, name: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name} `));
  if (line === undefined) throw new Error(`${name} is not in the metrics text`);
  return Number(line.slice(name.length + 1));
}

describe('process metrics', () => {
  it('exports CPU, memory and event-loop lag beside the gateway metrics, for every gateway', async () => {
    const first = await new GatewayMetrics(noSources).registry.metrics();
    const second = await new GatewayMetrics(noSources).registry.metrics();
    for (const text of [first, second]) {
      expect(text).toContain('# TYPE tributary_http_requests_total counter');
      expect(sample(text, 'process_resident_memory_bytes')).toBeGreaterThan(10 * 1024 * 1024);
      expect(sample(text, 'process_cpu_seconds_total')).toBeGreaterThan(0);
      expect(sample(text, 'nodejs_heap_size_used_bytes')).toBeGreaterThan(0);
      expect(text).toMatch(/^nodejs_eventloop_lag_p99_seconds \d/m);
    }
  });

  it('sees the event loop blocked between two scrapes', async () => {
    const metrics = new GatewayMetrics(noSources);
    await metrics.registry.metrics();
    // block the loop for 120 ms at a time while the delay monitor keeps sampling in between
    for (let i = 0; i < 3; i++) {
      const until = Date.now() + 120;
      while (Date.now() < until) {
        /* busy */
      }
      await new Promise((r) => setTimeout(r, 30));
    }
    expect(sample(await metrics.registry.metrics(), 'nodejs_eventloop_lag_max_seconds')).toBeGreaterThan(0.1);
  });
});
