/**
 * A JSON parser that keeps every number's source text (JSON.parse rounds 12345678901234567890 and
 * 0.10000000000000001 to doubles). Used when the row type holds DECIMAL, or when a fast JSON.parse
 * result cannot be converted exactly. Errors carry the character offset.
 */
import { FormatError } from '../format.ts';

/** A JSON number as written in the document. */
export class JsonNumber {
  constructor(readonly text: string) {}
}

export type LosslessJson =
  | null
  | boolean
  | string
  | JsonNumber
  | LosslessJson[]
  | { [key: string]: LosslessJson };

const NUMBER_RE = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;

export function parseLosslessJson(text: string): LosslessJson {
  let pos = 0;
  const fail = (what: string): never => {
    throw new FormatError(
      pos >= text.length
        ? `Unexpected end of JSON input, expected ${what}`
        : `Unexpected character '${text[pos]}' in JSON, expected ${what}`,
      pos,
    );
  };
  const skipWs = (): void => {
    for (;;) {
      const c = text.charCodeAt(pos);
      if (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) pos++;
      else return;
    }
  };
  const parseString = (): string => {
    // text[pos] is the opening quote
    const start = ++pos;
    const end = text.indexOf('"', start);
    const chunk = end < 0 ? '' : text.slice(start, end);
    if (end >= 0 && !chunk.includes('\\') && !/[\u0000-\u001f]/.test(chunk)) {
      pos = end + 1;
      return chunk;
    }
    // slow path with escapes: find the real closing quote, then let JSON.parse unescape it
    let i = start;
    for (;;) {
      const c = text[i];
      if (c === undefined) {
        pos = i;
        return fail('a closing quote');
      }
      if (c === '\\') i += 2;
      else if (c === '"') break;
      else i++;
    }
    try {
      const value = JSON.parse(text.slice(start - 1, i + 1)) as string;
      pos = i + 1;
      return value;
    } catch {
      pos = start;
      return fail('a valid string escape');
    }
  };
  const parseValue = (): LosslessJson => {
    skipWs();
    const c = text[pos];
    if (c === '{') {
      pos++;
      const obj: { [key: string]: LosslessJson } = {};
      skipWs();
      if (text[pos] === '}') {
        pos++;
        return obj;
      }
      for (;;) {
        skipWs();
        if (text[pos] !== '"') fail('a property name');
        const key = parseString();
        skipWs();
        if (text[pos] !== ':') fail("':'");
        pos++;
        obj[key] = parseValue();
        skipWs();
        if (text[pos] === ',') pos++;
        else if (text[pos] === '}') {
          pos++;
          return obj;
        } else fail("',' or '}'");
      }
    }
    if (c === '[') {
      pos++;
      const arr: LosslessJson[] = [];
      skipWs();
      if (text[pos] === ']') {
        pos++;
        return arr;
      }
      for (;;) {
        arr.push(parseValue());
        skipWs();
        if (text[pos] === ',') pos++;
        else if (text[pos] === ']') {
          pos++;
          return arr;
        } else fail("',' or ']'");
      }
    }
    if (c === '"') return parseString();
    if (text.startsWith('true', pos)) {
      pos += 4;
      return true;
    }
    if (text.startsWith('false', pos)) {
      pos += 5;
      return false;
    }
    if (text.startsWith('null', pos)) {
      pos += 4;
      return null;
    }
    NUMBER_RE.lastIndex = pos;
    const m = NUMBER_RE.exec(text);
    if (m) {
      pos += m[0].length;
      return new JsonNumber(m[0]);
    }
    return fail('a JSON value');
  };
  const value = parseValue();
  skipWs();
  if (pos < text.length) fail('the end of the document');
  return value;
}

/** JSON text of a parsed document (numbers as written); used for STRING columns holding JSON. */
export function stringifyJson(node: unknown): string {
  if (node instanceof JsonNumber) return node.text;
  if (Array.isArray(node)) return `[${node.map(stringifyJson).join(',')}]`;
  if (node !== null && typeof node === 'object') {
    const parts: string[] = [];
    for (const [k, v] of Object.entries(node)) parts.push(`${JSON.stringify(k)}:${stringifyJson(v)}`);
    return `{${parts.join(',')}}`;
  }
  return JSON.stringify(node);
}
