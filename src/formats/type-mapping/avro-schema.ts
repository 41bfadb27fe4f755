/**
 * Avro schemas as a resolved tree: named-type references replaced by their definitions, so mapping and
 * value conversion walk one structure. Recursive schemas are rejected (a Flink row type cannot nest
 * itself).
 */
import { FormatOptionError } from '../format.ts';

export type AvroPrimitiveName = 'null' | 'boolean' | 'int' | 'long' | 'float' | 'double' | 'bytes' | 'string';

interface AvroBase {
  /** The schema's JSON object (or the bare name), for logical types and custom properties. */
  readonly props: Readonly<Record<string, unknown>>;
}
export interface AvroPrimitive extends AvroBase {
  readonly kind: 'primitive';
  readonly name: AvroPrimitiveName;
}
export interface AvroRecordField {
  readonly name: string;
  readonly type: AvroNode;
}
export interface AvroRecord extends AvroBase {
  readonly kind: 'record';
  readonly fullName: string;
  readonly fields: readonly AvroRecordField[];
}
export interface AvroEnum extends AvroBase {
  readonly kind: 'enum';
  readonly fullName: string;
  readonly symbols: readonly string[];
}
export interface AvroFixed extends AvroBase {
  readonly kind: 'fixed';
  readonly fullName: string;
  readonly size: number;
}
export interface AvroArray extends AvroBase {
  readonly kind: 'array';
  readonly items: AvroNode;
}
export interface AvroMap extends AvroBase {
  readonly kind: 'map';
  readonly values: AvroNode;
}
export interface AvroUnion extends AvroBase {
  readonly kind: 'union';
  readonly branches: readonly AvroNode[];
}
export type AvroNode = AvroPrimitive | AvroRecord | AvroEnum | AvroFixed | AvroArray | AvroMap | AvroUnion;

const PRIMITIVES = new Set(['null', 'boolean', 'int', 'long', 'float', 'double', 'bytes', 'string']);

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const logicalTypeOf = (node: AvroNode): string | undefined => {
  const l = node.props['logicalType'];
  return typeof l === 'string' ? l : undefined;
};

/** Parses an Avro schema (JSON text or value) into a resolved tree. */
export function parseAvroSchema(schema: string | unknown): AvroNode {
  // a string is JSON text, or a bare type name such as `string`
  const json: unknown = typeof schema === 'string' && /^\s*[[{"]/.test(schema) ? JSON.parse(schema) : schema;
  const named = new Map<string, AvroNode>();
  const inProgress = new Set<string>();

  const fullNameOf = (obj: Record<string, unknown>, ns: string | undefined): string => {
    const name = String(obj['name']);
    if (name.includes('.')) return name;
    const namespace = typeof obj['namespace'] === 'string' ? obj['namespace'] : ns;
    return namespace ? `${namespace}.${name}` : name;
  };
  const namespaceOf = (fullName: string): string | undefined =>
    fullName.includes('.') ? fullName.slice(0, fullName.lastIndexOf('.')) : undefined;

  const walk = (s: unknown, ns: string | undefined): AvroNode => {
    if (typeof s === 'string') {
      if (PRIMITIVES.has(s)) return { kind: 'primitive', name: s as AvroPrimitiveName, props: {} };
      const full = s.includes('.') || !ns ? s : `${ns}.${s}`;
      if (inProgress.has(full) || inProgress.has(s)) {
        throw new FormatOptionError(`Recursive Avro type '${s}' cannot be mapped to a Flink type`);
      }
      const found = named.get(full) ?? named.get(s);
      if (!found) throw new FormatOptionError(`Unknown Avro type name '${s}'`);
      return found;
    }
    if (Array.isArray(s)) return { kind: 'union', branches: s.map((b) => walk(b, ns)), props: {} };
    if (!isObject(s)) throw new FormatOptionError(`Invalid Avro schema node: ${JSON.stringify(s)}`);
    const type = s['type'];
    if (typeof type !== 'string' && !Array.isArray(type) && !isObject(type)) {
      throw new FormatOptionError(`Avro schema node without a type: ${JSON.stringify(s)}`);
    }
    if (typeof type !== 'string') return walk(type, ns);
    switch (type) {
      case 'record':
      case 'error': {
        const fullName = fullNameOf(s, ns);
        inProgress.add(fullName);
        const fields = (Array.isArray(s['fields']) ? s['fields'] : []).map((f: unknown) => {
          if (!isObject(f)) throw new FormatOptionError(`Invalid Avro record field in '${fullName}'`);
          return { name: String(f['name']), type: walk(f['type'], namespaceOf(fullName)) };
        });
        inProgress.delete(fullName);
        const node: AvroRecord = { kind: 'record', fullName, fields, props: s };
        named.set(fullName, node);
        return node;
      }
      case 'enum': {
        const fullName = fullNameOf(s, ns);
        const node: AvroEnum = {
          kind: 'enum',
          fullName,
          symbols: (s['symbols'] as unknown[] | undefined)?.map(String) ?? [],
          props: s,
        };
        named.set(fullName, node);
        return node;
      }
      case 'fixed': {
        const fullName = fullNameOf(s, ns);
        const node: AvroFixed = { kind: 'fixed', fullName, size: Number(s['size']), props: s };
        named.set(fullName, node);
        return node;
      }
      case 'array':
        return { kind: 'array', items: walk(s['items'], ns), props: s };
      case 'map':
        return { kind: 'map', values: walk(s['values'], ns), props: s };
      default:
        if (PRIMITIVES.has(type)) return { kind: 'primitive', name: type as AvroPrimitiveName, props: s };
        return walk(type, ns);
    }
  };
  return walk(json, undefined);
}

/** The non-null branch of a `[null, T]` union, or undefined when the node is not such a union. */
export function nullableBranch(node: AvroNode): AvroNode | undefined {
  if (node.kind !== 'union' || node.branches.length !== 2) return undefined;
  const [a, b] = node.branches as [AvroNode, AvroNode];
  const isNull = (n: AvroNode): boolean => n.kind === 'primitive' && n.name === 'null';
  if (isNull(a) && !isNull(b)) return b;
  if (isNull(b) && !isNull(a)) return a;
  return undefined;
}
