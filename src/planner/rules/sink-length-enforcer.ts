/**
 * Flink's `table.exec.sink.type-length-enforcer` defaults to IGNORE: values written to a
 * CHAR(n)/VARCHAR(n)/BINARY(n)/VARBINARY(n) sink column are neither trimmed nor padded. The binder
 * casts query columns to the sink types; here casts that only change the length of a character or
 * binary string, directly below a Sink, are dropped.
 */
import type { BoundExpr } from '../../expr/bound.ts';
import { isBinaryKind, isCharacterKind, type LogicalType } from '../../expr/types.ts';
import type { LogicalPlan } from '../logical/nodes.ts';
import type { Rule } from './driver.ts';

const sameFamily = (a: LogicalType, b: LogicalType): boolean =>
  (isCharacterKind(a.kind) && isCharacterKind(b.kind)) || (isBinaryKind(a.kind) && isBinaryKind(b.kind));

function unwrap(e: BoundExpr): BoundExpr {
  return e.kind === 'cast' && e.mode === 'cast' && sameFamily(e.operand.type, e.type) ? e.operand : e;
}

export const ignoreSinkLength: Rule = {
  name: 'SinkTypeLengthEnforcer',
  apply(node: LogicalPlan): LogicalPlan | undefined {
    if (node.kind !== 'Sink' || node.input.kind !== 'Project') return undefined;
    const project = node.input;
    const exprs = project.exprs.map(unwrap);
    if (exprs.every((e, i) => e === project.exprs[i])) return undefined;
    return { ...node, input: { ...project, exprs } };
  },
};
