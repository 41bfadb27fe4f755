/** Topic-level configuration: the keys this broker honours, their defaults and validation. */
import { ErrorCode, KafkaError } from '../protocol/errors.ts';

const LONG_MAX = '9223372036854775807';

interface ConfigSpec {
  readonly default: string;
  readonly validate: (v: string) => boolean;
}

const isLong = (v: string) => /^-?\d+$/.test(v);
const isNonNegLong = (v: string) => /^\d+$/.test(v);

export const TOPIC_CONFIGS: Readonly<Record<string, ConfigSpec>> = {
  'cleanup.policy': {
    default: 'delete',
    validate: (v) => v.split(',').every((p) => ['delete', 'compact'].includes(p.trim())),
  },
  'retention.ms': { default: '604800000', validate: isLong },
  'retention.bytes': { default: '-1', validate: isLong },
  'segment.bytes': { default: '1073741824', validate: (v) => isNonNegLong(v) && Number(v) >= 14 },
  'segment.ms': { default: '604800000', validate: isNonNegLong },
  'flush.messages': { default: LONG_MAX, validate: (v) => isNonNegLong(v) && Number(v) >= 1 },
  'flush.ms': { default: LONG_MAX, validate: isNonNegLong },
  'delete.retention.ms': { default: '86400000', validate: isNonNegLong },
  'min.compaction.lag.ms': { default: '0', validate: isNonNegLong },
  'max.message.bytes': { default: '1048588', validate: isNonNegLong },
  'message.timestamp.type': { default: 'CreateTime', validate: (v) => v === 'CreateTime' },
  'min.insync.replicas': { default: '1', validate: (v) => v === '1' },
  'compression.type': { default: 'producer', validate: (v) => v === 'producer' },
};

/** Checks user-supplied configs; throws INVALID_CONFIG naming the key. */
export function validateConfigs(configs: Readonly<Record<string, string>>): void {
  for (const [k, v] of Object.entries(configs)) {
    const spec = TOPIC_CONFIGS[k];
    if (spec === undefined) {
      throw new KafkaError(
        ErrorCode.INVALID_CONFIG,
        `unknown topic config '${k}' (supported: ${Object.keys(TOPIC_CONFIGS).join(', ')})`,
      );
    }
    if (!spec.validate(v))
      throw new KafkaError(ErrorCode.INVALID_CONFIG, `invalid value '${v}' for topic config '${k}'`);
  }
}

/** Parsed, numeric view of a topic's configs (long maxima clamp to Number.MAX_SAFE_INTEGER). */
export interface TopicSettings {
  segmentBytes: number;
  segmentMs: number;
  flushMessages: number;
  flushMs: number;
  retentionMs: number;
  retentionBytes: number;
  compact: boolean;
  deleteOnRetention: boolean;
  deleteRetentionMs: number;
  minCompactionLagMs: number;
  maxMessageBytes: number;
}

export function settingsOf(configs: Readonly<Record<string, string>>): TopicSettings {
  const get = (k: string): string => configs[k] ?? TOPIC_CONFIGS[k]!.default;
  const n = (k: string): number => Math.min(Number(get(k)), Number.MAX_SAFE_INTEGER);
  const policy = get('cleanup.policy')
    .split(',')
    .map((p) => p.trim());
  return {
    segmentBytes: n('segment.bytes'),
    segmentMs: n('segment.ms'),
    flushMessages: n('flush.messages'),
    flushMs: n('flush.ms'),
    retentionMs: n('retention.ms'),
    retentionBytes: n('retention.bytes'),
    compact: policy.includes('compact'),
    deleteOnRetention: policy.includes('delete'),
    deleteRetentionMs: n('delete.retention.ms'),
    minCompactionLagMs: n('min.compaction.lag.ms'),
    maxMessageBytes: n('max.message.bytes'),
  };
}
