/**
 * Scans of one table that projection pruning narrowed to different columns (the two inputs of a
 * self-join, the branches of a UNION ALL) read the union of their columns instead, each with a
 * Project above selecting its own, as Flink's ScanReuser does: the physical sub-plan reuse then
 * shares one source (sub-plan-reuse.ts) rather than reading the table once per scan, and a
 * non-deterministic source (datagen's random rows) still feeds every consumer the same rows.
 * Runs once over the whole plan after the rules reach their fixed point.
 */
import type { LogicalPlan, Scan } from '../logical/nodes.ts';
import { transformPlan, visitPlan } from '../logical/visit.ts';
import { positions, selectFrom, sortedUnique } from './column-maps.ts';

/** Scans of the same table, options and temporariness are one source to the physical reuse. */
function sourceKey(scan: Scan): string {
  const { catalog, database, name } = scan.path;
  const hints = Object.entries(scan.hintOptions).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify([catalog, database, name, scan.temporary, hints]);
}

const sameColumns = (a: readonly number[], b: readonly number[]): boolean =>
  a.length === b.length && a.every((c, i) => c === b[i]);

/** The widened scan of each group whose scans read different columns. */
function widenedScans(plan: LogicalPlan): Map<string, Scan> {
  const groups = new Map<string, Scan[]>();
  visitPlan(plan, (node) => {
    if (node.kind !== 'Scan') return true;
    const key = sourceKey(node);
    const group = groups.get(key);
    if (group) group.push(node);
    else groups.set(key, [node]);
    return true;
  });
  const widened = new Map<string, Scan>();
  for (const [key, scans] of groups) {
    const first = scans[0]!;
    if (scans.every((s) => sameColumns(s.columns, first.columns))) continue;
    const columns = sortedUnique(scans.flatMap((s) => s.columns));
    const fieldOf = (column: number) => {
      for (const s of scans) {
        const at = s.columns.indexOf(column);
        if (at >= 0) return s.schema[at]!;
      }
      throw new Error(`Scan widening lost column ${column} of ${first.path.name}; this is a planner bug`);
    };
    widened.set(key, { ...first, columns, schema: columns.map(fieldOf) });
  }
  return widened;
}

export function widenScansForReuse(plan: LogicalPlan): LogicalPlan {
  const widened = widenedScans(plan);
  if (widened.size === 0) return plan;
  return transformPlan(plan, (node) => {
    if (node.kind !== 'Scan') return undefined;
    const wide = widened.get(sourceKey(node));
    if (!wide) return undefined;
    if (sameColumns(node.columns, wide.columns)) return wide;
    return selectFrom(
      wide,
      node.columns,
      positions(wide.columns),
      node.schema.map((f) => f.name),
    );
  });
}
