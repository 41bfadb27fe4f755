/** What binding reads besides the statement: the session's catalogs and configuration. */
import type { CatalogReader } from '../../catalog/catalog.ts';

export interface BindContext {
  readonly catalogs: CatalogReader;
  /** Session configuration (`SET 'k' = 'v'`). */
  readonly config: ReadonlyMap<string, string>;
}

/** Options map from `WITH ('k' = 'v', ...)` (later keys win, as Flink's parser keeps the last). */
export function optionsOf(props: readonly { key: string; value: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of props) out[p.key] = p.value;
  return out;
}
