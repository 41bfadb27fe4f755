/**
 * EngineSession: the one place statements are executed — catalogs plus session configuration.
 * `prepare(sql)` parses, binds and plans; DDL and utility statements complete there with their result
 * rows, queries and inserts come back as a planned job that `start()` runs as a RunningStatement
 * (in this thread) — the gateway's pool workers and embedded runners both go through it.
 */

import { CatalogError } from '../../catalog/catalog.ts';
import type { CatalogManager } from '../../catalog/catalog-manager.ts';
import { createConnectorRegistry } from '../../connectors/index.ts';
import { T } from '../../expr/types.ts';
import { explainAnalyze, isExplainAnalyze } from '../../planner/explain/analyze.ts';
import { type BoundStatement, bindStatement } from '../../planner/index.ts';
import { isInsertOnly } from '../../planner/physical/changelog-mode.ts';
import type { ConnectorRegistry } from '../../planner/physical/connectors.ts';
import type { PhysicalNode } from '../../planner/physical/nodes.ts';
import { explainStatement, type PhysicalPlan, planStatement } from '../../planner/physical/planner.ts';
import { isSqlError, parseStatement, SqlError, type Statement } from '../../sql/index.ts';
import { RunningStatement, type RunOptions } from './running.ts';
import { type CatalogSnapshot, prefetchFor, snapshotFor } from './snapshot.ts';
import { type ResultColumn, type StatementTraits, wireColumns } from './types.ts';
import { describeResult, setListing, showCreateResult, showResult, type UtilityResult } from './utility.ts';

export interface EngineSessionOptions {
  readonly catalogs: CatalogManager;
  readonly config?: ReadonlyMap<string, string>;
  readonly connectors?: ConnectorRegistry;
  /** Called after a catalog change was applied (the gateway persists DDL through it). */
  readonly onCatalogChange?: (statement: Statement, sql: string) => void;
}

/** Stops statements for `STOP JOB`: the gateway's statement manager (none in embedded runners). */
export interface JobControl {
  /** Stops the statement named `jobId`; resolves with the savepoint path when one was taken. */
  stopJob(
    jobId: string,
    options: { readonly savepoint: boolean; readonly drain: boolean },
  ): Promise<string | undefined>;
}

/** A statement that finished while being prepared: DDL, SHOW, DESCRIBE, EXPLAIN, SET, ... */
export interface CompletedExecution extends UtilityResult {
  readonly kind: 'completed';
  readonly traits: StatementTraits;
}

/** A query or insert, planned and ready to run. */
export interface JobExecution {
  readonly kind: 'job';
  readonly traits: StatementTraits;
  readonly columns: readonly ResultColumn[];
  readonly bound: BoundStatement;
  readonly plan: PhysicalPlan;
  /** What a worker needs to plan the same statement again: the catalog objects it reads. */
  readonly snapshot: CatalogSnapshot;
}

export type Execution = CompletedExecution | JobExecution;

const snake = (kind: string): string => kind.replace(/([a-z])([A-Z])/g, '$1_$2').toUpperCase();

function sqlKindOf(stmt: Statement, bound: BoundStatement): string {
  switch (bound.kind) {
    case 'Query':
      return 'SELECT';
    case 'Insert':
      return 'INSERT_INTO';
    case 'StatementSet':
      return 'STATEMENT_SET';
    case 'CreateTableAs':
      return 'CREATE_TABLE_AS';
    case 'Show':
      return `SHOW_${bound.what.replace(/ /g, '_')}`;
    default:
      return snake(stmt.kind === 'QueryStatement' ? 'Select' : stmt.kind);
  }
}

/** Whether every source of the plan ends by itself (bounded options of the built-in connectors). */
function isBoundedNode(node: PhysicalNode): boolean {
  if (node.kind === 'Values') return true;
  if (node.kind === 'TableSourceScan') {
    const o = node.options;
    switch (o.connector) {
      case 'datagen':
        return o['number-of-rows'] !== undefined;
      case 'filesystem':
        return o['source.monitor-interval'] === undefined;
      case 'values':
        return o.bounded !== 'false';
      case 'kafka':
        return o['scan.bounded.mode'] !== undefined && o['scan.bounded.mode'] !== 'unbounded';
      default:
        return false;
    }
  }
  if ('inputs' in node) return node.inputs.every(isBoundedNode);
  if ('input' in node) return isBoundedNode(node.input);
  return true;
}

export function traitsOf(
  sqlKind: string,
  columns: readonly ResultColumn[],
  roots: readonly PhysicalNode[],
): StatementTraits {
  const root = roots[0];
  const appendOnly = roots.every((r) => isInsertOnly(r.changelogMode));
  const upsert = root !== undefined && !appendOnly && root.kind !== 'Sink' ? (root.upsertKeys[0] ?? []) : [];
  return {
    sqlKind,
    isBounded: roots.every(isBoundedNode),
    isAppendOnly: appendOnly,
    upsertColumns: [...upsert],
    schema: { columns: wireColumns(columns) },
  };
}

const completedTraits = (sqlKind: string, columns: readonly ResultColumn[]): StatementTraits => ({
  sqlKind,
  isBounded: true,
  isAppendOnly: true,
  upsertColumns: [],
  schema: { columns: wireColumns(columns) },
});

/** Catalog failures are problems with the statement: report them as SqlErrors at the statement. */
export function asSqlError(e: unknown, stmt?: Statement): unknown {
  if (isSqlError(e)) return e;
  if (e instanceof CatalogError) {
    return new SqlError({
      code: 'VALIDATION',
      message: e.message,
      ...(stmt === undefined ? {} : { span: stmt.span }),
    });
  }
  return e;
}

const OK: UtilityResult = { columns: [{ name: 'result', type: T.string(false) }], rows: [['OK']] };

export class EngineSession {
  readonly catalogs: CatalogManager;
  readonly config: Map<string, string>;
  readonly connectors: ConnectorRegistry;
  private readonly onCatalogChange: ((statement: Statement, sql: string) => void) | undefined;
  /** Set by the gateway so `STOP JOB` can reach its statements. */
  jobControl: JobControl | undefined;

  constructor(options: EngineSessionOptions) {
    this.catalogs = options.catalogs;
    this.config = new Map(options.config ?? []);
    this.connectors = options.connectors ?? createConnectorRegistry();
    this.onCatalogChange = options.onCatalogChange;
  }

  /** Parses, binds and plans one statement; DDL and utility statements take effect here. */
  async prepare(sql: string): Promise<Execution> {
    const stmt = parseStatement(sql);
    try {
      await prefetchFor(this.catalogs, stmt);
      const bound = bindStatement(stmt, { catalogs: this.catalogs, config: this.config });
      return await this.prepareBound(stmt, bound, sql);
    } catch (e) {
      throw asSqlError(e, stmt);
    }
  }

  /** Prepares and, for queries and inserts, starts the job in this thread. */
  async execute(sql: string, options: RunOptions = {}): Promise<CompletedExecution | RunningStatement> {
    const prepared = await this.prepare(sql);
    return prepared.kind === 'completed' ? prepared : this.start(prepared, options);
  }

  start(prepared: JobExecution, options: RunOptions = {}): RunningStatement {
    return new RunningStatement(prepared.plan, prepared.columns, prepared.bound.kind === 'Query', {
      connectors: this.connectors,
      config: this.config,
      ...options,
    });
  }

  private completed(stmt: Statement, bound: BoundStatement, result: UtilityResult): CompletedExecution {
    return { kind: 'completed', traits: completedTraits(sqlKindOf(stmt, bound), result.columns), ...result };
  }

  private async prepareBound(stmt: Statement, bound: BoundStatement, sql: string): Promise<Execution> {
    const plannerOptions = { connectors: this.connectors, config: this.config };
    switch (bound.kind) {
      case 'CatalogAction':
        await this.catalogs.apply(bound.action);
        this.onCatalogChange?.(stmt, sql);
        return this.completed(stmt, bound, OK);
      case 'Set':
        if (bound.key === undefined) return this.completed(stmt, bound, setListing(this.config));
        this.config.set(bound.key, bound.value ?? '');
        return this.completed(stmt, bound, OK);
      case 'Reset':
        if (bound.key === undefined) this.config.clear();
        else this.config.delete(bound.key);
        return this.completed(stmt, bound, OK);
      case 'Show':
        return this.completed(stmt, bound, showResult(bound, this.catalogs));
      case 'Describe':
        return this.completed(stmt, bound, describeResult(bound, this.catalogs));
      case 'ShowCreate':
        return this.completed(stmt, bound, showCreateResult(bound, this.catalogs));
      case 'Explain': {
        const text = isExplainAnalyze(bound)
          ? await explainAnalyze(bound, plannerOptions)
          : explainStatement(bound, plannerOptions);
        return this.completed(stmt, bound, {
          columns: [{ name: 'plan', type: T.string(false) }],
          rows: [[text]],
        });
      }
      case 'StopJob': {
        if (this.jobControl === undefined) {
          throw new SqlError({
            code: 'VALIDATION',
            message: 'STOP JOB stops a statement running on the SQL gateway; submit it to the gateway',
            span: stmt.span,
          });
        }
        const path = await this.jobControl.stopJob(bound.jobId, {
          savepoint: bound.withSavepoint,
          drain: bound.withDrain,
        });
        return this.completed(
          stmt,
          bound,
          path === undefined
            ? OK
            : { columns: [{ name: 'savepoint path', type: T.string(false) }], rows: [[path]] },
        );
      }
      case 'NoOp':
        return this.completed(stmt, bound, { columns: OK.columns, rows: [[bound.reason]] });
      case 'Query':
      case 'Insert':
      case 'StatementSet':
      case 'CreateTableAs': {
        const snapshot = snapshotFor(this.catalogs, stmt);
        const plan = planStatement(bound, plannerOptions);
        if (bound.kind === 'CreateTableAs') {
          await this.catalogs.apply(bound.action);
          this.onCatalogChange?.(stmt, sql);
        }
        const columns: ResultColumn[] =
          bound.kind === 'Query'
            ? bound.plan.schema.map((f, i) => ({ name: bound.names[i] ?? f.name, type: f.type }))
            : [];
        return {
          kind: 'job',
          traits: traitsOf(sqlKindOf(stmt, bound), columns, plan.roots),
          columns,
          bound,
          plan,
          snapshot,
        };
      }
      default:
        throw new SqlError({
          code: 'VALIDATION',
          message: `${sqlKindOf(stmt, bound).replace(/_/g, ' ')} statements are not supported by the Tributary gateway`,
          span: stmt.span,
        });
    }
  }
}
