/**
 * The datagen connector's options, exactly Flink's: `rows-per-second` (default 10000),
 * `number-of-rows` (bounded when set), and per field `fields.<name>.kind` = random | sequence with the
 * generator options described in generators.ts.
 *
 * Tributary extension: `seed` (an integer) makes the random values reproducible; without it every run
 * draws a fresh seed. DATE, TIME and TIMESTAMP values follow the processing-time clock, as in Flink.
 */
import type { CatalogTable } from '../../catalog/catalog.ts';
import type { LogicalType } from '../../expr/types.ts';
import {
  ConnectorOptionError,
  ConnectorOptionReader,
  type ConnectorOptions,
  physicalRowType,
  rejectMetadataColumns,
} from '../options.ts';
import { type FieldGenerator, randomGenerator, sequenceGenerator } from './generators.ts';
import { randomSeed } from './random.ts';

export const DEFAULT_ROWS_PER_SECOND = 10_000;

export interface DatagenConfig {
  readonly rowsPerSecond: number;
  /** Rows to emit: the smallest of `number-of-rows` and the sequences' lengths; undefined = unbounded. */
  readonly totalRows: number | undefined;
  readonly seed: number;
  readonly fieldNames: readonly string[];
  readonly fieldTypes: readonly LogicalType[];
  readonly generators: readonly FieldGenerator[];
}

export function parseDatagenOptions(table: CatalogTable, options: ConnectorOptions): DatagenConfig {
  rejectMetadataColumns(table, 'datagen');
  const reader = new ConnectorOptionReader('datagen', options);
  const rowsPerSecond = reader.integer('rows-per-second', DEFAULT_ROWS_PER_SECOND, 1)!;
  const numberOfRows = reader.integer('number-of-rows', undefined, 0);
  const seed = reader.integer('seed', undefined) ?? randomSeed();
  const rowType = physicalRowType(table);
  const generators: FieldGenerator[] = [];
  for (const field of rowType.fields) {
    const prefix = `fields.${field.name}`;
    const kindKey = `${prefix}.kind`;
    const kind = (reader.string(kindKey) ?? 'random').trim().toLowerCase();
    const ctx = { prefix, field: field.name, reader, topLevel: true };
    if (kind === 'random') generators.push({ kind: 'random', next: randomGenerator(field.type, ctx) });
    else if (kind === 'sequence') generators.push(sequenceGenerator(field.type, ctx));
    else {
      throw new ConnectorOptionError(
        `Option '${kindKey}' of field '${field.name}' must be 'random' or 'sequence', got '${options[kindKey]}'`,
      );
    }
  }
  const unknownField = Object.keys(options).find(
    (k) => k.startsWith('fields.') && !rowType.fields.some((f) => k.startsWith(`fields.${f.name}.`)),
  );
  if (unknownField !== undefined) {
    throw new ConnectorOptionError(
      `Option '${unknownField}' refers to a field the table does not have; columns: ${rowType.fields.map((f) => f.name).join(', ')}`,
    );
  }
  reader.checkUnknown();
  let totalRows = numberOfRows;
  for (const g of generators) {
    if (g.kind === 'sequence') totalRows = totalRows === undefined ? g.count : Math.min(totalRows, g.count);
  }
  return {
    rowsPerSecond,
    totalRows,
    seed,
    fieldNames: rowType.fields.map((f) => f.name),
    fieldTypes: rowType.fields.map((f) => f.type),
    generators,
  };
}
