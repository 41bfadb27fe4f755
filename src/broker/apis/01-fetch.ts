/*
 * Fetch (key 1), versions 4-11.
 *
 * Request:
 *   replica_id       int32
 *   max_wait_ms      int32
 *   min_bytes        int32
 *   max_bytes        int32
 *   isolation_level  int8    (0 = read_uncommitted, 1 = read_committed)
 *   session_id       int32   (v7+)
 *   session_epoch    int32   (v7+)
 *   topics           [topic string,
 *                     partitions [partition int32, current_leader_epoch int32 (v9+), fetch_offset int64,
 *                                 log_start_offset int64 (v5+), partition_max_bytes int32]]
 *   forgotten_topics_data [topic string, partitions [int32]]   (v7+)
 *   rack_id          string  (v11+)
 *
 * Response:
 *   throttle_time_ms int32
 *   error_code       int16   (v7+)
 *   session_id       int32   (v7+)
 *   responses        [topic string,
 *                     partitions [partition_index int32, error_code int16, high_watermark int64,
 *                                 last_stable_offset int64, log_start_offset int64 (v5+),
 *                                 aborted_transactions nullable [producer_id int64, first_offset int64],
 *                                 preferred_read_replica int32 (v11+), records records]]
 *
 * Long poll: the response waits until min_bytes are available or max_wait_ms elapses. Records are
 * the stored batch bytes, served without decoding.
 *
 * Fetch sessions (KIP-227) are not kept, and the answers say so the way Kafka's FetchManager does:
 * a full request (session_epoch -1 = sessionless, 0 = "open a session") is served in full with
 * session_id 0, which tells the client no session exists, so it keeps sending full requests; an
 * incremental request (epoch > 0, listing only changed partitions) gets FETCH_SESSION_ID_NOT_FOUND
 * and no data, after which clients start over with a full request; an epoch below -1 is
 * INVALID_FETCH_SESSION_EPOCH. kafkajs and librdkafka (kcat) send sessionless requests (id 0,
 * epoch -1); the Java client and kafka-python ask for sessions and fall back.
 */
import type { BrokerCore } from '../broker.ts';
import { defineApi } from '../protocol/api.ts';
import { ErrorCode } from '../protocol/errors.ts';
import { arrayOf, from } from '../protocol/schema.ts';

interface FetchPartition {
  partition: number;
  fetch_offset: number;
  partition_max_bytes: number;
}

interface FetchRequest {
  session_id: number;
  session_epoch: number;
  max_wait_ms: number;
  min_bytes: number;
  max_bytes: number;
  isolation_level: number;
  topics: { topic: string; partitions: FetchPartition[] }[];
}

interface PartitionData {
  partition_index: number;
  error_code: number;
  high_watermark: number;
  last_stable_offset: number;
  log_start_offset: number;
  aborted_transactions: { producer_id: number; first_offset: number }[] | null;
  preferred_read_replica: number;
  records: Buffer[] | null;
}

function readAll(
  broker: BrokerCore,
  req: FetchRequest,
): { responses: unknown[]; bytes: number; errors: boolean } {
  let remaining = req.max_bytes > 0 ? req.max_bytes : 0x7fffffff;
  let bytes = 0;
  let errors = false;
  const readCommitted = req.isolation_level === 1;
  const responses = req.topics.map((t) => ({
    topic: t.topic,
    partitions: t.partitions.map((fp): PartitionData => {
      const out: PartitionData = {
        partition_index: fp.partition,
        error_code: ErrorCode.NONE,
        high_watermark: -1,
        last_stable_offset: -1,
        log_start_offset: -1,
        aborted_transactions: null,
        preferred_read_replica: -1,
        records: null,
      };
      const p = broker.topics.partition(t.topic, fp.partition);
      if (p === undefined) {
        out.error_code = ErrorCode.UNKNOWN_TOPIC_OR_PARTITION;
        errors = true;
        return out;
      }
      out.high_watermark = p.highWatermark;
      out.last_stable_offset = p.lastStableOffset;
      out.log_start_offset = p.log.logStartOffset;
      if (fp.fetch_offset < out.log_start_offset || fp.fetch_offset > out.high_watermark) {
        out.error_code = ErrorCode.OFFSET_OUT_OF_RANGE;
        errors = true;
        return out;
      }
      const upTo = readCommitted ? out.last_stable_offset : out.high_watermark;
      const limit = Math.min(fp.partition_max_bytes, remaining);
      const chunks = limit > 0 ? p.log.read(fp.fetch_offset, limit, upTo) : [];
      let size = 0;
      for (const c of chunks) size += c.length;
      remaining -= size;
      bytes += size;
      out.records = chunks;
      if (readCommitted) {
        out.aborted_transactions = p
          .abortedIn(fp.fetch_offset, upTo)
          .map((a) => ({ producer_id: a.producerId, first_offset: a.firstOffset }));
      }
      return out;
    }),
  }));
  return { responses, bytes, errors };
}

/** Cheap check used while parked: does any requested partition have unread visible data? */
function anyNewData(broker: BrokerCore, req: FetchRequest): boolean {
  for (const t of req.topics) {
    for (const fp of t.partitions) {
      const p = broker.topics.partition(t.topic, fp.partition);
      if (p === undefined) return true;
      const end = req.isolation_level === 1 ? p.lastStableOffset : p.highWatermark;
      if (end > fp.fetch_offset) return true;
    }
  }
  return false;
}

export const fetch = defineApi<FetchRequest, unknown>({
  key: 1,
  name: 'Fetch',
  minVersion: 4,
  maxVersion: 11,
  request: [
    { name: 'replica_id', type: 'int32' },
    { name: 'max_wait_ms', type: 'int32' },
    { name: 'min_bytes', type: 'int32' },
    { name: 'max_bytes', type: 'int32' },
    { name: 'isolation_level', type: 'int8' },
    { name: 'session_id', type: 'int32', versions: from(7) },
    { name: 'session_epoch', type: 'int32', versions: from(7), default: -1 },
    {
      name: 'topics',
      type: arrayOf([
        { name: 'topic', type: 'string' },
        {
          name: 'partitions',
          type: arrayOf([
            { name: 'partition', type: 'int32' },
            { name: 'current_leader_epoch', type: 'int32', versions: from(9), default: -1 },
            { name: 'fetch_offset', type: 'int64' },
            { name: 'log_start_offset', type: 'int64', versions: from(5), default: -1 },
            { name: 'partition_max_bytes', type: 'int32' },
          ]),
        },
      ]),
    },
    {
      name: 'forgotten_topics_data',
      type: arrayOf([
        { name: 'topic', type: 'string' },
        { name: 'partitions', type: arrayOf('int32') },
      ]),
      versions: from(7),
    },
    { name: 'rack_id', type: 'string', versions: from(11) },
  ],
  response: [
    { name: 'throttle_time_ms', type: 'int32' },
    { name: 'error_code', type: 'int16', versions: from(7) },
    { name: 'session_id', type: 'int32', versions: from(7) },
    {
      name: 'responses',
      type: arrayOf([
        { name: 'topic', type: 'string' },
        {
          name: 'partitions',
          type: arrayOf([
            { name: 'partition_index', type: 'int32' },
            { name: 'error_code', type: 'int16' },
            { name: 'high_watermark', type: 'int64' },
            { name: 'last_stable_offset', type: 'int64' },
            { name: 'log_start_offset', type: 'int64', versions: from(5) },
            {
              name: 'aborted_transactions',
              type: arrayOf(
                [
                  { name: 'producer_id', type: 'int64' },
                  { name: 'first_offset', type: 'int64' },
                ],
                from(4),
              ),
            },
            { name: 'preferred_read_replica', type: 'int32', versions: from(11) },
            { name: 'records', type: 'records' },
          ]),
        },
      ]),
    },
  ],
  async handle(req, ctx) {
    if (ctx.apiVersion >= 7 && req.session_epoch !== -1 && req.session_epoch !== 0) {
      const error =
        req.session_epoch > 0 ? ErrorCode.FETCH_SESSION_ID_NOT_FOUND : ErrorCode.INVALID_FETCH_SESSION_EPOCH;
      return { throttle_time_ms: 0, error_code: error, session_id: 0, responses: [] };
    }
    const broker = ctx.broker;
    const deadline = Date.now() + Math.max(0, req.max_wait_ms);
    for (;;) {
      if (broker.closing) return null;
      const result = readAll(broker, req);
      if (result.bytes >= req.min_bytes || result.errors || Date.now() >= deadline) {
        return { throttle_time_ms: 0, error_code: 0, session_id: 0, responses: result.responses };
      }
      // Park until an append makes data visible to this request, or the deadline passes.
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, Math.max(0, deadline - Date.now()));
        const unsubscribe = broker.topics.onAppend(() => {
          if (broker.closing || anyNewData(broker, req)) done();
        });
        function done(): void {
          clearTimeout(timer);
          unsubscribe();
          resolve();
        }
      });
    }
  },
});
