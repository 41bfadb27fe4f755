import { readFile } from 'node:fs/promises';
import { CatalogManager } from '../../catalog/catalog-manager.ts';
import { bindStatement } from '../../planner/index.ts';
import { parseScript, renderError, SqlError, type Statement } from '../../sql/index.ts';
import { parseFlags, UsageError } from '../args.ts';

export const checkUsage = `Usage: tributary check -f <script.sql> [-f <more.sql> ...]

Parses and validates SQL scripts without running them. CREATE, DROP, ALTER and USE statements update
an in-memory catalog, so later statements bind against the objects earlier ones define. Every error
is printed with its line and a caret. Exits 1 when any script has an error, 0 otherwise.
`;

/** Checks one script: every syntax error, then every statement bound in order. */
export async function checkScript(source: string): Promise<{ statements: number; errors: SqlError[] }> {
  const parsed = parseScript(source);
  const errors = [...parsed.errors];
  const catalogs = new CatalogManager();
  const config = new Map<string, string>();
  for (const stmt of parsed.statements) {
    const err = await checkStatement(stmt, catalogs, config);
    if (err !== undefined) errors.push(err);
  }
  errors.sort((a, b) => a.offset - b.offset);
  return { statements: parsed.statements.length + parsed.errors.length, errors };
}

async function checkStatement(
  stmt: Statement,
  catalogs: CatalogManager,
  config: Map<string, string>,
): Promise<SqlError | undefined> {
  try {
    const bound = bindStatement(stmt, { catalogs, config });
    if (bound.kind === 'CatalogAction' || bound.kind === 'CreateTableAs') await catalogs.apply(bound.action);
    else if (bound.kind === 'Set' && bound.key !== undefined) config.set(bound.key, bound.value ?? '');
    else if (bound.kind === 'Reset') {
      if (bound.key === undefined) config.clear();
      else config.delete(bound.key);
    }
    return undefined;
  } catch (err) {
    if (err instanceof SqlError) return err;
    // Catalog failures (an object that already exists, ...) point at the whole statement.
    const message = err instanceof Error ? err.message : String(err);
    return new SqlError({ code: 'VALIDATION', message, span: stmt.span });
  }
}

export async function runCheck(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, { file: { type: 'string', short: 'f', multiple: true } });
  const files = [...((values.file as string[] | undefined) ?? []), ...positionals];
  if (files.length === 0) throw new UsageError('name at least one script with -f <file>');
  let failed = 0;
  for (const file of files) {
    let source: string;
    try {
      source = await readFile(file, 'utf8');
    } catch (err) {
      process.stderr.write(`${file}: cannot read: ${err instanceof Error ? err.message : String(err)}\n`);
      failed++;
      continue;
    }
    const { statements, errors } = await checkScript(source);
    for (const err of errors)
      process.stdout.write(`${file}:${err.line}:${err.column}\n${renderError(err, source)}\n\n`);
    const summary = errors.length === 0 ? 'OK' : `${errors.length} error${errors.length === 1 ? '' : 's'}`;
    process.stdout.write(`${file}: ${statements} statement${statements === 1 ? '' : 's'}, ${summary}\n`);
    if (errors.length > 0) failed++;
  }
  return failed === 0 ? 0 : 1;
}
