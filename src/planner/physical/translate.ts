/**
 * Logical → physical translation. Adjacent Project/Filter become one Calc; a windowing TVF followed
 * by GROUP BY window_start, window_end[, keys] becomes one WindowAggregate (as Flink's planner does);
 * a legacy GROUP BY TUMBLE/HOP/SESSION becomes a GroupWindowAggregate; GROUPING SETS become an
 * Expand below the GroupAggregate. Window and group aggregates whose operator output layout differs
 * from the logical one get a Calc on top that reorders the columns.
 */

import { B, type BoundExpr, inputsOf } from '../../expr/bound.ts';
import { T, withNullability } from '../../expr/types.ts';
import { SqlError } from '../../sql/errors.ts';
import type { Aggregate, Field, LogicalPlan, Schema, Sink, WindowTableFunction } from '../logical/nodes.ts';
import { isDeterministic } from '../rules/expr-utils.ts';
import { INSERT_ONLY, isInsertOnly, RETRACT } from './changelog-mode.ts';
import type { ConnectorRegistry } from './connectors.ts';
import { parseDuration } from './durations.ts';
import { translateMatchRecognize } from './match-recognize.ts';
import {
  calc,
  expand,
  groupAggregate,
  union,
  watermarkAssigner,
  windowAggregate,
  windowTableFunction,
} from './node-builders.ts';
import type { ChangelogNormalizeNode, PhysicalNode, SinkNode, TableSourceScanNode } from './nodes.ts';
import { booleanOption } from './options.ts';
import { isSourceWatermark, withSourceWatermark } from './source-watermark.ts';
import { splitDistinctAggregate, splitsDistinct } from './split-distinct.ts';
import { translateJoin } from './translate-joins.ts';
import { translateOrdered } from './translate-ordered.ts';
import { translateProcessTableFunction } from './translate-ptf.ts';
import { rankPattern, translateRank } from './translate-rank.ts';

export interface TranslateOptions {
  readonly connectors: ConnectorRegistry;
  readonly config: ReadonlyMap<string, string>;
  /** STATE_TTL hint / `table.exec.state.ttl` in ms applied to group aggregates. */
  readonly stateTtlMs?: number;
}

export function planningError(message: string, hint?: string): SqlError {
  return new SqlError({ code: 'PLANNING', message, ...(hint === undefined ? {} : { hint }) });
}

const identity = (schema: Schema): BoundExpr[] => schema.map((f, i) => B.input(i, f.type));

const windowFieldTypes = (timeType: Field['type']): Field[] => {
  const isLtz = timeType.kind === 'TIMESTAMP_LTZ';
  const wt = isLtz ? T.timestampLtz(3, false, 'rowtime') : T.timestamp(3, false, 'rowtime');
  return [
    { name: 'window_start', type: T.timestamp(3, false) },
    { name: 'window_end', type: T.timestamp(3, false) },
    { name: 'window_time', type: wt },
  ];
};

export class Translator {
  constructor(readonly options: TranslateOptions) {}

  translate(plan: LogicalPlan): PhysicalNode {
    switch (plan.kind) {
      case 'Scan':
        return this.scan(plan);
      case 'Values':
        return {
          kind: 'Values',
          rows: plan.rows,
          schema: plan.schema,
          changelogMode: INSERT_ONLY,
          uniqueKeys: [],
          upsertKeys: [],
        };
      case 'Project': {
        const rank = plan.input.kind === 'Filter' ? rankPattern(plan.input) : undefined;
        if (rank && plan.input.kind === 'Filter') {
          const width = rank.over.input.schema.length;
          const used = plan.exprs.some((e) => inputsOf(e).includes(width));
          return calc(translateRank(this, plan.input, rank, used), plan.exprs, plan.schema);
        }
        if (plan.input.kind === 'Filter') {
          const input = this.translate(plan.input.input);
          return calc(input, plan.exprs, plan.schema, plan.input.condition);
        }
        return calc(this.translate(plan.input), plan.exprs, plan.schema);
      }
      case 'Filter': {
        const rank = rankPattern(plan);
        if (rank) return translateRank(this, plan, rank, true);
        const input = this.translate(plan.input);
        // Flink pushes a filter over an upsert source into its ChangelogNormalize
        if (input.kind === 'ChangelogNormalize' && !input.filter && isDeterministic(plan.condition))
          return { ...input, filter: plan.condition };
        return calc(input, identity(plan.input.schema), plan.schema, plan.condition);
      }
      case 'WatermarkAssigner':
        // SOURCE_WATERMARK(): the source emits watermarks, no assigner (source-watermark.ts)
        if (isSourceWatermark(plan.watermark))
          return withSourceWatermark(
            this.translate(plan.input),
            plan.rowtimeIndex,
            plan.schema,
            this.options.connectors,
          );
        return watermarkAssigner(this.translate(plan.input), plan.rowtimeIndex, plan.watermark, plan.schema);
      case 'Union':
        return union(
          plan.inputs.map((i) => this.translate(i)),
          plan.schema,
        );
      case 'WindowTableFunction': {
        if (plan.window.kind === 'SESSION') {
          throw planningError(
            'A SESSION window TVF must be followed by a GROUP BY window_start, window_end aggregation',
          );
        }
        return windowTableFunction(this.translate(plan.input), plan.window, plan.timeIndex, plan.schema);
      }
      case 'Aggregate':
        return this.aggregate(plan);
      case 'Sink':
        return this.sink(plan);
      case 'Join':
        return translateJoin(this, plan);
      case 'MatchRecognize': // MATCH_RECOGNIZE: src/planner/physical/match-recognize.ts
        return translateMatchRecognize(this, plan);
      case 'ProcessTableFunction': // TO_CHANGELOG, FROM_CHANGELOG, ...: translate-ptf.ts
        return translateProcessTableFunction(this, plan);
      default:
        return translateOrdered(this, plan);
    }
  }

  private scan(plan: Extract<LogicalPlan, { kind: 'Scan' }>): PhysicalNode {
    const options = { ...plan.table.options, ...plan.hintOptions };
    const connectorTable = { path: plan.path, table: plan.table, options };
    const mode = this.options.connectors.sourceChangelogMode(connectorTable);
    const pkNames = plan.table.primaryKey?.columns ?? [];
    const pk = pkNames.map((n) => plan.columns.findIndex((c) => plan.table.columns[c]!.name === n));
    const keys = pk.length > 0 && pk.every((i) => i >= 0) ? [pk] : [];
    const scan: TableSourceScanNode = {
      kind: 'TableSourceScan',
      path: plan.path,
      table: plan.table,
      columns: plan.columns,
      options,
      schema: plan.schema,
      changelogMode: mode,
      uniqueKeys: keys,
      upsertKeys: keys,
    };
    // `table.exec.source.cdc-events-duplicate`: a CDC source may repeat events, so Flink
    // deduplicates its changelog by primary key with a ChangelogNormalize, as for upsert sources.
    const cdcDuplicates =
      booleanOption(this.options.config, 'table.exec.source.cdc-events-duplicate', false) && keys.length > 0;
    if (isInsertOnly(mode) || (mode.kinds.includes('UB') && !cdcDuplicates)) return scan;
    // An upsert source (no -U): Flink normalizes it into a retract stream keyed by the primary key.
    if (keys.length === 0) {
      throw planningError(
        `Table '${plan.path.catalog}.${plan.path.database}.${plan.path.name}' produces upserts (changelog-mode ${mode.kinds.join(',')}) but has no PRIMARY KEY`,
        'Declare PRIMARY KEY (...) NOT ENFORCED on the table',
      );
    }
    const normalize: ChangelogNormalizeNode = {
      kind: 'ChangelogNormalize',
      input: scan,
      keys: keys[0]!,
      schema: plan.schema,
      changelogMode: RETRACT,
      uniqueKeys: keys,
      upsertKeys: keys,
    };
    return normalize;
  }

  private aggregate(plan: Aggregate): PhysicalNode {
    if (plan.window) {
      const input = this.translate(plan.input);
      const node = windowAggregate(
        'GroupWindowAggregate',
        input,
        plan.groupKeys,
        plan.calls,
        plan.window.spec,
        plan.window.timeIndex,
        windowFieldTypes(plan.window.timeType),
      );
      const k = plan.groupKeys.length;
      const c = plan.calls.length;
      const exprs = [
        ...plan.groupKeys.map((_, i) => B.input(i, node.schema[i]!.type)),
        ...plan.calls.map((_, i) => B.input(k + i, node.schema[k + i]!.type)),
        ...plan.windowProperties.map((p) => {
          const at = k + c + (p === 'start' ? 0 : p === 'end' ? 1 : 2);
          return B.input(at, node.schema[at]!.type);
        }),
      ];
      return calc(node, exprs, plan.schema);
    }
    if (plan.input.kind === 'WindowTableFunction') {
      const windowed = this.windowTvfAggregate(plan, plan.input);
      if (windowed) return windowed;
    }
    if (plan.groupingSets && plan.groupingSets.length > 0) return this.groupingSets(plan);
    const input = this.translate(plan.input);
    // table.optimizer.distinct-agg.split.enabled: partial + final aggregates (split-distinct.ts)
    const ttl = plan.stateTtlMs ?? this.options.stateTtlMs;
    if (splitsDistinct(plan, this.options.config)) return splitDistinctAggregate(plan, input, ttl);
    return groupAggregate(input, plan.groupKeys, plan.calls, plan.schema, ttl);
  }

  /** TVF + GROUP BY window_start, window_end[, keys]: one WindowAggregate over the TVF's input. */
  private windowTvfAggregate(plan: Aggregate, tvf: WindowTableFunction): PhysicalNode | undefined {
    const width = tvf.input.schema.length;
    const keys = plan.groupKeys;
    if (!keys.includes(width) || !keys.includes(width + 1) || plan.groupingSets) return undefined;
    if (
      plan.calls.some(
        (c) => c.args.some((a) => a >= width) || (c.filterArg !== undefined && c.filterArg >= width),
      )
    )
      return undefined;
    const plainKeys = keys.filter((k) => k < width);
    const input = this.translate(tvf.input);
    const node = windowAggregate(
      'WindowAggregate',
      input,
      plainKeys,
      plan.calls,
      tvf.window,
      tvf.timeIndex,
      tvf.schema.slice(width),
    );
    const k = plainKeys.length;
    const c = plan.calls.length;
    const at = (i: number): BoundExpr => B.input(i, node.schema[i]!.type);
    const exprs = [
      ...keys.map((key) => (key < width ? at(plainKeys.indexOf(key)) : at(k + c + (key - width)))),
      ...plan.calls.map((_, i) => at(k + i)),
    ];
    return calc(node, exprs, plan.schema);
  }

  /** GROUPING SETS: Expand (keys outside a set nulled, set id appended), GroupAggregate, Calc. */
  private groupingSets(plan: Aggregate): PhysicalNode {
    const input = this.translate(plan.input);
    const sets = plan.groupingSets!;
    const nulled = sets.map((set) => plan.groupKeys.filter((_, pos) => !set.includes(pos)));
    const expandSchema: Field[] = [
      ...input.schema.map((f, i) =>
        plan.groupKeys.includes(i) ? { name: f.name, type: withNullability(f.type, true) } : f,
      ),
      { name: '$e', type: T.int(false) },
    ];
    const expanded = expand(input, nulled, expandSchema);
    const setIdIndex = input.schema.length;
    const aggKeys = [...plan.groupKeys, setIdIndex];
    const calls = plan.calls.filter((call) => call.fn !== 'GROUPING' && call.fn !== 'GROUPING_ID');
    const aggSchema: Field[] = [
      ...aggKeys.map((i) => expandSchema[i]!),
      ...calls.map((call) => ({ name: call.name, type: call.type })),
    ];
    const agg = groupAggregate(
      expanded,
      aggKeys,
      calls,
      aggSchema,
      plan.stateTtlMs ?? this.options.stateTtlMs,
    );
    const k = plan.groupKeys.length;
    const setId = B.input(k, T.int(false));
    const exprs: BoundExpr[] = [...plan.groupKeys.map((_, i) => B.input(i, aggSchema[i]!.type))];
    let next = 0;
    for (const call of plan.calls) {
      if (call.fn === 'GROUPING' || call.fn === 'GROUPING_ID') {
        // GROUPING(a, b): bit i set when argument i is not grouped in the row's set, as a BIGINT.
        const branches = sets.map((set, id) => {
          let bits = 0n;
          call.args.forEach((pos, i) => {
            if (!set.includes(pos)) bits |= 1n << BigInt(call.args.length - 1 - i);
          });
          return {
            when: B.call('=', [setId, B.literal(id, T.int(false))], T.boolean(false)),
            result: B.literal(bits, T.bigint(false)),
          };
        });
        exprs.push(B.caseWhen(branches, B.literal(0n, T.bigint(false)), T.bigint(false)));
      } else {
        exprs.push(B.input(k + 1 + next, aggSchema[k + 1 + next]!.type));
        next++;
      }
    }
    return calc(agg, exprs, plan.schema);
  }

  private sink(plan: Sink): SinkNode {
    const input = this.translate(plan.input);
    const options = { ...plan.table.options, ...plan.hintOptions };
    const accepts = this.options.connectors.sinkAcceptance({ path: plan.path, table: plan.table, options });
    const persisted = plan.table.columns.filter(
      (c) => c.kind === 'physical' || (c.kind === 'metadata' && !c.virtual),
    );
    const pkNames = plan.table.primaryKey?.columns ?? [];
    const primaryKey = pkNames.map((n) =>
      plan.targetColumns.indexOf(persisted.findIndex((c) => c.name === n)),
    );
    const pk = primaryKey.length > 0 && primaryKey.every((i) => i >= 0) ? primaryKey : undefined;
    return {
      kind: 'Sink',
      input,
      path: plan.path,
      table: plan.table,
      targetColumns: plan.targetColumns,
      options,
      accepts,
      ...(pk === undefined ? {} : { primaryKey: pk }),
      upsertMaterialize: false,
      schema: plan.schema,
      changelogMode: input.changelogMode,
      uniqueKeys: input.uniqueKeys,
      upsertKeys: input.upsertKeys,
    };
  }
}

/** `table.exec.state.ttl` (or Confluent's `sql.state-ttl` set in a script) in ms (0 = forever). */
export function stateTtlFromConfig(config: ReadonlyMap<string, string>): number | undefined {
  const text = config.get('table.exec.state.ttl') ?? config.get('sql.state-ttl');
  if (text === undefined) return undefined;
  const ms = parseDuration(text);
  return ms > 0 ? ms : undefined;
}
