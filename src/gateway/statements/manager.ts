/**
 * Statements: creation (DDL and utility statements complete at once; queries and inserts wait in
 * PENDING for room on their compute pool), stop (with a savepoint) and resume, delete, STOP JOB,
 * exceptions, plans and checkpoint history. Running them is runner.ts, reading their results
 * results.ts, bringing them back after a gateway restart recovery.ts. Every phase change is written
 * to SQLite.
 */
import type { Logger } from 'pino';
import { explainJson } from '../../planner/explain/explain.ts';
import { SqlError } from '../../sql/index.ts';
import { readCheckpoint } from '../../state/checkpoint/metadata.ts';
import { maskSecrets } from '../auth/redact.ts';
import type { GatewayCatalogs } from '../catalogs.ts';
import type { EngineSession, JobControl } from '../engine/session.ts';
import { encodeRow } from '../engine/wire.ts';
import type { ComputePool } from '../pools/compute-pool.ts';
import {
  API_VERSION,
  conflict,
  GatewayError,
  newMetadata,
  type StatementException,
  type StatementPhase,
  type StatementSpec,
  type StoredStatement,
} from '../resources.ts';
import type { StatementTable } from '../store/repositories.ts';
import { initialSavepoint, removeStatementState, statementKey } from './checkpoints.ts';
import { type CheckpointsView, checkpointsView } from './checkpoints-view.ts';
import { LiveStatement } from './live.ts';
import { StatementRecords } from './records.ts';
import { recoverStatements } from './recovery.ts';
import { parseRestartStrategy } from './restart-strategy.ts';
import { type ResultPage, StatementResults } from './results.ts';
import { describeRestore, StatementRunner, type StopOutcome } from './runner.ts';

export interface StatementManagerOptions {
  readonly table: StatementTable<StoredStatement>;
  readonly catalogs: GatewayCatalogs;
  readonly pool: (environment: string, name: string) => ComputePool | undefined;
  readonly environmentDefaults: (environment: string) => Readonly<Record<string, string>> | undefined;
  readonly logger: Logger;
  readonly resultBufferRows: number;
  readonly maxRunningPerKey: number;
  /** The server's data directory: default `<dataDir>/checkpoints` and `<dataDir>/savepoints`. */
  readonly dataDir?: string;
}

export interface CreateStatementInput {
  readonly name?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly spec: Partial<StatementSpec> & { readonly statement: string };
}

const ACTIVE: readonly StatementPhase[] = ['PENDING', 'RUNNING', 'FAILING'];

function stoppedDetail(outcome: StopOutcome, resumesFrom: string): string {
  if (outcome.savepoint !== undefined)
    return `Stopped by request (spec.stopped = true) with savepoint ${outcome.savepoint.checkpointId} (${outcome.savepoint.path}); setting spec.stopped to false resumes from it.`;
  if (outcome.savepointError !== undefined)
    return `Stopped by request (spec.stopped = true) without a savepoint (${outcome.savepointError}); resuming restarts ${resumesFrom}.`;
  return 'Stopped by request (spec.stopped = true).';
}

export class StatementManager {
  private readonly live = new Map<string, LiveStatement>();
  private closing = false;
  private readonly records: StatementRecords;
  private readonly runner: StatementRunner;
  private readonly reader: StatementResults;

  constructor(private readonly o: StatementManagerOptions) {
    this.records = new StatementRecords(o.table, o.logger);
    this.runner = new StatementRunner({
      records: this.records,
      live: () => this.live.values(),
      dataDir: o.dataDir,
      closing: () => this.closing,
      logger: o.logger,
    });
    this.reader = new StatementResults(this.records, (env, name) => this.live.get(`${env}/${name}`));
  }

  get(env: string, name: string): StoredStatement {
    return this.records.get(env, name);
  }

  page(
    env: string,
    size: number,
    token: string | undefined,
    phase: string | undefined,
    pool: string | undefined,
  ): { items: StoredStatement[]; next?: string } {
    try {
      return this.o.table.page(env, size, token, phase, pool);
    } catch (e) {
      throw new GatewayError(
        400,
        'INVALID_PAGE_TOKEN',
        `page_token is not a token this server issued (${e instanceof Error ? e.message : String(e)}); use metadata.next of the previous page`,
      );
    }
  }

  liveStatements(): readonly LiveStatement[] {
    return [...this.live.values()];
  }

  /** `STOP JOB` for sessions of environment `env`. */
  private jobControl(env: string): JobControl {
    return { stopJob: (jobId, options) => this.stopJob(env, jobId, options.savepoint, options.drain) };
  }

  /** Creates a statement; bad SQL throws a SqlError (400) and stores nothing. */
  async create(
    env: string,
    input: CreateStatementInput,
    owner: string | undefined,
    session?: EngineSession,
  ): Promise<StoredStatement> {
    const name = input.name ?? `stmt-${crypto.randomUUID().slice(0, 13)}`;
    if (this.o.table.get(env, name) !== undefined)
      throw conflict(`Statement '${name}' already exists in environment '${env}'`);
    const poolName = input.spec.computePoolName ?? 'default-pool';
    const pool = this.o.pool(env, poolName);
    if (pool === undefined)
      throw new GatewayError(
        400,
        'UNKNOWN_COMPUTE_POOL',
        `Compute pool '${poolName}' does not exist in environment '${env}'; create it or set spec.computePoolName`,
      );
    const properties = { ...(this.o.environmentDefaults(env) ?? {}), ...(input.spec.properties ?? {}) };
    if (session !== undefined) for (const [k, v] of session.config) properties[k] = properties[k] ?? v;
    const strategy = (() => {
      try {
        return parseRestartStrategy(properties);
      } catch (e) {
        throw new GatewayError(400, 'INVALID_PROPERTY', e instanceof Error ? e.message : String(e));
      }
    })();
    const engine = session ?? (await this.o.catalogs.session(env, properties));
    engine.jobControl = this.jobControl(env);
    const prepared = await engine.prepare(input.spec.statement);
    // Only a statement that runs a job counts: a key at its limit can still SHOW, DESCRIBE, EXPLAIN.
    if (
      prepared.kind !== 'completed' &&
      owner !== undefined &&
      this.countActive(owner) >= this.o.maxRunningPerKey
    ) {
      throw new GatewayError(
        429,
        'TOO_MANY_STATEMENTS',
        `API key '${owner}' already has ${this.o.maxRunningPerKey} pending or running statements; stop or delete one first`,
      );
    }
    const spec: StatementSpec = {
      statement: input.spec.statement,
      properties,
      computePoolName: poolName,
      parallelism: input.spec.parallelism ?? 1,
      stopped: input.spec.stopped ?? false,
      ...(input.spec.startFromSavepoint === undefined
        ? {}
        : { startFromSavepoint: input.spec.startFromSavepoint }),
    };
    const base = {
      apiVersion: API_VERSION,
      kind: 'Statement' as const,
      metadata: newMetadata(name, input.labels),
      spec,
    };
    if (prepared.kind === 'completed') {
      const types = prepared.columns.map((c) => c.type);
      const data = prepared.rows.map((row) => ({ op: 0, row: encodeRow(row, types) }));
      return this.records.save(env, {
        ...base,
        status: {
          phase: 'COMPLETED',
          detail: 'Statement completed while being submitted.',
          traits: prepared.traits,
          restarts: 0,
        },
        internal: {
          ...(owner ? { owner } : {}),
          exceptions: [],
          result: { columns: prepared.traits.schema.columns, data },
        },
      });
    }
    const restorePoint = await this.savepointToStartFrom(spec, engine.config);
    const draft: StoredStatement = {
      ...base,
      status: {
        phase: 'PENDING',
        detail: 'Waiting for the compute pool.',
        traits: prepared.traits,
        restarts: 0,
      },
      internal: { ...(owner ? { owner } : {}), exceptions: [], ...(restorePoint ? { restorePoint } : {}) },
    };
    const live = new LiveStatement(
      env,
      name,
      pool,
      prepared,
      engine.config,
      strategy,
      this.o.resultBufferRows,
      statementKey(env, draft),
    );
    live.restoreFrom = restorePoint === undefined ? undefined : { ...restorePoint, kind: 'savepoint' };
    this.live.set(live.key, live);
    const stored = this.records.save(env, {
      ...draft,
      status: spec.stopped
        ? {
            phase: 'STOPPED',
            detail: 'Created stopped (spec.stopped = true); set spec.stopped to false to run it.',
            traits: prepared.traits,
            restarts: 0,
          }
        : {
            ...draft.status,
            detail: `Waiting for the compute pool; it starts ${describeRestore(live.restoreFrom)}.`,
          },
    });
    if (!spec.stopped) this.runner.schedule(pool);
    return this.o.table.get(env, name) ?? stored;
  }

  /** The savepoint a new statement starts from, checked to be a complete one (400 otherwise). */
  private async savepointToStartFrom(
    spec: StatementSpec,
    config: ReadonlyMap<string, string>,
  ): Promise<{ path: string; checkpointId: number } | undefined> {
    const path = initialSavepoint(spec, config);
    if (path === undefined) return undefined;
    try {
      const checkpoint = await readCheckpoint(path);
      return { path, checkpointId: checkpoint.metadata.checkpointId };
    } catch (e) {
      throw new GatewayError(
        400,
        'INVALID_SAVEPOINT',
        `Cannot start from savepoint '${path}': ${e instanceof Error ? e.message : String(e)}; give the directory of a savepoint or retained checkpoint (spec.startFromSavepoint or 'execution.savepoint.path')`,
      );
    }
  }

  private countActive(owner: string): number {
    let n = 0;
    for (const l of this.live.values()) {
      const s = this.o.table.get(l.environment, l.name);
      if (s?.internal.owner === owner && ACTIVE.includes(s.status.phase)) n++;
    }
    return n;
  }

  /** Starts PENDING statements of a pool, oldest first, while it has room. */
  schedule(pool: ComputePool): void {
    this.runner.schedule(pool);
  }

  /** PUT: `spec.stopped` stops (with a savepoint) or resumes; other spec fields are fixed once created. */
  async update(env: string, name: string, spec: Partial<StatementSpec>): Promise<StoredStatement> {
    const s = this.records.get(env, name);
    for (const key of ['statement', 'computePoolName', 'startFromSavepoint'] as const) {
      const given = spec[key];
      const stored = s.spec[key];
      // the statement may come back as GET showed it, its credentials masked
      const unchanged = given === stored || (key === 'statement' && given === maskSecrets(s.spec.statement));
      if (given !== undefined && !unchanged)
        throw new GatewayError(
          400,
          'IMMUTABLE_FIELD',
          `spec.${key} cannot change after creation; create a new statement`,
        );
    }
    const l = this.live.get(`${env}/${name}`);
    if (spec.stopped === true && !s.spec.stopped) {
      this.records.save(env, { ...s, spec: { ...s.spec, stopped: true } });
      const wasRunning = l?.worker !== undefined;
      const outcome = l === undefined ? {} : await this.runner.halt(l, 'stop', { drain: false });
      const after = this.records.get(env, name);
      if (wasRunning && outcome.savepointError !== undefined) {
        this.records.addException(env, name, {
          name: 'Error',
          message: `Stopped without a savepoint: ${outcome.savepointError}`,
          timestamp: new Date().toISOString(),
        });
      }
      if (after.status.phase !== 'COMPLETED' && after.status.phase !== 'FAILED')
        this.records.setStatus(env, name, {
          phase: 'STOPPED',
          detail: stoppedDetail(outcome, 'from its latest checkpoint, if one is retained'),
        });
    } else if (spec.stopped === false && s.spec.stopped) {
      this.records.save(env, { ...s, spec: { ...s.spec, stopped: false } });
      if (l !== undefined && l.worker === undefined) {
        l.ending = undefined;
        l.attempt = 0;
        l.buffer.reopen();
        await this.runner.enqueue(l, 'Resumed (spec.stopped = false).');
      }
    }
    return this.records.get(env, name);
  }

  /** `STOP JOB '<name>' [WITH SAVEPOINT] [WITH DRAIN]`: resolves with the savepoint path. */
  private async stopJob(
    env: string,
    name: string,
    savepoint: boolean,
    drain: boolean,
  ): Promise<string | undefined> {
    const s = this.records.find(env, name);
    const l = this.live.get(`${env}/${name}`);
    if (s === undefined || l === undefined || l.worker === undefined) {
      throw new SqlError({
        code: 'VALIDATION',
        message:
          s === undefined
            ? `No statement '${name}' in environment '${env}': STOP JOB takes the name of a running statement`
            : `Statement '${name}' is not running (${s.status.phase}); only a running statement can be stopped`,
      });
    }
    if (!savepoint) {
      await this.update(env, name, { stopped: true });
      return undefined;
    }
    l.ending = 'stop';
    this.records.setStatus(env, name, {
      phase: 'STOPPING',
      detail: 'Stopping: taking a savepoint (STOP JOB).',
    });
    const outcome = await this.runner.stopWithSavepoint(l, drain);
    if (outcome.savepoint === undefined) {
      // As in Flink, a failed stop-with-savepoint leaves the job running.
      l.ending = undefined;
      if (l.worker !== undefined)
        this.records.setStatus(env, name, {
          phase: 'RUNNING',
          detail: 'Running (a stop with savepoint failed).',
        });
      throw new SqlError({
        code: 'VALIDATION',
        message: `Could not take a savepoint of statement '${name}': ${outcome.savepointError}; it keeps running`,
      });
    }
    await this.runner.halt(l, 'stop');
    const after = this.records.get(env, name);
    this.records.save(env, { ...after, spec: { ...after.spec, stopped: true } });
    this.records.setStatus(env, name, { phase: 'STOPPED', detail: stoppedDetail(outcome, '') });
    return outcome.savepoint.path;
  }

  async delete(env: string, name: string): Promise<void> {
    const s = this.records.get(env, name);
    const l = this.live.get(`${env}/${name}`);
    if (l !== undefined) {
      this.records.setStatus(env, name, { phase: 'DELETING', detail: 'Deleting: the job is being stopped.' });
      await this.runner.halt(l, 'delete');
      this.live.delete(l.key);
    }
    this.o.table.delete(env, name);
    await removeStatementState(this.o.dataDir, statementKey(env, s));
  }

  exceptions(env: string, name: string): readonly StatementException[] {
    return this.records.get(env, name).internal.exceptions;
  }

  plan(env: string, name: string): { plan: unknown; operators: readonly unknown[] } {
    const s = this.records.get(env, name);
    const l = this.live.get(`${env}/${name}`);
    if (l === undefined) {
      throw new GatewayError(
        404,
        'NO_PLAN',
        `Statement '${name}' (${s.status.traits?.sqlKind ?? 'utility'}) has no running job plan${s.status.phase === 'COMPLETED' ? ' (it completed while being submitted)' : ''}`,
      );
    }
    return { plan: explainJson(l.prepared.plan.roots), operators: l.operatorMetrics };
  }

  /** Checkpoint counts, latest checkpoints and history, newest first (empty for a statement without a job). */
  checkpoints(env: string, name: string): CheckpointsView {
    const s = this.records.get(env, name);
    return checkpointsView(s, this.live.get(`${env}/${name}`)?.checkpoints);
  }

  /** One page of results from `offset`, waiting up to `waitMs` for rows; reading acknowledges older rows. */
  results(
    env: string,
    name: string,
    offset: number | undefined,
    waitMs: number,
    max: number,
  ): Promise<ResultPage> {
    return this.reader.read(env, name, offset, waitMs, max, true);
  }

  /** Like `results` but acknowledges nothing (WebSocket streams acknowledge explicitly). */
  peek(env: string, name: string, offset: number, waitMs: number, max: number): Promise<ResultPage> {
    return this.reader.read(env, name, offset, waitMs, max, false);
  }

  acknowledge(env: string, name: string, offset: number): void {
    this.reader.acknowledge(env, name, offset);
  }

  /** After a restart: statements come back in their phases; running ones resume from their latest checkpoint. */
  async recover(): Promise<void> {
    await recoverStatements({
      records: this.records,
      catalogs: this.o.catalogs,
      pool: this.o.pool,
      runner: this.runner,
      resultBufferRows: this.o.resultBufferRows,
      register: (l, session) => {
        session.jobControl = this.jobControl(l.environment);
        this.live.set(l.key, l);
      },
    });
  }

  /** Shutdown: stop every worker; phases stay as they are so a restart resumes them. */
  async close(): Promise<void> {
    this.closing = true;
    await Promise.all(
      [...this.live.values()].map(async (l) => {
        if (l.restartTimer !== undefined) clearTimeout(l.restartTimer);
        await l.worker?.terminate();
      }),
    );
  }

  hasStatementsOn(env: string, pool: string): boolean {
    return [...this.live.values()].some((l) => l.environment === env && l.pool.name === pool);
  }
}
