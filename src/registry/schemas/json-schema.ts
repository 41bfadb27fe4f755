import { errors } from '../errors.ts';
import type { JsonValue, ParsedJsonSchema, ResolvedReference } from './types.ts';

const JSON_TYPES = new Set(['null', 'boolean', 'object', 'array', 'number', 'integer', 'string']);
const SCHEMA_KEYWORDS = [
  'not',
  'additionalProperties',
  'items',
  'contains',
  'propertyNames',
  'if',
  'then',
  'else',
];
const SCHEMA_ARRAY_KEYWORDS = ['allOf', 'anyOf', 'oneOf', 'prefixItems'];
const SCHEMA_MAP_KEYWORDS = ['properties', 'patternProperties', 'definitions', '$defs', 'dependentSchemas'];
const NON_NEGATIVE_KEYWORDS = [
  'maxLength',
  'minLength',
  'maxItems',
  'minItems',
  'maxProperties',
  'minProperties',
];
const NUMBER_KEYWORDS = ['maximum', 'minimum', 'exclusiveMaximum', 'exclusiveMinimum', 'multipleOf'];

/** Parses a JSON Schema document and checks its structure (keyword value shapes), recursively. */
export function parseJsonSchema(text: string, references: readonly ResolvedReference[]): ParsedJsonSchema {
  const document = parse(text, 'schema');
  validateSchema(document, '#');
  const referenced = new Map<string, JsonValue>();
  const load = (refs: readonly ResolvedReference[]): void => {
    for (const ref of refs) {
      if (referenced.has(ref.name)) continue;
      const refDocument = parse(ref.schema, `reference '${ref.name}'`);
      validateSchema(refDocument, ref.name);
      referenced.set(ref.name, refDocument);
      load(ref.references);
    }
  };
  load(references);
  return {
    kind: 'json',
    document,
    referenced,
    canonical: JSON.stringify(document),
    normalized: JSON.stringify(sortKeys(document)),
  };
}

function parse(text: string, what: string): JsonValue {
  try {
    return JSON.parse(text) as JsonValue;
  } catch (error) {
    throw errors.invalidSchema(`${what} is not valid JSON: ${(error as Error).message}`);
  }
}

function isObject(value: JsonValue | undefined): value is { [key: string]: JsonValue } {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

function validateSchema(node: JsonValue, path: string): void {
  if (typeof node === 'boolean') return;
  if (!isObject(node))
    throw errors.invalidSchema(`${path} must be an object or a boolean, found ${show(node)}`);
  const type = node['type'];
  if (type !== undefined) {
    const types = Array.isArray(type) ? type : [type];
    if (types.length === 0) throw errors.invalidSchema(`${path}/type must not be an empty array`);
    for (const t of types) {
      if (typeof t !== 'string' || !JSON_TYPES.has(t))
        throw errors.invalidSchema(
          `${path}/type has unknown type ${show(t)}; expected one of ${[...JSON_TYPES]}`,
        );
    }
  }
  for (const keyword of SCHEMA_KEYWORDS) {
    const value = node[keyword];
    if (value === undefined) continue;
    // Draft 4-7 allow `items` to be an array of schemas (tuple validation).
    if (keyword === 'items' && Array.isArray(value)) {
      for (const [i, item] of value.entries()) validateSchema(item, `${path}/items/${i}`);
    } else validateSchema(value, `${path}/${keyword}`);
  }
  for (const keyword of SCHEMA_ARRAY_KEYWORDS) {
    const value = node[keyword];
    if (value === undefined) continue;
    if (!Array.isArray(value) || value.length === 0)
      throw errors.invalidSchema(`${path}/${keyword} must be a non-empty array of schemas`);
    for (const [i, item] of value.entries()) validateSchema(item, `${path}/${keyword}/${i}`);
  }
  for (const keyword of SCHEMA_MAP_KEYWORDS) {
    const value = node[keyword];
    if (value === undefined) continue;
    if (!isObject(value)) throw errors.invalidSchema(`${path}/${keyword} must be an object of schemas`);
    for (const [name, sub] of Object.entries(value)) validateSchema(sub, `${path}/${keyword}/${name}`);
  }
  const required = node['required'];
  if (required !== undefined && (!Array.isArray(required) || required.some((r) => typeof r !== 'string')))
    throw errors.invalidSchema(`${path}/required must be an array of property names`);
  const enumValues = node['enum'];
  if (enumValues !== undefined && !Array.isArray(enumValues))
    throw errors.invalidSchema(`${path}/enum must be an array`);
  for (const keyword of NON_NEGATIVE_KEYWORDS) {
    const value = node[keyword];
    if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < 0))
      throw errors.invalidSchema(`${path}/${keyword} must be a non-negative integer`);
  }
  for (const keyword of NUMBER_KEYWORDS) {
    const value = node[keyword];
    // Draft 4 spells exclusiveMaximum/exclusiveMinimum as booleans.
    if (
      value !== undefined &&
      typeof value !== 'number' &&
      !(keyword.startsWith('exclusive') && typeof value === 'boolean')
    )
      throw errors.invalidSchema(`${path}/${keyword} must be a number`);
  }
  const ref = node['$ref'];
  if (ref !== undefined && typeof ref !== 'string')
    throw errors.invalidSchema(`${path}/$ref must be a string`);
  const pattern = node['pattern'];
  if (pattern !== undefined) {
    if (typeof pattern !== 'string') throw errors.invalidSchema(`${path}/pattern must be a string`);
    try {
      new RegExp(pattern, 'u');
    } catch (error) {
      throw errors.invalidSchema(
        `${path}/pattern is not a valid regular expression: ${(error as Error).message}`,
      );
    }
  }
}

function show(value: JsonValue | undefined): string {
  return JSON.stringify(value) ?? 'undefined';
}

function sortKeys(node: JsonValue): JsonValue {
  if (Array.isArray(node)) return node.map(sortKeys);
  if (!isObject(node)) return node;
  const out: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(node).sort()) out[key] = sortKeys(node[key] as JsonValue);
  return out;
}
