import type { QualifiedName, Statement } from '../../sql/ast.ts';
import { formatQuery } from '../../sql/format/index.ts';
import { alterTable } from './alter-table.ts';
import type { BoundStatement } from './bound-statement.ts';
import type { BindContext } from './context.ts';
import { optionsOf } from './context.ts';
import { bindCreateTable, bindCreateView } from './create-statements.ts';
import { didYouMean, validationError } from './errors.ts';
import { resolveTableName } from './from-binder.ts';
import { bindInsert } from './insert.ts';
import { bindQuery } from './query-binder.ts';
import type { QueryEnv } from './relation.ts';

export const partsOf = (n: QualifiedName): string[] => n.parts.map((p) => p.value);

export function envOf(ctx: BindContext): QueryEnv {
  return { ctx, ctes: new Map(), viewStack: [] };
}

/** `[cat.]db` for database statements. */
function databasePath(name: QualifiedName, ctx: BindContext): { catalog: string; database: string } {
  const parts = partsOf(name);
  if (parts.length > 2)
    throw validationError(
      `Database name '${parts.join('.')}' has too many parts: use [catalog.]database`,
      name.span,
    );
  return parts.length === 2
    ? { catalog: parts[0]!, database: parts[1]! }
    : { catalog: ctx.catalogs.currentCatalog, database: parts[0]! };
}

function checkCatalog(catalog: string, name: QualifiedName, ctx: BindContext): void {
  if (!ctx.catalogs.hasCatalog(catalog)) {
    throw validationError(
      `A catalog with name [${catalog}] does not exist.`,
      name.span,
      didYouMean(catalog, ctx.catalogs.catalogNames()),
    );
  }
}

export function bindStatement(stmt: Statement, ctx: BindContext): BoundStatement {
  switch (stmt.kind) {
    case 'QueryStatement': {
      const q = bindQuery(stmt.query, envOf(ctx));
      return { kind: 'Query', plan: q.plan, names: q.names };
    }
    case 'Insert':
      return { kind: 'Insert', sink: bindInsert(stmt, envOf(ctx)) };
    case 'StatementSet':
      return { kind: 'StatementSet', sinks: stmt.statements.map((s) => bindInsert(s, envOf(ctx))) };
    case 'ExecuteStatement':
      return bindStatement(stmt.statement, ctx);
    case 'CreateTable':
      return bindCreateTable(stmt, ctx);
    case 'CreateView':
      return bindCreateView(stmt, ctx);
    case 'AlterTable': {
      const parts = partsOf(stmt.name);
      const found = ctx.catalogs.lookupTable(parts);
      const path = ctx.catalogs.qualify(parts);
      if (found?.table.kind !== 'table') {
        if (stmt.ifExists && !found)
          return {
            kind: 'NoOp',
            reason: `Table ${path.catalog}.${path.database}.${path.name} does not exist`,
          };
        throw validationError(
          `Table \`${path.catalog}\`.\`${path.database}\`.\`${path.name}\` doesn't exist or is a temporary table.`,
          stmt.name.span,
          didYouMean(path.name, ctx.catalogs.tableNamesIn(path.catalog, path.database)),
        );
      }
      if (stmt.action.kind === 'AlterRenameTable') {
        const target = ctx.catalogs.qualify(partsOf(stmt.action.newName));
        if (target.catalog !== path.catalog || target.database !== path.database) {
          throw validationError(
            'Renaming a table into another catalog or database is not supported',
            stmt.action.newName.span,
          );
        }
        return { kind: 'CatalogAction', action: { kind: 'RenameTable', path, newName: target.name } };
      }
      return {
        kind: 'CatalogAction',
        action: { kind: 'AlterTable', path, table: alterTable(found.table, stmt.action) },
      };
    }
    case 'AlterView': {
      const found = resolveTableName(stmt.name, ctx.catalogs);
      if (found.table.kind !== 'view')
        throw validationError(`'${partsOf(stmt.name).join('.')}' is a table, not a view`, stmt.name.span);
      if (stmt.renameTo) {
        return {
          kind: 'CatalogAction',
          action: {
            kind: 'RenameTable',
            path: found.path,
            newName: ctx.catalogs.qualify(partsOf(stmt.renameTo)).name,
          },
        };
      }
      const q = bindQuery(stmt.query!, envOf(ctx));
      const view = {
        ...found.table,
        query: stmt.query!,
        queryText: formatQuery(stmt.query!),
        columns: q.plan.schema.map((f, i) => ({ name: q.names[i]!, type: f.type })),
      };
      return { kind: 'CatalogAction', action: { kind: 'AlterTable', path: found.path, table: view } };
    }
    case 'DropObject': {
      switch (stmt.objectType) {
        case 'TABLE':
        case 'VIEW': {
          const path = ctx.catalogs.qualify(partsOf(stmt.name));
          const existing = ctx.catalogs.lookupTable(partsOf(stmt.name));
          const kind = stmt.objectType === 'TABLE' ? 'table' : 'view';
          if (
            !stmt.ifExists &&
            (!existing || existing.table.kind !== kind || existing.temporary !== stmt.temporary)
          ) {
            const label = stmt.temporary
              ? `Temporary ${kind}`
              : stmt.objectType === 'TABLE'
                ? 'Table'
                : 'View';
            const other =
              existing && existing.table.kind !== kind
                ? ` Use DROP ${existing.table.kind.toUpperCase()} to drop a ${existing.table.kind}.`
                : '';
            throw validationError(
              `${label} with identifier '${path.catalog}.${path.database}.${path.name}' does not exist.${other}`,
              stmt.name.span,
              existing
                ? undefined
                : didYouMean(path.name, ctx.catalogs.tableNamesIn(path.catalog, path.database)),
            );
          }
          return {
            kind: 'CatalogAction',
            action: {
              kind: 'DropTable',
              objectType: stmt.objectType,
              path,
              temporary: stmt.temporary,
              ignoreIfNotExists: stmt.ifExists,
            },
          };
        }
        case 'DATABASE': {
          const { catalog, database } = databasePath(stmt.name, ctx);
          return {
            kind: 'CatalogAction',
            action: {
              kind: 'DropDatabase',
              catalog,
              database,
              ignoreIfNotExists: stmt.ifExists,
              cascade: stmt.cascade === 'CASCADE',
            },
          };
        }
        case 'CATALOG':
          return {
            kind: 'CatalogAction',
            action: {
              kind: 'DropCatalog',
              name: partsOf(stmt.name).join('.'),
              ignoreIfNotExists: stmt.ifExists,
            },
          };
        case 'FUNCTION':
          return {
            kind: 'CatalogAction',
            action: {
              kind: 'DropFunction',
              path: ctx.catalogs.qualify(partsOf(stmt.name)),
              temporary: stmt.temporary,
              ignoreIfNotExists: stmt.ifExists,
            },
          };
      }
      break;
    }
    case 'CreateCatalog':
      return {
        kind: 'CatalogAction',
        action: {
          kind: 'CreateCatalog',
          name: stmt.name.value,
          options: optionsOf(stmt.options),
          ignoreIfExists: stmt.ifNotExists,
        },
      };
    case 'CreateDatabase': {
      const { catalog, database } = databasePath(stmt.name, ctx);
      checkCatalog(catalog, stmt.name, ctx);
      return {
        kind: 'CatalogAction',
        action: {
          kind: 'CreateDatabase',
          catalog,
          database,
          meta: {
            options: optionsOf(stmt.options),
            ...(stmt.comment === undefined ? {} : { comment: stmt.comment }),
          },
          ignoreIfExists: stmt.ifNotExists,
        },
      };
    }
    case 'AlterDatabase': {
      const { catalog, database } = databasePath(stmt.name, ctx);
      return {
        kind: 'CatalogAction',
        action: { kind: 'AlterDatabase', catalog, database, options: optionsOf(stmt.options) },
      };
    }
    case 'CreateFunction':
      return {
        kind: 'CatalogAction',
        action: {
          kind: 'CreateFunction',
          path: ctx.catalogs.qualify(partsOf(stmt.name)),
          fn: {
            kind: 'function',
            className: stmt.className,
            language: stmt.language ?? 'JAVA',
            jars: stmt.jars,
          },
          temporary: stmt.temporary,
          ignoreIfExists: stmt.ifNotExists,
        },
      };
    case 'UseCatalog': {
      const name = stmt.name.value;
      if (!ctx.catalogs.hasCatalog(name)) {
        throw validationError(
          `A catalog with name [${name}] does not exist.`,
          stmt.name.span,
          didYouMean(name, ctx.catalogs.catalogNames()),
        );
      }
      return { kind: 'CatalogAction', action: { kind: 'UseCatalog', name } };
    }
    case 'UseDatabase': {
      const { catalog, database } = databasePath(stmt.name, ctx);
      checkCatalog(catalog, stmt.name, ctx);
      if (!ctx.catalogs.hasDatabase(catalog, database)) {
        throw validationError(
          `A database with name [${database}] does not exist in the catalog: [${catalog}].`,
          stmt.name.span,
          didYouMean(database, ctx.catalogs.databaseNames(catalog)),
        );
      }
      return { kind: 'CatalogAction', action: { kind: 'UseDatabase', catalog, database } };
    }
    case 'Show': {
      const like = stmt.like
        ? {
            like: {
              pattern: stmt.like.pattern,
              negated: stmt.like.negated,
              caseInsensitive: stmt.like.caseInsensitive,
            },
          }
        : {};
      if (stmt.what === 'COLUMNS' || stmt.what === 'PARTITIONS') {
        const found = resolveTableName(stmt.from!, ctx.catalogs);
        return { kind: 'Show', what: stmt.what, table: found.path, ...like };
      }
      if (stmt.from) {
        const parts = partsOf(stmt.from);
        if (stmt.what === 'DATABASES') {
          checkCatalog(parts[0]!, stmt.from, ctx);
          return { kind: 'Show', what: stmt.what, catalog: parts[0]!, ...like };
        }
        const { catalog, database } = databasePath(stmt.from, ctx);
        checkCatalog(catalog, stmt.from, ctx);
        return { kind: 'Show', what: stmt.what, catalog, database, ...like };
      }
      return {
        kind: 'Show',
        what: stmt.what,
        catalog: ctx.catalogs.currentCatalog,
        database: ctx.catalogs.currentDatabase,
        ...like,
      };
    }
    case 'ShowCreate': {
      if (stmt.objectType === 'CATALOG') {
        const name = partsOf(stmt.name).join('.');
        checkCatalog(name, stmt.name, ctx);
        return { kind: 'ShowCreate', objectType: 'CATALOG', catalog: name };
      }
      const found = resolveTableName(stmt.name, ctx.catalogs);
      if ((stmt.objectType === 'VIEW') !== (found.table.kind === 'view')) {
        throw validationError(
          stmt.objectType === 'VIEW'
            ? 'SHOW CREATE VIEW is only supported for views, but the object is a table. Use SHOW CREATE TABLE instead.'
            : 'SHOW CREATE TABLE is only supported for tables, but the object is a view. Use SHOW CREATE VIEW instead.',
          stmt.name.span,
        );
      }
      return { kind: 'ShowCreate', objectType: stmt.objectType, path: found.path };
    }
    case 'Describe':
      return {
        kind: 'Describe',
        path: resolveTableName(stmt.name, ctx.catalogs).path,
        extended: stmt.extended,
      };
    case 'SetStatement':
      return stmt.property
        ? { kind: 'Set', key: stmt.property.key, value: stmt.property.value }
        : { kind: 'Set' };
    case 'ResetStatement':
      return stmt.key === undefined ? { kind: 'Reset' } : { kind: 'Reset', key: stmt.key };
    case 'Explain':
      return { kind: 'Explain', details: stmt.details, statement: bindStatement(stmt.statement, ctx) };
    case 'StopJob':
      return {
        kind: 'StopJob',
        jobId: stmt.jobId,
        withSavepoint: stmt.withSavepoint,
        withDrain: stmt.withDrain,
      };
    case 'LoadModule':
      return { kind: 'LoadModule', name: stmt.name.value, options: optionsOf(stmt.options) };
    case 'UnloadModule':
      return { kind: 'UnloadModule', name: stmt.name.value };
    case 'UseModules':
      return { kind: 'UseModules', names: stmt.names.map((n) => n.value) };
    case 'JarStatement':
      return { kind: 'Jar', action: stmt.action, path: stmt.path };
    case 'TruncateTable': {
      const found = resolveTableName(stmt.name, ctx.catalogs);
      if (found.table.kind !== 'table')
        throw validationError(`TRUNCATE TABLE is not supported for views`, stmt.name.span);
      return { kind: 'TruncateTable', path: found.path };
    }
    case 'AlterCatalog': {
      const name = stmt.name.value;
      if (!ctx.catalogs.hasCatalog(name)) {
        throw validationError(
          `Catalog ${name} does not exist.`,
          stmt.name.span,
          didYouMean(name, ctx.catalogs.catalogNames()),
        );
      }
      return {
        kind: 'AlterCatalog',
        name,
        ...(stmt.set ? { set: optionsOf(stmt.set) } : {}),
        ...(stmt.reset ? { reset: stmt.reset } : {}),
        ...(stmt.comment === undefined ? {} : { comment: stmt.comment }),
      };
    }
    case 'AlterFunction':
      return {
        kind: 'CatalogAction',
        action: {
          kind: 'AlterFunction',
          path: ctx.catalogs.qualify(partsOf(stmt.name)),
          fn: { kind: 'function', className: stmt.className, language: stmt.language ?? 'JAVA', jars: [] },
          temporary: stmt.temporary,
          ignoreIfNotExists: stmt.ifExists,
        },
      };
  }
  throw validationError(`Unsupported statement ${(stmt as Statement).kind}`, (stmt as Statement).span);
}
