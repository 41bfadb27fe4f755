import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Validator } from '@seriousme/openapi-schema-validator';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestGateway, statement, type TestGateway } from './helpers.ts';

/**
 * The OpenAPI document at /openapi.json: valid OpenAPI 3.0 (checked by an independent validator),
 * consistent with its paths, and true — every documented operation is called here with a valid
 * request and answers its documented success status; requests its schemas forbid are refused.
 * Routes added later are toured too: their path parameters come from the fixtures below and their
 * bodies from their own schemas, so a new route needs an entry in REQUESTS only when that fails.
 */

interface Parameter {
  name: string;
  in: 'path' | 'query';
  required: boolean;
  schema: Record<string, unknown>;
}
interface Operation {
  operationId: string;
  parameters?: Parameter[];
  requestBody?: { content: { 'application/json': { schema: Record<string, unknown> } } };
  responses: Record<string, unknown>;
  security?: unknown[];
}
type Paths = Record<string, Record<string, Operation>>;

let gw: TestGateway;
let admin: string;
let doc: { openapi: string; paths: Paths };
const catalogsDir = mkdtempSync(join(tmpdir(), 'tributary-openapi-'));
const S = '/v1/environments/default/statements';
const auth = (): Record<string, string> => ({ authorization: `Bearer ${admin}` });

beforeAll(async () => {
  mkdirSync(join(catalogsDir, 'defs'));
  writeFileSync(
    join(catalogsDir, 'defs', 'tourcat.yaml'),
    'name: tourcat\ndatabase: cluster_t\nkafka:\n  bootstrap.servers: 127.0.0.1:1\nschemaRegistry:\n  url: http://127.0.0.1:2\n',
  );
  gw = await startTestGateway({ auth: { enabled: true }, catalogsDir: join(catalogsDir, 'defs') });
  admin = gw.bootstrapToken!;
  doc = (await gw.request('GET', '/openapi.json')).body as unknown as typeof doc;
  const ddl = "CREATE TABLE tour_ticks (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '10')";
  expect((await gw.request('POST', S, statement(ddl), auth())).status).toBe(201);
  // a statement with a planned job that stays STOPPED: plan, results and exceptions exist, no worker
  const q = await gw.request(
    'POST',
    S,
    statement('SELECT id FROM tour_ticks', 'tour-q', { stopped: true }),
    auth(),
  );
  expect(q.status).toBe(201);
});
afterAll(async () => {
  await gw.stop();
  rmSync(catalogsDir, { recursive: true, force: true });
});

const operations = (): { method: string; path: string; op: Operation }[] =>
  Object.entries(doc.paths).flatMap(([path, ops]) =>
    Object.entries(ops).map(([method, op]) => ({ method: method.toUpperCase(), path, op })),
  );

describe('the OpenAPI document', () => {
  it('validates as OpenAPI 3.0 with @seriousme/openapi-schema-validator', async () => {
    const validator = new Validator();
    const result = await validator.validate(doc as unknown as Record<string, unknown>);
    expect(result.errors ?? []).toEqual([]);
    expect(result.valid).toBe(true);
    expect(validator.version).toBe('3.0');
  });

  it('declares every path parameter, unique operation ids and a success response per operation', () => {
    const ids = new Set<string>();
    for (const { method, path, op } of operations()) {
      const inPath = [...path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
      const declared = (op.parameters ?? []).filter((p) => p.in === 'path').map((p) => p.name);
      expect(declared.sort(), `${method} ${path}`).toEqual(inPath.sort());
      expect(ids.has(op.operationId), op.operationId).toBe(false);
      ids.add(op.operationId);
      expect(
        Object.keys(op.responses).filter((s) => /^2\d\d$/.test(s)),
        `${method} ${path}`,
      ).toHaveLength(1);
    }
    expect(ids.size).toBeGreaterThan(20);
  });
});

/** Known-good requests by "METHOD path"; other routes get fixture parameters and schema-made bodies. */
const REQUESTS: Record<string, { params?: Record<string, string>; query?: string; body?: unknown }> = {
  'POST /v1/environments': { body: { metadata: { name: 'tour-env' } } },
  'GET /v1/environments/{env}': { params: { env: 'tour-env' } },
  'PUT /v1/environments/{env}': {
    params: { env: 'tour-env' },
    body: {
      metadata: { name: 'tour-env' },
      spec: { statementDefaults: { properties: { 'sql.local-time-zone': 'UTC' } } },
    },
  },
  'DELETE /v1/environments/{env}': { params: { env: 'tour-env' } },
  'POST /v1/environments/{env}/compute-pools': {
    body: { metadata: { name: 'tour-pool' }, spec: { maxCfu: 1 } },
  },
  'GET /v1/environments/{env}/compute-pools/{pool}': { params: { pool: 'tour-pool' } },
  'PUT /v1/environments/{env}/compute-pools/{pool}': {
    params: { pool: 'tour-pool' },
    body: { metadata: { name: 'tour-pool' }, spec: { maxCfu: 2 } },
  },
  'DELETE /v1/environments/{env}/compute-pools/{pool}': { params: { pool: 'tour-pool' } },
  'POST /v1/environments/{env}/statements': {
    body: { metadata: { name: 'tour-ddl' }, spec: { statement: 'SHOW TABLES' } },
  },
  'GET /v1/environments/{env}/statements': { query: 'page_size=2&phase=STOPPED' },
  'PUT /v1/environments/{env}/statements/{name}': { body: { spec: { stopped: true } } },
  'DELETE /v1/environments/{env}/statements/{name}': { params: { name: 'tour-ddl' } },
  'GET /v1/environments/{env}/statements/{name}/results': { query: 'page_size=10&wait_ms=0' },
  'POST /v1/api-keys': { body: { roles: { default: 'viewer' }, description: 'tour' } },
};

/** Fixture values for path parameters; `id` is filled with the key the tour creates. */
const FIXTURES: Record<string, string> = {
  env: 'default',
  pool: 'default-pool',
  name: 'tour-q',
  catalog: 'tourcat',
};

/** A minimal value a JSON schema accepts (for routes without an entry in REQUESTS). */
function sample(schema: Record<string, unknown>): unknown {
  if (Array.isArray(schema.enum)) return schema.enum[0];
  if (schema.default !== undefined) return schema.default;
  switch (schema.type) {
    case 'object': {
      const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
      const required = (schema.required ?? []) as string[];
      return Object.fromEntries(required.map((k) => [k, sample(props[k] ?? {})]));
    }
    case 'integer':
    case 'number':
      return typeof schema.minimum === 'number' ? schema.minimum : 1;
    case 'boolean':
      return false;
    case 'array':
      return [];
    default:
      return typeof schema.pattern === 'string' ? 'tour-generated' : 'x';
  }
}

const fill = (path: string, params: Record<string, string>): string =>
  path.replace(/\{([^}]+)\}/g, (_m, p: string) => params[p] ?? FIXTURES[p] ?? `missing-fixture-${p}`);

describe('every documented operation', () => {
  it('answers a valid request with its documented success status', async () => {
    const ops = operations();
    // deletes last, deepest paths first, so each resource is gone only after everything used it
    const ordered = [
      ...ops.filter((o) => o.method !== 'DELETE'),
      ...ops.filter((o) => o.method === 'DELETE').sort((a, b) => b.path.length - a.path.length),
    ];
    const failures: string[] = [];
    for (const { method, path, op } of ordered) {
      const key = `${method} ${path}`;
      const known = REQUESTS[key] ?? {};
      const bodySchema = op.requestBody?.content['application/json'].schema;
      const body = known.body ?? (bodySchema ? sample(bodySchema) : undefined);
      const url = `${fill(path, known.params ?? {})}${known.query ? `?${known.query}` : ''}`;
      const headers = op.security?.length === 0 ? {} : auth();
      const res = await fetch(`${gw.url}${url}`, {
        method,
        headers: { ...headers, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
      const text = await res.text();
      const documented = Number(Object.keys(op.responses).find((s) => /^2\d\d$/.test(s)));
      if (res.status !== documented)
        failures.push(`${key} → ${res.status} (documented ${documented}): ${text}`);
      else if (res.headers.get('content-type')?.includes('application/json') === true) JSON.parse(text);
      if (key === 'POST /v1/api-keys' && res.status === 201)
        FIXTURES.id = (JSON.parse(text) as { id: string }).id;
    }
    expect(failures).toEqual([]);
  }, 120_000);

  it('refuses requests its schemas forbid: unknown body fields, bad path names, bad query values', async () => {
    const failures: string[] = [];
    for (const { method, path, op } of operations()) {
      const key = `${method} ${path}`;
      const probes: { what: string; url: string; body?: unknown }[] = [];
      if (op.requestBody !== undefined)
        probes.push({ what: 'an unknown body field', url: fill(path, {}), body: { surprise: true } });
      const named = (op.parameters ?? []).find(
        (p) => p.in === 'path' && typeof p.schema.pattern === 'string',
      );
      if (named !== undefined)
        probes.push({
          what: `a malformed ${named.name}`,
          url: fill(path, { [named.name]: 'Not_A_Name' }),
          ...(op.requestBody ? { body: sample(op.requestBody.content['application/json'].schema) } : {}),
        });
      const limited = (op.parameters ?? []).find(
        (p) => p.in === 'query' && typeof p.schema.maximum === 'number',
      );
      if (limited !== undefined)
        probes.push({
          what: `${limited.name} over its maximum`,
          url: `${fill(path, {})}?${limited.name}=${Number(limited.schema.maximum) + 1}`,
        });
      for (const probe of probes) {
        const res = await fetch(`${gw.url}${probe.url}`, {
          method,
          headers: {
            ...auth(),
            ...(probe.body === undefined ? {} : { 'content-type': 'application/json' }),
          },
          ...(probe.body === undefined ? {} : { body: JSON.stringify(probe.body) }),
        });
        const body = (await res.json()) as { code?: string };
        if (res.status !== 400 || body.code !== 'INVALID_REQUEST')
          failures.push(`${key} with ${probe.what} → ${res.status} ${JSON.stringify(body)}`);
      }
    }
    expect(failures).toEqual([]);
    const unknown = await gw.request('GET', '/v1/no-such-thing', undefined, auth());
    expect(unknown.status).toBe(404);
    expect(String(unknown.body.message)).toContain('see /openapi.json');
  });
});
