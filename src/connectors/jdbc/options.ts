/**
 * Options of the `jdbc` connector, named as in Flink's JDBC connector, over SQLite databases only:
 * `url` = 'jdbc:sqlite:<path>' (the file must lie inside the filesystem sandbox), `table-name`,
 * `username` / `password` / `driver` (accepted for compatibility and ignored: SQLite has no users and
 * no driver to choose), `scan.fetch-size`, the lookup cache options (`lookup.cache` = NONE | PARTIAL
 * with `lookup.partial-cache.*`, or the legacy `lookup.cache.max-rows` / `lookup.cache.ttl` /
 * `lookup.cache.caching-missing-key`), `lookup.max-retries` and `sink.max-retries`.
 */
import type { CatalogTable } from '../../catalog/catalog.ts';
import type { LogicalType } from '../../expr/types.ts';
import type { LookupCacheConfig } from '../../runtime/operators/lookup-cache.ts';
import { allowedDirectories, checkPathAllowed, PathNotAllowedError } from '../filesystem/sandbox.ts';
import {
  ConnectorOptionError,
  ConnectorOptionReader,
  type ConnectorOptions,
  parseDuration,
  rejectMetadataColumns,
} from '../options.ts';
import { checkMappable } from './types.ts';

export interface JdbcColumn {
  readonly name: string;
  readonly type: LogicalType;
}

export interface JdbcConfig {
  readonly url: string;
  /** The real absolute path of the SQLite database file, inside an allowed directory. */
  readonly databasePath: string;
  readonly tableName: string;
  /** The table's physical columns, in declaration order. */
  readonly columns: readonly JdbcColumn[];
  /** Primary key column names, when the table declares one. */
  readonly primaryKey?: readonly string[];
  /** 'lookup.cache' = 'PARTIAL' (or the legacy options); undefined for NONE. */
  readonly lookupCache?: LookupCacheConfig;
  readonly lookupMaxRetries: number;
  /** Rows per batch a scan emits. */
  readonly scanFetchSize: number;
  readonly sinkMaxRetries: number;
}

/** A database path outside the sandbox; still a PathNotAllowedError, worded for this connector. */
export class JdbcPathNotAllowedError extends PathNotAllowedError {
  constructor(path: string, allowed: readonly string[]) {
    super(path, allowed);
    this.message = `SQLite database '${path}' is outside the allowed directories (${allowed.join(', ')}); the jdbc connector only opens databases there. Move the database, or allow its directory with the runner's allowedPaths (tributary run --allow-path) or TRIBUTARY_ALLOWED_PATHS.`;
  }
}

const DEFAULT_FETCH_SIZE = 1024;
const DEFAULT_MAX_RETRIES = 3;
/** Flink's default of 'lookup.cache.ttl'. */
const LEGACY_DEFAULT_TTL_MS = 10_000;

/** The database file path of a `jdbc:sqlite:` URL (`file:` URIs accepted, query parameters dropped). */
export function sqlitePathOf(url: string): string {
  const m = /^jdbc:sqlite:(.*)$/is.exec(url.trim());
  if (m === null) {
    throw new ConnectorOptionError(
      `Option 'url' = '${url}' is not a SQLite JDBC URL; the jdbc connector reaches SQLite databases only: use 'jdbc:sqlite:<path to the database file>'`,
    );
  }
  let path = m[1]!;
  if (/^file:/i.test(path)) {
    path = decodeURIComponent(path.replace(/^file:(\/\/(localhost)?)?/i, '').replace(/\?.*$/s, ''));
  }
  if (path === '' || path === ':memory:' || path.startsWith(':')) {
    throw new ConnectorOptionError(
      `Option 'url' = '${url}' names no database file; in-memory SQLite databases cannot be shared between statements, so give a file path: 'jdbc:sqlite:data/dim.db'`,
    );
  }
  return path;
}

function duration(reader: ConnectorOptionReader, key: string): number | undefined {
  const text = reader.string(key);
  if (text === undefined) return undefined;
  const ms = parseDuration(text, key);
  if (ms <= 0) throw new ConnectorOptionError(`Option '${key}' must be a positive duration, got '${text}'`);
  return ms;
}

/** Flink's JdbcDynamicTableFactory.getLookupCache: legacy options first, PARTIAL overrides them. */
function lookupCacheOf(reader: ConnectorOptionReader): LookupCacheConfig | undefined {
  const type = (reader.string('lookup.cache') ?? 'NONE').trim().toUpperCase();
  if (type !== 'NONE' && type !== 'PARTIAL') {
    const hint = type === 'FULL' ? ' (FULL caching is not supported by the jdbc connector)' : '';
    throw new ConnectorOptionError(`Option 'lookup.cache' must be 'NONE' or 'PARTIAL', got '${type}'${hint}`);
  }
  const legacyMaxRows = reader.integer('lookup.cache.max-rows', -1, -1);
  const legacyTtl = duration(reader, 'lookup.cache.ttl') ?? LEGACY_DEFAULT_TTL_MS;
  const legacyMissing = reader.boolean('lookup.cache.caching-missing-key', true);
  const maxRows = reader.integer('lookup.partial-cache.max-rows', undefined, 1);
  const expireAfterWrite = duration(reader, 'lookup.partial-cache.expire-after-write');
  const expireAfterAccess = duration(reader, 'lookup.partial-cache.expire-after-access');
  const cacheMissingKey = reader.boolean('lookup.partial-cache.cache-missing-key', true);
  if (type === 'PARTIAL') {
    if (maxRows === undefined && expireAfterWrite === undefined && expireAfterAccess === undefined) {
      throw new ConnectorOptionError(
        "'lookup.cache' = 'PARTIAL' needs a bound: set at least one of 'lookup.partial-cache.max-rows', 'lookup.partial-cache.expire-after-write' or 'lookup.partial-cache.expire-after-access'",
      );
    }
    return {
      ...(maxRows === undefined ? {} : { maxRows }),
      ...(expireAfterWrite === undefined ? {} : { ttlMs: expireAfterWrite }),
      ...(expireAfterAccess === undefined ? {} : { expireAfterAccessMs: expireAfterAccess }),
      cacheMissingKey,
    };
  }
  const partialSet = [maxRows, expireAfterWrite, expireAfterAccess].some((v) => v !== undefined);
  if (partialSet) {
    throw new ConnectorOptionError(
      "Options 'lookup.partial-cache.*' need 'lookup.cache' = 'PARTIAL'; without it the lookup cache is off",
    );
  }
  if (legacyMaxRows !== undefined && legacyMaxRows > 0) {
    return { maxRows: legacyMaxRows, ttlMs: legacyTtl, cacheMissingKey: legacyMissing };
  }
  return undefined;
}

export function parseJdbcOptions(
  table: CatalogTable,
  options: ConnectorOptions,
  allowedPaths?: readonly string[],
): JdbcConfig {
  rejectMetadataColumns(table, 'jdbc');
  const reader = new ConnectorOptionReader('jdbc', options);
  const url = reader.required('url');
  const tableName = reader.required('table-name').trim();
  // accepted for Flink compatibility; SQLite has no users, and better-sqlite3 is the only driver
  reader.string('username');
  reader.string('password');
  reader.string('driver');
  const scanFetchSize = reader.integer('scan.fetch-size', DEFAULT_FETCH_SIZE, 0)! || DEFAULT_FETCH_SIZE;
  const lookupCache = lookupCacheOf(reader);
  const lookupMaxRetries = reader.integer('lookup.max-retries', DEFAULT_MAX_RETRIES, 0)!;
  const sinkMaxRetries = reader.integer('sink.max-retries', DEFAULT_MAX_RETRIES, 0)!;
  reader.checkUnknown();
  const columns: JdbcColumn[] = [];
  for (const c of table.columns) {
    if (c.kind !== 'physical') continue;
    checkMappable(c.name, c.type);
    columns.push({ name: c.name, type: c.type });
  }
  const declared = sqlitePathOf(url);
  const allowed = allowedDirectories(allowedPaths);
  let databasePath: string;
  try {
    databasePath = checkPathAllowed(declared, allowed);
  } catch (e) {
    if (e instanceof PathNotAllowedError) throw new JdbcPathNotAllowedError(declared, allowed);
    throw e;
  }
  return {
    url,
    databasePath,
    tableName,
    columns,
    ...(table.primaryKey ? { primaryKey: table.primaryKey.columns } : {}),
    ...(lookupCache ? { lookupCache } : {}),
    lookupMaxRetries,
    scanFetchSize,
    sinkMaxRetries,
  };
}
