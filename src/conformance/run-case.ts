/**
 * Runs one conformance case: creates the source and sink tables (each column string parsed with
 * `parseTableElement`), feeds the source rows through the `values` test connector, plans and runs
 * the statements as one job, and compares each sink with its expectation.
 *
 * Comparison: the sink's changelog against `expected` as a multiset; when only `expectedMaterialized`
 * is given, the final sink contents. With mini-batch enabled (`table.exec.mini-batch.enabled`), Flink
 * folds intermediate updates depending on batch boundaries, so the runner compares the materialized
 * contents of the expected changelog instead of the changelog itself.
 */

import type { CatalogTable } from '../catalog/catalog.ts';
import { CatalogManager } from '../catalog/catalog-manager.ts';
import { bindStatement } from '../planner/index.ts';
import type { Sink } from '../planner/logical/nodes.ts';
import { FactoryConnectorRegistry } from '../planner/physical/connectors.ts';
import { buildJob } from '../planner/physical/job-builder.ts';
import { planLogical } from '../planner/physical/planner.ts';
import { parseRowKind, type Row } from '../runtime/batch.ts';
import type { ColumnDef, CreateTable, PrimaryKeyDef, WatermarkDef } from '../sql/ast.ts';
import { parseStatement, parseTableElement } from '../sql/index.ts';
import type { ConformanceCase, SinkDef, SourceDef, TableDef } from './cases.ts';
import { materialize, multisetDiff } from './compare.ts';
import { runInFlinkOrder } from './flink-order.ts';
import { skipReason } from './runnable-skips.ts';
import { toRuntimeValue } from './values.ts';
import { dataPositions, ValuesTestConnector } from './values-connector.ts';

export type CaseStatus = 'passed' | 'failed' | 'skipped';

export interface CaseResult {
  readonly id: string;
  readonly status: CaseStatus;
  /** Why it was skipped, the first diff, or the error. */
  readonly detail?: string;
  readonly crashed?: boolean;
  readonly millis: number;
}

export interface RunCaseOptions {
  /** Per-case time limit for running the job (ms). */
  readonly timeoutMs?: number;
}

const quote = (s: string): string => `'${s.replace(/'/g, "''")}'`;
const ident = (s: string): string => `\`${s.replace(/`/g, '``')}\``;

function createTableAst(def: TableDef): CreateTable {
  const options = { connector: 'values', ...def.options };
  const withClause = Object.entries(options)
    .map(([k, v]) => `${quote(k)} = ${quote(v)}`)
    .join(', ');
  const distribution = def.distribution ? ` ${def.distribution}` : '';
  const partitioned =
    def.partitionKeys.length > 0 ? ` PARTITIONED BY (${def.partitionKeys.map(ident).join(', ')})` : '';
  const template = parseStatement(
    `CREATE TABLE ${ident(def.name)} (placeholder INT)${distribution}${partitioned} WITH (${withClause})`,
  );
  if (template.kind !== 'CreateTable') throw new Error('CREATE TABLE template did not parse as CREATE TABLE');
  const columns: ColumnDef[] = [];
  const watermarks: WatermarkDef[] = [];
  let primaryKey: PrimaryKeyDef | undefined;
  for (const text of def.columns.flatMap(splitElements)) {
    const element = parseTableElement(text);
    if (element.kind === 'WatermarkDef') watermarks.push(element);
    else if (element.kind === 'PrimaryKeyDef') primaryKey = element;
    else columns.push(element);
  }
  const { primaryKey: _none, ...rest } = template;
  return { ...rest, columns, watermarks, ...(primaryKey ? { primaryKey } : {}) };
}

/**
 * Some Java programs declare several columns in one string (`'a STRING PRIMARY KEY NOT ENFORCED,
 * b INT'`): split at commas outside parentheses, angle brackets and quotes.
 */
function splitElements(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quote) {
      if (ch === quote) quote = undefined;
    } else if (ch === "'" || ch === '`' || ch === '"') quote = ch;
    else if (ch === '(' || ch === '<') depth++;
    else if (ch === ')' || ch === '>') depth--;
    else if (ch === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

async function createTable(
  session: CatalogManager,
  config: ReadonlyMap<string, string>,
  def: TableDef,
): Promise<CatalogTable> {
  const bound = bindStatement(createTableAst(def), { catalogs: session, config });
  if (bound.kind !== 'CatalogAction' || bound.action.kind !== 'CreateTable')
    throw new Error(`Creating table ${def.name} did not bind to CREATE TABLE`);
  await session.apply(bound.action);
  return bound.action.table;
}

function sourceData(def: SourceDef, table: CatalogTable): { rows: Row[]; kinds: number[] } {
  const positions = dataPositions(table);
  const typeAt: (import('../expr/types.ts').LogicalType | undefined)[] = [];
  for (const [col, pos] of positions) typeAt[pos] = table.columns[col]!.type;
  const rows = def.rows.map((r) =>
    typeAt.map((t, i) => (t === undefined ? null : toRuntimeValue(r.values[i] ?? null, t))),
  );
  return { rows, kinds: def.rows.map((r) => parseRowKind(r.kind)) };
}

function firstDiff(
  sink: SinkDef,
  expected: readonly string[],
  actual: readonly string[],
  what: string,
): string | undefined {
  const { missing, extra } = multisetDiff(expected, actual);
  if (missing.length === 0 && extra.length === 0) return undefined;
  return [
    `sink ${sink.name} (${what}): ${missing.length} missing, ${extra.length} extra`,
    ...missing.slice(0, 8).map((m) => `  - ${m}`),
    ...extra.slice(0, 8).map((e) => `  + ${e}`),
    `  expected: ${JSON.stringify(expected)}`,
    `  actual:   ${JSON.stringify(actual)}`,
  ].join('\n');
}

export async function runCase(c: ConformanceCase, options: RunCaseOptions = {}): Promise<CaseResult> {
  const started = Date.now();
  const done = (status: CaseStatus, detail?: string, crashed?: boolean): CaseResult => ({
    id: c.id,
    status,
    ...(detail === undefined ? {} : { detail }),
    ...(crashed ? { crashed } : {}),
    millis: Date.now() - started,
  });
  const skip = skipReason(c.id, c.skip);
  if (skip !== undefined) return done('skipped', skip);
  try {
    const catalogs = new CatalogManager();
    const config = new Map(Object.entries(c.config));
    const values = new ValuesTestConnector();
    const connectors = new FactoryConnectorRegistry().register('values', values);
    for (const s of c.sources) {
      const table = await createTable(catalogs, config, s);
      const data = sourceData(s, table);
      values.setData(
        s.name,
        s.beforeRestoreRows === undefined ? data : { ...data, beforeRestoreRows: s.beforeRestoreRows },
      );
      if (s.options['lookup-table'] === 'true') values.markLookupTable(s.name);
    }
    for (const s of c.sinks) await createTable(catalogs, config, s);
    const sinks: Sink[] = [];
    for (const text of c.statements) {
      const bound = bindStatement(parseStatement(text), { catalogs, config });
      if (bound.kind === 'CatalogAction') await catalogs.apply(bound.action);
      else if (bound.kind === 'Set' && bound.key !== undefined) config.set(bound.key, bound.value ?? '');
      else if (bound.kind === 'Insert') sinks.push(bound.sink);
      else if (bound.kind === 'StatementSet') sinks.push(...bound.sinks);
      else if (bound.kind === 'CreateTableAs') {
        await catalogs.apply(bound.action);
        sinks.push(bound.sink);
      }
    }
    if (sinks.length === 0) return done('failed', 'no INSERT statement to run');
    const plan = planLogical(sinks, { connectors, config });
    const clock = { now: Date.UTC(2024, 0, 1) };
    const built = buildJob(plan.roots, { connectors, config, job: { clock: () => clock.now } });
    runInFlinkOrder(built.job, { timeoutMs: options.timeoutMs ?? 10_000, clock, restoreGate: values });
    built.job.close();
    const miniBatch = config.get('table.exec.mini-batch.enabled') === 'true';
    const problems: string[] = [];
    for (const sink of c.sinks) {
      const collector = values.sinks.get(sink.name);
      const actual = collector?.changelog ?? [];
      const pk = sink.primaryKey ? sinkKeyIndexes(sink) : undefined;
      let diff: string | undefined;
      if (sink.expected !== null && !miniBatch) diff = firstDiff(sink, sink.expected, actual, 'changelog');
      else if (sink.expected !== null)
        diff = firstDiff(
          sink,
          materialize(sink.expected, pk),
          materialize(actual, pk),
          'materialized, mini-batch',
        );
      else if (sink.expectedMaterialized !== null) {
        diff = firstDiff(sink, sink.expectedMaterialized, collector?.materialized() ?? [], 'materialized');
      }
      if (diff !== undefined) problems.push(diff);
    }
    return problems.length === 0 ? done('passed') : done('failed', problems.join('\n'));
  } catch (e) {
    const message = e instanceof Error ? `${e.name === 'Error' ? '' : `${e.name}: `}${e.message}` : String(e);
    return done('failed', message, true);
  }
}

/** Positions of the primary key among the sink's physical columns (the collected row layout). */
function sinkKeyIndexes(sink: SinkDef): number[] {
  const names = sink.columns
    .flatMap(splitElements)
    .map((c) => parseTableElement(c))
    .filter((e): e is ColumnDef => e.kind !== 'WatermarkDef' && e.kind !== 'PrimaryKeyDef')
    .map((e) => ('name' in e ? (e.name as { value: string }).value : ''));
  return (sink.primaryKey ?? []).map((k) => names.indexOf(k));
}
