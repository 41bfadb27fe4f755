/**
 * The bound logical plan: a readonly tree of relational nodes, each carrying its output schema.
 * Expressions inside nodes are the expression layer's bound IR; input references index the node's
 * input schema (for two-input nodes: the left fields, then the right fields).
 */
import type { CatalogTable, ObjectPath } from '../../catalog/catalog.ts';
import type { BoundExpr } from '../../expr/bound.ts';
import type { LogicalType } from '../../expr/types.ts';
// Flink 2.x built-in process table functions live in their own file
import type { ProcessTableFunction } from './process-table-function.ts';

/** One output column; time attributes are recorded on the type (`timeAttribute`). */
export interface Field {
  readonly name: string;
  readonly type: LogicalType;
}

export type Schema = readonly Field[];

interface PlanBase {
  readonly schema: Schema;
}

export interface Scan extends PlanBase {
  readonly kind: 'Scan';
  readonly path: ObjectPath;
  readonly table: CatalogTable;
  readonly temporary: boolean;
  /** Indices into `table.columns` of the physical and metadata columns read, in output order. */
  readonly columns: readonly number[];
  /** `/*+ OPTIONS(...) *\/` overrides. */
  readonly hintOptions: Readonly<Record<string, string>>;
}

export interface Values extends PlanBase {
  readonly kind: 'Values';
  readonly rows: readonly (readonly BoundExpr[])[];
}

export interface Project extends PlanBase {
  readonly kind: 'Project';
  readonly input: LogicalPlan;
  readonly exprs: readonly BoundExpr[];
}

export interface Filter extends PlanBase {
  readonly kind: 'Filter';
  readonly input: LogicalPlan;
  readonly condition: BoundExpr;
}

export interface WatermarkAssigner extends PlanBase {
  readonly kind: 'WatermarkAssigner';
  readonly input: LogicalPlan;
  readonly rowtimeIndex: number;
  readonly watermark: BoundExpr;
}

/** Window sizes in milliseconds. */
export type WindowSpec =
  | { readonly kind: 'TUMBLE'; readonly size: number; readonly offset?: number }
  | { readonly kind: 'HOP'; readonly slide: number; readonly size: number; readonly offset?: number }
  | { readonly kind: 'CUMULATE'; readonly step: number; readonly maxSize: number; readonly offset?: number }
  | { readonly kind: 'SESSION'; readonly gap: number };

/** TUMBLE/HOP/CUMULATE/SESSION TVF: the input's fields plus window_start, window_end, window_time. */
export interface WindowTableFunction extends PlanBase {
  readonly kind: 'WindowTableFunction';
  readonly input: LogicalPlan;
  readonly window: WindowSpec;
  readonly timeIndex: number;
  /** SESSION's PARTITION BY keys (input indices). */
  readonly partitionKeys: readonly number[];
}

export interface AggregateCall {
  /** Canonical upper-case function name: COUNT, SUM, LISTAGG ... */
  readonly fn: string;
  readonly args: readonly number[];
  readonly distinct: boolean;
  readonly filterArg?: number;
  /** Extra constant arguments (LISTAGG's separator, ...). */
  readonly constants: readonly BoundExpr[];
  readonly type: LogicalType;
  readonly name: string;
}

/** A legacy group window (`GROUP BY TUMBLE(ts, INTERVAL ...)`). */
export interface GroupWindow {
  readonly spec: WindowSpec;
  readonly timeIndex: number;
  readonly timeType: LogicalType;
}

export type WindowProperty = 'start' | 'end' | 'rowtime' | 'proctime';

/**
 * Group keys come first in the output, then the aggregate calls, then (for a legacy group window)
 * the window properties. With grouping sets, keys absent from a set are NULL and `groupingSets`
 * lists each set's key positions (indices into `groupKeys`).
 */
export interface Aggregate extends PlanBase {
  readonly kind: 'Aggregate';
  readonly input: LogicalPlan;
  readonly groupKeys: readonly number[];
  readonly groupingSets?: readonly (readonly number[])[];
  readonly calls: readonly AggregateCall[];
  readonly window?: GroupWindow;
  readonly windowProperties: readonly WindowProperty[];
  /** `/*+ STATE_TTL(...) *\/` for this aggregate's state, in ms (else `table.exec.state.ttl`). */
  readonly stateTtlMs?: number;
}

export type JoinKind = 'INNER' | 'LEFT' | 'RIGHT' | 'FULL' | 'SEMI' | 'ANTI';

export interface Join extends PlanBase {
  readonly kind: 'Join';
  readonly joinType: JoinKind;
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  readonly condition: BoundExpr;
  /** `FOR SYSTEM_TIME AS OF left.ts` on the right side: a temporal (versioned or lookup) join. */
  readonly temporal?: { readonly period: BoundExpr; readonly proctime: boolean };
  /**
   * `JOIN LATERAL SNAPSHOT(input => TABLE b, on_time => DESCRIPTOR(t)[, load_completed_time => x])`:
   * the right side is loaded until its watermark reaches `loadCompletedTime` (a constant
   * TIMESTAMP_LTZ; absent = the query's compile time), then probed per left row.
   */
  readonly lateralSnapshot?: { readonly loadCompletedTime?: BoundExpr };
}

/** A lateral call evaluated per input row: UNNEST or a table function. */
export type CorrelateCall =
  | { readonly kind: 'Unnest'; readonly exprs: readonly BoundExpr[]; readonly withOrdinality: boolean }
  | { readonly kind: 'TableFunction'; readonly name: string; readonly args: readonly BoundExpr[] };

export interface Correlate extends PlanBase {
  readonly kind: 'Correlate';
  readonly input: LogicalPlan;
  readonly call: CorrelateCall;
  /** The fields the call adds (the rest of `schema` is the input's). */
  readonly callSchema: Schema;
  readonly joinType: 'INNER' | 'LEFT';
  /** Condition over input + call fields (`LEFT JOIN LATERAL ... ON TRUE` has none). */
  readonly condition?: BoundExpr;
}

export interface Union extends PlanBase {
  readonly kind: 'Union';
  readonly inputs: readonly LogicalPlan[];
}

export interface SetOp extends PlanBase {
  readonly kind: 'Intersect' | 'Except';
  readonly left: LogicalPlan;
  readonly right: LogicalPlan;
  readonly all: boolean;
}

export interface SortKey {
  readonly index: number;
  readonly direction: 'ASC' | 'DESC';
  readonly nulls: 'FIRST' | 'LAST';
}

export interface Sort extends PlanBase {
  readonly kind: 'Sort';
  readonly input: LogicalPlan;
  readonly keys: readonly SortKey[];
}

export interface Limit extends PlanBase {
  readonly kind: 'Limit';
  readonly input: LogicalPlan;
  readonly offset: number;
  /** Undefined: no row limit (OFFSET only). */
  readonly fetch?: number;
}

export interface FrameBoundSpec {
  readonly kind: 'UNBOUNDED_PRECEDING' | 'PRECEDING' | 'CURRENT_ROW' | 'FOLLOWING' | 'UNBOUNDED_FOLLOWING';
  /** Rows for ROWS frames, milliseconds (or the order key's unit) for RANGE frames. */
  readonly offset?: number;
}

export interface OverGroup {
  readonly partitionKeys: readonly number[];
  readonly orderKeys: readonly SortKey[];
  readonly frame: {
    readonly unit: 'ROWS' | 'RANGE';
    readonly start: FrameBoundSpec;
    readonly end: FrameBoundSpec;
  };
  readonly calls: readonly AggregateCall[];
}

/** OVER aggregates: the input's fields followed by one field per call, group by group. */
export interface Over extends PlanBase {
  readonly kind: 'Over';
  readonly input: LogicalPlan;
  readonly groups: readonly OverGroup[];
}

export type BoundPattern =
  | { readonly kind: 'Variable'; readonly name: string }
  | { readonly kind: 'Concat'; readonly items: readonly BoundPattern[] }
  | { readonly kind: 'Alternation'; readonly items: readonly BoundPattern[] }
  | {
      readonly kind: 'Quantified';
      readonly operand: BoundPattern;
      readonly min: number;
      readonly max?: number;
      readonly reluctant: boolean;
    };

export interface MatchRecognize extends PlanBase {
  readonly kind: 'MatchRecognize';
  readonly input: LogicalPlan;
  readonly partitionKeys: readonly number[];
  readonly orderKeys: readonly SortKey[];
  readonly pattern: BoundPattern;
  /** Measures: expressions over the input, with pattern-variable navigation as calls. */
  readonly measures: readonly { readonly name: string; readonly expr: BoundExpr }[];
  readonly defines: readonly { readonly variable: string; readonly condition: BoundExpr }[];
  readonly subsets: readonly { readonly name: string; readonly variables: readonly string[] }[];
  readonly rowsPerMatch: 'ONE' | 'ALL';
  readonly afterMatch: {
    readonly to: 'PAST LAST ROW' | 'NEXT ROW' | 'FIRST' | 'LAST';
    readonly variable?: string;
  };
  readonly withinMillis?: number;
}

export interface Sink extends PlanBase {
  readonly kind: 'Sink';
  readonly input: LogicalPlan;
  readonly path: ObjectPath;
  readonly table: CatalogTable;
  /** For each input field: the index of the sink's persisted column it writes. */
  readonly targetColumns: readonly number[];
  readonly overwrite: boolean;
  readonly staticPartitions: Readonly<Record<string, string>>;
  readonly hintOptions: Readonly<Record<string, string>>;
}

export type LogicalPlan =
  | Scan
  | Values
  | Project
  | Filter
  | WatermarkAssigner
  | WindowTableFunction
  | Aggregate
  | Join
  | Correlate
  | Union
  | SetOp
  | Sort
  | Limit
  | Over
  | MatchRecognize
  | ProcessTableFunction
  | Sink;

export type PlanKind = LogicalPlan['kind'];
