/**
 * The SQL gateway: REST (`/v1/...`, OpenAPI at /openapi.json), WebSocket (`/v1/ws`), Prometheus
 * metrics, health checks; state in SQLite under the data directory; statements on compute pools of
 * worker threads. `startGateway(config)` → `{ url, close() }`.
 */
import { readFileSync } from 'node:fs';
import Fastify, { type FastifyError, type FastifyInstance } from 'fastify';
import type { DestinationStream, Logger } from 'pino';
import { WebSocketServer } from 'ws';
import { isSqlError } from '../sql/index.ts';
import { ApiKeys, type Principal, requireRole, type StoredApiKey } from './auth/keys.ts';
import { createGatewayLogger, maskSecrets } from './auth/redact.ts';
import { GatewayCatalogs } from './catalogs.ts';
import { type GatewayConfig, isLoopback, validateConfig } from './config.ts';
import { type GatewayContext, livePool } from './context.ts';
import { GatewayMetrics } from './metrics.ts';
import {
  API_VERSION,
  type ComputePoolResource,
  type EnvironmentResource,
  GatewayError,
  newMetadata,
  type StoredStatement,
} from './resources.ts';
import { resourceRoutes } from './routes/resources.ts';
import { openApiDocument, type RouteDef } from './routes/route.ts';
import { statementRoutes } from './routes/statements.ts';
import { StatementManager } from './statements/manager.ts';
import { openDatabase } from './store/database.ts';
import { DdlLog, DocumentTable, PoolTable, StatementTable } from './store/repositories.ts';
import { WsConnection } from './ws/connection.ts';

declare module 'fastify' {
  interface FastifyRequest {
    principal?: Principal;
  }
}

export const GATEWAY_VERSION = '0.1.0';

export { REDACT_PATHS } from './auth/redact.ts';

export interface StartedGateway {
  readonly url: string;
  readonly port: number;
  readonly close: () => Promise<void>;
  /** The bootstrap admin token, only when this start created it (print it once). */
  readonly bootstrapToken?: string;
}

export interface GatewayOptions {
  /** A ready-made logger (tests pass a silent one); by default the gateway creates its own. */
  readonly logger?: Logger;
  /** Where the gateway's own logger writes (default stdout); tests capture it here. */
  readonly logDestination?: DestinationStream;
}

/** First start: the `default` environment with `default-pool`, and an admin key when auth is on. */
function bootstrap(ctx: GatewayContext): string | undefined {
  if (ctx.environments.get('default') === undefined && ctx.environments.list().length === 0) {
    const env: EnvironmentResource = {
      apiVersion: API_VERSION,
      kind: 'Environment',
      metadata: newMetadata('default'),
      spec: { statementDefaults: { properties: {} } },
    };
    ctx.environments.put('default', env);
    const pool: ComputePoolResource = {
      apiVersion: API_VERSION,
      kind: 'ComputePool',
      metadata: newMetadata('default-pool'),
      spec: { type: 'SHARED', maxCfu: ctx.config.defaultPool.maxCfu },
    };
    ctx.poolDocs.put('default', 'default-pool', pool);
  }
  if (!ctx.config.auth.enabled || !ctx.keys.isEmpty()) return undefined;
  const { token } = ctx.keys.create({ '*': 'admin' }, 'bootstrap admin key', ctx.config.auth.adminKey);
  return ctx.config.auth.adminKey === undefined ? token : undefined;
}

function registerRoutes(app: FastifyInstance, ctx: GatewayContext, routes: readonly RouteDef[]): void {
  for (const r of routes) {
    app.route({
      method: r.method,
      url: r.url,
      // per-request access logs only at warn and above; the metrics count every request
      logLevel: 'warn',
      schema: {
        ...(r.params ? { params: r.params } : {}),
        ...(r.querystring ? { querystring: r.querystring } : {}),
        ...(r.body ? { body: r.body } : {}),
      },
      // onRequest: credentials are checked before the body is parsed or validated
      onRequest: async (req) => {
        if (r.access.kind === 'public') return;
        if (!ctx.config.auth.enabled) return;
        const principal = ctx.keys.authenticate(req.headers.authorization);
        req.principal = principal;
        if (r.access.kind === 'role') {
          const env = (req.params as Record<string, string>).env;
          requireRole(principal, r.access.global === true || env === undefined ? '*' : env, r.access.role);
        }
      },
      handler: r.handler,
    });
  }
}

export async function startGateway(
  config: GatewayConfig,
  options: GatewayOptions = {},
): Promise<StartedGateway> {
  validateConfig(config);
  const logger = options.logger ?? createGatewayLogger(config.logLevel, options.logDestination);
  const db = openDatabase(config.dataDir);
  const ddl = new DdlLog(db);
  const catalogs = new GatewayCatalogs(
    { ...(config.catalogsDir ? { definitionsDir: config.catalogsDir } : {}), dataDir: config.dataDir },
    ddl,
  );
  const environments = new DocumentTable<EnvironmentResource>(db, 'environments');
  const poolDocs = new PoolTable<ComputePoolResource>(db);
  const statementTable = new StatementTable<StoredStatement>(db);
  const keys = new ApiKeys(new DocumentTable<StoredApiKey>(db, 'api_keys'));
  const pools = new Map<string, import('./pools/compute-pool.ts').ComputePool>();
  let ctx: GatewayContext;
  const statements = new StatementManager({
    table: statementTable,
    catalogs,
    pool: (env, name) => {
      const doc = poolDocs.get(env, name);
      return doc === undefined ? undefined : livePool(ctx, doc, env);
    },
    environmentDefaults: (env) => environments.get(env)?.spec.statementDefaults.properties,
    logger,
    resultBufferRows: config.resultBufferRows,
    maxRunningPerKey: config.maxRunningStatementsPerKey,
    dataDir: config.dataDir,
  });
  const metrics = new GatewayMetrics({
    pools: () => [...pools.values()],
    live: () => statements.liveStatements(),
    statement: (env, name) => statementTable.get(env, name),
  });
  ctx = { config, logger, environments, poolDocs, pools, statements, keys, catalogs, metrics };
  const bootstrapToken = bootstrap(ctx);
  for (const problem of await catalogs.replay())
    logger.warn({ problem: maskSecrets(problem) }, 'logged DDL could not be replayed');
  await statements.recover();

  let ready = false;
  const app = Fastify({
    loggerInstance: logger.child({ component: 'http' }),
    bodyLimit: config.bodyLimitBytes,
    // reject unknown fields instead of silently stripping them (fastify's default)
    ajv: { customOptions: { removeAdditional: false, coerceTypes: 'array', useDefaults: true } },
    ...(config.tls
      ? { https: { cert: readFileSync(config.tls.cert), key: readFileSync(config.tls.key) } }
      : {}),
  } as Parameters<typeof Fastify>[0]) as unknown as FastifyInstance;

  app.setErrorHandler((err: FastifyError | Error, req, reply) => {
    if (isSqlError(err)) return reply.code(400).send({ error: 'SqlError', ...err.toJSON() });
    if (err instanceof GatewayError) return reply.code(err.status).send(err.toJSON());
    const fe = err as FastifyError;
    if (fe.validation !== undefined)
      return reply.code(400).send({
        error: 'ValidationError',
        code: 'INVALID_REQUEST',
        message: `Invalid request: ${fe.message}`,
      });
    if (fe.statusCode === 413)
      return reply.code(413).send({
        error: 'PayloadTooLarge',
        code: 'PAYLOAD_TOO_LARGE',
        message: `The request body is larger than the gateway's limit of ${config.bodyLimitBytes} bytes (setting bodyLimitBytes, env TRIBUTARY_BODY_LIMIT_BYTES); send a smaller body`,
      });
    if (fe.statusCode !== undefined && fe.statusCode < 500)
      return reply
        .code(fe.statusCode)
        .send({ error: 'RequestError', code: fe.code ?? 'BAD_REQUEST', message: fe.message });
    logger.error({ err, url: req.url }, 'request failed');
    return reply
      .code(500)
      .send({ error: 'InternalError', code: 'INTERNAL', message: 'Internal error; see the gateway log' });
  });
  app.setNotFoundHandler((req, reply) =>
    reply.code(404).send({
      error: 'NotFound',
      code: 'NOT_FOUND',
      message: `No route ${req.method} ${req.url}; see /openapi.json`,
    }),
  );
  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    metrics.requests.inc({ method: req.method, route, status: String(reply.statusCode) });
    metrics.latency.observe({ route }, reply.elapsedTime / 1000);
  });

  const routes: RouteDef[] = [...resourceRoutes(ctx), ...statementRoutes(ctx)];
  const ops: RouteDef[] = [
    {
      method: 'GET',
      url: '/healthz',
      summary: 'Liveness',
      tag: 'Operations',
      access: { kind: 'public' },
      success: { status: 200, description: 'Alive' },
      handler: async () => ({ status: 'ok' }),
    },
    {
      method: 'GET',
      url: '/readyz',
      summary: 'Readiness: the database answers and start-up recovery finished',
      tag: 'Operations',
      access: { kind: 'public' },
      success: { status: 200, description: 'Ready' },
      handler: async (_req, reply) => {
        db.prepare('SELECT 1').get();
        if (!ready) return reply.code(503).send({ status: 'starting' });
        return { status: 'ready' };
      },
    },
    {
      method: 'GET',
      url: '/metrics',
      summary: 'Prometheus metrics',
      tag: 'Operations',
      access: { kind: 'public' },
      success: { status: 200, description: 'Prometheus text format' },
      handler: async (_req, reply) => {
        const text = await metrics.registry.metrics();
        return reply.type(metrics.registry.contentType).send(text);
      },
    },
  ];
  const all = [...routes, ...ops];
  const openApiRoute: RouteDef = {
    method: 'GET',
    url: '/openapi.json',
    summary: 'This OpenAPI document',
    tag: 'Operations',
    access: { kind: 'public' },
    success: { status: 200, description: 'OpenAPI 3 document' },
    handler: async () => document,
  };
  const document = openApiDocument([...all, openApiRoute], GATEWAY_VERSION);
  registerRoutes(app, ctx, [...all, openApiRoute]);

  const wss = new WebSocketServer({ noServer: true, maxPayload: config.bodyLimitBytes });
  app.server.on('upgrade', (req, socket, head) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    if (url.pathname !== '/v1/ws') {
      socket.end('HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    let principal: Principal | undefined;
    if (config.auth.enabled && req.headers.authorization !== undefined) {
      try {
        principal = keys.authenticate(req.headers.authorization);
      } catch {
        socket.end('HTTP/1.1 401 Unauthorized\r\nContent-Length: 0\r\n\r\n');
        return;
      }
    }
    wss.handleUpgrade(req, socket, head, (ws) => new WsConnection(ctx, ws, principal));
  });

  await app.listen({ host: config.host, port: config.port });
  ready = true;
  const address = app.server.address();
  const port = typeof address === 'object' && address !== null ? address.port : config.port;
  const hostText = config.host.includes(':') ? `[${config.host}]` : config.host;
  const url = `${config.tls ? 'https' : 'http'}://${hostText}:${port}`;
  logger.info({ url, auth: config.auth.enabled, loopback: isLoopback(config.host) }, 'gateway listening');

  let closed: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closed ??= (async () => {
      ready = false;
      for (const client of wss.clients) client.close(1001, 'gateway shutting down');
      wss.close();
      await app.close(); // stops accepting, finishes in-flight responses
      await statements.close();
      await Promise.all([...pools.values()].map((p) => p.close()));
      catalogs.close();
      db.close();
      logger.info('gateway stopped');
    })();
    return closed;
  };
  return { url, port, close, ...(bootstrapToken ? { bootstrapToken } : {}) };
}
