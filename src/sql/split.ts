/**
 * Splits a script at top-level `;`, respecting strings, quoted identifiers, comments, hints and
 * statement sets (`EXECUTE STATEMENT SET BEGIN ...; END` and `BEGIN STATEMENT SET; ...; END`, whose
 * inner `;` do not end the statement). Works on raw text, so it still splits scripts that do not lex.
 */
import type { Position, Span } from './ast.ts';

export interface StatementText {
  /** The statement without its terminating `;` and surrounding blanks and comments. */
  readonly text: string;
  readonly span: Span;
}

/** A statement plus where its text ends including the terminating `;` and anything before it. */
export interface StatementRange extends StatementText {
  readonly rangeEnd: number;
}

export function splitStatements(sql: string): StatementText[] {
  return splitStatementRanges(sql).map(({ text, span }) => ({ text, span }));
}

export function splitStatementRanges(sql: string): StatementRange[] {
  const out: StatementRange[] = [];
  let line = 1;
  let lineStart = 0;
  let first: Position | undefined;
  let lastEnd = 0;
  let lastEndPos: Position | undefined;
  /** Leading words of the current statement, to recognise statement sets. */
  const words: string[] = [];
  let inSet = false;
  let caseDepth = 0;
  let lastWord = '';

  const pos = (offset: number): Position => ({ offset, line, column: offset - lineStart + 1 });
  const mark = (start: number, end: number, endLine: number, endLineStart: number) => {
    if (first === undefined) first = pos(start);
    lastEnd = end;
    lastEndPos = { offset: end, line: endLine, column: end - endLineStart + 1 };
  };
  const flush = (rangeEnd: number) => {
    if (first !== undefined && lastEndPos !== undefined) {
      out.push({ text: sql.slice(first.offset, lastEnd), span: { start: first, end: lastEndPos }, rangeEnd });
    }
    first = undefined;
    lastEndPos = undefined;
    words.length = 0;
    inSet = false;
    caseDepth = 0;
    lastWord = '';
  };

  let i = 0;
  while (i < sql.length) {
    const c = sql[i]!;
    if (c === '\n') {
      i++;
      line++;
      lineStart = i;
    } else if (c === ' ' || c === '\t' || c === '\r' || c === '\f') {
      i++;
    } else if (c === '-' && sql[i + 1] === '-') {
      while (i < sql.length && sql[i] !== '\n') i++;
    } else if (c === '/' && sql[i + 1] === '*' && sql[i + 2] !== '+') {
      const end = sql.indexOf('*/', i + 2);
      const stop = end < 0 ? sql.length : end + 2;
      for (let k = i; k < stop; k++) {
        if (sql[k] === '\n') {
          line++;
          lineStart = k + 1;
        }
      }
      i = stop;
    } else if (c === "'" || c === '`') {
      const start = i;
      const startLine = line;
      const startLineStart = lineStart;
      i++;
      while (i < sql.length) {
        if (sql[i] === c) {
          if (sql[i + 1] === c) i += 2;
          else break;
        } else {
          if (sql[i] === '\n') {
            line++;
            lineStart = i + 1;
          }
          i++;
        }
      }
      i = Math.min(i + 1, sql.length);
      if (first === undefined) first = { offset: start, line: startLine, column: start - startLineStart + 1 };
      mark(start, i, line, lineStart);
      lastWord = '';
    } else if (c === ';') {
      if (inSet && !(lastWord === 'END' && caseDepth === 0)) {
        mark(i, i + 1, line, lineStart);
        lastWord = ';';
        i++;
        continue;
      }
      flush(i + 1);
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      const start = i;
      while (i < sql.length && /[A-Za-z0-9_$]/.test(sql[i]!)) i++;
      const word = sql.slice(start, i).toUpperCase();
      mark(start, i, line, lineStart);
      if (words.length < 8) {
        words.push(word);
        const lead = words.join(' ');
        if (lead === 'BEGIN STATEMENT SET' || (words[0] !== 'BEGIN' && lead.endsWith('STATEMENT SET BEGIN')))
          inSet = true;
      }
      if (inSet) {
        if (word === 'CASE') caseDepth++;
        else if (word === 'END' && caseDepth > 0) {
          caseDepth--;
          lastWord = 'END-CASE';
          continue;
        }
      }
      lastWord = word;
    } else {
      mark(i, i + 1, line, lineStart);
      lastWord = c;
      i++;
    }
  }
  flush(sql.length);
  return out;
}
