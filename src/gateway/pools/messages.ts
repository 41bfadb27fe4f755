/** Messages between the gateway and a compute-pool worker running one statement. */

import type { CheckpointEvent } from '../../state/checkpoint/coordinator.ts';
import type { OperatorMetricsSample } from '../engine/running.ts';
import type { CatalogSnapshot } from '../engine/snapshot.ts';
import type { ChangeBatch } from '../engine/types.ts';

export interface StartMessage {
  readonly type: 'start';
  readonly sql: string;
  readonly config: readonly (readonly [string, string])[];
  readonly snapshot: CatalogSnapshot;
  /** Rows the worker buffers before its job pauses. */
  readonly bufferRows: number;
  readonly checkpointing: {
    /** Names the statement's checkpoint and state directories. */
    readonly statementKey: string;
    /** The server's data directory (default checkpoint and savepoint directories). */
    readonly dataDir?: string;
    /** A checkpoint or savepoint directory the job is restored from before its first batch. */
    readonly restoreFrom?: string;
  };
}

/** Grants the worker permission to send `rows` more result rows. */
export interface CreditMessage {
  readonly type: 'credit';
  readonly rows: number;
}

/** Stops the job between batches, after a savepoint when asked; answered by a `stop-result`. */
export interface StopMessage {
  readonly type: 'stop';
  readonly savepoint: boolean;
  readonly drain: boolean;
}

export type ToWorker = StartMessage | CreditMessage | StopMessage | { readonly type: 'cancel' };

/** A failure as it crosses the thread boundary; `sql` holds SqlError fields when it was one. */
export interface WorkerFailure {
  readonly message: string;
  readonly stack?: string;
  readonly sql?: Readonly<Record<string, unknown>>;
}

export type FromWorker =
  | { readonly type: 'rows'; readonly batch: ChangeBatch }
  | { readonly type: 'metrics'; readonly operators: readonly OperatorMetricsSample[] }
  /** The job holds the state of this checkpoint or savepoint and is about to run. */
  | {
      readonly type: 'restored';
      readonly path: string;
      readonly kind: 'checkpoint' | 'savepoint';
      readonly checkpointId: number;
    }
  | { readonly type: 'checkpoint'; readonly event: CheckpointEvent }
  /**
   * The answer to a `stop`: the savepoint taken (none when not asked), or why it failed — then the
   * job keeps running.
   */
  | {
      readonly type: 'stop-result';
      readonly savepoint?: { readonly path: string; readonly checkpointId: number };
      readonly error?: WorkerFailure;
    }
  | {
      readonly type: 'end';
      readonly state: 'FINISHED' | 'CANCELLED';
      readonly operators: readonly OperatorMetricsSample[];
    }
  | { readonly type: 'failed'; readonly error: WorkerFailure };
