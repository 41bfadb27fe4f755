/**
 * The physical plan: one node per runtime operator (or per source / sink), each with its output
 * schema, its changelog mode and its keys, as Flink's streaming ExecNodes carry them.
 *
 * Indices inside a node refer to its input's fields (for Union: every input has the same layout).
 */
import type { CatalogTable, ObjectPath } from '../../catalog/catalog.ts';
import type { BoundExpr } from '../../expr/bound.ts';
import type { JoinStateLayout } from '../../runtime/operators/join-state.ts';
import type {
  AggregateCall,
  CorrelateCall,
  JoinKind,
  MatchRecognize,
  OverGroup,
  Schema,
  SortKey,
  WindowSpec,
} from '../logical/nodes.ts';
import type { ChangelogMode } from './changelog-mode.ts';
// Flink 2.x built-in process table functions: translate-ptf.ts
import type { ProcessTableFunctionNode } from './translate-ptf.ts';

interface PhysicalBase {
  readonly schema: Schema;
  readonly changelogMode: ChangelogMode;
  /** Column sets that are unique in the output (in an updating stream: per key at most one live row). */
  readonly uniqueKeys: readonly (readonly number[])[];
  /** Column sets by which updates of the output can be applied (Flink's upsert keys). */
  readonly upsertKeys: readonly (readonly number[])[];
}

export interface TableSourceScanNode extends PhysicalBase {
  readonly kind: 'TableSourceScan';
  readonly path: ObjectPath;
  readonly table: CatalogTable;
  /** Indices into `table.columns` of the columns produced, in output order. */
  readonly columns: readonly number[];
  /** Table options merged with `/*+ OPTIONS(...) *\/` hints. */
  readonly options: Readonly<Record<string, string>>;
}

export interface ValuesNode extends PhysicalBase {
  readonly kind: 'Values';
  readonly rows: readonly (readonly BoundExpr[])[];
}

/** Projection and optional filter in one operator (Flink's Calc). */
export interface CalcNode extends PhysicalBase {
  readonly kind: 'Calc';
  readonly input: PhysicalNode;
  readonly projection: readonly BoundExpr[];
  readonly condition?: BoundExpr;
}

export interface WatermarkAssignerNode extends PhysicalBase {
  readonly kind: 'WatermarkAssigner';
  readonly input: PhysicalNode;
  readonly rowtimeIndex: number;
  readonly watermark: BoundExpr;
}

export interface UnionNode extends PhysicalBase {
  readonly kind: 'Union';
  readonly inputs: readonly PhysicalNode[];
}

/** A windowing TVF that is not followed by an aggregate: rows with window columns appended. */
export interface WindowTableFunctionNode extends PhysicalBase {
  readonly kind: 'WindowTableFunction';
  readonly input: PhysicalNode;
  readonly window: WindowSpec;
  readonly timeIndex: number;
}

/**
 * Window TVF + GROUP BY window_start, window_end[, keys] as one operator (WindowAggregate), or a
 * legacy GROUP BY TUMBLE/HOP/SESSION (GroupWindowAggregate). Input: the rows before windowing.
 * Output: [keys..., aggregates..., window_start, window_end, window_time].
 */
export interface WindowAggregateNode extends PhysicalBase {
  readonly kind: 'WindowAggregate' | 'GroupWindowAggregate';
  readonly input: PhysicalNode;
  readonly groupKeys: readonly number[];
  readonly calls: readonly AggregateCall[];
  readonly window: WindowSpec;
  readonly timeIndex: number;
  /** Whether the time attribute is processing time. */
  readonly proctime: boolean;
}

/** Output: [keys..., aggregates...]. */
export interface GroupAggregateNode extends PhysicalBase {
  readonly kind: 'GroupAggregate';
  readonly input: PhysicalNode;
  readonly groupKeys: readonly number[];
  readonly calls: readonly AggregateCall[];
  /** False when no consumer needs -U (upsert sink keyed by the group key). */
  readonly generateUpdateBefore: boolean;
  readonly stateTtlMs?: number;
  /** `table.exec.mini-batch.*` (mini-batch.ts): buffer rows per key and flush in bundles. */
  readonly miniBatch?: { readonly intervalMs: number; readonly size: number };
}

/**
 * Flink's MiniBatchAssigner (mini-batch.ts), placed after a source or its watermark assigner when
 * mini-batch is on. Flink's emits mini-batch watermarks every `intervalMs` of processing time; here
 * each mini-batch operator flushes on its own processing-time timer, so the node runs as nothing.
 */
export interface MiniBatchAssignerNode extends PhysicalBase {
  readonly kind: 'MiniBatchAssigner';
  readonly input: PhysicalNode;
  readonly intervalMs: number;
  readonly mode: 'ProcTime' | 'RowTime';
}

/** GROUPING SETS: every row once per set, keys not in the set nulled, plus the set's id ($e). */
export interface ExpandNode extends PhysicalBase {
  readonly kind: 'Expand';
  readonly input: PhysicalNode;
  /** Per grouping set: the input columns set to NULL. */
  readonly nulledColumns: readonly (readonly number[])[];
}

/** Turns an upsert (or duplicate-carrying) changelog keyed by `keys` into a retract changelog. */
export interface ChangelogNormalizeNode extends PhysicalBase {
  readonly kind: 'ChangelogNormalize';
  readonly input: PhysicalNode;
  readonly keys: readonly number[];
  /** A filter evaluated inside the normalization (rows leaving it become -D of the key's old row). */
  readonly filter?: BoundExpr;
}

export type SinkAcceptance = 'insert-only' | 'upsert' | 'all';

export interface SinkNode extends PhysicalBase {
  readonly kind: 'Sink';
  readonly input: PhysicalNode;
  readonly path: ObjectPath;
  readonly table: CatalogTable;
  readonly targetColumns: readonly number[];
  readonly options: Readonly<Record<string, string>>;
  readonly accepts: SinkAcceptance;
  /** Input columns of the sink's primary key (upsert sinks). */
  readonly primaryKey?: readonly number[];
  /** The upsert key of the input differs from the primary key: materialize per primary key. */
  readonly upsertMaterialize: boolean;
}

/** Equi-join keys shared by the two-input joins; `condition` (over left + right fields) is the rest. */
interface JoinBase extends PhysicalBase {
  readonly left: PhysicalNode;
  readonly right: PhysicalNode;
  readonly leftKeys: readonly number[];
  readonly rightKeys: readonly number[];
  /** Per key pair: false for IS NOT DISTINCT FROM (null matches null). */
  readonly filterNulls: readonly boolean[];
  readonly condition?: BoundExpr;
}

/** Regular (unbounded) join, Flink's StreamingJoin; SEMI / ANTI emit left rows only. */
export interface JoinNode extends JoinBase {
  readonly kind: 'Join';
  readonly joinType: JoinKind;
  readonly leftLayout: JoinStateLayout;
  readonly rightLayout: JoinStateLayout;
}

/** Event-time interval join: left.t BETWEEN right.t + lowerBoundMs AND right.t + upperBoundMs. */
export interface IntervalJoinNode extends JoinBase {
  readonly kind: 'IntervalJoin';
  readonly joinType: 'INNER' | 'LEFT' | 'RIGHT' | 'FULL';
  readonly leftTimeIndex: number;
  readonly rightTimeIndex: number;
  readonly lowerBoundMs: number;
  readonly upperBoundMs: number;
}

/** Join of two window TVF outputs on window_start / window_end (plus keys). */
export interface WindowJoinNode extends JoinBase {
  readonly kind: 'WindowJoin';
  readonly joinType: JoinKind;
  readonly leftWindow: { readonly start: number; readonly end: number };
  readonly rightWindow: { readonly start: number; readonly end: number };
  readonly window: WindowSpec;
}

/** `JOIN versioned FOR SYSTEM_TIME AS OF probe.t` on a versioned table (keyed by its primary key). */
export interface TemporalJoinNode extends JoinBase {
  readonly kind: 'TemporalJoin';
  readonly joinType: 'INNER' | 'LEFT';
  readonly eventTime: boolean;
  readonly leftTimeIndex?: number;
  readonly rightTimeIndex?: number;
}

/**
 * `JOIN LATERAL SNAPSHOT(input => TABLE b, ...)`: the right (build) side is loaded until its watermark
 * reaches `loadCompletedTime` (a constant TIMESTAMP_LTZ), then each left row joins its current state.
 */
export interface LateralSnapshotJoinNode extends JoinBase {
  readonly kind: 'LateralSnapshotJoin';
  readonly joinType: 'INNER' | 'LEFT';
  readonly loadCompletedTime: BoundExpr;
}

/** Processing-time lookup of a dimension table per probe row. Output: probe fields + dim fields. */
export interface LookupJoinNode extends PhysicalBase {
  readonly kind: 'LookupJoin';
  readonly input: PhysicalNode;
  readonly joinType: 'INNER' | 'LEFT';
  readonly path: ObjectPath;
  readonly table: CatalogTable;
  readonly options: Readonly<Record<string, string>>;
  /** Indices into `table.columns` of the dimension fields produced. */
  readonly columns: readonly number[];
  readonly dimSchema: Schema;
  /** Probe-side key expressions and the dimension fields (indices into `dimSchema`) they look up. */
  readonly lookupKeys: readonly { readonly probe: BoundExpr; readonly dimField: number }[];
  /** Over probe + dim fields: the rest of the ON condition and filters on the dimension table. */
  readonly condition?: BoundExpr;
  /**
   * Flink's upsertMaterialize: keep the joined rows per probe key (its upsert key, or the whole row)
   * so retractions of an updating probe retract what was emitted (NDU strategy TRY_RESOLVE).
   */
  readonly materialize?: { readonly keyIndexes?: readonly number[] };
}

export type RankFunctionName = 'ROW_NUMBER' | 'RANK' | 'DENSE_RANK';

/** Top-N per partition (also streaming LIMIT and ORDER BY ... LIMIT, without partition keys). */
export interface RankNode extends PhysicalBase {
  readonly kind: 'Rank' | 'Limit' | 'SortLimit';
  readonly input: PhysicalNode;
  readonly partitionKeys: readonly number[];
  readonly orderKeys: readonly SortKey[];
  readonly rankFunction: RankFunctionName;
  readonly rankStart: number;
  readonly rankEnd: number;
  readonly outputRankNumber: boolean;
  readonly strategy: 'append' | 'retract' | 'update';
  readonly uniqueKey?: readonly number[];
}

/** ROW_NUMBER() = 1 ordered by a time attribute: keep the first (ASC) or last (DESC) row per key. */
export interface DeduplicateNode extends PhysicalBase {
  readonly kind: 'Deduplicate';
  readonly input: PhysicalNode;
  readonly partitionKeys: readonly number[];
  readonly keepLastRow: boolean;
  /** The ordering time column; absent for processing time. */
  readonly rowtimeIndex?: number;
  readonly outputRankNumber: boolean;
}

/** Window Top-N / window deduplication: partitioned by window_start, window_end (+ keys). */
export interface WindowRankNode extends PhysicalBase {
  readonly kind: 'WindowRank' | 'WindowDeduplicate';
  readonly input: PhysicalNode;
  readonly partitionKeys: readonly number[];
  readonly orderKeys: readonly SortKey[];
  readonly rankFunction: RankFunctionName;
  readonly rankStart: number;
  readonly rankEnd: number;
  readonly outputRankNumber: boolean;
  readonly windowStartIndex: number;
  readonly windowEndIndex: number;
  readonly window: WindowSpec;
  readonly keepLastRow: boolean;
}

/** One OVER window group: output = input fields + one field per call. */
export interface OverAggregateNode extends PhysicalBase {
  readonly kind: 'OverAggregate';
  readonly input: PhysicalNode;
  readonly group: OverGroup;
}

/** ORDER BY a time attribute (then other columns) on a stream. */
export interface TemporalSortNode extends PhysicalBase {
  readonly kind: 'TemporalSort';
  readonly input: PhysicalNode;
  readonly keys: readonly SortKey[];
  readonly rowtime: boolean;
}

export interface CorrelateNode extends PhysicalBase {
  readonly kind: 'Correlate';
  readonly input: PhysicalNode;
  readonly call: CorrelateCall;
  readonly callSchema: Schema;
  readonly joinType: 'INNER' | 'LEFT';
  readonly condition?: BoundExpr;
}

export interface MatchNode extends PhysicalBase {
  readonly kind: 'Match';
  readonly input: PhysicalNode;
  readonly match: MatchRecognize;
}

export type TwoInputNode =
  | JoinNode
  | IntervalJoinNode
  | WindowJoinNode
  | TemporalJoinNode
  | LateralSnapshotJoinNode;

export type PhysicalNode =
  | TableSourceScanNode
  | ValuesNode
  | CalcNode
  | WatermarkAssignerNode
  | UnionNode
  | WindowTableFunctionNode
  | WindowAggregateNode
  | GroupAggregateNode
  | MiniBatchAssignerNode
  | ExpandNode
  | ChangelogNormalizeNode
  | SinkNode
  | TwoInputNode
  | LookupJoinNode
  | RankNode
  | DeduplicateNode
  | WindowRankNode
  | OverAggregateNode
  | TemporalSortNode
  | CorrelateNode
  | MatchNode
  | ProcessTableFunctionNode;

export const isTwoInput = (node: PhysicalNode): node is TwoInputNode =>
  node.kind === 'Join' ||
  node.kind === 'IntervalJoin' ||
  node.kind === 'WindowJoin' ||
  node.kind === 'TemporalJoin' ||
  node.kind === 'LateralSnapshotJoin';

export function physicalInputs(node: PhysicalNode): readonly PhysicalNode[] {
  if (isTwoInput(node)) return [node.left, node.right];
  switch (node.kind) {
    case 'TableSourceScan':
    case 'Values':
      return [];
    case 'Union':
      return node.inputs;
    default:
      return [node.input];
  }
}
