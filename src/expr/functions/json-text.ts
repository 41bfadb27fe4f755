/**
 * A JSON reader that keeps each number's text (Jackson reads `1.0` as a double and prints `1.0`,
 * `1` as an int), JSON paths in Flink's (Calcite/Jayway) lax and strict modes, and compact
 * serialization as Jackson writes it.
 */
import { ExpressionError } from '../errors.ts';
import { javaDoubleToString } from '../values/java-numbers.ts';

export class JsonNumber {
  /** `verbatim` numbers (DECIMAL / integer SQL values) print exactly as given, like BigDecimal. */
  constructor(
    readonly text: string,
    readonly verbatim = false,
  ) {}
}
export type JsonValue = null | boolean | string | JsonNumber | JsonValue[] | Map<string, JsonValue>;

const jsonError = (message: string): ExpressionError => new ExpressionError(message, 'JSON_ERROR');

export function parseJson(text: string): JsonValue {
  let i = 0;
  const ws = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const value = (): JsonValue => {
    ws();
    const c = text[i];
    if (c === '{') {
      i++;
      const m = new Map<string, JsonValue>();
      ws();
      if (text[i] === '}') {
        i++;
        return m;
      }
      for (;;) {
        ws();
        if (text[i] !== '"') throw jsonError(`Invalid JSON at offset ${i}: expected a key`);
        const k = str();
        ws();
        if (text[i++] !== ':') throw jsonError(`Invalid JSON at offset ${i - 1}: expected ':'`);
        m.set(k, value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === '}') {
          i++;
          return m;
        } else throw jsonError(`Invalid JSON at offset ${i}: expected ',' or '}'`);
      }
    }
    if (c === '[') {
      i++;
      const a: JsonValue[] = [];
      ws();
      if (text[i] === ']') {
        i++;
        return a;
      }
      for (;;) {
        a.push(value());
        ws();
        if (text[i] === ',') i++;
        else if (text[i] === ']') {
          i++;
          return a;
        } else throw jsonError(`Invalid JSON at offset ${i}: expected ',' or ']'`);
      }
    }
    if (c === '"') return str();
    const lit = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i));
    if (!lit) throw jsonError(`Invalid JSON at offset ${i}`);
    i += lit[0].length;
    if (lit[0] === 'true') return true;
    if (lit[0] === 'false') return false;
    if (lit[0] === 'null') return null;
    return new JsonNumber(lit[0]);
  };
  const str = (): string => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
    if (i >= text.length) throw jsonError('Invalid JSON: unterminated string');
    i++;
    return JSON.parse(text.slice(start, i)) as string;
  };
  const v = value();
  ws();
  if (i !== text.length) throw jsonError(`Invalid JSON at offset ${i}: unexpected trailing text`);
  return v;
}

/** Jackson's text of a number: integers as written, others through Double.toString. */
export function numberText(n: JsonNumber): string {
  if (n.verbatim) return n.text;
  return /^-?\d+$/.test(n.text) ? n.text.replace(/^(-?)0+(?=\d)/, '$1') : javaDoubleToString(Number(n.text));
}

export function serializeJson(v: JsonValue): string {
  if (v === null) return 'null';
  if (typeof v === 'boolean') return String(v);
  if (typeof v === 'string') return JSON.stringify(v);
  if (v instanceof JsonNumber) return numberText(v);
  if (Array.isArray(v)) return `[${v.map(serializeJson).join(',')}]`;
  return `{${[...v].map(([k, x]) => `${JSON.stringify(k)}:${serializeJson(x)}`).join(',')}}`;
}

type Step = { key: string } | { index: number } | { wildcard: true };
export interface JsonPath {
  readonly strict: boolean;
  readonly steps: readonly Step[];
}

const pathCache = new Map<string, JsonPath>();

export function parseJsonPath(text: string): JsonPath {
  const hit = pathCache.get(text);
  if (hit) return hit;
  const m = /^\s*(?:(lax|strict)\s+)?\$(.*)$/s.exec(text);
  if (!m)
    throw jsonError(`Invalid JSON path '${text}': it must start with '$' (optionally 'lax' or 'strict')`);
  const rest = m[2]!.trim();
  const steps: Step[] = [];
  const re = /\.\s*(?:([A-Za-z_$][\w$]*)|"([^"]*)"|(\*))|\[\s*(?:(\d+)|'([^']*)'|"([^"]*)"|(\*))\s*\]/y;
  let pos = 0;
  while (pos < rest.length) {
    re.lastIndex = pos;
    const s = re.exec(rest);
    if (!s) throw jsonError(`Invalid JSON path '${text}' at '${rest.slice(pos)}'`);
    pos = re.lastIndex;
    if (s[3] || s[7]) steps.push({ wildcard: true });
    else if (s[4] !== undefined) steps.push({ index: Number(s[4]) });
    else steps.push({ key: s[1] ?? s[2] ?? s[5] ?? s[6] ?? '' });
  }
  const path = { strict: m[1] === 'strict', steps };
  pathCache.set(text, path);
  return path;
}

/** All matches of a path; strict mode throws where lax mode yields nothing. */
export function evaluatePath(root: JsonValue, path: JsonPath): JsonValue[] {
  let current: JsonValue[] = [root];
  for (const step of path.steps) {
    const next: JsonValue[] = [];
    for (const v of current) {
      if ('wildcard' in step) {
        if (Array.isArray(v)) next.push(...v);
        else if (v instanceof Map) next.push(...v.values());
        else if (path.strict) throw jsonError('Strict JSON path: wildcard on a scalar');
      } else if ('index' in step) {
        if (Array.isArray(v) && step.index < v.length) next.push(v[step.index]!);
        else if (path.strict) throw jsonError(`Strict JSON path: no array element ${step.index}`);
      } else if (v instanceof Map && v.has(step.key)) {
        next.push(v.get(step.key)!);
      } else if (path.strict) {
        throw jsonError(`Strict JSON path: no field '${step.key}'`);
      }
    }
    current = next;
  }
  return current;
}

export const isScalarJson = (v: JsonValue): boolean => !(Array.isArray(v) || v instanceof Map);
