/** Environments, compute pools, API keys and catalogs. */
import type { FastifyRequest } from 'fastify';
import { ROLES, type Role } from '../auth/keys.ts';
import { environmentOrThrow, type GatewayContext, livePool, poolKey, poolWithStatus } from '../context.ts';
import {
  API_VERSION,
  type ComputePoolResource,
  conflict,
  type EnvironmentResource,
  GatewayError,
  newMetadata,
  notFound,
  touched,
} from '../resources.ts';
import { BASE_PATH, nameSchema, pathParams, type RouteDef, stringMap } from './route.ts';

type P = Record<string, string>;
const params = (req: FastifyRequest): P => req.params as P;

const environmentBody = {
  type: 'object',
  required: ['metadata'],
  additionalProperties: false,
  properties: {
    apiVersion: { type: 'string' },
    kind: { const: 'Environment' },
    metadata: { type: 'object', required: ['name'], properties: { name: nameSchema, labels: stringMap } },
    spec: {
      type: 'object',
      additionalProperties: false,
      properties: {
        statementDefaults: {
          type: 'object',
          additionalProperties: false,
          properties: { properties: stringMap },
        },
      },
    },
  },
};

const poolBody = {
  type: 'object',
  required: ['metadata', 'spec'],
  additionalProperties: false,
  properties: {
    apiVersion: { type: 'string' },
    kind: { const: 'ComputePool' },
    metadata: { type: 'object', required: ['name'], properties: { name: nameSchema, labels: stringMap } },
    spec: {
      type: 'object',
      required: ['maxCfu'],
      additionalProperties: false,
      properties: { type: { const: 'SHARED' }, maxCfu: { type: 'integer', minimum: 1, maximum: 1024 } },
    },
  },
};

interface EnvBody {
  metadata: { name: string; labels?: Record<string, string> };
  spec?: { statementDefaults?: { properties?: Record<string, string> } };
}
interface PoolBody {
  metadata: { name: string; labels?: Record<string, string> };
  spec: { maxCfu: number };
}

const list = <T>(items: readonly T[]): { items: readonly T[]; metadata: { total: number } } => ({
  items,
  metadata: { total: items.length },
});

export function resourceRoutes(ctx: GatewayContext): RouteDef[] {
  const E = `${BASE_PATH}/environments`;
  const saveEnv = (body: EnvBody, existing?: EnvironmentResource): EnvironmentResource => {
    const doc: EnvironmentResource = {
      apiVersion: API_VERSION,
      kind: 'Environment',
      metadata: existing
        ? touched({ ...existing.metadata, ...(body.metadata.labels ? { labels: body.metadata.labels } : {}) })
        : newMetadata(body.metadata.name, body.metadata.labels),
      spec: { statementDefaults: { properties: body.spec?.statementDefaults?.properties ?? {} } },
    };
    ctx.environments.put(doc.metadata.name, doc);
    return doc;
  };
  const savePool = (env: string, body: PoolBody, existing?: ComputePoolResource): ComputePoolResource => {
    const doc: ComputePoolResource = {
      apiVersion: API_VERSION,
      kind: 'ComputePool',
      metadata: existing ? touched(existing.metadata) : newMetadata(body.metadata.name, body.metadata.labels),
      spec: { type: 'SHARED', maxCfu: body.spec.maxCfu },
    };
    ctx.poolDocs.put(env, doc.metadata.name, doc);
    const pool = livePool(ctx, doc, env);
    ctx.statements.schedule(pool);
    return poolWithStatus(ctx, env, doc);
  };
  const poolOrThrow = (env: string, name: string): ComputePoolResource => {
    environmentOrThrow(ctx, env);
    const doc = ctx.poolDocs.get(env, name);
    if (doc === undefined) throw notFound('Compute pool', `${env}/${name}`);
    return doc;
  };
  return [
    {
      method: 'GET',
      url: E,
      summary: 'List environments',
      tag: 'Environments',
      access: { kind: 'authenticated' },
      success: { status: 200, description: 'The environments' },
      handler: async () => list(ctx.environments.list()),
    },
    {
      method: 'POST',
      url: E,
      summary: 'Create an environment',
      tag: 'Environments',
      access: { kind: 'role', role: 'admin', global: true },
      body: environmentBody,
      success: { status: 201, description: 'The environment' },
      handler: async (req, reply) => {
        const body = req.body as EnvBody;
        if (ctx.environments.get(body.metadata.name) !== undefined)
          throw conflict(`Environment '${body.metadata.name}' already exists`);
        reply.code(201);
        return saveEnv(body);
      },
    },
    {
      method: 'GET',
      url: `${E}/:env`,
      summary: 'Get an environment',
      tag: 'Environments',
      access: { kind: 'role', role: 'viewer' },
      params: pathParams('env'),
      success: { status: 200, description: 'The environment' },
      handler: async (req) => environmentOrThrow(ctx, params(req).env!),
    },
    {
      method: 'PUT',
      url: `${E}/:env`,
      summary: 'Update an environment (statement defaults)',
      tag: 'Environments',
      access: { kind: 'role', role: 'admin' },
      params: pathParams('env'),
      body: environmentBody,
      success: { status: 200, description: 'The environment' },
      handler: async (req) => {
        const env = params(req).env!;
        const existing = environmentOrThrow(ctx, env);
        const body = req.body as EnvBody;
        if (body.metadata.name !== env)
          throw new GatewayError(
            400,
            'NAME_MISMATCH',
            `metadata.name '${body.metadata.name}' must equal the path's environment '${env}'`,
          );
        return saveEnv(body, existing);
      },
    },
    {
      method: 'DELETE',
      url: `${E}/:env`,
      summary: 'Delete an environment (it must have no statements or compute pools)',
      tag: 'Environments',
      access: { kind: 'role', role: 'admin', global: true },
      params: pathParams('env'),
      success: { status: 204, description: 'Deleted' },
      handler: async (req, reply) => {
        const env = params(req).env!;
        environmentOrThrow(ctx, env);
        if (ctx.poolDocs.list(env).length > 0)
          throw conflict(`Environment '${env}' still has compute pools; delete them first`);
        ctx.environments.delete(env);
        return reply.code(204).send();
      },
    },
    {
      method: 'GET',
      url: `${E}/:env/compute-pools`,
      summary: 'List compute pools',
      tag: 'Compute pools',
      access: { kind: 'role', role: 'viewer' },
      params: pathParams('env'),
      success: { status: 200, description: 'The pools' },
      handler: async (req) => {
        const env = params(req).env!;
        environmentOrThrow(ctx, env);
        return list(ctx.poolDocs.list(env).map((d) => poolWithStatus(ctx, env, d)));
      },
    },
    {
      method: 'POST',
      url: `${E}/:env/compute-pools`,
      summary: 'Create a compute pool',
      tag: 'Compute pools',
      access: { kind: 'role', role: 'admin' },
      params: pathParams('env'),
      body: poolBody,
      success: { status: 201, description: 'The pool' },
      handler: async (req, reply) => {
        const env = params(req).env!;
        environmentOrThrow(ctx, env);
        const body = req.body as PoolBody;
        if (ctx.poolDocs.get(env, body.metadata.name) !== undefined)
          throw conflict(`Compute pool '${body.metadata.name}' already exists in '${env}'`);
        reply.code(201);
        return savePool(env, body);
      },
    },
    {
      method: 'GET',
      url: `${E}/:env/compute-pools/:pool`,
      summary: 'Get a compute pool',
      tag: 'Compute pools',
      access: { kind: 'role', role: 'viewer' },
      params: pathParams('env', 'pool'),
      success: { status: 200, description: 'The pool' },
      handler: async (req) => {
        const { env, pool } = params(req) as { env: string; pool: string };
        return poolWithStatus(ctx, env, poolOrThrow(env, pool));
      },
    },
    {
      method: 'PUT',
      url: `${E}/:env/compute-pools/:pool`,
      summary: 'Update a compute pool (spec.maxCfu)',
      tag: 'Compute pools',
      access: { kind: 'role', role: 'admin' },
      params: pathParams('env', 'pool'),
      body: poolBody,
      success: { status: 200, description: 'The pool' },
      handler: async (req) => {
        const { env, pool } = params(req) as { env: string; pool: string };
        const existing = poolOrThrow(env, pool);
        const body = req.body as PoolBody;
        if (body.metadata.name !== pool)
          throw new GatewayError(
            400,
            'NAME_MISMATCH',
            `metadata.name '${body.metadata.name}' must equal the path's pool '${pool}'`,
          );
        return savePool(env, body, existing);
      },
    },
    {
      method: 'DELETE',
      url: `${E}/:env/compute-pools/:pool`,
      summary: 'Delete a compute pool (no statement may use it)',
      tag: 'Compute pools',
      access: { kind: 'role', role: 'admin' },
      params: pathParams('env', 'pool'),
      success: { status: 204, description: 'Deleted' },
      handler: async (req, reply) => {
        const { env, pool } = params(req) as { env: string; pool: string };
        poolOrThrow(env, pool);
        if (ctx.statements.hasStatementsOn(env, pool))
          throw conflict(`Compute pool '${pool}' still has statements; delete them first`);
        ctx.poolDocs.delete(env, pool);
        await ctx.pools.get(poolKey(env, pool))?.close();
        ctx.pools.delete(poolKey(env, pool));
        return reply.code(204).send();
      },
    },
    {
      method: 'GET',
      url: `${BASE_PATH}/catalogs/kafka`,
      summary: 'List Kafka catalogs',
      tag: 'Catalogs',
      access: { kind: 'authenticated' },
      success: { status: 200, description: 'The catalogs (no credentials)' },
      handler: async () =>
        list(
          ctx.catalogs.kafka.map((c) => ({
            name: c.name,
            database: c.defaultDatabase,
            bootstrapServers: c.definition.kafka['bootstrap.servers'] ?? null,
            schemaRegistryUrl: c.definition.schemaRegistry.url,
          })),
        ),
    },
    {
      method: 'GET',
      url: `${BASE_PATH}/catalogs/kafka/:catalog/databases`,
      summary: "List a Kafka catalog's databases",
      tag: 'Catalogs',
      access: { kind: 'authenticated' },
      params: {
        type: 'object',
        required: ['catalog'],
        properties: { catalog: { type: 'string', minLength: 1, maxLength: 255 } },
      },
      success: { status: 200, description: 'The databases' },
      handler: async (req) => {
        const name = params(req).catalog!;
        const catalog = ctx.catalogs.kafka.find((c) => c.name === name);
        if (catalog === undefined) throw notFound('Kafka catalog', name);
        return list((await catalog.listDatabases()).map((d) => ({ name: d, catalog: name })));
      },
    },
    {
      method: 'GET',
      url: `${BASE_PATH}/api-keys`,
      summary: 'List API keys (never their secrets)',
      tag: 'API keys',
      access: { kind: 'role', role: 'admin', global: true },
      success: { status: 200, description: 'The keys' },
      handler: async () =>
        list(
          ctx.keys
            .list()
            .map((k) => ({ id: k.id, description: k.description, roles: k.roles, createdAt: k.createdAt })),
        ),
    },
    {
      method: 'POST',
      url: `${BASE_PATH}/api-keys`,
      summary: 'Create an API key; the secret is returned once',
      tag: 'API keys',
      access: { kind: 'role', role: 'admin', global: true },
      body: {
        type: 'object',
        required: ['roles'],
        additionalProperties: false,
        properties: {
          description: { type: 'string', maxLength: 200 },
          roles: {
            type: 'object',
            minProperties: 1,
            additionalProperties: { type: 'string', enum: [...ROLES] },
          },
        },
      },
      success: { status: 201, description: 'The key and its token' },
      handler: async (req, reply) => {
        const body = req.body as { description?: string; roles: Record<string, Role> };
        const { key, token } = ctx.keys.create(body.roles, body.description ?? '');
        reply.code(201);
        return {
          id: key.id,
          description: key.description,
          roles: key.roles,
          createdAt: key.createdAt,
          token,
        };
      },
    },
    {
      method: 'DELETE',
      url: `${BASE_PATH}/api-keys/:id`,
      summary: 'Delete an API key',
      tag: 'API keys',
      access: { kind: 'role', role: 'admin', global: true },
      params: {
        type: 'object',
        required: ['id'],
        properties: { id: { type: 'string', pattern: '^[A-Za-z0-9-]{1,64}$' } },
      },
      success: { status: 204, description: 'Deleted' },
      handler: async (req, reply) => {
        const id = params(req).id!;
        if (!ctx.keys.delete(id)) throw notFound('API key', id);
        return reply.code(204).send();
      },
    },
  ];
}
