/**
 * Tagged serialisation of engine values for snapshots and (later) the LevelDB backend.
 *
 * Plain JSON loses bigint, Uint8Array, Map, -0, NaN and ±Infinity; every value here round-trips
 * exactly. The encoded form is itself plain JSON data (safe for `JSON.stringify`): scalars that JSON
 * keeps (strings, booleans, null, finite numbers other than -0) stay as they are; everything else becomes
 * a one-element-keyed object `{ "$tag": payload }`.
 */

export type Encoded = null | boolean | number | string | Encoded[] | { readonly [tag: string]: Encoded };

export function encodeValue(value: unknown): Encoded {
  if (value === null || value === undefined) return null;
  switch (typeof value) {
    case 'boolean':
    case 'string':
      return value;
    case 'number':
      if (Number.isFinite(value) && !Object.is(value, -0)) return value;
      return { $num: String(value === 0 ? '-0' : value) };
    case 'bigint':
      return { $big: value.toString() };
    case 'object':
      break;
    default:
      throw new TypeError(`Cannot serialise a ${typeof value} into state; store plain engine values only`);
  }
  if (Array.isArray(value)) return { $arr: value.map(encodeValue) };
  if (value instanceof Uint8Array) return { $bin: Buffer.from(value).toString('base64') };
  if (value instanceof Map) {
    const entries: Encoded[] = [];
    for (const [k, v] of value) entries.push([encodeValue(k), encodeValue(v)]);
    return { $map: entries };
  }
  if (value instanceof Set) return { $set: [...value].map(encodeValue) };
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    throw new TypeError('Cannot serialise a class instance into state; use plain objects, arrays and Maps');
  }
  const fields: Record<string, Encoded> = {};
  for (const [k, v] of Object.entries(value)) fields[k] = encodeValue(v);
  return { $obj: fields, ...(Object.isFrozen(value) ? { $frozen: true } : {}) };
}

export function decodeValue(encoded: Encoded): unknown {
  if (encoded === null || typeof encoded !== 'object') return encoded;
  if (Array.isArray(encoded)) throw new TypeError('Malformed state snapshot: bare array without a tag');
  const tagged = encoded as Record<string, Encoded>;
  if ('$num' in tagged) return Number(tagged.$num);
  if ('$big' in tagged) return BigInt(tagged.$big as string);
  if ('$arr' in tagged) return (tagged.$arr as Encoded[]).map(decodeValue);
  if ('$bin' in tagged) return new Uint8Array(Buffer.from(tagged.$bin as string, 'base64'));
  if ('$map' in tagged) {
    const map = new Map<unknown, unknown>();
    for (const entry of tagged.$map as Encoded[][])
      map.set(decodeValue(entry[0] ?? null), decodeValue(entry[1] ?? null));
    return map;
  }
  if ('$set' in tagged) return new Set((tagged.$set as Encoded[]).map(decodeValue));
  if ('$obj' in tagged) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(tagged.$obj as Record<string, Encoded>)) out[k] = decodeValue(v);
    return tagged.$frozen === true ? Object.freeze(out) : out;
  }
  throw new TypeError(`Malformed state snapshot: unknown tag in ${JSON.stringify(Object.keys(tagged))}`);
}
