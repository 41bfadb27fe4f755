/**
 * The `kafka` connector's table options, with Flink's and Confluent Cloud's names: topic, client
 * properties, key/value formats and the column split between them, startup and bounded modes,
 * watermark idleness, error handling, sink partitioning and delivery guarantee. Everything is
 * validated when the source or sink is created, with errors naming the option and the fix.
 */
import type { CatalogTable } from '../../catalog/catalog.ts';
import { type LogicalType, type RowType, T } from '../../expr/types.ts';
import { createFormat, type Format, formatOptionsOf } from '../../formats/index.ts';
import { ConnectorOptionError, ConnectorOptionReader, parseDuration } from '../options.ts';
import { METADATA_KEYS, type MetadataKey } from './metadata.ts';

export type StartupMode =
  | 'earliest-offset'
  | 'latest-offset'
  | 'group-offsets'
  | 'timestamp'
  | 'specific-offsets';
export type BoundedMode = 'unbounded' | 'latest-offset' | 'group-offsets' | 'timestamp' | 'specific-offsets';
export type ErrorHandlingMode = 'fail' | 'ignore' | 'log';
export type SinkPartitioner = 'default' | 'fixed' | 'round-robin';
export type DeliveryGuarantee = 'at-least-once' | 'exactly-once' | 'none';
export type ChangelogModeOption = 'append' | 'upsert' | 'retract';

export interface OffsetSpec<M extends string> {
  readonly mode: M;
  readonly timestamp?: number;
  /** partition → offset, for specific-offsets. */
  readonly offsets?: ReadonlyMap<number, bigint>;
}

/** Where each table column comes from. */
export type ColumnSource =
  | { readonly kind: 'key'; readonly index: number }
  | { readonly kind: 'value'; readonly index: number }
  | { readonly kind: 'metadata'; readonly key: MetadataKey }
  | { readonly kind: 'other' };

export interface KafkaTableConfig {
  readonly topic: string;
  readonly properties: Readonly<Record<string, string>>;
  readonly keyFormat: Format | undefined;
  readonly valueFormat: Format;
  /** For each table column, where its value comes from. */
  readonly columnSources: readonly ColumnSource[];
  /** Table column index of each key-format field, then of each value-format field. */
  readonly keyColumns: readonly number[];
  readonly valueColumns: readonly number[];
  readonly startup: OffsetSpec<StartupMode>;
  readonly bounded: OffsetSpec<BoundedMode>;
  readonly groupId: string | undefined;
  readonly idleTimeoutMs: number;
  readonly discoveryIntervalMs: number;
  readonly errorHandling: ErrorHandlingMode;
  readonly errorLogTarget: string;
  readonly partitioner: SinkPartitioner;
  readonly deliveryGuarantee: DeliveryGuarantee;
  readonly transactionalIdPrefix: string | undefined;
  readonly changelogMode: ChangelogModeOption;
}

/** Topic-level options the catalog turns into topic configs; the connector accepts and ignores them. */
export const TOPIC_OPTIONS = [
  'kafka.retention.time',
  'kafka.retention.size',
  'kafka.cleanup-policy',
  'kafka.max-message-size',
  'kafka.partitions',
  'kafka.producer.compression.type',
  'kafka.consumer.isolation-level',
] as const;

function parseSpecificOffsets(text: string, key: string): Map<number, bigint> {
  const offsets = new Map<number, bigint>();
  for (const part of text
    .split(';')
    .map((p) => p.trim())
    .filter((p) => p !== '')) {
    const m = /^partition:(\d+),offset:(\d+)$/.exec(part.replace(/\s+/g, ''));
    if (m === null) {
      throw new ConnectorOptionError(
        `Option '${key}' has an invalid entry '${part}'; use 'partition:0,offset:42;partition:1,offset:300'`,
      );
    }
    offsets.set(Number(m[1]), BigInt(m[2]!));
  }
  return offsets;
}

function choice<C extends string>(
  r: ConnectorOptionReader,
  key: string,
  allowed: readonly C[],
  fallback: C,
): C {
  const v = r.string(key);
  if (v === undefined) return fallback;
  const match = allowed.find((a) => a.toLowerCase() === v.trim().toLowerCase());
  if (match === undefined) {
    throw new ConnectorOptionError(
      `Option '${key}' must be one of ${allowed.map((a) => `'${a}'`).join(', ')}, got '${v}'`,
    );
  }
  return match;
}

function offsetSpec<M extends string>(
  r: ConnectorOptionReader,
  prefix: string,
  modes: readonly M[],
  fallback: M,
): OffsetSpec<M> {
  const mode = choice(r, `${prefix}.mode`, modes, fallback);
  if (mode === 'timestamp') {
    const ts = r.required(`${prefix}.timestamp-millis`);
    if (!/^\d+$/.test(ts.trim())) {
      throw new ConnectorOptionError(
        `Option '${prefix}.timestamp-millis' must be epoch milliseconds, got '${ts}'`,
      );
    }
    return { mode, timestamp: Number(ts) };
  }
  if (mode === 'specific-offsets') {
    const key = `${prefix}.specific-offsets`;
    return { mode, offsets: parseSpecificOffsets(r.required(key), key) };
  }
  for (const extra of ['timestamp-millis', 'specific-offsets']) {
    if (r.string(`${prefix}.${extra}`) !== undefined) {
      throw new ConnectorOptionError(
        `Option '${prefix}.${extra}' only applies when '${prefix}.mode' is '${extra === 'timestamp-millis' ? 'timestamp' : 'specific-offsets'}'`,
      );
    }
  }
  return { mode };
}

const physicalRow = (fields: readonly { name: string; type: LogicalType }[]): RowType =>
  T.row(
    fields.map((f) => [f.name, f.type]),
    false,
  );

/** Validates the options of a kafka table and opens nothing yet. */
export function parseKafkaOptions(
  table: CatalogTable,
  options: Readonly<Record<string, string>>,
): KafkaTableConfig {
  const r = new ConnectorOptionReader('kafka', options);
  const topic = r.required('topic').trim();
  if (topic.includes(';')) {
    throw new ConnectorOptionError(
      `Option 'topic' names one topic; '${topic}' lists several. Declare one table per topic.`,
    );
  }
  const properties: Record<string, string> = {};
  for (const [k, v] of Object.entries(options)) if (k.startsWith('properties.')) properties[k.slice(11)] = v;
  r.accept((k) => k.startsWith('properties.'));
  if (properties['bootstrap.servers'] === undefined) r.required('properties.bootstrap.servers');

  const changelogMode = choice(
    r,
    'changelog.mode',
    ['append', 'upsert', 'retract'] as const,
    table.primaryKey ? 'upsert' : 'append',
  );
  const physical = table.columns.map((c, i) => ({ c, i })).filter(({ c }) => c.kind === 'physical');
  const prefix = r.string('key.fields-prefix') ?? '';
  const keyFieldNames = (r.string('key.fields') ?? '')
    .split(';')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const keyNames =
    keyFieldNames.length > 0
      ? keyFieldNames
      : changelogMode === 'upsert'
        ? [...(table.primaryKey?.columns ?? [])]
        : [];
  const keyColumns = keyNames.map((n) => {
    const found = physical.find(({ c }) => c.name === n);
    if (found === undefined) {
      throw new ConnectorOptionError(
        `Option 'key.fields' names '${n}', which is not a physical column of the table`,
      );
    }
    if (!n.startsWith(prefix)) {
      throw new ConnectorOptionError(`Key column '${n}' must start with the 'key.fields-prefix' '${prefix}'`);
    }
    return found.i;
  });
  const include = choice(
    r,
    'value.fields-include',
    ['ALL', 'EXCEPT_KEY', 'all', 'except-key'] as const,
    'ALL',
  );
  const exceptKey = include.toUpperCase().replace('-', '_') === 'EXCEPT_KEY';
  const valueColumns = physical.filter(({ i }) => !exceptKey || !keyColumns.includes(i)).map(({ i }) => i);

  const keyFormatOpts = formatOptionsOf(options, 'key');
  const valueFormatOpts = formatOptionsOf(options, 'value');
  // format options are validated by the formats themselves
  r.accept(
    (k) =>
      k.startsWith('key.') ||
      k.startsWith('value.') ||
      k === 'format' ||
      (valueFormatOpts !== undefined && k.startsWith(`${valueFormatOpts.format}.`)),
  );
  if (valueFormatOpts === undefined) {
    throw new ConnectorOptionError(
      `Connector 'kafka' requires the option 'value.format' (e.g. 'avro-registry', 'json', 'raw')`,
    );
  }
  if (keyColumns.length > 0 && keyFormatOpts === undefined) {
    throw new ConnectorOptionError(`Key columns (${keyNames.join(', ')}) need a 'key.format' option`);
  }
  if (keyFormatOpts !== undefined && keyColumns.length === 0) {
    throw new ConnectorOptionError(
      `Option 'key.format' needs 'key.fields' naming the key columns (e.g. 'key.fields' = 'id')`,
    );
  }
  const columnsOf = (idx: readonly number[], strip: string) =>
    idx.map((i) => {
      const c = table.columns[i]!;
      return { name: c.name.slice(strip.length), type: c.type };
    });
  const keyFormat =
    keyFormatOpts === undefined
      ? undefined
      : createFormat(keyFormatOpts.format, keyFormatOpts.options, physicalRow(columnsOf(keyColumns, prefix)));
  const valueFormat = createFormat(
    valueFormatOpts.format,
    valueFormatOpts.options,
    physicalRow(columnsOf(valueColumns, '')),
  );

  const columnSources: ColumnSource[] = table.columns.map((c, i) => {
    if (c.kind === 'metadata') {
      const key = c.key ?? c.name;
      if (!(METADATA_KEYS as readonly string[]).includes(key)) {
        throw new ConnectorOptionError(
          `Column '${c.name}' reads metadata '${key}', which the kafka connector does not provide; available: ${METADATA_KEYS.join(', ')}`,
        );
      }
      return { kind: 'metadata', key: key as MetadataKey };
    }
    const k = keyColumns.indexOf(i);
    if (k >= 0) return { kind: 'key', index: k };
    const v = valueColumns.indexOf(i);
    if (v >= 0) return { kind: 'value', index: v };
    return { kind: 'other' };
  });

  const startup = offsetSpec(
    r,
    'scan.startup',
    ['earliest-offset', 'latest-offset', 'group-offsets', 'timestamp', 'specific-offsets'] as const,
    'earliest-offset',
  );
  const bounded = offsetSpec(
    r,
    'scan.bounded',
    ['unbounded', 'latest-offset', 'group-offsets', 'timestamp', 'specific-offsets'] as const,
    'unbounded',
  );
  const groupId = properties['group.id'];
  if ((startup.mode === 'group-offsets' || bounded.mode === 'group-offsets') && groupId === undefined) {
    throw new ConnectorOptionError(
      `'group-offsets' needs 'properties.group.id' naming the consumer group whose offsets to use`,
    );
  }
  const idle = r.string('scan.watermark.idle-timeout');
  const discovery = r.string('scan.topic-partition-discovery.interval');
  const errorHandling = choice(r, 'error-handling.mode', ['fail', 'ignore', 'log'] as const, 'fail');
  const errorLogTarget = r.string('error-handling.log.target') ?? 'error_log';
  const partitioner = choice(r, 'sink.partitioner', ['default', 'fixed', 'round-robin'] as const, 'default');
  const deliveryGuarantee = choice(
    r,
    'sink.delivery-guarantee',
    ['at-least-once', 'exactly-once', 'none'] as const,
    'at-least-once',
  );
  const transactionalIdPrefix = r.string('sink.transactional-id-prefix')?.trim();
  if (
    deliveryGuarantee === 'exactly-once' &&
    (transactionalIdPrefix === undefined || transactionalIdPrefix === '')
  ) {
    throw new ConnectorOptionError(
      `'sink.delivery-guarantee' = 'exactly-once' needs 'sink.transactional-id-prefix' (a name unique to this statement, e.g. 'orders-sink'): the sink's Kafka transactional ids are '<prefix>-<subtask>-<n>'`,
    );
  }
  r.accept(
    (k) =>
      (TOPIC_OPTIONS as readonly string[]).includes(k) ||
      k === 'scan.watermark.emit.strategy' ||
      k === 'scan.watermark.alignment.group',
  );
  r.checkUnknown();
  return {
    topic,
    properties,
    keyFormat,
    valueFormat,
    columnSources,
    keyColumns,
    valueColumns,
    startup,
    bounded,
    groupId,
    idleTimeoutMs: idle === undefined ? 0 : parseDuration(idle, 'scan.watermark.idle-timeout'),
    discoveryIntervalMs:
      discovery === undefined ? 300_000 : parseDuration(discovery, 'scan.topic-partition-discovery.interval'),
    errorHandling,
    errorLogTarget,
    partitioner,
    deliveryGuarantee,
    transactionalIdPrefix,
    changelogMode,
  };
}
