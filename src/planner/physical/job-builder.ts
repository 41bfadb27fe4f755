/**
 * Physical plan → runnable Job. Expressions are compiled once here; single-input nodes are chained
 * into their producer's task, and a Union starts a new task fed by one queue per input. A node shared
 * by several consumers (sub-plan reuse) ends its own task, whose output queues fan out to each. Sources and
 * sinks come from the ConnectorRegistry.
 */
import { B, type BoundExpr, transform, visit } from '../../expr/bound.ts';
import { compilePredicate, compileProjection, compileScalar } from '../../expr/compile.ts';
import type { ExprContext } from '../../expr/functions/registry.ts';
import { evaluate } from '../../expr/interpret.ts';
import type { Row } from '../../runtime/batch.ts';
import { Job, type JobOptions } from '../../runtime/job.ts';
import type { Operator } from '../../runtime/operator.ts';
import { CalcOperator } from '../../runtime/operators/calc.ts';
import { ChangelogNormalizeOperator } from '../../runtime/operators/changelog-normalize.ts';
import { ExpandOperator } from '../../runtime/operators/expand.ts';
import { GroupAggregateOperator } from '../../runtime/operators/group-aggregate.ts';
import { MiniBatchGroupAggregateOperator } from '../../runtime/operators/mini-batch-group-aggregate.ts';
import { SessionWindowAggregateOperator } from '../../runtime/operators/session-window-aggregate.ts';
import { SinkUpsertMaterializer } from '../../runtime/operators/sink-upsert-materializer.ts';
import { UnionOperator } from '../../runtime/operators/union.ts';
import { ValuesSource } from '../../runtime/operators/values-source.ts';
import { WatermarkAssignerOperator } from '../../runtime/operators/watermark-assigner.ts';
import { WatermarkCalcOperator } from '../../runtime/operators/watermark-calc.ts';
import { WindowAggregateOperator } from '../../runtime/operators/window-aggregate.ts';
import { SlicedHopWindowAggregateOperator } from '../../runtime/operators/window-aggregate-sliced.ts';
import { WindowAssignerOperator } from '../../runtime/operators/window-assigner.ts';
import type { SourceOperator, Task } from '../../runtime/task.ts';
import { type WindowSpec as RuntimeWindow, type TimeShift, timeShiftFor } from '../../runtime/windows.ts';
import type { Schema, WindowSpec } from '../logical/nodes.ts';
import { runtimeAggregateCalls } from './aggregate-calls.ts';
import { isUpdating } from './changelog-mode.ts';
import type { ConnectorRegistry } from './connectors.ts';
import { type SourceFieldReads, sourceFieldReads } from './nested-field-usage.ts';
import type { PhysicalNode, SinkNode } from './nodes.ts';
import { type OperatorEnv, singleInputOperator, twoInputOperator } from './operator-builders.ts';
import { sharedNodes } from './sub-plan-reuse.ts';
import { stateTtlFromConfig } from './translate.ts';
import { slicedHopSupported } from './window-slicing.ts';

export interface BuildOptions {
  readonly connectors: ConnectorRegistry;
  readonly config: ReadonlyMap<string, string>;
  readonly job?: JobOptions;
  /** Operator receiving the rows of a root that is not a Sink (a SELECT's result collector). */
  readonly collect?: (root: PhysicalNode) => Operator;
}

export interface BuiltJob {
  readonly job: Job;
  /** The operator at the end of each root (the sink connector's operator). */
  readonly sinks: readonly Operator[];
  /** The physical node each source and operator was built for (EXPLAIN ANALYZE); not the collector. */
  readonly nodeOf: ReadonlyMap<Operator | SourceOperator, PhysicalNode>;
}

/** A chain of operators not yet placed in a task, with where its input comes from. */
interface PendingChain {
  readonly source?: SourceOperator;
  readonly upstream: readonly Task[];
  readonly ops: Operator[];
}

export function exprContextOf(config: ReadonlyMap<string, string>): ExprContext {
  return { timeZone: config.get('table.local-time-zone') ?? 'UTC' };
}

/** A TIMESTAMP(p) / TIMESTAMP_LTZ(p) value as epoch milliseconds. */
function toMillis(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  if (typeof v === 'number') return v;
  return (v as { millis: number }).millis;
}

function runtimeWindow(w: WindowSpec): RuntimeWindow {
  switch (w.kind) {
    case 'TUMBLE':
      return { kind: 'tumble', size: w.size, ...(w.offset ? { offset: w.offset } : {}) };
    case 'HOP':
      return { kind: 'hop', size: w.size, slide: w.slide, ...(w.offset ? { offset: w.offset } : {}) };
    case 'CUMULATE':
      return {
        kind: 'cumulate',
        maxSize: w.maxSize,
        step: w.step,
        ...(w.offset ? { offset: w.offset } : {}),
      };
    case 'SESSION':
      throw new Error('SESSION windows are merged by the session window operator, not assigned');
  }
}

function readsWatermark(exprs: readonly BoundExpr[], condition: BoundExpr | undefined): boolean {
  let found = false;
  for (const e of condition ? [...exprs, condition] : exprs) {
    visit(e, (n) => {
      if (n.kind === 'call' && n.name === 'CURRENT_WATERMARK') found = true;
    });
  }
  return found;
}

const isIdentity = (exprs: readonly BoundExpr[], input: Schema): boolean =>
  exprs.length === input.length && exprs.every((e, i) => e.kind === 'input' && e.index === i);

export class JobBuilder {
  private readonly job: Job;
  private readonly ctx: ExprContext;
  private readonly zone: string;
  private taskCount = 0;
  private readonly nodeOf = new Map<Operator | SourceOperator, PhysicalNode>();
  private fieldReads: SourceFieldReads = new Map();
  /** Nodes with several consumers (sub-plan reuse): built once into a task that fans out. */
  private shared: ReadonlySet<PhysicalNode> = new Set();
  private readonly sharedTasks = new Map<PhysicalNode, Task>();

  constructor(private readonly options: BuildOptions) {
    this.job = new Job(options.job ?? {});
    this.ctx = exprContextOf(options.config);
    this.zone = this.ctx.timeZone ?? 'UTC';
  }

  build(roots: readonly PhysicalNode[]): BuiltJob {
    this.fieldReads = sourceFieldReads(roots);
    this.shared = sharedNodes(roots);
    const sinks: Operator[] = [];
    for (const root of roots) {
      const chain = this.chain(root);
      if (root.kind === 'Sink') sinks.push(chain.ops[chain.ops.length - 1]!);
      else {
        const collect = this.options.collect?.(root);
        if (!collect)
          throw new Error('A query without a sink needs a collect operator (BuildOptions.collect)');
        chain.ops.push(collect);
        sinks.push(collect);
      }
      this.materialize(chain, root.kind);
    }
    return { job: this.job, sinks, nodeOf: this.nodeOf };
  }

  private materialize(chain: PendingChain, label: string): Task {
    // a consumer that adds nothing to a shared node's task reads that task directly
    if (!chain.source && chain.ops.length === 0 && chain.upstream.length === 1) return chain.upstream[0]!;
    const name = `${++this.taskCount}-${label}`;
    if (chain.source) return this.job.addSource(name, chain.source, chain.ops);
    const task = this.job.addTask(name, chain.ops);
    for (const up of chain.upstream) this.job.connect(up, task);
    return task;
  }

  private append(node: PhysicalNode & { input: PhysicalNode }, ...ops: Operator[]): PendingChain {
    const chain = this.chain(node.input);
    chain.ops.push(...ops);
    return chain;
  }

  private shiftFor(schema: Schema, timeIndex: number): TimeShift | undefined {
    const t = schema[timeIndex]?.type;
    if (t?.kind !== 'TIMESTAMP_LTZ' || this.zone === 'UTC' || this.zone === 'Z') return undefined;
    return timeShiftFor(this.zone);
  }

  /** Compiles a projection; top-level PROCTIME() columns read the job's processing-time clock. */
  private projection(exprs: readonly BoundExpr[]): (row: Row) => Row {
    const proctimeAt: number[] = [];
    const plain = exprs.map((e, i) => {
      if (e.kind === 'call' && e.name === 'PROCTIME') {
        proctimeAt.push(i);
        return B.literal(null, e.type);
      }
      return transform(e, (n) => {
        if (n.kind === 'call' && (n.name === 'PROCTIME' || n.name === 'CURRENT_WATERMARK')) {
          throw new Error(`${n.name}() is only supported as a whole column here`);
        }
        return undefined;
      });
    });
    const compiled = compileProjection(plain, this.ctx);
    if (proctimeAt.length === 0) return compiled;
    const clock = this.options.job?.clock ?? Date.now;
    return (row) => {
      const out = compiled(row);
      for (const i of proctimeAt) out[i] = clock();
      return out;
    };
  }

  /**
   * The node's pending chain; its new source and operators are recorded as built for `node`. A
   * shared node is built into its own task once; each consumer gets a chain reading that task.
   */
  private chain(node: PhysicalNode): PendingChain {
    if (this.shared.has(node)) {
      let task = this.sharedTasks.get(node);
      if (task === undefined) {
        task = this.materialize(this.ownChain(node), node.kind);
        this.sharedTasks.set(node, task);
      }
      return { upstream: [task], ops: [] };
    }
    return this.ownChain(node);
  }

  private ownChain(node: PhysicalNode): PendingChain {
    const chain = this.chainOf(node);
    for (const op of chain.source === undefined ? chain.ops : [chain.source, ...chain.ops]) {
      if (!this.nodeOf.has(op)) this.nodeOf.set(op, node);
    }
    return chain;
  }

  private chainOf(node: PhysicalNode): PendingChain {
    switch (node.kind) {
      case 'TableSourceScan': {
        const source = this.options.connectors.createSource(
          { path: node.path, table: node.table, options: node.options },
          {
            columns: node.columns,
            fields: node.schema,
            readFields: this.fieldReads.get(node),
            exprContext: this.ctx,
            config: this.options.config,
          },
        );
        return { source, upstream: [], ops: [] };
      }
      case 'Values': {
        const rows = node.rows.map((r) => r.map((e) => evaluate(e, [], this.ctx)));
        return { source: new ValuesSource({ name: 'Values', rows }), upstream: [], ops: [] };
      }
      case 'Calc': {
        if (readsWatermark(node.projection, node.condition)) {
          // CURRENT_WATERMARK(x) reads an extra trailing column holding the operator's watermark
          const width = node.input.schema.length;
          const swap = (e: BoundExpr): BoundExpr =>
            transform(e, (n) =>
              n.kind === 'call' && n.name === 'CURRENT_WATERMARK' ? B.input(width, n.type) : undefined,
            );
          return this.append(
            node,
            new WatermarkCalcOperator({
              ...(node.condition ? { predicate: compilePredicate(swap(node.condition), this.ctx) } : {}),
              projection: this.projection(node.projection.map(swap)),
            }),
          );
        }
        const identity = isIdentity(node.projection, node.input.schema);
        return this.append(
          node,
          new CalcOperator({
            ...(node.condition ? { predicate: compilePredicate(node.condition, this.ctx) } : {}),
            ...(identity ? {} : { projection: this.projection(node.projection) }),
          }),
        );
      }
      case 'WatermarkAssigner': {
        const fn = compileScalar(node.watermark, this.ctx);
        const strategy = this.emitStrategy(node);
        return this.append(
          node,
          new WatermarkAssignerOperator({ watermark: (row) => toMillis(fn(row)), strategy }),
        );
      }
      case 'Union': {
        const tasks = node.inputs.map((i) => this.materialize(this.chain(i), i.kind));
        return { upstream: tasks, ops: [new UnionOperator(tasks.length)] };
      }
      case 'WindowTableFunction': {
        const timeType = node.input.schema[node.timeIndex]!.type;
        const proctime = 'timeAttribute' in timeType && timeType.timeAttribute === 'proctime';
        const shift = this.shiftFor(node.input.schema, node.timeIndex);
        return this.append(
          node,
          new WindowAssignerOperator({
            window: runtimeWindow(node.window),
            ...(proctime ? {} : { timeIndex: node.timeIndex }),
            ...(shift ? { shift } : {}),
          }),
        );
      }
      case 'WindowAggregate':
      case 'GroupWindowAggregate': {
        const calls = runtimeAggregateCalls(node.calls, node.input.schema, this.ctx);
        if (node.window.kind === 'SESSION') {
          return this.append(
            node,
            new SessionWindowAggregateOperator({
              keyIndexes: node.groupKeys,
              calls,
              gapMs: node.window.gap,
              timeIndex: node.timeIndex,
            }),
          );
        }
        const shift = this.shiftFor(node.input.schema, node.timeIndex);
        const spec = {
          name: node.kind,
          keyIndexes: node.groupKeys,
          calls,
          window: runtimeWindow(node.window),
          ...(node.proctime ? {} : { timeIndex: node.timeIndex }),
          ...(shift ? { shift } : {}),
        };
        return this.append(
          node,
          slicedHopSupported(node)
            ? new SlicedHopWindowAggregateOperator(spec)
            : new WindowAggregateOperator(spec),
        );
      }
      case 'GroupAggregate': {
        const spec = {
          keyIndexes: node.groupKeys,
          calls: runtimeAggregateCalls(node.calls, node.input.schema, this.ctx),
          generateUpdateBefore: node.generateUpdateBefore,
          insertOnlyInput: !isUpdating(node.input.changelogMode),
          ...(node.stateTtlMs === undefined ? {} : { stateTtlMs: node.stateTtlMs }),
        };
        const miniBatch = node.miniBatch;
        return this.append(
          node,
          miniBatch === undefined
            ? new GroupAggregateOperator(spec)
            : new MiniBatchGroupAggregateOperator({
                ...spec,
                bundleSize: miniBatch.size,
                allowLatencyMs: miniBatch.intervalMs,
              }),
        );
      }
      // Runs as nothing: each mini-batch operator flushes on its own processing-time timer, size and
      // watermarks, so there are no mini-batch watermarks to emit (mini-batch.ts).
      case 'MiniBatchAssigner':
        return this.append(node);
      case 'Expand':
        return this.append(node, new ExpandOperator({ nulledColumns: node.nulledColumns }));
      case 'ChangelogNormalize':
        return this.append(
          node,
          new ChangelogNormalizeOperator({
            keyIndexes: node.keys,
            generateUpdateBefore: node.changelogMode.kinds.includes('UB'),
            ...(node.filter ? { filter: compilePredicate(node.filter, this.ctx) } : {}),
            ...this.stateTtl(),
          }),
        );
      case 'Sink':
        return this.sink(node);
      case 'Join':
      case 'IntervalJoin':
      case 'WindowJoin':
      case 'TemporalJoin':
      case 'LateralSnapshotJoin': {
        const left = this.materialize(this.chain(node.left), node.left.kind);
        const right = this.materialize(this.chain(node.right), node.right.kind);
        return { upstream: [left, right], ops: [twoInputOperator(node, this.operatorEnv())] };
      }
      default:
        return this.append(node, singleInputOperator(node, this.operatorEnv()));
    }
  }

  /** `{ stateTtlMs }` from `table.exec.state.ttl`, or nothing when state is kept forever. */
  private stateTtl(): { stateTtlMs?: number } {
    const ttl = stateTtlFromConfig(this.options.config);
    return ttl === undefined ? {} : { stateTtlMs: ttl };
  }

  private operatorEnv(): OperatorEnv {
    const ttl = stateTtlFromConfig(this.options.config);
    return {
      ctx: this.ctx,
      connectors: this.options.connectors,
      config: this.options.config,
      ...(ttl === undefined ? {} : { stateTtlMs: ttl }),
    };
  }

  private emitStrategy(node: PhysicalNode): 'on-event' | 'on-periodic' {
    let scan: PhysicalNode = node;
    while (scan.kind !== 'TableSourceScan' && 'input' in scan) scan = scan.input;
    const option = scan.kind === 'TableSourceScan' ? scan.options['scan.watermark.emit.strategy'] : undefined;
    // Per-event emission is deterministic and never later than periodic emission.
    return option === 'on-periodic' ? 'on-periodic' : 'on-event';
  }

  private sink(node: SinkNode): PendingChain {
    const ops: Operator[] = [];
    const persisted = node.table.columns.filter(
      (c) => c.kind === 'physical' || (c.kind === 'metadata' && !c.virtual),
    );
    const width = persisted.length;
    const reorder = node.targetColumns.length !== width || node.targetColumns.some((t, i) => t !== i);
    if (reorder) {
      const positions = node.targetColumns;
      ops.push(
        new CalcOperator({
          name: 'SinkColumns',
          projection: (row) => {
            const out = new Array<unknown>(width).fill(null);
            for (let i = 0; i < positions.length; i++) out[positions[i]!] = row[i];
            return out;
          },
        }),
      );
    }
    const pk = node.primaryKey?.map((i) => node.targetColumns[i]!);
    if (node.upsertMaterialize && pk) ops.push(new SinkUpsertMaterializer({ keyIndexes: pk }));
    const fields = persisted.map((c) => ({ name: c.name, type: c.type }));
    const upsert = node.accepts === 'upsert' && pk !== undefined;
    ops.push(
      this.options.connectors.createSink(
        { path: node.path, table: node.table, options: node.options },
        {
          fields,
          changelogMode: node.changelogMode,
          ...(upsert ? { primaryKey: pk } : {}),
          config: this.options.config,
        },
      ),
    );
    return this.append(node, ...ops);
  }
}

export function buildJob(roots: readonly PhysicalNode[], options: BuildOptions): BuiltJob {
  return new JobBuilder(options).build(roots);
}
