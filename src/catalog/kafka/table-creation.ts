/**
 * CREATE TABLE in a Kafka catalog: which columns form the key (DISTRIBUTED BY columns, else the
 * primary key), the key and value schemas derived from the columns for the chosen formats, and the
 * topic's partition count and configs from `DISTRIBUTED ... INTO n BUCKETS` and the `kafka.*`
 * options.
 */

import { parseDuration } from '../../connectors/options.ts';
import { type RowType, T } from '../../expr/types.ts';
import type { SchemaInfo } from '../../formats/registry/confluent-client.ts';
import { avroSchemaFromRowType } from '../../formats/type-mapping/avro.ts';
import { jsonSchemaFromRowType } from '../../formats/type-mapping/json-schema.ts';
import { protobufSchemaFromRowType } from '../../formats/type-mapping/protobuf.ts';
import { CatalogError, type CatalogTable } from '../catalog.ts';

export interface TablePlan {
  readonly keyColumns: readonly string[];
  readonly valueColumns: readonly string[];
  readonly keyFormat: string | undefined;
  readonly valueFormat: string;
  readonly keySchema: SchemaInfo | undefined;
  readonly valueSchema: SchemaInfo | undefined;
  readonly partitions: number;
  readonly configs: { name: string; value: string }[];
}

export function schemaFor(format: string, row: RowType, recordName: string): SchemaInfo | undefined {
  switch (format) {
    case 'avro-registry':
    case 'avro-confluent':
      return { schemaType: 'AVRO', schema: JSON.stringify(avroSchemaFromRowType(row, { recordName })) };
    case 'json-registry':
      return { schemaType: 'JSON', schema: JSON.stringify(jsonSchemaFromRowType(row, recordName)) };
    case 'proto-registry':
      return { schemaType: 'PROTOBUF', schema: protobufSchemaFromRowType(row).schema };
    default:
      return undefined;
  }
}

const CLEANUP: Readonly<Record<string, string>> = {
  delete: 'delete',
  compact: 'compact',
  'delete-compact': 'compact,delete',
};

export function planTable(
  topic: string,
  table: CatalogTable,
  defaults: { partitions: number; keyFormat: string; valueFormat: string },
): TablePlan {
  const physical = table.columns.filter((c) => c.kind === 'physical');
  const keyColumns = [...(table.distribution?.columns ?? table.primaryKey?.columns ?? [])];
  for (const k of keyColumns) {
    if (!physical.some((c) => c.name === k)) {
      throw new CatalogError(
        `Key column '${k}' of table '${topic}' is not a physical column; DISTRIBUTED BY and PRIMARY KEY must name physical columns.`,
      );
    }
  }
  const valueColumns = physical.map((c) => c.name).filter((n) => !keyColumns.includes(n));
  const options = table.options;
  const keyFormat = keyColumns.length > 0 ? (options['key.format'] ?? defaults.keyFormat) : undefined;
  const valueFormat = options['value.format'] ?? options['format'] ?? defaults.valueFormat;
  const rowOf = (names: readonly string[]): RowType =>
    T.row(
      names.map((n) => [n, physical.find((c) => c.name === n)!.type]),
      false,
    );
  const prefix = options['key.fields-prefix'] ?? '';
  const keyRow = T.row(
    rowOf(keyColumns).fields.map((f) => [f.name.slice(prefix.length), f.type]),
    false,
  );
  const keySchema = keyFormat === undefined ? undefined : schemaFor(keyFormat, keyRow, `${topic}_key`);
  if (keyFormat === 'raw' && keyColumns.length !== 1) {
    throw new CatalogError(
      `'key.format' = 'raw' holds exactly one column; table '${topic}' has key columns ${keyColumns.join(', ')}.`,
    );
  }
  const valueSchema = schemaFor(valueFormat, rowOf(valueColumns), `${topic}_value`);
  const buckets =
    table.distribution?.buckets ??
    (options['kafka.partitions'] ? Number(options['kafka.partitions']) : defaults.partitions);
  if (!Number.isInteger(buckets) || buckets < 1)
    throw new CatalogError(
      `Table '${topic}' needs a positive number of buckets (partitions), got ${buckets}.`,
    );
  const configs: { name: string; value: string }[] = [];
  const cleanup = options['kafka.cleanup-policy'];
  if (cleanup !== undefined) {
    const policy = CLEANUP[cleanup.trim().toLowerCase()];
    if (policy === undefined)
      throw new CatalogError(
        `Option 'kafka.cleanup-policy' must be 'delete', 'compact' or 'delete-compact', got '${cleanup}'.`,
      );
    configs.push({ name: 'cleanup.policy', value: policy });
  }
  const retention = options['kafka.retention.time'];
  if (retention !== undefined) {
    const ms = parseDuration(retention, 'kafka.retention.time');
    configs.push({ name: 'retention.ms', value: String(ms === 0 ? -1 : ms) });
  }
  const size = options['kafka.retention.size'];
  if (size !== undefined)
    configs.push({
      name: 'retention.bytes',
      value: String(Number.parseInt(size, 10) === 0 ? -1 : Number.parseInt(size, 10)),
    });
  const maxMessage = options['kafka.max-message-size'];
  if (maxMessage !== undefined)
    configs.push({ name: 'max.message.bytes', value: String(Number.parseInt(maxMessage, 10)) });
  return {
    keyColumns,
    valueColumns,
    keyFormat,
    valueFormat,
    keySchema,
    valueSchema,
    partitions: buckets,
    configs,
  };
}
