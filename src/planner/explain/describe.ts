/**
 * One physical node as one line of Flink's EXPLAIN, without the changelog mode:
 * `GroupAggregate(groupBy=[a], select=[a, COUNT(*) AS cnt])`. Also used in planning errors.
 */
import type { AggregateCall, Schema, WindowSpec } from '../logical/nodes.ts';
import type { PhysicalNode } from '../physical/nodes.ts';
import { physicalInputs } from '../physical/nodes.ts';
import { describeProcessTableFunction } from '../physical/translate-ptf.ts';
import { describeJoin, describeOrdered } from './describe-more.ts';
import { formatExpr } from './format-expr.ts';

const names = (schema: Schema, indices: readonly number[]): string =>
  indices.map((i) => schema[i]?.name ?? `$${i}`).join(', ');

export function formatMillis(ms: number): string {
  const units: [number, string][] = [
    [86_400_000, 'd'],
    [3_600_000, 'h'],
    [60_000, 'min'],
    [1000, 's'],
  ];
  for (const [size, unit] of units) if (ms !== 0 && ms % size === 0) return `${ms / size} ${unit}`;
  return `${ms} ms`;
}

export function windowText(w: WindowSpec, timeCol: string): string {
  const offset = 'offset' in w && w.offset ? `, offset=[${formatMillis(w.offset)}]` : '';
  switch (w.kind) {
    case 'TUMBLE':
      return `TUMBLE(time_col=[${timeCol}], size=[${formatMillis(w.size)}]${offset})`;
    case 'HOP':
      return `HOP(time_col=[${timeCol}], size=[${formatMillis(w.size)}], slide=[${formatMillis(w.slide)}]${offset})`;
    case 'CUMULATE':
      return `CUMULATE(time_col=[${timeCol}], max_size=[${formatMillis(w.maxSize)}], step=[${formatMillis(w.step)}]${offset})`;
    case 'SESSION':
      return `SESSION(time_col=[${timeCol}], gap=[${formatMillis(w.gap)}])`;
  }
}

export function callText(c: AggregateCall, input: Schema): string {
  const args = c.args.length === 0 && c.fn === 'COUNT' ? '*' : names(input, c.args);
  const filter = c.filterArg === undefined ? '' : ` FILTER ${input[c.filterArg]?.name ?? `$${c.filterArg}`}`;
  return `${c.fn}(${c.distinct ? 'DISTINCT ' : ''}${args})${filter} AS ${c.name}`;
}

const pathText = (p: { catalog: string; database: string; name: string }): string =>
  `${p.catalog}.${p.database}.${p.name}`;

export function describeNode(node: PhysicalNode): string {
  const input = physicalInputs(node)[0]?.schema ?? [];
  const out = node.schema;
  switch (node.kind) {
    case 'TableSourceScan': {
      const all = node.table.columns.filter((c) => c.kind !== 'computed').length;
      const project = node.columns.length < all ? `, project=[${out.map((f) => f.name).join(', ')}]` : '';
      return `TableSourceScan(table=[[${node.path.catalog}, ${node.path.database}, ${node.path.name}${project}]], fields=[${out.map((f) => f.name).join(', ')}])`;
    }
    case 'Values':
      return `Values(tuples=[[${node.rows.map((r) => `{ ${r.map((e) => formatExpr(e, [])).join(', ')} }`).join(', ')}]], values=[${out.map((f) => f.name).join(', ')}])`;
    case 'Calc': {
      const select = node.projection
        .map((e, i) => {
          const text = formatExpr(e, input);
          return text === out[i]!.name ? text : `${text} AS ${out[i]!.name}`;
        })
        .join(', ');
      const where = node.condition ? `, where=[${formatExpr(node.condition, input)}]` : '';
      return `Calc(select=[${select}]${where})`;
    }
    case 'MiniBatchAssigner':
      return `MiniBatchAssigner(interval=[${node.intervalMs}ms], mode=[${node.mode}])`;
    case 'WatermarkAssigner':
      return `WatermarkAssigner(rowtime=[${input[node.rowtimeIndex]?.name}], watermark=[${formatExpr(node.watermark, input)}])`;
    case 'Union':
      return `Union(all=[true], union=[${out.map((f) => f.name).join(', ')}])`;
    case 'WindowTableFunction':
      return `WindowTableFunction(window=[${windowText(node.window, input[node.timeIndex]?.name ?? '?')}])`;
    case 'WindowAggregate':
    case 'GroupWindowAggregate': {
      const keys = node.groupKeys.length > 0 ? `groupBy=[${names(input, node.groupKeys)}], ` : '';
      const select = [
        ...node.groupKeys.map((k) => input[k]!.name),
        ...node.calls.map((c) => callText(c, input)),
        "start('w$) AS window_start",
        "end('w$) AS window_end",
        "rowtime('w$) AS window_time",
      ].join(', ');
      return `${node.kind}(${keys}window=[${windowText(node.window, input[node.timeIndex]?.name ?? '?')}], select=[${select}])`;
    }
    case 'GroupAggregate': {
      const keys = node.groupKeys.length > 0 ? `groupBy=[${names(input, node.groupKeys)}], ` : '';
      const select = [
        ...node.groupKeys.map((k) => input[k]!.name),
        ...node.calls.map((c) => callText(c, input)),
      ].join(', ');
      const ttl = node.stateTtlMs === undefined ? '' : `, stateTtl=[${formatMillis(node.stateTtlMs)}]`;
      return `GroupAggregate(${keys}select=[${select}]${ttl})`;
    }
    case 'Expand':
      return `Expand(projects=[${node.nulledColumns
        .map(
          (nulled, id) =>
            `{${input.map((f, i) => (nulled.includes(i) ? `null AS ${f.name}` : f.name)).join(', ')}, ${id} AS $e}`,
        )
        .join(', ')}])`;
    case 'ChangelogNormalize':
      return `ChangelogNormalize(key=[${names(input, node.keys)}]${node.filter ? `, condition=[${formatExpr(node.filter, input)}]` : ''})`;
    case 'Join':
    case 'IntervalJoin':
    case 'WindowJoin':
    case 'TemporalJoin':
    case 'LateralSnapshotJoin':
    case 'LookupJoin':
      return describeJoin(node);
    case 'Rank':
    case 'Limit':
    case 'SortLimit':
    case 'Deduplicate':
    case 'WindowRank':
    case 'WindowDeduplicate':
    case 'OverAggregate':
    case 'TemporalSort':
    case 'Correlate':
    case 'Match':
      return describeOrdered(node);
    case 'ProcessTableFunction': // translate-ptf.ts
      return describeProcessTableFunction(node);
    case 'Sink': {
      const materialize = node.upsertMaterialize ? ', upsertMaterialize=[true]' : '';
      const persisted = node.table.columns.filter(
        (c) => c.kind === 'physical' || (c.kind === 'metadata' && !c.virtual),
      );
      const fields = node.targetColumns.map((t) => persisted[t]?.name ?? '?');
      return `Sink(table=[${pathText(node.path)}], fields=[${fields.join(', ')}]${materialize})`;
    }
  }
}
