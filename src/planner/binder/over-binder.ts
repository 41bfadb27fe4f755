/** OVER windows (inline and named) → an Over node; ROW_NUMBER/RANK ... bind like aggregates. */
import { B, type BoundExpr } from '../../expr/bound.ts';
import type { Expr, FrameBound, FunctionCall, NamedWindow, OrderItem, WindowSpec } from '../../sql/ast.ts';
import { project } from '../logical/builders.ts';
import type {
  AggregateCall,
  FrameBoundSpec,
  LogicalPlan,
  Over,
  OverGroup,
  SortKey,
} from '../logical/nodes.ts';
import { aggregateResultType } from './aggregate-types.ts';
import { astKey } from './ast-key.ts';
import { calciteTypeName, materialized } from './calls.ts';
import { validationError } from './errors.ts';
import type { ExprBinder } from './expr-binder.ts';
import { AGGREGATE_FUNCTIONS, RANKING_FUNCTIONS } from './function-kinds.ts';
import { isTimeAttribute } from './windows.ts';

interface ResolvedSpec {
  readonly partitionBy: readonly Expr[];
  readonly orderBy: readonly OrderItem[];
  readonly frame?: WindowSpec['frame'];
}

function resolveSpec(
  over: WindowSpec | { kind: 'Identifier'; value: string; span: Expr['span'] },
  windows: readonly NamedWindow[],
  depth = 0,
): ResolvedSpec {
  if (over.kind === 'Identifier') {
    const named = windows.find((w) => w.name.value === over.value);
    if (!named) throw validationError(`Window '${over.value}' not found`, over.span);
    return resolveSpec(named.spec, windows, depth + 1);
  }
  if (!over.baseWindow || depth > windows.length) return over;
  const base = resolveSpec(
    { kind: 'Identifier', value: over.baseWindow.value, span: over.baseWindow.span },
    windows,
    depth + 1,
  );
  return {
    partitionBy: over.partitionBy.length > 0 ? over.partitionBy : base.partitionBy,
    orderBy: over.orderBy.length > 0 ? over.orderBy : base.orderBy,
    ...(over.frame ? { frame: over.frame } : base.frame ? { frame: base.frame } : {}),
  };
}

function frameBound(b: FrameBound, binder: ExprBinder): FrameBoundSpec {
  const kind = b.bound.replace(/ /g, '_') as FrameBoundSpec['kind'];
  if (!b.offset) return { kind };
  const v = binder.with({ replacements: new Map(), grouped: false }).bind(b.offset);
  const n = v.kind === 'literal' ? (typeof v.value === 'bigint' ? Number(v.value) : v.value) : undefined;
  if (typeof n !== 'number' || n < 0) {
    throw validationError(
      'Window frame offsets must be non-negative constants (a row count or an interval)',
      b.offset.span,
    );
  }
  return { kind, offset: n };
}

export interface OverBinding {
  readonly plan: LogicalPlan;
  readonly replacements: ReadonlyMap<string, BoundExpr>;
}

export function bindOver(
  calls: readonly FunctionCall[],
  input: LogicalPlan,
  binder: ExprBinder,
  windows: readonly NamedWindow[],
  streaming: boolean,
): OverBinding {
  const width = input.schema.length;
  const pre: BoundExpr[] = input.schema.map((f, i) => B.input(i, f.type));
  const names = input.schema.map((f) => f.name);
  const indexOf = (e: BoundExpr): number => {
    if (e.kind === 'input' && e.index < width) return e.index;
    pre.push(e);
    names.push(`$f${pre.length - 1}`);
    return pre.length - 1;
  };
  const groups = new Map<
    string,
    {
      partitionKeys: number[];
      orderKeys: SortKey[];
      frame: OverGroup['frame'];
      calls: { call: AggregateCall; ast: FunctionCall }[];
    }
  >();
  const unique: FunctionCall[] = [];
  for (const c of calls) if (!unique.some((u) => astKey(u) === astKey(c))) unique.push(c);
  for (const call of unique) {
    const fn = call.name.parts.length === 1 ? call.name.parts[0]!.value.toUpperCase() : '';
    if (!AGGREGATE_FUNCTIONS.has(fn)) {
      throw validationError(
        `OVER clause is necessary only for window aggregate functions; '${fn}' is not an aggregate`,
        call.span,
      );
    }
    const spec = resolveSpec(call.over as WindowSpec, windows);
    const partitionKeys = spec.partitionBy.map((p) => indexOf(binder.bind(p)));
    const orderBound = spec.orderBy.map((o) => ({ o, bound: binder.bind(o.expr) }));
    const orderKeys: SortKey[] = orderBound.map(({ o, bound }) => {
      const dir = o.direction ?? 'ASC';
      return { index: indexOf(bound), direction: dir, nulls: o.nulls ?? (dir === 'ASC' ? 'FIRST' : 'LAST') };
    });
    const ranking = RANKING_FUNCTIONS.has(fn);
    if (ranking && orderKeys.length === 0) {
      throw validationError(
        'Over Agg: The window rank function without order by. please re-check the over window statement.',
        call.span,
      );
    }
    const frame: OverGroup['frame'] = spec.frame
      ? {
          unit: spec.frame.unit,
          start: frameBound(spec.frame.start, binder),
          end: spec.frame.end ? frameBound(spec.frame.end, binder) : { kind: 'CURRENT_ROW' },
        }
      : ranking
        ? { unit: 'ROWS', start: { kind: 'UNBOUNDED_PRECEDING' }, end: { kind: 'CURRENT_ROW' } }
        : orderKeys.length > 0
          ? { unit: 'RANGE', start: { kind: 'UNBOUNDED_PRECEDING' }, end: { kind: 'CURRENT_ROW' } }
          : { unit: 'ROWS', start: { kind: 'UNBOUNDED_PRECEDING' }, end: { kind: 'UNBOUNDED_FOLLOWING' } };
    // Flink 2.x runs an explicit RANGE BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW ordered by any
    // column (NonTimeRangeUnboundedPrecedingFunction)
    const unboundedRange =
      spec.frame !== undefined &&
      frame.unit === 'RANGE' &&
      frame.start.kind === 'UNBOUNDED_PRECEDING' &&
      frame.end.kind === 'CURRENT_ROW';
    if (streaming && !ranking && orderBound.length > 0 && !unboundedRange) {
      const first = orderBound[0]!;
      if (!isTimeAttribute(first.bound.type) || first.o.direction === 'DESC') {
        throw validationError(
          "OVER windows' ordering in stream mode must be defined on a time attribute.",
          first.o.span,
        );
      }
    }
    const argAsts =
      fn === 'LEAD' || fn === 'LAG' || fn === 'NTILE'
        ? call.args.slice(0, fn === 'NTILE' ? 0 : 1)
        : call.args;
    const constants = (
      fn === 'LEAD' || fn === 'LAG' ? call.args.slice(1) : fn === 'NTILE' ? call.args : []
    ).map((a) => binder.bind(a));
    const args = argAsts.map((a) => materialized(binder.bind(a)));
    const type = aggregateResultType(
      fn,
      args.map((a) => a.type),
      true,
    );
    if ('error' in type) {
      throw validationError(
        `Cannot apply '${fn}' to arguments of type '${fn}(${args.map((b) => `<${calciteTypeName(b.type)}>`).join(', ')})'. Supported form(s): ${type.signatures.map((s) => `'${s}'`).join('\n')}`,
        call.span,
      );
    }
    const key = JSON.stringify({ partitionKeys, orderKeys, frame });
    let group = groups.get(key);
    if (!group) {
      group = { partitionKeys, orderKeys, frame, calls: [] };
      groups.set(key, group);
    }
    group.calls.push({
      ast: call,
      call: { fn, args: args.map(indexOf), distinct: call.distinct, constants, type, name: '' },
    });
  }
  const base = pre.length > width ? project(input, pre, names) : input;
  const replacements = new Map<string, BoundExpr>();
  let next = base.schema.length;
  const overGroups: OverGroup[] = [...groups.values()].map((g, gi) => ({
    partitionKeys: g.partitionKeys,
    orderKeys: g.orderKeys,
    frame: g.frame,
    calls: g.calls.map(({ call, ast }, ci) => {
      const named = { ...call, name: `w${gi}$o${ci}` };
      replacements.set(astKey(ast), B.input(next++, call.type));
      return named;
    }),
  }));
  const plan: Over = {
    kind: 'Over',
    input: base,
    groups: overGroups,
    schema: [
      ...base.schema,
      ...overGroups.flatMap((g) => g.calls.map((c) => ({ name: c.name, type: c.type }))),
    ],
  };
  return { plan, replacements };
}
