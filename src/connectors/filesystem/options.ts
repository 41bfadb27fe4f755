/**
 * Options of the `filesystem` connector (Flink's names): `path` (a file or a directory; `file://`
 * URIs accepted), `format` (json = JSON lines, csv) with the format's own `json.*` / `csv.*` options,
 * and for lookup joins `lookup.join.cache.ttl`.
 * Every path is checked against the sandbox before anything is opened.
 */
import type { CatalogTable } from '../../catalog/catalog.ts';
import type { RowType } from '../../expr/types.ts';
import { createFormat, type Format, FormatOptionError } from '../../formats/index.ts';
import {
  ConnectorOptionError,
  ConnectorOptionReader,
  type ConnectorOptions,
  parseDuration,
  physicalRowType,
  rejectMetadataColumns,
} from '../options.ts';
import { allowedDirectories, checkPathAllowed } from './sandbox.ts';

export const FILESYSTEM_FORMATS = ['json', 'csv'] as const;

export interface FilesystemConfig {
  /** The path as the table declares it (for messages). */
  readonly declaredPath: string;
  /** The real absolute path, inside an allowed directory. */
  readonly path: string;
  readonly formatName: (typeof FILESYSTEM_FORMATS)[number];
  readonly format: Format;
  readonly rowType: RowType;
  /** 'lookup.join.cache.ttl': how long a lookup table's loaded file is used before it is read again. */
  readonly lookupCacheTtlMs: number;
}

/** Flink's FileSystemConnectorOptions.LOOKUP_JOIN_CACHE_TTL default: 60 min. */
export const DEFAULT_LOOKUP_CACHE_TTL_MS = 60 * 60 * 1000;

/** Strips a `file:` scheme; other schemes are not reachable from this engine. */
function localPath(uri: string): string {
  const m = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(uri);
  if (m === null || /^[a-zA-Z]:[\\/]/.test(uri)) return uri;
  if (m[1]!.toLowerCase() !== 'file') {
    throw new ConnectorOptionError(
      `Option 'path' = '${uri}': only local paths (or file:// URIs) are supported by the filesystem connector, not '${m[1]}:'`,
    );
  }
  return decodeURIComponent(uri.replace(/^file:(\/\/(localhost)?)?/i, '')) || '/';
}

export function parseFilesystemOptions(
  table: CatalogTable,
  options: ConnectorOptions,
  allowedPaths?: readonly string[],
): FilesystemConfig {
  rejectMetadataColumns(table, 'filesystem');
  const reader = new ConnectorOptionReader('filesystem', options);
  const declaredPath = reader.required('path');
  const formatName = reader.required('format').trim();
  if (!(FILESYSTEM_FORMATS as readonly string[]).includes(formatName)) {
    throw new ConnectorOptionError(
      `Option 'format' = '${formatName}' is not supported by the filesystem connector; use one of ${FILESYSTEM_FORMATS.join(', ')}`,
    );
  }
  reader.accept((k) => k.startsWith(`${formatName}.`));
  const ttlText = reader.string('lookup.join.cache.ttl');
  const lookupCacheTtlMs =
    ttlText === undefined ? DEFAULT_LOOKUP_CACHE_TTL_MS : parseDuration(ttlText, 'lookup.join.cache.ttl');
  reader.checkUnknown();
  const rowType = physicalRowType(table);
  let format: Format;
  try {
    format = createFormat(formatName, options, rowType);
  } catch (e) {
    if (e instanceof FormatOptionError) throw new ConnectorOptionError(e.message);
    throw e;
  }
  const path = checkPathAllowed(localPath(declaredPath), allowedDirectories(allowedPaths));
  return {
    declaredPath,
    path,
    formatName: formatName as FilesystemConfig['formatName'],
    format,
    rowType,
    lookupCacheTtlMs,
  };
}
