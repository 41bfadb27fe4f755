/**
 * The catalogs every session of the gateway sees: the in-memory `default_catalog` plus the Kafka
 * catalogs defined in the catalogs folder. Each session gets its own CatalogManager (its current
 * catalog and database, its temporary objects) over these shared catalog objects. DDL against
 * in-memory catalogs is logged to SQLite and replayed on start-up, so it survives restarts.
 */

import type { Catalog } from '../catalog/catalog.ts';
import { CatalogManager } from '../catalog/catalog-manager.ts';
import {
  definitionFromOptions,
  KafkaCatalog,
  loadDefinitions,
  MetadataStore,
} from '../catalog/kafka/factory.ts';
import { MemoryCatalog } from '../catalog/memory-catalog.ts';
import type { Statement } from '../sql/index.ts';
import { CURRENT_CATALOG, CURRENT_DATABASE, configFromProperties } from './engine/properties.ts';
import { EngineSession } from './engine/session.ts';
import type { DdlLog } from './store/repositories.ts';

export interface CatalogSetup {
  /** Folder of Kafka catalog definitions (JSON/YAML); none when absent. */
  readonly definitionsDir?: string;
  /** Where the Kafka catalogs' metadata store lives. */
  readonly dataDir?: string;
}

export class GatewayCatalogs {
  private readonly shared = new Map<string, Catalog>();
  readonly kafka: KafkaCatalog[];
  private readonly store: MetadataStore;

  constructor(
    setup: CatalogSetup,
    private readonly ddl: DdlLog,
  ) {
    const memory = new MemoryCatalog('default_catalog');
    this.shared.set(memory.name, memory);
    this.store = new MetadataStore(setup.dataDir);
    this.kafka = (setup.definitionsDir ? loadDefinitions(setup.definitionsDir) : []).map(
      (d) => new KafkaCatalog(d, this.store),
    );
    for (const c of this.kafka) this.shared.set(c.name, c);
  }

  catalogNames(): string[] {
    return [...this.shared.keys()];
  }

  /** A session's view: every shared catalog, `kafka` catalogs creatable with CREATE CATALOG. */
  newManager(): CatalogManager {
    const manager = new CatalogManager(this.shared.get('default_catalog')!);
    manager.registerCatalogFactory(
      'kafka',
      (name, options) => new KafkaCatalog(definitionFromOptions(name, options), this.store),
    );
    for (const c of this.shared.values()) if (c.name !== 'default_catalog') manager.registerCatalog(c);
    return manager;
  }

  /** A session for statement properties, logging its DDL (and sharing created catalogs). */
  async session(
    environment: string,
    properties: Readonly<Record<string, string>>,
    log = true,
  ): Promise<EngineSession> {
    const catalogs = this.newManager();
    const session: EngineSession = new EngineSession({
      catalogs,
      config: configFromProperties(properties),
      onCatalogChange: (stmt, sql) => this.changed(environment, stmt, sql, session, log),
    });
    const catalog = properties[CURRENT_CATALOG];
    if (catalog !== undefined) await catalogs.apply({ kind: 'UseCatalog', name: catalog });
    const database = properties[CURRENT_DATABASE];
    if (database !== undefined)
      await catalogs.apply({ kind: 'UseDatabase', catalog: catalogs.currentCatalog, database });
    return session;
  }

  private changed(
    environment: string,
    stmt: Statement,
    sql: string,
    session: EngineSession,
    log: boolean,
  ): void {
    if (stmt.kind === 'CreateCatalog') {
      const created = session.catalogs.getCatalog(stmt.name.value);
      if (created !== undefined) this.shared.set(created.name, created);
    }
    if (stmt.kind === 'DropObject' && stmt.objectType === 'CATALOG')
      this.shared.delete(stmt.name.parts.at(-1)?.value ?? '');
    const temporary = 'temporary' in stmt && stmt.temporary === true;
    if (!log || temporary || stmt.kind === 'UseCatalog' || stmt.kind === 'UseDatabase') return;
    const properties: Record<string, string> = {
      [CURRENT_CATALOG]: session.catalogs.currentCatalog,
      [CURRENT_DATABASE]: session.catalogs.currentDatabase,
    };
    this.ddl.append({ environment, sql, properties });
  }

  /** Replays logged DDL into the in-memory catalogs (start-up); failures are returned, not thrown. */
  async replay(): Promise<string[]> {
    const problems: string[] = [];
    for (const entry of this.ddl.all()) {
      try {
        const session = await this.session(entry.environment, entry.properties, false);
        await session.prepare(entry.sql);
      } catch (e) {
        problems.push(`${entry.sql}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return problems;
  }

  close(): void {
    this.store.close();
  }
}
