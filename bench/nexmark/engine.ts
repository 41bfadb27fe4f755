/**
 * Runs a Nexmark script in this process through the pieces `tributary run` is made of (src/cli/
 * commands/run.ts): parseScript → bindStatement against a CatalogManager → planStatement → buildJob
 * → job.run → flushSinks → closeJob. The only difference is the connector registry: the built-in
 * one plus the checksum sink under `blackhole`, so results can be checked without touching the
 * engine's own blackhole. The measured window is the INSERT's job (planning included), not the DDL.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CatalogManager } from '../../src/catalog/catalog-manager.ts';
import { closeJob, flushSinks } from '../../src/cli/commands/run-job-end.ts';
import { createConnectorRegistry } from '../../src/connectors/index.ts';
import { bindStatement } from '../../src/planner/index.ts';
import { buildJob } from '../../src/planner/physical/job-builder.ts';
import { planStatement } from '../../src/planner/physical/planner.ts';
import { isSqlError, parseScript, renderError } from '../../src/sql/index.ts';
import { type ChecksumSink, checksumSinkFactory } from './sink.ts';

export const EXAMPLES_DIR = resolve('sql-examples/nexmark');

/** ddl.sql with `events.num` set to `events` (the rest of the reference DDL unchanged). */
export function nexmarkDdl(events: number): string {
  const ddl = readFileSync(join(EXAMPLES_DIR, 'ddl.sql'), 'utf8');
  const replaced = ddl.replace(/'events\.num'\s*=\s*'\d+'/, `'events.num' = '${events}'`);
  if (replaced === ddl) throw new Error(`${EXAMPLES_DIR}/ddl.sql has no 'events.num' option to set`);
  return replaced;
}

export function queryScript(query: string): string {
  return readFileSync(join(EXAMPLES_DIR, `${query}.sql`), 'utf8');
}

export interface EngineRun {
  readonly sinks: readonly ChecksumSink[];
  /** Wall milliseconds and CPU microseconds of the INSERT statements (plan + build + run). */
  readonly wallMs: number;
  readonly cpuUs: number;
  /** CPU microseconds of `cpuUs` spent in the checksum sinks (the harness's work, not the engine's). */
  readonly sinkCpuUs: number;
}

/** Runs a script to completion; throws with the failing statement's message (the missing feature). */
export async function runEngineScript(source: string, keepRows: boolean): Promise<EngineRun> {
  const sinks: ChecksumSink[] = [];
  const connectors = createConnectorRegistry({ allowedPaths: [EXAMPLES_DIR] }).register(
    'blackhole',
    checksumSinkFactory(keepRows, sinks),
  );
  const catalogs = new CatalogManager();
  const config = new Map<string, string>();
  const { statements, errors } = parseScript(source);
  if (errors.length > 0) throw new Error(errors.map((e) => renderError(e, source)).join('\n'));
  let wallMs = 0;
  let cpuUs = 0;
  for (const stmt of statements) {
    try {
      const bound = bindStatement(stmt, { catalogs, config });
      switch (bound.kind) {
        case 'CatalogAction':
          await catalogs.apply(bound.action);
          break;
        case 'Set':
          if (bound.key !== undefined) config.set(bound.key, bound.value ?? '');
          break;
        case 'Insert':
        case 'StatementSet': {
          const startWall = performance.now();
          const startCpu = process.cpuUsage();
          const plan = planStatement(bound, { connectors, config });
          const { job } = buildJob(plan.roots, { connectors, config });
          try {
            await job.run(64);
            await flushSinks(job);
          } finally {
            await closeJob(job);
          }
          const cpu = process.cpuUsage(startCpu);
          cpuUs += cpu.user + cpu.system;
          wallMs += performance.now() - startWall;
          break;
        }
        default:
          throw new Error(`the harness runs DDL, SET and INSERT statements, not ${bound.kind}`);
      }
    } catch (e) {
      if (isSqlError(e)) throw new Error(renderError(e, source));
      throw e;
    }
  }
  const sinkCpuUs = sinks.reduce((sum, sink) => sum + sink.cpuUs, 0);
  return { sinks, wallMs, cpuUs, sinkCpuUs };
}
