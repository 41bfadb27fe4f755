/**
 * A synchronous call into the LevelDB worker thread: post the request on a MessagePort, block on a
 * shared Int32 (`Atomics.wait`) until the worker stores the request's sequence number there, then take
 * the reply off the port with `receiveMessageOnPort` — no event-loop turn, so operators call it inside
 * their per-record loops. The sequence number (not a 0/1 flag) makes a late notify from an earlier
 * call harmless: the caller wakes, sees another number and waits again.
 *
 * A worker that dies cannot answer; it also stops its heartbeat (signal[1]), which the caller checks
 * every second of waiting, so a dead worker is an error after HEARTBEAT_LOSS_MS, not a hang.
 */

import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import {
  type GetReply,
  type GetRequest,
  type LevelReplies,
  type LevelReply,
  type LevelRequest,
  SIGNAL_HEARTBEAT,
  SIGNAL_REPLY,
  SIGNAL_SLOTS,
} from './protocol.ts';

const WORKER_FILE = new URL('./worker.mjs', import.meta.url);
/** Waiting is sliced so that the heartbeat can be checked. */
const WAIT_SLICE_MS = 1000;
/** A running worker beats every 200 ms; this long without a beat means it is gone. */
const HEARTBEAT_LOSS_MS = 15_000;
/** Before the first beat the thread is still starting (loading the native addon, slow under load). */
const STARTUP_MS = 120_000;

/** Thrown for failures the worker reported (`code` is LevelDB's, e.g. LEVEL_LOCKED). */
export class LevelWorkerError extends Error {
  constructor(
    message: string,
    readonly code: string | undefined,
  ) {
    super(message);
    this.name = 'LevelWorkerError';
  }
}

export class SyncLevelWorker {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  private readonly signal = new Int32Array(new SharedArrayBuffer(SIGNAL_SLOTS * 4));
  private seq = 0;
  private ended = false;

  constructor(private readonly dir: string) {
    const { port1, port2 } = new MessageChannel();
    this.port = port1;
    // execArgv: [] — the worker is plain JavaScript and needs none of the parent's loader flags.
    this.worker = new Worker(WORKER_FILE, {
      execArgv: [],
      workerData: { port: port2, signal: this.signal, dir },
      transferList: [port2],
    });
    // Neither the thread nor the port may keep the process alive; close() ends both.
    this.worker.unref();
    this.port.unref();
    // Errors also surface as failed or unanswered calls; without a listener they would crash the process.
    this.worker.on('error', () => {});
  }

  /** Sends one request and blocks until the worker answers it. */
  call<K extends LevelRequest['op']>(request: Extract<LevelRequest, { op: K }>): LevelReplies[K] {
    const seq = this.post({ seq: this.nextSeq(), request });
    return this.receive(seq, request.op) as LevelReplies[K];
  }

  /** A point read of one key (its bytes as a latin1 string); blocks until the worker answers. */
  get(key: string): string | undefined {
    const request: GetRequest = [this.nextSeq(), key];
    return this.receive(this.post(request), 'get') as string | undefined;
  }

  /** Closes the database (the worker deletes its scratch directory) and ends the thread. */
  close(): void {
    if (this.ended) return;
    try {
      this.call({ op: 'close' });
    } finally {
      this.ended = true;
      this.port.close();
      void this.worker.terminate();
    }
  }

  private nextSeq(): number {
    if (this.ended) throw new Error(`The LevelDB state database ${this.dir} is closed`);
    this.seq = (this.seq % 0x7fffffff) + 1;
    return this.seq;
  }

  private post(message: GetRequest | { readonly seq: number; readonly request: LevelRequest }): number {
    this.port.postMessage(message);
    return this.seq;
  }

  private receive(seq: number, op: string): unknown {
    this.waitFor(seq, op);
    const reply = receiveMessageOnPort(this.port)?.message as GetReply | LevelReply | undefined;
    if (Array.isArray(reply) && reply[0] === seq) return reply[1];
    if (reply === undefined || Array.isArray(reply) || (reply as LevelReply).seq !== seq) {
      throw new Error(`The LevelDB worker for ${this.dir} answered out of order (request '${op}')`);
    }
    const answer = reply as LevelReply;
    if (!answer.ok) throw new LevelWorkerError(answer.message, answer.code);
    return answer.result;
  }

  private waitFor(seq: number, op: string): void {
    let beat = Atomics.load(this.signal, SIGNAL_HEARTBEAT);
    let lastBeatAt = performance.now();
    for (;;) {
      const seen = Atomics.load(this.signal, SIGNAL_REPLY);
      if (seen === seq) return;
      if (Atomics.wait(this.signal, SIGNAL_REPLY, seen, WAIT_SLICE_MS) !== 'timed-out') continue;
      const now = performance.now();
      const current = Atomics.load(this.signal, SIGNAL_HEARTBEAT);
      if (current !== beat) {
        beat = current;
        lastBeatAt = now;
      } else if (now - lastBeatAt > (beat === 0 ? STARTUP_MS : HEARTBEAT_LOSS_MS)) {
        this.ended = true;
        void this.worker.terminate();
        throw new Error(
          `The LevelDB worker for ${this.dir} stopped answering (request '${op}'): the thread died or hangs; the statement must restart from its last checkpoint`,
        );
      }
    }
  }
}
