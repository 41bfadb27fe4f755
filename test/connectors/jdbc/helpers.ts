/**
 * Test support for the jdbc connector: a sandboxed temp directory, SQLite files written directly
 * (as an external application would), and the engine's in-process SQL path — DDL into a catalog,
 * INSERT statements planned and built into jobs on a controllable clock, so tests can step a job,
 * change the database and move processing time between probe rows.
 */
import { mkdirSync, mkdtempSync, realpathSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { CatalogManager } from '../../../src/catalog/catalog-manager.ts';
import { createConnectorRegistry } from '../../../src/connectors/index.ts';
import { clearValuesConnector, valuesSinkResults } from '../../../src/connectors/values/values.ts';
import { bindStatement } from '../../../src/planner/index.ts';
import type { ConnectorRegistry } from '../../../src/planner/physical/connectors.ts';
import { buildJob } from '../../../src/planner/physical/job-builder.ts';
import { planStatement } from '../../../src/planner/physical/planner.ts';
import type { Job } from '../../../src/runtime/job.ts';
import { LookupJoinOperator } from '../../../src/runtime/operators/lookup-join.ts';
import { parseScript } from '../../../src/sql/index.ts';

export interface Sandbox {
  /** The allowed directory (real path). */
  readonly dir: string;
  /** A directory beside it that the sandbox does not allow. */
  readonly outside: string;
  remove(): void;
}

export function makeSandbox(): Sandbox {
  const root = realpathSync(mkdtempSync(join(tmpdir(), 'tributary-jdbc-')));
  const dir = join(root, 'allowed');
  const outside = join(root, 'outside');
  mkdirSync(dir);
  mkdirSync(outside);
  return { dir, outside, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Runs SQL directly on a SQLite file (creating it), as an application outside the engine would. */
export function sqlite(path: string, sql: string, ...params: unknown[]): unknown[] {
  const db = new Database(path);
  try {
    const stmt = db.prepare(sql);
    if (stmt.reader) return stmt.all(...params);
    stmt.run(...params);
    return [];
  } finally {
    db.close();
  }
}

/** Runs a multi-statement SQL script directly on a SQLite file. */
export function sqliteExec(path: string, script: string): void {
  const db = new Database(path);
  try {
    db.exec(script);
  } finally {
    db.close();
  }
}

export interface Clock {
  now: number;
}

/** A session of the engine's in-process SQL path: a catalog, a configuration and the built-in connectors. */
export class SqlSession {
  readonly catalogs = new CatalogManager();
  readonly config = new Map<string, string>();
  readonly connectors: ConnectorRegistry;

  constructor(allowedPaths: readonly string[]) {
    clearValuesConnector();
    this.connectors = createConnectorRegistry({ allowedPaths });
  }

  /** Runs DDL and SET statements. */
  async ddl(script: string): Promise<void> {
    const { statements, errors } = parseScript(script);
    if (errors.length > 0) throw new Error(errors.map((e) => e.message).join('\n'));
    for (const stmt of statements) {
      const bound = bindStatement(stmt, { catalogs: this.catalogs, config: this.config });
      if (bound.kind === 'CatalogAction') await this.catalogs.apply(bound.action);
      else if (bound.kind === 'Set' && bound.key !== undefined) this.config.set(bound.key, bound.value ?? '');
      else throw new Error(`ddl() runs DDL and SET only, got ${bound.kind}`);
    }
  }

  /** Plans and builds one INSERT statement into a job on `clock` (not opened yet). */
  async build(insert: string, clock: Clock = { now: 0 }): Promise<Job> {
    const { statements, errors } = parseScript(insert);
    if (errors.length > 0 || statements.length !== 1) throw new Error(`one statement expected: ${insert}`);
    const bound = bindStatement(statements[0]!, { catalogs: this.catalogs, config: this.config });
    const options = { connectors: this.connectors, config: this.config };
    const plan = planStatement(bound, options);
    const { job } = buildJob(plan.roots, { ...options, job: { clock: () => clock.now } });
    await job.prepare();
    job.open();
    return job;
  }

  /** Runs an INSERT statement to its end. */
  async run(insert: string, clock?: Clock): Promise<Job> {
    const job = await this.build(insert, clock);
    try {
      job.runToCompletion();
    } finally {
      job.close();
    }
    return job;
  }
}

/** Steps `job` until `done()` holds; fails when the job can make no more progress before that. */
export function stepUntil(job: Job, done: () => boolean, maxSteps = 10_000): void {
  for (let i = 0; i < maxSteps; i++) {
    if (done()) return;
    if (!job.step() && !done()) throw new Error('The job cannot make progress before the condition holds');
  }
  throw new Error(`The condition did not hold within ${maxSteps} steps`);
}

/** The lookup join operator of a built job. */
export function lookupJoinOf(job: Job): LookupJoinOperator {
  for (const task of job.tasks) {
    for (const op of task.operators) if (op instanceof LookupJoinOperator) return op;
  }
  throw new Error('The job has no lookup join');
}

/** The changelog a `values` sink table recorded. */
export const sinkRows = (table: string): string[] => valuesSinkResults(table);
