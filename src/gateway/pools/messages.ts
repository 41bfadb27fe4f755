/** Messages between the gateway and a compute-pool worker running one statement. */

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
}

/** Grants the worker permission to send `rows` more result rows. */
export interface CreditMessage {
  readonly type: 'credit';
  readonly rows: number;
}

export type ToWorker = StartMessage | CreditMessage | { readonly type: 'cancel' };

/** A failure as it crosses the thread boundary; `sql` holds SqlError fields when it was one. */
export interface WorkerFailure {
  readonly message: string;
  readonly stack?: string;
  readonly sql?: Readonly<Record<string, unknown>>;
}

export type FromWorker =
  | { readonly type: 'rows'; readonly batch: ChangeBatch }
  | { readonly type: 'metrics'; readonly operators: readonly OperatorMetricsSample[] }
  | {
      readonly type: 'end';
      readonly state: 'FINISHED' | 'CANCELLED';
      readonly operators: readonly OperatorMetricsSample[];
    }
  | { readonly type: 'failed'; readonly error: WorkerFailure };
