/**
 * The benchmark's events outside the engine: the same generator with the options of
 * sql-examples/nexmark/ddl.sql (read from its WITH clause), for the limits and for DuckDB.
 */
import {
  createNexmarkBatch,
  type NexmarkBatch,
  NexmarkGenerator,
  parseNexmarkOptions,
} from '../../src/connectors/nexmark/index.ts';
import { nexmarkDdl } from './engine.ts';

/** The `nexmark` table's WITH options from ddl.sql, with `events.num` set. */
export function ddlOptions(events: number): Record<string, string> {
  const ddl = nexmarkDdl(events);
  const withClause = ddl.slice(ddl.indexOf(') WITH ('));
  const options: Record<string, string> = {};
  for (const m of withClause.matchAll(/'([^']+)'\s*=\s*'([^']*)'/g)) options[m[1]!] = m[2]!;
  return options;
}

/** Calls `each` with successive batches of the ddl.sql stream of `events` events. */
export function forEachBatch(events: number, each: (batch: NexmarkBatch) => void): void {
  const generator = new NexmarkGenerator(parseNexmarkOptions(ddlOptions(events)));
  const batch = createNexmarkBatch(1024);
  while (generator.hasNext()) {
    generator.nextBatch(1024, batch);
    each(batch);
  }
}
