/**
 * Resolves a table schema draft into a CatalogTable, as Flink's DefaultSchemaResolver does: source
 * columns first, computed columns bound against them, one watermark on a TIMESTAMP(p ≤ 3) or
 * TIMESTAMP_LTZ(p ≤ 3) column (which becomes a rowtime attribute), primary key columns NOT NULL,
 * partition and bucket keys checked. Used by CREATE TABLE, LIKE, CTAS and ALTER TABLE.
 */
import type { CatalogColumn, CatalogTable, DistributionSpec, PrimaryKeySpec } from '../../catalog/catalog.ts';
import { formatType, type LogicalType, withNullability, withoutTimeAttribute } from '../../expr/types.ts';
import type { Expr, Span } from '../../sql/ast.ts';
import { formatExpr } from '../../sql/format/index.ts';
import { didYouMean, validationError } from './errors.ts';
import { ExprBinder } from './expr-binder.ts';
import { Scope } from './scope.ts';

/** A column as declared; computed columns get their type when resolved. */
export type DraftColumn =
  | {
      readonly kind: 'physical';
      readonly name: string;
      readonly type: LogicalType;
      readonly comment?: string;
      readonly span?: Span;
    }
  | {
      readonly kind: 'metadata';
      readonly name: string;
      readonly type: LogicalType;
      readonly key?: string;
      readonly virtual: boolean;
      readonly comment?: string;
      readonly span?: Span;
    }
  | {
      readonly kind: 'computed';
      readonly name: string;
      readonly expr: Expr;
      readonly comment?: string;
      readonly span?: Span;
    };

export interface SchemaDraft {
  readonly columns: readonly DraftColumn[];
  readonly watermarks: readonly {
    readonly column: string;
    readonly expr: Expr;
    readonly span?: Span;
    readonly columnSpan?: Span;
  }[];
  readonly primaryKey?: {
    readonly name?: string;
    readonly columns: readonly string[];
    readonly span?: Span;
    readonly columnSpans?: readonly Span[];
  };
  readonly partitionKeys: readonly { readonly name: string; readonly span?: Span }[];
  readonly distribution?: DistributionSpec & { readonly span?: Span };
  readonly options: Readonly<Record<string, string>>;
  readonly comment?: string;
}

/** The draft of an existing table, for ALTER TABLE and LIKE. */
export function draftOf(table: CatalogTable): SchemaDraft {
  const columns = table.columns.map((c): DraftColumn => {
    const comment = c.comment === undefined ? {} : { comment: c.comment };
    if (c.kind === 'physical')
      return { kind: 'physical', name: c.name, type: withoutTimeAttribute(c.type), ...comment };
    if (c.kind === 'computed') return { kind: 'computed', name: c.name, expr: c.expr, ...comment };
    return {
      kind: 'metadata',
      name: c.name,
      type: withoutTimeAttribute(c.type),
      virtual: c.virtual,
      ...(c.key === undefined ? {} : { key: c.key }),
      ...comment,
    };
  });
  return {
    columns,
    watermarks: table.watermark
      ? [{ column: table.watermark.rowtimeColumn, expr: table.watermark.expr }]
      : [],
    ...(table.primaryKey
      ? { primaryKey: { name: table.primaryKey.name, columns: table.primaryKey.columns } }
      : {}),
    partitionKeys: table.partitionKeys.map((name) => ({ name })),
    ...(table.distribution ? { distribution: table.distribution } : {}),
    options: table.options,
    ...(table.comment === undefined ? {} : { comment: table.comment }),
  };
}

const isTimestampP3 = (t: LogicalType): boolean =>
  (t.kind === 'TIMESTAMP' || t.kind === 'TIMESTAMP_LTZ') && t.precision <= 3;

export function resolveSchema(draft: SchemaDraft, span: Span | undefined): CatalogTable {
  const seen = new Set<string>();
  for (const c of draft.columns) {
    if (seen.has(c.name)) throw validationError(`Duplicate column name '${c.name}'`, c.span ?? span);
    seen.add(c.name);
  }
  const pk = draft.primaryKey;
  const pkName = pk ? (pk.name ?? `PK_${pk.columns.join('_')}`) : undefined;
  if (pk) {
    const dup = pk.columns.filter((c, i) => pk.columns.indexOf(c) !== i);
    if (dup.length > 0) {
      throw validationError(
        `Invalid primary key '${pkName}'. A primary key must not contain duplicate columns. Found: [${[...new Set(dup)].join(', ')}]`,
        pk.span ?? span,
      );
    }
    for (const [i, name] of pk.columns.entries()) {
      const col = draft.columns.find((c) => c.name === name);
      if (!col) {
        throw validationError(
          `Invalid primary key '${pkName}'. Column '${name}' does not exist.`,
          pk.columnSpans?.[i] ?? pk.span ?? span,
          didYouMean(
            name,
            draft.columns.map((c) => c.name),
          ),
        );
      }
      if (col.kind !== 'physical') {
        throw validationError(
          `Invalid primary key '${pkName}'. Column '${name}' is not a physical column.`,
          pk.span ?? span,
        );
      }
    }
  }
  const pkColumns = new Set(pk?.columns ?? []);
  // source columns first; primary key columns become NOT NULL
  const sourceColumns: { name: string; type: LogicalType }[] = [];
  for (const c of draft.columns) {
    if (c.kind === 'computed') continue;
    sourceColumns.push({
      name: c.name,
      type: pkColumns.has(c.name) ? withNullability(c.type, false) : c.type,
    });
  }
  const sourceScope = new Scope([{ alias: '', fields: sourceColumns, offset: 0 }]);
  const resolved: CatalogColumn[] = draft.columns.map((c) => {
    const comment = c.comment === undefined ? {} : { comment: c.comment };
    if (c.kind === 'computed') {
      const bound = new ExprBinder({ scope: sourceScope, clause: 'computed column' }).bind(c.expr);
      return {
        kind: 'computed',
        name: c.name,
        type: bound.type,
        expr: c.expr,
        exprText: formatExpr(c.expr),
        ...comment,
      };
    }
    const type = pkColumns.has(c.name) ? withNullability(c.type, false) : c.type;
    if (c.kind === 'physical') return { kind: 'physical', name: c.name, type, ...comment };
    return {
      kind: 'metadata',
      name: c.name,
      type,
      virtual: c.virtual,
      ...(c.key === undefined ? {} : { key: c.key }),
      ...comment,
    };
  });

  let watermark: CatalogTable['watermark'];
  if (draft.watermarks.length > 1) {
    throw validationError(
      'Multiple watermark definitions are not supported yet.',
      draft.watermarks[1]!.span ?? span,
    );
  }
  const wm = draft.watermarks[0];
  if (wm) {
    const index = resolved.findIndex((c) => c.name === wm.column);
    const column = resolved[index];
    if (!column) {
      throw validationError(
        `The rowtime attribute field '${wm.column}' is not defined in the table schema. Available columns are: [${resolved.map((c) => c.name).join(', ')}]`,
        wm.columnSpan ?? wm.span ?? span,
        didYouMean(
          wm.column,
          resolved.map((c) => c.name),
        ),
      );
    }
    if (column.type.kind === 'TIMESTAMP_LTZ' && column.type.timeAttribute === 'proctime') {
      throw validationError(
        'A watermark can not be defined for a processing-time attribute.',
        wm.columnSpan ?? span,
      );
    }
    if (!isTimestampP3(column.type)) {
      throw validationError(
        `Invalid data type of time field for watermark definition. The field must be of type TIMESTAMP(p) or TIMESTAMP_LTZ(p), the supported precision 'p' is from 0 to 3, but the time field type is ${formatType(column.type)}`,
        wm.columnSpan ?? wm.span ?? span,
      );
    }
    const allScope = new Scope([
      {
        alias: '',
        fields: resolved.map((c) => ({ name: c.name, type: withoutTimeAttribute(c.type) })),
        offset: 0,
      },
    ]);
    const bound = new ExprBinder({ scope: allScope, clause: 'watermark' }).bind(wm.expr);
    if (!isTimestampP3(bound.type)) {
      throw validationError(
        `Invalid data type of expression for watermark definition. The field must be of type TIMESTAMP(p) or TIMESTAMP_LTZ(p), the supported precision 'p' is from 0 to 3, but the watermark expression type is ${formatType(bound.type)}`,
        wm.expr.span,
      );
    }
    // SOURCE_WATERMARK(): the source emits watermarks in its rowtime column's own terms
    const fromSource = bound.kind === 'call' && bound.name === 'SOURCE_WATERMARK';
    if (!fromSource && bound.type.kind !== column.type.kind) {
      throw validationError(
        `The watermark declaration's output data type '${formatType(bound.type)}' is different from the time field's data type '${formatType(column.type)}'.`,
        wm.expr.span,
      );
    }
    resolved[index] = {
      ...column,
      type: { ...(column.type as LogicalType & { kind: 'TIMESTAMP' }), timeAttribute: 'rowtime' },
    };
    watermark = { rowtimeColumn: wm.column, expr: wm.expr, exprText: formatExpr(wm.expr) };
  }

  const names = resolved.map((c) => c.name);
  for (const key of draft.partitionKeys) {
    if (!names.includes(key.name)) {
      throw validationError(
        `Partition column '${key.name}' not defined in the table schema. Available columns: [${names.map((n) => `'${n}'`).join(', ')}]`,
        key.span ?? span,
        didYouMean(key.name, names),
      );
    }
  }
  const physical = resolved.filter((c) => c.kind === 'physical').map((c) => c.name);
  if (draft.distribution) {
    for (const key of draft.distribution.columns) {
      if (!physical.includes(key)) {
        throw validationError(
          `Invalid bucket key '${key}'. A bucket key for a distribution must reference a physical column in the schema. Available columns are: [${physical.join(', ')}]`,
          draft.distribution.span ?? span,
        );
      }
    }
    if (draft.distribution.buckets !== undefined && draft.distribution.buckets <= 0) {
      throw validationError(
        `Bucket count must be greater than 0, but was ${draft.distribution.buckets}.`,
        draft.distribution.span ?? span,
      );
    }
  }
  const primaryKey: PrimaryKeySpec | undefined =
    pk && pkName ? { name: pkName, columns: pk.columns } : undefined;
  const distribution = draft.distribution
    ? {
        columns: draft.distribution.columns,
        ...(draft.distribution.algorithm ? { algorithm: draft.distribution.algorithm } : {}),
        ...(draft.distribution.buckets !== undefined ? { buckets: draft.distribution.buckets } : {}),
      }
    : undefined;
  return {
    kind: 'table',
    columns: resolved,
    ...(watermark ? { watermark } : {}),
    ...(primaryKey ? { primaryKey } : {}),
    partitionKeys: draft.partitionKeys.map((k) => k.name),
    ...(distribution ? { distribution } : {}),
    options: draft.options,
    ...(draft.comment === undefined ? {} : { comment: draft.comment }),
  };
}
