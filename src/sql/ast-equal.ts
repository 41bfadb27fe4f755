/**
 * Structural comparison of syntax trees as the formatter's round-trip contract defines it: source
 * spans and identifiers' `quoted` flags are ignored, and an absent optional field equals one that is
 * present with the value `undefined`.
 */

const IGNORED_KEYS: ReadonlySet<string> = new Set(['span', 'quoted']);

/** A deep copy of `node` without spans, `quoted` flags or `undefined`-valued fields. */
export function normalizeAst(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(normalizeAst);
  if (node === null || typeof node !== 'object') return node;
  const result: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (IGNORED_KEYS.has(key) || value === undefined) continue;
    result[key] = normalizeAst(value);
  }
  return result;
}

/** Whether two trees are equal, spans and `quoted` flags aside. */
export function astEqual(a: unknown, b: unknown): boolean {
  return astDifference(a, b) === undefined;
}

/**
 * Where two trees first differ, as a path and the two values (`body.items[0].expr.op: '+' vs '-'`),
 * or undefined when they are equal (spans and `quoted` flags aside).
 */
export function astDifference(a: unknown, b: unknown): string | undefined {
  return differenceAt(normalizeAst(a), normalizeAst(b), '');
}

function differenceAt(a: unknown, b: unknown, path: string): string | undefined {
  if (Object.is(a, b)) return undefined;
  const here = path === '' ? '(root)' : path;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return `${here}: ${a.length} elements vs ${b.length}`;
    for (let i = 0; i < a.length; i++) {
      const found = differenceAt(a[i], b[i], `${path}[${i}]`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  if (isRecord(a) && isRecord(b) && !Array.isArray(a) && !Array.isArray(b)) {
    const keys = new Set([...Object.keys(a), ...Object.keys(b)]);
    for (const key of keys) {
      const found = differenceAt(a[key], b[key], path === '' ? key : `${path}.${key}`);
      if (found !== undefined) return found;
    }
    return undefined;
  }
  return `${here}: ${describe(a)} vs ${describe(b)}`;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object';
}

function describe(value: unknown): string {
  if (value === undefined) return 'absent';
  const text = JSON.stringify(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
