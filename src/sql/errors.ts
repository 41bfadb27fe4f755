import type { Span } from './ast.ts';

/**
 * Error codes, stable across releases: clients match on them.
 * - SYNTAX: the text is not valid SQL (lexing or parsing).
 * - VALIDATION: valid syntax that does not bind (unknown object, type mismatch, ...).
 * - PLANNING: a valid query the engine cannot run as written (e.g. an updating query into an
 *   append-only sink).
 * - EXECUTION: a failure while the statement runs.
 */
export type SqlErrorCode = 'SYNTAX' | 'VALIDATION' | 'PLANNING' | 'EXECUTION';

export interface SqlErrorInit {
  readonly code: SqlErrorCode;
  readonly message: string;
  readonly span?: Span;
  /** What would have been valid at the error position, in words ("a column name or ')'"). */
  readonly expected?: readonly string[];
  readonly hint?: string;
}

/**
 * The one error type for everything wrong with SQL text: the parser, the binder and the planner
 * throw it, and the CLI, REST API and WebSocket protocol all carry the same fields.
 * Lines and columns are 1-based; `endLine`/`endColumn` point just past the offending text.
 */
export class SqlError extends Error {
  readonly code: SqlErrorCode;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly offset: number;
  readonly endOffset: number;
  readonly expected: readonly string[];
  readonly hint: string | undefined;

  constructor(init: SqlErrorInit) {
    super(init.message);
    this.name = 'SqlError';
    this.code = init.code;
    this.line = init.span?.start.line ?? 1;
    this.column = init.span?.start.column ?? 1;
    this.endLine = init.span?.end.line ?? this.line;
    this.endColumn = init.span?.end.column ?? this.column;
    this.offset = init.span?.start.offset ?? 0;
    this.endOffset = init.span?.end.offset ?? this.offset;
    this.expected = init.expected ?? [];
    this.hint = init.hint;
  }

  /** The fields sent over REST and WebSocket. */
  toJSON(): {
    code: SqlErrorCode;
    message: string;
    line: number;
    column: number;
    endLine: number;
    endColumn: number;
    expected: readonly string[];
    hint?: string;
  } {
    return {
      code: this.code,
      message: this.message,
      line: this.line,
      column: this.column,
      endLine: this.endLine,
      endColumn: this.endColumn,
      expected: this.expected,
      ...(this.hint === undefined ? {} : { hint: this.hint }),
    };
  }
}

export function isSqlError(value: unknown): value is SqlError {
  return value instanceof SqlError;
}
