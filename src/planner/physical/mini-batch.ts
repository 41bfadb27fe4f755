/**
 * Flink's mini-batch (`table.exec.mini-batch.enabled`, `allow-latency`, `size`) for unbounded
 * aggregates: every GroupAggregate (both levels of a split distinct aggregate too) runs as a
 * mini-batch operator (runtime/operators/mini-batch-group-aggregate.ts), and a MiniBatchAssigner
 * node goes where Flink's MiniBatchIntervalInferRule puts it: right above each source scan, or above
 * the source's WatermarkAssigner, below the first node that is not a source's own. Mode ProcTime:
 * RowTime is for plans whose mini-batch consumers need watermarks (mini-batch window operators),
 * which are not supported here; window aggregates, joins and deduplication are left as they are.
 *
 * As in Flink, where the sink's mini-batch interval is inherited by every input down to the sources,
 * a plan with a mini-batch aggregate gets the assigner above every source, on every branch: a branch
 * without one would otherwise differ from its twin and lose sub-plan reuse (Nexmark q5 computed its
 * HOP counts twice). A plan without mini-batch aggregates is left as it is.
 */
import type { GroupAggregateNode, MiniBatchAssignerNode, PhysicalNode } from './nodes.ts';
import { isTwoInput } from './nodes.ts';
import { type MiniBatchSettings, miniBatchSettings } from './options.ts';

/** The roots with mini-batch applied; unchanged when `table.exec.mini-batch.enabled` is off. */
export function applyMiniBatch(
  roots: readonly PhysicalNode[],
  config: ReadonlyMap<string, string>,
): readonly PhysicalNode[] {
  const settings = miniBatchSettings(config);
  if (settings === undefined || !roots.some(hasGroupAggregate)) return roots;
  return new MiniBatchRewriter(settings).rewriteAll(roots);
}

function hasGroupAggregate(node: PhysicalNode): boolean {
  if (node.kind === 'GroupAggregate') return true;
  if (node.kind === 'Union') return node.inputs.some(hasGroupAggregate);
  if (isTwoInput(node)) return hasGroupAggregate(node.left) || hasGroupAggregate(node.right);
  return 'input' in node && hasGroupAggregate(node.input);
}

class MiniBatchRewriter {
  /** Rewritten nodes, separately for "below a mini-batch aggregate" (assigners added) or not. */
  private readonly below = new Map<PhysicalNode, PhysicalNode>();
  private readonly outside = new Map<PhysicalNode, PhysicalNode>();

  constructor(private readonly settings: MiniBatchSettings) {}

  rewriteAll(roots: readonly PhysicalNode[]): PhysicalNode[] {
    return roots.map((r) => this.rewrite(r, true));
  }

  private rewrite(node: PhysicalNode, underMiniBatch: boolean): PhysicalNode {
    const memo = underMiniBatch ? this.below : this.outside;
    const done = memo.get(node);
    if (done !== undefined) return done;
    const result = this.rewriteNode(node, underMiniBatch);
    memo.set(node, result);
    return result;
  }

  private rewriteNode(node: PhysicalNode, underMiniBatch: boolean): PhysicalNode {
    switch (node.kind) {
      case 'GroupAggregate': {
        const aggregate: GroupAggregateNode = {
          ...node,
          input: this.rewrite(node.input, true),
          miniBatch: { intervalMs: this.settings.intervalMs, size: this.settings.size },
        };
        return aggregate;
      }
      case 'TableSourceScan':
        return underMiniBatch ? this.assigner(node) : node;
      case 'WatermarkAssigner':
        // the watermark assigner and what is below it belong to the source: the assigner goes above
        return underMiniBatch ? this.assigner(node) : node;
      case 'Values':
        return node;
      case 'Union':
        return { ...node, inputs: node.inputs.map((i) => this.rewrite(i, underMiniBatch)) };
      default:
        if (isTwoInput(node)) {
          return {
            ...node,
            left: this.rewrite(node.left, underMiniBatch),
            right: this.rewrite(node.right, underMiniBatch),
          };
        }
        return { ...node, input: this.rewrite(node.input, underMiniBatch) } as PhysicalNode;
    }
  }

  private assigner(input: PhysicalNode): MiniBatchAssignerNode {
    return {
      kind: 'MiniBatchAssigner',
      input,
      intervalMs: this.settings.intervalMs,
      mode: 'ProcTime',
      schema: input.schema,
      changelogMode: input.changelogMode,
      uniqueKeys: input.uniqueKeys,
      upsertKeys: input.upsertKeys,
    };
  }
}
