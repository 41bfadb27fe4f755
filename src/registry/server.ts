import Fastify, {
  type FastifyBaseLogger,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
} from 'fastify';
import { ErrorCode, RegistryError } from './errors.ts';
import { type Registry, schemaRequestFrom } from './registry.ts';
import { SCHEMA_TYPES } from './schemas/types.ts';

const CONTENT_TYPE = 'application/vnd.schemaregistry.v1+json';
const ACCEPTED_TYPES = ['application/vnd.schemaregistry.v1+json', 'application/vnd.schemaregistry+json'];

type Query = Record<string, string | undefined>;
type Params = Record<string, string>;
type Req = FastifyRequest<{ Params: Params; Querystring: Query; Body: unknown }>;

/** Builds the Confluent-compatible REST API over a Registry. */
export function buildServer(registry: Registry, logger: unknown): FastifyInstance {
  // Fastify 5 takes a ready logger (pino) as loggerInstance and plain options as logger.
  const isInstance =
    typeof logger === 'object' &&
    logger !== null &&
    typeof (logger as { info?: unknown }).info === 'function';
  const app = isInstance
    ? Fastify({ loggerInstance: logger as FastifyBaseLogger })
    : Fastify({ logger: (logger ?? false) as boolean });
  // Confluent clients send their own JSON media types; parse them (and plain JSON) the same way.
  app.addContentTypeParser(ACCEPTED_TYPES, { parseAs: 'string' }, (_request, body, done) => {
    try {
      done(null, body === '' ? {} : JSON.parse(String(body)));
    } catch (error) {
      const err = error as Error & { statusCode?: number };
      err.statusCode = 400;
      done(err, undefined);
    }
  });
  app.addHook('onSend', async (_request, reply, payload) => {
    const type = reply.getHeader('content-type');
    if (typeof type === 'string' && type.startsWith('application/json'))
      reply.header('content-type', CONTENT_TYPE);
    return payload;
  });
  app.setErrorHandler((error: unknown, _request: FastifyRequest, reply: FastifyReply) => {
    if (error instanceof RegistryError)
      return reply.status(error.httpStatus).send({ error_code: error.errorCode, message: error.message });
    const err = error as { statusCode?: number; message?: string };
    if (typeof err.statusCode === 'number' && err.statusCode < 500)
      return reply
        .status(err.statusCode)
        .send({ error_code: err.statusCode, message: err.message ?? 'Bad request' });
    return reply.status(500).send({
      error_code: ErrorCode.storeError,
      message: `Error in the backend data store: ${err.message ?? String(error)}`,
    });
  });
  app.setNotFoundHandler((request, reply) =>
    reply
      .status(404)
      .send({ error_code: 404, message: `HTTP 404 Not Found: ${request.method} ${request.url}` }),
  );

  const flag = (query: Query, name: string) => query[name] === 'true';
  const id = (params: Params) => {
    const value = Number(params['id']);
    if (!Number.isSafeInteger(value))
      throw new RegistryError(ErrorCode.schemaNotFound, `Schema ${params['id']} not found`);
    return value;
  };
  const subject = (params: Params) => params['subject'] ?? '';

  app.get('/', async () => ({}));
  app.get('/schemas/types', async () => [...SCHEMA_TYPES]);
  app.get('/schemas/ids/:id', async (r: Req) => registry.schemaById(id(r.params), r.query['format']));
  app.get('/schemas/ids/:id/schema', async (r: Req, reply) =>
    reply.type(CONTENT_TYPE).send(registry.schemaById(id(r.params), r.query['format']).schema),
  );
  app.get('/schemas/ids/:id/versions', async (r: Req) =>
    registry.schemaVersions(id(r.params), flag(r.query, 'deleted')),
  );
  app.get('/schemas/ids/:id/subjects', async (r: Req) =>
    registry.schemaSubjects(id(r.params), flag(r.query, 'deleted')),
  );

  app.get('/subjects', async (r: Req) =>
    registry.subjects(flag(r.query, 'deleted'), r.query['subjectPrefix'] ?? ''),
  );
  app.post('/subjects/:subject', async (r: Req) =>
    registry.lookup(
      subject(r.params),
      schemaRequestFrom(r.body),
      flag(r.query, 'normalize'),
      flag(r.query, 'deleted'),
    ),
  );
  app.delete('/subjects/:subject', async (r: Req) =>
    registry.deleteSubject(subject(r.params), flag(r.query, 'permanent')),
  );
  app.get('/subjects/:subject/versions', async (r: Req) =>
    registry.versions(subject(r.params), flag(r.query, 'deleted')),
  );
  app.post('/subjects/:subject/versions', async (r: Req) =>
    registry.register(subject(r.params), schemaRequestFrom(r.body), flag(r.query, 'normalize')),
  );
  app.get('/subjects/:subject/versions/:version', async (r: Req) =>
    registry.version(
      subject(r.params),
      r.params['version'] ?? '',
      flag(r.query, 'deleted'),
      r.query['format'],
    ),
  );
  app.get('/subjects/:subject/versions/:version/schema', async (r: Req, reply) => {
    const found = registry.version(
      subject(r.params),
      r.params['version'] ?? '',
      flag(r.query, 'deleted'),
      r.query['format'],
    );
    return reply.type(CONTENT_TYPE).send(found.schema);
  });
  app.get('/subjects/:subject/versions/:version/referencedby', async (r: Req) =>
    registry.referencedBy(subject(r.params), r.params['version'] ?? ''),
  );
  app.delete('/subjects/:subject/versions/:version', async (r: Req) =>
    registry.deleteVersion(subject(r.params), r.params['version'] ?? '', flag(r.query, 'permanent')),
  );

  const compatibility = async (r: Req) => {
    const messages = registry.testCompatibility(
      subject(r.params),
      r.params['version'] ?? 'latest',
      schemaRequestFrom(r.body),
    );
    return { is_compatible: messages.length === 0, ...(flag(r.query, 'verbose') ? { messages } : {}) };
  };
  app.post('/compatibility/subjects/:subject/versions/:version', compatibility);
  app.post('/compatibility/subjects/:subject/versions', compatibility);

  const compatibilityOf = (body: unknown) => (body as Record<string, unknown> | null)?.['compatibility'];
  app.get('/config', async () => ({ compatibilityLevel: registry.getConfig(undefined, true) }));
  app.put('/config', async (r: Req) => ({
    compatibility: registry.setConfig(undefined, compatibilityOf(r.body)),
  }));
  app.delete('/config', async () => ({ compatibilityLevel: registry.deleteConfig(undefined) }));
  app.get('/config/:subject', async (r: Req) => ({
    compatibilityLevel: registry.getConfig(subject(r.params), flag(r.query, 'defaultToGlobal')),
  }));
  app.put('/config/:subject', async (r: Req) => ({
    compatibility: registry.setConfig(subject(r.params), compatibilityOf(r.body)),
  }));
  app.delete('/config/:subject', async (r: Req) => ({
    compatibilityLevel: registry.deleteConfig(subject(r.params)),
  }));

  const modeOf = (body: unknown) => (body as Record<string, unknown> | null)?.['mode'];
  app.get('/mode', async () => ({ mode: registry.getMode(undefined, true) }));
  app.put('/mode', async (r: Req) => ({
    mode: registry.setMode(undefined, modeOf(r.body), flag(r.query, 'force')),
  }));
  app.get('/mode/:subject', async (r: Req) => ({
    mode: registry.getMode(subject(r.params), flag(r.query, 'defaultToGlobal')),
  }));
  app.put('/mode/:subject', async (r: Req) => ({
    mode: registry.setMode(subject(r.params), modeOf(r.body), flag(r.query, 'force')),
  }));
  app.delete('/mode/:subject', async (r: Req) => ({ mode: registry.deleteMode(subject(r.params)) }));
  return app;
}
