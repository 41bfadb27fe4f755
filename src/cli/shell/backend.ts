/**
 * Where the shell's statements run: a gateway over the WebSocket client library, or (`--embedded`)
 * an EngineSession in this process. Both yield the client library's decoded values and errors, so
 * the shell renders one kind of result.
 */
import { CatalogManager } from '../../catalog/catalog-manager.ts';
import { type Client, connect } from '../../client/client.ts';
import type { Statement } from '../../client/statement.ts';
import {
  type Change,
  type ClientError,
  type Column,
  errorFrom,
  type StatementTraits,
} from '../../client/types.ts';
import { decodeRow, type SqlValue } from '../../client/values.ts';
import { configFromProperties } from '../../gateway/engine/properties.ts';
import type { RunningStatement } from '../../gateway/engine/running.ts';
import { EngineSession } from '../../gateway/engine/session.ts';
import { type ResultColumn, wireColumns } from '../../gateway/engine/types.ts';
import { encodeRow } from '../../gateway/engine/wire.ts';
import { isSqlError } from '../../sql/index.ts';

export type Row = SqlValue[];

/** A running or finished statement as the shell consumes it. */
export interface ShellResult {
  readonly columns: readonly Column[];
  readonly traits: StatementTraits;
  /** The next batch of changes; undefined at the end (throws the statement's failure). */
  nextBatch(): Promise<Change<Row>[] | undefined>;
  cancel(): Promise<void>;
}

export interface ShellBackend {
  execute(sql: string): Promise<ShellResult>;
  namespace(): Promise<{ catalog: string; database: string }>;
  catalogs(): Promise<string[]>;
  databases(catalog?: string): Promise<string[]>;
  tables(catalog?: string, database?: string): Promise<string[]>;
  columns(table: string): Promise<string[]>;
  close(): Promise<void>;
}

export class RemoteBackend implements ShellBackend {
  private constructor(private readonly client: Client) {}

  static async open(
    url: string,
    apiKey: string | undefined,
    properties: Record<string, string>,
  ): Promise<RemoteBackend> {
    return new RemoteBackend(await connect({ url, ...(apiKey ? { apiKey } : {}), properties }));
  }

  execute(sql: string): Promise<Statement> {
    return this.client.execute(sql);
  }
  namespace(): Promise<{ catalog: string; database: string }> {
    return this.client.currentNamespace();
  }
  catalogs(): Promise<string[]> {
    return this.client.catalogs();
  }
  databases(catalog?: string): Promise<string[]> {
    return this.client.databases(catalog);
  }
  async tables(catalog?: string, database?: string): Promise<string[]> {
    return (await this.client.tables(catalog, database)).map((t) => t.name);
  }
  async columns(table: string): Promise<string[]> {
    return (await this.client.columns(table)).map((c) => c.name);
  }
  close(): Promise<void> {
    return this.client.close();
  }
}

/** Engine failures as the client reports them (SqlErrors keep their positions). */
export function toClientError(e: unknown): ClientError {
  if (isSqlError(e)) return errorFrom(e.toJSON());
  return errorFrom({ code: 'EXECUTION', message: e instanceof Error ? e.message : String(e) });
}

const PULL_ROWS = 500;

/** A statement run by an in-process EngineSession, values passed through the wire encoding. */
class EmbeddedResult implements ShellResult {
  readonly columns: readonly Column[];
  private done = false;

  constructor(
    resultColumns: readonly ResultColumn[],
    readonly traits: StatementTraits,
    private readonly running: RunningStatement | undefined,
    private pending: readonly (readonly unknown[])[],
  ) {
    this.columns = wireColumns(resultColumns);
  }

  private decode(ops: readonly number[], rows: readonly (readonly unknown[])[]): Change<Row>[] {
    const engineTypes = this.running?.columns.map((c) => c.type);
    const wire = this.columns.map((c) => c.type);
    return rows.map((row, i) => ({
      op: (ops[i] ?? 0) as 0 | 1 | 2 | 3,
      row:
        engineTypes === undefined
          ? decodeRow(row as unknown[], wire)
          : decodeRow(encodeRow(row, engineTypes), wire),
    }));
  }

  async nextBatch(): Promise<Change<Row>[] | undefined> {
    if (this.running === undefined) {
      if (this.done) return undefined;
      this.done = true;
      return this.decode([], this.pending);
    }
    const batch = await this.running.pull(PULL_ROWS);
    if (batch.rows.length > 0) return this.decode(batch.ops, batch.rows);
    if (this.running.state === 'FAILED') throw toClientError(this.running.error);
    return undefined;
  }

  async cancel(): Promise<void> {
    if (this.running === undefined) return;
    this.running.cancel();
    await this.running.done;
  }
}

export class EmbeddedBackend implements ShellBackend {
  private readonly session: EngineSession;

  constructor(properties: Record<string, string>) {
    this.session = new EngineSession({
      catalogs: new CatalogManager(),
      config: configFromProperties(properties),
    });
  }

  async execute(sql: string): Promise<ShellResult> {
    try {
      const prepared = await this.session.prepare(sql);
      if (prepared.kind === 'completed') {
        // completed rows are engine values; encode them so every result decodes the same way
        const types = prepared.columns.map((c) => c.type);
        return new EmbeddedResult(
          prepared.columns,
          prepared.traits,
          undefined,
          prepared.rows.map((r) => encodeRow(r, types)),
        );
      }
      return new EmbeddedResult(prepared.columns, prepared.traits, this.session.start(prepared), []);
    } catch (e) {
      throw toClientError(e);
    }
  }

  async namespace(): Promise<{ catalog: string; database: string }> {
    return { catalog: this.session.catalogs.currentCatalog, database: this.session.catalogs.currentDatabase };
  }
  async catalogs(): Promise<string[]> {
    return [...this.session.catalogs.catalogNames()].sort();
  }
  async databases(catalog?: string): Promise<string[]> {
    const c = this.session.catalogs.getCatalog(catalog ?? this.session.catalogs.currentCatalog);
    return c === undefined ? [] : [...(await c.listDatabases())].sort();
  }
  async tables(catalog?: string, database?: string): Promise<string[]> {
    const m = this.session.catalogs;
    const cat = catalog ?? m.currentCatalog;
    const db = database ?? m.currentDatabase;
    const c = m.getCatalog(cat);
    const names = new Set([
      ...(c === undefined ? [] : await c.listTables(db)),
      ...m.temporaryTableNames(cat, db),
    ]);
    return [...names].sort();
  }
  async columns(table: string): Promise<string[]> {
    const m = this.session.catalogs;
    const found = m.lookupTable([m.currentCatalog, m.currentDatabase, table]);
    return found === undefined ? [] : found.table.columns.map((c) => c.name);
  }
  async close(): Promise<void> {}
}
