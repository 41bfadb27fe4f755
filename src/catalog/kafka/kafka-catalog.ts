/**
 * A Kafka catalog (Confluent Cloud's model): the catalog is an environment, its Kafka cluster is
 * the one database, every topic is a table inferred from its Schema Registry subjects (see
 * inference.ts), and what Kafka cannot hold lives in the metadata store. It reaches Kafka only
 * through kafkajs and the registry only through @confluentinc/schemaregistry.
 */

import type { Admin } from 'kafkajs';
import { kafkaFor } from '../../connectors/kafka/client.ts';
import type { LogicalType } from '../../expr/types.ts';
import { type SchemaInfo, SchemaRegistryClient } from '../../formats/registry/confluent-client.ts';
import type { Query } from '../../sql/ast.ts';
import { parseExpression, parseStatement } from '../../sql/index.ts';
import {
  type Catalog,
  type CatalogBaseTable,
  type CatalogColumn,
  type CatalogDatabase,
  CatalogError,
  type CatalogFunction,
  type CatalogTable,
  type CatalogView,
  databaseNotExist,
  tableAlreadyExists,
  tableNotExist,
} from '../catalog.ts';
import type { KafkaCatalogDefinition } from './definitions.ts';
import { inferTable, ROWTIME, rowTypeOfSchema, type TopicFacts } from './inference.ts';
import type { MetadataStore } from './metadata-store.ts';
import { planTable } from './table-creation.ts';

/** What the metadata store keeps about a table. */
interface StoredTable {
  readonly comment?: string;
  /** null: no watermark (dropped); absent: the default SOURCE_WATERMARK(). */
  readonly watermark?: { rowtimeColumn: string; exprText: string } | null;
  readonly extraColumns: readonly StoredColumn[];
  readonly options: Readonly<Record<string, string>>;
  readonly primaryKey?: { name: string; columns: string[] };
  readonly physicalOrder?: readonly string[];
}

type StoredColumn =
  | { kind: 'computed'; name: string; type: LogicalType; exprText: string; comment?: string }
  | { kind: 'metadata'; name: string; type: LogicalType; key?: string; virtual: boolean; comment?: string };

interface StoredView {
  readonly queryText: string;
  readonly columns: CatalogView['columns'];
  readonly comment?: string;
}

const isNotFound = (e: unknown): boolean =>
  /40401|40403|not found/i.test(e instanceof Error ? e.message : String(e));

/** Internal topics (`__consumer_offsets`, `_schemas`, anything starting with `_`) are not tables. */
export const isInternalTopic = (name: string): boolean => name.startsWith('_');

export class KafkaCatalog implements Catalog {
  readonly name: string;
  readonly options: Readonly<Record<string, string>>;
  readonly defaultDatabase: string;
  private readonly registry: SchemaRegistryClient;
  private adminPromise: Promise<Admin> | undefined;

  constructor(
    readonly definition: KafkaCatalogDefinition,
    private readonly store: MetadataStore,
  ) {
    this.name = definition.name;
    this.defaultDatabase = definition.database;
    this.options = {
      type: 'kafka',
      'bootstrap.servers': definition.kafka['bootstrap.servers']!,
      'schema.registry.url': definition.schemaRegistry.url,
    };
    this.registry = new SchemaRegistryClient({
      baseURLs: [definition.schemaRegistry.url],
      cacheCapacity: 1000,
      cacheLatestTtlSecs: 1,
      ...(definition.schemaRegistry.basicAuth
        ? {
            basicAuthCredentials: {
              credentialsSource: 'USER_INFO' as const,
              userInfo: definition.schemaRegistry.basicAuth,
            },
          }
        : {}),
    });
  }

  private admin(): Promise<Admin> {
    this.adminPromise ??= (async () => {
      const admin = kafkaFor(this.definition.kafka).admin();
      await admin.connect();
      return admin;
    })();
    return this.adminPromise;
  }

  async close(): Promise<void> {
    if (this.adminPromise) await (await this.adminPromise).disconnect();
    this.adminPromise = undefined;
  }

  private checkDatabase(database: string): void {
    if (database !== this.defaultDatabase) throw databaseNotExist(this.name, database);
  }

  private path(database: string, name: string) {
    return { catalog: this.name, database, name };
  }

  // ---- databases: the catalog's one cluster ----

  async listDatabases(): Promise<readonly string[]> {
    return [this.defaultDatabase];
  }
  async getDatabase(name: string): Promise<CatalogDatabase | undefined> {
    return name === this.defaultDatabase
      ? { options: { 'bootstrap.servers': this.options['bootstrap.servers']! } }
      : undefined;
  }
  async createDatabase(name: string, _database: CatalogDatabase, ignoreIfExists: boolean): Promise<void> {
    if (name === this.defaultDatabase && ignoreIfExists) return;
    throw new CatalogError(
      `Cannot create database ${name} in Kafka catalog ${this.name}: its database is the Kafka cluster ${this.defaultDatabase}. Define another catalog (catalogs/*.json or CREATE CATALOG) for another cluster.`,
    );
  }
  async alterDatabase(name: string): Promise<void> {
    throw new CatalogError(
      `Database ${name} of Kafka catalog ${this.name} is a Kafka cluster; change it in the catalog definition.`,
    );
  }
  async dropDatabase(name: string): Promise<void> {
    throw new CatalogError(
      `Database ${name} of Kafka catalog ${this.name} is a Kafka cluster and cannot be dropped.`,
    );
  }

  // ---- tables ----

  private async topicNames(): Promise<string[]> {
    return (await (await this.admin()).listTopics()).filter((t) => !isInternalTopic(t)).sort();
  }

  async listTables(database: string): Promise<readonly string[]> {
    this.checkDatabase(database);
    const views = this.store.names(this.name, database, 'view');
    return [...new Set([...(await this.topicNames()), ...views])].sort();
  }

  async listViews(database: string): Promise<readonly string[]> {
    this.checkDatabase(database);
    return this.store.names(this.name, database, 'view');
  }

  private async topicFacts(name: string): Promise<TopicFacts | undefined> {
    const admin = await this.admin();
    if (!(await admin.listTopics()).includes(name)) return undefined;
    const { topics } = await admin.fetchTopicMetadata({ topics: [name] });
    const configs: Record<string, string> = {};
    const described = await admin.describeConfigs({ resources: [{ type: 2, name }], includeSynonyms: false });
    for (const entry of described.resources[0]?.configEntries ?? [])
      configs[entry.configName] = entry.configValue;
    return { name, partitions: topics[0]?.partitions.length ?? 0, configs };
  }

  private async latestSchema(subject: string): Promise<SchemaInfo | undefined> {
    try {
      const meta = await this.registry.getLatestSchemaMetadata(subject);
      return {
        schema: meta.schema ?? '',
        schemaType: meta.schemaType ?? 'AVRO',
        references: meta.references ?? [],
      };
    } catch (e) {
      if (isNotFound(e)) return undefined;
      throw e;
    }
  }

  /** The table as inferred from Kafka and the registry alone. */
  async inferredTable(name: string): Promise<CatalogTable | undefined> {
    const topic = await this.topicFacts(name);
    if (topic === undefined) return undefined;
    const [keyInfo, valueInfo] = await Promise.all([
      this.latestSchema(`${name}-key`),
      this.latestSchema(`${name}-value`),
    ]);
    const side = async (info: SchemaInfo | undefined, column: string) =>
      info === undefined ? undefined : { info, row: await rowTypeOfSchema(this.registry, info, column) };
    return inferTable({
      topic,
      key: await side(keyInfo, 'key'),
      value: await side(valueInfo, 'val'),
      bootstrapServers: this.definition.kafka['bootstrap.servers']!,
      registryUrl: this.definition.schemaRegistry.url,
      registryUserInfo: this.definition.schemaRegistry.basicAuth,
    });
  }

  async getTable(database: string, name: string): Promise<CatalogBaseTable | undefined> {
    this.checkDatabase(database);
    const view = this.store.get(this.name, database, 'view', name) as StoredView | undefined;
    if (view !== undefined) return viewFrom(view);
    const inferred = await this.inferredTable(name);
    if (inferred === undefined) return undefined;
    const stored = this.store.get(this.name, database, 'table', name) as StoredTable | undefined;
    return stored === undefined ? inferred : overlay(inferred, stored);
  }

  async createTable(
    database: string,
    name: string,
    table: CatalogTable,
    ignoreIfExists: boolean,
  ): Promise<void> {
    this.checkDatabase(database);
    const admin = await this.admin();
    if (
      (await admin.listTopics()).includes(name) ||
      this.store.get(this.name, database, 'view', name) !== undefined
    ) {
      if (ignoreIfExists) return;
      throw tableAlreadyExists(this.path(database, name));
    }
    const plan = planTable(name, table, this.definition.defaults);
    // schemas first: an incompatible or invalid schema must not leave a topic behind
    if (plan.keySchema) await this.registry.register(`${name}-key`, plan.keySchema);
    if (plan.valueSchema) await this.registry.register(`${name}-value`, plan.valueSchema);
    await admin.createTopics({
      topics: [{ topic: name, numPartitions: plan.partitions, configEntries: plan.configs }],
      waitForLeaders: true,
    });
    const options: Record<string, string> = { ...table.options };
    delete options.connector;
    if (plan.keyFormat !== undefined) options['key.format'] = plan.keyFormat;
    options['value.format'] = plan.valueFormat;
    if (table.primaryKey && options['changelog.mode'] === undefined) options['changelog.mode'] = 'upsert';
    this.store.put(this.name, database, 'table', name, storedFrom(table, options, 'default'));
  }

  async createView(
    database: string,
    name: string,
    view: CatalogView,
    ignoreIfExists: boolean,
  ): Promise<void> {
    this.checkDatabase(database);
    if (
      this.store.get(this.name, database, 'view', name) !== undefined ||
      (await this.topicNames()).includes(name)
    ) {
      if (ignoreIfExists) return;
      throw tableAlreadyExists(this.path(database, name));
    }
    const stored: StoredView = {
      queryText: view.queryText,
      columns: view.columns,
      ...(view.comment ? { comment: view.comment } : {}),
    };
    this.store.put(this.name, database, 'view', name, stored);
  }

  async alterTable(database: string, name: string, table: CatalogBaseTable): Promise<void> {
    this.checkDatabase(database);
    if (table.kind === 'view') {
      if (this.store.get(this.name, database, 'view', name) === undefined)
        throw tableNotExist(this.path(database, name));
      this.store.put(this.name, database, 'view', name, {
        queryText: table.queryText,
        columns: table.columns,
        comment: table.comment,
      });
      return;
    }
    const inferred = await this.inferredTable(name);
    if (inferred === undefined) throw tableNotExist(this.path(database, name));
    const before = physicalSignature(inferred.columns);
    const after = physicalSignature(table.columns);
    if ([...before].sort().join() !== [...after].sort().join()) {
      throw new CatalogError(
        `Physical columns of ${database}.${name} come from its Schema Registry subjects and cannot be changed by ALTER TABLE; evolve the schema of '${name}-value' in the registry instead.`,
      );
    }
    const options: Record<string, string> = {};
    for (const [k, v] of Object.entries(table.options)) if (inferred.options[k] !== v) options[k] = v;
    this.store.put(this.name, database, 'table', name, storedFrom(table, options, 'none'));
  }

  async renameTable(database: string, name: string): Promise<void> {
    this.checkDatabase(database);
    throw new CatalogError(
      `Table ${database}.${name} is the Kafka topic '${name}', and Kafka topics cannot be renamed. Create a new table and INSERT INTO it instead.`,
    );
  }

  async dropTable(database: string, name: string, ignoreIfNotExists: boolean): Promise<void> {
    this.checkDatabase(database);
    if (this.store.delete(this.name, database, 'view', name)) return;
    const admin = await this.admin();
    if (!(await admin.listTopics()).includes(name)) {
      if (ignoreIfNotExists) return;
      throw tableNotExist(this.path(database, name));
    }
    await admin.deleteTopics({ topics: [name] });
    for (const subject of [`${name}-key`, `${name}-value`]) {
      try {
        await this.registry.deleteSubject(subject, false);
        await this.registry.deleteSubject(subject, true);
      } catch (e) {
        if (!isNotFound(e)) throw e;
      }
    }
    this.store.delete(this.name, database, 'table', name);
  }

  // ---- functions ----

  async listFunctions(database: string): Promise<readonly string[]> {
    this.checkDatabase(database);
    return this.store.names(this.name, database, 'function');
  }
  async getFunction(database: string, name: string): Promise<CatalogFunction | undefined> {
    this.checkDatabase(database);
    return this.store.get(this.name, database, 'function', name) as CatalogFunction | undefined;
  }
  async createFunction(
    database: string,
    name: string,
    fn: CatalogFunction,
    ignoreIfExists: boolean,
  ): Promise<void> {
    this.checkDatabase(database);
    if (this.store.get(this.name, database, 'function', name) !== undefined) {
      if (ignoreIfExists) return;
      throw new CatalogError(`Function ${database}.${name} already exists in Catalog ${this.name}.`);
    }
    this.store.put(this.name, database, 'function', name, fn);
  }
  async dropFunction(database: string, name: string, ignoreIfNotExists: boolean): Promise<void> {
    this.checkDatabase(database);
    if (!this.store.delete(this.name, database, 'function', name) && !ignoreIfNotExists) {
      throw new CatalogError(`Function ${database}.${name} does not exist in Catalog ${this.name}.`);
    }
  }
}

const physicalSignature = (columns: readonly CatalogColumn[]): string[] =>
  columns.filter((c) => c.kind === 'physical').map((c) => c.name);

/** `absentWatermark`: what a table without a watermark means — the default (CREATE) or none (ALTER ... DROP WATERMARK). */
function storedFrom(
  table: CatalogTable,
  options: Record<string, string>,
  absentWatermark: 'default' | 'none',
): StoredTable {
  const extraColumns: StoredColumn[] = [];
  for (const c of table.columns) {
    if (c.kind === 'computed') {
      extraColumns.push({
        kind: 'computed',
        name: c.name,
        type: c.type,
        exprText: c.exprText,
        ...(c.comment ? { comment: c.comment } : {}),
      });
    } else if (c.kind === 'metadata' && c.name !== ROWTIME) {
      extraColumns.push({
        kind: 'metadata',
        name: c.name,
        type: c.type,
        virtual: c.virtual,
        ...(c.key ? { key: c.key } : {}),
        ...(c.comment ? { comment: c.comment } : {}),
      });
    }
  }
  return {
    ...(table.comment ? { comment: table.comment } : {}),
    ...(table.watermark
      ? { watermark: { rowtimeColumn: table.watermark.rowtimeColumn, exprText: table.watermark.exprText } }
      : absentWatermark === 'none'
        ? { watermark: null }
        : {}),
    extraColumns,
    options,
    ...(table.primaryKey
      ? { primaryKey: { name: table.primaryKey.name, columns: [...table.primaryKey.columns] } }
      : {}),
    physicalOrder: physicalSignature(table.columns),
  };
}

/** The inferred table with the stored parts laid over it. */
function overlay(inferred: CatalogTable, stored: StoredTable): CatalogTable {
  let physical = inferred.columns.filter((c) => c.kind === 'physical');
  const order = stored.physicalOrder;
  if (order && order.length === physical.length && order.every((n) => physical.some((c) => c.name === n))) {
    physical = order.map((n) => physical.find((c) => c.name === n)!);
  }
  const extras: CatalogColumn[] = stored.extraColumns.map((c) =>
    c.kind === 'computed'
      ? {
          kind: 'computed',
          name: c.name,
          type: c.type,
          expr: parseExpression(c.exprText),
          exprText: c.exprText,
          ...(c.comment ? { comment: c.comment } : {}),
        }
      : {
          kind: 'metadata',
          name: c.name,
          type: c.type,
          virtual: c.virtual,
          ...(c.key ? { key: c.key } : {}),
          ...(c.comment ? { comment: c.comment } : {}),
        },
  );
  const rowtime = inferred.columns.filter((c) => c.name === ROWTIME);
  let watermark = inferred.watermark;
  if (stored.watermark === null) watermark = undefined;
  else if (stored.watermark !== undefined) {
    watermark = {
      rowtimeColumn: stored.watermark.rowtimeColumn,
      expr: parseExpression(stored.watermark.exprText),
      exprText: stored.watermark.exprText,
    };
  }
  const options = { ...inferred.options, ...stored.options };
  const primaryKey = stored.primaryKey ?? inferred.primaryKey;
  return {
    ...inferred,
    columns: [...physical, ...extras, ...rowtime],
    ...(watermark ? { watermark } : { watermark: undefined }),
    ...(primaryKey ? { primaryKey } : {}),
    ...(stored.comment ? { comment: stored.comment } : {}),
    options,
  };
}

function viewFrom(stored: StoredView): CatalogView {
  const statement = parseStatement(stored.queryText) as unknown as { kind: string; query?: Query };
  const query = statement.kind === 'Query' ? (statement as unknown as Query) : statement.query;
  if (query === undefined) throw new CatalogError(`Stored view text is not a query: ${stored.queryText}`);
  return {
    kind: 'view',
    query,
    queryText: stored.queryText,
    columns: stored.columns,
    ...(stored.comment ? { comment: stored.comment } : {}),
  };
}
