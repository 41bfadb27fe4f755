/**
 * The typed syntax tree of Tributary's Flink SQL dialect.
 *
 * Every node is a readonly interface with a `kind` discriminant and a `span` pointing back into the
 * source text. Nodes record what was written, normalised only where two spellings mean the same thing
 * (INTEGER and INT, DESC and DESCRIBE): the formatter prints the canonical spelling, and parsing that
 * output yields the same tree again (spans aside).
 */

export * from './ast/ddl.ts';
export * from './ast/expressions.ts';
export * from './ast/names-types.ts';
export * from './ast/queries.ts';
export * from './ast/span.ts';
export * from './ast/statements.ts';
