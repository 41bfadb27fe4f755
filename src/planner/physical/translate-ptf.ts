/**
 * Physical planning of Flink 2.x built-in process table functions (TO_CHANGELOG, FROM_CHANGELOG,
 * DEDUPLICATE_KEEP_FIRST): the physical node, its changelog mode and keys, the changelog
 * settlement of its input, and its runtime operator.
 * - TO_CHANGELOG emits inserts only; it asks its input for -U only when UPDATE_BEFORE is mapped.
 *   Partial deletes keep the PARTITION BY columns, else the input's upsert key.
 * - FROM_CHANGELOG needs an insert-only input; it emits the kinds its mapping produces, keyed by
 *   the PARTITION BY columns; upserts (+U without -U) are normalized into a retract stream.
 * - DEDUPLICATE_KEEP_FIRST emits inserts only, unique per PARTITION BY key; event time (on_time)
 *   needs an insert-only input, as a watermark cannot bound later updates.
 */

import type { Operator } from '../../runtime/operator.ts';
import { DeduplicateKeepFirstOperator } from '../../runtime/operators/deduplicate-keep-first.ts';
import { FromChangelogOperator } from '../../runtime/operators/from-changelog.ts';
import { ToChangelogOperator } from '../../runtime/operators/to-changelog.ts';
import type { Schema } from '../logical/nodes.ts';
import { type ProcessTableFunction, type PtfCall, ptfText } from '../logical/process-table-function.ts';
import {
  type ChangeKind,
  type ChangelogMode,
  hasKind,
  INSERT_ONLY,
  isInsertOnly,
  isUpdating,
  RETRACT,
} from './changelog-mode.ts';
import type { ChangelogNormalizeNode, PhysicalNode } from './nodes.ts';
import { planningError, type Translator } from './translate.ts';

export interface ProcessTableFunctionNode {
  readonly kind: 'ProcessTableFunction';
  readonly schema: Schema;
  readonly changelogMode: ChangelogMode;
  readonly uniqueKeys: readonly (readonly number[])[];
  readonly upsertKeys: readonly (readonly number[])[];
  readonly input: PhysicalNode;
  readonly partitionKeys: readonly number[];
  readonly call: PtfCall;
  /** TO_CHANGELOG with partial deletes: the input columns a DELETE keeps. */
  readonly deleteKeepIndexes?: readonly number[];
}

const KIND_NAMES: readonly ChangeKind[] = ['I', 'UB', 'UA', 'D'];

export function translateProcessTableFunction(t: Translator, plan: ProcessTableFunction): PhysicalNode {
  const input = t.translate(plan.input);
  const call = plan.call;
  const keys = plan.partitionKeys;
  const keyPositions = keys.map((_, i) => i);
  const base = {
    kind: 'ProcessTableFunction' as const,
    schema: plan.schema,
    input,
    partitionKeys: keys,
    call,
  };
  switch (call.kind) {
    case 'TO_CHANGELOG': {
      const deleteKeepIndexes = call.producesFullDeletes
        ? undefined
        : keys.length > 0
          ? keys
          : input.upsertKeys[0];
      return {
        ...base,
        changelogMode: INSERT_ONLY,
        uniqueKeys: [],
        upsertKeys: [],
        ...(deleteKeepIndexes === undefined ? {} : { deleteKeepIndexes }),
      };
    }
    case 'FROM_CHANGELOG': {
      if (!isInsertOnly(input.changelogMode)) {
        throw planningError(
          `The input of FROM_CHANGELOG must be append-only, but it produces ${input.changelogMode.kinds.join(',')} changes`,
          'Read the changelog stream as an insert-only table, or use TO_CHANGELOG first',
        );
      }
      const kinds = new Set(call.kindsByCode.map(([, k]) => KIND_NAMES[k]!));
      const mode: ChangelogMode = { kinds: KIND_NAMES.filter((k) => kinds.has(k)) };
      const node: ProcessTableFunctionNode = {
        ...base,
        changelogMode: mode,
        uniqueKeys: [],
        upsertKeys: keys.length > 0 ? [keyPositions] : [],
      };
      return isUpsert(mode) ? normalizedUpserts(node, keyPositions) : node;
    }
    case 'DEDUPLICATE_KEEP_FIRST': {
      if (call.timeIndex !== undefined && !isInsertOnly(input.changelogMode)) {
        throw planningError(
          'DEDUPLICATE_KEEP_FIRST with on_time requires an append-only input: a watermark cannot bound later updates',
          'Remove on_time to deduplicate an updating input in arrival order',
        );
      }
      return { ...base, changelogMode: INSERT_ONLY, uniqueKeys: [keyPositions], upsertKeys: [keyPositions] };
    }
  }
}

/** Updates without -U: an upsert stream, whose +U replaces the key's row (FLINK-39538). */
const isUpsert = (mode: ChangelogMode): boolean => hasKind(mode, 'UA') && !hasKind(mode, 'UB');

/**
 * FROM_CHANGELOG producing upserts, keyed by its PARTITION BY columns (first in its output): a
 * ChangelogNormalize turns them into a retract stream, as for an upsert source, so that consumers
 * needing -U (aggregates, joins, retract sinks) see each key's old row retracted. The planner drops
 * it again where nothing needs it (normalize-elimination.ts).
 */
function normalizedUpserts(node: ProcessTableFunctionNode, keys: readonly number[]): ChangelogNormalizeNode {
  if (keys.length === 0) {
    throw planningError(
      `FROM_CHANGELOG maps UPDATE_AFTER without UPDATE_BEFORE, which makes an upsert stream, but its input has no PARTITION BY key to apply the upserts by`,
      "Partition the input by the changelog's key: FROM_CHANGELOG(input => TABLE t PARTITION BY id, ...), or map an UPDATE_BEFORE code too",
    );
  }
  return {
    kind: 'ChangelogNormalize',
    input: node,
    keys,
    schema: node.schema,
    changelogMode: RETRACT,
    uniqueKeys: [keys],
    upsertKeys: [keys],
  };
}

/** Whether the PTF needs -U (UPDATE_BEFORE) rows from its input. */
export function ptfNeedsUpdateBefore(node: ProcessTableFunctionNode): boolean {
  return (
    node.call.kind === 'TO_CHANGELOG' && node.call.opCodes[1] !== null && isUpdating(node.input.changelogMode)
  );
}

export function describeProcessTableFunction(node: ProcessTableFunctionNode): string {
  return ptfText(node);
}

export function processTableFunctionOperator(node: ProcessTableFunctionNode, stateTtlMs?: number): Operator {
  const call = node.call;
  const width = node.input.schema.length;
  const keys = node.partitionKeys;
  const notKey = [...Array(width).keys()].filter((i) => !keys.includes(i));
  switch (call.kind) {
    case 'TO_CHANGELOG':
      return new ToChangelogOperator({
        opCodes: call.opCodes,
        includeOpColumn: call.includeOpColumn,
        partitionKeyIndexes: keys,
        restIndexes: notKey,
        ...(node.deleteKeepIndexes === undefined ? {} : { deleteKeepIndexes: node.deleteKeepIndexes }),
      });
    case 'FROM_CHANGELOG':
      return new FromChangelogOperator({
        opIndex: call.opIndex,
        opName: call.opName,
        kindsByCode: new Map(call.kindsByCode),
        outputIndexes: [...keys, ...notKey.filter((i) => i !== call.opIndex)],
      });
    case 'DEDUPLICATE_KEEP_FIRST': {
      const ttl = call.stateTtlMs ?? stateTtlMs;
      return new DeduplicateKeepFirstOperator({
        keyIndexes: keys,
        outputIndexes: [...keys, ...notKey],
        ...(call.timeIndex === undefined ? {} : { timeIndex: call.timeIndex }),
        ...(ttl === undefined ? {} : { stateTtlMs: ttl }),
        resetTtlOnDuplicate: call.resetTtlOnDuplicate,
      });
    }
  }
}
