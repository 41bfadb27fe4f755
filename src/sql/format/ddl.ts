/**
 * DDL: CREATE / ALTER / DROP of tables, views, databases, catalogs and functions. Pretty CREATE TABLE
 * follows the layout of Flink's SHOW CREATE TABLE: one column per line, `) WITH (`, one option per line.
 */
import type {
  AlterCatalog,
  AlterFunction,
  AlterTable,
  AlterTableAction,
  ColumnDef,
  CreateCatalog,
  CreateDatabase,
  CreateFunction,
  CreateTable,
  CreateView,
  DistributionDef,
  DropObject,
  LikeClause,
  PartitionSpec,
  PrimaryKeyDef,
  SchemaChangeItem,
  WatermarkDef,
} from '../ast.ts';
import {
  type FormatContext,
  identifier,
  identifierList,
  lineBreak,
  nested,
  parenthesizedBlock,
  propertyList,
  qualifiedName,
  stringLiteral,
} from './context.ts';
import { expr } from './expressions.ts';
import { query } from './queries.ts';
import { dataType } from './types.ts';

const comment = (text: string | undefined): string =>
  text === undefined ? '' : ` COMMENT ${stringLiteral(text)}`;

export function createTable(t: CreateTable, ctx: FormatContext): string {
  let head = `CREATE ${t.orReplace ? 'OR REPLACE ' : ''}${t.temporary ? 'TEMPORARY ' : ''}TABLE `;
  if (t.ifNotExists) head += 'IF NOT EXISTS ';
  head += qualifiedName(t.name, ctx);
  const primaryKey = t.primaryKey;
  const hasSchema = t.columns.length > 0 || t.watermarks.length > 0 || primaryKey !== undefined;
  if (hasSchema) {
    head += ` ${parenthesizedBlock(ctx, (c) => [
      ...t.columns.map((column) => columnDef(column, c)),
      ...t.watermarks.map((w) => watermark(w, c)),
      ...(primaryKey === undefined ? [] : [primaryKeyConstraint(primaryKey, c)]),
    ])}`;
  }
  const clauses: string[] = [];
  if (t.comment !== undefined) clauses.push(`COMMENT ${stringLiteral(t.comment)}`);
  if (t.distribution !== undefined) clauses.push(distribution(t.distribution, 'DISTRIBUTED', ctx));
  if (t.partitionedBy.length > 0) clauses.push(`PARTITIONED BY (${identifierList(t.partitionedBy, ctx)})`);
  if (t.options.length > 0) clauses.push(`WITH ${propertyList(t.options, ctx)}`);
  if (t.like !== undefined) clauses.push(likeClause(t.like, ctx));
  if (t.asQuery !== undefined) clauses.push(`AS ${query(t.asQuery, ctx)}`);
  if (clauses.length === 0) return head;
  // Flink prints the first clause on the line that closes the column list: `) WITH (`.
  const separator = hasSchema || !ctx.pretty ? ' ' : lineBreak(ctx);
  return `${head}${separator}${clauses.join(lineBreak(ctx))}`;
}

export function columnDef(column: ColumnDef, ctx: FormatContext): string {
  const name = identifier(column.name, ctx);
  switch (column.kind) {
    case 'PhysicalColumn': {
      const key = column.primaryKey ? ' PRIMARY KEY NOT ENFORCED' : '';
      return `${name} ${dataType(column.type, ctx)}${key}${comment(column.comment)}`;
    }
    case 'ComputedColumn':
      return `${name} AS ${expr(column.expr, ctx)}${comment(column.comment)}`;
    case 'MetadataColumn': {
      let text = `${name} ${dataType(column.type, ctx)} METADATA`;
      if (column.from !== undefined) text += ` FROM ${stringLiteral(column.from)}`;
      if (column.virtual) text += ' VIRTUAL';
      return text + comment(column.comment);
    }
  }
}

function watermark(w: WatermarkDef, ctx: FormatContext): string {
  return `WATERMARK FOR ${identifier(w.column, ctx)} AS ${expr(w.expr, ctx)}`;
}

function primaryKeyConstraint(pk: PrimaryKeyDef, ctx: FormatContext): string {
  const name = pk.constraintName === undefined ? '' : `CONSTRAINT ${identifier(pk.constraintName, ctx)} `;
  return `${name}PRIMARY KEY (${identifierList(pk.columns, ctx)}) NOT ENFORCED`;
}

/** CREATE TABLE spells it `DISTRIBUTED BY`, ALTER TABLE `ADD DISTRIBUTION BY`. */
function distribution(
  d: DistributionDef,
  keyword: 'DISTRIBUTED' | 'DISTRIBUTION',
  ctx: FormatContext,
): string {
  let text = keyword;
  if (d.columns.length > 0) text += ` BY ${d.algorithm ?? ''}(${identifierList(d.columns, ctx)})`;
  if (d.buckets !== undefined) text += ` INTO ${d.buckets} BUCKETS`;
  return text;
}

function likeClause(like: LikeClause, ctx: FormatContext): string {
  const source = `LIKE ${qualifiedName(like.source, ctx)}`;
  if (like.options.length === 0) return source;
  const options = like.options.map((o) => `${o.strategy} ${o.feature}`);
  if (!ctx.pretty) return `${source} (${options.join(' ')})`;
  // The options are separated by whitespace only, so a line break is as good as a space.
  const inner = lineBreak(nested(ctx));
  return `${source} (${inner}${options.join(inner)}${lineBreak(ctx)})`;
}

export function createView(v: CreateView, ctx: FormatContext): string {
  let text = `CREATE ${v.temporary ? 'TEMPORARY ' : ''}VIEW ${v.ifNotExists ? 'IF NOT EXISTS ' : ''}`;
  text += qualifiedName(v.name, ctx);
  if (v.columns.length > 0) text += ` (${identifierList(v.columns, ctx)})`;
  text += comment(v.comment);
  return `${text} AS${lineBreak(ctx)}${query(v.query, ctx)}`;
}

export function dropObject(d: DropObject, ctx: FormatContext): string {
  let text = `DROP ${d.temporary ? 'TEMPORARY ' : ''}${d.system ? 'SYSTEM ' : ''}${d.objectType} `;
  if (d.ifExists) text += 'IF EXISTS ';
  text += qualifiedName(d.name, ctx);
  return d.cascade === undefined ? text : `${text} ${d.cascade}`;
}

export function alterTable(a: AlterTable, ctx: FormatContext): string {
  const head = `ALTER TABLE ${a.ifExists ? 'IF EXISTS ' : ''}${qualifiedName(a.name, ctx)}`;
  return `${head} ${alterAction(a.action, ctx)}`;
}

function alterAction(action: AlterTableAction, ctx: FormatContext): string {
  switch (action.kind) {
    case 'AlterSchemaAction': {
      if (!action.parenthesized) {
        return `${action.mode} ${action.items.map((item) => schemaChange(item, ctx)).join(', ')}`;
      }
      return `${action.mode} ${parenthesizedBlock(ctx, (c) => action.items.map((item) => schemaChange(item, c)))}`;
    }
    case 'AlterDropAction':
      switch (action.what) {
        case 'COLUMNS': {
          const only = action.names.length === 1 ? action.names[0] : undefined;
          return `DROP ${only === undefined ? `(${identifierList(action.names, ctx)})` : identifier(only, ctx)}`;
        }
        case 'CONSTRAINT':
          return `DROP CONSTRAINT ${identifierList(action.names, ctx)}`;
        default:
          return `DROP ${action.what}`;
      }
    case 'AlterRenameTable':
      return `RENAME TO ${qualifiedName(action.newName, ctx)}`;
    case 'AlterRenameColumn':
      return `RENAME ${identifier(action.from, ctx)} TO ${identifier(action.to, ctx)}`;
    case 'AlterSetOptions':
      return `SET ${propertyList(action.options, ctx)}`;
    case 'AlterResetOptions':
      return `RESET (${action.keys.map(stringLiteral).join(', ')})`;
    case 'AlterPartitionsAction': {
      const partitions = action.partitions.map((p) => partitionSpec(p, ctx));
      if (action.mode === 'ADD')
        return `ADD ${action.ifCondition ? 'IF NOT EXISTS ' : ''}${partitions.join(' ')}`;
      return `DROP ${action.ifCondition ? 'IF EXISTS ' : ''}${partitions.join(', ')}`;
    }
  }
}

/** `PARTITION (dt = '2024-05-01', hr = '10') [WITH (...)]`. */
function partitionSpec(spec: PartitionSpec, ctx: FormatContext): string {
  const entries = spec.entries.map((e) => `${identifier(e.column, ctx)} = ${expr(e.value, ctx)}`);
  const options = spec.options.length > 0 ? ` WITH ${propertyList(spec.options, ctx)}` : '';
  return `PARTITION (${entries.join(', ')})${options}`;
}

function schemaChange(item: SchemaChangeItem, ctx: FormatContext): string {
  switch (item.kind) {
    case 'SchemaColumnChange': {
      const text = columnDef(item.column, ctx);
      const position = item.position;
      if (position === undefined) return text;
      if (position.position === 'FIRST') return `${text} FIRST`;
      return `${text} AFTER ${position.after === undefined ? '' : identifier(position.after, ctx)}`;
    }
    case 'WatermarkDef':
      return watermark(item, ctx);
    case 'PrimaryKeyDef':
      return primaryKeyConstraint(item, ctx);
    case 'DistributionDef':
      return distribution(item, 'DISTRIBUTION', ctx);
  }
}

export function createCatalog(c: CreateCatalog, ctx: FormatContext): string {
  let text = `CREATE CATALOG ${c.ifNotExists ? 'IF NOT EXISTS ' : ''}${identifier(c.name, ctx)}`;
  text += comment(c.comment);
  return c.options.length > 0 ? `${text} WITH ${propertyList(c.options, ctx)}` : text;
}

export function createDatabase(d: CreateDatabase, ctx: FormatContext): string {
  let text = `CREATE DATABASE ${d.ifNotExists ? 'IF NOT EXISTS ' : ''}${qualifiedName(d.name, ctx)}`;
  text += comment(d.comment);
  return d.options.length > 0 ? `${text} WITH ${propertyList(d.options, ctx)}` : text;
}

export function createFunction(f: CreateFunction, ctx: FormatContext): string {
  let text = `CREATE ${f.temporary ? 'TEMPORARY ' : ''}${f.system ? 'SYSTEM ' : ''}FUNCTION `;
  if (f.ifNotExists) text += 'IF NOT EXISTS ';
  text += `${qualifiedName(f.name, ctx)} AS ${stringLiteral(f.className)}`;
  if (f.language !== undefined) text += ` LANGUAGE ${f.language}`;
  if (f.jars.length > 0) text += ` USING ${f.jars.map((jar) => `JAR ${stringLiteral(jar)}`).join(', ')}`;
  return text;
}

export function alterFunction(f: AlterFunction, ctx: FormatContext): string {
  let text = `ALTER ${f.temporary ? 'TEMPORARY ' : ''}${f.system ? 'SYSTEM ' : ''}FUNCTION `;
  if (f.ifExists) text += 'IF EXISTS ';
  text += `${qualifiedName(f.name, ctx)} AS ${stringLiteral(f.className)}`;
  return f.language === undefined ? text : `${text} LANGUAGE ${f.language}`;
}

export function alterCatalog(c: AlterCatalog, ctx: FormatContext): string {
  const head = `ALTER CATALOG ${identifier(c.name, ctx)}`;
  if (c.set !== undefined) return `${head} SET ${propertyList(c.set, ctx)}`;
  if (c.reset !== undefined) return `${head} RESET (${c.reset.map(stringLiteral).join(', ')})`;
  return `${head} COMMENT ${stringLiteral(c.comment ?? '')}`;
}
