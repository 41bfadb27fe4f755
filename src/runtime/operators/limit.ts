/**
 * Streaming LIMIT / OFFSET without ORDER BY (Flink plans it as a Top-N without partition and with a
 * constant sort key): the first `offset + fetch` rows in arrival order are kept; rows `offset + 1 ..
 * offset + fetch` are emitted +I, later rows dropped. Over updating input (`retract`), a retracted
 * row leaves (-D) and the next kept row moves into the range (+I).
 */

import { RankOperator } from './rank.ts';

export interface LimitSpec {
  readonly name?: string;
  readonly offset?: number;
  readonly fetch: number;
  readonly updatingInput?: boolean;
}

export class LimitOperator extends RankOperator {
  constructor(spec: LimitSpec) {
    const offset = spec.offset ?? 0;
    super({
      name: spec.name ?? 'Limit',
      partitionKeyIndexes: [],
      compare: () => 0,
      rankStart: offset + 1,
      rankEnd: offset + spec.fetch,
      outputRankNumber: false,
      strategy: spec.updatingInput === true ? 'retract' : 'append',
    });
  }
}
