/**
 * The `print` connector: every row, with its change kind, as Flink's PrintSink writes it —
 * `+I[1, abc]` (Row.toString, values formatted by src/expr's `formatRow`), prefixed by
 * `print-identifier` as `id> `, and with the subtask number when the sink runs in parallel
 * (`id:2> `, or `2> ` without an identifier). Options: `print-identifier`, `standard-error`
 * (print to stderr instead of stdout), `sink.parallelism` (accepted; the embedded runner runs one subtask).
 * One write per batch.
 */
import type { CatalogTable } from '../../catalog/catalog.ts';
import type { LogicalType } from '../../expr/types.ts';
import { formatRow } from '../../expr/values/format.ts';
import type { Batch } from '../../runtime/batch.ts';
import { AbstractOperator, type OperatorContext } from '../../runtime/operator.ts';
import { ConnectorOptionReader, type ConnectorOptions, rejectMetadataColumns } from '../options.ts';

/** Where printed text goes: a function taking whole lines (with their newlines). */
export type TextWriter = (text: string) => void;

export interface PrintConfig {
  readonly identifier: string | undefined;
  readonly standardError: boolean;
}

export function parsePrintOptions(table: CatalogTable, options: ConnectorOptions): PrintConfig {
  rejectMetadataColumns(table, 'print');
  const reader = new ConnectorOptionReader('print', options);
  const identifier = reader.string('print-identifier');
  const standardError = reader.boolean('standard-error', false);
  reader.integer('sink.parallelism', undefined, 1);
  reader.checkUnknown();
  return { identifier, standardError };
}

/** Flink's PrintSinkOutputWriter prefix. */
export function printPrefix(
  identifier: string | undefined,
  subtaskIndex: number,
  parallelism: number,
): string {
  let prefix = identifier ?? '';
  if (parallelism > 1) prefix += `${prefix === '' ? '' : ':'}${subtaskIndex + 1}`;
  return prefix === '' ? '' : `${prefix}> `;
}

export class PrintSink extends AbstractOperator {
  private prefix = '';

  constructor(
    private readonly config: PrintConfig,
    private readonly types: readonly LogicalType[],
    private readonly write: TextWriter,
    name = 'Print',
  ) {
    super(name);
  }

  override open(ctx: OperatorContext): void {
    super.open(ctx);
    this.prefix = printPrefix(this.config.identifier, ctx.subtaskIndex, ctx.parallelism);
  }

  processBatch(_input: number, batch: Batch): void {
    let text = '';
    for (let i = 0; i < batch.length; i++) {
      text += `${this.prefix}${formatRow(batch.kinds[i] as 0 | 1 | 2 | 3, batch.rows[i]!, this.types)}\n`;
    }
    if (text !== '') this.write(text);
  }
}
