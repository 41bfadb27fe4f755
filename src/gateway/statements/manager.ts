/**
 * Statements: creation (DDL and utility statements complete at once; queries and inserts wait in
 * PENDING for room on their compute pool), phases, stop/resume, delete, restart strategies, results,
 * exceptions, plans, and recovery after a gateway restart. Every phase change is written to SQLite.
 */
import type { Logger } from 'pino';
import { explainJson } from '../../planner/explain/explain.ts';
import { isSqlError } from '../../sql/index.ts';
import type { GatewayCatalogs } from '../catalogs.ts';
import { configFromProperties } from '../engine/properties.ts';
import type { EngineSession, JobExecution } from '../engine/session.ts';
import { encodeRow } from '../engine/wire.ts';
import type { ComputePool } from '../pools/compute-pool.ts';
import type { FromWorker } from '../pools/messages.ts';
import {
  API_VERSION,
  conflict,
  GatewayError,
  newMetadata,
  notFound,
  type StatementException,
  type StatementPhase,
  type StatementSpec,
  type StatementStatus,
  type StoredStatement,
  touched,
} from '../resources.ts';
import type { StatementTable } from '../store/repositories.ts';
import { LiveStatement } from './live.ts';
import { parseRestartStrategy, restartDelay } from './restart-strategy.ts';
import type { ResultSlice } from './result-buffer.ts';

export interface StatementManagerOptions {
  readonly table: StatementTable<StoredStatement>;
  readonly catalogs: GatewayCatalogs;
  readonly pool: (environment: string, name: string) => ComputePool | undefined;
  readonly environmentDefaults: (environment: string) => Readonly<Record<string, string>> | undefined;
  readonly logger: Logger;
  readonly resultBufferRows: number;
  readonly maxRunningPerKey: number;
}

export interface CreateStatementInput {
  readonly name?: string;
  readonly labels?: Readonly<Record<string, string>>;
  readonly spec: Partial<StatementSpec> & { readonly statement: string };
}

const ACTIVE: readonly StatementPhase[] = ['PENDING', 'RUNNING', 'FAILING'];
const MAX_EXCEPTIONS = 10;
const STOP_TIMEOUT_MS = 10_000;

export class StatementManager {
  private readonly live = new Map<string, LiveStatement>();
  private closing = false;

  constructor(private readonly o: StatementManagerOptions) {}

  private stored(env: string, name: string): StoredStatement {
    const s = this.o.table.get(env, name);
    if (s === undefined) throw notFound('Statement', `${env}/${name}`);
    return s;
  }

  get(env: string, name: string): StoredStatement {
    return this.stored(env, name);
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

  private save(env: string, s: StoredStatement): StoredStatement {
    this.o.table.put(env, s);
    return s;
  }

  private setStatus(
    env: string,
    name: string,
    patch: Partial<StatementStatus>,
    extra?: Partial<StoredStatement['internal']>,
  ): StoredStatement | undefined {
    const s = this.o.table.get(env, name);
    if (s === undefined) return undefined;
    const next: StoredStatement = {
      ...s,
      metadata: touched(s.metadata),
      status: { ...s.status, ...patch },
      internal: { ...s.internal, ...extra },
    };
    if (patch.phase !== undefined && patch.phase !== s.status.phase)
      this.o.logger.info({ statement: `${env}/${name}`, phase: patch.phase }, 'statement phase');
    return this.save(env, next);
  }

  private addException(env: string, name: string, e: StatementException): void {
    const s = this.o.table.get(env, name);
    if (s === undefined) return;
    this.setStatus(env, name, {}, { exceptions: [e, ...s.internal.exceptions].slice(0, MAX_EXCEPTIONS) });
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
    if (owner !== undefined && this.countActive(owner) >= this.o.maxRunningPerKey) {
      throw new GatewayError(
        429,
        'TOO_MANY_STATEMENTS',
        `API key '${owner}' already has ${this.o.maxRunningPerKey} pending or running statements; stop or delete one first`,
      );
    }
    const engine = session ?? (await this.o.catalogs.session(env, properties));
    const prepared = await engine.prepare(input.spec.statement);
    const spec: StatementSpec = {
      statement: input.spec.statement,
      properties,
      computePoolName: poolName,
      parallelism: input.spec.parallelism ?? 1,
      stopped: input.spec.stopped ?? false,
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
      return this.save(env, {
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
    const live = new LiveStatement(
      env,
      name,
      pool,
      prepared,
      engine.config,
      strategy,
      this.o.resultBufferRows,
    );
    this.live.set(live.key, live);
    const stored = this.save(env, {
      ...base,
      status: spec.stopped
        ? {
            phase: 'STOPPED',
            detail: 'Created stopped (spec.stopped = true); set spec.stopped to false to run it.',
            traits: prepared.traits,
            restarts: 0,
          }
        : { phase: 'PENDING', detail: 'Waiting for the compute pool.', traits: prepared.traits, restarts: 0 },
      internal: { ...(owner ? { owner } : {}), exceptions: [] },
    });
    if (!spec.stopped) this.schedule(pool);
    return this.o.table.get(env, name) ?? stored;
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
    if (this.closing) return;
    const pending = [...this.live.values()]
      .filter((l) => l.pool === pool && l.worker === undefined && l.restartTimer === undefined)
      .map((l) => ({ l, s: this.o.table.get(l.environment, l.name) }))
      .filter((x): x is { l: LiveStatement; s: StoredStatement } => x.s?.status.phase === 'PENDING')
      .sort((a, b) => a.s.metadata.creationTimestamp.localeCompare(b.s.metadata.creationTimestamp));
    for (const { l, s } of pending) {
      const cfu = s.spec.parallelism;
      if (!pool.hasRoom(cfu)) {
        const detail = `Waiting for compute pool '${pool.name}': ${pool.currentCfu} of ${pool.maxCfu} CFUs in use, this statement needs ${cfu}.`;
        if (s.status.detail !== detail) this.setStatus(l.environment, l.name, { detail });
        continue;
      }
      this.startWorker(l, s);
    }
  }

  private startWorker(l: LiveStatement, s: StoredStatement): void {
    const prepared: JobExecution = l.prepared;
    l.runStartedAt = Date.now();
    l.worker = l.pool.spawn(
      {
        type: 'start',
        sql: s.spec.statement,
        config: [...l.config],
        snapshot: prepared.snapshot,
        bufferRows: Math.min(1024, l.bufferRows),
      },
      s.spec.parallelism,
      {
        onMessage: (m) => this.onWorkerMessage(l, m),
        onExit: (code) =>
          this.onWorkerMessage(l, {
            type: 'failed',
            error: { message: `The worker thread exited unexpectedly (code ${code})` },
          }),
      },
      () => this.schedule(l.pool),
    );
    l.buffer.replenish();
    const restarted = s.status.detail.startsWith('Restarted') ? s.status.detail : '';
    this.setStatus(l.environment, l.name, {
      phase: 'RUNNING',
      detail:
        restarted ||
        (l.attempt > 0
          ? `Running again after restart ${l.attempt}.`
          : `Running on compute pool '${l.pool.name}'.`),
      startTime: new Date().toISOString(),
    });
  }

  private onWorkerMessage(l: LiveStatement, m: FromWorker): void {
    switch (m.type) {
      case 'rows':
        l.buffer.append(m.batch);
        return;
      case 'metrics':
        l.recordMetrics(m.operators);
        return;
      case 'end':
        l.recordMetrics(m.operators);
        l.buffer.finish();
        this.workerDone(l, m.state === 'FINISHED' && l.ending === undefined ? 'COMPLETED' : 'STOPPED');
        return;
      case 'failed': {
        const now = new Date().toISOString();
        this.addException(l.environment, l.name, {
          name: m.error.sql ? 'SqlError' : 'Error',
          message: m.error.message,
          timestamp: now,
          ...(m.error.sql ? { sqlError: m.error.sql } : {}),
        });
        l.buffer.finish();
        if (l.ending !== undefined) {
          this.workerDone(l, 'STOPPED');
          return;
        }
        const attempt = l.attempt + 1;
        const delay = restartDelay(l.strategy, attempt, Date.now() - l.runStartedAt);
        if (delay === undefined) {
          this.workerDone(l, 'FAILED', `Failed: ${m.error.message}`);
          return;
        }
        l.attempt = attempt;
        const s = this.setStatus(l.environment, l.name, {
          phase: 'FAILING',
          detail: `Failed (${m.error.message}); restart ${attempt} in ${delay} ms (${l.strategy.type}).`,
        });
        l.workerEnded();
        l.restartTimer = setTimeout(() => {
          l.restartTimer = undefined;
          l.buffer = l.newBuffer();
          this.setStatus(l.environment, l.name, {
            phase: 'PENDING',
            restarts: (s?.status.restarts ?? 0) + 1,
            detail: `Restarting (attempt ${attempt}).`,
          });
          this.schedule(l.pool);
        }, delay);
        return;
      }
    }
  }

  private workerDone(l: LiveStatement, phase: StatementPhase, detail?: string): void {
    const ending = l.ending;
    l.workerEnded();
    if (ending === 'delete') return;
    const text =
      detail ??
      (phase === 'COMPLETED'
        ? 'Completed: every source ended.'
        : ending === 'stop'
          ? 'Stopped by request (spec.stopped = true).'
          : 'Stopped.');
    this.setStatus(l.environment, l.name, { phase, detail: text });
  }

  /** PUT: `spec.stopped` stops or resumes; other spec fields are fixed once created. */
  async update(env: string, name: string, spec: Partial<StatementSpec>): Promise<StoredStatement> {
    const s = this.stored(env, name);
    for (const key of ['statement', 'computePoolName'] as const) {
      if (spec[key] !== undefined && spec[key] !== s.spec[key])
        throw new GatewayError(
          400,
          'IMMUTABLE_FIELD',
          `spec.${key} cannot change after creation; create a new statement`,
        );
    }
    const l = this.live.get(`${env}/${name}`);
    if (spec.stopped === true && !s.spec.stopped) {
      this.save(env, { ...s, spec: { ...s.spec, stopped: true } });
      if (l !== undefined) await this.halt(l, 'stop');
      const after = this.stored(env, name);
      if (after.status.phase !== 'COMPLETED' && after.status.phase !== 'FAILED')
        this.setStatus(env, name, { phase: 'STOPPED', detail: 'Stopped by request (spec.stopped = true).' });
    } else if (spec.stopped === false && s.spec.stopped) {
      this.save(env, { ...s, spec: { ...s.spec, stopped: false } });
      if (l !== undefined && l.worker === undefined) {
        l.ending = undefined;
        l.attempt = 0;
        l.buffer = l.newBuffer();
        this.setStatus(env, name, {
          phase: 'PENDING',
          detail: 'Resumed (spec.stopped = false); it restarts from its start-up offsets.',
        });
        this.schedule(l.pool);
      }
    }
    return this.stored(env, name);
  }

  /** Stops a live statement's worker, waiting (bounded) for the job to close its sinks. */
  private async halt(l: LiveStatement, why: 'stop' | 'delete'): Promise<void> {
    l.ending = why;
    if (l.restartTimer !== undefined) {
      clearTimeout(l.restartTimer);
      l.restartTimer = undefined;
    }
    const worker = l.worker;
    if (worker === undefined) return;
    if (why === 'stop')
      this.setStatus(l.environment, l.name, {
        phase: 'STOPPING',
        detail: 'Stopping: the job closes its sinks.',
      });
    const ended = l.whenWorkerEnds();
    worker.cancel();
    const timeout = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), STOP_TIMEOUT_MS).unref());
    if ((await Promise.race([ended, timeout])) === 'timeout') {
      await worker.terminate();
      l.workerEnded();
    }
    l.buffer.finish();
  }

  async delete(env: string, name: string): Promise<void> {
    this.stored(env, name);
    const l = this.live.get(`${env}/${name}`);
    if (l !== undefined) {
      this.setStatus(env, name, { phase: 'DELETING', detail: 'Deleting: the job is being stopped.' });
      await this.halt(l, 'delete');
      this.live.delete(l.key);
    }
    this.o.table.delete(env, name);
  }

  exceptions(env: string, name: string): readonly StatementException[] {
    return this.stored(env, name).internal.exceptions;
  }

  plan(env: string, name: string): { plan: unknown; operators: readonly unknown[] } {
    const s = this.stored(env, name);
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

  /** One page of results from `offset`, waiting up to `waitMs` for rows; reading acknowledges older rows. */
  results(
    env: string,
    name: string,
    offset: number | undefined,
    waitMs: number,
    max: number,
  ): Promise<ResultSlice & { columns: unknown }> {
    return this.read(env, name, offset, waitMs, max, true);
  }

  /** Like `results` but acknowledges nothing (WebSocket streams acknowledge explicitly). */
  peek(
    env: string,
    name: string,
    offset: number,
    waitMs: number,
    max: number,
  ): Promise<ResultSlice & { columns: unknown }> {
    return this.read(env, name, offset, waitMs, max, false);
  }

  acknowledge(env: string, name: string, offset: number): void {
    this.live.get(`${env}/${name}`)?.buffer.acknowledge(offset);
  }

  private async read(
    env: string,
    name: string,
    offset: number | undefined,
    waitMs: number,
    max: number,
    ack: boolean,
  ): Promise<ResultSlice & { columns: unknown }> {
    const s = this.stored(env, name);
    const columns = s.status.traits?.schema.columns ?? [];
    const stored = s.internal.result;
    if (stored !== undefined) {
      const from = offset ?? 0;
      const data = stored.data.slice(from, from + max) as ResultSlice['data'];
      const next = from + data.length;
      return { from, next, data, complete: next >= stored.data.length, columns };
    }
    const l = this.live.get(`${env}/${name}`);
    if (l === undefined) return { from: offset ?? 0, next: offset ?? 0, data: [], complete: true, columns };
    const buffer = l.buffer;
    const from = offset ?? buffer.start;
    if (from < buffer.start) {
      throw new GatewayError(
        410,
        'RESULTS_GONE',
        `Rows before offset ${buffer.start} were acknowledged and dropped; continue from the latest page token`,
      );
    }
    if (ack) buffer.acknowledge(from);
    await buffer.wait(from, waitMs);
    // a restart may have replaced the buffer while we waited
    return { ...l.buffer.read(from, max), columns };
  }

  /** After a restart: statements come back in their phases; running ones restart from their start-up offsets. */
  async recover(): Promise<void> {
    for (const { environment: env, doc: s } of this.o.table.all()) {
      const phase = s.status.phase;
      if (phase === 'DELETING') {
        this.o.table.delete(env, s.metadata.name);
        continue;
      }
      if (phase === 'STOPPING')
        this.setStatus(env, s.metadata.name, {
          phase: 'STOPPED',
          detail: 'Stopped: the gateway restarted while it was stopping.',
        });
      if (s.internal.result !== undefined || phase === 'COMPLETED' || phase === 'FAILED') continue;
      const pool = this.o.pool(env, s.spec.computePoolName);
      try {
        if (pool === undefined) throw new Error(`compute pool '${s.spec.computePoolName}' no longer exists`);
        const session = await this.o.catalogs.session(env, s.spec.properties, false);
        session.config.clear();
        for (const [k, v] of configFromProperties(s.spec.properties)) session.config.set(k, v);
        const prepared = await session.prepare(s.spec.statement);
        if (prepared.kind !== 'job') throw new Error('the statement no longer plans to a job');
        const l = new LiveStatement(
          env,
          s.metadata.name,
          pool,
          prepared,
          session.config,
          parseRestartStrategy(s.spec.properties),
          this.o.resultBufferRows,
        );
        this.live.set(l.key, l);
        if (phase === 'RUNNING' || phase === 'PENDING' || phase === 'FAILING' || phase === 'DEGRADED') {
          this.setStatus(env, s.metadata.name, {
            phase: 'PENDING',
            detail: `Restarted after a gateway restart (was ${phase}); it re-reads its sources from their start-up offsets.`,
          });
        }
      } catch (e) {
        const message = isSqlError(e) || e instanceof Error ? e.message : String(e);
        this.setStatus(env, s.metadata.name, {
          phase: 'FAILED',
          detail: `Could not be recovered after a gateway restart: ${message}`,
        });
      }
    }
    const pools = new Set([...this.live.values()].map((l) => l.pool));
    for (const pool of pools) this.schedule(pool);
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
