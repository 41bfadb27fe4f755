/**
 * One backpressure measurement, shared by test/client/backpressure.test.ts and
 * bench/client-backpressure.ts: a gateway in a child process runs an unthrottled datagen query of
 * `rows` rows; this process consumes it through the client library, pausing now and then (a slow
 * consumer), while the resident memory of both processes is sampled every 100 ms.
 */
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { connect } from '../../src/index.ts';
import { startGatewayProcess } from './gateway-process.ts';

export interface BackpressureOptions {
  readonly rows: number;
  readonly window: number;
  readonly resultBufferRows: number;
  /** Consumer pauses: this many, evenly spread (default 8). */
  readonly pauses?: number;
  readonly pauseMs?: number;
  readonly log?: (line: string) => void;
}

export interface MemoryCurve {
  /** The largest sample while 10–25% of the rows had been consumed (warmed up). */
  readonly base: number;
  /** The largest sample after that. */
  readonly peak: number;
}

export interface BackpressureResult {
  readonly rows: number;
  readonly window: number;
  readonly seconds: number;
  /** CPU seconds used while streaming, by the server process (gateway and its worker) and the client. */
  readonly cpu: { readonly server: number; readonly client: number };
  readonly clientMaxBuffered: number;
  readonly client: MemoryCurve & {
    readonly peakHeap: number;
    /** This process's live heap after a full GC at 25% and at 95% of the rows. */
    readonly liveHeap: { readonly at25: number; readonly at95: number };
  };
  readonly server: MemoryCurve & {
    readonly hwm: number;
    /** The server main thread's live heap after a full GC at 25% and at 95% of the rows. */
    readonly liveHeap: { readonly at25: number; readonly at95: number };
  };
}

interface Sample {
  readonly at: number;
  readonly client: number;
  readonly heap: number;
  readonly server: number;
}

/** A full garbage collection of this process's heap (what --expose-gc's gc() does). */
function collectGarbage(): void {
  setFlagsFromString('--expose-gc');
  (runInNewContext('gc') as () => void)();
}

function clientLiveHeap(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

function curve(samples: readonly Sample[], rows: number, pick: (s: Sample) => number): MemoryCurve {
  const early = samples.filter((s) => s.at >= rows / 10 && s.at <= rows / 4).map(pick);
  const late = samples.filter((s) => s.at > rows / 4).map(pick);
  return { base: Math.max(0, ...early), peak: Math.max(0, ...late) };
}

export async function measureBackpressure(o: BackpressureOptions): Promise<BackpressureResult> {
  const server = await startGatewayProcess({ resultBufferRows: o.resultBufferRows, inspect: true });
  try {
    const c = await connect({ url: server.url, creditWindow: o.window });
    await c.execute(
      `CREATE TABLE fast_gen (id BIGINT, price DECIMAL(10, 2), name STRING, ts TIMESTAMP(3)) WITH (
        'connector' = 'datagen', 'rows-per-second' = '100000000', 'number-of-rows' = '${o.rows}',
        'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '${o.rows}',
        'fields.name.length' = '16')`,
    );
    const st = await c.execute('SELECT id, price, name, ts FROM fast_gen');
    const samples: Sample[] = [];
    let seen = 0;
    let maxBuffered = 0;
    const sample = (): void => {
      const m = process.memoryUsage();
      samples.push({ at: seen, client: m.rss, heap: m.heapUsed, server: server.memory().rss });
      // sampled during the consumer's pauses too, when undelivered rows would pile up
      maxBuffered = Math.max(maxBuffered, st.bufferedRows);
    };
    const timer = setInterval(sample, 100);
    const pauseEvery = Math.max(1, Math.floor(o.rows / ((o.pauses ?? 8) + 1)));
    const pauseMs = o.pauseMs ?? 500;
    const started = Date.now();
    const serverCpu = server.cpuSeconds();
    const clientCpu = process.cpuUsage();
    let nextLog = o.rows / 10;
    const liveHeap = { at25: 0, at95: 0 };
    const clientHeap = { at25: 0, at95: 0 };
    try {
      for await (const change of st) {
        seen++;
        if (change.row[0] !== BigInt(seen)) throw new Error(`row ${seen} has id ${String(change.row[0])}`);
        maxBuffered = Math.max(maxBuffered, st.bufferedRows);
        if (seen === Math.floor(o.rows / 4)) {
          liveHeap.at25 = await server.liveHeap();
          clientHeap.at25 = clientLiveHeap();
        }
        if (seen === Math.floor(o.rows * 0.95)) {
          liveHeap.at95 = await server.liveHeap();
          clientHeap.at95 = clientLiveHeap();
        }
        if (seen % pauseEvery === 0 && seen < o.rows) await new Promise((r) => setTimeout(r, pauseMs));
        if (seen >= nextLog && o.log !== undefined) {
          nextLog += o.rows / 10;
          const last = samples.at(-1);
          if (last !== undefined)
            o.log(
              `${seen} rows, ${((Date.now() - started) / 1000).toFixed(1)} s: client RSS ${(last.client / 2 ** 20).toFixed(0)} MB, server RSS ${(last.server / 2 ** 20).toFixed(0)} MB`,
            );
        }
      }
    } finally {
      clearInterval(timer);
    }
    sample();
    const seconds = (Date.now() - started) / 1000;
    const clientUsed = process.cpuUsage(clientCpu);
    const cpu = {
      server: server.cpuSeconds() - serverCpu,
      client: (clientUsed.user + clientUsed.system) / 1e6,
    };
    if (seen !== o.rows) throw new Error(`received ${seen} rows, expected ${o.rows}`);
    await c.close();
    const client = curve(samples, o.rows, (s) => s.client);
    const heap = curve(samples, o.rows, (s) => s.heap);
    return {
      rows: seen,
      window: o.window,
      seconds,
      cpu,
      clientMaxBuffered: maxBuffered,
      client: { ...client, peakHeap: Math.max(heap.base, heap.peak), liveHeap: clientHeap },
      server: { ...curve(samples, o.rows, (s) => s.server), hwm: server.memory().peak, liveHeap },
    };
  } finally {
    await server.stop();
  }
}
