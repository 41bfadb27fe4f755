import avro from 'avsc';
import { errors } from '../errors.ts';
import type { JsonValue, ParsedAvro, ResolvedReference } from './types.ts';

/** Parses an Avro schema; referenced schemas are parsed first so their named types are in scope. */
export function parseAvro(text: string, references: readonly ResolvedReference[]): ParsedAvro {
  const registry: Record<string, avro.Type> = {};
  const seen = new Set<string>();
  const load = (refs: readonly ResolvedReference[]): void => {
    for (const ref of refs) {
      if (seen.has(ref.name)) continue;
      seen.add(ref.name);
      load(ref.references);
      forSchema(parseJson(ref.schema, `reference '${ref.name}'`), registry, `reference '${ref.name}'`);
    }
  };
  load(references);
  const document = parseJson(text, 'schema');
  const type = forSchema(document, registry, 'schema');
  return {
    kind: 'avro',
    type,
    canonical: JSON.stringify(document),
    normalized: JSON.stringify(normalizeAvro(document)),
  };
}

function parseJson(text: string, what: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    // A bare unquoted primitive name such as `string` is not JSON but Confluent accepts it.
    if (/^\s*[a-z]+\s*$/.test(text)) return text.trim();
    throw errors.invalidSchema(`${what} is not valid JSON: ${(error as Error).message}`);
  }
}

function forSchema(document: JsonValue, registry: Record<string, avro.Type>, what: string): avro.Type {
  try {
    // avsc's schema typings are looser than JsonValue; any JSON document is an acceptable input.
    return avro.Type.forSchema(document as avro.Schema, { registry });
  } catch (error) {
    throw errors.invalidSchema(`${what}: ${(error as Error).message}`);
  }
}

const KEY_ORDER = [
  'type',
  'name',
  'namespace',
  'doc',
  'fields',
  'symbols',
  'items',
  'values',
  'size',
  'default',
];

/** Confluent-style normalization: `{"type":"int"}` collapses to `"int"`, keys in a fixed order. */
function normalizeAvro(node: JsonValue): JsonValue {
  if (Array.isArray(node)) return node.map(normalizeAvro);
  if (node === null || typeof node !== 'object') return node;
  const keys = Object.keys(node);
  if (keys.length === 1 && keys[0] === 'type' && typeof node['type'] === 'string') return node['type'];
  const ordered = [...keys].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const out: { [key: string]: JsonValue } = {};
  for (const key of ordered) {
    const value = node[key] as JsonValue;
    // Defaults are values, not schemas: keep them verbatim.
    out[key] = key === 'default' ? value : normalizeAvro(value);
  }
  return out;
}

function rank(key: string): number {
  const index = KEY_ORDER.indexOf(key);
  return index === -1 ? KEY_ORDER.length : index;
}
