/**
 * RFC 4180 tokenizing of one CSV record with a configurable delimiter, quote and escape character,
 * and quoting on write. A field remembers whether it was quoted: an unquoted empty field is a null for
 * non-string columns, a quoted one ("") is an empty string.
 */
import { FormatError } from '../format.ts';

export interface CsvDialect {
  readonly fieldDelimiter: string;
  /** Undefined when quoting is disabled (csv.disable-quote-character). */
  readonly quote: string | undefined;
  readonly escape: string | undefined;
}

export interface CsvField {
  readonly text: string;
  readonly quoted: boolean;
}

/** Splits a record into fields; a trailing line break ends the record. */
export function splitCsvRecord(line: string, d: CsvDialect): CsvField[] {
  let end = line.length;
  if (line.endsWith('\r\n')) end -= 2;
  else if (line.endsWith('\n') || line.endsWith('\r')) end -= 1;
  const fields: CsvField[] = [];
  let pos = 0;
  for (;;) {
    let text = '';
    let quoted = false;
    if (d.quote !== undefined && line[pos] === d.quote) {
      quoted = true;
      pos++;
      for (;;) {
        if (pos >= end) throw new FormatError('Unterminated quoted field', pos);
        const c = line[pos]!;
        if (d.escape !== undefined && c === d.escape && pos + 1 < end) {
          text += line[pos + 1];
          pos += 2;
        } else if (c === d.quote) {
          if (line[pos + 1] === d.quote) {
            text += c;
            pos += 2;
          } else {
            pos++;
            break;
          }
        } else {
          text += c;
          pos++;
        }
      }
      if (pos < end && line[pos] !== d.fieldDelimiter) {
        throw new FormatError(
          `Expected '${d.fieldDelimiter}' after a closing quote, found '${line[pos]}'`,
          pos,
        );
      }
    } else {
      while (pos < end && line[pos] !== d.fieldDelimiter) {
        const c = line[pos]!;
        if (d.escape !== undefined && c === d.escape && pos + 1 < end) {
          text += line[pos + 1];
          pos += 2;
        } else {
          text += c;
          pos++;
        }
      }
    }
    fields.push({ text, quoted });
    if (pos >= end) return fields;
    pos++; // the delimiter
  }
}

/** Quotes a field when it holds the delimiter, the quote, the escape, a line break, or is empty. */
export function quoteCsvField(text: string, d: CsvDialect, extraSpecial?: string): string {
  if (d.quote === undefined) return text;
  const needs =
    text === '' ||
    text.includes(d.fieldDelimiter) ||
    text.includes(d.quote) ||
    text.includes('\n') ||
    text.includes('\r') ||
    (d.escape !== undefined && text.includes(d.escape)) ||
    (extraSpecial !== undefined && text.includes(extraSpecial));
  if (!needs) return text;
  let body = text.split(d.quote).join(d.quote + d.quote);
  if (d.escape !== undefined) body = body.split(d.escape).join(d.escape + d.escape);
  return d.quote + body + d.quote;
}
