/**
 * UNION ALL of n inputs: batches pass through as they come; the watermark forwarded is the minimum
 * over the active (non-idle) inputs (AbstractOperator).
 */

import type { Batch } from '../batch.ts';
import { AbstractOperator } from '../operator.ts';

export class UnionOperator extends AbstractOperator {
  constructor(inputCount: number, name = 'Union') {
    super(name, inputCount);
  }

  processBatch(_input: number, batch: Batch): void {
    this.output.emitBatch(batch);
  }
}
