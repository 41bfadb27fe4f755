/**
 * Route definitions: one table drives both fastify (with its ajv validation of params, query and
 * body) and the OpenAPI 3 document at /openapi.json, so the two cannot drift apart.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { Role } from '../auth/keys.ts';

export const BASE_PATH = '/v1';

export type JsonSchema = Readonly<Record<string, unknown>>;

/** Who may call a route: nobody needs a key, any valid key, or a role in the path's environment. */
export type Access =
  | { readonly kind: 'public' }
  | { readonly kind: 'authenticated' }
  | { readonly kind: 'role'; readonly role: Role; readonly global?: boolean };

export interface RouteDef {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** fastify syntax (`:env`); OpenAPI gets `{env}`. */
  readonly url: string;
  readonly summary: string;
  readonly tag: string;
  readonly access: Access;
  readonly params?: JsonSchema;
  readonly querystring?: JsonSchema;
  readonly body?: JsonSchema;
  /** Status code of a success, a description of its body and, where given, its JSON schema. */
  readonly success: { readonly status: number; readonly description: string; readonly schema?: JsonSchema };
  readonly handler: (req: FastifyRequest, reply: FastifyReply) => Promise<unknown>;
}

export const NAME_PATTERN = '^[a-z0-9]([-a-z0-9]*[a-z0-9])?$';
export const nameSchema: JsonSchema = { type: 'string', pattern: NAME_PATTERN, minLength: 1, maxLength: 63 };
export const stringMap: JsonSchema = { type: 'object', additionalProperties: { type: 'string' } };

export function pathParams(...names: string[]): JsonSchema {
  return {
    type: 'object',
    required: names,
    properties: Object.fromEntries(names.map((n) => [n, nameSchema])),
    additionalProperties: false,
  };
}

export const errorSchema: JsonSchema = {
  type: 'object',
  required: ['error', 'code', 'message'],
  properties: {
    error: { type: 'string' },
    code: { type: 'string' },
    message: { type: 'string' },
    line: { type: 'integer' },
    column: { type: 'integer' },
    endLine: { type: 'integer' },
    endColumn: { type: 'integer' },
    expected: { type: 'array', items: { type: 'string' } },
    hint: { type: 'string' },
  },
};

export const openApiPath = (url: string): string => url.replace(/:([A-Za-z_]+)/g, '{$1}');

/**
 * A route's JSON Schema (draft-07, what fastify's ajv validates) as an OpenAPI 3.0 Schema Object,
 * which is a subset: `const` becomes a one-value `enum`, `$id`/`$schema` are dropped. Other
 * keywords the routes use (type, properties, required, pattern, enum, minimum ...) are shared.
 */
export function openApiSchema(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(openApiSchema);
  if (typeof schema !== 'object' || schema === null) return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) {
    if (k === '$id' || k === '$schema') continue;
    if (k === 'const') out.enum = [v];
    else if (k === 'properties' && typeof v === 'object' && v !== null)
      out.properties = Object.fromEntries(Object.entries(v).map(([name, s]) => [name, openApiSchema(s)]));
    else if (k === 'enum' || k === 'default' || k === 'required') out[k] = v;
    else out[k] = openApiSchema(v);
  }
  return out;
}

/** The OpenAPI 3.0 document for the route table. */
export function openApiDocument(routes: readonly RouteDef[], version: string): Record<string, unknown> {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const r of routes) {
    const path = openApiPath(r.url);
    const parameters: unknown[] = [];
    const params = r.params?.properties as Record<string, JsonSchema> | undefined;
    for (const [name, schema] of Object.entries(params ?? {}))
      parameters.push({ name, in: 'path', required: true, schema: openApiSchema(schema) });
    const query = r.querystring?.properties as Record<string, JsonSchema> | undefined;
    const required = (r.querystring?.required as string[] | undefined) ?? [];
    for (const [name, schema] of Object.entries(query ?? {}))
      parameters.push({
        name,
        in: 'query',
        required: required.includes(name),
        schema: openApiSchema(schema),
      });
    const op: Record<string, unknown> = {
      summary: r.summary,
      tags: [r.tag],
      operationId: `${r.method.toLowerCase()}${path
        .replace(/[{}]/g, '')
        .replace(/[/-]([a-z])/g, (_m, c: string) => c.toUpperCase())
        .replace(/[^A-Za-z0-9]/g, '')}`,
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(r.body
        ? {
            requestBody: {
              required: true,
              content: { 'application/json': { schema: openApiSchema(r.body) } },
            },
          }
        : {}),
      ...(r.access.kind === 'public' ? { security: [] } : {}),
      responses: {
        [String(r.success.status)]: {
          description: r.success.description,
          ...(r.success.schema
            ? { content: { 'application/json': { schema: openApiSchema(r.success.schema) } } }
            : {}),
        },
        default: { description: 'An error', content: { 'application/json': { schema: errorSchema } } },
      },
    };
    paths[path] = { ...(paths[path] ?? {}), [r.method.toLowerCase()]: op };
  }
  return {
    openapi: '3.0.3',
    info: {
      title: 'Tributary SQL gateway',
      version,
      description: `REST API of the Tributary SQL gateway; every resource lives under ${BASE_PATH}. The WebSocket protocol is at ${BASE_PATH}/ws (docs/websocket-protocol.md).`,
    },
    servers: [{ url: '/' }],
    components: {
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer', description: '<key id>.<secret>' },
        basic: { type: 'http', scheme: 'basic' },
      },
    },
    security: [{ bearer: [] }, { basic: [] }],
    paths,
  };
}
