/**
 * Wires Kafka catalogs into a CatalogManager: `CREATE CATALOG c WITH ('type' = 'kafka', ...)`
 * through a registered factory, and the definitions of a `catalogs/` folder registered at start.
 * All Kafka catalogs of a process share one metadata store under the data directory.
 */
import type { CatalogManager } from '../catalog-manager.ts';
import { definitionFromOptions, loadDefinitions, withEnvironmentOverrides } from './definitions.ts';
import { KafkaCatalog } from './kafka-catalog.ts';
import { MetadataStore } from './metadata-store.ts';

export interface KafkaCatalogSetup {
  /** Where the metadata store lives; in memory when absent. */
  readonly dataDir?: string;
  /** A folder of catalog definitions (JSON/YAML) to register. */
  readonly definitionsDir?: string;
  /** Whose TRIBUTARY_KAFKA_BOOTSTRAP / TRIBUTARY_SCHEMA_REGISTRY_URL override the folder's definitions (default: process.env). */
  readonly environment?: Readonly<Record<string, string | undefined>>;
}

export function registerKafkaCatalogs(
  manager: CatalogManager,
  setup: KafkaCatalogSetup = {},
): { store: MetadataStore; catalogs: KafkaCatalog[] } {
  const store = new MetadataStore(setup.dataDir);
  manager.registerCatalogFactory(
    'kafka',
    (name, options) => new KafkaCatalog(definitionFromOptions(name, options), store),
  );
  const catalogs = (setup.definitionsDir ? loadDefinitions(setup.definitionsDir) : []).map(
    (d) => new KafkaCatalog(withEnvironmentOverrides(d, setup.environment ?? process.env), store),
  );
  for (const c of catalogs) manager.registerCatalog(c);
  return { store, catalogs };
}

export {
  CatalogDefinitionError,
  definitionFromOptions,
  type KafkaCatalogDefinition,
  loadDefinitionFile,
  loadDefinitions,
  validateDefinition,
  withEnvironmentOverrides,
} from './definitions.ts';
export { isInternalTopic, KafkaCatalog } from './kafka-catalog.ts';
export { MetadataStore } from './metadata-store.ts';
