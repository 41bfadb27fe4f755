/**
 * Statements: dispatch to the DDL printers, plus DML (INSERT, statement sets) and the utility
 * statements (SHOW, DESCRIBE, SET, RESET, EXPLAIN, USE, STOP JOB, LOAD / UNLOAD MODULE).
 */
import type { Explain, Insert, Show, Statement, StatementSet } from '../ast.ts';
import {
  type FormatContext,
  identifier,
  identifierList,
  lineBreak,
  nested,
  property,
  propertyList,
  qualifiedName,
  stringLiteral,
} from './context.ts';
import {
  alterCatalog,
  alterFunction,
  alterTable,
  createCatalog,
  createDatabase,
  createFunction,
  createTable,
  createView,
  dropObject,
} from './ddl.ts';
import { expr } from './expressions.ts';
import { hints, query } from './queries.ts';

export function statement(s: Statement, ctx: FormatContext): string {
  switch (s.kind) {
    case 'CreateTable':
      return createTable(s, ctx);
    case 'CreateView':
      return createView(s, ctx);
    case 'DropObject':
      return dropObject(s, ctx);
    case 'AlterTable':
      return alterTable(s, ctx);
    case 'AlterView': {
      const head = `ALTER VIEW ${qualifiedName(s.name, ctx)}`;
      if (s.renameTo !== undefined) return `${head} RENAME TO ${qualifiedName(s.renameTo, ctx)}`;
      return s.query === undefined ? head : `${head} AS${lineBreak(ctx)}${query(s.query, ctx)}`;
    }
    case 'AlterDatabase':
      return `ALTER DATABASE ${qualifiedName(s.name, ctx)} SET ${propertyList(s.options, ctx)}`;
    case 'CreateCatalog':
      return createCatalog(s, ctx);
    case 'CreateDatabase':
      return createDatabase(s, ctx);
    case 'CreateFunction':
      return createFunction(s, ctx);
    case 'UseCatalog':
      return `USE CATALOG ${identifier(s.name, ctx)}`;
    case 'UseDatabase':
      return `USE ${qualifiedName(s.name, ctx)}`;
    case 'Show':
      return show(s, ctx);
    case 'ShowCreate':
      return `SHOW CREATE ${s.objectType} ${qualifiedName(s.name, ctx)}`;
    case 'Describe':
      return `DESCRIBE ${s.catalog ? 'CATALOG ' : ''}${s.extended ? 'EXTENDED ' : ''}${qualifiedName(s.name, ctx)}`;
    case 'SetStatement':
      return s.property === undefined ? 'SET' : `SET ${property(s.property)}`;
    case 'ResetStatement':
      return s.key === undefined ? 'RESET' : `RESET ${stringLiteral(s.key)}`;
    case 'Explain':
      return explain(s, ctx);
    case 'StopJob': {
      let text = `STOP JOB ${stringLiteral(s.jobId)}`;
      if (s.withSavepoint) text += ' WITH SAVEPOINT';
      if (s.withDrain) text += ' WITH DRAIN';
      return text;
    }
    case 'LoadModule': {
      const text = `LOAD MODULE ${identifier(s.name, ctx)}`;
      return s.options.length > 0 ? `${text} WITH ${propertyList(s.options, ctx)}` : text;
    }
    case 'UnloadModule':
      return `UNLOAD MODULE ${identifier(s.name, ctx)}`;
    case 'Insert':
      return insert(s, ctx);
    case 'StatementSet':
      return statementSet(s, ctx);
    case 'ExecuteStatement':
      return `EXECUTE ${statement(s.statement, ctx)}`;
    case 'QueryStatement':
      return query(s.query, ctx);
    case 'AlterFunction':
      return alterFunction(s, ctx);
    case 'AlterCatalog':
      return alterCatalog(s, ctx);
    case 'TruncateTable':
      return `TRUNCATE TABLE ${qualifiedName(s.name, ctx)}`;
    case 'UseModules':
      return `USE MODULES ${identifierList(s.names, ctx)}`;
    case 'JarStatement':
      return `${s.action} JAR ${stringLiteral(s.path)}`;
  }
}

function show(s: Show, ctx: FormatContext): string {
  let text = `SHOW ${s.what}`;
  if (s.from !== undefined) {
    // SHOW PARTITIONS names its table directly; the others take FROM.
    text +=
      s.what === 'PARTITIONS' ? ` ${qualifiedName(s.from, ctx)}` : ` FROM ${qualifiedName(s.from, ctx)}`;
  }
  if (s.partition !== undefined && s.partition.length > 0) {
    const entries = s.partition.map((p) => `${identifier(p.column, ctx)} = ${expr(p.value, ctx)}`);
    text += ` PARTITION (${entries.join(', ')})`;
  }
  if (s.like !== undefined) {
    const operator = s.like.caseInsensitive ? 'ILIKE' : 'LIKE';
    text += ` ${s.like.negated ? 'NOT ' : ''}${operator} ${stringLiteral(s.like.pattern)}`;
  }
  return text;
}

function explain(e: Explain, ctx: FormatContext): string {
  let head = 'EXPLAIN';
  if (e.planFor) head += ' PLAN FOR';
  if (e.details.length > 0) head += ` ${e.details.join(', ')}`;
  // Under EXPLAIN a statement set is written `STATEMENT SET BEGIN ... END`, without EXECUTE.
  const target =
    e.statement.kind === 'StatementSet'
      ? statementSet(e.statement, ctx, 'STATEMENT SET BEGIN')
      : statement(e.statement, ctx);
  return `${head}${lineBreak(ctx)}${target}`;
}

function insert(i: Insert, ctx: FormatContext): string {
  let text = `INSERT ${i.overwrite ? 'OVERWRITE' : 'INTO'} ${qualifiedName(i.target, ctx)}`;
  if (i.hints.length > 0) text += ` ${hints(i.hints, ctx)}`;
  if (i.partition.length > 0) {
    const entries = i.partition.map((p) => `${identifier(p.column, ctx)} = ${expr(p.value, ctx)}`);
    text += ` PARTITION (${entries.join(', ')})`;
  }
  if (i.columns.length > 0) text += ` (${identifierList(i.columns, ctx)})`;
  return `${text}${lineBreak(ctx)}${query(i.query, ctx)}`;
}

function statementSet(
  s: StatementSet,
  ctx: FormatContext,
  head = s.syntax === 'EXECUTE' ? 'EXECUTE STATEMENT SET BEGIN' : 'BEGIN STATEMENT SET;',
): string {
  const inner = nested(ctx);
  const body = s.statements.map((i) => `${lineBreak(inner)}${insert(i, inner)};`).join('');
  return `${head}${body}${lineBreak(ctx)}END`;
}
