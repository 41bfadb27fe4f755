/**
 * `EXPLAIN ANALYZE <statement>`: runs a bounded statement to its end in this thread (an INSERT really
 * writes to its sink; a query's rows are counted and dropped) and prints the optimized physical plan
 * with what each node did:
 *
 *   == Physical Plan With Runtime Statistics ==
 *   GroupAggregate(groupBy=[k], ..., changelogMode=[I,UB,UA]) [in=5, out=7, stateKeys=2, stateBytes=410, time=0.21 ms]
 *   +- TableSourceScan(table=[[...]], fields=[k], changelogMode=[I]) [out=5, time=0.05 ms]
 *
 * Per node, over the runtime operators built for it: records into its first operator and out of its
 * last, keyed state left at the end (keys and estimated bytes, summed), and the time spent in its own
 * code (self time: an operator's call minus the time of the chained operators it called).
 */
import { performance } from 'node:perf_hooks';
import type { Batch } from '../../runtime/batch.ts';
import { AbstractOperator, type Operator, type OperatorMetrics } from '../../runtime/operator.ts';
import type { SourceOperator, Task } from '../../runtime/task.ts';
import { SqlError } from '../../sql/errors.ts';
import type { BoundStatement } from '../binder/bound-statement.ts';
import { buildJob } from '../physical/job-builder.ts';
import { type PhysicalNode, physicalInputs } from '../physical/nodes.ts';
import { type PlannerOptions, planStatement } from '../physical/planner.ts';
import { physicalTree } from './explain.ts';

type ExplainStatement = Extract<BoundStatement, { kind: 'Explain' }>;

export function isExplainAnalyze(bound: ExplainStatement): boolean {
  return bound.details.some((d) => d.toUpperCase() === 'ANALYZE');
}

/** Whether a source table ends by itself (the bounded options of the built-in connectors). */
function unboundedSource(node: PhysicalNode): PhysicalNode | undefined {
  if (node.kind === 'TableSourceScan') {
    const o = node.options;
    const bounded =
      (o.connector === 'datagen' && o['number-of-rows'] !== undefined) ||
      (o.connector === 'filesystem' && o['source.monitor-interval'] === undefined) ||
      (o.connector === 'values' && o.bounded !== 'false') ||
      (o.connector === 'nexmark' && o['events.num'] !== undefined) ||
      (o.connector === 'kafka' &&
        o['scan.bounded.mode'] !== undefined &&
        o['scan.bounded.mode'] !== 'unbounded');
    return bounded ? undefined : node;
  }
  for (const input of physicalInputs(node)) {
    const found = unboundedSource(input);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** Counts a query's result rows and drops them. */
class CountingCollector extends AbstractOperator {
  rows = 0;
  constructor() {
    super('CollectResult');
  }
  processBatch(_input: number, batch: Batch): void {
    this.rows += batch.length;
  }
}

/**
 * Self time per operator: each call's duration minus the time of the calls nested in it (a chained
 * operator's output calls straight into the next operator).
 */
class SelfTimer {
  readonly selfMs = new Map<object, number>();
  private readonly nested: number[] = [];

  private measure<A extends unknown[], R>(owner: object, fn: (...args: A) => R): (...args: A) => R {
    return (...args: A): R => {
      const start = performance.now();
      this.nested.push(0);
      try {
        return fn(...args);
      } finally {
        const total = performance.now() - start;
        const inner = this.nested.pop() ?? 0;
        this.selfMs.set(owner, (this.selfMs.get(owner) ?? 0) + total - inner);
        if (this.nested.length > 0) this.nested[this.nested.length - 1]! += total;
      }
    };
  }

  operator(op: Operator): void {
    op.processBatch = this.measure(op, op.processBatch.bind(op));
    op.processWatermark = this.measure(op, op.processWatermark.bind(op));
    op.processIdle = this.measure(op, op.processIdle.bind(op));
    op.onProcessingTime = this.measure(op, op.onProcessingTime.bind(op));
    op.finish = this.measure(op, op.finish.bind(op));
  }

  source(source: SourceOperator): void {
    source.poll = this.measure(source, source.poll.bind(source));
  }
}

interface NodeStats {
  isSource: boolean;
  recordsIn: number;
  recordsOut: number;
  stateKeys: number;
  stateBytes: number;
  timeMs: number;
  /** Whether the first and last operator were seen (in / out come from them). */
  sawFirst: boolean;
}

function collectStats(
  tasks: readonly Task[],
  nodeOf: ReadonlyMap<Operator | SourceOperator, PhysicalNode>,
  timer: SelfTimer,
): Map<PhysicalNode, NodeStats> {
  const stats = new Map<PhysicalNode, NodeStats>();
  const add = (op: Operator | SourceOperator, metrics: OperatorMetrics, isSource: boolean): void => {
    const node = nodeOf.get(op);
    if (node === undefined) return;
    let s = stats.get(node);
    if (s === undefined) {
      s = { isSource, recordsIn: 0, recordsOut: 0, stateKeys: 0, stateBytes: 0, timeMs: 0, sawFirst: false };
      stats.set(node, s);
    }
    if (!s.sawFirst) {
      s.recordsIn = metrics.numRecordsIn;
      s.sawFirst = true;
    }
    s.recordsOut = metrics.numRecordsOut; // operators come in chain order: the last one wins
    const state = metrics.stateSize();
    s.stateKeys += state.keys;
    s.stateBytes += state.bytes;
    s.timeMs += timer.selfMs.get(op) ?? 0;
  };
  for (const task of tasks) {
    if (task.source !== undefined) add(task.source, task.sourceMetrics, true);
    task.operators.forEach((op, i) => {
      add(op, task.metrics[i]!, false);
    });
  }
  return stats;
}

const formatMs = (ms: number): string => `${ms < 10 ? ms.toFixed(2) : ms.toFixed(1)} ms`;

function annotation(s: NodeStats | undefined): string {
  if (s === undefined) return '';
  const parts = s.isSource ? [`out=${s.recordsOut}`] : [`in=${s.recordsIn}`, `out=${s.recordsOut}`];
  if (s.stateKeys > 0) parts.push(`stateKeys=${s.stateKeys}`, `stateBytes=${s.stateBytes}`);
  parts.push(`time=${formatMs(s.timeMs)}`);
  return ` [${parts.join(', ')}]`;
}

/** Runs the explained statement to its end and returns the plan annotated with runtime statistics. */
export async function explainAnalyze(bound: ExplainStatement, options: PlannerOptions): Promise<string> {
  const plan = planStatement(bound.statement, options);
  for (const root of plan.roots) {
    const unbounded = unboundedSource(root);
    if (unbounded !== undefined) {
      const table = unbounded.kind === 'TableSourceScan' ? unbounded.path.name : unbounded.kind;
      throw new SqlError({
        code: 'PLANNING',
        message: `EXPLAIN ANALYZE runs the statement to its end, but source table '${table}' is unbounded`,
        hint: "bound the source (datagen 'number-of-rows', kafka 'scan.bounded.mode', values 'bounded' = 'true') or use EXPLAIN without ANALYZE",
      });
    }
  }
  const collector = new CountingCollector();
  const { job, nodeOf } = buildJob(plan.roots, { ...options, collect: () => collector });
  const timer = new SelfTimer();
  for (const [op] of nodeOf) {
    if ('poll' in op) timer.source(op);
    else timer.operator(op);
  }
  const started = performance.now();
  let stats: Map<PhysicalNode, NodeStats>;
  try {
    await job.run();
    stats = collectStats(job.tasks, nodeOf, timer);
  } finally {
    job.close();
  }
  const elapsed = performance.now() - started;
  const isQuery = plan.roots.some((r) => r.kind !== 'Sink');
  return [
    '== Physical Plan With Runtime Statistics ==',
    physicalTree(plan.roots, (node) => annotation(stats.get(node))),
    '',
    '== Summary ==',
    `${isQuery ? `result rows: ${collector.rows}, ` : ''}total time: ${formatMs(elapsed)}`,
    '',
  ].join('\n');
}
