/**
 * One query in its own process (so peak RSS and a crash belong to that query): the engine run, then
 * the limit reference. Started by main.ts with fork(); the result goes back over IPC. With `kafka`,
 * the query reads the preloaded topic instead of the generator; with `preload`, the process only
 * fills that topic (kafka.ts).
 */

import { MeasuredChecksum } from './checksum.ts';
import { nexmarkDdl, queryScript, runEngineScript } from './engine.ts';
import { createTopic, type KafkaServices, kafkaSourceDdl, preloadScript } from './kafka.ts';
import { LIMITS } from './limits.ts';

export interface WorkerRequest {
  readonly query: string;
  readonly events: number;
  /** Keep the materialized rows (for the DuckDB comparison). */
  readonly keepRows: boolean;
  /** Run the limit reference after the engine. */
  readonly limit: boolean;
  /** Read the events from this broker's topic (see kafka.ts) instead of the generator. */
  readonly kafka?: KafkaServices;
  /** Only write the events to the topic (no query). */
  readonly preload?: boolean;
}

export interface WorkerResult {
  readonly query: string;
  readonly events: number;
  readonly error?: string;
  readonly wallMs?: number;
  readonly cpuUs?: number;
  /** CPU microseconds of `cpuUs` spent in the checksum sink. */
  readonly sinkCpuUs?: number;
  readonly peakRssBytes?: number;
  readonly changes?: number;
  readonly finalRows?: number;
  readonly checksum?: string;
  readonly rows?: readonly (readonly [string, number])[];
  readonly limit?: {
    readonly wallMs: number;
    readonly cpuUs: number;
    /** CPU microseconds of `cpuUs` spent hashing the limit's rows. */
    readonly sinkCpuUs: number;
    readonly checksum: string;
    readonly finalRows: number;
  };
}

async function preload(request: WorkerRequest, kafka: KafkaServices): Promise<WorkerResult> {
  const { query, events } = request;
  try {
    await createTopic(kafka, events);
    const run = await runEngineScript(preloadScript(events, kafka), false);
    return { query, events, wallMs: run.wallMs, cpuUs: run.cpuUs };
  } catch (e) {
    return { query, events, error: e instanceof Error ? e.message : String(e) };
  }
}

async function main(request: WorkerRequest): Promise<WorkerResult> {
  const { query, events, keepRows, kafka } = request;
  if (request.preload && kafka !== undefined) return preload(request, kafka);
  let result: WorkerResult;
  try {
    const ddl = kafka === undefined ? nexmarkDdl(events) : kafkaSourceDdl(events, kafka);
    const run = await runEngineScript(ddl + queryScript(query), keepRows);
    const sink = run.sinks[0];
    if (sink === undefined) throw new Error(`${query}.sql wrote to no blackhole sink`);
    result = {
      query,
      events,
      wallMs: run.wallMs,
      cpuUs: run.cpuUs,
      sinkCpuUs: run.sinkCpuUs,
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
  if (limit !== undefined && request.limit) {
    const out = new MeasuredChecksum();
    const startWall = performance.now();
    const startCpu = process.cpuUsage();
    limit(events, out);
    out.flush();
    const cpu = process.cpuUsage(startCpu);
    const checksum = out.checksum;
    result = {
      ...result,
      limit: {
        wallMs: performance.now() - startWall,
        cpuUs: cpu.user + cpu.system,
        sinkCpuUs: out.cpuUs,
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
