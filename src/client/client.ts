/**
 * The Node client of Tributary's WebSocket protocol (docs/websocket-protocol.md, docs/client.md):
 * `connect()` opens a session; `execute()` runs a statement and returns its result stream; metadata
 * calls list catalogs, databases, tables and columns. When the socket drops, the client reconnects,
 * says `hello` again with the session's properties and re-attaches every running statement at the
 * first row it has not received.
 */
import WebSocket from 'ws';
import { Statement } from './statement.ts';
import {
  ClientError,
  type Column,
  type ConnectOptions,
  errorFrom,
  type StatementTraits,
  type WireType,
} from './types.ts';
import { encodeParameter } from './values.ts';

type Message = Record<string, unknown> & { type?: unknown };

interface Pending {
  readonly resolve: (m: Message) => void;
  readonly reject: (e: ClientError) => void;
}

export interface TableName {
  readonly name: string;
  readonly catalog: string;
  readonly database: string;
}

const DEFAULT_WINDOW = 1000;
const CURRENT_CATALOG = 'sql.current-catalog';
const CURRENT_DATABASE = 'sql.current-database';

function endpoint(url: string): string {
  const u = new URL(url.replace(/^http/, 'ws'));
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/v1/ws';
  return u.toString();
}

function refusal(status: number): string {
  if (status === 401)
    return "the server refused the API key (401): pass a valid key '<id>.<secret>' (apiKey, --api-key or TRIBUTARY_API_KEY)";
  if (status === 403)
    return 'the API key may not use this server (403): ask an admin for a role in the environment';
  if (status === 404)
    return 'no WebSocket endpoint there (404): point the URL at the gateway, e.g. ws://127.0.0.1:8080';
  return `the server answered HTTP ${status} instead of opening a WebSocket`;
}

const unquote = (name: string): string => name.replace(/^`(.*)`$/, '$1').replace(/``/g, '`');

export class Client {
  private socket: WebSocket | undefined;
  private readonly pending = new Map<number, Pending>();
  /** Statements by name, once accepted. */
  private readonly statements = new Map<string, Statement>();
  /** Executes waiting for their `schema`, by statement name. */
  private readonly awaitingSchema = new Map<string, Pending>();
  private nextId = 1;
  private closedByUser = false;
  private reconnecting: Promise<void> | undefined;
  private readonly properties: Map<string, string>;
  private readonly window: number;
  /** Number of reconnects so far (visible for monitoring). */
  reconnects = 0;

  private constructor(private readonly options: ConnectOptions) {
    this.properties = new Map(Object.entries(options.properties ?? {}));
    this.window = Math.max(1, Math.floor(options.creditWindow ?? DEFAULT_WINDOW));
  }

  /** @internal use `connect()` */
  static async open(options: ConnectOptions): Promise<Client> {
    const client = new Client(options);
    await client.openSocket();
    return client;
  }

  /** The session properties sent in `hello` (kept up to date by SET, RESET and USE). */
  get sessionProperties(): ReadonlyMap<string, string> {
    return this.properties;
  }

  private async openSocket(): Promise<void> {
    const headers: Record<string, string> = {};
    if (this.options.apiKey !== undefined) headers.authorization = `Bearer ${this.options.apiKey}`;
    const socket = new WebSocket(endpoint(this.options.url), { headers });
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      // a refused upgrade (a bad API key, a wrong path) has no WebSocket error to report: say why
      socket.once('unexpected-response', (_req, res) => {
        const status = res.statusCode ?? 0;
        res.resume();
        socket.terminate();
        reject(
          new ClientError({
            code: status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : 'CONNECTION',
            message: `Cannot connect to ${this.options.url}: ${refusal(status)}`,
          }),
        );
      });
      socket.once('error', (e) =>
        reject(
          new ClientError({
            code: 'CONNECTION',
            message: `Cannot connect to ${this.options.url}: ${e.message}`,
          }),
        ),
      );
    });
    socket.on('error', () => undefined); // surfaced through 'close'
    const ready = new Promise<Message>((resolve, reject) => this.pending.set(0, { resolve, reject }));
    this.socket = socket;
    socket.on('message', (data) => this.onMessage(data));
    socket.on('close', () => this.onClose(socket));
    this.sendRaw({
      type: 'hello',
      protocol: 1,
      ...(this.options.apiKey !== undefined ? { apiKey: this.options.apiKey } : {}),
      ...(this.options.environment !== undefined ? { environment: this.options.environment } : {}),
      properties: Object.fromEntries(this.properties),
    });
    await ready;
  }

  private sendRaw(m: Record<string, unknown>): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(m));
  }

  private readonly channel = { send: (m: Record<string, unknown>): void => this.sendRaw(m) };

  private request(m: Record<string, unknown>): Promise<Message> {
    if (this.closedByUser)
      return Promise.reject(new ClientError({ code: 'CLOSED', message: 'The client is closed' }));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.sendRaw({ ...m, id });
    });
  }

  private onMessage(data: WebSocket.RawData): void {
    let m: Message;
    try {
      m = JSON.parse(String(data)) as Message;
    } catch {
      return;
    }
    const statementName = typeof m.statement === 'string' ? m.statement : undefined;
    switch (m.type) {
      case 'ready':
        this.settle(0, m);
        return;
      case 'accepted': {
        const id = Number(m.id);
        const pending = this.pending.get(id);
        this.pending.delete(id);
        if (pending === undefined || statementName === undefined) return;
        const raw = (m.traits ?? {}) as Partial<StatementTraits>;
        const traits: StatementTraits = {
          sqlKind: raw.sqlKind ?? 'UNKNOWN',
          isBounded: raw.isBounded ?? true,
          isAppendOnly: raw.isAppendOnly ?? true,
          upsertColumns: raw.upsertColumns ?? [],
        };
        this.statements.set(
          statementName,
          new Statement(statementName, traits, String(m.phase), this.channel, this.window),
        );
        this.awaitingSchema.set(statementName, pending);
        return;
      }
      case 'schema': {
        const st = statementName === undefined ? undefined : this.statements.get(statementName);
        if (st === undefined || statementName === undefined) return;
        st.columns = (m.columns ?? []) as Column[];
        const pending = this.awaitingSchema.get(statementName);
        this.awaitingSchema.delete(statementName);
        pending?.resolve({ type: 'schema', handle: st });
        return;
      }
      case 'rows':
        if (statementName !== undefined)
          this.statements
            .get(statementName)
            ?.onRows(Number(m.offset), (m.changes ?? []) as { op: 0 | 1 | 2 | 3; row: unknown[] }[]);
        return;
      case 'end':
        if (statementName !== undefined) {
          this.statements.get(statementName)?.onEnd(String(m.phase));
          this.statements.delete(statementName);
        }
        return;
      case 'metadata':
        this.settle(Number(m.id), m);
        return;
      case 'error': {
        const error = errorFrom(m.error, statementName);
        if (typeof m.id === 'number' && this.pending.has(m.id)) {
          const p = this.pending.get(m.id);
          this.pending.delete(m.id);
          p?.reject(error);
        } else if (statementName !== undefined && this.statements.has(statementName)) {
          this.statements.get(statementName)?.fail(error);
          this.statements.delete(statementName);
          this.awaitingSchema.get(statementName)?.reject(error);
          this.awaitingSchema.delete(statementName);
        } else if (this.pending.has(0)) {
          this.pending.get(0)?.reject(error);
          this.pending.delete(0);
        }
        return;
      }
      default:
        return;
    }
  }

  private settle(id: number, m: Message): void {
    const p = this.pending.get(id);
    this.pending.delete(id);
    p?.resolve(m);
  }

  private rejectPending(error: ClientError): void {
    for (const p of [...this.pending.values(), ...this.awaitingSchema.values()]) p.reject(error);
    this.pending.clear();
    this.awaitingSchema.clear();
  }

  private onClose(socket: WebSocket): void {
    if (socket !== this.socket) return;
    const lost = new ClientError({
      code: 'CONNECTION_LOST',
      message: 'The connection to the server was lost',
    });
    this.rejectPending(lost);
    if (this.closedByUser || this.options.reconnect === false || this.statements.size === 0) {
      if (!this.closedByUser && this.options.reconnect !== false) {
        // nothing to resume: reconnect lazily on the next request
        this.socket = undefined;
        return;
      }
      for (const st of this.statements.values()) st.fail(lost);
      this.statements.clear();
      return;
    }
    this.reconnecting ??= this.reconnect().finally(() => {
      this.reconnecting = undefined;
    });
  }

  private async reconnect(): Promise<void> {
    const settings = this.options.reconnect === false ? { attempts: 0 } : (this.options.reconnect ?? {});
    const attempts = settings.attempts ?? 5;
    const delay = settings.delayMs ?? 200;
    let last: unknown;
    for (let attempt = 0; attempt < attempts && !this.closedByUser; attempt++) {
      await new Promise((r) => setTimeout(r, delay * 2 ** attempt));
      try {
        await this.openSocket();
        this.reconnects++;
        for (const st of this.statements.values()) {
          const attach = st.attachMessage(this.channel);
          if (attach !== undefined) this.sendRaw(attach);
        }
        return;
      } catch (e) {
        last = e;
      }
    }
    const error = new ClientError({
      code: 'CONNECTION_LOST',
      message: `The connection was lost and ${attempts} reconnect attempt(s) failed${last instanceof Error ? `: ${last.message}` : ''}`,
    });
    for (const st of this.statements.values()) st.fail(error);
    this.statements.clear();
  }

  private async ensureOpen(): Promise<void> {
    if (this.reconnecting !== undefined) await this.reconnecting;
    if (this.socket === undefined && !this.closedByUser) await this.openSocket();
  }

  /**
   * Runs one statement. `params` bind its `?` marks (types inferred from the JS values, or given as
   * `{ type, value }`). Resolves once the server accepted it and sent its schema; SQL errors reject
   * with a ClientError carrying line and column.
   */
  async execute(sql: string, params: readonly unknown[] = []): Promise<Statement> {
    await this.ensureOpen();
    const accepted = this.request({
      type: 'execute',
      sql,
      ...(params.length > 0 ? { params: params.map((p, i) => encodeParameter(p, i)) } : {}),
      credit: this.window,
    });
    // resolved by the statement's `schema` (a completed statement may have ended right after it)
    const st = (await accepted).handle;
    if (!(st instanceof Statement))
      throw new ClientError({ code: 'PROTOCOL', message: 'execute got no statement' });
    this.trackSession(sql);
    return st;
  }

  /** Keeps `hello`'s properties in step with SET/RESET/USE so a reconnected session matches. */
  private trackSession(sql: string): void {
    const text = sql.trim().replace(/;$/, '').trim();
    let m = /^SET\s+'((?:[^']|'')*)'\s*=\s*'((?:[^']|'')*)'$/i.exec(text);
    if (m !== null) {
      this.properties.set(m[1]!.replace(/''/g, "'"), m[2]!.replace(/''/g, "'"));
      return;
    }
    m = /^RESET\s+'((?:[^']|'')*)'$/i.exec(text);
    if (m !== null) {
      this.properties.delete(m[1]!.replace(/''/g, "'"));
      return;
    }
    if (/^RESET$/i.test(text)) {
      for (const k of [...this.properties.keys()])
        if (k !== CURRENT_CATALOG && k !== CURRENT_DATABASE) this.properties.delete(k);
      return;
    }
    m = /^USE\s+CATALOG\s+(\S+)$/i.exec(text);
    if (m !== null) {
      this.properties.set(CURRENT_CATALOG, unquote(m[1]!));
      this.properties.delete(CURRENT_DATABASE);
      return;
    }
    m = /^USE\s+(?:(`[^`]+`|[^\s.`]+)\.)?(`[^`]+`|[^\s.`]+)$/i.exec(text);
    if (m !== null && !/^MODULES$/i.test(m[2]!)) {
      if (m[1] !== undefined) this.properties.set(CURRENT_CATALOG, unquote(m[1]));
      this.properties.set(CURRENT_DATABASE, unquote(m[2]!));
    }
  }

  /** Runs a bounded statement and returns its rows (a convenience for SHOW, DESCRIBE, small queries). */
  async query(sql: string, params: readonly unknown[] = []): Promise<unknown[][]> {
    const st = await this.execute(sql, params);
    return (await st.toArray()).map((c) => c.row);
  }

  private async metadata(what: string, args: Record<string, string | undefined>): Promise<Message['items']> {
    await this.ensureOpen();
    const filtered = Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined));
    const m = await this.request({ type: 'metadata', what, ...filtered });
    return m.items;
  }

  async catalogs(): Promise<string[]> {
    return ((await this.metadata('catalogs', {})) as { name: string }[]).map((i) => i.name);
  }

  async databases(catalog?: string): Promise<string[]> {
    return ((await this.metadata('databases', { catalog })) as { name: string }[]).map((i) => i.name);
  }

  async tables(catalog?: string, database?: string): Promise<TableName[]> {
    return (await this.metadata('tables', { catalog, database })) as TableName[];
  }

  async columns(
    table: string,
    catalog?: string,
    database?: string,
  ): Promise<{ name: string; type: WireType }[]> {
    return (await this.metadata('columns', { table, catalog, database })) as {
      name: string;
      type: WireType;
    }[];
  }

  /** The session's current catalog and database. */
  async currentNamespace(): Promise<{ catalog: string; database: string }> {
    const [catalog] = await this.query('SHOW CURRENT CATALOG');
    const [database] = await this.query('SHOW CURRENT DATABASE');
    return { catalog: String(catalog?.[0] ?? ''), database: String(database?.[0] ?? '') };
  }

  /** Ends the session: running statement streams end (the statements keep running on the server). */
  async close(): Promise<void> {
    this.closedByUser = true;
    const socket = this.socket;
    if (socket === undefined || socket.readyState === WebSocket.CLOSED) return;
    const closed = new Promise<void>((r) => socket.once('close', () => r()));
    this.sendRaw({ type: 'close' });
    const timer = setTimeout(() => socket.terminate(), 2000);
    await closed;
    clearTimeout(timer);
  }
}

/** Opens a session with a Tributary gateway over its WebSocket protocol. */
export function connect(options: ConnectOptions): Promise<Client> {
  return Client.open(options);
}
