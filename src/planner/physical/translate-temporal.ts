/**
 * `JOIN t FOR SYSTEM_TIME AS OF probe.time`:
 * - on processing time: a LookupJoin, as Flink plans it for a lookup source: the dimension table is
 *   not streamed; filters and plain projections above its scan become part of the lookup's condition
 *   and output mapping; equalities between a dimension column and a probe expression are the lookup
 *   keys;
 * - on event time: a TemporalJoin against the versioned table (its primary key must be among the
 *   equi-keys; its rowtime orders the versions).
 */
import { B, type BoundExpr } from '../../expr/bound.ts';
import { typeEquals, withNullability, withoutTimeAttribute } from '../../expr/types.ts';
import type { Join, LogicalPlan, Scan, Schema } from '../logical/nodes.ts';
import { and, remap } from '../rules/expr-utils.ts';
import { INSERT_ONLY, isInsertOnly, RETRACT } from './changelog-mode.ts';
import { dropAddedColumns, joinedSchema, shiftRight, splitEquiKeys, withKeyColumns } from './join-keys.ts';
import { calc } from './node-builders.ts';
import type { LookupJoinNode, PhysicalNode, TemporalJoinNode } from './nodes.ts';
import { planningError, type Translator } from './translate.ts';

export function translateTemporalJoin(t: Translator, plan: Join): PhysicalNode {
  if (plan.joinType !== 'INNER' && plan.joinType !== 'LEFT') {
    throw planningError(
      `A temporal join (FOR SYSTEM_TIME AS OF) must be an INNER or LEFT join, not ${plan.joinType}`,
    );
  }
  return plan.temporal?.proctime ? lookupJoin(t, plan) : eventTimeJoin(t, plan);
}

interface DimScan {
  readonly scan: Scan;
  /** For each field of the join's right input: the scan field it is. */
  readonly fieldMap: number[];
  /** Filters over the scan's fields. */
  readonly filters: BoundExpr[];
}

/** Peels plain projections and filters off the dimension side down to its Scan. */
function dimScanOf(plan: LogicalPlan): DimScan | undefined {
  switch (plan.kind) {
    case 'Scan':
      return { scan: plan, fieldMap: plan.schema.map((_, i) => i), filters: [] };
    case 'Filter': {
      const inner = dimScanOf(plan.input);
      if (!inner) return undefined;
      return { ...inner, filters: [...inner.filters, remap(plan.condition, (i) => inner.fieldMap[i]!)] };
    }
    case 'WatermarkAssigner':
      return dimScanOf(plan.input);
    case 'Project': {
      const inner = dimScanOf(plan.input);
      if (!inner || !plan.exprs.every((e) => e.kind === 'input')) return undefined;
      const fieldMap = plan.exprs.map((e) => inner.fieldMap[(e as { index: number }).index]!);
      return { ...inner, fieldMap };
    }
    default:
      return undefined;
  }
}

function lookupJoin(t: Translator, plan: Join): PhysicalNode {
  const dim = dimScanOf(plan.right);
  if (!dim) {
    throw planningError(
      'A processing-time temporal join needs a lookup table (a table scan, optionally filtered) on its right side',
      'Join the table directly: JOIN dim FOR SYSTEM_TIME AS OF probe.proc_time AS d ON ...',
    );
  }
  const probe = t.translate(plan.left);
  const pw = plan.left.schema.length;
  const toDim = (e: BoundExpr): BoundExpr => remap(e, (i) => (i < pw ? i : pw + dim.fieldMap[i - pw]!));
  const split = splitEquiKeys(plan.condition, pw);
  const lookupKeys: { probe: BoundExpr; dimField: number }[] = [];
  const rest: BoundExpr[] = [...split.rest.map(toDim)];
  split.leftKeys.forEach((l, i) => {
    const r = split.rightKeys[i]!;
    const equality = B.call('=', [l, remap(r, (x) => pw + dim.fieldMap[x]!)], plan.condition.type);
    const column = dimColumnOf(r);
    if (column === undefined) {
      rest.push(equality);
      return;
    }
    // the key is looked up in the dimension column's own type: cast the probe side, not the column,
    // and keep the equality in the common type, which a narrowing cast could otherwise fool
    const dimType = withoutTimeAttribute(plan.right.schema[column]!.type);
    if (typeEquals(withoutTimeAttribute(l.type), dimType, true)) {
      lookupKeys.push({ probe: l, dimField: dim.fieldMap[column]! });
    } else {
      lookupKeys.push({
        probe: B.cast(l, withNullability(dimType, l.type.nullable)),
        dimField: dim.fieldMap[column]!,
      });
      rest.push(equality);
    }
  });
  const scan = dim.scan;
  if (lookupKeys.length === 0) {
    throw planningError(
      `Temporal table join requires an equality condition on fields of table [${scan.path.catalog}.${scan.path.database}.${scan.path.name}]`,
      'Add an ON condition equating a column of the lookup table with a probe expression, e.g. ON o.k = d.k',
    );
  }
  rest.push(...dim.filters.map((f) => remap(f, (i) => i + pw)));
  const options = { ...scan.table.options, ...scan.hintOptions };
  const dimSchema: Schema = scan.schema;
  const node: LookupJoinNode = {
    kind: 'LookupJoin',
    input: probe,
    joinType: plan.joinType as 'INNER' | 'LEFT',
    path: scan.path,
    table: scan.table,
    options,
    columns: scan.columns,
    dimSchema,
    lookupKeys,
    ...(rest.length > 0 ? { condition: and(rest) } : {}),
    ...(materializes(t, probe) ? { materialize: materializeKey(probe) } : {}),
    schema: joinedSchema(probe.schema, dimSchema, plan.joinType, true),
    changelogMode: probe.changelogMode,
    uniqueKeys: [],
    upsertKeys: [],
  };
  const exprs = [
    ...plan.left.schema.map((_, i) => B.input(i, node.schema[i]!.type)),
    ...dim.fieldMap.map((f) => B.input(pw + f, node.schema[pw + f]!.type)),
  ];
  return calc(node, exprs, plan.schema);
}

/** The right-input column a key expression reads, directly or through a cast (from key unification). */
function dimColumnOf(e: BoundExpr): number | undefined {
  if (e.kind === 'input') return e.index;
  if (e.kind === 'cast' && e.operand.kind === 'input') return e.operand.index;
  return undefined;
}

/**
 * Flink's non-deterministic-update handling: under TRY_RESOLVE an updating probe gets a materialized
 * lookup join, since a retraction looked up again may find other dimension rows than its insert did.
 */
function materializes(t: Translator, probe: PhysicalNode): boolean {
  const strategy = t.options.config.get('table.optimizer.non-deterministic-update.strategy');
  return strategy?.trim().toUpperCase() === 'TRY_RESOLVE' && !isInsertOnly(probe.changelogMode);
}

function materializeKey(probe: PhysicalNode): { keyIndexes?: readonly number[] } {
  const key = probe.upsertKeys[0];
  return key === undefined ? {} : { keyIndexes: key };
}

const rowtimeIndex = (schema: Schema): number =>
  schema.findIndex((f) => 'timeAttribute' in f.type && f.type.timeAttribute === 'rowtime');

function eventTimeJoin(t: Translator, plan: Join): PhysicalNode {
  const lw = plan.left.schema.length;
  const rw = plan.right.schema.length;
  const period = plan.temporal!.period;
  const leftTime = period.kind === 'input' ? period.index : -1;
  const rightTime = rowtimeIndex(plan.right.schema);
  if (leftTime < 0 || rightTime < 0) {
    throw planningError(
      'An event-time temporal join needs a rowtime attribute on both sides: FOR SYSTEM_TIME AS OF the left rowtime, and a versioned table with a WATERMARK',
    );
  }
  const right = t.translate(plan.right);
  const pk = right.uniqueKeys[0];
  const split = splitEquiKeys(plan.condition, lw);
  if (!pk || split.rightKeys.length === 0) {
    throw planningError(
      'Temporal Table Join requires primary key in versioned table, but no primary key can be found',
      'Declare PRIMARY KEY (...) NOT ENFORCED on the versioned table and join on it',
    );
  }
  const l = withKeyColumns(t.translate(plan.left), split.leftKeys);
  const r = withKeyColumns(right, split.rightKeys);
  const rest = split.rest.map((c) => shiftRight(c, lw, l.added));
  const node: TemporalJoinNode = {
    kind: 'TemporalJoin',
    joinType: plan.joinType as 'INNER' | 'LEFT',
    eventTime: true,
    left: l.node,
    right: r.node,
    leftKeys: l.keys,
    rightKeys: r.keys,
    filterNulls: split.filterNulls,
    ...(rest.length > 0 ? { condition: and(rest) } : {}),
    leftTimeIndex: leftTime,
    rightTimeIndex: rightTime,
    schema: joinedSchema(l.node.schema, r.node.schema, plan.joinType, true),
    changelogMode: isInsertOnly(l.node.changelogMode) ? INSERT_ONLY : RETRACT,
    uniqueKeys: [],
    upsertKeys: [],
  };
  return dropAddedColumns(node, lw, l.added, rw, r.added, plan.schema, false);
}
