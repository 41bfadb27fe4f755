/**
 * The `kafka` connector factory for the physical planner's registry. A table whose watermark is
 * `SOURCE_WATERMARK()` on a physical or metadata column gets its watermarks from the source itself,
 * learnt per partition (watermarks.ts); the planner then must not add a watermark assigner for it.
 */
import type { CatalogTable } from '../../catalog/catalog.ts';
import { type ChangelogMode, INSERT_ONLY, RETRACT, UPSERT } from '../../planner/physical/changelog-mode.ts';
import type { ConnectorFactory, ConnectorTable, SourceOptions } from '../../planner/physical/connectors.ts';
import { ConnectorOptionError } from '../options.ts';
import { parseKafkaOptions } from './options.ts';
import { KafkaSink } from './sink.ts';
import { KafkaSource, type SourceWatermarkSpec } from './source.ts';
import { SourceWatermarkGenerator } from './watermarks.ts';

/** True when the table's watermark strategy is `SOURCE_WATERMARK()`. */
export function usesSourceWatermark(table: CatalogTable): boolean {
  return (
    table.watermark !== undefined && /^\s*SOURCE_WATERMARK\s*\(\s*\)\s*$/i.test(table.watermark.exprText)
  );
}

/** The per-partition watermark the source generates for `columns`, when the table asks for one. */
export function sourceWatermarkFor(
  table: CatalogTable,
  columns: readonly number[],
): SourceWatermarkSpec | undefined {
  if (!usesSourceWatermark(table)) return undefined;
  const rowtime = table.columns.findIndex((c) => c.name === table.watermark!.rowtimeColumn);
  const column = table.columns[rowtime];
  if (column === undefined || column.kind === 'computed') {
    throw new ConnectorOptionError(
      `SOURCE_WATERMARK() needs a physical or metadata rowtime column; '${table.watermark!.rowtimeColumn}' is computed. Use an explicit watermark expression instead.`,
    );
  }
  const rowtimeIndex = columns.indexOf(rowtime);
  if (rowtimeIndex < 0) return undefined;
  return { rowtimeIndex, createGenerator: () => new SourceWatermarkGenerator() };
}

export function createKafkaSource(t: ConnectorTable, columns: readonly number[]): KafkaSource {
  for (const i of columns) {
    const c = t.table.columns[i];
    if (c?.kind === 'computed') {
      throw new ConnectorOptionError(
        `The kafka source produces physical and metadata columns; '${c.name}' is computed`,
      );
    }
  }
  const config = parseKafkaOptions(t.table, t.options);
  const watermark = sourceWatermarkFor(t.table, columns);
  return new KafkaSource({
    config,
    columns,
    name: `KafkaSource(${t.path.name})`,
    ...(watermark ? { watermark } : {}),
  });
}

export function kafkaConnectorFactory(): ConnectorFactory {
  return {
    sourceChangelogMode: (t): ChangelogMode => {
      const config = parseKafkaOptions(t.table, t.options);
      // a changelog value format (debezium-*) carries -U/+U/-D itself, as in Flink
      if (config.valueFormat.producesChangelog) return RETRACT;
      const mode = config.changelogMode;
      return mode === 'upsert' ? UPSERT : mode === 'retract' ? RETRACT : INSERT_ONLY;
    },
    sinkAcceptance: (t) => {
      const config = parseKafkaOptions(t.table, t.options);
      if (config.valueFormat.producesChangelog) return 'all';
      const mode = config.changelogMode;
      return mode === 'upsert' ? 'upsert' : mode === 'retract' ? 'all' : 'insert-only';
    },
    // upsert mode: a tombstone (null value) is a -D holding only the key columns (record-decoder.ts)
    sourceDeletesByKey: (t) => parseKafkaOptions(t.table, t.options).changelogMode === 'upsert',
    createSource: (t, o: SourceOptions) => createKafkaSource(t, o.columns),
    createSink: (t) =>
      new KafkaSink(t.table, parseKafkaOptions(t.table, t.options), `KafkaSink(${t.path.name})`),
  };
}
