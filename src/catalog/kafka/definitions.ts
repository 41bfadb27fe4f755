/**
 * Kafka catalog definitions: one file per catalog in the top-level `catalogs/` folder (JSON or
 * YAML), or the options of `CREATE CATALOG c WITH ('type' = 'kafka', ...)`. A catalog is an
 * environment; its one Kafka cluster is its database; topics are tables; schemas come from the
 * Schema Registry. Validation errors name the file, the field and the fix.
 *
 * ```json
 * { "name": "default", "database": "cluster_0",
 *   "kafka": { "bootstrap.servers": "127.0.0.1:9092", "properties": { "security.protocol": "SASL_SSL", ... } },
 *   "schemaRegistry": { "url": "http://127.0.0.1:8081", "basicAuth": "key:secret" },
 *   "defaults": { "partitions": 6, "keyFormat": "avro-registry", "valueFormat": "avro-registry" } }
 * ```
 */
import { readdirSync, readFileSync } from 'node:fs';
import { extname, join } from 'node:path';
import { parse as parseYaml } from 'yaml';

export interface KafkaCatalogDefinition {
  readonly name: string;
  /** The database name the cluster appears under. */
  readonly database: string;
  /** Kafka client properties, `bootstrap.servers` included (Java names: security.protocol, sasl.*, ssl.*). */
  readonly kafka: Readonly<Record<string, string>>;
  readonly schemaRegistry: { readonly url: string; readonly basicAuth?: string };
  readonly defaults: {
    readonly partitions: number;
    readonly keyFormat: string;
    readonly valueFormat: string;
  };
  /** Where the definition came from, for error messages. */
  readonly source: string;
}

export class CatalogDefinitionError extends Error {
  constructor(source: string, field: string, problem: string, fix: string) {
    super(`${source}: field '${field}' ${problem}. ${fix}`);
    this.name = 'CatalogDefinitionError';
  }
}

const REGISTRY_FORMATS = ['avro-registry', 'json-registry', 'proto-registry'];
const KEY_FORMATS = ['raw', ...REGISTRY_FORMATS];

const isObject = (x: unknown): x is Record<string, unknown> =>
  typeof x === 'object' && x !== null && !Array.isArray(x);

function stringField(
  source: string,
  obj: Record<string, unknown>,
  field: string,
  path: string,
  fallback?: string,
): string {
  const v = obj[field];
  if (v === undefined && fallback !== undefined) return fallback;
  if (typeof v !== 'string' || v.trim() === '') {
    throw new CatalogDefinitionError(
      source,
      path,
      v === undefined ? 'is missing' : 'must be a non-empty string',
      `Set "${path}" to a string.`,
    );
  }
  return v;
}

/** Validates a parsed definition document. */
export function validateDefinition(doc: unknown, source: string): KafkaCatalogDefinition {
  if (!isObject(doc))
    throw new CatalogDefinitionError(
      source,
      '(root)',
      'is not an object',
      'Write a JSON or YAML object with name, kafka and schemaRegistry.',
    );
  const known = new Set(['name', 'database', 'kafka', 'schemaRegistry', 'defaults']);
  for (const k of Object.keys(doc)) {
    if (!known.has(k))
      throw new CatalogDefinitionError(
        source,
        k,
        'is not a catalog field',
        `Remove it; known fields: ${[...known].join(', ')}.`,
      );
  }
  const name = stringField(source, doc, 'name', 'name');
  const database = stringField(source, doc, 'database', 'database', 'cluster_0');
  const kafkaDoc = doc.kafka;
  if (!isObject(kafkaDoc))
    throw new CatalogDefinitionError(
      source,
      'kafka',
      'is missing or not an object',
      'Add "kafka": { "bootstrap.servers": "host:9092" }.',
    );
  const kafka: Record<string, string> = {
    'bootstrap.servers': stringField(source, kafkaDoc, 'bootstrap.servers', 'kafka.bootstrap.servers'),
  };
  for (const [k, v] of Object.entries(kafkaDoc)) {
    if (k === 'bootstrap.servers') continue;
    if (k !== 'properties')
      throw new CatalogDefinitionError(
        source,
        `kafka.${k}`,
        'is not a kafka field',
        'Put client properties under "kafka.properties".',
      );
    if (!isObject(v))
      throw new CatalogDefinitionError(
        source,
        'kafka.properties',
        'must be an object of strings',
        'Write e.g. { "security.protocol": "SASL_SSL" }.',
      );
    for (const [pk, pv] of Object.entries(v)) {
      if (typeof pv !== 'string' && typeof pv !== 'number' && typeof pv !== 'boolean') {
        throw new CatalogDefinitionError(
          source,
          `kafka.properties.${pk}`,
          'must be a string',
          'Quote the value.',
        );
      }
      kafka[pk] = String(pv);
    }
  }
  const sr = doc.schemaRegistry;
  if (!isObject(sr))
    throw new CatalogDefinitionError(
      source,
      'schemaRegistry',
      'is missing or not an object',
      'Add "schemaRegistry": { "url": "http://host:8081" }.',
    );
  const url = stringField(source, sr, 'url', 'schemaRegistry.url');
  if (!/^https?:\/\//.test(url))
    throw new CatalogDefinitionError(
      source,
      'schemaRegistry.url',
      `is '${url}', not an http(s) URL`,
      'Write e.g. "http://127.0.0.1:8081".',
    );
  const basicAuth =
    sr.basicAuth === undefined ? undefined : stringField(source, sr, 'basicAuth', 'schemaRegistry.basicAuth');
  if (basicAuth !== undefined && !basicAuth.includes(':')) {
    throw new CatalogDefinitionError(
      source,
      'schemaRegistry.basicAuth',
      'must be "key:secret"',
      'Write the API key and secret separated by a colon.',
    );
  }
  const d = doc.defaults === undefined ? {} : doc.defaults;
  if (!isObject(d))
    throw new CatalogDefinitionError(
      source,
      'defaults',
      'must be an object',
      'Write e.g. { "partitions": 6 }.',
    );
  const partitions = d.partitions ?? 6;
  if (typeof partitions !== 'number' || !Number.isInteger(partitions) || partitions < 1) {
    throw new CatalogDefinitionError(
      source,
      'defaults.partitions',
      `is ${JSON.stringify(partitions)}`,
      'Use a positive integer.',
    );
  }
  const keyFormat = stringField(source, d, 'keyFormat', 'defaults.keyFormat', 'avro-registry');
  const valueFormat = stringField(source, d, 'valueFormat', 'defaults.valueFormat', 'avro-registry');
  if (!KEY_FORMATS.includes(keyFormat))
    throw new CatalogDefinitionError(
      source,
      'defaults.keyFormat',
      `is '${keyFormat}'`,
      `Use one of ${KEY_FORMATS.join(', ')}.`,
    );
  if (!REGISTRY_FORMATS.includes(valueFormat))
    throw new CatalogDefinitionError(
      source,
      'defaults.valueFormat',
      `is '${valueFormat}'`,
      `Use one of ${REGISTRY_FORMATS.join(', ')}.`,
    );
  return {
    name,
    database,
    kafka,
    schemaRegistry: basicAuth === undefined ? { url } : { url, basicAuth },
    defaults: { partitions, keyFormat, valueFormat },
    source,
  };
}

/**
 * `${NAME}` and `${NAME:-fallback}` in any string of a definition are replaced from the environment,
 * so secrets (SASL passwords, registry keys) need not be written into catalog files, and the shipped
 * default catalog follows the embedded broker and registry wherever `tributary start` bound them.
 */
export function substituteEnvironment(
  doc: unknown,
  env: Readonly<Record<string, string | undefined>>,
  source: string,
  path = '',
): unknown {
  if (typeof doc === 'string') {
    return doc.replace(
      /\$\{([A-Za-z_][A-Za-z0-9_]*)(?::-([^}]*))?\}/g,
      (_, name: string, fallback?: string) => {
        const value = env[name] ?? fallback;
        if (value === undefined) {
          throw new CatalogDefinitionError(
            source,
            path || '(root)',
            `refers to the environment variable ${name}, which is not set`,
            `Set ${name}, or write \${${name}:-default} to give a fallback.`,
          );
        }
        return value;
      },
    );
  }
  if (Array.isArray(doc)) return doc.map((v, i) => substituteEnvironment(v, env, source, `${path}[${i}]`));
  if (isObject(doc)) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(doc)) {
      out[k] = substituteEnvironment(v, env, source, path === '' ? k : `${path}.${k}`);
    }
    return out;
  }
  return doc;
}

/** Reads and validates one definition file (.json, .yaml or .yml), environment references resolved. */
export function loadDefinitionFile(
  file: string,
  env: Readonly<Record<string, string | undefined>> = process.env,
): KafkaCatalogDefinition {
  const text = readFileSync(file, 'utf8');
  let doc: unknown;
  try {
    doc = extname(file) === '.json' ? JSON.parse(text) : parseYaml(text);
  } catch (e) {
    throw new CatalogDefinitionError(
      file,
      '(file)',
      `cannot be parsed: ${e instanceof Error ? e.message : String(e)}`,
      'Fix the syntax.',
    );
  }
  return validateDefinition(substituteEnvironment(doc, env, file), file);
}

/** Every definition in a folder, sorted by file name; duplicate catalog names are an error. */
export function loadDefinitions(dir: string): KafkaCatalogDefinition[] {
  const files = readdirSync(dir)
    .filter((f) => /\.(json|ya?ml)$/.test(f))
    .sort();
  const defs = files.map((f) => loadDefinitionFile(join(dir, f)));
  const seen = new Map<string, string>();
  for (const d of defs) {
    const other = seen.get(d.name);
    if (other !== undefined)
      throw new CatalogDefinitionError(
        d.source,
        'name',
        `'${d.name}' is also used by ${other}`,
        'Give every catalog a unique name.',
      );
    seen.set(d.name, d.source);
  }
  return defs;
}

/**
 * A definition from `CREATE CATALOG ... WITH (...)` options: 'bootstrap.servers',
 * 'schema.registry.url', optional 'schema.registry.basic-auth.user-info', 'default-database',
 * 'default.partitions', 'default.key.format', 'default.value.format' and 'properties.*'.
 */
export function definitionFromOptions(
  name: string,
  options: Readonly<Record<string, string>>,
): KafkaCatalogDefinition {
  const source = `CREATE CATALOG ${name}`;
  const known = [
    'type',
    'bootstrap.servers',
    'schema.registry.url',
    'schema.registry.basic-auth.user-info',
    'default-database',
    'default.partitions',
    'default.key.format',
    'default.value.format',
  ];
  const properties: Record<string, string> = {};
  for (const [k, v] of Object.entries(options)) {
    if (k.startsWith('properties.')) properties[k.slice(11)] = v;
    else if (!known.includes(k))
      throw new CatalogDefinitionError(
        source,
        k,
        'is not a kafka catalog option',
        `Use one of ${known.join(', ')} or 'properties.<kafka client property>'.`,
      );
  }
  const schemaRegistry: Record<string, unknown> = { url: options['schema.registry.url'] };
  if (options['schema.registry.basic-auth.user-info'] !== undefined)
    schemaRegistry.basicAuth = options['schema.registry.basic-auth.user-info'];
  return validateDefinition(
    {
      name,
      ...(options['default-database'] ? { database: options['default-database'] } : {}),
      kafka: { 'bootstrap.servers': options['bootstrap.servers'], properties },
      schemaRegistry,
      defaults: {
        ...(options['default.partitions'] ? { partitions: Number(options['default.partitions']) } : {}),
        ...(options['default.key.format'] ? { keyFormat: options['default.key.format'] } : {}),
        ...(options['default.value.format'] ? { valueFormat: options['default.value.format'] } : {}),
      },
    },
    source,
  );
}

/** Environment variables that override the cluster and registry of definitions loaded from a folder. */
export const BOOTSTRAP_ENV = 'TRIBUTARY_KAFKA_BOOTSTRAP';
export const SCHEMA_REGISTRY_ENV = 'TRIBUTARY_SCHEMA_REGISTRY_URL';

/**
 * The definition with `TRIBUTARY_KAFKA_BOOTSTRAP` / `TRIBUTARY_SCHEMA_REGISTRY_URL` applied, so the
 * shipped `catalogs/default.json` can point at a broker and registry on other ports (tests, CI).
 */
export function withEnvironmentOverrides(
  definition: KafkaCatalogDefinition,
  env: Readonly<Record<string, string | undefined>>,
): KafkaCatalogDefinition {
  const bootstrap = env[BOOTSTRAP_ENV]?.trim();
  const url = env[SCHEMA_REGISTRY_ENV]?.trim();
  if (!bootstrap && !url) return definition;
  if (url && !/^https?:\/\//.test(url)) {
    throw new CatalogDefinitionError(
      `environment variable ${SCHEMA_REGISTRY_ENV}`,
      'schemaRegistry.url',
      `is '${url}', not an http(s) URL`,
      'Write e.g. "http://127.0.0.1:8081".',
    );
  }
  return {
    ...definition,
    kafka: bootstrap ? { ...definition.kafka, 'bootstrap.servers': bootstrap } : definition.kafka,
    schemaRegistry: url ? { ...definition.schemaRegistry, url } : definition.schemaRegistry,
  };
}
