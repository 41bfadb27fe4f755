/**
 * ORDER BY ... LIMIT n [OFFSET m] on a stream (Flink's SortLimit = Top-N without partition keys and
 * without the rank column): the rows ranked `m + 1 .. m + n` by `compare`; a row entering the range
 * is +I, a row pushed out -D (deletes first). `updatingInput` selects the retract strategy.
 */

import type { Row } from '../batch.ts';
import { RankOperator } from './rank.ts';

export interface SortLimitSpec {
  readonly name?: string;
  readonly compare: (a: Row, b: Row) => number;
  readonly offset?: number;
  readonly fetch: number;
  readonly updatingInput?: boolean;
}

export class SortLimitOperator extends RankOperator {
  constructor(spec: SortLimitSpec) {
    const offset = spec.offset ?? 0;
    super({
      name: spec.name ?? 'SortLimit',
      partitionKeyIndexes: [],
      compare: spec.compare,
      rankStart: offset + 1,
      rankEnd: offset + spec.fetch,
      outputRankNumber: false,
      strategy: spec.updatingInput === true ? 'retract' : 'append',
    });
  }
}
