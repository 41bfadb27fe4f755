/** ALTER TABLE actions applied to a CatalogTable's draft, validated with Flink's messages. */
import type { CatalogTable } from '../../catalog/catalog.ts';
import type { AlterTableAction, Expr, Span } from '../../sql/ast.ts';
import { collect } from './ast-walk.ts';
import { draftColumn } from './create-table.ts';
import { validationError } from './errors.ts';
import { type DraftColumn, draftOf, resolveSchema, type SchemaDraft } from './schema-resolver.ts';

const columnsIn = (e: Expr): string[] =>
  (collect(e, (x) => x.kind === 'ColumnRef') as Extract<Expr, { kind: 'ColumnRef' }>[]).map(
    (r) => r.parts[r.parts.length - 1]!.value,
  );

function referencedBy(draft: SchemaDraft, column: string): string | undefined {
  for (const c of draft.columns) {
    if (c.kind === 'computed' && columnsIn(c.expr).includes(column)) return `computed column \`${c.name}\``;
  }
  for (const w of draft.watermarks) {
    if (w.column === column || columnsIn(w.expr).includes(column)) return `watermark expression`;
  }
  if (draft.primaryKey?.columns.includes(column)) return 'primary key';
  if (draft.partitionKeys.some((p) => p.name === column)) return 'partition key';
  if (draft.distribution?.columns.includes(column)) return 'distribution';
  return undefined;
}

function place(
  columns: DraftColumn[],
  column: DraftColumn,
  position: { position: 'FIRST' | 'AFTER'; after?: { value: string; span: Span } } | undefined,
): void {
  if (!position) {
    columns.push(column);
  } else if (position.position === 'FIRST') {
    columns.unshift(column);
  } else {
    const at = columns.findIndex((c) => c.name === position.after!.value);
    if (at < 0) {
      throw validationError(
        `Referenced column \`${position.after!.value}\` by 'AFTER' does not exist in the table.`,
        position.after!.span,
      );
    }
    columns.splice(at + 1, 0, column);
  }
}

/** The altered table, or a rename (handled as its own catalog action). */
export function alterTable(table: CatalogTable, action: AlterTableAction): CatalogTable {
  const base = draftOf(table);
  let draft: SchemaDraft = base;
  switch (action.kind) {
    case 'AlterSchemaAction': {
      const columns = [...base.columns];
      let watermarks = [...base.watermarks];
      let primaryKey = base.primaryKey;
      let distribution = base.distribution;
      for (const item of action.items) {
        if (item.kind === 'SchemaColumnChange') {
          const col = draftColumn(item.column);
          const existing = columns.findIndex((c) => c.name === col.name);
          if (action.mode === 'ADD') {
            if (existing >= 0)
              throw validationError(
                `Try to add a column \`${col.name}\` which already exists in the table.`,
                item.column.name.span,
              );
          } else {
            if (existing < 0)
              throw validationError(
                `Try to modify a column \`${col.name}\` which does not exist in the table.`,
                item.column.name.span,
              );
            columns.splice(existing, 1);
            if (!item.position) {
              columns.splice(existing, 0, col);
              continue;
            }
          }
          place(columns, col, item.position);
        } else if (item.kind === 'WatermarkDef') {
          if (action.mode === 'ADD' && watermarks.length > 0) {
            throw validationError(
              `The base table has already defined the watermark strategy \`${watermarks[0]!.column}\` AS ${table.watermark?.exprText ?? ''}. You might want to drop it before adding a new one.`,
              item.span,
            );
          }
          if (action.mode === 'MODIFY' && watermarks.length === 0) {
            throw validationError(
              'The base table does not define any watermark. You might want to add a new one.',
              item.span,
            );
          }
          watermarks = [
            { column: item.column.value, expr: item.expr, span: item.span, columnSpan: item.column.span },
          ];
        } else if (item.kind === 'PrimaryKeyDef') {
          if (action.mode === 'ADD' && primaryKey) {
            throw validationError(
              `The base table has already defined the primary key constraint [${primaryKey.columns.map((c) => `\`${c}\``).join(', ')}]. You might want to drop it before adding a new one.`,
              item.span,
            );
          }
          if (action.mode === 'MODIFY' && !primaryKey) {
            throw validationError(
              'The base table does not define any primary key constraint. You might want to add a new one.',
              item.span,
            );
          }
          primaryKey = {
            columns: item.columns.map((c) => c.value),
            span: item.span,
            ...(item.constraintName ? { name: item.constraintName.value } : {}),
          };
        } else {
          if (action.mode === 'ADD' && distribution) {
            throw validationError(
              'The base table has already defined a distribution. You might want to drop it before adding a new one.',
              item.span,
            );
          }
          if (action.mode === 'MODIFY' && !distribution) {
            throw validationError(
              'The base table does not define any distribution. You might want to add a new one.',
              item.span,
            );
          }
          distribution = {
            columns: item.columns.map((c) => c.value),
            span: item.span,
            ...(item.algorithm ? { algorithm: item.algorithm } : {}),
            ...(item.buckets !== undefined ? { buckets: item.buckets } : {}),
          };
        }
        // a column declared PRIMARY KEY inline in ADD/MODIFY
        if (
          item.kind === 'SchemaColumnChange' &&
          item.column.kind === 'PhysicalColumn' &&
          item.column.primaryKey
        ) {
          if (primaryKey && action.mode === 'ADD') {
            throw validationError(
              `The base table has already defined the primary key constraint [${primaryKey.columns.map((c) => `\`${c}\``).join(', ')}]. You might want to drop it before adding a new one.`,
              item.span,
            );
          }
          primaryKey = { columns: [item.column.name.value], span: item.span };
        }
      }
      const { primaryKey: _pk, distribution: _d, ...rest } = base;
      draft = {
        ...rest,
        columns,
        watermarks,
        ...(primaryKey ? { primaryKey } : {}),
        ...(distribution ? { distribution } : {}),
      };
      break;
    }
    case 'AlterDropAction': {
      const { primaryKey, distribution, ...rest } = base;
      switch (action.what) {
        case 'COLUMNS': {
          let columns = [...base.columns];
          let interim: SchemaDraft = base;
          for (const n of action.names) {
            if (!columns.some((c) => c.name === n.value)) {
              throw validationError(`The column \`${n.value}\` does not exist in the base table.`, n.span);
            }
            columns = columns.filter((c) => c.name !== n.value);
            interim = { ...interim, columns };
          }
          for (const n of action.names) {
            const by = referencedBy(interim, n.value);
            if (by) throw validationError(`The column \`${n.value}\` is referenced by ${by}.`, n.span);
          }
          draft = interim;
          break;
        }
        case 'WATERMARK':
          if (base.watermarks.length === 0)
            throw validationError('The base table does not define any watermark strategy.', action.span);
          draft = { ...base, watermarks: [] };
          break;
        case 'PRIMARY KEY':
        case 'CONSTRAINT': {
          const name = action.names[0]?.value;
          if (!primaryKey)
            throw validationError('The base table does not define any primary key.', action.span);
          if (
            action.what === 'CONSTRAINT' &&
            name !== undefined &&
            primaryKey.name !== undefined &&
            name !== primaryKey.name
          ) {
            throw validationError(
              `The base table does not define a primary key constraint named '${name}'. Available constraint name: ['${primaryKey.name}'].`,
              action.span,
            );
          }
          draft = { ...rest, ...(distribution ? { distribution } : {}) };
          break;
        }
        case 'DISTRIBUTION':
          if (!distribution)
            throw validationError('The base table does not define any distribution.', action.span);
          draft = { ...rest, ...(primaryKey ? { primaryKey } : {}) };
          break;
      }
      break;
    }
    case 'AlterRenameColumn': {
      const from = action.from.value;
      if (!base.columns.some((c) => c.name === from)) {
        throw validationError(`The column \`${from}\` does not exist in the base table.`, action.from.span);
      }
      if (base.columns.some((c) => c.name === action.to.value)) {
        throw validationError(
          `The column \`${action.to.value}\` already existed in table schema.`,
          action.to.span,
        );
      }
      const withoutSelf = { ...base, columns: base.columns.filter((c) => c.name !== from) };
      const by = referencedBy(
        { ...withoutSelf, primaryKey: undefined, partitionKeys: [], distribution: undefined },
        from,
      );
      if (by) throw validationError(`The column \`${from}\` is referenced by ${by}.`, action.from.span);
      const rename = (n: string) => (n === from ? action.to.value : n);
      draft = {
        ...base,
        columns: base.columns.map((c) => (c.name === from ? { ...c, name: action.to.value } : c)),
        ...(base.primaryKey
          ? { primaryKey: { ...base.primaryKey, columns: base.primaryKey.columns.map(rename) } }
          : {}),
        partitionKeys: base.partitionKeys.map((p) => ({ ...p, name: rename(p.name) })),
        ...(base.distribution
          ? { distribution: { ...base.distribution, columns: base.distribution.columns.map(rename) } }
          : {}),
      };
      break;
    }
    case 'AlterSetOptions': {
      const options = { ...base.options };
      for (const p of action.options) options[p.key] = p.value;
      draft = { ...base, options };
      break;
    }
    case 'AlterResetOptions': {
      const options = { ...base.options };
      for (const k of action.keys) delete options[k];
      draft = { ...base, options };
      break;
    }
    case 'AlterRenameTable':
      return table;
  }
  return resolveSchema(draft, action.span);
}
