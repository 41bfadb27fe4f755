/**
 * Inferring a table from a topic (Confluent Cloud's rules): key columns from the `<topic>-key`
 * subject's latest schema and value columns from `<topic>-value` (a record's fields, or one column
 * `key` / `val` for other schemas); without a subject the side is one raw `BYTES` column. When a key
 * column's name clashes with a value column, every key column gets the `key_` prefix
 * (`key.fields-prefix`). Every table has `$rowtime TIMESTAMP_LTZ(3) NOT NULL METADATA FROM
 * 'timestamp' VIRTUAL` and `WATERMARK FOR $rowtime AS SOURCE_WATERMARK()`; compacted topics with a
 * key schema are upsert tables keyed by the key columns; `DISTRIBUTED BY HASH(key columns) INTO
 * <partitions> BUCKETS`.
 */

import { type LogicalType, type RowType, T, withNullability } from '../../expr/types.ts';
import { messageAt, protobufRoot } from '../../formats/protobuf/proto-registry.ts';
import type { SchemaInfo, SchemaRegistryClient } from '../../formats/registry/confluent-client.ts';
import { rowTypeFromAvro } from '../../formats/type-mapping/avro.ts';
import { rowTypeFromJsonSchema } from '../../formats/type-mapping/json-schema.ts';
import { rowTypeFromProtobuf } from '../../formats/type-mapping/protobuf.ts';
import { parseExpression } from '../../sql/index.ts';
import type { CatalogColumn, CatalogTable } from '../catalog.ts';

export const ROWTIME = '$rowtime';
export const KEY_PREFIX = 'key_';

export interface TopicFacts {
  readonly name: string;
  readonly partitions: number;
  readonly configs: Readonly<Record<string, string>>;
}

export interface SubjectSchema {
  readonly info: SchemaInfo;
}

export const FORMAT_OF_SCHEMA: Readonly<Record<string, string>> = {
  AVRO: 'avro-registry',
  JSON: 'json-registry',
  PROTOBUF: 'proto-registry',
};

/** The columns a registry schema maps to. */
export async function rowTypeOfSchema(
  client: SchemaRegistryClient,
  info: SchemaInfo,
  columnName: string,
): Promise<RowType> {
  switch (info.schemaType ?? 'AVRO') {
    case 'AVRO':
      return rowTypeFromAvro(info.schema, columnName);
    case 'JSON':
      return rowTypeFromJsonSchema(info.schema, columnName);
    case 'PROTOBUF': {
      const { root, main } = await protobufRoot(client, info);
      return rowTypeFromProtobuf(messageAt(root, main, [0]));
    }
    default:
      throw new Error(`Unknown schema type '${info.schemaType}'`);
  }
}

export const SOURCE_WATERMARK_TEXT = 'SOURCE_WATERMARK()';

export function rowtimeColumn(): CatalogColumn {
  return { kind: 'metadata', name: ROWTIME, type: T.timestampLtz(3, false), key: 'timestamp', virtual: true };
}

export interface InferenceInput {
  readonly topic: TopicFacts;
  readonly key: { readonly info: SchemaInfo; readonly row: RowType } | undefined;
  readonly value: { readonly info: SchemaInfo; readonly row: RowType } | undefined;
  /** Connection options every table carries (bootstrap servers, registry URL). */
  readonly bootstrapServers: string;
  readonly registryUrl: string;
  readonly registryUserInfo: string | undefined;
}

export function isCompacted(configs: Readonly<Record<string, string>>): boolean {
  return (configs['cleanup.policy'] ?? 'delete')
    .split(',')
    .map((s) => s.trim())
    .includes('compact');
}

/** `cleanup.policy` back to Confluent's `kafka.cleanup-policy` values. */
function cleanupPolicyOption(policy: string): string {
  const parts = new Set(policy.split(',').map((s) => s.trim()));
  return parts.has('compact') && parts.has('delete')
    ? 'delete-compact'
    : parts.has('compact')
      ? 'compact'
      : 'delete';
}

export function inferTable(input: InferenceInput): CatalogTable {
  const { topic, key, value } = input;
  const valueFields = value ? value.row.fields : [{ name: 'val', type: T.bytes() }];
  const valueNames = new Set(valueFields.map((f) => f.name));
  const keyFieldsRaw = key ? key.row.fields : [{ name: 'key', type: T.bytes() }];
  const clash = keyFieldsRaw.some((f) => valueNames.has(f.name));
  const prefix = clash ? KEY_PREFIX : '';
  const upsert = key !== undefined && isCompacted(topic.configs);
  const keyColumns: CatalogColumn[] = keyFieldsRaw.map((f) => ({
    kind: 'physical',
    name: prefix + f.name,
    type: upsert ? withNullability<LogicalType>(f.type, false) : f.type,
  }));
  const valueColumns: CatalogColumn[] = valueFields.map((f) => ({
    kind: 'physical',
    name: f.name,
    type: f.type,
  }));
  const keyNames = keyColumns.map((c) => c.name);
  const options: Record<string, string> = {
    connector: 'kafka',
    topic: topic.name,
    'properties.bootstrap.servers': input.bootstrapServers,
    'changelog.mode': upsert ? 'upsert' : 'append',
    'kafka.cleanup-policy': cleanupPolicyOption(topic.configs['cleanup.policy'] ?? 'delete'),
    'kafka.retention.time': retentionTimeOption(topic.configs['retention.ms']),
    'scan.startup.mode': 'earliest-offset',
    'scan.bounded.mode': 'unbounded',
    'key.fields': keyNames.join(';'),
    'value.fields-include': 'except-key',
    ...(prefix ? { 'key.fields-prefix': prefix } : {}),
  };
  const formatSide = (side: 'key' | 'value', info: SchemaInfo | undefined): void => {
    if (info === undefined) {
      options[`${side}.format`] = 'raw';
      return;
    }
    const format = FORMAT_OF_SCHEMA[info.schemaType ?? 'AVRO']!;
    options[`${side}.format`] = format;
    options[`${side}.${format}.url`] = input.registryUrl;
    if (input.registryUserInfo !== undefined)
      options[`${side}.${format}.basic-auth.user-info`] = input.registryUserInfo;
  };
  formatSide('key', key?.info);
  formatSide('value', value?.info);
  return {
    kind: 'table',
    columns: [...keyColumns, ...valueColumns, rowtimeColumn()],
    watermark: {
      rowtimeColumn: ROWTIME,
      expr: parseExpression(SOURCE_WATERMARK_TEXT),
      exprText: SOURCE_WATERMARK_TEXT,
    },
    ...(upsert ? { primaryKey: { name: `PK_${topic.name}`, columns: keyNames } } : {}),
    partitionKeys: [],
    distribution: { algorithm: 'HASH', columns: keyNames, buckets: topic.partitions },
    options,
  };
}

/** `retention.ms` as Confluent's `kafka.retention.time` ('7 d'; '0' for infinite). */
function retentionTimeOption(ms: string | undefined): string {
  const n = ms === undefined ? 604_800_000 : Number(ms);
  if (n < 0) return '0';
  if (n % 86_400_000 === 0) return `${n / 86_400_000} d`;
  if (n % 3_600_000 === 0) return `${n / 3_600_000} h`;
  if (n % 60_000 === 0) return `${n / 60_000} min`;
  if (n % 1000 === 0) return `${n / 1000} s`;
  return `${n} ms`;
}
