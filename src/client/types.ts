/** Shapes of the client library: wire types, columns, changes, options and errors. */

/** A column type as the server describes it (docs/websocket-protocol.md, "Values on the wire"). */
export interface WireType {
  readonly type: string;
  readonly nullable: boolean;
  readonly flinkType: string;
  readonly length?: number;
  readonly precision?: number;
  readonly scale?: number;
  readonly elementType?: WireType;
  readonly keyType?: WireType;
  readonly valueType?: WireType;
  readonly fields?: readonly Column[];
}

export interface Column {
  readonly name: string;
  readonly type: WireType;
}

/** Flink's RowKind codes: 0 = +I, 1 = -U, 2 = +U, 3 = -D. */
export type ChangeOp = 0 | 1 | 2 | 3;

export const OP_NAMES: readonly string[] = ['+I', '-U', '+U', '-D'];

export interface Change<Row = unknown[]> {
  readonly op: ChangeOp;
  readonly row: Row;
}

/** Confluent-style statement traits sent with `accepted`. */
export interface StatementTraits {
  readonly sqlKind: string;
  readonly isBounded: boolean;
  readonly isAppendOnly: boolean;
  readonly upsertColumns: readonly number[];
}

export interface ConnectOptions {
  /** `ws://host:port` (the `/v1/ws` path is added when missing); `http(s)://` works too. */
  readonly url: string;
  /** `<id>.<secret>`; omit when the server runs without auth. */
  readonly apiKey?: string;
  readonly environment?: string;
  /** Session properties (any SET key, `sql.current-catalog`, `sql.current-database`, ...). */
  readonly properties?: Readonly<Record<string, string>>;
  /** Rows granted per statement before the consumer must catch up (default 1000). */
  readonly creditWindow?: number;
  /** Reconnect after the socket drops and re-attach running statements (default on: 5 attempts). */
  readonly reconnect?: false | { readonly attempts?: number; readonly delayMs?: number };
}

export interface ErrorFields {
  readonly code: string;
  readonly message: string;
  readonly line?: number;
  readonly column?: number;
  readonly endLine?: number;
  readonly endColumn?: number;
  readonly expected?: readonly string[];
  readonly hint?: string;
}

/**
 * An error reported by the server, with the SqlError fields when it concerns SQL text (line and
 * column are 1-based; `endLine`/`endColumn` point just past the offending text).
 */
export class ClientError extends Error implements ErrorFields {
  readonly code: string;
  readonly line: number | undefined;
  readonly column: number | undefined;
  readonly endLine: number | undefined;
  readonly endColumn: number | undefined;
  readonly expected: readonly string[];
  readonly hint: string | undefined;
  /** The statement the error concerns, when there is one. */
  readonly statement: string | undefined;

  constructor(fields: ErrorFields, statement?: string) {
    super(fields.message);
    this.name = 'ClientError';
    this.code = fields.code;
    this.line = fields.line;
    this.column = fields.column;
    this.endLine = fields.endLine;
    this.endColumn = fields.endColumn;
    this.expected = fields.expected ?? [];
    this.hint = fields.hint;
    this.statement = statement;
  }

  /** Whether the error points into the SQL text (SYNTAX, VALIDATION, PLANNING with a position). */
  get positioned(): boolean {
    return this.line !== undefined && this.column !== undefined;
  }
}

export function errorFrom(raw: unknown, statement?: string): ClientError {
  const r = (typeof raw === 'object' && raw !== null ? raw : {}) as Record<string, unknown>;
  const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : undefined);
  return new ClientError(
    {
      code: typeof r.code === 'string' ? r.code : 'INTERNAL',
      message: typeof r.message === 'string' ? r.message : JSON.stringify(raw),
      line: num(r.line),
      column: num(r.column),
      endLine: num(r.endLine),
      endColumn: num(r.endColumn),
      expected: Array.isArray(r.expected) ? r.expected.map(String) : [],
      ...(typeof r.hint === 'string' ? { hint: r.hint } : {}),
    },
    statement,
  );
}
