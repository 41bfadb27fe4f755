/**
 * `FROM t, LATERAL (SELECT ... FROM UNNEST(t.arr) AS u(x) WHERE ...)` (and `[LEFT] JOIN LATERAL (...)
 * ON ...`): the subquery's UNNEST reads a column of the table before it, so the subquery cannot be
 * planned on its own and joined. As Calcite decorrelates it, the UNNEST's Correlate takes the left
 * side as its input instead of the single empty row, the subquery's WHERE (its correlated conditions
 * included) and the join's ON condition become the Correlate's condition, and the subquery's SELECT
 * list becomes a projection on top that keeps the left columns.
 *
 * For a LEFT join, a left row none of whose elements passes the condition is kept once with nulls in
 * every subquery column, computed ones included (`SELECT 'x' AS c ...` gives null there, not 'x'):
 * the Correlate's ordinality, null only in such padded rows, tells them apart.
 */
import { B, type BoundExpr, transform } from '../../expr/bound.ts';
import { T, withNullability } from '../../expr/types.ts';
import type { JoinRef, SubqueryRef } from '../../sql/ast.ts';
import { project } from '../logical/builders.ts';
import type { Correlate, Field, LogicalPlan } from '../logical/nodes.ts';
import { typedCall } from './calls.ts';
import { validationError } from './errors.ts';
import { OUTER_REF } from './expr-binder.ts';
import type { BoundQuery, BoundRelation } from './relation.ts';
import type { ScopeTable } from './scope.ts';

export interface LateralUnnestJoin {
  readonly ref: JoinRef;
  readonly subquery: SubqueryRef;
  readonly left: BoundRelation;
  readonly sub: BoundQuery;
  /** The UNNESTs of the subquery that read the left side (from-binder.ts, bindUnnest). */
  readonly unnests: readonly Correlate[];
  /** Conditions of the subquery's WHERE that read the left side, over the subquery's FROM row. */
  readonly correlations: readonly BoundExpr[];
  readonly joinType: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL';
  /** Binds the join's ON condition over the given tables (undefined when there is none or it is TRUE). */
  readonly bindOn: (tables: readonly ScopeTable[]) => BoundExpr | undefined;
}

const UNSUPPORTED =
  'A LATERAL subquery that unnests a column of the query around it is supported only as SELECT ... FROM UNNEST(...) [WHERE ...] (no joins, aggregation, DISTINCT, ORDER BY or LIMIT)';
const UNSUPPORTED_HINT =
  'Unnest in the outer query instead: FROM t CROSS JOIN UNNEST(t.arr) AS u(x) WHERE ..., or LEFT JOIN UNNEST(t.arr) AS u(x) ON ...';

/** Decorrelates the lateral subquery of `j` into a Correlate over the left side (see the file comment). */
export function decorrelateLateralUnnest(j: LateralUnnestJoin): BoundRelation {
  const { left, sub, subquery } = j;
  if (j.joinType !== 'INNER' && j.joinType !== 'LEFT') {
    throw validationError(
      `${j.joinType} JOIN with a lateral table function or UNNEST is not supported; use INNER or LEFT JOIN`,
      j.ref.span,
    );
  }
  const joinType = j.joinType;
  const unnest = j.unnests.length === 1 ? j.unnests[0]! : undefined;
  const steps = unnest === undefined ? undefined : stepsDownTo(sub.plan, unnest);
  if (unnest === undefined || steps === undefined || unnest.call.kind !== 'Unnest') {
    throw validationError(UNSUPPORTED, subquery.query.span, UNSUPPORTED_HINT);
  }
  const call = unnest.call;
  const lw = left.plan.schema.length;
  const nullable = (f: Field): Field =>
    joinType === 'LEFT' ? { name: f.name, type: withNullability(f.type, true) } : f;
  // the ordinality column is null exactly in the rows a LEFT Correlate pads
  const addsOrdinality = joinType === 'LEFT' && !call.withOrdinality;
  // the unnested columns under the names the subquery gave them (its Values input has no columns)
  const unnested = unnest.callSchema.map((f, i) => ({
    name: unnest.schema[i]?.name ?? f.name,
    type: f.type,
  }));
  const callSchema: Field[] = addsOrdinality
    ? [...unnested, { name: 'ORDINALITY', type: T.int(false) }]
    : unnested;
  const schema: Field[] = [...left.plan.schema, ...callSchema.map(nullable)];
  // the unnested columns as the subquery saw them (its FROM row), now after the left columns
  const fromRow: BoundExpr[] = unnest.schema.map((_, i) => B.input(lw + i, schema[lw + i]!.type));
  const conditions: BoundExpr[] = [];
  let columns = fromRow;
  for (const step of steps) {
    if (step.kind === 'Filter') conditions.push(onLeftInput(step.condition, columns));
    else columns = step.exprs.map((e) => onLeftInput(e, columns));
  }
  conditions.push(...j.correlations.map((c) => onLeftInput(c, fromRow)));

  const visible = sub.names.length;
  const alias = subquery.alias;
  const names = alias && alias.columns.length > 0 ? alias.columns.map((c) => c.value) : sub.names;
  if (names.length !== visible) {
    throw validationError(
      `List of column aliases must have same degree as table; table has ${visible} columns`,
      alias!.span,
    );
  }
  const ordinality = B.input(schema.length - 1, schema[schema.length - 1]!.type);
  const rightExprs = columns.slice(0, visible);
  const outputs = rightExprs.map((e) => (joinType === 'LEFT' ? nullWherePadded(e, lw, ordinality) : e));
  const rightFields: Field[] = outputs.map((e, i) => ({ name: names[i]!, type: e.type }));
  const rightTable: ScopeTable = { alias: alias?.name.value ?? '', fields: rightFields, offset: lw };
  const tables = [...left.tables, rightTable];
  const on = j.bindOn(tables);
  // ON reads the subquery's columns as computed for each element, before any padding
  if (on !== undefined) {
    conditions.push(
      transform(on, (n) => (n.kind === 'input' && n.index >= lw ? rightExprs[n.index - lw] : undefined)),
    );
  }
  const correlate: Correlate = {
    kind: 'Correlate',
    input: left.plan,
    call: {
      ...call,
      exprs: call.exprs.map((e) => onLeftInput(e, [])),
      withOrdinality: call.withOrdinality || addsOrdinality,
    },
    callSchema,
    joinType,
    ...(conditions.length === 0
      ? {}
      : { condition: conditions.reduce((a, b) => typedCall('AND', [a, b], j.ref.span)) }),
    schema,
  };
  const plan: LogicalPlan = project(
    correlate,
    [...left.plan.schema.map((f, i) => B.input(i, f.type)), ...outputs],
    [...left.plan.schema.map((f) => f.name), ...names],
  );
  return { plan, tables };
}

type Step = Extract<LogicalPlan, { kind: 'Filter' | 'Project' }>;

/** The Filters and Projects from just above `unnest` up to `plan`, bottom first; undefined otherwise. */
function stepsDownTo(plan: LogicalPlan, unnest: Correlate): Step[] | undefined {
  const steps: Step[] = [];
  let node = plan;
  while (node !== unnest) {
    if (node.kind !== 'Filter' && node.kind !== 'Project') return undefined;
    steps.push(node);
    node = node.input;
  }
  // the UNNEST stands alone in the subquery's FROM: its input is the single empty row
  if (unnest.input.kind !== 'Values' || unnest.input.schema.length !== 0) return undefined;
  return steps.reverse();
}

/**
 * `e`, bound in the subquery (its inputs: the subquery row, whose columns are `columns`; `$OUTER(i)`:
 * column i of the left side), rewritten over the Correlate's row: left columns, then unnested ones.
 */
function onLeftInput(e: BoundExpr, columns: readonly BoundExpr[]): BoundExpr {
  // outer references first, to negative placeholders, so that the second pass tells them apart
  const marked = transform(e, (n) =>
    n.kind === 'call' && n.name === OUTER_REF && n.args[0]?.kind === 'input'
      ? B.input(-1 - n.args[0].index, n.type)
      : undefined,
  );
  return transform(marked, (n) => {
    if (n.kind !== 'input') return undefined;
    if (n.index < 0) return B.input(-1 - n.index, n.type);
    const column = columns[n.index];
    if (column === undefined) throw new Error(`Subquery column $${n.index} is outside its row`);
    return column;
  });
}

/** `e` in a LEFT Correlate's output: null in padded rows (an unnested column already is). */
function nullWherePadded(e: BoundExpr, leftWidth: number, ordinality: BoundExpr): BoundExpr {
  if (e.kind === 'input' && e.index >= leftWidth) return e;
  const type = withNullability(e.type, true);
  const padded = B.call('IS NULL', [ordinality], T.boolean(false));
  return B.caseWhen([{ when: padded, result: B.literal(null, type) }], e, type);
}
