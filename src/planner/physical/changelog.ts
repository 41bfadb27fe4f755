/**
 * Top-down changelog settlement, after translation: each consumer says whether it needs update
 * -before (-U) messages from its input, as Flink's FlinkChangelogModeInferenceProgram does:
 * - a retract sink (no primary key, accepting all kinds) needs -U; an upsert sink does not, unless
 *   the input's upsert key is not contained in the sink's primary key (then a SinkUpsertMaterializer
 *   is added, and it needs -U to remove rows);
 * - a GroupAggregate over updating input needs -U to retract; it emits -U only if its consumer needs it;
 * - a temporal join asks its versioned (right) side for updates without -U;
 * - Calc, Union, WatermarkAssigner, Expand and window TVFs pass the requirement on.
 * Sinks that accept inserts only and window aggregates reject updating input with a PLANNING error
 * naming the node that produces the updates.
 */
import { describeNode } from '../explain/describe.ts';
import { isInsertOnly, isUpdating, unionModes, withoutUpdateBefore } from './changelog-mode.ts';
import type { PhysicalNode, SinkNode } from './nodes.ts';
import { physicalInputs } from './nodes.ts';
import { planningError } from './translate.ts';
import { ptfNeedsUpdateBefore } from './translate-ptf.ts';

const pathText = (s: SinkNode): string => `${s.path.catalog}.${s.path.database}.${s.path.name}`;

/** The deepest node whose output carries updates while its inputs do not: who produces them. */
export function updateProducer(node: PhysicalNode): PhysicalNode {
  for (const input of physicalInputs(node)) {
    if (isUpdating(input.changelogMode)) return updateProducer(input);
  }
  return node;
}

function rejectUpdates(consumer: string, input: PhysicalNode): never {
  const producer = updateProducer(input);
  const what =
    producer.changelogMode.kinds.includes('D') && !producer.changelogMode.kinds.includes('UA')
      ? 'delete'
      : 'update';
  throw planningError(
    `${consumer} doesn't support consuming ${what} changes which is produced by node ${describeNode(producer)}`,
  );
}

export function settleSink(sink: SinkNode): SinkNode {
  const input = sink.input;
  if (isInsertOnly(input.changelogMode)) return { ...sink, input: settle(input, false) };
  if (sink.accepts === 'insert-only') rejectUpdates(`Table sink '${pathText(sink)}'`, input);
  if (sink.accepts === 'upsert' && sink.primaryKey) {
    const pk = sink.primaryKey;
    const covered = input.upsertKeys.some((key) => key.every((c) => pk.includes(c)));
    const settled = settle(input, !covered);
    return {
      ...sink,
      input: settled,
      upsertMaterialize: !covered,
      changelogMode: withoutUpdateBefore(settled.changelogMode),
    };
  }
  const settled = settle(input, true);
  return { ...sink, input: settled, changelogMode: settled.changelogMode };
}

/** Rebuilds `node` so that it emits -U exactly when `needsUpdateBefore`; modes recomputed bottom-up. */
export function settle(node: PhysicalNode, needsUpdateBefore: boolean): PhysicalNode {
  switch (node.kind) {
    case 'TableSourceScan':
    case 'Values':
      return node;
    case 'ChangelogNormalize': {
      const mode = needsUpdateBefore ? node.changelogMode : withoutUpdateBefore(node.changelogMode);
      return { ...node, changelogMode: mode };
    }
    case 'GroupAggregate': {
      const input = settle(node.input, isUpdating(node.input.changelogMode));
      return {
        ...node,
        input,
        generateUpdateBefore: needsUpdateBefore,
        changelogMode: needsUpdateBefore ? node.changelogMode : withoutUpdateBefore(node.changelogMode),
      };
    }
    case 'WindowAggregate':
    case 'GroupWindowAggregate': {
      if (!isInsertOnly(node.input.changelogMode))
        rejectUpdates(
          node.kind === 'WindowAggregate' ? 'WindowAggregate' : 'GroupWindowAggregate',
          node.input,
        );
      return { ...node, input: settle(node.input, false) };
    }
    case 'Union': {
      const inputs = node.inputs.map((i) => settle(i, needsUpdateBefore));
      return { ...node, inputs, changelogMode: unionModes(inputs.map((i) => i.changelogMode)) };
    }
    case 'Sink':
      return settleSink(node);
    case 'TemporalJoin': {
      // Flink asks the versioned side for updates without -U (ONLY_UPDATE_AFTER): a version lasts
      // until the key's next version or delete, so an update-before would only end it early
      const left = settle(node.left, isUpdating(node.left.changelogMode));
      const right = settle(node.right, false);
      const mode = needsUpdateBefore ? node.changelogMode : withoutUpdateBefore(node.changelogMode);
      return { ...node, left, right, changelogMode: mode };
    }
    case 'Join':
    case 'LateralSnapshotJoin': {
      const left = settle(node.left, isUpdating(node.left.changelogMode));
      const right = settle(node.right, isUpdating(node.right.changelogMode));
      const mode = needsUpdateBefore ? node.changelogMode : withoutUpdateBefore(node.changelogMode);
      return { ...node, left, right, changelogMode: mode };
    }
    case 'IntervalJoin':
    case 'WindowJoin': {
      for (const input of [node.left, node.right]) {
        if (!isInsertOnly(input.changelogMode)) rejectUpdates(node.kind, input);
      }
      return { ...node, left: settle(node.left, false), right: settle(node.right, false) };
    }
    case 'WindowRank':
    case 'WindowDeduplicate':
    case 'TemporalSort': {
      if (!isInsertOnly(node.input.changelogMode)) rejectUpdates(node.kind, node.input);
      return { ...node, input: settle(node.input, false) };
    }
    case 'Rank':
    case 'Limit':
    case 'SortLimit': {
      const input = settle(node.input, node.strategy !== 'update' && isUpdating(node.input.changelogMode));
      const mode = needsUpdateBefore ? node.changelogMode : withoutUpdateBefore(node.changelogMode);
      return { ...node, input, changelogMode: mode };
    }
    case 'Deduplicate':
    case 'OverAggregate': {
      const input = settle(node.input, isUpdating(node.input.changelogMode));
      const mode = needsUpdateBefore ? node.changelogMode : withoutUpdateBefore(node.changelogMode);
      return { ...node, input, changelogMode: mode };
    }
    case 'ProcessTableFunction': // translate-ptf.ts: the PTF decides what it needs from its input
      return { ...node, input: settle(node.input, ptfNeedsUpdateBefore(node)) };
    default: {
      const input = settle(node.input, needsUpdateBefore);
      return { ...node, input, changelogMode: input.changelogMode } as PhysicalNode;
    }
  }
}
