/**
 * Throughput of the core operators in one thread:
 *   generator → calc filter → blackhole        (goal ≥ 1,000,000 events/s)
 *   generator → tumbling COUNT(*) per key       (goal ≥ 300,000 events/s)
 * The generator is a source producing batches of 1024 rows [key, rowtime, value] with one
 * watermark per batch (rowtime - 1 s), like a values/datagen source.
 */

import type { AccumulatorFunction } from '../src/runtime/aggregation.ts';
import { type Batch, BatchBuilder } from '../src/runtime/batch.ts';
import { Job } from '../src/runtime/job.ts';
import type { OperatorContext, OperatorSnapshot, Output } from '../src/runtime/operator.ts';
import { CalcOperator } from '../src/runtime/operators/calc.ts';
import { BlackholeSink } from '../src/runtime/operators/sink-collector.ts';
import { WindowAggregateOperator } from '../src/runtime/operators/window-aggregate.ts';
import type { SourceOperator } from '../src/runtime/task.ts';

const EVENTS = Number(process.env.EVENTS ?? 2_000_000);
const BATCH = 1024;
const KEYS = 1000;

class GeneratorSource implements SourceOperator {
  readonly name = 'Generator';
  private output!: Output;
  private emitted = 0;
  constructor(private readonly total: number) {}
  open(ctx: OperatorContext): void {
    this.output = ctx.output;
  }
  poll(): boolean {
    if (this.emitted >= this.total) return false;
    const n = Math.min(BATCH, this.total - this.emitted);
    const b = new BatchBuilder(n);
    for (let i = 0; i < n; i++) {
      const seq = this.emitted + i;
      b.add([`key${seq % KEYS}`, seq, seq & 1023]);
    }
    this.emitted += n;
    const batch: Batch = b.build();
    this.output.emitBatch(batch);
    this.output.emitWatermark(this.emitted - 1000);
    return true;
  }
  snapshotState(checkpointId: number): OperatorSnapshot {
    return {
      checkpointId,
      keyed: { backend: 'none', maxParallelism: 128, states: {}, timers: {} },
      operator: null,
    };
  }
  restoreState(): void {}
  close(): void {}
}

const countStar: AccumulatorFunction<number> = {
  createAccumulator: () => 0,
  accumulate: (acc) => acc + 1,
  getValue: (acc) => BigInt(acc),
};

function measure(name: string, goal: number, build: (job: Job) => void): void {
  const job = new Job({ queueCapacity: 16 });
  build(job);
  const start = process.hrtime.bigint();
  job.runToCompletion();
  const seconds = Number(process.hrtime.bigint() - start) / 1e9;
  const rate = EVENTS / seconds;
  const verdict = rate >= goal ? 'ok' : 'BELOW GOAL';
  console.log(
    `${name.padEnd(36)} ${Math.round(rate).toLocaleString('en-US').padStart(12)} events/s  (goal ${goal.toLocaleString('en-US')}, ${verdict})`,
  );
}

for (let round = 0; round < 2; round++) {
  console.log(round === 0 ? 'warm-up' : 'measured');
  measure('calc filter → blackhole', 1_000_000, (job) => {
    job.addSource('gen', new GeneratorSource(EVENTS), [
      new CalcOperator({ predicate: (r) => (r[2] as number) % 2 === 0, projection: (r) => [r[0], r[2]] }),
      new BlackholeSink(),
    ]);
  });
  measure('tumbling COUNT(*) per key (1 s)', 300_000, (job) => {
    const gen = job.addSource('gen', new GeneratorSource(EVENTS));
    const agg = job.addTask('agg', [
      new WindowAggregateOperator({
        keyIndexes: [0],
        calls: [{ fn: countStar, argIndexes: [] }],
        window: { kind: 'tumble', size: 1000 },
        timeIndex: 1,
      }),
      new BlackholeSink(),
    ]);
    job.connect(gen, agg);
  });
}
