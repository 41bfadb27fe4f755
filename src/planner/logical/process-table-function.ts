/**
 * Flink 2.x built-in process table functions (PTFs) as a logical node: TO_CHANGELOG,
 * FROM_CHANGELOG and DEDUPLICATE_KEEP_FIRST. The output follows Flink's PTF layout: the
 * PARTITION BY columns first, then the function's own columns.
 */
import type { LogicalPlan, Schema } from './nodes.ts';

/** Row kinds in Flink's order: INSERT, UPDATE_BEFORE, UPDATE_AFTER, DELETE (the batch kind codes). */
export const CHANGE_OPERATIONS = ['INSERT', 'UPDATE_BEFORE', 'UPDATE_AFTER', 'DELETE'] as const;

export type PtfCall =
  | {
      readonly kind: 'TO_CHANGELOG';
      /** Per row kind code (0..3): the op code written, or null to drop rows of that kind. */
      readonly opCodes: readonly (string | null)[];
      readonly includeOpColumn: boolean;
      /** false: DELETE rows keep only their key columns (partition keys, else the upsert key). */
      readonly producesFullDeletes: boolean;
    }
  | {
      readonly kind: 'FROM_CHANGELOG';
      /** Input index of the op code column (removed from the output). */
      readonly opIndex: number;
      readonly opName: string;
      /** op code → row kind code (0..3). */
      readonly kindsByCode: readonly (readonly [string, number])[];
    }
  | {
      readonly kind: 'DEDUPLICATE_KEEP_FIRST';
      /** `on_time`: the event-time column; absent = arrival order. */
      readonly timeIndex?: number;
      /** `state_ttl` in ms (0 = retention disabled); absent = `table.exec.state.ttl`. */
      readonly stateTtlMs?: number;
      readonly resetTtlOnDuplicate: boolean;
    };

export interface ProcessTableFunction {
  readonly kind: 'ProcessTableFunction';
  readonly schema: Schema;
  readonly input: LogicalPlan;
  /** PARTITION BY columns (input indices); empty for row semantics / no partitioning. */
  readonly partitionKeys: readonly number[];
  readonly call: PtfCall;
}

/** `TO_CHANGELOG(op_mapping=[...], partition=[0])` for EXPLAIN. */
export function ptfText(plan: { readonly call: PtfCall; readonly partitionKeys: readonly number[] }): string {
  const call = plan.call;
  const parts = [`partition=[${plan.partitionKeys.map((k) => `$${k}`).join(', ')}]`];
  switch (call.kind) {
    case 'TO_CHANGELOG':
      parts.push(
        `op_mapping=[${call.opCodes.map((c, i) => `${CHANGE_OPERATIONS[i]}=${c ?? '-'}`).join(', ')}]`,
        `include_op_column=[${call.includeOpColumn}]`,
        `produces_full_deletes=[${call.producesFullDeletes}]`,
      );
      break;
    case 'FROM_CHANGELOG':
      parts.push(
        `op=[${call.opName}]`,
        `op_mapping=[${call.kindsByCode.map(([c, k]) => `${c}=${CHANGE_OPERATIONS[k]}`).join(', ')}]`,
      );
      break;
    case 'DEDUPLICATE_KEEP_FIRST':
      if (call.timeIndex !== undefined) parts.push(`on_time=[$${call.timeIndex}]`);
      if (call.stateTtlMs !== undefined) parts.push(`state_ttl=[${call.stateTtlMs}ms]`);
      break;
  }
  return `${call.kind}(${parts.join(', ')})`;
}
