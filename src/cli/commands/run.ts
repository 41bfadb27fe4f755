/**
 * `tributary run -f script.sql`: runs a SQL script in-process, with no server. The whole script is
 * parsed first (every syntax error is printed, caret-rendered, and nothing runs); then statement by
 * statement: DDL goes to an in-memory catalog (or to a Kafka catalog of `--catalogs`, see
 * run-catalogs.ts), SET/RESET change the session configuration, EXPLAIN
 * prints the plan, a SELECT runs until its sources end and prints its changelog as a table, an INSERT
 * runs until its sources end. Ctrl-C stops a running statement cleanly (sinks are closed, files
 * committed) and ends the script. The first failing statement stops the script with exit code 1.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CatalogManager } from '../../catalog/catalog-manager.ts';
import { ALLOWED_PATHS_ENV } from '../../connectors/filesystem/sandbox.ts';
import { createConnectorRegistry, type TextWriter } from '../../connectors/index.ts';
import {
  describeResult,
  showCreateResult,
  showResult,
  type UtilityResult,
} from '../../gateway/engine/utility.ts';
import { explainAnalyze, isExplainAnalyze } from '../../planner/explain/analyze.ts';
import { type BoundStatement, bindStatement } from '../../planner/index.ts';
import type { ConnectorRegistry } from '../../planner/physical/connectors.ts';
import { buildJob } from '../../planner/physical/job-builder.ts';
import { explainStatement, planStatement } from '../../planner/physical/planner.ts';
import type { Job } from '../../runtime/job.ts';
import { isSqlError, parseScript, renderError } from '../../sql/index.ts';
import { parseFlags, UsageError } from '../args.ts';
import { renderStaticTable } from '../shell/format.ts';
import {
  openRunnerCatalogs,
  type RunnerCatalogs,
  resolveCatalogsDir,
  sinkIntoCreatedTable,
} from './run-catalogs.ts';
import { closeJob, flushSinks } from './run-job-end.ts';
import { ResultCollector, renderTableau } from './run-tableau.ts';

export const runUsage = `Usage: tributary run -f <script.sql> [options]

Runs a Flink SQL script in this process, without a server: DDL into an in-memory catalog, SET/RESET,
EXPLAIN, SELECT (results printed as a table) and INSERT (until the sources end; Ctrl-C stops).

Options:
  -f, --file <path>         the script to run (required)
  --allow-path <dir>        a directory the filesystem connector may read and write (repeatable;
                            default: env ${ALLOWED_PATHS_ENV}, else ./data and the script's data/ directory)
  --catalogs <dir>          Kafka catalog definitions to register (default: ./catalogs, else the
                            repository's catalogs/; env TRIBUTARY_KAFKA_BOOTSTRAP and
                            TRIBUTARY_SCHEMA_REGISTRY_URL override their cluster and registry)
`;

export interface ScriptRunOptions {
  /** Where the script came from, for messages and the default sandbox (`<script dir>/data`). */
  readonly scriptPath?: string;
  readonly allowedPaths?: readonly string[];
  readonly stdout?: TextWriter;
  readonly stderr?: TextWriter;
  /** Aborting stops the running statement (the CLI wires Ctrl-C to this). */
  readonly signal?: AbortSignal;
  /** Initial session configuration. */
  readonly config?: ReadonlyMap<string, string>;
  /** Kafka catalog definitions folder; default: see resolveCatalogsDir; null: none. */
  readonly catalogsDir?: string | null;
  /** Overrides for the definitions (TRIBUTARY_KAFKA_BOOTSTRAP, TRIBUTARY_SCHEMA_REGISTRY_URL); default process.env. */
  readonly environment?: Readonly<Record<string, string | undefined>>;
}

/** Exit code of a script stopped by Ctrl-C (128 + SIGINT). */
export const EXIT_INTERRUPTED = 130;

class ScriptRunner {
  private readonly catalogs = new CatalogManager();
  private readonly config: Map<string, string>;
  private readonly connectors: ConnectorRegistry;
  private readonly out: TextWriter;
  private readonly err: TextWriter;
  private kafkaCatalogs: RunnerCatalogs | undefined;

  constructor(
    private readonly source: string,
    private readonly options: ScriptRunOptions,
  ) {
    this.out = options.stdout ?? ((t) => void process.stdout.write(t));
    this.err = options.stderr ?? ((t) => void process.stderr.write(t));
    this.config = new Map(options.config ?? []);
    this.connectors = createConnectorRegistry({
      allowedPaths: options.allowedPaths ?? defaultAllowedPaths(options.scriptPath),
      stdout: this.out,
      stderr: this.err,
    });
  }

  async run(): Promise<number> {
    try {
      this.kafkaCatalogs = openRunnerCatalogs(this.catalogs, {
        catalogsDir: resolveCatalogsDir(this.options.catalogsDir),
        environment: this.options.environment ?? process.env,
      });
    } catch (e) {
      this.err(`[ERROR] ${e instanceof Error ? e.message : String(e)}\n`);
      return 1;
    }
    try {
      return await this.runStatements();
    } finally {
      await this.kafkaCatalogs.close();
    }
  }

  private async runStatements(): Promise<number> {
    const { statements, errors } = parseScript(this.source);
    if (errors.length > 0) {
      for (const e of errors) this.err(`${renderError(e, this.source)}\n\n`);
      this.err(`${errors.length} syntax error${errors.length === 1 ? '' : 's'}; nothing was run.\n`);
      return 1;
    }
    for (const stmt of statements) {
      try {
        await this.kafkaCatalogs?.prefetch(stmt);
        const bound = bindStatement(stmt, { catalogs: this.catalogs, config: this.config });
        const completed = await this.execute(bound);
        if (!completed) return EXIT_INTERRUPTED;
      } catch (e) {
        if (isSqlError(e)) this.err(`${renderError(e, this.source)}\n`);
        else this.err(`[ERROR] ${e instanceof Error ? e.message : String(e)}\n`);
        return 1;
      }
    }
    return 0;
  }

  private info(message: string): void {
    this.out(`[INFO] ${message}\n`);
  }

  /** Runs one bound statement; false when Ctrl-C stopped it. */
  private async execute(bound: BoundStatement): Promise<boolean> {
    switch (bound.kind) {
      case 'CatalogAction':
        await this.catalogs.apply(bound.action);
        this.info('Execute statement succeeded.');
        return true;
      case 'Set':
        if (bound.key === undefined) {
          for (const [k, v] of [...this.config].sort()) this.out(`'${k}' = '${v}'\n`);
          return true;
        }
        this.config.set(bound.key, bound.value ?? '');
        this.info('Execute statement succeeded.');
        return true;
      case 'Reset':
        if (bound.key === undefined) this.config.clear();
        else this.config.delete(bound.key);
        this.info('Execute statement succeeded.');
        return true;
      case 'Explain': {
        const text = isExplainAnalyze(bound)
          ? await explainAnalyze(bound, this.plannerOptions())
          : explainStatement(bound, this.plannerOptions());
        this.out(`${text.replace(/\n*$/, '\n')}`);
        return true;
      }
      case 'Query':
        return this.runQuery(bound);
      case 'Insert':
      case 'StatementSet':
        return this.runUpdate(bound);
      case 'CreateTableAs': {
        await this.catalogs.apply(bound.action);
        // write into the table as the catalog stores it (a Kafka catalog adds connector options)
        return this.runUpdate({ ...bound, sink: await sinkIntoCreatedTable(this.catalogs, bound.sink) });
      }
      case 'Show':
        return await this.show(bound);
      case 'Describe':
        return this.utility(describeResult(bound, this.catalogs));
      case 'ShowCreate':
        return this.utility(showCreateResult(bound, this.catalogs));
      case 'NoOp':
        this.info(bound.reason);
        return true;
      default:
        throw new Error(
          `${bound.kind} statements are not supported by 'tributary run'; run them on a Tributary server`,
        );
    }
  }

  private plannerOptions(): { connectors: ConnectorRegistry; config: ReadonlyMap<string, string> } {
    return { connectors: this.connectors, config: this.config };
  }

  private async runQuery(bound: Extract<BoundStatement, { kind: 'Query' }>): Promise<boolean> {
    const plan = planStatement(bound, this.plannerOptions());
    const collector = new ResultCollector();
    const { job } = buildJob(plan.roots, { ...this.plannerOptions(), collect: () => collector });
    const columns = bound.plan.schema.map((f, i) => ({ name: bound.names[i] ?? f.name, type: f.type }));
    const completed = await this.drive(job);
    this.out(
      renderTableau(
        columns,
        collector.rows,
        collector.kinds,
        this.config.get('table.local-time-zone') ?? 'UTC',
      ),
    );
    if (!completed) this.info(`Query stopped by Ctrl-C (SIGINT) after ${collector.rows.length} rows.`);
    return completed;
  }

  private async runUpdate(bound: BoundStatement): Promise<boolean> {
    const plan = planStatement(bound, this.plannerOptions());
    const { job } = buildJob(plan.roots, this.plannerOptions());
    const completed = await this.drive(job);
    if (completed) this.info('Complete execution of the SQL update statement.');
    else this.info('Job stopped by Ctrl-C (SIGINT); sinks closed.');
    return completed;
  }

  private async drive(job: Job): Promise<boolean> {
    let completed = false;
    try {
      completed = await job.run(64, this.options.signal);
      // a bounded job ends only once its sinks' last records are acknowledged (run-job-end.ts)
      if (completed) await flushSinks(job);
      return completed;
    } finally {
      await closeJob(job);
    }
  }

  /** A SHOW / DESCRIBE result, printed as the SQL client prints it: a bordered table, no op column. */
  private utility(result: UtilityResult): boolean {
    const cell = (v: unknown): string =>
      v === null || v === undefined ? '' : typeof v === 'boolean' ? String(v).toUpperCase() : String(v);
    const rows = result.rows.map((r) => r.map(cell));
    this.out(renderStaticTable(result.columns, rows, 200));
    return true;
  }

  private async show(bound: Extract<BoundStatement, { kind: 'Show' }>): Promise<boolean> {
    if (bound.what !== 'TABLES') return this.utility(showResult(bound, this.catalogs));
    const { currentCatalog, currentDatabase } = this.catalogs;
    const listed = await this.kafkaCatalogs?.listTables(currentCatalog, currentDatabase);
    const names = [
      ...new Set([...this.catalogs.tableNamesIn(currentCatalog, currentDatabase), ...(listed ?? [])]),
    ].sort();
    const width = Math.max('table name'.length, ...names.map((n) => n.length));
    const border = `+${'-'.repeat(width + 2)}+`;
    const lines = [
      border,
      `| ${'table name'.padEnd(width)} |`,
      border,
      ...names.map((n) => `| ${n.padEnd(width)} |`),
      border,
    ];
    lines.push(`${names.length} row${names.length === 1 ? '' : 's'} in set`);
    this.out(`${lines.join('\n')}\n`);
    return true;
  }
}

/** `./data` and, when running a file, the `data/` directory beside it (unless the environment says otherwise). */
function defaultAllowedPaths(scriptPath: string | undefined): readonly string[] | undefined {
  const env = process.env[ALLOWED_PATHS_ENV];
  if (env !== undefined && env.trim() !== '') return undefined;
  const dirs = [resolve('data')];
  if (scriptPath !== undefined) dirs.push(join(dirname(resolve(scriptPath)), 'data'));
  return dirs;
}

/** Runs a script's text; resolves to the exit code (0 ok, 1 error, 130 stopped by Ctrl-C). */
export function runScript(source: string, options: ScriptRunOptions = {}): Promise<number> {
  return new ScriptRunner(source, options).run();
}

export async function runRun(argv: readonly string[]): Promise<number> {
  const { values, positionals } = parseFlags(argv, {
    file: { type: 'string', short: 'f' },
    'allow-path': { type: 'string', multiple: true },
    catalogs: { type: 'string' },
  });
  const file = typeof values.file === 'string' ? values.file : positionals[0];
  if (file === undefined) throw new UsageError('missing the script: -f <script.sql>');
  if (positionals.length > (values.file === undefined ? 1 : 0)) {
    throw new UsageError(`unexpected argument '${positionals.at(-1)}'`);
  }
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch (e) {
    process.stderr.write(
      `tributary run: cannot read '${file}': ${e instanceof Error ? e.message : String(e)}\n`,
    );
    return 1;
  }
  const allow = values['allow-path'];
  const controller = new AbortController();
  const onSigint = (): void => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    return await runScript(source, {
      scriptPath: file,
      ...(Array.isArray(allow) && allow.length > 0 ? { allowedPaths: allow } : {}),
      ...(typeof values.catalogs === 'string' ? { catalogsDir: values.catalogs } : {}),
      signal: controller.signal,
    });
  } finally {
    process.off('SIGINT', onSigint);
  }
}
