/**
 * How the shell shows values, results and errors: values as Flink's SQL client prints them
 * (`<NULL>`, TRUE, `x'0102'`, `[1, 2]`, `{a=1}`, `(1, a)`), tableau rows as they arrive with widths
 * estimated from the column types and capped by `table.display.max-column-width`, and errors with the
 * offending line and a caret.
 */
import { type ClientError, type Column, OP_NAMES, type WireType } from '../../client/types.ts';
import { SqlTimestamp, type SqlValue } from '../../client/values.ts';

export const NULL_TEXT = '<NULL>';

/** Offset of `zone` from UTC at `epochMillis`, in milliseconds (IANA names, `UTC`, `GMT+08:00`, `+08:00`). */
export function zoneOffsetMillis(zone: string, epochMillis: number): number {
  const fixed = /^(?:GMT|UTC)?([+-])(\d{1,2})(?::?(\d\d))?$/.exec(zone.trim());
  if (fixed !== null)
    return (fixed[1] === '-' ? -1 : 1) * (Number(fixed[2]) * 60 + Number(fixed[3] ?? 0)) * 60_000;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    }).formatToParts(new Date(epochMillis));
  } catch {
    return 0; // an unknown zone: the server rejects it when it is SET; show UTC meanwhile
  }
  const part = (type: string): number => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const wall = Date.UTC(
    part('year'),
    part('month') - 1,
    part('day'),
    part('hour'),
    part('minute'),
    part('second'),
  );
  return wall - (epochMillis - (((epochMillis % 1000) + 1000) % 1000));
}

/**
 * A value as Flink's SQL client prints it; TIMESTAMP_LTZ values as wall-clock time in the session's
 * time zone (`table.local-time-zone`), the way Flink shows them.
 */
export function formatValue(value: SqlValue, zone = 'UTC'): string {
  if (value === null) return NULL_TEXT;
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'bigint') return String(value);
  if (value instanceof Uint8Array) return `x'${Buffer.from(value).toString('hex')}'`;
  if (value instanceof Map)
    return `{${[...value].map(([k, v]) => `${formatValue(k, zone)}=${formatValue(v, zone)}`).join(', ')}}`;
  if (Array.isArray(value)) return `[${value.map((v) => formatValue(v, zone)).join(', ')}]`;
  if (value instanceof SqlTimestamp && value.withLocalTimeZone) {
    const local = value.epochMillis + zoneOffsetMillis(zone, value.epochMillis);
    return formatValue(new SqlTimestamp(local, value.nanoOfMilli, value.precision, false));
  }
  // Decimal, SqlDate, SqlTime, SqlTimestamp: SQL text with a space between date and time
  return value.toString().replace(/^(-?\d{4,}-\d\d-\d\d)T/, '$1 ');
}

export function formatRowValues(
  row: readonly SqlValue[],
  columns: readonly Column[],
  zone = 'UTC',
): string[] {
  return columns.map((c, i) => {
    const v = row[i] ?? null;
    return c.type.type === 'ROW' && Array.isArray(v)
      ? `(${v.map((x) => formatValue(x, zone)).join(', ')})`
      : formatValue(v, zone);
  });
}

/** A width that fits the type's usual values (Flink's streaming tableau estimates the same way). */
export function estimatedWidth(type: WireType, maxWidth: number): number {
  const fixed: Record<string, number> = {
    BOOLEAN: 6,
    TINYINT: 4,
    SMALLINT: 6,
    INT: 11,
    BIGINT: 20,
    FLOAT: 12,
    DOUBLE: 20,
    DATE: 10,
    INTERVAL_YEAR_MONTH: 10,
    INTERVAL_DAY_TIME: 14,
  };
  let w = fixed[type.type];
  if (w === undefined) {
    switch (type.type) {
      case 'DECIMAL':
        w = (type.precision ?? 10) + 2;
        break;
      case 'CHAR':
      case 'VARCHAR':
        w = type.length ?? maxWidth;
        break;
      case 'TIME':
        w = 8 + (type.precision ? type.precision + 1 : 0);
        break;
      case 'TIMESTAMP':
      case 'TIMESTAMP_LTZ':
        w = 19 + (type.precision ? type.precision + 1 : 0);
        break;
      default:
        w = maxWidth;
    }
  }
  return Math.max(1, Math.min(w, maxWidth));
}

export function fitCell(text: string, width: number): string {
  const flat = text.replace(/\n/g, ' ');
  return flat.length <= width ? flat : width <= 3 ? flat.slice(0, width) : `${flat.slice(0, width - 3)}...`;
}

/** Prints a changelog as bordered tableau lines, one row at a time. */
export class TableauPrinter {
  private readonly widths: number[];
  private rows = 0;

  constructor(
    private readonly columns: readonly Column[],
    maxWidth: number,
    private readonly out: (text: string) => void,
  ) {
    this.widths = [2, ...columns.map((c) => Math.max(c.name.length, estimatedWidth(c.type, maxWidth)))];
  }

  private border(): string {
    return `+${this.widths.map((w) => '-'.repeat(w + 2)).join('+')}+\n`;
  }

  private line(cells: readonly string[]): string {
    return `|${cells.map((c, i) => ` ${fitCell(c, this.widths[i]!).padStart(this.widths[i]!)} `).join('|')}|\n`;
  }

  header(): void {
    this.out(this.border() + this.line(['op', ...this.columns.map((c) => c.name)]) + this.border());
  }

  row(op: number, values: readonly string[]): void {
    this.rows++;
    this.out(this.line([OP_NAMES[op] ?? '+I', ...values]));
  }

  footer(): void {
    this.out(
      this.rows === 0
        ? 'Empty set\n'
        : `${this.border()}Received a total of ${this.rows} row${this.rows === 1 ? '' : 's'}\n`,
    );
  }
}

/** A small final result (SHOW, DESCRIBE, EXPLAIN) as a bordered table without an op column. */
export function renderStaticTable(
  columns: readonly Pick<Column, 'name'>[],
  rows: readonly string[][],
  maxWidth: number,
): string {
  if (rows.length === 0) return 'Empty set\n';
  if (columns.length === 1 && rows.length === 1 && /\n/.test(rows[0]![0]!)) return `${rows[0]![0]}\n`;
  const widths = columns.map((c, i) =>
    Math.min(maxWidth, Math.max(c.name.length, ...rows.map((r) => (r[i] ?? '').length))),
  );
  const border = `+${widths.map((w) => '-'.repeat(w + 2)).join('+')}+`;
  const line = (cells: readonly string[]): string =>
    `|${cells.map((c, i) => ` ${fitCell(c, widths[i]!).padEnd(widths[i]!)} `).join('|')}|`;
  return `${[border, line(columns.map((c) => c.name)), border, ...rows.map(line), border].join('\n')}\n${rows.length} row${rows.length === 1 ? '' : 's'} in set\n`;
}

/**
 * An error with the statement's offending line and a caret. `lineOffset`/`columnOffset` map a
 * position in the statement to the script it came from.
 */
export function renderClientError(e: ClientError, source: string, lineOffset = 0, columnOffset = 0): string {
  if (e.line === undefined || e.column === undefined) return `[ERROR] ${e.code}: ${e.message}`;
  const line = e.line + lineOffset;
  const column = e.line === 1 ? e.column + columnOffset : e.column;
  const text = source.split('\n')[line - 1]?.replace(/\r$/, '').replace(/\t/g, ' ');
  const out = [`[ERROR] ${e.code} at line ${line}, column ${column}: ${e.message}`];
  if (text !== undefined) {
    const width = e.endLine === e.line && e.endColumn !== undefined ? Math.max(1, e.endColumn - e.column) : 1;
    out.push(text, `${' '.repeat(Math.max(0, column - 1))}^${'~'.repeat(width - 1)}`);
  }
  if (e.expected.length > 0 && !e.message.includes('; expected '))
    out.push(`expected: ${e.expected.join(', ')}`);
  if (e.hint !== undefined) out.push(`hint: ${e.hint}`);
  return out.join('\n');
}
