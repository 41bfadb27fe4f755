/**
 * The code a compute-pool worker thread runs: it rebuilds the statement's catalog objects from the
 * snapshot, plans the statement with an EngineSession and runs its job loop here, off the gateway's
 * event loop. Result rows go back encoded for the wire, never more than the gateway granted credit
 * for; without credit the buffer fills and the job pauses. The thread runs one statement at a time and
 * stays for the next one when its pool keeps it warm (compute-pool.ts), so every run's state lives in
 * its own `Run`.
 */
import { type MessagePort, parentPort } from 'node:worker_threads';
import { isSqlError } from '../../sql/index.ts';
import type { RunningStatement } from '../engine/running.ts';
import { EngineSession } from '../engine/session.ts';
import { catalogsFromSnapshot } from '../engine/snapshot.ts';
import { encodeRow } from '../engine/wire.ts';
import type { FromWorker, StartMessage, StopMessage, ToWorker, WorkerFailure } from './messages.ts';

function requirePort(): MessagePort {
  if (parentPort === null)
    throw new Error('worker-entry.ts must run in a worker thread (see compute-pool.ts)');
  return parentPort;
}
const port = requirePort();

const MAX_BATCH = 512;
const METRICS_INTERVAL_MS = 1000;
/** The current statement's run: created by `start`, finished once `end` or `failed` is posted. */
interface Run {
  credit: number;
  running: RunningStatement | undefined;
  ended: boolean;
  /** A cancel that arrived while the statement was still being planned. */
  cancelled: boolean;
}
let run: Run | undefined;

const post = (m: FromWorker): void => port.postMessage(m);

function workerFailure(e: unknown): WorkerFailure {
  const sql = isSqlError(e) ? (e.toJSON() as unknown as Record<string, unknown>) : undefined;
  const err = e instanceof Error ? e : new Error(String(e));
  return { message: err.message, ...(err.stack ? { stack: err.stack } : {}), ...(sql ? { sql } : {}) };
}

function failure(e: unknown): FromWorker {
  return { type: 'failed', error: workerFailure(e) };
}

function stop(m: StopMessage): void {
  const r = run?.running;
  if (r === undefined) {
    post({
      type: 'stop-result',
      error: { message: 'The job has not started yet; stop it again in a moment' },
    });
    return;
  }
  r.stop({ savepoint: m.savepoint, drain: m.drain }).then(
    (savepoint) =>
      post({
        type: 'stop-result',
        ...(savepoint === undefined
          ? {}
          : { savepoint: { path: savepoint.path, checkpointId: savepoint.metadata.checkpointId } }),
      }),
    (e: unknown) => post({ type: 'stop-result', error: workerFailure(e) }),
  );
}

function flush(): void {
  const current = run;
  const r = current?.running;
  if (current === undefined || r === undefined || current.ended) return;
  const types = r.columns.map((c) => c.type);
  while (current.credit > 0 && r.buffered > 0) {
    const raw = r.take(Math.min(current.credit, MAX_BATCH));
    current.credit -= raw.rows.length;
    post({ type: 'rows', batch: { ops: raw.ops, rows: raw.rows.map((row) => encodeRow(row, types)) } });
  }
  if (r.state !== 'RUNNING' && r.buffered === 0) {
    current.ended = true;
    if (r.state === 'FAILED') post(failure(r.error));
    else
      post({
        type: 'end',
        state: r.state === 'CANCELLED' ? 'CANCELLED' : 'FINISHED',
        operators: r.operatorMetrics(),
      });
  }
}

async function start(m: StartMessage, current: Run): Promise<void> {
  const catalogs = await catalogsFromSnapshot(m.snapshot);
  const session = new EngineSession({ catalogs, config: new Map(m.config) });
  const prepared = await session.prepare(m.sql);
  if (prepared.kind !== 'job')
    throw new Error(`Statement completed while planning; nothing to run: ${m.sql}`);
  const r = session.start(prepared, {
    bufferRows: m.bufferRows,
    checkpointing: {
      ...m.checkpointing,
      onEvent: (event) => post({ type: 'checkpoint', event }),
      onRestored: (from) =>
        post({
          type: 'restored',
          path: from.path,
          kind: from.metadata.kind,
          checkpointId: from.metadata.checkpointId,
        }),
    },
  });
  current.running = r;
  if (current.cancelled) r.cancel();
  r.onChange(flush);
  // a tick after `end` would reach the gateway as the next statement's metrics
  const timer = setInterval(() => {
    if (!current.ended) post({ type: 'metrics', operators: r.operatorMetrics() });
  }, METRICS_INTERVAL_MS);
  timer.unref();
  await r.done;
  clearInterval(timer);
  flush();
}

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'start': {
      const current: Run = { credit: 0, running: undefined, ended: false, cancelled: false };
      run = current;
      start(m, current).catch((e: unknown) => {
        current.ended = true;
        post(failure(e));
      });
      return;
    }
    case 'credit':
      if (run !== undefined) run.credit += m.rows;
      flush();
      return;
    case 'cancel':
      if (run === undefined) return;
      run.cancelled = true;
      run.running?.cancel();
      return;
    case 'stop':
      stop(m);
      return;
  }
});
