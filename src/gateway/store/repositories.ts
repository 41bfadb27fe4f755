/** Typed access to the gateway's tables: each resource is stored as its JSON document. */
import type { Db } from './database.ts';

export class DocumentTable<T> {
  constructor(
    private readonly db: Db,
    private readonly table: 'environments' | 'api_keys',
  ) {}

  get(name: string): T | undefined {
    const key = this.table === 'api_keys' ? 'id' : 'name';
    const row = this.db.prepare(`SELECT doc FROM ${this.table} WHERE ${key} = ?`).get(name) as
      | { doc: string }
      | undefined;
    return row === undefined ? undefined : (JSON.parse(row.doc) as T);
  }

  list(): T[] {
    const key = this.table === 'api_keys' ? 'id' : 'name';
    return (this.db.prepare(`SELECT doc FROM ${this.table} ORDER BY ${key}`).all() as { doc: string }[]).map(
      (r) => JSON.parse(r.doc) as T,
    );
  }

  put(name: string, doc: T): void {
    const key = this.table === 'api_keys' ? 'id' : 'name';
    this.db
      .prepare(
        `INSERT INTO ${this.table} (${key}, doc) VALUES (?, ?) ON CONFLICT(${key}) DO UPDATE SET doc = excluded.doc`,
      )
      .run(name, JSON.stringify(doc));
  }

  delete(name: string): boolean {
    const key = this.table === 'api_keys' ? 'id' : 'name';
    return this.db.prepare(`DELETE FROM ${this.table} WHERE ${key} = ?`).run(name).changes > 0;
  }
}

export class PoolTable<T> {
  constructor(private readonly db: Db) {}

  get(env: string, name: string): T | undefined {
    const row = this.db
      .prepare('SELECT doc FROM compute_pools WHERE environment = ? AND name = ?')
      .get(env, name) as { doc: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.doc) as T);
  }
  list(env?: string): T[] {
    const rows = (
      env === undefined
        ? this.db.prepare('SELECT doc FROM compute_pools ORDER BY environment, name').all()
        : this.db.prepare('SELECT doc FROM compute_pools WHERE environment = ? ORDER BY name').all(env)
    ) as { doc: string }[];
    return rows.map((r) => JSON.parse(r.doc) as T);
  }
  put(env: string, name: string, doc: T): void {
    this.db
      .prepare(
        'INSERT INTO compute_pools (environment, name, doc) VALUES (?, ?, ?) ON CONFLICT(environment, name) DO UPDATE SET doc = excluded.doc',
      )
      .run(env, name, JSON.stringify(doc));
  }
  delete(env: string, name: string): boolean {
    return (
      this.db.prepare('DELETE FROM compute_pools WHERE environment = ? AND name = ?').run(env, name).changes >
      0
    );
  }
}

export interface StatementPage<T> {
  readonly items: T[];
  /** The token of the next page, absent on the last page. */
  readonly next?: string;
}

export class StatementTable<
  T extends { metadata: { name: string; creationTimestamp: string }; status: { phase: string } },
> {
  /** Prepared once: statements are read on every REST poll and phase change. */
  private readonly selectOne;

  constructor(private readonly db: Db) {
    this.selectOne = db.prepare('SELECT doc FROM statements WHERE environment = ? AND name = ?');
  }

  get(env: string, name: string): T | undefined {
    const row = this.selectOne.get(env, name) as { doc: string } | undefined;
    return row === undefined ? undefined : (JSON.parse(row.doc) as T);
  }

  all(): { environment: string; doc: T }[] {
    return (
      this.db.prepare('SELECT environment, doc FROM statements ORDER BY created, name').all() as {
        environment: string;
        doc: string;
      }[]
    ).map((r) => ({ environment: r.environment, doc: JSON.parse(r.doc) as T }));
  }

  /** Keyset pagination on (created, name); the token is the last item's key, base64url JSON. */
  page(
    env: string,
    size: number,
    token: string | undefined,
    phase: string | undefined,
    computePool: string | undefined,
  ): StatementPage<T> {
    let after: [string, string] = ['', ''];
    if (token !== undefined) {
      const decoded = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as unknown;
      if (
        !Array.isArray(decoded) ||
        decoded.length !== 2 ||
        typeof decoded[0] !== 'string' ||
        typeof decoded[1] !== 'string'
      ) {
        throw new Error('page_token is not a token this server issued');
      }
      after = [decoded[0], decoded[1]];
    }
    const rows = this.db
      .prepare(
        `SELECT created, name, doc FROM statements WHERE environment = ? AND (created > ? OR (created = ? AND name > ?))
         AND (? IS NULL OR phase = ?) AND (? IS NULL OR json_extract(doc, '$.spec.computePoolName') = ?)
         ORDER BY created, name LIMIT ?`,
      )
      .all(
        env,
        after[0],
        after[0],
        after[1],
        phase ?? null,
        phase ?? null,
        computePool ?? null,
        computePool ?? null,
        size + 1,
      ) as {
      created: string;
      name: string;
      doc: string;
    }[];
    const items = rows.slice(0, size).map((r) => JSON.parse(r.doc) as T);
    const last = rows[size - 1];
    return rows.length > size && last !== undefined
      ? { items, next: Buffer.from(JSON.stringify([last.created, last.name])).toString('base64url') }
      : { items };
  }

  put(env: string, doc: T): void {
    this.db
      .prepare(
        'INSERT INTO statements (environment, name, created, phase, doc) VALUES (?, ?, ?, ?, ?) ON CONFLICT(environment, name) DO UPDATE SET phase = excluded.phase, doc = excluded.doc',
      )
      .run(env, doc.metadata.name, doc.metadata.creationTimestamp, doc.status.phase, JSON.stringify(doc));
  }

  delete(env: string, name: string): boolean {
    return (
      this.db.prepare('DELETE FROM statements WHERE environment = ? AND name = ?').run(env, name).changes > 0
    );
  }

  countInEnvironment(env: string): number {
    return (
      this.db.prepare('SELECT COUNT(*) AS n FROM statements WHERE environment = ?').get(env) as { n: number }
    ).n;
  }
}

export interface DdlEntry {
  readonly environment: string;
  readonly sql: string;
  readonly properties: Record<string, string>;
}

/** DDL applied to in-memory catalogs, replayed in order on start-up. */
export class DdlLog {
  constructor(private readonly db: Db) {}
  append(entry: DdlEntry): void {
    this.db
      .prepare('INSERT INTO catalog_ddl (environment, sql, properties) VALUES (?, ?, ?)')
      .run(entry.environment, entry.sql, JSON.stringify(entry.properties));
  }
  all(): DdlEntry[] {
    return (
      this.db.prepare('SELECT environment, sql, properties FROM catalog_ddl ORDER BY seq').all() as {
        environment: string;
        sql: string;
        properties: string;
      }[]
    ).map((r) => ({
      environment: r.environment,
      sql: r.sql,
      properties: JSON.parse(r.properties) as Record<string, string>,
    }));
  }
}
