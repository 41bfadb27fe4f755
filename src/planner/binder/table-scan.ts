/**
 * A catalog table as plan: Scan of its physical and metadata columns, a Project computing the
 * computed columns (in declaration order), and a WatermarkAssigner marking the rowtime column — the
 * shape Flink's planner produces for a table with computed columns and a watermark.
 */
import type { CatalogTable, ObjectPath } from '../../catalog/catalog.ts';
import { B, type BoundExpr } from '../../expr/bound.ts';
import { withoutTimeAttribute } from '../../expr/types.ts';
import { project } from '../logical/builders.ts';
import type { LogicalPlan, Scan } from '../logical/nodes.ts';
import { ExprBinder } from './expr-binder.ts';
import { Scope } from './scope.ts';

export function scanTable(
  path: ObjectPath,
  table: CatalogTable,
  temporary: boolean,
  hintOptions: Readonly<Record<string, string>>,
): LogicalPlan {
  const sourceIndices: number[] = [];
  table.columns.forEach((c, i) => {
    if (c.kind !== 'computed') sourceIndices.push(i);
  });
  const sourceFields = sourceIndices.map((i) => {
    const c = table.columns[i]!;
    return { name: c.name, type: withoutTimeAttribute(c.type) };
  });
  const scan: Scan = {
    kind: 'Scan',
    path,
    table,
    temporary,
    columns: sourceIndices,
    hintOptions,
    schema: sourceFields,
  };
  let plan: LogicalPlan = scan;
  const hasComputed = sourceIndices.length !== table.columns.length;
  if (hasComputed) {
    const scope = new Scope([{ alias: '', fields: sourceFields, offset: 0 }]);
    const binder = new ExprBinder({ scope, clause: 'computed column' });
    const exprs: BoundExpr[] = table.columns.map((c) => {
      if (c.kind === 'computed') return binder.bind(c.expr);
      const pos = sourceIndices.indexOf(table.columns.indexOf(c));
      return B.input(pos, sourceFields[pos]!.type);
    });
    plan = project(
      plan,
      exprs,
      table.columns.map((c) => c.name),
    );
  }
  const wm = table.watermark;
  if (wm) {
    const rowtimeIndex = table.columns.findIndex((c) => c.name === wm.rowtimeColumn);
    const fields = plan.schema;
    const scope = new Scope([{ alias: '', fields, offset: 0 }]);
    const watermark = new ExprBinder({ scope, clause: 'watermark' }).bind(wm.expr);
    const schema = fields.map((f, i) =>
      i === rowtimeIndex && (f.type.kind === 'TIMESTAMP' || f.type.kind === 'TIMESTAMP_LTZ')
        ? { name: f.name, type: { ...f.type, timeAttribute: 'rowtime' as const } }
        : f,
    );
    plan = { kind: 'WatermarkAssigner', input: plan, rowtimeIndex, watermark, schema };
  }
  return plan;
}
