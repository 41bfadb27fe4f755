import type { JsonValue, ParsedJsonSchema } from '../schemas/types.ts';

/**
 * JSON Schema compatibility after Confluent's documented rules: the reader schema must accept every
 * document the writer schema accepts. Covered: type narrowing/widening (integer ⊂ number), enum and
 * const, required properties, properties added/removed under open, partially open
 * (additionalProperties as a schema) and closed (additionalProperties: false) content models,
 * additionalProperties changes, numeric/length/size bounds, multipleOf, pattern, array items,
 * anyOf/oneOf/allOf, and $ref (local pointers and references by name).
 */
export function checkJsonSchema(reader: ParsedJsonSchema, writer: ParsedJsonSchema): string[] {
  return new JsonSchemaChecker(reader, writer).compare(writer.document, reader.document, '#');
}

type Schema = { readonly [key: string]: JsonValue };

const UPPER_BOUNDS = ['maximum', 'exclusiveMaximum', 'maxLength', 'maxItems', 'maxProperties'];
const LOWER_BOUNDS = ['minimum', 'exclusiveMinimum', 'minLength', 'minItems', 'minProperties'];
const MAX_DEPTH = 64;

class JsonSchemaChecker {
  constructor(
    private readonly reader: ParsedJsonSchema,
    private readonly writer: ParsedJsonSchema,
  ) {}

  compare(writerNode: JsonValue, readerNode: JsonValue, path: string, depth = 0): string[] {
    if (depth > MAX_DEPTH) return [];
    const w = this.resolve(writerNode, this.writer);
    const r = this.resolve(readerNode, this.reader);
    if (w === false || r === true) return [];
    if (r === false) return [message('TYPE_NARROWED', 'the new schema accepts nothing', path)];
    const writer: Schema = w === true ? {} : w;
    const reader: Schema = r;
    const out: string[] = [];
    const next = (wn: JsonValue, rn: JsonValue, p: string) => out.push(...this.compare(wn, rn, p, depth + 1));

    const readerBranches = (reader['anyOf'] ?? reader['oneOf']) as JsonValue[] | undefined;
    if (readerBranches !== undefined) {
      const writerBranches = (writer['anyOf'] ?? writer['oneOf'] ?? [writer]) as JsonValue[];
      writerBranches.forEach((branch, i) => {
        if (
          !readerBranches.some((candidate) => this.compare(branch, candidate, path, depth + 1).length === 0)
        )
          out.push(
            message('COMBINED_TYPE_SUBSCHEMAS_CHANGED', `writer subschema ${i} is not accepted`, path),
          );
      });
      return out;
    }
    for (const [i, member] of ((reader['allOf'] ?? []) as JsonValue[]).entries())
      next(writer, member, `${path}/allOf/${i}`);

    const readerTypes = typesOf(reader);
    if (readerTypes !== undefined) {
      const writerTypes = typesOf(writer);
      const accepted = (t: string) =>
        readerTypes.includes(t) || (t === 'integer' && readerTypes.includes('number'));
      if (writerTypes === undefined || !writerTypes.every(accepted))
        out.push(
          message(
            'TYPE_NARROWED',
            `type ${show(writerTypes ?? 'any')} narrowed to ${show(readerTypes)}`,
            path,
          ),
        );
    }
    const readerEnum = reader['enum'];
    if (Array.isArray(readerEnum)) {
      const writerEnum = writer['enum'];
      const values = Array.isArray(writerEnum)
        ? writerEnum
        : 'const' in writer
          ? [writer['const'] ?? null]
          : undefined;
      if (values === undefined || !values.every((v) => readerEnum.some((e) => show(e) === show(v))))
        out.push(message('ENUM_ARRAY_NARROWED', `enum narrowed to ${show(readerEnum)}`, `${path}/enum`));
    }
    if ('const' in reader && show(writer['const']) !== show(reader['const']))
      out.push(message('CONST_CHANGED', `const changed to ${show(reader['const'])}`, `${path}/const`));
    for (const keyword of UPPER_BOUNDS)
      out.push(...bound(writer, reader, keyword, path, (wv, rv) => wv <= rv));
    for (const keyword of LOWER_BOUNDS)
      out.push(...bound(writer, reader, keyword, path, (wv, rv) => wv >= rv));
    out.push(...bound(writer, reader, 'multipleOf', path, (wv, rv) => Number.isInteger(wv / rv)));
    if (reader['pattern'] !== undefined && reader['pattern'] !== writer['pattern'])
      out.push(
        message(
          writer['pattern'] === undefined ? 'PATTERN_ADDED' : 'PATTERN_CHANGED',
          'pattern',
          `${path}/pattern`,
        ),
      );

    const writerRequired = new Set((writer['required'] ?? []) as string[]);
    for (const name of (reader['required'] ?? []) as string[])
      if (!writerRequired.has(name))
        out.push(
          message('REQUIRED_ATTRIBUTE_ADDED', `property '${name}' became required`, `${path}/required`),
        );

    this.compareProperties(writer, reader, path, next, out);
    const readerItems = reader['items'];
    if (readerItems !== undefined && !Array.isArray(readerItems)) {
      const writerItems = writer['items'];
      if (writerItems === undefined) next(true, readerItems, `${path}/items`);
      else if (!Array.isArray(writerItems)) next(writerItems, readerItems, `${path}/items`);
      else for (const [i, item] of writerItems.entries()) next(item, readerItems, `${path}/items/${i}`);
    }
    return out;
  }

  private compareProperties(
    writer: Schema,
    reader: Schema,
    path: string,
    next: (w: JsonValue, r: JsonValue, p: string) => void,
    out: string[],
  ): void {
    const writerProps = (writer['properties'] ?? {}) as Schema;
    const readerProps = (reader['properties'] ?? {}) as Schema;
    const writerExtra = writer['additionalProperties'] ?? true;
    const readerExtra = reader['additionalProperties'] ?? true;
    for (const [name, readerProp] of Object.entries(readerProps)) {
      const propPath = `${path}/properties/${name}`;
      if (name in writerProps) next(writerProps[name] ?? true, readerProp, propPath);
      else if (writerExtra === true) {
        // Old data may carry this property with any value, unless the new property accepts anything.
        if (!isEmptySchema(readerProp))
          out.push(message('PROPERTY_ADDED_TO_OPEN_CONTENT_MODEL', `property '${name}' added`, propPath));
      } else if (writerExtra !== false) next(writerExtra, readerProp, propPath);
    }
    for (const [name, writerProp] of Object.entries(writerProps)) {
      if (name in readerProps) continue;
      const propPath = `${path}/properties/${name}`;
      if (readerExtra === false)
        out.push(
          message('PROPERTY_REMOVED_FROM_CLOSED_CONTENT_MODEL', `property '${name}' removed`, propPath),
        );
      else if (readerExtra !== true) next(writerProp, readerExtra, propPath);
    }
    if (readerExtra !== true) {
      if (writerExtra === true)
        out.push(
          message(
            readerExtra === false ? 'ADDITIONAL_PROPERTIES_REMOVED' : 'ADDITIONAL_PROPERTIES_NARROWED',
            'additional properties restricted',
            `${path}/additionalProperties`,
          ),
        );
      else if (writerExtra !== false) next(writerExtra, readerExtra, `${path}/additionalProperties`);
    }
  }

  /** Follows `$ref` to a local pointer (`#/...`) or to a referenced schema by name (`name#/...`). */
  private resolve(node: JsonValue, owner: ParsedJsonSchema): Schema | boolean {
    let current: JsonValue = node;
    let root: JsonValue = owner.document;
    for (let hops = 0; hops < MAX_DEPTH; hops++) {
      if (typeof current === 'boolean') return current;
      if (current === null || typeof current !== 'object' || Array.isArray(current)) return true;
      const ref = current['$ref'];
      if (typeof ref !== 'string') return current;
      const [target = '', pointer = ''] = ref.split('#');
      if (target !== '') root = owner.referenced.get(target) ?? true;
      current = followPointer(root, pointer);
    }
    return true;
  }
}

function followPointer(root: JsonValue, pointer: string): JsonValue {
  let node: JsonValue = root;
  for (const raw of pointer.split('/').filter((p) => p !== '')) {
    const key = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return true;
    node = (Array.isArray(node) ? node[Number(key)] : node[key]) ?? true;
  }
  return node;
}

function typesOf(schema: Schema): string[] | undefined {
  const type = schema['type'];
  if (type === undefined) return undefined;
  return (Array.isArray(type) ? type : [type]).filter((t): t is string => typeof t === 'string');
}

function isEmptySchema(node: JsonValue): boolean {
  return node === true || (node !== null && typeof node === 'object' && Object.keys(node).length === 0);
}

function bound(
  writer: Schema,
  reader: Schema,
  keyword: string,
  path: string,
  within: (writerValue: number, readerValue: number) => boolean,
): string[] {
  const rv = reader[keyword];
  if (typeof rv !== 'number') return [];
  const wv = writer[keyword];
  if (typeof wv !== 'number')
    return [message(`${snake(keyword)}_ADDED`, `${keyword} ${rv} added`, `${path}/${keyword}`)];
  if (!within(wv, rv))
    return [
      message(`${snake(keyword)}_CHANGED`, `${keyword} changed from ${wv} to ${rv}`, `${path}/${keyword}`),
    ];
  return [];
}

function snake(keyword: string): string {
  return keyword.replace(/([A-Z])/g, '_$1').toUpperCase();
}

function show(value: JsonValue | string | undefined): string {
  return JSON.stringify(value) ?? 'undefined';
}

function message(errorType: string, description: string, path: string): string {
  return `{errorType:'${errorType}', description:'${description}', path:'${path}'}`;
}
