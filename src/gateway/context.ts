/** Everything the routes and the WebSocket handler share. */
import type { Logger } from 'pino';
import type { ApiKeys } from './auth/keys.ts';
import type { GatewayCatalogs } from './catalogs.ts';
import type { GatewayConfig } from './config.ts';
import type { GatewayMetrics } from './metrics.ts';
import { ComputePool } from './pools/compute-pool.ts';
import { API_VERSION, type ComputePoolResource, type EnvironmentResource, notFound } from './resources.ts';
import type { StatementManager } from './statements/manager.ts';
import type { DocumentTable, PoolTable } from './store/repositories.ts';

export interface GatewayContext {
  readonly config: GatewayConfig;
  readonly logger: Logger;
  readonly environments: DocumentTable<EnvironmentResource>;
  readonly poolDocs: PoolTable<ComputePoolResource>;
  readonly pools: Map<string, ComputePool>;
  readonly statements: StatementManager;
  readonly keys: ApiKeys;
  readonly catalogs: GatewayCatalogs;
  readonly metrics: GatewayMetrics;
}

export const poolKey = (env: string, name: string): string => `${env}/${name}`;

export function environmentOrThrow(ctx: GatewayContext, env: string): EnvironmentResource {
  const e = ctx.environments.get(env);
  if (e === undefined) throw notFound('Environment', env);
  return e;
}

/** The live pool object for a stored pool (created on first use). */
export function livePool(ctx: GatewayContext, doc: ComputePoolResource, env: string): ComputePool {
  const key = poolKey(env, doc.metadata.name);
  let pool = ctx.pools.get(key);
  if (pool === undefined) {
    pool = new ComputePool(env, doc.metadata.name, doc.spec.maxCfu);
    ctx.pools.set(key, pool);
  }
  pool.maxCfu = doc.spec.maxCfu;
  return pool;
}

export function poolWithStatus(
  ctx: GatewayContext,
  env: string,
  doc: ComputePoolResource,
): ComputePoolResource {
  const pool = livePool(ctx, doc, env);
  return {
    ...doc,
    apiVersion: API_VERSION,
    status: { phase: 'PROVISIONED', currentCfu: pool.currentCfu, workers: pool.workerCount },
  };
}
