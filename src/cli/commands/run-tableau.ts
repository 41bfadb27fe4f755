/**
 * Query results as the Flink SQL client's tableau view prints them: a bordered table with an `op`
 * column for the change kind, values as CAST(... AS STRING) text (`<NULL>` for NULL), right-aligned,
 * then `Received a total of N rows` (`Empty set` when nothing arrived).
 */
import type { LogicalType } from '../../expr/types.ts';
import { formatValueForDisplay } from '../../expr/values/format.ts';
import { type Batch, type Row, rowKindShortString } from '../../runtime/batch.ts';
import { AbstractOperator } from '../../runtime/operator.ts';

/** Collects a query's rows and change kinds in arrival order. */
export class ResultCollector extends AbstractOperator {
  readonly rows: Row[] = [];
  readonly kinds: number[] = [];

  constructor() {
    super('CollectResult');
  }

  processBatch(_input: number, batch: Batch): void {
    for (let i = 0; i < batch.length; i++) {
      this.rows.push(batch.rows[i]!);
      this.kinds.push(batch.kinds[i]!);
    }
  }
}

export interface TableauColumn {
  readonly name: string;
  readonly type: LogicalType;
}

/** Display width: East Asian wide characters take two cells, as in Flink's tableau. */
function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    w +=
      (cp >= 0x1100 && cp <= 0x115f) ||
      (cp >= 0x2e80 && cp <= 0xa4cf) ||
      (cp >= 0xac00 && cp <= 0xd7a3) ||
      (cp >= 0xf900 && cp <= 0xfaff) ||
      (cp >= 0xff00 && cp <= 0xff60) ||
      (cp >= 0xffe0 && cp <= 0xffe6)
        ? 2
        : 1;
  }
  return w;
}

export function renderTableau(
  columns: readonly TableauColumn[],
  rows: readonly Row[],
  kinds: readonly number[],
  timeZone = 'UTC',
): string {
  if (rows.length === 0) return 'Empty set\n';
  const header = ['op', ...columns.map((c) => c.name)];
  const cells = rows.map((row, r) => [
    rowKindShortString(kinds[r] ?? 0),
    ...columns.map((c, i) => formatValueForDisplay(row[i] ?? null, c.type, timeZone)),
  ]);
  const widths = header.map((h, i) =>
    Math.max(displayWidth(h), ...cells.map((line) => displayWidth(line[i]!))),
  );
  const border = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const line = (values: readonly string[]): string =>
    `|${values.map((v, i) => ` ${' '.repeat(widths[i]! - displayWidth(v))}${v} `).join('|')}|`;
  const out = [border, line(header), border, ...cells.map(line), border];
  out.push(`Received a total of ${rows.length} row${rows.length === 1 ? '' : 's'}`);
  return `${out.join('\n')}\n`;
}
