/**
 * The official Schema Registry client, imported from its own module rather than the package's index:
 * the index also loads the field-encryption rule executors with the AWS, Azure, GCP and Vault SDKs
 * (about 1.8 s of CPU at every process and compute-pool worker start, against 0.4 s for the client).
 * The engine uses only the client; the serializers stay available from the package index to tests.
 */
export {
  type SchemaInfo,
  SchemaRegistryClient,
} from '@confluentinc/schemaregistry/dist/schemaregistry-client.js';
