/**
 * MATCH_RECOGNIZE → MatchRecognize. Column references qualified by a pattern variable (`A.price`)
 * become `PATTERN_REF(symbol A, input)` calls; PREV/NEXT/FIRST/LAST, MATCH_ROWTIME/MATCH_PROCTIME,
 * CLASSIFIER and aggregates in MEASURES are typed here (the expression layer implements them).
 */
import { B, type BoundExpr, transform } from '../../expr/bound.ts';
import { T, withNullability } from '../../expr/types.ts';
import type { FunctionCall, MatchRecognizeRef, PatternTerm } from '../../sql/ast.ts';
import type { BoundPattern, Field, LogicalPlan, MatchRecognize, SortKey } from '../logical/nodes.ts';
import { aggregateResultType } from './aggregate-types.ts';
import { materialized } from './calls.ts';
import { validationError } from './errors.ts';
import { ExprBinder } from './expr-binder.ts';
import { AGGREGATE_FUNCTIONS } from './function-kinds.ts';
import type { BoundRelation, QueryEnv } from './relation.ts';
import { Scope, type ScopeTable } from './scope.ts';
import { intervalMillis, isTimeAttribute } from './windows.ts';

function boundPattern(p: PatternTerm, vars: Set<string>): BoundPattern {
  switch (p.kind) {
    case 'PatternVariable':
      vars.add(p.name.value);
      return { kind: 'Variable', name: p.name.value };
    case 'PatternConcat':
      return { kind: 'Concat', items: p.items.map((i) => boundPattern(i, vars)) };
    case 'PatternAlternation':
      return { kind: 'Alternation', items: p.items.map((i) => boundPattern(i, vars)) };
    case 'PatternGroup':
      return boundPattern(p.pattern, vars);
    case 'PatternQuantified': {
      const operand = boundPattern(p.operand, vars);
      return p.max === undefined
        ? { kind: 'Quantified', operand, min: p.min, reluctant: p.reluctant }
        : { kind: 'Quantified', operand, min: p.min, max: p.max, reluctant: p.reluctant };
    }
  }
}

const NAVIGATION = new Set(['PREV', 'NEXT', 'FIRST', 'LAST']);

export function bindMatchRecognize(mr: MatchRecognizeRef, input: BoundRelation, env: QueryEnv): LogicalPlan {
  const fields = input.plan.schema;
  const width = fields.length;
  const scope = new Scope(input.tables, env.outer);
  const plain = new ExprBinder({ scope, clause: 'MATCH_RECOGNIZE' });
  const partitionKeys = mr.partitionBy.map((p) => {
    const b = plain.bind(p);
    if (b.kind !== 'input')
      throw validationError('PARTITION BY of MATCH_RECOGNIZE accepts only column names', p.span);
    return b.index;
  });
  const orderKeys: SortKey[] = mr.orderBy.map((o) => {
    const b = plain.bind(o.expr);
    if (b.kind !== 'input')
      throw validationError('ORDER BY of MATCH_RECOGNIZE accepts only column names', o.span);
    const dir = o.direction ?? 'ASC';
    return { index: b.index, direction: dir, nulls: o.nulls ?? (dir === 'ASC' ? 'FIRST' : 'LAST') };
  });
  const first = orderKeys[0];
  if (!first || !isTimeAttribute(fields[first.index]!.type) || first.direction !== 'ASC') {
    throw validationError(
      'You must specify either rowtime or proctime for order by as the first one.',
      mr.orderBy[0]?.span ?? mr.span,
    );
  }
  if (mr.rowsPerMatch === 'ALL')
    throw validationError('All rows per match mode is not supported yet.', mr.span);

  const vars = new Set<string>();
  const pattern = boundPattern(mr.pattern, vars);
  const subsets = mr.subsets.map((s) => ({ name: s.name.value, variables: s.variables.map((v) => v.value) }));
  const varNames = [...vars, ...subsets.map((s) => s.name)];
  // each pattern variable is a virtual table laid after the input row; refs are rewritten below
  const varTables: ScopeTable[] = varNames.map((v, k) => ({
    alias: v,
    fields,
    offset: (k + 1) * width,
    hidden: new Set(fields.map((_, i) => i)),
  }));
  const varScope = new Scope([...input.tables, ...varTables], env.outer);
  const unvar = (e: BoundExpr): BoundExpr =>
    transform(e, (n) => {
      if (n.kind !== 'input' || n.index < width || width === 0) return undefined;
      const k = Math.floor(n.index / width) - 1;
      return B.call('PATTERN_REF', [B.symbol(varNames[k]!), B.input(n.index % width, n.type)], n.type);
    });
  const extraFunctions = (call: FunctionCall, binder: ExprBinder): BoundExpr | undefined => {
    const fn = call.name.parts.length === 1 ? call.name.parts[0]!.value.toUpperCase() : '';
    if (NAVIGATION.has(fn)) {
      const args = call.args.map((a) => binder.bind(a));
      if (args.length < 1 || args.length > 2) {
        throw validationError(
          `Invalid number of arguments to function '${fn}'. Was expecting 1 or 2 arguments`,
          call.span,
        );
      }
      return B.call(fn, args, withNullability(args[0]!.type, true));
    }
    if (fn === 'MATCH_ROWTIME') {
      const rowtime = fields.find(
        (f) => f.type.kind !== 'NULL' && 'timeAttribute' in f.type && f.type.timeAttribute === 'rowtime',
      );
      if (!rowtime)
        throw validationError('MATCH_ROWTIME() requires the input to have a rowtime attribute', call.span);
      return B.call(fn, [], { ...rowtime.type, nullable: false });
    }
    if (fn === 'MATCH_PROCTIME') return B.call(fn, [], T.timestampLtz(3, false, 'proctime'));
    if (fn === 'CLASSIFIER') return B.call(fn, [], T.string(false));
    if (fn === 'MATCH_NUMBER') return B.call(fn, [], T.bigint(false));
    if (AGGREGATE_FUNCTIONS.has(fn) && !call.over) {
      if (call.distinct) {
        throw validationError('Distinct aggregations are not supported in MATCH_RECOGNIZE', call.span);
      }
      const args = call.args.map((a) => materialized(binder.bind(a)));
      const type = aggregateResultType(
        fn,
        args.map((a) => a.type),
        true,
      );
      if ('error' in type)
        throw validationError(`Cannot apply '${fn}' to these arguments: ${type.error}`, call.span);
      return B.call(fn, args, type);
    }
    return undefined;
  };
  const varBinder = new ExprBinder({ scope: varScope, clause: 'MATCH_RECOGNIZE', extraFunctions });
  const defines = mr.define.map((d) => {
    if (!vars.has(d.variable.value)) {
      throw validationError(
        `Unknown pattern variable '${d.variable.value}' in DEFINE: it does not occur in PATTERN`,
        d.variable.span,
      );
    }
    const condition = unvar(varBinder.bind(d.condition));
    if (condition.type.kind !== 'BOOLEAN')
      throw validationError('DEFINE clause must be a condition', d.condition.span);
    return { variable: d.variable.value, condition };
  });
  const measures = mr.measures.map((m) => ({ name: m.alias.value, expr: unvar(varBinder.bind(m.expr)) }));
  let withinMillis: number | undefined;
  if (mr.within) withinMillis = intervalMillis(mr.within, 'WITHIN');
  const skip = mr.afterMatchSkip;
  const afterMatch: MatchRecognize['afterMatch'] = skip
    ? skip.to === 'VARIABLE'
      ? { to: 'LAST', variable: skip.variable!.value }
      : skip.variable
        ? { to: skip.to as 'FIRST' | 'LAST', variable: skip.variable.value }
        : { to: skip.to as 'PAST LAST ROW' | 'NEXT ROW' }
    : { to: 'PAST LAST ROW' };
  const schema: Field[] = [
    ...partitionKeys.map((i) => fields[i]!),
    ...measures.map((m) => ({ name: m.name, type: m.expr.type })),
  ];
  return {
    kind: 'MatchRecognize',
    input: input.plan,
    partitionKeys,
    orderKeys,
    pattern,
    measures,
    defines,
    subsets,
    rowsPerMatch: 'ONE',
    afterMatch,
    ...(withinMillis === undefined ? {} : { withinMillis }),
    schema,
  };
}
