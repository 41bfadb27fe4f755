/**
 * `probe [LEFT] JOIN LATERAL SNAPSHOT(input => TABLE b, on_time => DESCRIPTOR(bts)
 * [, load_completed_time => ts]) AS s ON ...` (Flink 2.x): a join against a snapshot of `b` that is
 * loaded until b's watermark reaches `load_completed_time`. Binds to a logical Join marked
 * `lateralSnapshot`; src/planner/physical/translate-lateral-snapshot.ts plans it.
 */
import type { BoundExpr } from '../../expr/bound.ts';
import type { Expr, JoinRef, TableFunctionRef } from '../../sql/ast.ts';
import { join, TRUE } from '../logical/builders.ts';
import { calciteTypeName } from './calls.ts';
import { didYouMean, validationError } from './errors.ts';
import { ExprBinder } from './expr-binder.ts';
import { aliased, bindCondition, bindTableRef } from './from-binder.ts';
import type { BoundRelation, QueryEnv } from './relation.ts';
import { Scope } from './scope.ts';
import { isTimeAttribute } from './windows.ts';

const PARAMS = ['INPUT', 'ON_TIME', 'LOAD_COMPLETED_TIME'] as const;
const SIGNATURE =
  'SNAPSHOT(input => TABLE t, on_time => DESCRIPTOR(rowtime)[, load_completed_time => TIMESTAMP_LTZ(3)])';

export const isSnapshotCall = (ref: TableFunctionRef): boolean =>
  ref.call.name.parts.length === 1 && ref.call.name.parts[0]!.value.toUpperCase() === 'SNAPSHOT';

export function bindLateralSnapshotJoin(
  ref: JoinRef,
  snapshot: TableFunctionRef,
  left: BoundRelation,
  env: QueryEnv,
  joinType: 'INNER' | 'LEFT',
): BoundRelation {
  const call = snapshot.call;
  const args = new Map<string, Expr>();
  call.args.forEach((a, i) => {
    const name = a.kind === 'NamedArgument' ? a.name.value.toUpperCase() : PARAMS[i];
    if (name === undefined || !(PARAMS as readonly string[]).includes(name)) {
      throw validationError(`Invalid argument to SNAPSHOT. Signature: ${SIGNATURE}`, a.span);
    }
    args.set(name, a.kind === 'NamedArgument' ? a.value : a);
  });
  const input = args.get('INPUT');
  const onTime = args.get('ON_TIME');
  if (input?.kind !== 'TableArgument') {
    throw validationError(
      `SNAPSHOT needs input => TABLE t. Signature: ${SIGNATURE}`,
      input?.span ?? call.span,
    );
  }
  if (onTime?.kind !== 'DescriptorExpr' || onTime.columns.length !== 1) {
    throw validationError(
      `SNAPSHOT needs on_time => DESCRIPTOR(column). Signature: ${SIGNATURE}`,
      onTime?.span ?? call.span,
    );
  }
  const build = bindTableRef({ kind: 'TableName', name: input.name, hints: [], span: input.span }, env);
  const fields = build.plan.schema;
  const timeName = onTime.columns[0]!;
  const timeField = fields.find((f) => f.name === timeName.value);
  if (!timeField) {
    throw validationError(
      `Column '${timeName.value}' not found in any table`,
      timeName.span,
      didYouMean(
        timeName.value,
        fields.map((f) => f.name),
      ),
    );
  }
  if (!isTimeAttribute(timeField.type) || !('timeAttribute' in timeField.type)) {
    throw validationError(
      `The on_time column of SNAPSHOT must be a rowtime attribute of the input table, but '${timeName.value}' is ${calciteTypeName(timeField.type)}`,
      timeName.span,
      'declare a WATERMARK on the column',
    );
  }
  let loadCompletedTime: BoundExpr | undefined;
  const gate = args.get('LOAD_COMPLETED_TIME');
  if (gate) {
    loadCompletedTime = new ExprBinder({ scope: new Scope([]), clause: 'SNAPSHOT' }).bind(gate);
    const kind = loadCompletedTime.type.kind;
    if (kind !== 'TIMESTAMP_LTZ' && kind !== 'TIMESTAMP') {
      throw validationError(
        `load_completed_time of SNAPSHOT must be a TIMESTAMP_LTZ constant, but is ${calciteTypeName(loadCompletedTime.type)}`,
        gate.span,
      );
    }
  }
  const right = aliased(build.plan, snapshot.alias, input.name.parts.at(-1)?.value, undefined);
  const width = left.plan.schema.length;
  const tables = [...left.tables, ...right.tables.map((t) => ({ ...t, offset: t.offset + width }))];
  let condition: BoundExpr = TRUE;
  if (ref.condition?.kind === 'JoinOn') {
    const binder = new ExprBinder({ scope: new Scope(tables, env.outer), clause: 'ON' });
    condition = bindCondition(binder, ref.condition.condition, 'ON');
  } else if (ref.condition) {
    throw validationError('A LATERAL SNAPSHOT join takes an ON condition, not USING', ref.condition.span);
  }
  const plan = {
    ...join(joinType, left.plan, right.plan, condition),
    lateralSnapshot: loadCompletedTime === undefined ? {} : { loadCompletedTime },
  };
  const nullable = joinType === 'LEFT';
  return {
    plan,
    tables: tables.map((t, i) =>
      i >= left.tables.length && nullable
        ? { ...t, fields: plan.schema.slice(t.offset, t.offset + t.fields.length) }
        : t,
    ),
  };
}
