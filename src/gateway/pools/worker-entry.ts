/**
 * The code a compute-pool worker thread runs: it rebuilds the statement's catalog objects from the
 * snapshot, plans the statement with an EngineSession and runs its job loop here, off the gateway's
 * event loop. Result rows go back encoded for the wire, never more than the gateway granted credit
 * for; without credit the buffer fills and the job pauses.
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
let credit = 0;
let running: RunningStatement | undefined;
let ended = false;

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
  const r = running;
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
  const r = running;
  if (r === undefined || ended) return;
  const types = r.columns.map((c) => c.type);
  while (credit > 0 && r.buffered > 0) {
    const raw = r.take(Math.min(credit, MAX_BATCH));
    credit -= raw.rows.length;
    post({ type: 'rows', batch: { ops: raw.ops, rows: raw.rows.map((row) => encodeRow(row, types)) } });
  }
  if (r.state !== 'RUNNING' && r.buffered === 0) {
    ended = true;
    if (r.state === 'FAILED') post(failure(r.error));
    else
      post({
        type: 'end',
        state: r.state === 'CANCELLED' ? 'CANCELLED' : 'FINISHED',
        operators: r.operatorMetrics(),
      });
    port.close();
  }
}

async function start(m: StartMessage): Promise<void> {
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
  running = r;
  r.onChange(flush);
  const timer = setInterval(
    () => post({ type: 'metrics', operators: r.operatorMetrics() }),
    METRICS_INTERVAL_MS,
  );
  timer.unref();
  await r.done;
  clearInterval(timer);
  flush();
}

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'start':
      start(m).catch((e: unknown) => {
        ended = true;
        post(failure(e));
        port.close();
      });
      return;
    case 'credit':
      credit += m.rows;
      flush();
      return;
    case 'cancel':
      running?.cancel();
      return;
    case 'stop':
      stop(m);
      return;
  }
});
