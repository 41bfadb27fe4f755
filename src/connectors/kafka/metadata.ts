/**
 * The Kafka connector's metadata columns (Flink's names and types): read from each record's
 * position, timestamp and headers. `headers` and `timestamp` are also writable by the sink.
 */
import { type LogicalType, T } from '../../expr/types.ts';

export const METADATA_KEYS = [
  'topic',
  'partition',
  'offset',
  'timestamp',
  'timestamp-type',
  'headers',
  'leader-epoch',
] as const;
export type MetadataKey = (typeof METADATA_KEYS)[number];

/** The declared type of each metadata key, as Flink's KafkaDynamicSource documents them. */
export const METADATA_TYPES: Readonly<Record<MetadataKey, LogicalType>> = {
  topic: T.string(false),
  partition: T.int(false),
  offset: T.bigint(false),
  timestamp: T.timestampLtz(3, false),
  'timestamp-type': T.string(false),
  headers: T.map(T.string(false), T.bytes(true), false),
  'leader-epoch': T.int(true),
};

/** A record's position and envelope, as the source hands it to metadata extraction. */
export interface RecordEnvelope {
  readonly topic: string;
  readonly partition: number;
  readonly offset: bigint;
  readonly timestamp: number;
  /** 0 CreateTime, 1 LogAppendTime (kafkajs's TimestampTypes), -1 none. */
  readonly timestampType: number;
  readonly headers: Readonly<Record<string, Buffer | Buffer[] | undefined>>;
  readonly leaderEpoch: number | undefined;
}

const TIMESTAMP_TYPE_NAMES: Readonly<Record<number, string>> = { 0: 'CreateTime', 1: 'LogAppendTime' };

export function metadataValue(key: MetadataKey, r: RecordEnvelope): unknown {
  switch (key) {
    case 'topic':
      return r.topic;
    case 'partition':
      return r.partition;
    case 'offset':
      return r.offset;
    case 'timestamp':
      return r.timestamp;
    case 'timestamp-type':
      return TIMESTAMP_TYPE_NAMES[r.timestampType] ?? 'NoTimestampType';
    case 'headers': {
      const map = new Map<string, Uint8Array | null>();
      for (const [k, v] of Object.entries(r.headers)) {
        // a repeated header keeps its last value, as Flink's map does
        const last = Array.isArray(v) ? v[v.length - 1] : v;
        map.set(k, last === undefined ? null : new Uint8Array(last));
      }
      return map;
    }
    case 'leader-epoch':
      return r.leaderEpoch === undefined || r.leaderEpoch < 0 ? null : r.leaderEpoch;
  }
}
