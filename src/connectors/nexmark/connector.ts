/**
 * `'connector' = 'nexmark'`: a source-only connector over the Nexmark generator. The table must have
 * the physical columns of Flink's nexmark DDL (`event_type INT` and the `person`, `auction`, `bid`
 * ROWs with the reference's fields); computed columns (`dateTime`) and the watermark are the
 * planner's. Columns are matched by name, so a query reading only `event_type` and `bid` gets just those.
 */
import type { CatalogTable } from '../../catalog/catalog.ts';
import type { LogicalType } from '../../expr/types.ts';
import { INSERT_ONLY } from '../../planner/physical/changelog-mode.ts';
import type { ConnectorFactory, ConnectorTable, SourceOptions } from '../../planner/physical/connectors.ts';
import { ConnectorOptionError } from '../options.ts';
import type { NexmarkFieldSelection } from './generator.ts';
import { NexmarkOptionError, parseNexmarkOptions } from './options.ts';
import { NEXMARK_TABLE_SCHEMA, type NexmarkField } from './schema.ts';
import { NexmarkSource } from './source.ts';

const COLUMN_NAMES = NEXMARK_TABLE_SCHEMA.columns.map((c) => c.name);

/** The type kind a schema type string names: `TIMESTAMP(3)` → `TIMESTAMP`. */
const kindOf = (type: string): string => type.replace(/\(.*$/, '');

function checkRowFields(column: string, type: LogicalType, fields: readonly NexmarkField[]): void {
  const expected = `ROW<${fields.map((f) => `${f.name} ${f.type}`).join(', ')}>`;
  const mismatch = (): ConnectorOptionError =>
    new ConnectorOptionError(
      `Connector 'nexmark' needs column '${column}' of type ${expected}; declare it as in sql-examples/nexmark/ddl.sql`,
    );
  if (type.kind !== 'ROW' || type.fields.length !== fields.length) throw mismatch();
  type.fields.forEach((f, i) => {
    const want = fields[i]!;
    if (f.name.toLowerCase() !== want.name.toLowerCase() || f.type.kind !== kindOf(want.type))
      throw mismatch();
  });
}

/**
 * For each requested column (an index into `table.columns`), its index in
 * `[event_type, person, auction, bid]`; undefined when all four are requested in order.
 */
export function nexmarkProjection(table: CatalogTable, columns: readonly number[]): number[] | undefined {
  const projection = columns.map((c) => {
    const column = table.columns[c];
    const index = column === undefined ? -1 : COLUMN_NAMES.indexOf(column.name);
    if (column === undefined || column.kind !== 'physical' || index < 0) {
      throw new ConnectorOptionError(
        `Connector 'nexmark' cannot produce column '${column?.name ?? c}': it provides the physical columns ${COLUMN_NAMES.join(', ')}`,
      );
    }
    const spec = NEXMARK_TABLE_SCHEMA.columns[index]!;
    if (spec.fields === undefined) {
      if (column.type.kind !== kindOf(spec.type)) {
        throw new ConnectorOptionError(
          `Connector 'nexmark' needs column '${column.name}' of type ${spec.type}, got ${column.type.kind}`,
        );
      }
    } else {
      checkRowFields(column.name, column.type, spec.fields);
    }
    return index;
  });
  const identity = projection.length === COLUMN_NAMES.length && projection.every((p, i) => p === i);
  return identity ? undefined : projection;
}

/**
 * The ROW fields to build per event kind: for each of `person`, `auction`, `bid`, the fields the
 * query reads (`readFields`), none when the column is not produced, all when it is read whole.
 */
export function nexmarkFieldSelection(
  projection: readonly number[] | undefined,
  readFields: SourceOptions['readFields'],
): NexmarkFieldSelection {
  const produced = projection ?? [0, 1, 2, 3];
  const forColumn = (column: number): readonly number[] | undefined => {
    const at = produced.indexOf(column);
    if (at < 0) return [];
    return readFields?.[at];
  };
  const person = forColumn(1);
  const auction = forColumn(2);
  const bid = forColumn(3);
  return {
    ...(person === undefined ? {} : { person }),
    ...(auction === undefined ? {} : { auction }),
    ...(bid === undefined ? {} : { bid }),
  };
}

export function createNexmarkSource(table: ConnectorTable, options: SourceOptions): NexmarkSource {
  let config: ReturnType<typeof parseNexmarkOptions>;
  try {
    config = parseNexmarkOptions(table.options);
  } catch (e) {
    if (e instanceof NexmarkOptionError) throw new ConnectorOptionError(e.message);
    throw e;
  }
  const projection = nexmarkProjection(table.table, options.columns);
  return new NexmarkSource(
    config,
    `Nexmark(${table.path.name})`,
    projection,
    nexmarkFieldSelection(projection, options.readFields),
  );
}

/** The connector factory registered under `nexmark` (a source only: there is no nexmark sink). */
export function nexmarkConnectorFactory(): ConnectorFactory {
  return {
    sourceChangelogMode: () => INSERT_ONLY,
    createSource: createNexmarkSource,
  };
}
