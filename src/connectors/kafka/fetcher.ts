/**
 * The partition fetch loop: fetches every assigned partition from its leader (no consumer group),
 * drops control records and records of aborted transactions (read_committed), cuts each partition
 * at its stop offset and hands the records on as one chunk per partition and fetch. It runs in the
 * background; `maxBufferedRecords` bounds what waits to be emitted, so a slow job stops the fetching.
 */
import type { Admin } from 'kafkajs';
import {
  createInternalCluster,
  type FetchedPartition,
  type FetchedRecord,
  type InternalCluster,
} from './client.ts';
import type { PartitionRange } from './offsets.ts';

export interface RawChunk {
  readonly partition: number;
  readonly records: readonly FetchedRecord[];
  /** The offset to fetch next once this chunk is emitted. */
  readonly nextOffset: bigint;
  /** True when the partition reached its stop offset with this chunk. */
  readonly finished: boolean;
}

interface Assigned {
  position: bigint;
  readonly stop: bigint | undefined;
  finished: boolean;
}

const ABORT_MARKER = Buffer.from([0, 0, 0, 0]);
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

/** Errors that a metadata refresh and a retry fix (leadership moved, metadata stale). */
const RETRIABLE = new Set([
  'NOT_LEADER_FOR_PARTITION',
  'UNKNOWN_TOPIC_OR_PARTITION',
  'LEADER_NOT_AVAILABLE',
  'FENCED_LEADER_EPOCH',
  'UNKNOWN_LEADER_EPOCH',
  'NOT_LEADER_OR_FOLLOWER',
  'REPLICA_NOT_AVAILABLE',
]);

function errorType(e: unknown): string | undefined {
  return typeof e === 'object' && e !== null && typeof (e as { type?: unknown }).type === 'string'
    ? (e as { type: string }).type
    : undefined;
}

export interface FetcherOptions {
  readonly topic: string;
  readonly maxWaitMs?: number;
  readonly maxBytesPerPartition?: number;
  readonly maxBufferedRecords?: number;
}

export class PartitionFetcher {
  private readonly assigned = new Map<number, Assigned>();
  private cluster: InternalCluster | undefined;
  private running = false;
  private loop: Promise<void> | undefined;
  /** Bumped by `reset`, so a fetch in flight across a reset is thrown away. */
  private generation = 0;
  buffered = 0;

  constructor(
    private readonly admin: Admin,
    private readonly kafka: import('kafkajs').Kafka,
    private readonly options: FetcherOptions,
    private readonly deliver: (chunk: RawChunk) => Promise<void>,
    private readonly fail: (error: unknown) => void,
  ) {}

  assign(range: PartitionRange): void {
    const finished = range.stop !== undefined && range.start >= range.stop;
    this.assigned.set(range.partition, { position: range.start, stop: range.stop, finished });
  }

  isAssigned(partition: number): boolean {
    return this.assigned.has(partition);
  }

  partitions(): number[] {
    return [...this.assigned.keys()];
  }

  /** Partitions that reached their stop offset without sending a chunk that says so. */
  initiallyFinished(): number[] {
    return [...this.assigned].filter(([, a]) => a.finished).map(([p]) => p);
  }

  allFinished(): boolean {
    for (const a of this.assigned.values()) if (!a.finished) return false;
    return true;
  }

  /** Moves partitions to new positions (a restored checkpoint); buffered chunks must be dropped by the caller. */
  reset(positions: ReadonlyMap<number, bigint>): void {
    this.generation++;
    for (const [p, pos] of positions) {
      const a = this.assigned.get(p);
      if (a) {
        a.position = pos;
        a.finished = a.stop !== undefined && pos >= a.stop;
      } else this.assigned.set(p, { position: pos, stop: undefined, finished: false });
    }
  }

  async start(): Promise<void> {
    this.cluster = createInternalCluster(this.kafka);
    await this.cluster.connect();
    await this.cluster.addTargetTopic(this.options.topic);
    this.running = true;
    this.loop = this.run().catch((e: unknown) => this.fail(e));
  }

  /** Resolves when every partition reached its stop offset and its records were delivered. */
  finished(): Promise<void> {
    return this.loop ?? Promise.resolve();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
    await this.cluster?.disconnect();
  }

  private async run(): Promise<void> {
    const maxBuffered = this.options.maxBufferedRecords ?? 50_000;
    while (this.running) {
      if (this.allFinished()) return;
      if (this.buffered >= maxBuffered) {
        await sleep(5);
        continue;
      }
      const generation = this.generation;
      const active = [...this.assigned].filter(([, a]) => !a.finished).map(([p]) => p);
      let leaders: Record<string, number[]>;
      try {
        leaders = this.cluster!.findLeaderForPartitions(this.options.topic, active);
      } catch {
        await this.cluster!.refreshMetadata();
        continue;
      }
      await Promise.all(
        Object.entries(leaders).map(([nodeId, partitions]) => this.fetchFrom(nodeId, partitions, generation)),
      );
    }
  }

  private async fetchFrom(nodeId: string, partitions: number[], generation: number): Promise<void> {
    const cluster = this.cluster!;
    const topic = this.options.topic;
    let response: Awaited<ReturnType<Awaited<ReturnType<InternalCluster['findBroker']>>['fetch']>>;
    try {
      const broker = await cluster.findBroker({ nodeId });
      response = await broker.fetch({
        replicaId: -1,
        isolationLevel: 1,
        maxWaitTime: this.options.maxWaitMs ?? 100,
        minBytes: 1,
        maxBytes: 16 * 1024 * 1024,
        topics: [
          {
            topic,
            partitions: partitions.map((partition) => ({
              partition,
              fetchOffset: this.assigned.get(partition)!.position.toString(),
              maxBytes: this.options.maxBytesPerPartition ?? 1024 * 1024,
            })),
          },
        ],
      });
    } catch (e) {
      const type = errorType(e);
      if (type === 'OFFSET_OUT_OF_RANGE') {
        // the position fell out of retention: continue from the log start, as auto.offset.reset=earliest
        const offsets = await this.admin.fetchTopicOffsets(topic);
        for (const o of offsets) {
          const a = this.assigned.get(o.partition);
          if (a && (a.position < BigInt(o.low) || a.position > BigInt(o.high))) a.position = BigInt(o.low);
        }
        return;
      }
      if (
        (type !== undefined && RETRIABLE.has(type)) ||
        (e instanceof Error && /connect|ECONN|closed/i.test(e.message))
      ) {
        await sleep(100);
        await cluster.refreshMetadata().catch(() => undefined);
        return;
      }
      throw e;
    }
    if (generation !== this.generation) return;
    for (const topicResponse of response.responses) {
      for (const p of topicResponse.partitions) await this.accept(p, generation);
    }
  }

  private async accept(p: FetchedPartition, generation: number): Promise<void> {
    const a = this.assigned.get(p.partition);
    if (a === undefined || a.finished || generation !== this.generation) return;
    const records = committedRecords(p).filter((r) => {
      const offset = BigInt(r.offset);
      // a compressed batch is returned whole, so records before the position can come back
      return offset >= a.position && (a.stop === undefined || offset < a.stop);
    });
    let next = a.position;
    const last = p.messages[p.messages.length - 1];
    // control records and aborted records still advance the position
    if (last !== undefined) next = BigInt(last.offset) + 1n;
    if (a.stop !== undefined && next > a.stop) next = a.stop;
    if (next < a.position) next = a.position;
    const finished = a.stop !== undefined && next >= a.stop;
    a.position = next;
    a.finished = finished;
    if (records.length === 0 && !finished) return;
    this.buffered += records.length;
    await this.deliver({ partition: p.partition, records, nextOffset: next, finished });
  }
}

/** Drops control records and records of aborted transactions (kafkajs's filterAbortedMessages). */
function committedRecords(p: FetchedPartition): FetchedRecord[] {
  const aborted = [...(p.abortedTransactions ?? [])].sort((x, y) =>
    BigInt(x.firstOffset) < BigInt(y.firstOffset) ? -1 : 1,
  );
  const open = new Set<string>();
  const out: FetchedRecord[] = [];
  for (const r of p.messages) {
    const producerId = r.batchContext?.producerId ?? '';
    while (aborted.length > 0 && BigInt(r.offset) >= BigInt(aborted[0]!.firstOffset))
      open.add(aborted.shift()!.producerId);
    if (r.isControlRecord) {
      if (r.key && Buffer.from(r.key).equals(ABORT_MARKER)) open.delete(producerId);
      continue;
    }
    if (open.has(producerId) && r.batchContext?.inTransaction) continue;
    out.push(r);
  }
  return out;
}
