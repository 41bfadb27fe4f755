/**
 * EXPLAIN output for physical plans, in Flink's layout:
 *
 *   == Optimized Physical Plan ==
 *   Sink(table=[default_catalog.default_database.s], fields=[a, cnt], changelogMode=[NONE])
 *   +- GroupAggregate(groupBy=[a], select=[a, COUNT(*) AS cnt], changelogMode=[I,UB,UA])
 *      +- TableSourceScan(table=[[default_catalog, default_database, t]], fields=[a], changelogMode=[I])
 *
 * Every node shows its changelog mode; updating nodes also show their upsert keys. The JSON form
 * (EXPLAIN JSON_EXECUTION_PLAN) lists the nodes for tools: id, type, description, inputs,
 * changelogMode and parallelism.
 */
import { explainLogical } from '../logical/explain.ts';
import type { LogicalPlan } from '../logical/nodes.ts';
import { formatChangelogMode, isUpdating } from '../physical/changelog-mode.ts';
import type { PhysicalNode } from '../physical/nodes.ts';
import { physicalInputs } from '../physical/nodes.ts';
import { sharedNodes } from '../physical/sub-plan-reuse.ts';
import { describeNode } from './describe.ts';

function keysText(node: PhysicalNode): string {
  if (node.kind === 'Sink' || !isUpdating(node.changelogMode) || node.upsertKeys.length === 0) return '';
  return `, upsertKeys=[${node.upsertKeys.map((k) => `[${k.map((i) => node.schema[i]?.name ?? `$${i}`).join(', ')}]`).join(', ')}]`;
}

/** One line per node: the description with changelogMode (and upsert keys) appended. */
export function nodeLine(node: PhysicalNode): string {
  const base = describeNode(node);
  const mode = node.kind === 'Sink' ? 'NONE' : formatChangelogMode(node.changelogMode);
  return `${base.slice(0, -1)}${keysText(node)}, changelogMode=[${mode}])`;
}

/**
 * The indented tree, with Flink's `+-` / `:-` connectors; `annotate` appends text to a node's line.
 * A shared node (sub-plan reuse) is printed in full once, with `reuse_id=[n]`, and as
 * `Reused(reference_id=[n])` wherever else it is consumed, as Flink prints reused sub-plans.
 */
export function physicalTree(
  roots: readonly PhysicalNode[],
  annotate: (node: PhysicalNode) => string = () => '',
): string {
  const lines: string[] = [];
  const shared = sharedNodes(roots);
  const reuseIds = new Map<PhysicalNode, number>();
  const walk = (node: PhysicalNode, prefix: string, connector: string): void => {
    const reused = reuseIds.get(node);
    if (reused !== undefined) {
      lines.push(`${prefix}${connector}Reused(reference_id=[${reused}])`);
      return;
    }
    let line = `${nodeLine(node)}`;
    if (shared.has(node)) {
      const id = reuseIds.size + 1;
      reuseIds.set(node, id);
      line = `${line.slice(0, -1)}, reuse_id=[${id}])`;
    }
    lines.push(`${prefix}${connector}${line}${annotate(node)}`);
    const inputs = physicalInputs(node);
    const childPrefix = prefix + (connector === '' ? '' : connector === ':- ' ? ':  ' : '   ');
    inputs.forEach((input, i) => {
      walk(input, childPrefix, i === inputs.length - 1 ? '+- ' : ':- ');
    });
  };
  for (const root of roots) walk(root, '', '');
  return lines.join('\n');
}

export interface ExplainInput {
  readonly logical: readonly LogicalPlan[];
  readonly physical: readonly PhysicalNode[];
}

/** `EXPLAIN [CHANGELOG_MODE] ...`: the bound (abstract) plan and the optimized physical plan. */
export function explainText(input: ExplainInput): string {
  return [
    '== Abstract Syntax Tree ==',
    input.logical.map(explainLogical).join('\n\n'),
    '',
    '== Optimized Physical Plan ==',
    physicalTree(input.physical),
    '',
  ].join('\n');
}

export interface JsonPlanNode {
  readonly id: number;
  readonly type: string;
  readonly description: string;
  readonly inputs: readonly number[];
  readonly changelogMode: string;
  readonly upsertKeys: readonly (readonly string[])[];
  readonly parallelism: number;
}

/** `EXPLAIN JSON_EXECUTION_PLAN ...`: nodes in topological order (inputs before consumers). */
export function explainJson(roots: readonly PhysicalNode[]): { nodes: JsonPlanNode[] } {
  const ids = new Map<PhysicalNode, number>();
  const nodes: JsonPlanNode[] = [];
  const visit = (node: PhysicalNode): number => {
    const known = ids.get(node);
    if (known !== undefined) return known;
    const inputs = physicalInputs(node).map(visit);
    const id = nodes.length + 1;
    ids.set(node, id);
    nodes.push({
      id,
      type: node.kind,
      description: describeNode(node),
      inputs,
      changelogMode: node.kind === 'Sink' ? 'NONE' : formatChangelogMode(node.changelogMode),
      upsertKeys: node.upsertKeys.map((k) => k.map((i) => node.schema[i]?.name ?? `$${i}`)),
      parallelism: 1,
    });
    return id;
  };
  for (const root of roots) visit(root);
  return { nodes };
}
