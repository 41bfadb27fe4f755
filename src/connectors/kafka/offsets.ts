/**
 * Resolves where each partition starts and stops from the startup and bounded modes, through the
 * kafkajs admin client (ListOffsets, OffsetFetch). Offsets are bigint; `undefined` as a stop offset
 * means the partition is unbounded.
 */
import type { Admin } from 'kafkajs';
import type { BoundedMode, OffsetSpec, StartupMode } from './options.ts';

export interface PartitionRange {
  readonly partition: number;
  readonly start: bigint;
  readonly stop: bigint | undefined;
}

interface Watermarks {
  readonly low: Map<number, bigint>;
  readonly high: Map<number, bigint>;
}

async function watermarksOf(admin: Admin, topic: string): Promise<Watermarks> {
  const offsets = await admin.fetchTopicOffsets(topic);
  const low = new Map<number, bigint>();
  const high = new Map<number, bigint>();
  for (const o of offsets) {
    low.set(o.partition, BigInt(o.low));
    high.set(o.partition, BigInt(o.high));
  }
  return { low, high };
}

async function byTimestamp(
  admin: Admin,
  topic: string,
  timestamp: number,
  high: Map<number, bigint>,
): Promise<Map<number, bigint>> {
  const result = new Map<number, bigint>();
  for (const o of await admin.fetchTopicOffsetsByTimestamp(topic, timestamp)) {
    // -1: no record at or after the timestamp, so the position is the end of the partition
    result.set(o.partition, o.offset === '-1' ? (high.get(o.partition) ?? 0n) : BigInt(o.offset));
  }
  return result;
}

async function groupOffsets(admin: Admin, groupId: string, topic: string): Promise<Map<number, bigint>> {
  const result = new Map<number, bigint>();
  const [entry] = await admin.fetchOffsets({ groupId, topics: [topic] });
  for (const p of entry?.partitions ?? []) if (p.offset !== '-1') result.set(p.partition, BigInt(p.offset));
  return result;
}

/** Start and stop offsets of every partition of `topic`. */
export async function resolveRanges(
  admin: Admin,
  topic: string,
  partitions: readonly number[],
  startup: OffsetSpec<StartupMode>,
  bounded: OffsetSpec<BoundedMode>,
  groupId: string | undefined,
): Promise<PartitionRange[]> {
  const { low, high } = await watermarksOf(admin, topic);
  const earliest = (p: number): bigint => low.get(p) ?? 0n;
  const latest = (p: number): bigint => high.get(p) ?? 0n;
  let startAt: (p: number) => bigint;
  switch (startup.mode) {
    case 'earliest-offset':
      startAt = earliest;
      break;
    case 'latest-offset':
      startAt = latest;
      break;
    case 'timestamp': {
      const m = await byTimestamp(admin, topic, startup.timestamp ?? 0, high);
      startAt = (p) => m.get(p) ?? latest(p);
      break;
    }
    case 'specific-offsets':
      startAt = (p) => startup.offsets?.get(p) ?? earliest(p);
      break;
    case 'group-offsets': {
      const m = await groupOffsets(admin, groupId ?? '', topic);
      // without a committed offset the partition starts at the earliest offset (auto.offset.reset=earliest)
      startAt = (p) => m.get(p) ?? earliest(p);
      break;
    }
  }
  let stopAt: (p: number) => bigint | undefined;
  switch (bounded.mode) {
    case 'unbounded':
      stopAt = () => undefined;
      break;
    case 'latest-offset':
      stopAt = latest;
      break;
    case 'timestamp': {
      const m = await byTimestamp(admin, topic, bounded.timestamp ?? 0, high);
      stopAt = (p) => m.get(p) ?? latest(p);
      break;
    }
    case 'specific-offsets':
      stopAt = (p) => bounded.offsets?.get(p) ?? earliest(p);
      break;
    case 'group-offsets': {
      const m = await groupOffsets(admin, groupId ?? '', topic);
      stopAt = (p) => m.get(p) ?? latest(p);
      break;
    }
  }
  return partitions.map((partition) => {
    // a start beyond the log end or before its start is clamped into the log
    let start = startAt(partition);
    if (start < earliest(partition)) start = earliest(partition);
    if (start > latest(partition)) start = latest(partition);
    return { partition, start, stop: stopAt(partition) };
  });
}

/** Partition ids of a topic, sorted. */
export async function partitionsOf(admin: Admin, topic: string): Promise<number[]> {
  const { topics } = await admin.fetchTopicMetadata({ topics: [topic] });
  const meta = topics.find((t) => t.name === topic);
  if (meta === undefined) throw new Error(`Topic '${topic}' does not exist`);
  return meta.partitions.map((p) => p.partitionId).sort((a, b) => a - b);
}
