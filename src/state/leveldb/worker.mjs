/**
 * The LevelDB worker thread of one task's state database (`level`, i.e. classic-level). The operator
 * thread posts a request and blocks on a shared Int32 until this thread answers (sync-worker.ts), so
 * the record path stays synchronous while LevelDB's API is asynchronous.
 *
 * Plain JavaScript on purpose: a worker starts without the parent's TypeScript loader, and registering
 * tsx in it costs about 2.5 s per start on a loaded machine (0.2 s without). The message types are
 * declared, and checked on the caller's side, in protocol.ts; the key layout lives in key-codec.ts
 * (this file only reads the group number at the offset it is given).
 *
 * Requests are handled one at a time in arrival order (the caller waits for each answer anyway).
 * After answering, the worker stores the request's sequence number in signal[0] and notifies; a
 * heartbeat in signal[1] lets a waiting caller tell a busy worker from a dead one.
 */

import { rm } from 'node:fs/promises';
import { workerData } from 'node:worker_threads';
import { Level } from 'level';

const SIGNAL_REPLY = 0;
const SIGNAL_HEARTBEAT = 1;
const HEARTBEAT_MS = 200;

/** @type {{ port: import('node:worker_threads').MessagePort, signal: Int32Array, dir: string }} */
const { port, signal, dir } = workerData;

/** @type {Level<Uint8Array, string> | undefined} */
let db;

setInterval(() => Atomics.add(signal, SIGNAL_HEARTBEAT, 1), HEARTBEAT_MS).unref();

/** Key i of a packed batch as a view (no copy). */
function unpack(packed) {
  const keys = new Array(packed.ends.length);
  let start = 0;
  for (let i = 0; i < keys.length; i++) {
    const end = packed.ends[i];
    keys[i] = packed.bytes.subarray(start, end);
    start = end;
  }
  return keys;
}

function pack(keys) {
  const ends = new Uint32Array(keys.length);
  let total = 0;
  for (let i = 0; i < keys.length; i++) {
    total += keys[i].length;
    ends[i] = total;
  }
  const bytes = new Uint8Array(total);
  let at = 0;
  for (const key of keys) {
    bytes.set(key, at);
    at += key.length;
  }
  return { bytes, ends };
}

function database() {
  if (db === undefined) throw new Error(`The LevelDB state database ${dir} is not open`);
  return db;
}

async function open(request) {
  const options = {
    keyEncoding: 'view',
    valueEncoding: 'utf8',
    cacheSize: request.cacheBytes,
    writeBufferSize: request.writeBufferBytes,
  };
  db = new Level(dir, options);
  try {
    // The first open takes LevelDB's LOCK (an fcntl lock: a killed process leaves nothing that blocks
    // it) and fails while another live process uses the directory. The contents are a scratch copy
    // from an earlier run (durability is the checkpoints' job): start from an empty database.
    await db.open();
    await db.close();
    await rm(dir, { recursive: true, force: true });
    await db.open();
  } catch (e) {
    const locked = e?.cause?.code === 'LEVEL_LOCKED' || /lock/i.test(String(e?.cause?.message));
    db = undefined;
    if (locked) {
      throw new Error(
        `The LevelDB state directory ${dir} is in use by another process; give each server its own data directory (or 'state.backend.leveldb.localdir')`,
      );
    }
    throw e;
  }
  return null;
}

async function write(request) {
  const store = database();
  const deletes = unpack(request.deletes);
  const puts = unpack(request.puts);
  const probed = unpack(request.probed);
  let delta = 0;
  if (deletes.length > 0) for (const found of await store.hasMany(deletes)) if (found) delta--;
  if (probed.length > 0) for (const found of await store.hasMany(probed)) if (!found) delta++;
  const ops = new Array(deletes.length + puts.length + probed.length);
  let n = 0;
  for (const key of deletes) ops[n++] = { type: 'del', key };
  for (let i = 0; i < puts.length; i++) ops[n++] = { type: 'put', key: puts[i], value: request.putValues[i] };
  for (let i = 0; i < probed.length; i++) {
    ops[n++] = { type: 'put', key: probed[i], value: request.probedValues[i] };
  }
  await store.batch(ops);
  return { delta };
}

async function scan(request) {
  const iterator = database().iterator({ gte: request.gte, lt: request.lt, limit: request.limit });
  try {
    // nextv stops early at its byte high-water mark, so a short batch does not mean the end
    const entries = [];
    while (entries.length < request.limit) {
      const batch = await iterator.nextv(request.limit - entries.length);
      if (batch.length === 0) break;
      for (const entry of batch) entries.push(entry);
    }
    return {
      keys: pack(entries.map((e) => e[0])),
      values: entries.map((e) => e[1]),
      more: entries.length === request.limit,
    };
  } finally {
    await iterator.close();
  }
}

async function count(request) {
  const iterator = database().keys({ gte: request.gte, lt: request.lt });
  let total = 0;
  try {
    for (;;) {
      const keys = await iterator.nextv(10_000);
      if (keys.length === 0) return total;
      total += keys.length;
    }
  } finally {
    await iterator.close();
  }
}

/** Distinct key groups: read one key, then seek past its group, so one step per group, not per key. */
async function groups(request) {
  const iterator = database().keys({ gte: request.gte, lt: request.lt });
  const found = [];
  try {
    for (;;) {
      const key = await iterator.next();
      if (key === undefined) return found;
      const view = new DataView(key.buffer, key.byteOffset, key.byteLength);
      const group = view.getUint32(request.groupAt);
      found.push(group);
      const next = new Uint8Array(request.groupAt + 4);
      next.set(key.subarray(0, request.groupAt), 0);
      new DataView(next.buffer).setUint32(request.groupAt, group + 1);
      iterator.seek(next);
    }
  } finally {
    await iterator.close();
  }
}

async function close() {
  if (db !== undefined) {
    await db.close();
    db = undefined;
    await rm(dir, { recursive: true, force: true });
  }
  return null;
}

async function handle(request) {
  switch (request.op) {
    case 'open':
      return open(request);
    case 'write':
      return write(request);
    case 'scan':
      return scan(request);
    case 'count':
      return count(request);
    case 'groups':
      return groups(request);
    case 'clear':
      await database().clear({ gte: request.gte, lt: request.lt });
      return null;
    case 'close':
      return close();
    default:
      throw new Error(`Unknown LevelDB worker request '${request.op}'`);
  }
}

function answer(seq, reply) {
  port.postMessage(reply);
  // the reply is queued on the caller's port before the caller is woken
  Atomics.store(signal, SIGNAL_REPLY, seq);
  Atomics.notify(signal, SIGNAL_REPLY);
}

function failure(seq, e) {
  const text = e instanceof Error ? e.message : String(e);
  const cause = e instanceof Error && e.cause instanceof Error ? `: ${e.cause.message}` : '';
  return { seq, ok: false, message: text + cause, code: e?.code };
}

/** A point read `[seq, latin1 key]`: synchronous (no hop through the thread pool), answered `[seq, value]`. */
function get([seq, key]) {
  try {
    answer(seq, [seq, database().getSync(Buffer.from(key, 'latin1'))]);
  } catch (e) {
    answer(seq, failure(seq, e));
  }
}

let queue = Promise.resolve();
let queued = 0;
port.on('message', (message) => {
  // Reads skip the promise queue when nothing is queued before them (the common case: the caller
  // waits for every answer, so there is at most one request in flight).
  if (Array.isArray(message) && queued === 0) {
    get(message);
    return;
  }
  queued++;
  queue = queue.then(async () => {
    try {
      if (Array.isArray(message)) get(message);
      else {
        try {
          answer(message.seq, { seq: message.seq, ok: true, result: await handle(message.request) });
        } catch (e) {
          answer(message.seq, failure(message.seq, e));
        }
        if (message.request.op === 'close') port.close();
      }
    } finally {
      queued--;
    }
  });
});
