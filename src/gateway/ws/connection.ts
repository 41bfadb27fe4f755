/**
 * One WebSocket connection of the protocol in docs/websocket-protocol.md: a session (catalogs and
 * properties) opened by `hello`, statements run by `execute`, results streamed under credit-based
 * flow control (the server never sends more rows than granted), `attach` to resume a statement's
 * results after a reconnect, `cancel`, `close` and metadata requests.
 */
import type { WebSocket } from 'ws';
import { isSqlError } from '../../sql/index.ts';
import type { Principal } from '../auth/keys.ts';
import { requireRole } from '../auth/keys.ts';
import { environmentOrThrow, type GatewayContext } from '../context.ts';
import type { EngineSession } from '../engine/session.ts';
import { wireType } from '../engine/types.ts';
import { GatewayError } from '../resources.ts';
import { bindParameters, type TypedParameter } from './params.ts';

export const PROTOCOL_VERSION = 1;
const MAX_ROWS_PER_MESSAGE = 500;

type Incoming = Record<string, unknown> & { type?: unknown };

interface Stream {
  readonly statement: string;
  credit: number;
  /** Offset of the next row to send. */
  next: number;
  wake: (() => void) | undefined;
  closed: boolean;
}

export class WsConnection {
  private session: EngineSession | undefined;
  private environment = 'default';
  private principal: Principal | undefined;
  private readonly streams = new Map<string, Stream>();
  /** Messages are handled one after another, in arrival order. */
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly ctx: GatewayContext,
    private readonly socket: WebSocket,
    headerPrincipal: Principal | undefined,
  ) {
    this.principal = headerPrincipal;
    socket.on('message', (data) => {
      let msg: Incoming;
      try {
        msg = JSON.parse(String(data)) as Incoming;
      } catch {
        this.send({ type: 'error', error: { code: 'PROTOCOL', message: 'Messages must be JSON objects' } });
        return;
      }
      this.queue = this.queue.then(() => this.handle(msg).catch((e: unknown) => this.sendError(e, msg)));
    });
    // a protocol violation (e.g. a message over maxPayload): ws closes the socket itself (1009,
    // 1002 ...); without this listener the error would be uncaught and end the gateway process
    socket.on('error', (e) => this.ctx.logger.warn({ err: e }, 'websocket closed after a protocol error'));
    socket.on('close', () => {
      for (const s of this.streams.values()) this.stop(s);
    });
  }

  private send(m: Record<string, unknown>): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(m));
  }

  private sendError(e: unknown, msg: Incoming): void {
    const id = msg.id;
    const statement = msg.statement;
    const error = isSqlError(e)
      ? e.toJSON()
      : e instanceof GatewayError
        ? { code: e.code, message: e.message, status: e.status }
        : { code: 'INTERNAL', message: e instanceof Error ? e.message : String(e) };
    if (!isSqlError(e) && !(e instanceof GatewayError))
      this.ctx.logger.error({ err: e }, 'websocket request failed');
    this.send({
      type: 'error',
      ...(id !== undefined ? { id } : {}),
      ...(statement !== undefined ? { statement } : {}),
      error,
    });
  }

  private requireSession(): EngineSession {
    if (this.session === undefined) throw new GatewayError(400, 'PROTOCOL', "Send 'hello' first");
    return this.session;
  }

  private authorize(role: 'viewer' | 'developer'): void {
    if (!this.ctx.config.auth.enabled) return;
    if (this.principal === undefined)
      throw new GatewayError(
        401,
        'UNAUTHENTICATED',
        "Missing credentials: send 'apiKey' in hello or an Authorization header",
      );
    requireRole(this.principal, this.environment, role);
  }

  private async handle(msg: Incoming): Promise<void> {
    switch (msg.type) {
      case 'hello':
        return this.hello(msg);
      case 'execute':
        return this.execute(msg);
      case 'credit':
      case 'ack':
        return this.credit(msg);
      case 'attach':
        return this.attach(msg);
      case 'cancel': {
        this.authorize('developer');
        const name = String(msg.statement);
        await this.ctx.statements.update(this.environment, name, { stopped: true });
        return;
      }
      case 'metadata':
        return this.metadata(msg);
      case 'close':
        for (const s of this.streams.values()) this.stop(s);
        this.socket.close(1000, 'closed by client');
        return;
      default:
        throw new GatewayError(
          400,
          'PROTOCOL',
          `Unknown message type ${JSON.stringify(msg.type)}; expected hello, execute, credit, ack, attach, cancel, metadata or close`,
        );
    }
  }

  private async hello(msg: Incoming): Promise<void> {
    if (msg.protocol !== undefined && msg.protocol !== PROTOCOL_VERSION) {
      throw new GatewayError(
        400,
        'PROTOCOL_VERSION',
        `This server speaks protocol ${PROTOCOL_VERSION}; the client asked for ${String(msg.protocol)}`,
      );
    }
    if (typeof msg.apiKey === 'string') this.principal = this.ctx.keys.authenticate(`Bearer ${msg.apiKey}`);
    if (typeof msg.environment === 'string') this.environment = msg.environment;
    environmentOrThrow(this.ctx, this.environment);
    this.authorize('viewer');
    const props = (
      typeof msg.properties === 'object' && msg.properties !== null ? msg.properties : {}
    ) as Record<string, unknown>;
    const properties: Record<string, string> = {
      ...(this.ctx.environments.get(this.environment)?.spec.statementDefaults.properties ?? {}),
    };
    for (const [k, v] of Object.entries(props)) properties[k] = String(v);
    this.session = await this.ctx.catalogs.session(this.environment, properties);
    this.send({
      type: 'ready',
      protocol: PROTOCOL_VERSION,
      environment: this.environment,
      ...(this.principal ? { keyId: this.principal.keyId } : {}),
    });
  }

  private async execute(msg: Incoming): Promise<void> {
    const session = this.requireSession();
    this.authorize('developer');
    if (typeof msg.sql !== 'string')
      throw new GatewayError(400, 'PROTOCOL', "'execute' needs 'sql' (a string)");
    const params = Array.isArray(msg.params) ? (msg.params as TypedParameter[]) : [];
    const sql = params.length > 0 ? bindParameters(msg.sql, params) : msg.sql;
    const stored = await this.ctx.statements.create(
      this.environment,
      {
        ...(typeof msg.name === 'string' ? { name: msg.name } : {}),
        spec: {
          statement: sql,
          ...(typeof msg.computePool === 'string' ? { computePoolName: msg.computePool } : {}),
        },
      },
      this.principal?.keyId,
      session,
    );
    const name = stored.metadata.name;
    this.send({
      type: 'accepted',
      id: msg.id ?? null,
      statement: name,
      phase: stored.status.phase,
      traits: stored.status.traits ?? null,
    });
    this.send({ type: 'schema', statement: name, columns: stored.status.traits?.schema.columns ?? [] });
    const result = stored.internal.result;
    if (result !== undefined) {
      // completed at submission (DDL, SHOW, ...): small and final, sent at once without credit
      this.send({ type: 'rows', statement: name, offset: 0, changes: result.data });
      this.send({ type: 'end', statement: name, phase: stored.status.phase, rows: result.data.length });
      return;
    }
    this.startStream(name, 0, typeof msg.credit === 'number' ? msg.credit : 0);
  }

  private attach(msg: Incoming): void {
    this.requireSession();
    this.authorize('viewer');
    const name = String(msg.statement);
    const stored = this.ctx.statements.get(this.environment, name);
    const offset = typeof msg.offset === 'number' ? msg.offset : 0;
    this.send({
      type: 'schema',
      statement: name,
      columns: stored.status.traits?.schema.columns ?? [],
      offset,
    });
    this.startStream(name, offset, typeof msg.credit === 'number' ? msg.credit : 0);
  }

  private credit(msg: Incoming): void {
    const s = this.streams.get(String(msg.statement));
    if (s === undefined)
      throw new GatewayError(
        404,
        'NOT_STREAMING',
        `No results stream for statement ${JSON.stringify(msg.statement)} on this connection; send 'attach'`,
      );
    if (typeof msg.rows === 'number' && msg.rows > 0) s.credit += Math.floor(msg.rows);
    if (typeof msg.ack === 'number')
      this.ctx.statements.acknowledge(this.environment, s.statement, Math.min(msg.ack, s.next));
    s.wake?.();
  }

  private startStream(statement: string, offset: number, credit: number): void {
    const old = this.streams.get(statement);
    if (old !== undefined) this.stop(old);
    const s: Stream = { statement, credit, next: offset, wake: undefined, closed: false };
    this.streams.set(statement, s);
    this.pump(s).catch((e: unknown) => {
      this.streams.delete(statement);
      this.sendError(e, { statement });
    });
  }

  private stop(s: Stream): void {
    s.closed = true;
    s.wake?.();
    this.streams.delete(s.statement);
  }

  private async pump(s: Stream): Promise<void> {
    const env = this.environment;
    while (!s.closed) {
      if (s.credit <= 0) {
        await new Promise<void>((r) => {
          s.wake = r;
        });
        s.wake = undefined;
        continue;
      }
      // peek without acknowledging: rows are dropped only when the client acks them
      const slice = await this.ctx.statements.peek(
        env,
        s.statement,
        s.next,
        1000,
        Math.min(s.credit, MAX_ROWS_PER_MESSAGE),
      );
      if (s.closed) return;
      if (slice.data.length > 0) {
        this.send({ type: 'rows', statement: s.statement, offset: s.next, changes: slice.data });
        s.next = slice.next;
        s.credit -= slice.data.length;
        continue;
      }
      if (slice.complete) {
        const stored = this.ctx.statements.get(env, s.statement);
        const last = stored.internal.exceptions[0];
        if (stored.status.phase === 'FAILED' && last !== undefined) {
          this.send({
            type: 'error',
            statement: s.statement,
            error: last.sqlError ?? { code: 'EXECUTION', message: last.message },
          });
        } else {
          this.send({ type: 'end', statement: s.statement, phase: stored.status.phase, rows: s.next });
        }
        this.streams.delete(s.statement);
        return;
      }
    }
  }

  private async metadata(msg: Incoming): Promise<void> {
    const session = this.requireSession();
    this.authorize('viewer');
    const catalogs = session.catalogs;
    const catalogName = typeof msg.catalog === 'string' ? msg.catalog : catalogs.currentCatalog;
    const database = typeof msg.database === 'string' ? msg.database : catalogs.currentDatabase;
    const catalog = catalogs.getCatalog(catalogName);
    const need = (): NonNullable<typeof catalog> => {
      if (catalog === undefined)
        throw new GatewayError(404, 'NOT_FOUND', `Catalog '${catalogName}' does not exist`);
      return catalog;
    };
    let items: unknown[];
    switch (msg.what) {
      case 'catalogs':
        items = [...catalogs.catalogNames()].sort().map((name) => ({ name }));
        break;
      case 'databases':
        items = [...(await need().listDatabases())].sort().map((name) => ({ name, catalog: catalogName }));
        break;
      case 'tables': {
        const names = new Set([
          ...(await need().listTables(database)),
          ...catalogs.temporaryTableNames(catalogName, database),
        ]);
        items = [...names].sort().map((name) => ({ name, catalog: catalogName, database }));
        break;
      }
      case 'columns': {
        if (typeof msg.table !== 'string')
          throw new GatewayError(400, 'PROTOCOL', "metadata 'columns' needs 'table'");
        await catalogs.prefetch([[catalogName, database, msg.table]]);
        const found = catalogs.lookupTable([catalogName, database, msg.table]);
        if (found === undefined)
          throw new GatewayError(
            404,
            'NOT_FOUND',
            `Table '${catalogName}.${database}.${msg.table}' does not exist`,
          );
        items = found.table.columns.map((c) => ({ name: c.name, type: wireType(c.type) }));
        break;
      }
      default:
        throw new GatewayError(
          400,
          'PROTOCOL',
          "metadata 'what' must be catalogs, databases, tables or columns",
        );
    }
    this.send({ type: 'metadata', id: msg.id ?? null, what: msg.what, items });
  }
}
