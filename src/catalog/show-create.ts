/**
 * SHOW CREATE TABLE / VIEW / CATALOG: a catalog object back to the DDL that would create it, in the
 * layout Flink prints (fully qualified, backticked names; one column per line; `) WITH (` with one
 * option per line). Option values that are secrets are masked the way Flink masks them in logs and
 * SHOW output, so credentials a Kafka catalog put into an inferred table never leave the server.
 */
import { formatType, type LogicalType, withoutTimeAttribute } from '../expr/types.ts';
import type { CatalogColumn, CatalogTable, CatalogView, ObjectPath } from './catalog.ts';

/** Flink's GlobalConfiguration sensitive-key fragments: a key containing one has its value hidden. */
const SENSITIVE_KEY_FRAGMENTS = [
  'password',
  'secret',
  'fs.azure.account.key',
  'apikey',
  'api-key',
  'auth-params',
  'service-key',
  'token',
  'basic-auth',
  'jaas.config',
  'http-headers',
] as const;

export const HIDDEN_VALUE = '******';

export function isSensitiveOption(key: string): boolean {
  const lower = key.toLowerCase();
  return SENSITIVE_KEY_FRAGMENTS.some((fragment) => lower.includes(fragment));
}

/** A copy of `options` with every sensitive value replaced by `******`. */
export function maskSensitiveOptions(options: Readonly<Record<string, string>>): Record<string, string> {
  const masked: Record<string, string> = {};
  for (const [key, value] of Object.entries(options))
    masked[key] = isSensitiveOption(key) ? HIDDEN_VALUE : value;
  return masked;
}

/** The declared type: time attributes are what the watermark makes of a column, not part of its DDL. */
const declared = (type: LogicalType): string => formatType(withoutTimeAttribute(type));
const quote = (name: string): string => `\`${name.replace(/`/g, '``')}\``;
const literal = (text: string): string => `'${text.replace(/'/g, "''")}'`;
const qualified = (path: ObjectPath): string => [path.catalog, path.database, path.name].map(quote).join('.');

function columnLine(column: CatalogColumn): string {
  const comment = column.comment === undefined ? '' : ` COMMENT ${literal(column.comment)}`;
  switch (column.kind) {
    case 'physical':
      return `${quote(column.name)} ${declared(column.type)}${comment}`;
    case 'computed':
      return `${quote(column.name)} AS ${column.exprText}${comment}`;
    case 'metadata': {
      const from = column.key === undefined ? '' : ` FROM ${literal(column.key)}`;
      const virtual = column.virtual ? ' VIRTUAL' : '';
      return `${quote(column.name)} ${declared(column.type)} METADATA${from}${virtual}${comment}`;
    }
  }
}

/** `WITH (...)` lines, keys sorted as Flink prints them, secrets masked. */
function withClause(options: Readonly<Record<string, string>>): string {
  const entries = Object.entries(maskSensitiveOptions(options)).sort(([a], [b]) => a.localeCompare(b));
  if (entries.length === 0) return '';
  return `WITH (\n${entries.map(([k, v]) => `  ${literal(k)} = ${literal(v)}`).join(',\n')}\n)`;
}

export function showCreateTable(path: ObjectPath, table: CatalogTable, temporary = false): string {
  const body = table.columns.map(columnLine);
  if (table.watermark !== undefined) {
    body.push(`WATERMARK FOR ${quote(table.watermark.rowtimeColumn)} AS ${table.watermark.exprText}`);
  }
  if (table.primaryKey !== undefined) {
    body.push(
      `CONSTRAINT ${quote(table.primaryKey.name)} PRIMARY KEY (${table.primaryKey.columns.map(quote).join(', ')}) NOT ENFORCED`,
    );
  }
  const lines = [
    `CREATE ${temporary ? 'TEMPORARY ' : ''}TABLE ${qualified(path)} (`,
    body.map((l) => `  ${l}`).join(',\n'),
    `)${table.comment === undefined ? '' : ` COMMENT ${literal(table.comment)}`}`,
  ];
  const d = table.distribution;
  if (d !== undefined && (d.columns.length > 0 || d.buckets !== undefined)) {
    const algorithm = d.algorithm === undefined ? '' : `${d.algorithm}`;
    const by = d.columns.length > 0 ? ` BY ${algorithm}(${d.columns.map(quote).join(', ')})` : '';
    lines.push(`DISTRIBUTED${by}${d.buckets === undefined ? '' : ` INTO ${d.buckets} BUCKETS`}`);
  }
  if (table.partitionKeys.length > 0) {
    lines.push(`PARTITIONED BY (${table.partitionKeys.map(quote).join(', ')})`);
  }
  const options = withClause(table.options);
  if (options !== '') lines.push(options);
  return `${lines.join('\n')}\n`;
}

export function showCreateView(path: ObjectPath, view: CatalogView, temporary = false): string {
  const columns = view.columns.map((c) => quote(c.name)).join(', ');
  const comment = view.comment === undefined ? '' : `COMMENT ${literal(view.comment)}\n`;
  return `CREATE ${temporary ? 'TEMPORARY ' : ''}VIEW ${qualified(path)} (${columns})\n${comment}AS ${view.queryText}\n`;
}

export function showCreateCatalog(name: string, options: Readonly<Record<string, string>>): string {
  return `CREATE CATALOG ${quote(name)}\n${withClause(options)}\n`;
}
