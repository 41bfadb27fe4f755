/**
 * How the Kafka sink's encoded records reach the cluster, per delivery guarantee. The sink encodes
 * and partitions; a writer sends. `write` never awaits (a failed send fails the next `write` or the
 * next await), and the checkpoint hooks say what each guarantee promises at a checkpoint.
 */
import type { Message, Producer } from 'kafkajs';
import type { Encoded } from '../../state/tagged-value.ts';

export interface SinkWriter {
  /** Connects; called once, after the formats are ready. */
  start(): Promise<void>;
  /** Hands records over for sending (throws a previous send's failure). */
  write(messages: Message[]): void;
  /** Checkpoint barrier: everything written so far is durable (acknowledged or pre-committed). */
  prepareCheckpoint(checkpointId: number): Promise<void>;
  /** The writer's part of the operator snapshot (null when it keeps nothing). */
  snapshot(checkpointId: number): Encoded;
  /** Restores a snapshot; runs before the first `write`. */
  restore(state: Encoded): void;
  notifyCheckpointComplete(checkpointId: number): Promise<void>;
  notifyCheckpointAborted(checkpointId: number): Promise<void>;
  /** No more input will come. */
  endOfInput(): void;
  /** Everything written so far is acknowledged (and, after `endOfInput`, committed). */
  flush(): Promise<void>;
  /** Stops without committing what is not committed yet, and disconnects. */
  shutdown(): Promise<void>;
}

/** Upper bound on the record bytes of one produce request (brokers reject batches over max.message.bytes). */
export const MAX_REQUEST_BYTES = 512 * 1024;

/**
 * Sends records in order with one request in flight; what arrives meanwhile coalesces into the next
 * request (up to `maxRequestBytes` of records). Fewer, larger requests cost kafkajs much less than
 * one `send` per batch, and the order of records is the order of `push`. A failed send is reported
 * to `onError` and stops the queue.
 */
export class SendQueue {
  private queue: Message[] = [];
  private pump: Promise<void> | undefined;
  private failed = false;
  /** Records acknowledged so far. */
  sent = 0;

  constructor(
    private readonly send: (messages: Message[]) => Promise<unknown>,
    private readonly onError: (e: unknown) => void,
    private readonly maxRequestBytes = MAX_REQUEST_BYTES,
  ) {}

  push(messages: readonly Message[]): void {
    for (const m of messages) this.queue.push(m);
    if (this.pump !== undefined || this.failed) return;
    const loop = async (): Promise<void> => {
      try {
        while (this.queue.length > 0) {
          const chunk = this.queue.splice(0, this.chunkLength());
          await this.send(chunk);
          this.sent += chunk.length;
        }
      } finally {
        this.pump = undefined;
      }
    };
    this.pump = loop().catch((e: unknown) => {
      this.failed = true;
      this.onError(e);
    });
  }

  /** Whether records were pushed that are not acknowledged yet. */
  get busy(): boolean {
    return this.pump !== undefined || this.queue.length > 0;
  }

  /** Resolves once everything pushed so far is sent (or the queue failed). */
  async drain(): Promise<void> {
    while (this.pump !== undefined) await this.pump;
  }

  private chunkLength(): number {
    let bytes = 0;
    for (let i = 0; i < this.queue.length; i++) {
      const m = this.queue[i]!;
      bytes += 70 + (m.key?.length ?? 0) + (m.value?.length ?? 0);
      if (bytes > this.maxRequestBytes) return Math.max(i, 1);
    }
    return this.queue.length;
  }
}

/**
 * At-least-once (idempotent producer, acks=all) and none (acks=1, not idempotent), through a
 * SendQueue; a checkpoint waits until every record written so far is acknowledged, so a restored
 * job may write some records again but never loses one.
 */
export class ProducerWriter implements SinkWriter {
  private readonly queue: SendQueue;
  private error: unknown;

  constructor(
    private readonly producer: Producer,
    topic: string,
    acks: -1 | 1,
  ) {
    this.queue = new SendQueue(
      (messages) => producer.send({ topic, messages, acks }),
      (e) => {
        this.error ??= e;
      },
    );
  }

  async start(): Promise<void> {
    await this.producer.connect();
  }

  write(messages: Message[]): void {
    if (this.error !== undefined) throw this.error;
    this.queue.push(messages);
  }

  prepareCheckpoint(): Promise<void> {
    return this.flush();
  }

  snapshot(): Encoded {
    return null;
  }

  restore(): void {}

  async notifyCheckpointComplete(): Promise<void> {}

  async notifyCheckpointAborted(): Promise<void> {}

  endOfInput(): void {}

  async flush(): Promise<void> {
    await this.queue.drain();
    if (this.error !== undefined) throw this.error;
  }

  async shutdown(): Promise<void> {
    await this.queue.drain();
    await this.producer.disconnect().catch(() => undefined);
  }
}
