/**
 * Sink partitioners (`sink.partitioner`): `default` is Kafka's default partitioner — murmur2 of the
 * serialized key, positive, modulo the partition count — and round-robin for records without a key;
 * `fixed` sends everything a sink subtask writes to partition `subtask % partitions`; `round-robin`
 * cycles through the partitions regardless of keys.
 */
import type { SinkPartitioner } from './options.ts';

/** Kafka's `Utils.murmur2` (seed 0x9747b28c), as a signed 32-bit integer. */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  const m = 0x5bd1e995;
  let h = 0x9747b28c ^ length;
  const blocks = length >>> 2;
  for (let i = 0; i < blocks; i++) {
    const j = i * 4;
    let k = data[j]! | (data[j + 1]! << 8) | (data[j + 2]! << 16) | (data[j + 3]! << 24);
    k = Math.imul(k, m);
    k ^= k >>> 24;
    k = Math.imul(k, m);
    h = Math.imul(h, m) ^ k;
  }
  const tail = length & ~3;
  const rest = length & 3;
  if (rest === 3) h ^= data[tail + 2]! << 16;
  if (rest >= 2) h ^= data[tail + 1]! << 8;
  if (rest >= 1) {
    h ^= data[tail]!;
    h = Math.imul(h, m);
  }
  h ^= h >>> 13;
  h = Math.imul(h, m);
  h ^= h >>> 15;
  return h | 0;
}

/** Kafka's `Utils.toPositive(murmur2(key)) % partitions`. */
export const partitionForKey = (key: Uint8Array, partitions: number): number =>
  (murmur2(key) & 0x7fffffff) % partitions;

export class RecordPartitioner {
  private next = 0;

  constructor(
    private readonly kind: SinkPartitioner,
    private readonly subtask: number,
  ) {
    this.next = subtask;
  }

  partition(key: Uint8Array | null, partitions: number): number {
    switch (this.kind) {
      case 'fixed':
        return this.subtask % partitions;
      case 'round-robin':
        return this.next++ % partitions;
      case 'default':
        return key === null ? this.next++ % partitions : partitionForKey(key, partitions);
    }
  }
}
