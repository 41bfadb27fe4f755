/** The parsing entry points: statements, scripts (with error recovery), expressions, types. */
import type { IToken } from 'chevrotain';
import type { ColumnDef, DataType, Expr, Position, PrimaryKeyDef, Statement, WatermarkDef } from './ast.ts';
import { SqlError } from './errors.ts';
import { tokenize } from './lexer.ts';
import { endOf } from './parser/base.ts';
import { FlinkSqlParser } from './parser/statements.ts';
import { splitStatementRanges } from './split.ts';
import { recognitionError } from './syntax-errors.ts';

let instance: FlinkSqlParser | undefined;

/** The one parser instance: building it analyses the grammar, which is done once per process. */
export function sqlParser(): FlinkSqlParser {
  instance ??= new FlinkSqlParser();
  return instance;
}

function endPosition(source: string, tokens: readonly IToken[], fallback: Position): Position {
  const last = tokens[tokens.length - 1];
  if (last === undefined) return fallback;
  void source;
  return endOf(last);
}

function run<R>(
  source: string,
  start: Position | undefined,
  endOffset: number | undefined,
  rule: (p: FlinkSqlParser) => R,
): R {
  try {
    const tokens = tokenize(source, start, endOffset);
    const parser = sqlParser();
    const origin = start ?? { offset: 0, line: 1, column: 1 };
    if (tokens.length === 0) {
      throw new SqlError({
        code: 'SYNTAX',
        message: 'Unexpected end of input; expected a statement',
        span: { start: origin, end: origin },
        expected: ['a statement'],
      });
    }
    parser.prepare(tokens);
    const result = rule(parser);
    const first = parser.errors[0];
    if (first !== undefined) throw recognitionError(first, tokens, endPosition(source, tokens, origin));
    return result;
  } catch (err) {
    if (err instanceof SqlError) throw err;
    // Never leak anything but SqlError: an internal failure is reported at the start of the text.
    const at = start ?? { offset: 0, line: 1, column: 1 };
    throw new SqlError({
      code: 'SYNTAX',
      message: `Internal parser error: ${err instanceof Error ? err.message : String(err)}`,
      span: { start: at, end: at },
    });
  }
}

/** Parses exactly one statement, with an optional trailing `;`. */
export function parseStatement(sql: string): Statement {
  return run(sql, undefined, undefined, (p) => p.singleStatement());
}

/** Parses a script; a bad statement is reported and skipped up to the next top-level `;`. */
export function parseScript(sql: string): { statements: Statement[]; errors: SqlError[] } {
  const statements: Statement[] = [];
  const errors: SqlError[] = [];
  for (const piece of splitStatementRanges(sql)) {
    try {
      // Include the `;` (and any comment before it) so errors can point at them.
      statements.push(run(sql, piece.span.start, piece.rangeEnd, (p) => p.singleStatement()));
    } catch (err) {
      if (err instanceof SqlError) errors.push(err);
      else throw err;
    }
  }
  return { statements, errors };
}

export function parseExpression(sql: string): Expr {
  return run(sql, undefined, undefined, (p) => p.singleExpression());
}

export function parseDataType(sql: string): DataType {
  return run(sql, undefined, undefined, (p) => p.singleDataType());
}

/** A CREATE TABLE element: `a INT NOT NULL`, `WATERMARK FOR ts AS ...`, `PRIMARY KEY (a) NOT ENFORCED`. */
export function parseTableElement(sql: string): ColumnDef | WatermarkDef | PrimaryKeyDef {
  return run(sql, undefined, undefined, (p) => p.singleTableElement());
}
