/**
 * Fetch sessions (KIP-227) over raw TCP: the broker keeps none and says so as Kafka does — full
 * requests (session_epoch -1 or 0) are served in full with session_id 0, an incremental request
 * (epoch > 0) gets FETCH_SESSION_ID_NOT_FOUND so the client falls back to a full one, an epoch
 * below -1 is INVALID_FETCH_SESSION_EPOCH.
 */
import * as fs from 'node:fs';
import * as net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fetch } from '../../src/broker/apis/01-fetch.ts';
import type { RunningBroker } from '../../src/broker/index.ts';
import { ErrorCode } from '../../src/broker/protocol/errors.ts';
import { type Decoded, decode, writeStruct } from '../../src/broker/protocol/schema.ts';
import { Writer } from '../../src/broker/protocol/writer.ts';
import { kafkaFor, start, tempDataDir } from './helpers.ts';

let broker: RunningBroker;
let dataDir: string;
beforeAll(async () => {
  dataDir = tempDataDir();
  broker = await start(dataDir, { port: 0 });
  const kafka = kafkaFor(broker);
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ topics: [{ topic: 'sessions' }] });
  await admin.disconnect();
  const producer = kafka.producer();
  await producer.connect();
  await producer.send({ topic: 'sessions', messages: [{ value: 'one' }, { value: 'two' }] });
  await producer.disconnect();
});
afterAll(async () => {
  await broker?.close();
  fs.rmSync(dataDir, { recursive: true, force: true });
});

/** Sends one Fetch request of `version` and decodes the response body. */
async function rawFetch(version: number, sessionId: number, sessionEpoch: number): Promise<Decoded> {
  const body = new Writer(256);
  writeStruct(
    body,
    fetch.request,
    {
      replica_id: -1,
      max_wait_ms: 0,
      min_bytes: 0,
      max_bytes: 1 << 20,
      isolation_level: 0,
      session_id: sessionId,
      session_epoch: sessionEpoch,
      topics: [
        {
          topic: 'sessions',
          partitions: [
            {
              partition: 0,
              current_leader_epoch: -1,
              fetch_offset: 0,
              log_start_offset: -1,
              partition_max_bytes: 1 << 20,
            },
          ],
        },
      ],
      forgotten_topics_data: [],
      rack_id: '',
    },
    version,
  );
  const payload = body.toBuffer();
  const clientId = Buffer.from('raw-test');
  const header = Buffer.alloc(4 + 2 + 2 + 4 + 2 + clientId.length);
  header.writeInt32BE(header.length - 4 + payload.length, 0);
  header.writeInt16BE(fetch.key, 4);
  header.writeInt16BE(version, 6);
  header.writeInt32BE(42, 8);
  header.writeInt16BE(clientId.length, 12);
  clientId.copy(header, 14);
  const socket = net.connect(broker.port, broker.host);
  let received = Buffer.alloc(0);
  const response = await new Promise<Buffer>((resolve, reject) => {
    socket.on('error', reject);
    socket.on('data', (chunk: Buffer) => {
      received = Buffer.concat([received, chunk]);
      if (received.length >= 4 && received.length >= 4 + received.readInt32BE(0)) resolve(received);
    });
    socket.write(Buffer.concat([header, payload]));
  });
  socket.destroy();
  expect(response.readInt32BE(4)).toBe(42);
  return decode(response, 8, fetch.response, version);
}

const recordBytes = (r: Decoded): number => {
  const parts = (r.responses as { partitions: { records: Buffer[] | Buffer | null }[] }[])[0]?.partitions[0]
    ?.records;
  if (parts === null || parts === undefined) return 0;
  return Array.isArray(parts) ? parts.reduce((n, b) => n + b.length, 0) : parts.length;
};

describe('fetch sessions', () => {
  it('serves sessionless and session-opening full requests with session_id 0', async () => {
    for (const epoch of [-1, 0]) {
      const r = await rawFetch(11, 0, epoch);
      expect(r.error_code).toBe(ErrorCode.NONE);
      expect(r.session_id).toBe(0);
      expect(recordBytes(r)).toBeGreaterThan(0);
    }
  });

  it('answers an incremental request FETCH_SESSION_ID_NOT_FOUND without data', async () => {
    for (const version of [7, 11]) {
      const r = await rawFetch(version, 12345, 1);
      expect(r.error_code).toBe(ErrorCode.FETCH_SESSION_ID_NOT_FOUND);
      expect(r.session_id).toBe(0);
      expect(r.responses).toEqual([]);
    }
  });

  it('rejects an epoch below -1', async () => {
    const r = await rawFetch(7, 0, -2);
    expect(r.error_code).toBe(ErrorCode.INVALID_FETCH_SESSION_EPOCH);
  });
});
