/**
 * One query in its own process (so peak RSS and a crash belong to that query): the engine run, then
 * the limit reference. Started by main.ts with fork(); the result goes back over IPC.
 */

import { TableChecksum } from './checksum.ts';
import { nexmarkDdl, queryScript, runEngineScript } from './engine.ts';
import { LIMITS } from './limits.ts';

export interface WorkerRequest {
  readonly query: string;
  readonly events: number;
  /** Keep the materialized rows (for the DuckDB comparison). */
  readonly keepRows: boolean;
}

export interface WorkerResult {
  readonly query: string;
  readonly events: number;
  readonly error?: string;
  readonly wallMs?: number;
  readonly cpuUs?: number;
  readonly peakRssBytes?: number;
  readonly changes?: number;
  readonly finalRows?: number;
  readonly checksum?: string;
  readonly rows?: readonly (readonly [string, number])[];
  readonly limit?: {
    readonly wallMs: number;
    readonly cpuUs: number;
    readonly checksum: string;
    readonly finalRows: number;
  };
}

async function main(request: WorkerRequest): Promise<WorkerResult> {
  const { query, events, keepRows } = request;
  let result: WorkerResult;
  try {
    const run = await runEngineScript(nexmarkDdl(events) + queryScript(query), keepRows);
    const sink = run.sinks[0];
    if (sink === undefined) throw new Error(`${query}.sql wrote to no blackhole sink`);
    result = {
      query,
      events,
      wallMs: run.wallMs,
      cpuUs: run.cpuUs,
      peakRssBytes: process.resourceUsage().maxRSS * 1024,
      changes: sink.changes,
      finalRows: sink.checksum.rows,
      checksum: sink.checksum.hex(),
      ...(keepRows ? { rows: [...sink.materialized] } : {}),
    };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return { query, events, error: message.split('\n').slice(0, 12).join('\n') };
  }
  const limit = LIMITS[query];
  if (limit !== undefined) {
    const checksum = new TableChecksum();
    const startWall = performance.now();
    const startCpu = process.cpuUsage();
    limit(events, checksum);
    const cpu = process.cpuUsage(startCpu);
    result = {
      ...result,
      limit: {
        wallMs: performance.now() - startWall,
        cpuUs: cpu.user + cpu.system,
        checksum: checksum.hex(),
        finalRows: checksum.rows,
      },
    };
  }
  return result;
}

process.once('message', (request: WorkerRequest) => {
  main(request).then(
    (result) => process.send?.(result, () => process.exit(0)),
    (e: unknown) => {
      process.send?.({ query: request.query, events: request.events, error: String(e) }, () =>
        process.exit(1),
      );
    },
  );
});
