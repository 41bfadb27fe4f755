/**
 * How the physical planner reaches sources and sinks. A connector (datagen, filesystem, print,
 * blackhole, values, kafka ... in src/connectors) registers a factory under its `connector` option;
 * the planner asks it what the table produces or accepts (changelog modes, at planning time) and,
 * when building the job, for the runtime source and sink operators.
 */
import type { CatalogTable, ObjectPath } from '../../catalog/catalog.ts';
import type { ExprContext } from '../../expr/functions/registry.ts';
import type { Row } from '../../runtime/batch.ts';
import type { Operator } from '../../runtime/operator.ts';
import type { LookupFunction, LookupSource } from '../../runtime/operators/lookup-join.ts';
import type { SourceOperator } from '../../runtime/task.ts';
import type { Schema } from '../logical/nodes.ts';
import { type ChangelogMode, INSERT_ONLY, parseChangelogMode } from './changelog-mode.ts';
import type { SinkAcceptance } from './nodes.ts';

export interface ConnectorTable {
  readonly path: ObjectPath;
  readonly table: CatalogTable;
  /** Table options with `/*+ OPTIONS(...) *\/` hints applied. */
  readonly options: Readonly<Record<string, string>>;
}

export interface SourceOptions {
  /** Indices into `table.columns` (physical and metadata columns) to produce, in this order. */
  readonly columns: readonly number[];
  /** The produced row layout (one field per entry of `columns`). */
  readonly fields: Schema;
  /**
   * Per produced column, the ROW field indices the query reads (nested-field-usage.ts); undefined
   * (or an undefined entry) when the whole value may be read. A source may leave unread fields out
   * of its ROW values (any placeholder of the field's type).
   */
  readonly readFields?: readonly (readonly number[] | undefined)[];
  readonly exprContext: ExprContext;
  /** Session configuration. */
  readonly config: ReadonlyMap<string, string>;
}

export interface SinkOptions {
  /** The rows arriving, in the sink table's persisted-column order. */
  readonly fields: Schema;
  /** What arrives: updates come as -U/+U pairs (retract) or +U alone (upsert). */
  readonly changelogMode: ChangelogMode;
  /** Field indices of the primary key when the sink is an upsert sink. */
  readonly primaryKey?: readonly number[];
  readonly config: ReadonlyMap<string, string>;
}

export interface LookupOptions {
  /** Indices into `table.columns` of the dimension fields, in row order. */
  readonly columns: readonly number[];
  readonly fields: Schema;
  /** The fields (indices into `fields`) a lookup key gives values for, in key order. */
  readonly keyFields: readonly number[];
  readonly config: ReadonlyMap<string, string>;
}

/**
 * What a lookup table gives a lookup join: a synchronous `(key) => rows` function, or a batch source
 * answering all distinct keys of a probe batch in one call, with its cache options (lookup-join.ts).
 */
export type { BatchLookupSource, LookupCacheConfig } from '../../runtime/operators/lookup-join.ts';
export type { LookupFunction, LookupSource };

/** A connector's factory: one per `connector` option value. */
export interface ConnectorFactory {
  /** What the source emits; insert-only when absent. */
  sourceChangelogMode?(table: ConnectorTable): ChangelogMode;
  /** What the sink consumes; when absent, upsert for tables with a primary key, otherwise all. */
  sinkAcceptance?(table: ConnectorTable): SinkAcceptance;
  /** Whether the source's -D rows carry only the primary key (other fields null); false when absent. */
  sourceDeletesByKey?(table: ConnectorTable): boolean;
  /** Whether the upsert sink applies a -D by its primary key alone; false when absent. */
  sinkAcceptsDeletesByKey?(table: ConnectorTable): boolean;
  /** Whether the source emits watermarks itself (`WATERMARK FOR ts AS SOURCE_WATERMARK()`). */
  sourceGeneratesWatermarks?(table: ConnectorTable): boolean;
  createSource?(table: ConnectorTable, options: SourceOptions): SourceOperator;
  createSink?(table: ConnectorTable, options: SinkOptions): Operator;
  /** A lookup function for processing-time lookup joins (`FOR SYSTEM_TIME AS OF proc_time`). */
  createLookup?(table: ConnectorTable, options: LookupOptions): LookupSource;
}

export interface ConnectorRegistry {
  sourceChangelogMode(table: ConnectorTable): ChangelogMode;
  sinkAcceptance(table: ConnectorTable): SinkAcceptance;
  sourceDeletesByKey(table: ConnectorTable): boolean;
  sinkAcceptsDeletesByKey(table: ConnectorTable): boolean;
  sourceGeneratesWatermarks(table: ConnectorTable): boolean;
  createSource(table: ConnectorTable, options: SourceOptions): SourceOperator;
  createSink(table: ConnectorTable, options: SinkOptions): Operator;
  createLookup(table: ConnectorTable, options: LookupOptions): LookupSource;
}

const tableName = (t: ConnectorTable): string => `${t.path.catalog}.${t.path.database}.${t.path.name}`;

/** A registry over factories keyed by the `connector` option. */
export class FactoryConnectorRegistry implements ConnectorRegistry {
  private readonly factories = new Map<string, ConnectorFactory>();

  register(connector: string, factory: ConnectorFactory): this {
    this.factories.set(connector, factory);
    return this;
  }

  private factoryFor(table: ConnectorTable): ConnectorFactory {
    const connector = table.options.connector;
    if (connector === undefined) {
      throw new Error(
        `Table '${tableName(table)}' has no 'connector' option; add WITH ('connector' = '...')`,
      );
    }
    const factory = this.factories.get(connector);
    if (factory === undefined) {
      throw new Error(
        `Could not find a connector for 'connector' = '${connector}' (table '${tableName(table)}'); available: ${[...this.factories.keys()].sort().join(', ')}`,
      );
    }
    return factory;
  }

  sourceChangelogMode(table: ConnectorTable): ChangelogMode {
    const factory = this.factoryFor(table);
    if (factory.sourceChangelogMode) return factory.sourceChangelogMode(table);
    const option = table.options['changelog-mode'];
    return option === undefined ? INSERT_ONLY : parseChangelogMode(option);
  }

  sinkAcceptance(table: ConnectorTable): SinkAcceptance {
    const factory = this.factoryFor(table);
    if (factory.sinkAcceptance) return factory.sinkAcceptance(table);
    return table.table.primaryKey ? 'upsert' : 'all';
  }

  sourceDeletesByKey(table: ConnectorTable): boolean {
    return this.factoryFor(table).sourceDeletesByKey?.(table) ?? false;
  }

  sinkAcceptsDeletesByKey(table: ConnectorTable): boolean {
    return this.factoryFor(table).sinkAcceptsDeletesByKey?.(table) ?? false;
  }

  sourceGeneratesWatermarks(table: ConnectorTable): boolean {
    return this.factoryFor(table).sourceGeneratesWatermarks?.(table) ?? false;
  }

  createSource(table: ConnectorTable, options: SourceOptions): SourceOperator {
    const factory = this.factoryFor(table);
    if (!factory.createSource)
      throw new Error(
        `Connector '${table.options.connector}' cannot be used as a source (table '${tableName(table)}')`,
      );
    return factory.createSource(table, options);
  }

  createSink(table: ConnectorTable, options: SinkOptions): Operator {
    const factory = this.factoryFor(table);
    if (!factory.createSink)
      throw new Error(
        `Connector '${table.options.connector}' cannot be used as a sink (table '${tableName(table)}')`,
      );
    return factory.createSink(table, options);
  }

  createLookup(table: ConnectorTable, options: LookupOptions): LookupSource {
    const factory = this.factoryFor(table);
    if (!factory.createLookup)
      throw new Error(
        `Connector '${table.options.connector}' cannot be used as a lookup table (table '${tableName(table)}'); processing-time temporal joins need a lookup source`,
      );
    return factory.createLookup(table, options);
  }
}

/** Row type used by sources: re-exported so connectors need not reach into the runtime. */
export type { Row };
