/**
 * Nested projection push-down, as an analysis: which fields of each ROW column a source produces are
 * read at all. Column pruning (rules/projection-pruning.ts) already narrows a scan to the columns a
 * query uses, but a ROW column stays whole: `bid.price` keeps all of `bid`. This walks the physical
 * plan from the sinks down and records, per produced column of each TableSourceScan, the ROW fields
 * read through field access (`$3.price`) — or that the value is used whole. A source may then build
 * only those fields (the nexmark generator skips unread strings); the others are never read.
 *
 * Only Calc, WatermarkAssigner and the scan itself pass field-level demand through; every other
 * operator, and any expression that uses a ROW value other than through a field access, counts as
 * reading the whole value, so the result is conservative.
 */
import type { BoundExpr } from '../../expr/bound.ts';
import { type PhysicalNode, physicalInputs, type TableSourceScanNode } from './nodes.ts';

/** Per column: not read (undefined), read whole ('all'), or only these ROW field indices. */
type ColumnDemand = 'all' | Set<number> | undefined;

/**
 * For each scan, per produced column: the ascending ROW field indices read, or undefined when the
 * column is read whole (or is not a ROW). An empty array: the column is not read at all.
 */
export type SourceFieldReads = ReadonlyMap<TableSourceScanNode, readonly (readonly number[] | undefined)[]>;

function merge(into: ColumnDemand[], column: number, demand: ColumnDemand): void {
  if (demand === undefined) return;
  const current = into[column];
  if (current === 'all') return;
  if (demand === 'all') {
    into[column] = 'all';
    return;
  }
  if (current === undefined) into[column] = new Set(demand);
  else for (const f of demand) current.add(f);
}

/** Records what `expr` reads of its input's columns into `into`. */
function exprDemand(expr: BoundExpr, into: ColumnDemand[]): void {
  switch (expr.kind) {
    case 'input':
      merge(into, expr.index, 'all');
      return;
    case 'field':
      if (expr.operand.kind === 'input') merge(into, expr.operand.index, new Set([expr.index]));
      else exprDemand(expr.operand, into);
      return;
    case 'literal':
    case 'symbol':
      return;
    case 'call':
      for (const a of expr.args) exprDemand(a, into);
      return;
    case 'cast':
      exprDemand(expr.operand, into);
      return;
    case 'case':
      for (const b of expr.branches) {
        exprDemand(b.when, into);
        exprDemand(b.result, into);
      }
      exprDemand(expr.otherwise, into);
      return;
    case 'item':
      exprDemand(expr.operand, into);
      exprDemand(expr.key, into);
      return;
  }
}

/** What `node` reads of its (single) input, given what its consumers read of its output. */
function inputDemand(node: PhysicalNode, output: readonly ColumnDemand[]): ColumnDemand[] {
  const input = physicalInputs(node)[0]!;
  const demand: ColumnDemand[] = new Array(input.schema.length).fill(undefined);
  if (node.kind === 'Calc') {
    if (node.condition) exprDemand(node.condition, demand);
    // Every projection is evaluated, read or not, so its operands are needed either way; a bare
    // column passes its consumers' demand through.
    node.projection.forEach((e, i) => {
      if (e.kind === 'input') merge(demand, e.index, output[i]);
      else exprDemand(e, demand);
    });
  } else if (node.kind === 'WatermarkAssigner') {
    output.forEach((d, i) => {
      merge(demand, i, d);
    });
    merge(demand, node.rowtimeIndex, 'all');
    exprDemand(node.watermark, demand);
  } else if (node.kind === 'MiniBatchAssigner') {
    output.forEach((d, i) => {
      merge(demand, i, d);
    });
  }
  return demand;
}

/** Nodes in an order where every node comes after all nodes that consume it. */
function consumersFirst(roots: readonly PhysicalNode[]): PhysicalNode[] {
  const seen = new Set<PhysicalNode>();
  const postOrder: PhysicalNode[] = [];
  const visit = (node: PhysicalNode): void => {
    if (seen.has(node)) return;
    seen.add(node);
    for (const input of physicalInputs(node)) visit(input);
    postOrder.push(node);
  };
  for (const root of roots) visit(root);
  return postOrder.reverse();
}

export function sourceFieldReads(roots: readonly PhysicalNode[]): SourceFieldReads {
  const demands = new Map<PhysicalNode, ColumnDemand[]>();
  const result = new Map<TableSourceScanNode, (readonly number[] | undefined)[]>();
  const allOf = (node: PhysicalNode): ColumnDemand[] => node.schema.map(() => 'all');
  for (const node of consumersFirst(roots)) {
    const output = demands.get(node) ?? allOf(node);
    if (node.kind === 'TableSourceScan') {
      result.set(
        node,
        node.schema.map((field, i) => {
          const d = output[i];
          if (field.type.kind !== 'ROW' || d === 'all') return undefined;
          return d === undefined ? [] : [...d].sort((a, b) => a - b);
        }),
      );
      continue;
    }
    const passesFields =
      node.kind === 'Calc' || node.kind === 'WatermarkAssigner' || node.kind === 'MiniBatchAssigner';
    for (const input of physicalInputs(node)) {
      const wanted = passesFields ? inputDemand(node, output) : allOf(input);
      const existing = demands.get(input);
      if (existing === undefined) demands.set(input, wanted);
      else
        wanted.forEach((d, i) => {
          merge(existing, i, d);
        });
    }
  }
  return result;
}
