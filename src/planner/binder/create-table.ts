/** CREATE TABLE (with LIKE) → a schema draft → a CatalogTable. */
import type { CatalogTable } from '../../catalog/catalog.ts';
import type { ColumnDef, CreateTable, LikeClause, LikeOption } from '../../sql/ast.ts';
import type { BindContext } from './context.ts';
import { optionsOf } from './context.ts';
import { didYouMean, validationError } from './errors.ts';
import { type DraftColumn, draftOf, resolveSchema, type SchemaDraft } from './schema-resolver.ts';
import { toLogicalType } from './types.ts';

export function draftColumn(c: ColumnDef): DraftColumn {
  const comment = c.comment === undefined ? {} : { comment: c.comment };
  switch (c.kind) {
    case 'PhysicalColumn':
      return {
        kind: 'physical',
        name: c.name.value,
        type: toLogicalType(c.type),
        span: c.name.span,
        ...comment,
      };
    case 'MetadataColumn':
      return {
        kind: 'metadata',
        name: c.name.value,
        type: toLogicalType(c.type),
        virtual: c.virtual,
        span: c.name.span,
        ...(c.from === undefined ? {} : { key: c.from }),
        ...comment,
      };
    case 'ComputedColumn':
      return { kind: 'computed', name: c.name.value, expr: c.expr, span: c.name.span, ...comment };
  }
}

/** The declared parts of a CREATE TABLE, before LIKE merging. */
export function draftOfCreate(stmt: CreateTable): SchemaDraft {
  const columnPk = stmt.columns.filter((c) => c.kind === 'PhysicalColumn' && c.primaryKey);
  if (columnPk.length > 1 || (columnPk.length === 1 && stmt.primaryKey)) {
    throw validationError('Duplicate primary key definition', (stmt.primaryKey ?? columnPk[1]!).span);
  }
  const pkColumns = stmt.primaryKey
    ? stmt.primaryKey.columns.map((c) => c.value)
    : columnPk.map((c) => c.name.value);
  const pk = stmt.primaryKey ?? columnPk[0];
  const dist = stmt.distribution;
  return {
    columns: stmt.columns.map(draftColumn),
    watermarks: stmt.watermarks.map((w) => ({
      column: w.column.value,
      expr: w.expr,
      span: w.span,
      columnSpan: w.column.span,
    })),
    ...(pk
      ? {
          primaryKey: {
            columns: pkColumns,
            span: pk.span,
            columnSpans: stmt.primaryKey
              ? stmt.primaryKey.columns.map((c) => c.span)
              : columnPk.map((c) => c.name.span),
            ...(stmt.primaryKey?.constraintName ? { name: stmt.primaryKey.constraintName.value } : {}),
          },
        }
      : {}),
    partitionKeys: stmt.partitionedBy.map((p) => ({ name: p.value, span: p.span })),
    ...(dist
      ? {
          distribution: {
            columns: dist.columns.map((c) => c.value),
            span: dist.span,
            ...(dist.algorithm ? { algorithm: dist.algorithm } : {}),
            ...(dist.buckets !== undefined ? { buckets: dist.buckets } : {}),
          },
        }
      : {}),
    options: optionsOf(stmt.options),
    ...(stmt.comment === undefined ? {} : { comment: stmt.comment }),
  };
}

type Feature = Exclude<LikeOption['feature'], 'ALL'>;
type Strategy = LikeOption['strategy'];
const FEATURES: readonly Feature[] = [
  'CONSTRAINTS',
  'DISTRIBUTION',
  'GENERATED',
  'METADATA',
  'OPTIONS',
  'PARTITIONS',
  'WATERMARKS',
];

/** Flink's defaults: INCLUDING ALL OVERWRITING OPTIONS. */
function likeStrategies(like: LikeClause): Map<Feature, Strategy> {
  const strategies = new Map<Feature, Strategy>(
    FEATURES.map((f) => [f, f === 'OPTIONS' ? 'OVERWRITING' : 'INCLUDING']),
  );
  for (const o of like.options) {
    if (o.feature === 'CONSTRAINTS' && o.strategy === 'OVERWRITING') {
      throw validationError(`Illegal merging strategy 'OVERWRITING' for 'CONSTRAINTS' option.`, o.span);
    }
    if (o.feature === 'ALL') {
      for (const f of FEATURES) strategies.set(f, o.strategy);
    } else {
      strategies.set(o.feature, o.strategy);
    }
  }
  return strategies;
}

/** Merges a LIKE source table with the declared parts, per Flink's MergeTableLikeUtil. */
function mergeLike(source: CatalogTable, declared: SchemaDraft, like: LikeClause): SchemaDraft {
  const strategy = likeStrategies(like);
  const base = draftOf(source);
  const columns: DraftColumn[] = [];
  const include = (kind: DraftColumn['kind']): Strategy =>
    kind === 'physical'
      ? 'INCLUDING'
      : (strategy.get(kind === 'computed' ? 'GENERATED' : 'METADATA') ?? 'INCLUDING');
  for (const c of base.columns) {
    if (include(c.kind) !== 'EXCLUDING') columns.push(c);
  }
  for (const c of declared.columns) {
    const existing = columns.findIndex((b) => b.name === c.name);
    if (existing < 0) {
      columns.push(c);
      continue;
    }
    const old = columns[existing]!;
    if (old.kind === 'physical' || c.kind === 'physical') {
      throw validationError(`A column named '${c.name}' already exists in the base table.`, c.span);
    }
    const feature = old.kind === 'computed' ? 'GENERATED' : 'METADATA';
    if (strategy.get(feature) !== 'OVERWRITING') {
      const what = old.kind === 'computed' ? 'generated' : 'metadata';
      throw validationError(
        `A ${what} column named '${c.name}' already exists in the base table. You might want to specify EXCLUDING ${feature} or OVERWRITING ${feature}.`,
        c.span,
      );
    }
    columns[existing] = c;
  }
  let watermarks = strategy.get('WATERMARKS') === 'EXCLUDING' ? [] : [...base.watermarks];
  for (const w of declared.watermarks) {
    const clash = watermarks.findIndex((b) => b.column === w.column);
    if (clash >= 0 && strategy.get('WATERMARKS') !== 'OVERWRITING') {
      throw validationError(
        `There already exists a watermark spec for column '${w.column}' in the base table. You might want to specify EXCLUDING WATERMARKS or OVERWRITING WATERMARKS.`,
        w.span,
      );
    }
    watermarks = [...watermarks.filter((b) => b.column !== w.column), w];
  }
  let primaryKey = strategy.get('CONSTRAINTS') === 'EXCLUDING' ? undefined : base.primaryKey;
  if (declared.primaryKey) {
    if (primaryKey) {
      throw validationError(
        'The base table already has a primary key. You might want to specify EXCLUDING CONSTRAINTS.',
        declared.primaryKey.span,
      );
    }
    primaryKey = declared.primaryKey;
  }
  let partitionKeys = strategy.get('PARTITIONS') === 'EXCLUDING' ? [] : base.partitionKeys;
  if (declared.partitionKeys.length > 0) {
    if (partitionKeys.length > 0 && strategy.get('PARTITIONS') !== 'OVERWRITING') {
      throw validationError(
        'The base table already has partitions defined. You might want to specify EXCLUDING PARTITIONS.',
        declared.partitionKeys[0]!.span,
      );
    }
    partitionKeys = declared.partitionKeys;
  }
  let distribution = strategy.get('DISTRIBUTION') === 'EXCLUDING' ? undefined : base.distribution;
  if (declared.distribution) {
    if (distribution && strategy.get('DISTRIBUTION') !== 'OVERWRITING') {
      throw validationError(
        'The base table already has a distribution defined. You might want to specify EXCLUDING DISTRIBUTION.',
        declared.distribution.span,
      );
    }
    distribution = declared.distribution;
  }
  const optionStrategy = strategy.get('OPTIONS');
  const options: Record<string, string> = optionStrategy === 'EXCLUDING' ? {} : { ...base.options };
  for (const [k, v] of Object.entries(declared.options)) {
    if (optionStrategy === 'INCLUDING' && k in options) {
      throw validationError(
        `There already exists an option ['${k}' -> '${options[k]}']  in the base table. You might want to specify EXCLUDING OPTIONS or OVERWRITING OPTIONS.`,
        like.span,
      );
    }
    options[k] = v;
  }
  return {
    columns,
    watermarks,
    ...(primaryKey ? { primaryKey } : {}),
    partitionKeys,
    ...(distribution ? { distribution } : {}),
    options,
    ...(declared.comment === undefined ? {} : { comment: declared.comment }),
  };
}

export function bindCreateTableSchema(stmt: CreateTable, ctx: BindContext): CatalogTable {
  let draft = draftOfCreate(stmt);
  if (stmt.like) {
    const parts = stmt.like.source.parts.map((p) => p.value);
    const found = ctx.catalogs.lookupTable(parts);
    if (!found) {
      const path = ctx.catalogs.qualify(parts);
      throw validationError(
        `Source table '${parts.join('.')}' of the LIKE clause not found in the catalog`,
        stmt.like.source.span,
        didYouMean(path.name, ctx.catalogs.tableNamesIn(path.catalog, path.database)),
      );
    }
    if (found.table.kind !== 'table') {
      throw validationError(
        `Source table '${parts.join('.')}' of the LIKE clause can not be a VIEW`,
        stmt.like.source.span,
      );
    }
    draft = mergeLike(found.table, draft, stmt.like);
  }
  return resolveSchema(draft, stmt.span);
}
