/** The public face of Tributary's Flink SQL front end. */
export type * from './ast.ts';
export { isSqlError, SqlError, type SqlErrorCode, type SqlErrorInit } from './errors.ts';
export * from './format/index.ts';
export { tokenize } from './lexer.ts';
export { parseDataType, parseExpression, parseScript, parseStatement, parseTableElement } from './parse.ts';
export { renderError } from './render.ts';
export { type StatementText, splitStatements } from './split.ts';
export { forEachChild, transform, walk } from './visitor.ts';
