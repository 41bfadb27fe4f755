/**
 * TCP front end: frames requests (int32 size prefix), decodes request header v1
 * (api_key int16, api_version int16, correlation_id int32, client_id nullable string), dispatches to
 * the API table and writes responses (header v0: correlation_id). Requests on one connection are
 * handled strictly one at a time, as Kafka does, so responses keep request order.
 */
import * as net from 'node:net';
import { API_TABLE, unsupportedApiVersionsResponse } from './apis/index.ts';
import type { BrokerCore } from './broker.ts';
import { Reader } from './protocol/reader.ts';
import { decode, writeStruct } from './protocol/schema.ts';
import { Writer } from './protocol/writer.ts';

const MAX_REQUEST_BYTES = 100 * 1024 * 1024;
const API_VERSIONS_KEY = 18;

export class Connection {
  private readonly queue: Buffer[] = [];
  private busy = false;
  private closed = false;
  private readonly sizeBuf = Buffer.alloc(4);
  private sizeFill = 0;
  private frame: Buffer | null = null;
  private frameFill = 0;

  constructor(
    private readonly socket: net.Socket,
    private readonly broker: BrokerCore,
  ) {
    socket.setNoDelay(true);
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('error', () => this.close());
    socket.on('close', () => (this.closed = true));
  }

  private onData(chunk: Buffer): void {
    let off = 0;
    while (off < chunk.length) {
      if (this.frame === null) {
        // Fast path: a whole frame inside this chunk needs no copy.
        if (this.sizeFill === 0 && chunk.length - off >= 4) {
          const size = chunk.readInt32BE(off);
          if (!this.checkSize(size)) return;
          if (chunk.length - off - 4 >= size) {
            this.enqueue(chunk.subarray(off + 4, off + 4 + size));
            off += 4 + size;
            continue;
          }
        }
        const n = Math.min(4 - this.sizeFill, chunk.length - off);
        chunk.copy(this.sizeBuf, this.sizeFill, off, off + n);
        this.sizeFill += n;
        off += n;
        if (this.sizeFill < 4) return;
        const size = this.sizeBuf.readInt32BE(0);
        if (!this.checkSize(size)) return;
        this.frame = Buffer.allocUnsafe(size);
        this.frameFill = 0;
      }
      const n = Math.min(this.frame.length - this.frameFill, chunk.length - off);
      chunk.copy(this.frame, this.frameFill, off, off + n);
      this.frameFill += n;
      off += n;
      if (this.frameFill === this.frame.length) {
        this.enqueue(this.frame);
        this.frame = null;
        this.sizeFill = 0;
      }
    }
  }

  private checkSize(size: number): boolean {
    if (size < 8 || size > MAX_REQUEST_BYTES) {
      this.broker.options.logger.error(`closing ${this.peer()}: request size ${size} is out of bounds`);
      this.close();
      return false;
    }
    return true;
  }

  private peer(): string {
    return `${this.socket.remoteAddress}:${this.socket.remotePort}`;
  }

  private enqueue(frame: Buffer): void {
    this.queue.push(frame);
    if (!this.busy) void this.drainQueue();
  }

  private async drainQueue(): Promise<void> {
    this.busy = true;
    try {
      while (this.queue.length > 0 && !this.closed) {
        const frame = this.queue.shift()!;
        await this.handle(frame);
      }
    } finally {
      this.busy = false;
    }
  }

  private async handle(frame: Buffer): Promise<void> {
    const r = new Reader(frame);
    let apiKey = -1;
    let apiVersion = -1;
    try {
      apiKey = r.int16();
      apiVersion = r.int16();
      const correlationId = r.int32();
      const clientId = r.nullableString();
      const api = API_TABLE.get(apiKey);
      if (api === undefined || apiVersion < api.minVersion || apiVersion > api.maxVersion) {
        if (apiKey === API_VERSIONS_KEY) {
          // Newer clients probe with a higher ApiVersions; answer v0-shaped so they can fall back.
          await this.send(correlationId, unsupportedApiVersionsResponse());
          return;
        }
        this.broker.options.logger.error(
          `closing ${this.peer()} (client ${clientId}): unsupported api key ${apiKey} version ${apiVersion}` +
            (api ? ` (${api.name} serves ${api.minVersion}-${api.maxVersion})` : ''),
        );
        this.close();
        return;
      }
      const body = decode(frame, r.offset, api.request, apiVersion);
      const ctx = { apiVersion, clientId, clientHost: this.socket.remoteAddress ?? '', broker: this.broker };
      const result = await api.handle(body, ctx);
      if (result === null || this.closed) return;
      const w = new Writer();
      writeStruct(w, api.response, result, apiVersion);
      await this.send(correlationId, w.toChunks());
    } catch (err) {
      const msg = err instanceof Error ? err.message : String(err);
      this.broker.options.logger.error(`closing ${this.peer()}: api ${apiKey} v${apiVersion} failed: ${msg}`);
      this.close();
    }
  }

  private send(correlationId: number, body: readonly Buffer[]): Promise<void> | undefined {
    if (this.closed) return;
    let size = 4;
    for (const b of body) size += b.length;
    const head = Buffer.allocUnsafe(8);
    head.writeInt32BE(size, 0);
    head.writeInt32BE(correlationId, 4);
    this.socket.cork();
    this.socket.write(head);
    let ok = true;
    for (const b of body) ok = this.socket.write(b);
    this.socket.uncork();
    if (ok) return;
    return new Promise((resolve) => {
      const done = () => {
        this.socket.off('drain', done);
        this.socket.off('close', done);
        resolve();
      };
      this.socket.on('drain', done);
      this.socket.on('close', done);
    });
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.socket.destroy();
  }
}

export function createServer(broker: BrokerCore, connections: Set<Connection>): net.Server {
  return net.createServer((socket) => {
    const c = new Connection(socket, broker);
    connections.add(c);
    socket.on('close', () => connections.delete(c));
  });
}
