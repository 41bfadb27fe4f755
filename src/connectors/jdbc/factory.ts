/**
 * The `jdbc` connector factory (Flink's JDBC connector over SQLite files): a bounded insert-only scan
 * source, a lookup table for processing-time lookup joins, and a sink (upsert with a primary key,
 * append without). Options: options.ts; type mapping: types.ts; cache semantics: docs/jdbc.md.
 */
import type { CatalogTable } from '../../catalog/catalog.ts';
import { INSERT_ONLY } from '../../planner/physical/changelog-mode.ts';
import type { ConnectorFactory, ConnectorTable } from '../../planner/physical/connectors.ts';
import { ConnectorOptionError } from '../options.ts';
import { JdbcLookup } from './lookup.ts';
import { type JdbcColumn, parseJdbcOptions } from './options.ts';
import { JdbcSink } from './sink.ts';
import { JdbcScanSource } from './source.ts';

/** The physical columns at `columns` (indices into `table.columns`). */
function columnsAt(table: CatalogTable, columns: readonly number[]): JdbcColumn[] {
  return columns.map((i) => {
    const c = table.columns[i];
    if (c === undefined || c.kind !== 'physical') {
      throw new ConnectorOptionError(
        `Connector 'jdbc' cannot produce column '${c?.name ?? i}': it only provides physical columns`,
      );
    }
    return { name: c.name, type: c.type };
  });
}

const displayName = (kind: string, t: ConnectorTable): string => `Jdbc${kind}(${t.path.name})`;

export function jdbcConnectorFactory(allowedPaths: readonly string[]): ConnectorFactory {
  return {
    sourceChangelogMode: () => INSERT_ONLY,
    sinkAcceptance: (t) => (t.table.primaryKey === undefined ? 'insert-only' : 'upsert'),
    // the upsert sink runs `DELETE ... WHERE pk = ?`: a -D needs only its key columns (sink.ts)
    sinkAcceptsDeletesByKey: (t) => t.table.primaryKey !== undefined,
    createSource: (t, o) =>
      new JdbcScanSource(
        parseJdbcOptions(t.table, t.options, allowedPaths),
        columnsAt(t.table, o.columns),
        displayName('Scan', t),
      ),
    createLookup: (t, o) =>
      new JdbcLookup(
        parseJdbcOptions(t.table, t.options, allowedPaths),
        columnsAt(t.table, o.columns),
        o.keyFields,
      ),
    createSink: (t, o) => {
      const config = parseJdbcOptions(t.table, t.options, allowedPaths);
      const names = config.columns.map((c) => c.name);
      const primaryKey =
        o.primaryKey ?? config.primaryKey?.map((n) => names.indexOf(n)).filter((i) => i >= 0);
      return new JdbcSink(config, primaryKey, displayName('Sink', t));
    },
  };
}
