/**
 * Prometheus metrics (prom-client, one registry per gateway). Operator metrics use the names of
 * Flink's Prometheus reporter (`flink_taskmanager_job_task_operator_numRecordsIn`, ...), statement
 * metrics Flink's job names (`flink_jobmanager_job_uptime`, `..._numRestarts`), pool metrics ours.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { ComputePool } from './pools/compute-pool.ts';
import { STATEMENT_PHASES, type StoredStatement } from './resources.ts';
import { registerCheckpointMetrics } from './statements/checkpoint-metrics.ts';
import type { LiveStatement } from './statements/live.ts';

export interface MetricsSources {
  readonly pools: () => readonly ComputePool[];
  readonly live: () => readonly LiveStatement[];
  readonly statement: (env: string, name: string) => StoredStatement | undefined;
}

const OPERATOR = 'flink_taskmanager_job_task_operator_';
const OPERATOR_METRICS = [
  'numRecordsIn',
  'numRecordsOut',
  'numRecordsInPerSecond',
  'numRecordsOutPerSecond',
  'currentInputWatermark',
  'currentOutputWatermark',
  'numLateRecordsDropped',
  'stateKeys',
  'stateSizeBytes',
] as const;

let processMetrics: Registry | undefined;

/**
 * prom-client's process and Node.js metrics (`process_cpu_seconds_total`, `process_resident_memory_bytes`,
 * `nodejs_heap_size_used_bytes`, `nodejs_gc_duration_seconds`, `nodejs_eventloop_lag_p99_seconds`...),
 * the counterpart of Flink's `Status.JVM.*` metrics. One registry per process: its collectors
 * (an event-loop delay monitor, a GC observer) are process-wide, and a gateway per test must not add
 * one each. Event-loop lag percentiles cover the time since the previous scrape.
 */
function processMetricsRegistry(): Registry {
  if (processMetrics === undefined) {
    processMetrics = new Registry();
    collectDefaultMetrics({ register: processMetrics, eventLoopMonitoringPrecision: 10 });
  }
  return processMetrics;
}

export class GatewayMetrics {
  /** The gateway's own metrics plus the process's (see `processMetricsRegistry`). */
  readonly registry: Registry;
  readonly requests: Counter<'method' | 'route' | 'status'>;
  readonly latency: Histogram<'route'>;

  constructor(sources: MetricsSources) {
    const r = new Registry();
    this.requests = new Counter({
      name: 'tributary_http_requests_total',
      help: 'HTTP requests by route and status',
      labelNames: ['method', 'route', 'status'],
      registers: [r],
    });
    this.latency = new Histogram({
      name: 'tributary_http_request_duration_seconds',
      help: 'HTTP request latency',
      labelNames: ['route'],
      buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 1, 5],
      registers: [r],
    });
    const labels = ['environment', 'statement', 'task', 'operator'] as const;
    for (const m of OPERATOR_METRICS) {
      new Gauge({
        name: `${OPERATOR}${m}`,
        help: `Flink operator metric ${m}`,
        labelNames: labels,
        registers: [r],
        collect() {
          this.reset();
          for (const l of sources.live()) {
            for (const op of l.operatorMetrics) {
              const value = op[m];
              // watermarks start at -2^53: report them as Flink does before the first watermark
              this.set(
                { environment: l.environment, statement: l.name, task: op.task, operator: op.operator },
                Number.isFinite(value) ? value : 0,
              );
            }
          }
        },
      });
    }
    const statementGauge = (
      name: string,
      help: string,
      value: (l: LiveStatement, s: StoredStatement) => number,
    ): void => {
      new Gauge({
        name,
        help,
        labelNames: ['environment', 'statement'],
        registers: [r],
        collect() {
          this.reset();
          for (const l of sources.live()) {
            const s = sources.statement(l.environment, l.name);
            if (s !== undefined) this.set({ environment: l.environment, statement: l.name }, value(l, s));
          }
        },
      });
    };
    statementGauge(
      'flink_jobmanager_job_uptime',
      'Milliseconds since the statement started running (0 when not running)',
      (_l, s) =>
        s.status.phase === 'RUNNING' && s.status.startTime ? Date.now() - Date.parse(s.status.startTime) : 0,
    );
    statementGauge(
      'flink_jobmanager_job_numRestarts',
      'Restarts of the statement by its restart strategy',
      (_l, s) => s.status.restarts,
    );
    new Gauge({
      name: 'tributary_statement_phase',
      help: '1 for the phase the statement is in',
      labelNames: ['environment', 'statement', 'phase'],
      registers: [r],
      collect() {
        this.reset();
        for (const l of sources.live()) {
          const s = sources.statement(l.environment, l.name);
          if (s === undefined) continue;
          for (const phase of STATEMENT_PHASES)
            this.set(
              { environment: l.environment, statement: l.name, phase },
              s.status.phase === phase ? 1 : 0,
            );
        }
      },
    });
    const poolGauge = (name: string, help: string, value: (p: ComputePool) => number): void => {
      new Gauge({
        name,
        help,
        labelNames: ['environment', 'pool'],
        registers: [r],
        collect() {
          this.reset();
          for (const p of sources.pools()) this.set({ environment: p.environment, pool: p.name }, value(p));
        },
      });
    };
    poolGauge(
      'tributary_compute_pool_cfu_used',
      'CFUs in use (one per running statement slot)',
      (p) => p.currentCfu,
    );
    poolGauge('tributary_compute_pool_cfu_max', 'The pool spec.maxCfu', (p) => p.maxCfu);
    // checkpoint metrics (the checkpoint engineer's block)
    registerCheckpointMetrics(r, sources.live);
    this.registry = Registry.merge([r, processMetricsRegistry()]);
  }
}
