/** The syntax tree (see ../ast.ts): positions in the source text, and what every node carries. */
/** A position in the source: 0-based offset, 1-based line and column. */
export interface Position {
  readonly offset: number;
  readonly line: number;
  readonly column: number;
}

/** A source range: `start` is the first character, `end` the position just after the last one. */
export interface Span {
  readonly start: Position;
  readonly end: Position;
}

export interface NodeBase {
  readonly span: Span;
}
