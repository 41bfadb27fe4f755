/**
 * After a gateway restart (kill -9 included): every stored statement comes back in its phase;
 * PENDING, RUNNING and FAILING ones are planned again and restarted from their latest checkpoint
 * (or the savepoint their run started from, or their sources' start-up offsets when they have none),
 * and `status.detail` says which.
 */
import { isSqlError } from '../../sql/index.ts';
import type { GatewayCatalogs } from '../catalogs.ts';
import { configFromProperties } from '../engine/properties.ts';
import type { EngineSession } from '../engine/session.ts';
import type { ComputePool } from '../pools/compute-pool.ts';
import { statementKey } from './checkpoints.ts';
import { LiveStatement } from './live.ts';
import type { StatementRecords } from './records.ts';
import { parseRestartStrategy } from './restart-strategy.ts';
import type { StatementRunner } from './runner.ts';

export interface RecoveryOptions {
  readonly records: StatementRecords;
  readonly catalogs: GatewayCatalogs;
  readonly pool: (environment: string, name: string) => ComputePool | undefined;
  readonly runner: StatementRunner;
  readonly resultBufferRows: number;
  /** Registers the recovered live statement (and gives its session STOP JOB's job control). */
  readonly register: (l: LiveStatement, session: EngineSession) => void;
}

export async function recoverStatements(o: RecoveryOptions): Promise<void> {
  const restarts: Promise<void>[] = [];
  for (const { environment: env, doc: s } of o.records.table.all()) {
    const name = s.metadata.name;
    const phase = s.status.phase;
    if (phase === 'DELETING') {
      o.records.table.delete(env, name);
      continue;
    }
    if (phase === 'STOPPING')
      o.records.setStatus(env, name, {
        phase: 'STOPPED',
        detail: 'Stopped: the gateway restarted while it was stopping.',
      });
    if (s.internal.result !== undefined || phase === 'COMPLETED' || phase === 'FAILED') continue;
    const pool = o.pool(env, s.spec.computePoolName);
    try {
      if (pool === undefined) throw new Error(`compute pool '${s.spec.computePoolName}' no longer exists`);
      const session = await o.catalogs.session(env, s.spec.properties, false);
      session.config.clear();
      for (const [k, v] of configFromProperties(s.spec.properties)) session.config.set(k, v);
      const prepared = await session.prepare(s.spec.statement);
      if (prepared.kind !== 'job') throw new Error('the statement no longer plans to a job');
      const l = new LiveStatement(
        env,
        name,
        pool,
        prepared,
        session.config,
        parseRestartStrategy(s.spec.properties),
        o.resultBufferRows,
        statementKey(env, s),
      );
      o.register(l, session);
      if (phase === 'RUNNING' || phase === 'PENDING' || phase === 'FAILING' || phase === 'DEGRADED') {
        restarts.push(o.runner.enqueue(l, `Restarted after a gateway restart (was ${phase}).`));
      }
    } catch (e) {
      const message = isSqlError(e) || e instanceof Error ? e.message : String(e);
      o.records.setStatus(env, name, {
        phase: 'FAILED',
        detail: `Could not be recovered after a gateway restart: ${message}`,
      });
    }
  }
  await Promise.all(restarts);
}
