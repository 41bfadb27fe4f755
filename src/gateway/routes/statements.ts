/** Statements: create, list, get, update (stop/resume), delete, results, exceptions, plan, checkpoints. */
import type { FastifyRequest } from 'fastify';
import { environmentOrThrow, type GatewayContext } from '../context.ts';
import { GatewayError, publicStatement, STATEMENT_PHASES, type StatementSpec } from '../resources.ts';
import { checkpointsViewSchema } from '../statements/checkpoints-view.ts';
import { BASE_PATH, nameSchema, pathParams, type RouteDef, stringMap } from './route.ts';

type P = Record<string, string>;
const params = (req: FastifyRequest): P => req.params as P;
const MAX_WAIT_MS = 30_000;

const specSchema = {
  type: 'object',
  additionalProperties: false,
  properties: {
    statement: { type: 'string', minLength: 1, maxLength: 1_000_000 },
    properties: stringMap,
    computePoolName: nameSchema,
    parallelism: { type: 'integer', minimum: 1, maximum: 1 },
    stopped: { type: 'boolean' },
    startFromSavepoint: { type: 'string', minLength: 1, maxLength: 4096 },
  },
};

const statementBody = (requireStatement: boolean): Record<string, unknown> => ({
  type: 'object',
  required: ['spec'],
  additionalProperties: false,
  properties: {
    apiVersion: { type: 'string' },
    kind: { const: 'Statement' },
    metadata: { type: 'object', properties: { name: nameSchema, labels: stringMap } },
    spec: requireStatement ? { ...specSchema, required: ['statement'] } : specSchema,
    status: { type: 'object' },
  },
});

interface StatementBody {
  metadata?: { name?: string; labels?: Record<string, string> };
  spec: Partial<StatementSpec>;
}

/** Page tokens of results are opaque to clients: `o<offset>` in base64url. */
const encodeToken = (offset: number): string => Buffer.from(`o${offset}`).toString('base64url');
function decodeToken(token: string): number {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  const m = /^o(\d+)$/.exec(text);
  if (m === null)
    throw new GatewayError(
      400,
      'INVALID_PAGE_TOKEN',
      'page_token is not a token this server issued; use metadata.next of the previous page',
    );
  return Number(m[1]);
}

export function statementRoutes(ctx: GatewayContext): RouteDef[] {
  const S = `${BASE_PATH}/environments/:env/statements`;
  const one = `${S}/:name`;
  const named = pathParams('env', 'name');
  return [
    {
      method: 'POST',
      url: S,
      summary: 'Create (submit) a statement; DDL and utility statements complete in the response',
      tag: 'Statements',
      access: { kind: 'role', role: 'developer' },
      params: pathParams('env'),
      body: statementBody(true),
      success: { status: 201, description: 'The statement' },
      handler: async (req, reply) => {
        const env = params(req).env!;
        environmentOrThrow(ctx, env);
        const body = req.body as StatementBody & { spec: { statement: string } };
        const created = await ctx.statements.create(
          env,
          {
            ...(body.metadata?.name ? { name: body.metadata.name } : {}),
            ...(body.metadata?.labels ? { labels: body.metadata.labels } : {}),
            spec: body.spec,
          },
          req.principal?.keyId,
        );
        reply.code(201);
        return {
          ...publicStatement(created),
          ...(created.internal.result ? { result: created.internal.result } : {}),
        };
      },
    },
    {
      method: 'GET',
      url: S,
      summary: 'List statements (oldest first), filtered by phase or compute pool, paginated',
      tag: 'Statements',
      access: { kind: 'role', role: 'viewer' },
      params: pathParams('env'),
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          page_size: { type: 'integer', minimum: 1, maximum: 1000, default: 100 },
          page_token: { type: 'string', maxLength: 512 },
          phase: { type: 'string', enum: [...STATEMENT_PHASES] },
          compute_pool: nameSchema,
        },
      },
      success: { status: 200, description: 'A page of statements' },
      handler: async (req) => {
        const env = params(req).env!;
        environmentOrThrow(ctx, env);
        const q = req.query as {
          page_size: number;
          page_token?: string;
          phase?: string;
          compute_pool?: string;
        };
        const { items: page, next } = ctx.statements.page(
          env,
          q.page_size,
          q.page_token,
          q.phase,
          q.compute_pool,
        );
        const url = `${BASE_PATH}/environments/${env}/statements`;
        return {
          apiVersion: 'tributary.dev/v1',
          kind: 'StatementList',
          metadata: {
            self: req.url,
            ...(next
              ? {
                  next: `${url}?page_size=${q.page_size}&page_token=${next}${q.phase ? `&phase=${q.phase}` : ''}${q.compute_pool ? `&compute_pool=${q.compute_pool}` : ''}`,
                }
              : {}),
          },
          items: page.map(publicStatement),
        };
      },
    },
    {
      method: 'GET',
      url: one,
      summary: 'Get a statement',
      tag: 'Statements',
      access: { kind: 'role', role: 'viewer' },
      params: named,
      success: { status: 200, description: 'The statement' },
      handler: async (req) => {
        const { env, name } = params(req) as { env: string; name: string };
        return publicStatement(ctx.statements.get(env, name));
      },
    },
    {
      method: 'PUT',
      url: one,
      summary: 'Update a statement: spec.stopped stops or resumes it',
      tag: 'Statements',
      access: { kind: 'role', role: 'developer' },
      params: named,
      body: statementBody(false),
      success: { status: 200, description: 'The statement' },
      handler: async (req) => {
        const { env, name } = params(req) as { env: string; name: string };
        const body = req.body as StatementBody;
        if (body.metadata?.name !== undefined && body.metadata.name !== name)
          throw new GatewayError(
            400,
            'NAME_MISMATCH',
            `metadata.name '${body.metadata.name}' must equal the path's statement '${name}'`,
          );
        return publicStatement(await ctx.statements.update(env, name, body.spec));
      },
    },
    {
      method: 'DELETE',
      url: one,
      summary: 'Delete a statement (a running one is stopped first)',
      tag: 'Statements',
      access: { kind: 'role', role: 'developer' },
      params: named,
      success: { status: 204, description: 'Deleted' },
      handler: async (req, reply) => {
        const { env, name } = params(req) as { env: string; name: string };
        await ctx.statements.delete(env, name);
        return reply.code(204).send();
      },
    },
    {
      method: 'GET',
      url: `${one}/results`,
      summary: 'A page of result changes {op, row}; reading page N acknowledges the rows before it',
      tag: 'Statements',
      access: { kind: 'role', role: 'viewer' },
      params: named,
      querystring: {
        type: 'object',
        additionalProperties: false,
        properties: {
          page_token: { type: 'string', maxLength: 64 },
          wait_ms: { type: 'integer', minimum: 0, maximum: MAX_WAIT_MS, default: 0 },
          page_size: { type: 'integer', minimum: 1, maximum: 10_000, default: 1000 },
        },
      },
      success: { status: 200, description: 'A page of results' },
      handler: async (req) => {
        const { env, name } = params(req) as { env: string; name: string };
        const q = req.query as { page_token?: string; wait_ms: number; page_size: number };
        const offset = q.page_token === undefined ? undefined : decodeToken(q.page_token);
        const slice = await ctx.statements.results(env, name, offset, q.wait_ms, q.page_size);
        const self = `${BASE_PATH}/environments/${env}/statements/${name}/results`;
        return {
          apiVersion: 'tributary.dev/v1',
          kind: 'StatementResult',
          metadata: {
            self: req.url,
            ...(slice.complete ? {} : { next: `${self}?page_token=${encodeToken(slice.next)}` }),
          },
          results: { columns: slice.columns, data: slice.data },
        };
      },
    },
    {
      method: 'GET',
      url: `${one}/exceptions`,
      summary: 'The last 10 exceptions of a statement, newest first',
      tag: 'Statements',
      access: { kind: 'role', role: 'viewer' },
      params: named,
      success: { status: 200, description: 'The exceptions' },
      handler: async (req) => {
        const { env, name } = params(req) as { env: string; name: string };
        const items = ctx.statements.exceptions(env, name);
        return { kind: 'StatementExceptionList', items };
      },
    },
    {
      method: 'GET',
      url: `${one}/plan`,
      summary: 'The physical plan with per-operator metrics',
      tag: 'Statements',
      access: { kind: 'role', role: 'viewer' },
      params: named,
      success: { status: 200, description: 'The plan' },
      handler: async (req) => {
        const { env, name } = params(req) as { env: string; name: string };
        return ctx.statements.plan(env, name);
      },
    },
    {
      method: 'GET',
      url: `${one}/checkpoints`,
      summary:
        'Checkpoint counts, the latest completed/failed/savepoint/restored checkpoints and the history (newest first) with sizes per operator',
      tag: 'Statements',
      access: { kind: 'role', role: 'viewer' },
      params: named,
      success: { status: 200, description: 'The checkpoints', schema: checkpointsViewSchema },
      handler: async (req) => {
        const { env, name } = params(req) as { env: string; name: string };
        return ctx.statements.checkpoints(env, name);
      },
    },
  ];
}
