/**
 * FROM_CHANGELOG (Flink 2.x built-in PTF): reads an append-only stream whose op column encodes
 * the change operation and emits each row, without the op column, with the mapped row kind.
 * Stateless. A NULL or unmapped op code fails the job, as in Flink.
 */
import { type Batch, BatchBuilder, type Row } from '../batch.ts';
import { AbstractOperator } from '../operator.ts';

export interface FromChangelogSpec {
  readonly name?: string;
  readonly opIndex: number;
  /** The op column's name, for error messages. */
  readonly opName: string;
  /** op code → row kind code (0 +I, 1 -U, 2 +U, 3 -D). */
  readonly kindsByCode: ReadonlyMap<string, number>;
  /** Input indexes of the output columns, in order. */
  readonly outputIndexes: readonly number[];
}

export class FromChangelogOperator extends AbstractOperator {
  constructor(private readonly spec: FromChangelogSpec) {
    super(spec.name ?? 'FromChangelog');
  }

  processBatch(_input: number, batch: Batch): void {
    const { opIndex, opName, kindsByCode, outputIndexes } = this.spec;
    const out = new BatchBuilder(batch.length);
    for (let i = 0; i < batch.length; i++) {
      const row = batch.rows[i]!;
      const code = row[opIndex];
      if (code === null || code === undefined) {
        throw new Error(`FROM_CHANGELOG: the op column '${opName}' is NULL; every row needs an op code`);
      }
      const kind = kindsByCode.get(String(code));
      if (kind === undefined) {
        throw new Error(
          `FROM_CHANGELOG: unknown op code '${String(code)}' in column '${opName}'; map it with op_mapping (known: ${[
            ...kindsByCode.keys(),
          ].join(', ')})`,
        );
      }
      out.add(outputIndexes.map((k) => row[k]) as Row, kind);
    }
    if (out.length > 0) this.output.emitBatch(out.build());
  }
}
