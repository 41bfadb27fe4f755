/**
 * The exactly-once writer: records go into a Kafka transaction that checkpoints commit (two-phase
 * commit, as Flink's KafkaSink).
 *
 * - A transaction begins with the first record after a checkpoint. `prepareCheckpoint(k)` sends
 *   everything written so far and pre-commits: the transaction stays open, recorded as pending for k.
 * - `snapshot(k)` stores the pending transactions (transactional id, producer id, epoch) and the
 *   index of the next transactional id.
 * - `notifyCheckpointComplete(k)` commits the transactions pending up to k (EndTxn with the recorded
 *   producer id and epoch). `notifyCheckpointAborted(k)` commits nothing and aborts nothing: the
 *   pending transaction holds records from before k's barrier, which the sources will not replay
 *   unless the job restarts, so the next completed checkpoint commits it (Flink does the same). A
 *   restart instead restores an older checkpoint, for which that transaction is lingering (below).
 * - Recovery, before the first record after a restore: commit the transactions the snapshot lists as
 *   pending (committing an already committed one succeeds), then abort lingering ones — every id from
 *   the snapshot's next index up to the first id that was never used gets an InitProducerId, which
 *   aborts its open transaction and fences the zombie producer that may still write to it. A fresh
 *   start (no snapshot) does the same from index 0.
 *
 * Transactional ids are `<prefix>-<subtask>-<n>`, n = 0, 1, 2, ... in the order transactions begin:
 * a new id for each transaction, because the pre-committed one stays open while the next one receives
 * records and one transactional id holds one transaction at a time. The prefix must be unique to the
 * statement (two statements with one prefix fence each other). A pending transaction the broker
 * aborted meanwhile (recovery took longer than `transaction.timeout.ms`) cannot be committed: its
 * records are lost, which is reported (`lost`, a process warning) and not fatal, as in Flink.
 */
import type { Message } from 'kafkajs';
import type { Encoded } from '../../state/tagged-value.ts';
import type { KafkaTransaction, TransactionClient, TransactionHandle } from './sink-transaction-client.ts';
import { SendQueue, type SinkWriter } from './sink-writer.ts';

interface PendingTransaction {
  readonly checkpointId: number;
  readonly handle: TransactionHandle;
}

/** The transaction receiving records: opened asynchronously, fed by its send queue. */
interface OpenTransaction {
  readonly index: number;
  readonly startedAt: number;
  readonly opened: Promise<KafkaTransaction>;
  txn: KafkaTransaction | undefined;
  readonly queue: SendQueue;
}

export interface ExactlyOnceStats {
  transactionsCommitted: number;
  /** Pending transactions of a restored snapshot committed during recovery. */
  recoveredCommitted: number;
  /** Transactional ids given a new epoch during recovery (aborting what a previous attempt left open). */
  idsFenced: number;
  readonly lost: { transactionalId: string; reason: string }[];
}

export interface ExactlyOnceSettings {
  readonly topic: string;
  /** `sink.transactional-id-prefix`. */
  readonly prefix: string;
  /** The subtask index (read when the first transaction begins: it is known once the operator opened). */
  readonly subtask: () => number;
  /** `transaction.timeout.ms`: a transaction older than half of it without a checkpoint fails the job. */
  readonly transactionTimeoutMs: number;
}

export class ExactlyOnceWriter implements SinkWriter {
  private nextIndex = 0;
  /** Where recovery starts fencing: the restored next index (0 on a fresh start). */
  private fenceFrom = 0;
  private pending: PendingTransaction[] = [];
  private restoredPending: PendingTransaction[] = [];
  private current: OpenTransaction | undefined;
  private recovery: Promise<void> | undefined;
  private ended = false;
  private error: unknown;
  readonly stats: ExactlyOnceStats = {
    transactionsCommitted: 0,
    recoveredCommitted: 0,
    idsFenced: 0,
    lost: [],
  };

  private readonly topic: string;

  constructor(
    private readonly client: TransactionClient,
    private readonly settings: ExactlyOnceSettings,
  ) {
    this.topic = settings.topic;
  }

  transactionalId(index: number): string {
    return `${this.settings.prefix}-${this.settings.subtask()}-${index}`;
  }

  start(): Promise<void> {
    return this.client.connect();
  }

  restore(state: Encoded): void {
    if (this.recovery !== undefined) {
      throw new Error(
        `Kafka sink (topic '${this.topic}'): restoreState must run before the first record or checkpoint`,
      );
    }
    const restored = parseState(state, this.topic);
    this.nextIndex = restored.nextIndex;
    this.fenceFrom = restored.nextIndex;
    this.restoredPending = restored.pending;
  }

  write(messages: Message[]): void {
    if (this.error !== undefined) throw this.error;
    const t = (this.current ??= this.begin());
    const age = Date.now() - t.startedAt;
    if (age > this.settings.transactionTimeoutMs / 2) {
      // the broker would abort it at its timeout, and its records with it
      this.error = new Error(
        `Kafka sink (topic '${this.topic}'): an exactly-once transaction has been open for ${age} ms without a checkpoint. 'sink.delivery-guarantee' = 'exactly-once' commits on checkpoints: set 'execution.checkpointing.interval' (well below 'properties.transaction.timeout.ms' = ${this.settings.transactionTimeoutMs}) or use 'at-least-once'`,
      );
      throw this.error;
    }
    t.queue.push(messages);
  }

  async prepareCheckpoint(checkpointId: number): Promise<void> {
    await this.recovered();
    const t = this.current;
    this.current = undefined;
    if (t !== undefined) {
      await this.drain(t);
      if (t.queue.sent > 0) this.pending.push({ checkpointId, handle: t.txn! });
    }
    if (this.error !== undefined) throw this.error;
  }

  snapshot(checkpointId: number): Encoded {
    const t = this.current;
    if (t !== undefined && (t.queue.sent > 0 || t.queue.busy)) {
      throw new Error(
        `Kafka sink (topic '${this.topic}'): checkpoint ${checkpointId} snapshotted without prepareCheckpoint(${checkpointId}) while a transaction holds records; the checkpoint coordinator must await prepareCheckpoint first`,
      );
    }
    const pending = [...this.restoredPending, ...this.pending].map(
      (p): Encoded => ({
        checkpointId: p.checkpointId,
        transactionalId: p.handle.transactionalId,
        producerId: p.handle.producerId,
        producerEpoch: p.handle.producerEpoch,
      }),
    );
    // an opened but empty transaction's id is counted as lingering on restore
    return { nextIndex: t?.index ?? this.nextIndex, pending };
  }

  notifyCheckpointComplete(checkpointId: number): Promise<void> {
    return this.commitUpTo(checkpointId);
  }

  async notifyCheckpointAborted(): Promise<void> {
    // nothing: see the file comment (the next completed checkpoint commits what is pending)
  }

  endOfInput(): void {
    this.ended = true;
  }

  /**
   * Sends everything written so far. After the end of input this is the final commit: the last
   * transaction and everything pending are committed (a bounded statement's end acts as its final
   * checkpoint).
   */
  async flush(): Promise<void> {
    await this.recovered();
    if (this.current !== undefined) await this.drain(this.current);
    if (this.ended) {
      await this.prepareCheckpoint(Number.MAX_SAFE_INTEGER);
      await this.commitUpTo(Number.MAX_SAFE_INTEGER);
    }
    if (this.error !== undefined) throw this.error;
  }

  /** After the end of input: commits (flush). Otherwise aborts the open transaction; pending ones stay for recovery. */
  async shutdown(): Promise<void> {
    if (this.ended && this.error === undefined) await this.flush().catch(() => undefined);
    const t = this.current;
    this.current = undefined;
    if (t !== undefined) {
      await t.queue.drain();
      const txn = await t.opened.catch(() => undefined);
      await txn?.abort().catch(() => undefined);
    }
    await this.client.disconnect().catch(() => undefined);
  }

  private recovered(): Promise<void> {
    this.recovery ??= this.recover();
    return this.recovery;
  }

  private async recover(): Promise<void> {
    for (const p of this.restoredPending) {
      const result = await this.client.commitRecovered(p.handle);
      if (result.outcome === 'committed') this.stats.recoveredCommitted++;
      else this.reportLost(p.handle, result.reason);
    }
    this.restoredPending = [];
    for (let index = this.fenceFrom; ; index++) {
      const epoch = await this.client.fence(this.transactionalId(index));
      if (epoch === 0) break;
      this.stats.idsFenced++;
    }
  }

  private begin(): OpenTransaction {
    const recovered = this.recovered();
    const index = this.nextIndex++;
    const opened = recovered.then(() => this.client.open(this.transactionalId(index)));
    const t: OpenTransaction = {
      index,
      startedAt: Date.now(),
      opened,
      txn: undefined,
      queue: new SendQueue(
        async (messages) => (await opened).send(this.topic, messages),
        (e) => {
          this.error ??= e;
        },
      ),
    };
    opened.then(
      (txn) => {
        t.txn = txn;
      },
      () => undefined, // surfaces through the send queue
    );
    return t;
  }

  private async drain(t: OpenTransaction): Promise<void> {
    await t.queue.drain();
    if (this.error !== undefined) throw this.error;
  }

  private async commitUpTo(checkpointId: number): Promise<void> {
    while (this.pending.length > 0 && this.pending[0]!.checkpointId <= checkpointId) {
      const p = this.pending[0]!;
      try {
        const result = await this.client.commitRecovered(p.handle);
        if (result.outcome === 'committed') this.stats.transactionsCommitted++;
        else this.reportLost(p.handle, result.reason);
      } catch (e: unknown) {
        this.error ??= e;
        throw e;
      }
      this.pending.shift();
    }
  }

  private reportLost(handle: TransactionHandle, reason: string): void {
    this.stats.lost.push({ transactionalId: handle.transactionalId, reason });
    process.emitWarning(
      `Kafka sink (topic '${this.topic}'): transaction '${handle.transactionalId}' could not be committed (${reason}); its records are lost. It was aborted by the broker, most likely because recovery took longer than 'transaction.timeout.ms' — raise 'properties.transaction.timeout.ms' (at most the broker's transaction.max.timeout.ms).`,
      { code: 'TRIBUTARY_KAFKA_TRANSACTION_LOST' },
    );
  }
}

function parseState(state: Encoded, topic: string): { nextIndex: number; pending: PendingTransaction[] } {
  const fail = (): never => {
    throw new Error(
      `Kafka sink (topic '${topic}'): the restored snapshot's exactly-once state is malformed (${JSON.stringify(state)}); restore from another checkpoint or start the statement without one`,
    );
  };
  // a snapshot taken under another delivery guarantee has no transactions: start as fresh
  if (state === null) return { nextIndex: 0, pending: [] };
  if (typeof state !== 'object' || Array.isArray(state)) return fail();
  const { nextIndex, pending } = state as { nextIndex?: unknown; pending?: unknown };
  if (typeof nextIndex !== 'number' || !Number.isInteger(nextIndex) || !Array.isArray(pending)) return fail();
  return {
    nextIndex,
    pending: pending.map((p: unknown): PendingTransaction => {
      const e = (typeof p === 'object' && p !== null ? p : {}) as Record<string, unknown>;
      const { checkpointId, transactionalId, producerId, producerEpoch } = e;
      if (
        typeof checkpointId !== 'number' ||
        typeof transactionalId !== 'string' ||
        typeof producerId !== 'string' ||
        typeof producerEpoch !== 'number'
      ) {
        return fail();
      }
      return { checkpointId, handle: { transactionalId, producerId, producerEpoch } };
    }),
  };
}
