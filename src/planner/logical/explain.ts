/**
 * `explainLogical`: the logical plan as an indented tree, one node per line with its arguments and
 * output schema, e.g. `Project(a=[$0], b=[+($1, 1)]) => [a INT, b BIGINT]`. Expressions print in
 * Calcite's RexNode style ($i for inputs, prefix calls).
 */
import type { BoundExpr } from '../../expr/bound.ts';
import { formatType } from '../../expr/types.ts';
import type {
  AggregateCall,
  BoundPattern,
  FrameBoundSpec,
  LogicalPlan,
  Schema,
  SortKey,
  WindowSpec,
} from './nodes.ts';
import { ptfText } from './process-table-function.ts';
import { inputsOf } from './visit.ts';

function literalText(value: unknown): string {
  if (value === null) return 'null';
  if (typeof value === 'string') return `'${value.replace(/'/g, "''")}'`;
  if (typeof value === 'bigint') return value.toString();
  if (value instanceof Uint8Array) return `X'${Buffer.from(value).toString('hex').toUpperCase()}'`;
  if (Array.isArray(value)) return `[${value.map(literalText).join(', ')}]`;
  if (typeof value === 'object') return JSON.stringify(value);
  return String(value);
}

export function formatBoundExpr(e: BoundExpr): string {
  switch (e.kind) {
    case 'input':
      return `$${e.index}`;
    case 'literal': {
      const k = e.type.kind;
      const plain = k === 'INT' || k === 'BOOLEAN' || k === 'CHAR' || k === 'NULL';
      return plain ? literalText(e.value) : `${literalText(e.value)}:${formatType(e.type)}`;
    }
    case 'call':
      return `${e.name}(${e.args.map(formatBoundExpr).join(', ')})`;
    case 'cast':
      return `${e.mode === 'try_cast' ? 'TRY_CAST' : 'CAST'}(${formatBoundExpr(e.operand)} AS ${formatType(e.type)})`;
    case 'case':
      return `CASE(${[...e.branches.flatMap((b) => [b.when, b.result]), e.otherwise].map(formatBoundExpr).join(', ')})`;
    case 'field':
      return `${formatBoundExpr(e.operand)}.${e.operand.type.kind === 'ROW' ? (e.operand.type.fields[e.index]?.name ?? e.index) : e.index}`;
    case 'item':
      return `${formatBoundExpr(e.operand)}[${formatBoundExpr(e.key)}]`;
    case 'symbol':
      return e.returning ? `FLAG(${e.name} ${formatType(e.returning)})` : `FLAG(${e.name})`;
  }
}

const schemaText = (s: Schema): string => `[${s.map((f) => `${f.name} ${formatType(f.type)}`).join(', ')}]`;
const keysText = (keys: readonly number[]): string => `{${keys.join(', ')}}`;
const sortText = (keys: readonly SortKey[]): string =>
  keys.map((k) => `$${k.index} ${k.direction} NULLS ${k.nulls}`).join(', ');

function callText(c: AggregateCall): string {
  const args = [
    ...(c.distinct ? ['DISTINCT'] : []),
    ...c.args.map((a) => `$${a}`),
    ...c.constants.map(formatBoundExpr),
  ].join(' ');
  const filterText = c.filterArg === undefined ? '' : ` FILTER $${c.filterArg}`;
  return `${c.name}=[${c.fn}(${args})${filterText}]`;
}

function windowText(w: WindowSpec): string {
  switch (w.kind) {
    case 'TUMBLE':
      return `TUMBLE(size=[${w.size}ms]${w.offset ? `, offset=[${w.offset}ms]` : ''})`;
    case 'HOP':
      return `HOP(slide=[${w.slide}ms], size=[${w.size}ms]${w.offset ? `, offset=[${w.offset}ms]` : ''})`;
    case 'CUMULATE':
      return `CUMULATE(step=[${w.step}ms], max_size=[${w.maxSize}ms]${w.offset ? `, offset=[${w.offset}ms]` : ''})`;
    case 'SESSION':
      return `SESSION(gap=[${w.gap}ms])`;
  }
}

const boundText = (b: FrameBoundSpec): string =>
  `${b.offset === undefined ? '' : `${b.offset} `}${b.kind.replace(/_/g, ' ')}`;

function patternText(p: BoundPattern): string {
  switch (p.kind) {
    case 'Variable':
      return p.name;
    case 'Concat':
      return p.items.map(patternText).join(' ');
    case 'Alternation':
      return `(${p.items.map(patternText).join(' | ')})`;
    case 'Quantified': {
      const q =
        p.min === 0 && p.max === undefined
          ? '*'
          : p.min === 1 && p.max === undefined
            ? '+'
            : p.min === 0 && p.max === 1
              ? '?'
              : `{${p.min},${p.max ?? ''}}`;
      return `${patternText(p.operand)}${q}${p.reluctant ? '?' : ''}`;
    }
  }
}

function nodeText(plan: LogicalPlan): string {
  switch (plan.kind) {
    case 'Scan':
      return `Scan(table=[${plan.path.catalog}.${plan.path.database}.${plan.path.name}]${Object.keys(plan.hintOptions).length > 0 ? `, options=${JSON.stringify(plan.hintOptions)}` : ''})`;
    case 'Values':
      return `Values(tuples=[${plan.rows.map((r) => `{ ${r.map(formatBoundExpr).join(', ')} }`).join(', ')}])`;
    case 'Project':
      return `Project(${plan.exprs.map((e, i) => `${plan.schema[i]!.name}=[${formatBoundExpr(e)}]`).join(', ')})`;
    case 'Filter':
      return `Filter(condition=[${formatBoundExpr(plan.condition)}])`;
    case 'WatermarkAssigner':
      return `WatermarkAssigner(rowtime=[${plan.schema[plan.rowtimeIndex]!.name}], watermark=[${formatBoundExpr(plan.watermark)}])`;
    case 'WindowTableFunction':
      return `WindowTableFunction(window=[${windowText(plan.window)}], timecol=[$${plan.timeIndex}]${plan.partitionKeys.length > 0 ? `, partition=[${keysText(plan.partitionKeys)}]` : ''})`;
    case 'Aggregate': {
      const parts = [`group=[${keysText(plan.groupKeys)}]`];
      if (plan.groupingSets)
        parts.push(
          `groups=[${plan.groupingSets.map((s) => keysText(s.map((k) => plan.groupKeys[k]!))).join(', ')}]`,
        );
      if (plan.window) parts.push(`window=[${windowText(plan.window.spec)} on $${plan.window.timeIndex}]`);
      parts.push(...plan.calls.map(callText));
      if (plan.windowProperties.length > 0) parts.push(`properties=[${plan.windowProperties.join(', ')}]`);
      return `Aggregate(${parts.join(', ')})`;
    }
    case 'Join': {
      const temporal = plan.temporal
        ? `, temporal=[${plan.temporal.proctime ? 'proctime' : 'rowtime'} ${formatBoundExpr(plan.temporal.period)}]`
        : '';
      return `Join(joinType=[${plan.joinType}], condition=[${formatBoundExpr(plan.condition)}]${temporal})`;
    }
    case 'Correlate': {
      const call =
        plan.call.kind === 'Unnest'
          ? `UNNEST(${plan.call.exprs.map(formatBoundExpr).join(', ')})${plan.call.withOrdinality ? ' WITH ORDINALITY' : ''}`
          : `${plan.call.name}(${plan.call.args.map(formatBoundExpr).join(', ')})`;
      const cond = plan.condition ? `, condition=[${formatBoundExpr(plan.condition)}]` : '';
      return `Correlate(call=[${call}], joinType=[${plan.joinType}]${cond})`;
    }
    case 'Union':
      return 'Union(all=[true])';
    case 'Intersect':
    case 'Except':
      return `${plan.kind}(all=[${plan.all}])`;
    case 'Sort':
      return `Sort(${sortText(plan.keys)})`;
    case 'Limit':
      return `Limit(offset=[${plan.offset}]${plan.fetch === undefined ? '' : `, fetch=[${plan.fetch}]`})`;
    case 'Over':
      return `Over(${plan.groups
        .map(
          (g) =>
            `window=[partition ${keysText(g.partitionKeys)} order [${sortText(g.orderKeys)}] ${g.frame.unit} BETWEEN ${boundText(g.frame.start)} AND ${boundText(g.frame.end)} aggs [${g.calls.map(callText).join(', ')}]]`,
        )
        .join(', ')})`;
    case 'MatchRecognize':
      return `MatchRecognize(partition=[${keysText(plan.partitionKeys)}], order=[${sortText(plan.orderKeys)}], pattern=[${patternText(plan.pattern)}], measures=[${plan.measures.map((m) => `${formatBoundExpr(m.expr)} AS ${m.name}`).join(', ')}], define=[${plan.defines.map((d) => `${d.variable} AS ${formatBoundExpr(d.condition)}`).join(', ')}])`;
    case 'ProcessTableFunction': // process-table-function.ts
      return ptfText(plan);
    case 'Sink':
      return `Sink(table=[${plan.path.catalog}.${plan.path.database}.${plan.path.name}]${plan.overwrite ? ', overwrite=[true]' : ''})`;
  }
}

export function explainLogical(plan: LogicalPlan): string {
  const lines: string[] = [];
  const walk = (node: LogicalPlan, depth: number) => {
    lines.push(`${'  '.repeat(depth)}${nodeText(node)} => ${schemaText(node.schema)}`);
    for (const input of inputsOf(node)) walk(input, depth + 1);
  };
  walk(plan, 0);
  return lines.join('\n');
}
